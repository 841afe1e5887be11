"""Provides SolutionScreen: the worked solution, the working of each blank (the rule, the student's
numbers substituted, the result), one step at a time or whole."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import RichLog, Static

from tutor.ascii_screen import ascii_renderable, ascii_text
from tutor.session import solution
from tutor.session.change import Change
from tutor.session.worksheet_session import WorksheetSession
from tutor.widgets.key_footer import KeyFooter
from tutor.working_view import working_renderable


class SolutionScreen(ModalScreen[None]):
    """The working of the sheet so far; n or Enter shows the next step, a every step, Esc
    goes back. Which steps are shown, and what they reveal, is the session's to decide."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Back", id="solution.back"),
        Binding("n,enter", "next_step", "Next step", id="solution.next_step"),
        Binding("a", "all_steps", "All steps", id="solution.all_steps"),
        Binding("up", "scroll(-1)", "Up", id="solution.up", show=False),
        Binding("down", "scroll(1)", "Down", id="solution.down", show=False),
        Binding("pageup", "scroll(-10)", "Page up", id="solution.page_up", show=False),
        Binding("pagedown", "scroll(10)", "Page down", id="solution.page_down", show=False),
    ]

    answers: reactive[Mapping[str, str]] = reactive(MappingProxyType({}), init=False)
    """Key texts shown instead of the plain keys, as the simplified forms come in."""

    def __init__(
        self,
        session: WorksheetSession,
        changed: Callable[[Change], None],
        answers: Mapping[str, str] | None = None,
    ) -> None:
        """`changed` redraws the sheet underneath after a step has revealed a blank."""
        super().__init__()
        self.session = session
        self.worksheet = session.worksheet
        self._changed = changed
        self._written = 0
        """How many of the session's steps the table shows."""
        self._width: int | None = None
        self.set_reactive(SolutionScreen.answers, MappingProxyType(dict(answers or {})))

    def compose(self) -> ComposeResult:
        with Vertical(id="solution-box"):
            title = f"Worked solution: {self.worksheet.title}"
            yield Static(self._words(title), id="solution-title", markup=False)
            yield RichLog(id="solution-table", wrap=True, min_width=1, auto_scroll=False)
            yield Static(id="solution-progress", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        if not self.session.steps:
            self._changed(solution.next_step(self.session))
        self._show_new()

    def watch_answers(self) -> None:
        """A simplified key came in: the steps shown so far are written again with it."""
        self._write_again()

    def on_resize(self, event: Resize) -> None:
        """The steps are wrapped at the width they were written at: a new width writes them
        again (once per resize, not per step)."""
        if self._width is not None and event.size.width != self._width:
            self.call_after_refresh(self._write_again)  # at the table's new width
        self._width = event.size.width

    def action_next_step(self) -> None:
        if len(self.session.steps) < len(self.worksheet.blanks):
            self._changed(solution.next_step(self.session))
            self._show_new(to_end=True)

    def action_all_steps(self) -> None:
        self._changed(solution.whole(self.session))
        self._show_new()

    def _words(self, shown: Any) -> Any:
        """In ASCII mode, the exercise's math signs spelled out (tutor.ascii_screen)."""
        if not getattr(self.app, "ascii", False):
            return shown
        return ascii_text(shown) if isinstance(shown, str) else ascii_renderable(shown)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#solution-table", RichLog).scroll_relative(y=lines, animate=False)

    def _write_again(self) -> None:
        self.query_one("#solution-table", RichLog).clear()
        self._written = 0
        self._show_new()

    def _show_new(self, *, to_end: bool = False) -> None:
        """Write the steps not written yet below the others (a step, once shown, stays as it
        is: what it reads comes from the blanks above it, which a later step leaves alone)."""
        steps = self.session.steps
        workings = solution.shown_working(self.session, self._written)
        if workings:
            above = (
                self.worksheet.blank(steps[self._written - 1]).section if self._written else None
            )
            table = self.query_one("#solution-table", RichLog)
            table.write(
                self._words(working_renderable(self.worksheet, workings, self.answers, above)),
                scroll_end=to_end,
            )
        self._written = len(steps)
        self.query_one("#solution-progress", Static).update(self._progress(len(steps)))

    def _progress(self, shown: int) -> str:
        total, left = len(self.worksheet.blanks), solution.steps_left(self.session)
        if shown >= total:
            return f"All {total} steps shown. Esc: back to the sheet."
        more = f"{left} still to reveal" if left else "the rest you have answered"
        return (
            f"{shown} of {total} steps shown ({more}). "
            "n or Enter: the next step · a: all steps · Esc: back"
        )
