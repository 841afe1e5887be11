"""Provides the worked solution of a session, one step at a time or whole, and each blank's working.

A step is one blank's working (exercises.working: the rule, the student's numbers substituted,
the result), in sheet order. Showing the step of a blank not yet correct reveals it, exactly as
the last hint rung does (revealed, not done); the student's own right answers on the way are
shown for nothing. Plain Python: the screens render what these return.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exercises.working import Working, sheet_working, working_of

if TYPE_CHECKING:
    from tutor.session.worksheet_session import Change, WorksheetSession


def working(session: WorksheetSession, blank_id: str) -> Working:
    """How the blank's answer comes about, from the student's own entries upstream."""
    return working_of(session.worksheet, blank_id, session.entries)


def shown_working(session: WorksheetSession) -> list[Working]:
    """The working of the steps shown so far, in sheet order."""
    shown = set(session.steps)
    if not shown:
        return []
    return [w for w in sheet_working(session.worksheet, session.entries) if w.blank_id in shown]


def next_step(session: WorksheetSession) -> Change:
    """Show the blanks' working in sheet order up to the next blank not yet correct, and
    reveal that one; no summary after it (the solution was asked for)."""
    from tutor.session.worksheet_session import Change

    session.summary_shown = True
    shown = set(session.steps)
    for blank in session.worksheet.blanks:
        if blank.id in shown:
            continue
        session.steps.append(blank.id)
        if not session.is_correct(blank.id):
            return session.reveal(blank.id)
    return Change()


def whole(session: WorksheetSession) -> Change:
    """Every step at once: the session's worked solution."""
    return session.solution()


def steps_left(session: WorksheetSession) -> int:
    """The steps still to show: blanks not yet correct that the solution has not reached."""
    shown = set(session.steps)
    blanks = session.worksheet.blanks
    return sum(1 for b in blanks if b.id not in shown and not session.is_correct(b.id))
