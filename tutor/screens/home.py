"""Provides HomeScreen: packs with their progress, exercises with a status glyph, a filter."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tutor.ascii_screen import ascii_text
from tutor.screens.messages import ExerciseRequested, ProgressRequested, SkillPractiseRequested
from tutor.session.marks import EXERCISE_STATUSES, glyph, legend, mark, symbol
from tutor.widgets.key_footer import KeyFooter

LEGEND = legend(EXERCISE_STATUSES)
BAR_WIDTH = 8


class PackRow(NamedTuple):
    """One pack as home lists it."""

    id: str
    title: str
    description: str
    done: int
    total: int
    mastery: float | None = None
    """The mean mastery of the pack's skills, once the learner's report is known."""


class ExerciseRow(NamedTuple):
    """One exercise as home lists it, with the store's status for it."""

    ref: str
    pack_id: str
    title: str
    kind: str
    tags: tuple[str, ...]
    status: str


class HomeModel(NamedTuple):
    """Everything home shows; the app builds it from the catalogue and the store."""

    packs: tuple[PackRow, ...] = ()
    exercises: tuple[ExerciseRow, ...] = ()
    last_opened: tuple[str, int] | None = None
    last_title: str | None = None
    loaded: bool = False
    next_line: str = ""
    """What to practise next and the reviews due (empty until the report is computed)."""


def progress_bar(done: int, total: int, *, ascii: bool = False) -> str:
    """A bar of block characters that reads without colour: `████░░░░ 4/8` (`####---- 4/8`
    in ASCII)."""
    filled = round(BAR_WIDTH * done / total) if total else 0
    full, empty = symbol("bar-done", ascii=ascii), symbol("bar-left", ascii=ascii)
    return full * filled + empty * (BAR_WIDTH - filled) + f" {done}/{total}"


def matches(row: ExerciseRow, query: str) -> bool:
    """Every word of the query appears in the title (as written, or spelled as typed: `delta`
    finds δ), ref, kind or a tag."""
    haystack = " ".join((row.title, ascii_text(row.title), row.ref, row.kind, *row.tags)).lower()
    return all(word in haystack for word in query.lower().split())


def _update_options(options: OptionList, wanted: list[Option]) -> None:
    """Show `wanted`: the same options in the same order only get their changed prompts
    replaced (going home after an exercise changes a mark or two, not the list)."""
    shown = [options.get_option_at_index(i) for i in range(options.option_count)]
    if [o.id for o in shown] != [o.id for o in wanted]:
        options.set_options(wanted)
        return
    for index, (old, new) in enumerate(zip(shown, wanted, strict=True)):
        if _look(old.prompt) != _look(new.prompt):
            options.replace_option_prompt_at_index(index, new.prompt)


def _look(prompt: object) -> tuple[str, object]:
    """A prompt's text and styles (Content compares by text alone)."""
    return str(prompt), getattr(prompt, "spans", None)


#: The widgets `watch_model` fills or places lines by: all of them must be there (the
#: `#continue` and `#next` lines are mounted by it, when they first have words).
_PARTS = ("#home-title", "#packs", "#home-body", "#exercises")


class HomeScreen(Screen[None]):
    """Packs on the left, the selected pack's exercises on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "continue", "Continue", id="home.continue"),
        Binding("n", "practise_next", "Practise next", id="home.practise_next"),
        Binding("p", "progress", "Progress", id="home.progress"),
        Binding("slash", "filter", "Filter", id="home.filter"),
        Binding("escape", "clear_filter", "Clear filter", id="home.clear_filter", show=False),
        Binding("left", "focus_packs", "Packs", id="home.packs", show=False),
        Binding("right", "focus_exercises", "Exercises", id="home.exercises", show=False),
        Binding("question_mark", "app.help", "Help", id="home.help", show=False),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    model: reactive[HomeModel] = reactive(HomeModel, always_update=True, init=False)
    """What to show; the app sets the first before home is mounted (so the first frame
    lists the packs) and assigns a new one whenever progress may have changed."""

    def compose(self) -> ComposeResult:
        yield Static("dl-tutor · hand computations of deep learning", id="home-title")
        for line_id in ("continue", "next"):  # the lines with something to say (watch_model)
            if self._line_text(self.model, line_id):
                yield Static("", id=line_id)
        with Horizontal(id="home-body"):
            with Vertical(id="packs-column"):
                yield Static("Packs", classes="column-title")
                yield OptionList(Option("Loading packs…", disabled=True), id="packs")
            with Vertical(id="exercises-column"):
                yield Static("/ filter by title, tag or kind", id="filter-hint")
                yield OptionList(id="exercises")
        yield Static(legend(EXERCISE_STATUSES, ascii=self._ascii), id="legend")
        yield KeyFooter()

    @property
    def _ascii(self) -> bool:
        return bool(getattr(self.app, "ascii", False))

    def _text(self, title: str) -> str:
        """A title as drawn: in ASCII mode with its signs spelled out (δ as delta)."""
        return ascii_text(title) if self._ascii else title

    def on_mount(self) -> None:
        self.query_one("#exercises", OptionList).focus()
        self.watch_model(self.model)

    def _filter_text(self) -> str:
        """The filter, or "" before the filter input exists (it is mounted on first use)."""
        found = self.query("#filter")
        return found.first(Input).value.strip() if found else ""

    def watch_model(self, model: HomeModel) -> None:
        if not all(self.query(part) for part in _PARTS):  # not composed yet, or taken down
            return  # as the app exits (a catalogue loaded late meets a half-removed screen)
        packs = self.query_one("#packs", OptionList)
        highlighted = packs.highlighted_option
        selected = highlighted.id if highlighted else None
        _update_options(
            packs,
            [
                Option(
                    Content.assemble(
                        (self._text(pack.title), "bold"),
                        "\n",
                        (progress_bar(pack.done, pack.total, ascii=self._ascii), "$accent"),
                        (
                            "" if pack.mastery is None else f"\nmastery {pack.mastery:.0%}",
                            "$text-muted",
                        ),
                    ),
                    id=pack.id,
                )
                for pack in model.packs
            ],
        )
        if not model.packs:
            message = "No packs found." if model.loaded else "Loading packs…"
            packs.add_option(Option(message, disabled=True))
        ids = [pack.id for pack in model.packs]
        if ids:
            packs.highlighted = ids.index(selected) if selected in ids else 0
        for line_id in ("continue", "next"):
            self._show_line(model, line_id)
        self._show_exercises()

    @staticmethod
    def _line_text(model: HomeModel, line_id: str) -> str:
        """What the `#continue` or `#next` line says ("": it is hidden)."""
        if line_id == "continue":
            title = model.last_title
            return f"Continue where you left off (c): {title}" if title else ""
        return model.next_line

    def _show_line(self, model: HomeModel, line_id: str) -> None:
        """Show or hide a line above the lists; it is mounted the first time it has words
        (home's first frame mounts only what it shows)."""
        text = self._line_text(model, line_id)
        found = self.query(f"#{line_id}")
        if not found:
            if not text:
                return
            line = Static("", id=line_id)
            if line_id == "continue":  # under the title, above `#next`
                self.mount(line, after=self.query_one("#home-title"))
            else:
                self.mount(line, before=self.query_one("#home-body"))
        else:
            line = found.first(Static)
        line.set_class(not text, "-empty")
        if text:
            line.update(text)

    def _show_exercises(self) -> None:
        exercises = self.query_one("#exercises", OptionList)
        query = self._filter_text()
        pack = self.query_one("#packs", OptionList).highlighted_option
        if query:
            rows = [row for row in self.model.exercises if matches(row, query)]
        else:
            pack_id = pack.id if pack else None
            rows = [row for row in self.model.exercises if row.pack_id == pack_id]
        highlighted = exercises.highlighted_option
        previous = highlighted.id if highlighted else None
        _update_options(
            exercises,
            [
                Option(
                    Content.assemble(
                        (
                            f"{glyph(row.status, ascii=self._ascii):<2}",
                            f"bold ${mark(row.status).tone}",
                        ),
                        " ",
                        self._text(row.title),
                        (f"  {row.ref}" if query else "", "$text-muted"),
                    ),
                    id=row.ref,
                )
                for row in rows
            ],
        )
        if not rows and self.model.loaded:
            exercises.add_option(Option("No exercise matches the filter.", disabled=True))
        refs = [row.ref for row in rows]
        if refs:
            exercises.highlighted = refs.index(previous) if previous in refs else 0

    @on(OptionList.OptionHighlighted, "#packs")
    def _pack_highlighted(self) -> None:
        if not self._filter_text():
            self._show_exercises()

    @on(OptionList.OptionSelected, "#packs")
    def _pack_selected(self) -> None:
        self.query_one("#exercises", OptionList).focus()

    @on(OptionList.OptionSelected, "#exercises")
    def _exercise_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.post_message(ExerciseRequested(event.option.id))

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._show_exercises()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one("#exercises", OptionList).focus()

    def action_continue(self) -> None:
        if self.model.last_opened is not None:
            ref, seed = self.model.last_opened
            self.post_message(ExerciseRequested(ref, seed))
        else:
            self.notify("Nothing to continue yet: choose an exercise.", timeout=3)

    def action_practise_next(self) -> None:
        self.post_message(SkillPractiseRequested(None))

    def action_progress(self) -> None:
        self.post_message(ProgressRequested())

    async def action_filter(self) -> None:
        if not self.query("#filter"):
            entry = Input(placeholder="filter by title, tag or kind; Enter: to the list",
                          id="filter", select_on_focus=False)  # fmt: skip
            entry.cursor_blink = False
            hint = self.query_one("#filter-hint")
            await self.query_one("#exercises-column").mount(entry, before=hint)
            await hint.remove()
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        if self.query("#filter"):
            self.query_one("#filter", Input).value = ""
        self.query_one("#exercises", OptionList).focus()

    def action_focus_packs(self) -> None:
        self.query_one("#packs", OptionList).focus()

    def action_focus_exercises(self) -> None:
        self.query_one("#exercises", OptionList).focus()
