"""Provides SheetScreen, the base of WorksheetScreen: the widgets kept in step with the state.

The table, the entry and feedback lines and the kind visual show a SheetState; the answer key
of an expression blank is shown as the engine prints it until its simplified form, found
in a worker thread the first time the key is shown, comes back as a message.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from textual import work
from textual.screen import Screen

from exercises.model import Worksheet
from tutor.screens.key_texts import KeyList, KeySimplified, KeyTexts, simplify_keys
from tutor.screens.sheet_state import SheetState
from tutor.widgets.blanks_table import BlanksTable
from tutor.widgets.entry_line import EntryLine
from tutor.widgets.feedback_line import FeedbackLine, feedback_for
from tutor.widgets.sheet_view import SheetView, SheetVisual
from tutor.widgets.visuals import visual_for

if TYPE_CHECKING:
    from tutor.screens.solution import SolutionScreen


class SheetScreen(Screen[None]):
    """A worksheet instance and what the student did on it, shown in the screen's widgets."""

    def __init__(self, worksheet: Worksheet, saved: Any = None, attempts: Any = ()) -> None:
        super().__init__()
        self.worksheet = worksheet
        self.state = SheetState.restore(worksheet, saved, attempts)
        self.current = self.state.first_open()
        self.keys = KeyTexts(worksheet)
        self._visual: SheetVisual | None = visual_for(worksheet)
        self._solution: SolutionScreen | None = None

    def show_all(self) -> None:
        """Fill the blanks table from the state and focus the current blank."""
        state = self.state
        self.query_one(BlanksTable).load(
            self.worksheet,
            {b.id: state.glyph(b.id) for b in self.worksheet.blanks},
            {**state.entries, **{b: self.keys.text(b) for b in state.revealed}},
            state.revealed,
        )
        self.select(self.current)
        self._want_keys(b for b in self.keys.expressions if state.is_done(b))

    # -- showing ---------------------------------------------------------------------------

    def select(self, blank_id: str) -> None:
        """Focus a blank: cursor, entry line, feedback and visual follow."""
        self.current = blank_id
        blank = self.worksheet.blank(blank_id)
        self.query_one(BlanksTable).point_at(blank_id)
        self.query_one(EntryLine).show(blank.label, self._entry_text(blank_id))
        self._show_feedback()
        self._show_visual()

    def _entry_text(self, blank_id: str) -> str:
        """The student's entry, or for a revealed blank the key as shown (simplified)."""
        if blank_id in self.state.revealed:
            return self.keys.text(blank_id)
        return self.state.entries.get(blank_id, "")

    def _show_feedback(self, status: str | None = None, message: str = "") -> None:
        answer = self.keys.text(self.current) if self.current in self.keys.simplified else None
        self.query_one(FeedbackLine).feedback = feedback_for(
            self.state, self.current, status, message, answer=answer
        )

    def _show_visual(self) -> None:
        if self._visual is not None:
            self._visual.view = SheetView.of(self.state, self.current, self.keys.simplified)

    def _show_row(self, blank_id: str) -> None:
        self.query_one(BlanksTable).show_blank(
            blank_id,
            self.state.glyph(blank_id),
            self._entry_text(blank_id),
            blank_id in self.state.revealed,
        )

    # -- expression keys ---------------------------------------------------------------------

    def _want_keys(self, shown: Iterable[str]) -> None:
        """The first time an expression key is shown, simplify the keys in a worker thread."""
        keys = self.keys.to_request(shown)
        if keys:
            self._simplify_keys(keys)

    @work(thread=True, exclusive=True, exit_on_error=False, group="simplify")
    def _simplify_keys(self, keys: KeyList) -> None:
        """Runs in a worker thread (sympy in a helper process, with a time limit)."""
        simplify_keys(keys, self.post_message)

    def on_key_simplified(self, message: KeySimplified) -> None:
        """Show the simplified key wherever the plain one is showing."""
        blank_id = message.blank_id
        self.keys.simplified[blank_id] = message.text
        if blank_id in self.state.revealed:
            self._show_row(blank_id)
            if blank_id == self.current:
                self.query_one(EntryLine).show(self.worksheet.blank(blank_id).label, message.text)
        if blank_id == self.current:
            self._show_feedback()
        self._show_visual()
        if self._solution is not None:
            self._solution.answers = MappingProxyType(dict(self.keys.simplified))
