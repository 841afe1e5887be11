"""Provides the worked solution of a session, one step at a time or whole, and each blank's working.

A step is one blank's working (exercises.working: the rule, the student's numbers substituted,
the result), in sheet order. Showing the step of a blank not yet correct reveals it, exactly as
the last hint rung does (revealed, not done); the student's own right answers on the way are
shown for nothing. Plain Python: the screens render what these return.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exercises.working import Working, sheet_working, working_of
from tutor.session.change import Change
from tutor.session.events import HintShown

if TYPE_CHECKING:
    from tutor.session.worksheet_session import WorksheetSession


def reveal(session: WorksheetSession, *blank_ids: str) -> Change:
    """Fill in the key's answers, mark them revealed, check again what depends on them."""
    sheet = session.worksheet
    for blank_id in blank_ids:
        session.revealed.add(blank_id)
        session.hints[blank_id] = len(session.ladder(blank_id))
        session.entries[blank_id] = sheet.blank(blank_id).answer_text
        session.statuses[blank_id] = "correct"
        session.verdicts.pop(blank_id, None)
        session.pending.pop(blank_id, None)
        session.first_try.setdefault(blank_id, False)
        session.listener(HintShown(sheet.ref, sheet.seed, blank_id, session.hints[blank_id], True))
    changed = list(blank_ids)
    for blank_id in blank_ids:
        changed.extend(session.recheck_dependents(blank_id))
    session.notice = None
    return Change(tuple(dict.fromkeys(changed)), session.finishing())


def working(session: WorksheetSession, blank_id: str) -> Working:
    """How the blank's answer comes about, from the student's own entries upstream."""
    return working_of(session.worksheet, blank_id, session.entries)


def shown_working(session: WorksheetSession, start: int = 0) -> list[Working]:
    """The working of the steps shown so far, in sheet order, from the `start`th on (a screen
    that shows the first `start` already works out only the new ones)."""
    steps = session.steps[start:]
    return sheet_working(session.worksheet, session.entries, steps) if steps else []


def next_step(session: WorksheetSession) -> Change:
    """Show the blanks' working in sheet order up to the next blank not yet correct, and
    reveal that one; no summary after it (the solution was asked for)."""
    session.summary_shown = True
    shown = set(session.steps)
    for blank in session.worksheet.blanks:
        if blank.id in shown:
            continue
        session.steps.append(blank.id)
        if not session.is_correct(blank.id):
            return reveal(session, blank.id)
    return Change()


def whole(session: WorksheetSession) -> Change:
    """Every step at once: reveal every blank not yet correct; no summary after it."""
    session.summary_shown = True
    session.steps = [b.id for b in session.worksheet.blanks]
    blanks = session.worksheet.blanks
    return reveal(session, *(b.id for b in blanks if not session.is_correct(b.id)))


def steps_left(session: WorksheetSession) -> int:
    """The steps still to show: blanks not yet correct that the solution has not reached."""
    shown = set(session.steps)
    blanks = session.worksheet.blanks
    return sum(1 for b in blanks if b.id not in shown and not session.is_correct(b.id))
