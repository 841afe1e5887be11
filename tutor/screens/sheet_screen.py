"""Provides SheetScreen, the base of WorksheetScreen: the widgets kept in step with a session.

The table, the entry and feedback lines and the kind visual show a WorksheetSession; the
answer key of an expression blank is shown as the engine prints it until its simplified form,
found in a worker thread the first time the key is shown, comes back as a message.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType
from typing import TYPE_CHECKING

from textual import on, work
from textual.screen import Screen
from textual.widgets import Input

from tutor.ascii_screen import ascii_text
from tutor.screens.key_texts import KeySimplified, simplify_keys
from tutor.session.change import Change
from tutor.session.feedback import feedback_of
from tutor.session.keys import KeyList
from tutor.session.worksheet_session import WorksheetSession
from tutor.widgets.blanks_table import BlanksTable
from tutor.widgets.entry_line import EntryLine
from tutor.widgets.feedback_line import FeedbackLine
from tutor.widgets.sheet_visual import SheetVisual
from tutor.widgets.visuals import visual_for

if TYPE_CHECKING:
    from tutor.screens.solution import SolutionScreen


class SheetScreen(Screen[None]):
    """A worksheet session shown in the screen's widgets."""

    def __init__(self, session: WorksheetSession) -> None:
        super().__init__()
        self.session = session
        self.worksheet = session.worksheet
        self._visual: SheetVisual | None = visual_for(session.worksheet)
        self._solution: SolutionScreen | None = None
        self._shown_focus: str | None = None
        self._visual_due = False

    @property
    def ascii(self) -> bool:
        """Draw in ASCII (the app's `--ascii`, TERM=linux or a non-UTF-8 locale)."""
        return bool(getattr(self.app, "ascii", False))

    def words(self, text: str) -> str:
        """The exercise's words as this screen draws them: its math signs spelled in ASCII
        in ASCII mode (tutor.ascii_screen.ascii_text)."""
        return ascii_text(text) if self.ascii else text

    def show_all(self) -> None:
        """Fill the blanks table from the session and show the focused blank."""
        session, blanks = self.session, self.worksheet.blanks
        self.query_one(BlanksTable).ascii = self.ascii
        self.query_one(FeedbackLine).ascii = self.ascii
        self.query_one(EntryLine).ascii = self.ascii
        self.query_one(BlanksTable).load(
            self.worksheet,
            {b.id: session.status(b.id) for b in blanks},
            {b.id: session.entry(b.id) for b in blanks},
        )
        self.show_focus()
        self._show_visual_now()
        self._want_keys(b for b in session.keys.expressions if session.is_done(b))

    # -- showing ---------------------------------------------------------------------------

    def select(self, blank_id: str) -> None:
        """Focus a blank, as a click on its row does."""
        self.session.select(blank_id)
        self.show_focus()

    def show_focus(self) -> None:
        """Show the focused blank: cursor, entry line, feedback and visual follow."""
        blank_id = self._shown_focus = self.session.focus
        self.query_one(BlanksTable).point_at(blank_id)
        label = self.worksheet.blank(blank_id).label
        self.query_one(EntryLine).show(label, self.session.entry(blank_id))
        self._show_feedback()
        self._show_visual()

    def show_change(self, change: Change, *, refocus: bool = False) -> None:
        """Redraw what a transition changed. The entry line is set again only when the focus
        moved (or `refocus`: a reveal filled it in), so a late verdict never clobbers typing;
        an entry just checked and still shown is selected, so the next key replaces it."""
        for blank_id in change.blanks:
            self._show_row(blank_id)
        focus = self.session.focus
        if refocus or focus != self._shown_focus:
            self.show_focus()
        else:
            self._show_feedback()
            self._show_visual()
            entry = self.query_one(EntryLine)
            if change.blanks[:1] == (focus,) and entry.input.value == self.session.entry(focus):
                entry.select_entry()
        self._want_keys(b for b in change.blanks if self.session.is_done(b))
        if change.finished:
            self.show_summary()

    def show_summary(self) -> None:
        """Every blank is done: the summary, over the worksheet."""
        from tutor.screens.summary import SummaryScreen

        session = self.session
        moving = getattr(self.app, "skills_moved", None)  # only the tutor app keeps a log
        moved: list[tuple[str, float, float]] = moving(self.worksheet) if moving else []
        self.app.push_screen(
            SummaryScreen(self.worksheet, session.summary(), session.seconds_spent, moved)
        )

    @on(Input.Changed)
    def _entry_edited(self, event: Input.Changed) -> None:
        if event.value != event.input.value:
            return  # an edit from before an Enter already handled (keys typed fast)
        if self.session.edited(event.value):
            self._show_feedback()

    def _show_feedback(self) -> None:
        self.query_one(FeedbackLine).feedback = feedback_of(self.session, self.session.focus)

    def _show_visual(self) -> None:
        """Bring the visual up to date after the coming frame: a verdict or a move shows at
        once, and the graph or plot (drawn whole, laid out again) follows a frame later."""
        if self._visual is not None and not self._visual_due:
            self._visual_due = True
            self.call_after_refresh(self._show_visual_now)

    def _show_visual_now(self) -> None:
        self._visual_due = False
        if self._visual is not None:
            self._visual.view = self.session.view(ascii=self.ascii)

    def _show_row(self, blank_id: str) -> None:
        session = self.session
        self.query_one(BlanksTable).show_blank(
            blank_id, session.status(blank_id), session.entry(blank_id)
        )

    # -- expression keys ---------------------------------------------------------------------

    def _want_keys(self, shown: Iterable[str]) -> None:
        """The first time an expression key is shown, simplify the keys in a worker thread."""
        keys = self.session.keys.to_request(shown)
        if keys:
            self._simplify_keys(keys)

    @work(thread=True, exclusive=True, exit_on_error=False, group="simplify")
    def _simplify_keys(self, keys: KeyList) -> None:
        """Runs in a worker thread (sympy in a helper process, with a time limit)."""
        simplify_keys(keys, self.post_message)

    def on_key_simplified(self, message: KeySimplified) -> None:
        """Show the simplified key wherever the plain one is showing."""
        blank_id, session = message.blank_id, self.session
        session.keys.simplified[blank_id] = message.text
        if blank_id in session.revealed:
            self._show_row(blank_id)
            if blank_id == session.focus:
                label = self.worksheet.blank(blank_id).label
                self.query_one(EntryLine).show(label, message.text)
        if blank_id == session.focus:
            self._show_feedback()
        self._show_visual()
        if self._solution is not None:
            self._solution.answers = MappingProxyType(dict(session.keys.simplified))
