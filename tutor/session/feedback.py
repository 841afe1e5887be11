"""Provides Feedback: what is said about one blank, composed from the verdict's data.

The verdict carries its status, its explanation (in the student's numbers), how the entry
was read and which earlier blanks are off; the words around them ("✓ correct", "read as
4.33333", "accepted: within 0.1%") are put together here, once, for the app's feedback line
and the plain line mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.session.marks import glyph, mark

if TYPE_CHECKING:
    from tutor.session.worksheet_session import WorksheetSession

REVEALED = "the answer was shown; the blank counts as revealed"
EARLIER = "(from an earlier session)"


@dataclass(frozen=True)
class Feedback:
    """What is said about one blank: its verdict (or a notice), the reading, the rule, hints."""

    label: str
    rule: str
    status: str | None = None
    message: str = ""
    read_as: str | None = None
    hints: tuple[str, ...] = ()
    blamed: tuple[str, ...] = ()
    working: tuple[str, ...] = ()
    """How a revealed answer comes about: the rule, the numbers substituted, the result."""

    def words(self, *, ascii: bool = False) -> str:
        """`✗ incorrect`: the mark and its word; empty when nothing was checked."""
        return f"{glyph(self.status, ascii=ascii)} {mark(self.status).word}" if self.status else ""

    def headline(self, *, ascii: bool = False) -> str:
        """`✗ incorrect: <why>`; empty when nothing was checked."""
        words = self.words(ascii=ascii)
        return f"{words}: {self.message}" if words and self.message else words

    def details(self) -> str:
        """`read as 4.33333 · accepted: within 0.1%`."""
        parts = [f"read as {self.read_as}"] if self.read_as is not None else []
        if self.rule:
            parts.append(f"accepted: {self.rule}")
        return " · ".join(parts)


def feedback_of(session: WorksheetSession, blank_id: str) -> Feedback:
    """The feedback on one blank of a session: a notice on the focused blank comes first,
    then a reveal, the verdict, a status restored from the store, or just label and rule."""
    blank = session.worksheet.blank(blank_id)
    hints = session.shown_hints(blank_id)
    if session.notice is not None and blank_id == session.focus:
        notice = session.notice
        return Feedback(blank.label, blank.rule, notice.status, notice.message, hints=hints)
    if blank_id in session.revealed:
        from tutor.session.solution import working  # the engine: not on the start-up path

        shown = working(session, blank_id)
        note = (f"({shown.note})",) if shown.note else ()
        news = note or any(line not in hints for line in shown.lines[:-1])
        lines = (*shown.lines, *note) if news else ()  # not the hints and the answer again
        return Feedback(blank.label, blank.rule, "revealed", REVEALED, hints=hints, working=lines)
    verdict = session.verdicts.get(blank_id)
    if verdict is not None:
        return Feedback(blank.label, blank.rule, verdict.status, verdict.message,
                        verdict.read_as, hints, verdict.blamed)  # fmt: skip
    if blank_id in session.statuses:
        return Feedback(blank.label, blank.rule, session.statuses[blank_id], EARLIER, hints=hints)
    return Feedback(blank.label, blank.rule, hints=hints)
