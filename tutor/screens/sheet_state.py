"""Provides SheetState: the entries, verdicts, hints and reveals of one worksheet instance.

Plain Python, no Textual: the worksheet screen keeps one and shows it; the tests can drive it
directly. Every number comes from the worksheet (checks, hint ladders, answer texts).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from engine.answers import ArrayFormat, NumberFormat, ShapeFormat, YesNoFormat
from engine.checking import Verdict
from exercises.model import Worksheet

IDLE_CAP_SECONDS = 300.0
"""Time between two actions counts at most this much (a student who walked away)."""
DONE_STATUSES = ("correct", "consistent")
FAST_FORMATS = (NumberFormat, ArrayFormat, ShapeFormat, YesNoFormat)
GLYPHS = {"correct": "✓", "consistent": "~", "incorrect": "✗", "invalid": "?", "checking": "…"}


@dataclass(frozen=True)
class MistakeMet:
    """A diagnosed mistake, for the summary."""

    blank_id: str
    mistake: str
    message: str


@dataclass
class SheetState:
    """What the student has done on one instance; restored from the store on open."""

    worksheet: Worksheet
    entries: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    hints: dict[str, int] = field(default_factory=dict)
    revealed: set[str] = field(default_factory=set)
    first_try: dict[str, bool] = field(default_factory=dict)
    mistakes: list[MistakeMet] = field(default_factory=list)
    seconds_before: float = 0.0
    seconds_here: float = 0.0
    clock: float = field(default_factory=time.monotonic)

    @classmethod
    def restore(cls, worksheet: Worksheet, saved: Any, attempts: Iterable[Any] = ()) -> SheetState:
        """A state from the store's InstanceState (None: a fresh instance) and attempt log."""
        state = cls(worksheet)
        for attempt in attempts:
            if not worksheet.has_blank(attempt.blank_id):
                continue
            state.first_try.setdefault(attempt.blank_id, attempt.status in DONE_STATUSES)
            if attempt.mistake:
                state.mistakes.append(
                    MistakeMet(
                        attempt.blank_id, attempt.mistake, _mistake_message(worksheet, attempt)
                    )
                )
        if saved is None:
            return state
        known = worksheet.has_blank
        state.entries = {k: str(v) for k, v in dict(saved.entries).items() if known(k)}
        state.statuses = {k: str(v) for k, v in dict(saved.statuses).items() if known(k)}
        state.hints = {k: int(v) for k, v in dict(saved.hints).items() if known(k)}
        state.revealed = {k for k in saved.revealed if known(k)}
        for blank_id in state.revealed:
            state.entries[blank_id] = worksheet.blank(blank_id).answer_text
        state.seconds_before = float(saved.seconds or 0.0)
        return state

    def is_done(self, blank_id: str) -> bool:
        """Done for moving on: right, right given an earlier slip, or revealed."""
        return blank_id in self.revealed or self.statuses.get(blank_id) in DONE_STATUSES

    def is_correct(self, blank_id: str) -> bool:
        """Done for good: right against the key, or revealed (as the store counts it)."""
        return blank_id in self.revealed or self.statuses.get(blank_id) == "correct"

    def all_done(self) -> bool:
        return all(self.is_correct(b.id) for b in self.worksheet.blanks)

    def stale_after_restore(self, limit: int = 200) -> list[str]:
        """Restored blanks whose verdict depends on other entries: checked again on open."""
        found = [
            blank.id
            for blank in self.worksheet.blanks
            if blank.depends_on and blank.id in self.entries and self._recheckable(blank.id)
        ]
        return found[:limit]

    def _recheckable(self, blank_id: str) -> bool:
        return blank_id not in self.revealed and self.is_fast(blank_id)

    def glyph(self, blank_id: str) -> str:
        if blank_id in self.revealed:
            return "✓"
        return GLYPHS.get(self.statuses.get(blank_id, ""), " ")

    def first_open(self) -> str:
        """The blank to focus when the worksheet opens: the first one not done."""
        for blank in self.worksheet.blanks:
            if not self.is_done(blank.id):
                return blank.id
        return self.worksheet.blanks[0].id

    def next_suggested(self, after: str) -> str:
        """The next blank not done after `after`, wrapping round; `after` itself if all are."""
        ids = [b.id for b in self.worksheet.blanks]
        start = ids.index(after)
        for blank_id in ids[start + 1 :] + ids[: start + 1]:
            if not self.is_done(blank_id):
                return blank_id
        return after

    def is_fast(self, blank_id: str) -> bool:
        """Number, array, shape and yes/no checks take microseconds; expressions may not."""
        return isinstance(self.worksheet.blank(blank_id).format, FAST_FORMATS)

    def check(self, blank_id: str, text: str) -> Verdict:
        """The worksheet's verdict on `text`, given the other entries (follow-through)."""
        entries = {**self.entries, blank_id: text}
        return self.worksheet.check(blank_id, text, entries)

    def apply(self, blank_id: str, text: str, verdict: Verdict) -> None:
        """Record a verdict for the entry just checked."""
        self.entries[blank_id] = text
        self.statuses[blank_id] = verdict.status
        self.verdicts[blank_id] = verdict
        self.first_try.setdefault(blank_id, verdict.status in DONE_STATUSES)
        if verdict.mistake:
            self.mistakes.append(MistakeMet(blank_id, verdict.mistake, verdict.message))

    def dependents(self, blank_id: str) -> list[str]:
        """Checked blanks whose verdict may change when `blank_id` changes (transitively)."""
        changed, found = {blank_id}, []
        for blank in self.worksheet.blanks:
            touched = changed.intersection(blank.depends_on) and blank.id in self.statuses
            if touched and self._recheckable(blank.id):
                found.append(blank.id)
                changed.add(blank.id)
        return found

    def recheck(self, blank_id: str) -> Verdict:
        """Check an already-entered blank again after one of its dependencies changed."""
        verdict = self.worksheet.check(blank_id, self.entries.get(blank_id, ""), self.entries)
        self.statuses[blank_id] = verdict.status
        self.verdicts[blank_id] = verdict
        return verdict

    def ladder(self, blank_id: str) -> tuple[str, ...]:
        return self.worksheet.hint_ladder(blank_id)

    def shown_hints(self, blank_id: str) -> tuple[str, ...]:
        return self.ladder(blank_id)[: self.hints.get(blank_id, 0)]

    def next_rung(self, blank_id: str) -> int | None:
        """The 1-based rung the hint key shows next, or None when the answer is already out."""
        if blank_id in self.revealed:
            return None
        rung = self.hints.get(blank_id, 0) + 1
        return rung if rung <= len(self.ladder(blank_id)) else None

    def is_answer_rung(self, blank_id: str, rung: int) -> bool:
        return rung == len(self.ladder(blank_id))

    def show_hint(self, blank_id: str, rung: int) -> None:
        self.hints[blank_id] = max(rung, self.hints.get(blank_id, 0))

    def reveal(self, blank_id: str) -> str:
        """Mark a blank revealed and fill in the key's answer; returns that answer text."""
        answer = self.worksheet.blank(blank_id).answer_text
        self.revealed.add(blank_id)
        self.hints[blank_id] = len(self.ladder(blank_id))
        self.entries[blank_id] = answer
        self.statuses[blank_id] = "correct"
        self.verdicts.pop(blank_id, None)
        self.first_try.setdefault(blank_id, False)
        return answer

    def take_time(self) -> float:
        """Seconds since the last call (at most IDLE_CAP_SECONDS), now counted as spent."""
        now = time.monotonic()
        seconds = max(0.0, min(now - self.clock, IDLE_CAP_SECONDS))
        self.clock = now
        self.seconds_here += seconds
        return seconds

    def restart_clock(self) -> None:
        """Time away (another screen on top, say) is not counted."""
        self.clock = time.monotonic()

    def summary(self) -> Summary:
        """The figures the summary screen shows."""
        checked = len(self.first_try)
        right = sum(self.first_try.values())
        return Summary(
            blanks=len(self.worksheet.blanks),
            first_try_right=right,
            first_try_seen=checked,
            hints_used=sum(1 for n in self.hints.values() if n > 0),
            revealed=len(self.revealed),
            mistakes=tuple(self.mistakes),
        )


@dataclass(frozen=True)
class Summary:
    """First-try accuracy, hints and mistakes of one instance (time is added by the screen)."""

    blanks: int
    first_try_right: int
    first_try_seen: int
    hints_used: int
    revealed: int
    mistakes: tuple[MistakeMet, ...]


def _mistake_message(worksheet: Worksheet, attempt: Any) -> str:
    """The teaching message of a logged mistake, from the blank's catalogue."""
    for mistake in worksheet.blank(attempt.blank_id).mistakes:
        if mistake.id == attempt.mistake and isinstance(mistake.message, str):
            return mistake.message
    return ""
