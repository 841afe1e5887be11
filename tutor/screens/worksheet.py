"""Provides WorksheetScreen: the prompt, the blanks, the entry and feedback lines, the kind visual.

Typing goes straight into the focused blank, as in a spreadsheet; Enter checks it and moves on
to the next suggested blank; arrows and Tab move freely. Checks that may be slow (expression
answers) run in a thread and come back as a message, and so does the simplified form of an
expression key, found the first time the key is shown.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.console import RenderableType
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static
from textual.worker import get_current_worker

from engine.checking import Verdict
from tutor.progress_health import SaveHealth
from tutor.render import prompt_renderable
from tutor.screens.confirm import ConfirmDialog
from tutor.screens.messages import HomeRequested, NewNumbersRequested, OwnGraphRequested
from tutor.screens.sheet_screen import SheetScreen
from tutor.session.change import Change, PendingCheck
from tutor.session.worksheet_session import WorksheetSession
from tutor.widgets.blanks_table import BlanksTable
from tutor.widgets.convolution_grid import ConvolutionGrid
from tutor.widgets.entry_line import EntryLine
from tutor.widgets.feedback_line import FeedbackLine
from tutor.widgets.graph_panel import GraphPanel
from tutor.widgets.key_footer import KeyFooter


class WorksheetScreen(SheetScreen):
    """One exercise instance: blanks on the left, the graph or kind visual on the right."""

    CSS_PATH = "worksheet.tcss"
    AUTO_FOCUS = "#entry"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Home", id="worksheet.home"),
        Binding("f2,ctrl+t", "hint", "Hint", id="worksheet.hint"),
        Binding("f3,ctrl+o", "solution", "Solution", id="worksheet.solution"),
        Binding(
            "f4,ctrl+n",
            "new_numbers",
            "New",
            id="worksheet.new_numbers",
            tooltip="New numbers: a fresh random instance",
        ),
        Binding("f5,ctrl+g", "toggle_panel", "Panel", id="worksheet.panel"),
        Binding(
            "f6,ctrl+r",
            "toggle_trace",
            "Trace",
            id="worksheet.trace",
            tooltip="Switch between the graph as a tree and the trace table",
        ),
        Binding(
            "f8",
            "reset",
            "Reset",
            id="worksheet.reset",
            tooltip="Clear this sheet for a fresh try (the best result is kept)",
            show=False,
        ),
        Binding(
            "f7",
            "own_graph",
            "Own graph",
            id="worksheet.own_graph",
            tooltip="Write the computation graph yourself, with your own node names",
            show=False,
        ),
        Binding("up", "move(-1)", "Previous blank", id="worksheet.up", show=False),
        Binding("down", "move(1)", "Next blank", id="worksheet.down", show=False),
        Binding(
            "shift+tab",
            "move(-1)",
            "Previous blank",
            id="worksheet.back_tab",
            show=False,
            priority=True,
        ),
        Binding("tab", "move(1)", "Next blank", id="worksheet.tab", show=False, priority=True),
        Binding("pageup", "move(-10)", "Up 10 blanks", id="worksheet.page_up", show=False),
        Binding("pagedown", "move(10)", "Down 10 blanks", id="worksheet.page_down", show=False),
        Binding(
            "shift+up",
            "scroll_feedback(-3)",
            "Scroll hints up",
            id="worksheet.hints_up",
            show=False,
        ),
        Binding(
            "shift+down",
            "scroll_feedback(3)",
            "Scroll hints down",
            id="worksheet.hints_down",
            show=False,
        ),
        Binding(
            "ctrl+up", "scroll_prompt(-1)", "Scroll prompt up", id="worksheet.prompt_up", show=False
        ),
        Binding(
            "ctrl+down",
            "scroll_prompt(1)",
            "Scroll prompt down",
            id="worksheet.prompt_down",
            show=False,
        ),
        Binding(
            "question_mark", "app.help", "Help", id="worksheet.help", show=False, priority=True
        ),
    ]

    panel_toggled: reactive[bool] = reactive(False)
    """The panel key was pressed: wide terminals hide the side panel, narrow ones show it
    in place of the blanks (the entry and feedback lines stay)."""

    class Checked(Message):
        """A check run in a thread has finished."""

        def __init__(self, blank_id: str, text: str, verdict: Verdict) -> None:
            super().__init__()
            self.blank_id = blank_id
            self.text = text
            self.verdict = verdict

    def __init__(self, session: WorksheetSession, *, randomized: bool = False) -> None:
        super().__init__(session)
        self.randomized = randomized
        self._was_narrow: bool | None = None
        self.app_saving: SaveHealth | None = None
        """The store's SaveHealth, set by the app; shown on the sheet while saving fails."""

    def compose(self) -> ComposeResult:
        sheet = self.worksheet
        yield Static(
            f"{self.words(sheet.title)}  ·  {sheet.ref}"
            + (f"  ·  seed {sheet.seed}" if self.randomized else ""),
            id="sheet-title",
            markup=False,
        )
        yield Static("", id="save-status", markup=False)
        with Horizontal(id="sheet-body"):
            with Vertical(id="sheet"):
                with VerticalScroll(id="prompt-box"):
                    yield Static(self._prompt(), id="prompt")
                yield BlanksTable(id="blanks")
            if self._visual is not None:
                with VerticalScroll(id="side"):
                    yield self._visual
        yield EntryLine(self._entry_submitted, id="entry-line")
        with VerticalScroll(id="feedback-box"):
            yield FeedbackLine(id="feedback")
        yield KeyFooter()

    def _prompt(self) -> RenderableType:
        """The prompt as one Rich renderable: cheaper than a widget per Markdown block."""
        return prompt_renderable(self.words(self.worksheet.prompt), self.app.current_theme.dark)

    def on_mount(self) -> None:
        self.set_class(self._visual is not None, "-has-visual")
        self.set_class(isinstance(self._visual, ConvolutionGrid), "-grid")
        self.query_one("#prompt-box").can_focus = False
        if self._visual is not None:
            self.query_one("#side").can_focus = False
        self.show_all()
        self.show_saving(self.app_saving)

    def show_saving(self, health: SaveHealth | None) -> None:
        """Say on the sheet, in words, that progress is not being saved, or saved again."""
        self.app_saving = health
        if not self.is_mounted or health is None:
            return
        status = self.query_one("#save-status", Static)
        message = health.message or ""
        status.update(("✓ " if health.ok else "⚠ ") + message)
        status.set_class(bool(message), "-shown")
        status.set_class(not health.ok, "-failing")
        if health.ok and message:
            self.set_timer(6, lambda: status.set_class(False, "-shown"))

    # -- checking --------------------------------------------------------------------------

    def _entry_submitted(self, text: str) -> None:
        outcome = self.session.enter(text)
        if isinstance(outcome, PendingCheck):
            self._show_row(outcome.blank_id)
            self._show_feedback()
            self.run_worker(lambda: self._check_in_thread(outcome), thread=True, exclusive=True,
                            group=f"check:{outcome.blank_id}", exit_on_error=False)  # fmt: skip
        else:
            self.show_change(outcome)

    def _check_in_thread(self, pending: PendingCheck) -> None:
        """Runs in a worker thread (one group per blank: a new entry replaces a pending one)."""
        verdict = pending.run()
        if not get_current_worker().is_cancelled:
            self.post_message(self.Checked(pending.blank_id, pending.text, verdict))

    def on_worksheet_screen_checked(self, message: Checked) -> None:
        self.show_change(self.session.checked(message.blank_id, message.text, message.verdict))

    # -- time ------------------------------------------------------------------------------

    def on_screen_suspend(self) -> None:
        self.session.spend_time()

    def on_screen_resume(self) -> None:
        self.session.restart_clock()
        self.query_one(EntryLine).input.focus()

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_trace":
            return isinstance(self._visual, GraphPanel)
        if action == "toggle_panel":
            return self._visual is not None
        if action == "new_numbers":
            return self.randomized
        if action == "own_graph":
            return isinstance(self._visual, GraphPanel) and not self.worksheet.has_blank("graph")
        return True

    def show_change(self, change: Change, *, refocus: bool = False) -> None:
        if change.reloaded:  # the sheet moved onto the student's own graph: a fresh screen
            screen = WorksheetScreen(self.session, randomized=self.randomized)
            screen.show_saving(self.app_saving)
            self.app.switch_screen(screen)
            return
        super().show_change(change, refocus=refocus)

    def action_own_graph(self) -> None:
        self.session.spend_time()
        self.post_message(OwnGraphRequested(self.worksheet.ref, self.worksheet.seed))

    def action_move(self, delta: int) -> None:
        self.session.move(delta)
        self.show_focus()

    @on(BlanksTable.BlankClicked)
    def _blank_clicked(self, event: BlanksTable.BlankClicked) -> None:
        self.select(event.blank_id)
        self.query_one(EntryLine).input.focus()

    def action_scroll_prompt(self, direction: int) -> None:
        box = self.query_one("#side" if self._narrow_panel() else "#prompt-box", VerticalScroll)
        box.scroll_relative(y=direction * 3, animate=False)

    def action_scroll_feedback(self, lines: int) -> None:
        self.query_one("#feedback-box", VerticalScroll).scroll_relative(y=lines, animate=False)

    def _narrow_panel(self) -> bool:
        return self.has_class("-narrow") and self.panel_toggled and self._visual is not None

    def action_hint(self) -> None:
        step = self.session.hint()
        if step != "ask-reveal":
            self._show_feedback()
            return
        blank_id = self.session.focus
        label = self.worksheet.blank(blank_id).label
        question = (
            f"Show the answer to {label}?\n\nThe blank will be filled in and marked as revealed."
        )
        self.app.push_screen(
            ConfirmDialog(question, "Show the answer"), partial(self._reveal_confirmed, blank_id)
        )

    def _reveal_confirmed(self, blank_id: str, yes: bool | None) -> None:
        if yes:
            from tutor.session.solution import reveal

            self.show_change(reveal(self.session, blank_id), refocus=True)

    def action_solution(self) -> None:
        question = (
            "Show the worked solution, step by step?\n\nEach step shows how one answer comes "
            "about (n or Enter: the next step, a: all of them); a blank not yet correct counts "
            "as revealed once its step is shown."
        )
        self.app.push_screen(ConfirmDialog(question, "Show the solution"), self._solution_confirmed)

    def _solution_confirmed(self, yes: bool | None) -> None:
        if not yes:
            return
        from tutor.screens.solution import SolutionScreen

        keys = dict(self.session.keys.simplified)
        self._solution = SolutionScreen(self.session, self._solution_step_shown, keys)
        self.app.push_screen(self._solution, self._solution_closed)

    def _solution_step_shown(self, change: Change) -> None:
        self.show_change(change, refocus=True)
        self._want_keys(self.session.steps)

    def _solution_closed(self, _: None) -> None:
        self._solution = None

    def action_reset(self) -> None:
        if not any(self.session.status(b.id) for b in self.worksheet.blanks):
            self.notify("Nothing to reset: the sheet is empty.", timeout=3)
            return
        question = (
            "Reset this sheet?\n\nEvery entry, hint and revealed answer on these numbers is "
            "cleared for a fresh try; the best result you reached is kept."
        )
        self.app.push_screen(ConfirmDialog(question, "Reset"), self._reset_confirmed)

    def _reset_confirmed(self, yes: bool | None) -> None:
        if yes:
            self.show_change(self.session.reset(), refocus=True)

    def action_new_numbers(self) -> None:
        if not self.randomized:
            self.notify("This exercise has fixed numbers.", timeout=3)
            return
        if not any(text.strip() for text in self.session.entries.values()):
            self._new_numbers_confirmed(True)
            return
        question = (
            "Draw new numbers?\n\nThe sheet starts again on a fresh instance; your entries "
            "on these numbers are kept with them, not carried over."
        )
        self.app.push_screen(ConfirmDialog(question, "New numbers"), self._new_numbers_confirmed)

    def _new_numbers_confirmed(self, yes: bool | None) -> None:
        if not yes:
            return
        self.session.spend_time()
        self.post_message(NewNumbersRequested(self.worksheet.ref, self.worksheet.seed))

    def action_toggle_panel(self) -> None:
        self.panel_toggled = not self.panel_toggled

    def watch_panel_toggled(self, toggled: bool) -> None:
        self.set_class(toggled, "-panel-toggled")

    def on_resize(self) -> None:
        narrow = self.has_class("-narrow")
        if self._was_narrow is not None and narrow != self._was_narrow:
            self.panel_toggled = False
        self._was_narrow = narrow

    def action_toggle_trace(self) -> None:
        if isinstance(self._visual, GraphPanel):
            self._visual.toggle_mode()

    def action_leave(self) -> None:
        self.session.spend_time()
        self.post_message(HomeRequested())
