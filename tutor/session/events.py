"""Provides the facts a worksheet session reports, and the listener that saves them to a store.

A session calls its listener once per fact, on the thread that caused it (the UI thread in the
app); the store's own writer takes the disk write off that thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # only a type here: the app's start-up path never loads the engine
    from engine.checking import Verdict


@dataclass(frozen=True)
class AttemptMade:
    """The student's entry for a blank was checked (the verdict is the one they saw)."""

    ref: str
    seed: int
    blank_id: str
    entry: str
    verdict: Verdict
    hint_rung: int
    first_try: bool
    """This was the first entry checked for the blank in this instance."""


@dataclass(frozen=True)
class HintShown:
    """A rung of a blank's hint ladder was shown; `revealed` when it was the answer itself."""

    ref: str
    seed: int
    blank_id: str
    rung: int
    revealed: bool


@dataclass(frozen=True)
class TimeSpent:
    """Seconds spent working on an instance since the last report."""

    ref: str
    seed: int
    seconds: float


@dataclass(frozen=True)
class SheetReset:
    """The student cleared the instance for a fresh try (its best result is kept)."""

    ref: str
    seed: int


SessionEvent = AttemptMade | HintShown | TimeSpent | SheetReset
Listener = Callable[[SessionEvent], None]


class Recorder(Protocol):
    """What a listener needs of a progress store (ProgressStore and NullStore have it)."""

    def record_attempt(
        self,
        ref: str,
        seed: int,
        blank_id: str,
        entry: str,
        status: str,
        mistake: str | None,
        hint_rung: int,
        *,
        mistakes: tuple[str, ...] = (),
        message: str | None = None,
    ) -> object: ...

    def record_hint(
        self, ref: str, seed: int, blank_id: str, rung: int, revealed: bool
    ) -> object: ...

    def record_time(self, ref: str, seed: int, seconds: float) -> None: ...

    def reset(self, ref: str, seed: int) -> None: ...


def recording_to(store: Callable[[], Recorder]) -> Listener:
    """A listener that saves each fact to the store `store()` returns at that moment (the app
    swaps its store once the real one is open)."""

    def record(event: SessionEvent) -> None:
        target = store()
        if isinstance(event, AttemptMade):
            verdict = event.verdict
            target.record_attempt(event.ref, event.seed, event.blank_id, event.entry,
                                  verdict.status, verdict.mistake, event.hint_rung,
                                  mistakes=verdict.mistakes, message=verdict.message)  # fmt: skip
        elif isinstance(event, HintShown):
            target.record_hint(event.ref, event.seed, event.blank_id, event.rung, event.revealed)
        elif isinstance(event, SheetReset):
            target.reset(event.ref, event.seed)
        else:
            target.record_time(event.ref, event.seed, event.seconds)

    return record


def ignore(event: SessionEvent) -> None:
    """The listener of a session nobody records (a preview, a test that does not look)."""
