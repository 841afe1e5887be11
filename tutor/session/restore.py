"""Provides restore: a worksheet session rebuilt from what the progress store kept of it.

The store's saved state gives the entries, verdicts, hints and reveals; its attempt log gives
the first tries and the mistakes met. Plain Python, no Textual.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol

from exercises.model import Worksheet
from tutor.session.events import Listener, ignore
from tutor.session.summary import MistakeMet
from tutor.session.worksheet_session import DONE_STATUSES, WorksheetSession

RECHECK_ON_OPEN = 200
"""At most this many restored entries are checked again when an instance is reopened."""


class SavedInstance(Protocol):
    """What the progress store kept of an instance (its InstanceState)."""

    entries: Mapping[str, str]
    statuses: Mapping[str, str]
    hints: Mapping[str, int]
    revealed: Iterable[str]
    seconds: float


class LoggedAttempt(Protocol):
    """One attempt of the store's log, as far as the session reads it."""

    blank_id: str
    status: str
    mistake: str | None


def restore(
    worksheet: Worksheet,
    saved: SavedInstance | None = None,
    attempts: Iterable[LoggedAttempt] = (),
    listener: Listener = ignore,
    *,
    clock: Callable[[], float] = time.monotonic,
) -> WorksheetSession:
    """A session from the store's saved state (None: a fresh instance) and attempt log.

    Restored entries whose verdict depends on other entries are checked again, and the
    focus goes to the first blank not done. A sheet on which the student wrote their own
    graph is restored onto it (exercises.kinds.student_graph)."""
    graph = dict(saved.entries).get("graph") if saved is not None else None
    if graph:
        from exercises.kinds.student_graph import sheet_for

        worksheet = sheet_for(worksheet, {"graph": str(graph)})
    session = WorksheetSession(worksheet, listener, clock=clock)
    known = worksheet.has_blank
    for attempt in attempts:
        if not known(attempt.blank_id):
            continue
        session.first_try.setdefault(attempt.blank_id, attempt.status in DONE_STATUSES)
        if attempt.mistake:  # the message the student saw, where the log kept it
            message = getattr(attempt, "message", None) or _mistake_message(
                worksheet, attempt.blank_id, attempt.mistake
            )
            session.mistakes.append(MistakeMet(attempt.blank_id, attempt.mistake, message))
    if saved is not None:
        session.entries = {k: str(v) for k, v in dict(saved.entries).items() if known(k)}
        session.statuses = {k: str(v) for k, v in dict(saved.statuses).items() if known(k)}
        session.hints = {k: int(v) for k, v in dict(saved.hints).items() if known(k)}
        session.revealed = {k for k in saved.revealed if known(k)}
        for blank_id in session.revealed:
            session.entries[blank_id] = worksheet.blank(blank_id).answer_text
        session.seconds_before = float(saved.seconds or 0.0)
        for blank_id in _stale(session)[:RECHECK_ON_OPEN]:
            session.recheck(blank_id)
    session.focus = session.first_open()
    session.summary_shown = session.all_done()
    return session


def _stale(session: WorksheetSession) -> list[str]:
    """Restored blanks whose verdict depends on other entries."""
    return [
        blank.id
        for blank in session.worksheet.blanks
        if blank.depends_on and blank.id in session.entries and session.recheckable(blank.id)
    ]


def _mistake_message(worksheet: Worksheet, blank_id: str, mistake_id: str) -> str:
    """The teaching message of a logged mistake, from the blank's catalogue (a message
    written from the student's numbers at the time cannot be rebuilt: none)."""
    for mistake in worksheet.blank(blank_id).mistakes:
        if mistake.id == mistake_id and isinstance(mistake.message, str):
            return mistake.message
    return ""
