"""Provides the messages screens post up to the app: facts about what the student did."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from engine.checking import Verdict


class ExerciseRequested(Message):
    """The student chose an exercise (home, palette, continue)."""

    def __init__(self, ref: str, seed: int | None = None) -> None:
        super().__init__()
        self.ref = ref
        self.seed = seed


class EntryChecked(Message):
    """An entry was checked; the app records it as an attempt."""

    def __init__(
        self, ref: str, seed: int, blank_id: str, entry: str, verdict: Verdict, hint_rung: int
    ) -> None:
        super().__init__()
        self.ref = ref
        self.seed = seed
        self.blank_id = blank_id
        self.entry = entry
        self.verdict = verdict
        self.hint_rung = hint_rung


class HintRevealed(Message):
    """A rung of a blank's hint ladder was shown; `revealed` when it was the answer itself."""

    def __init__(self, ref: str, seed: int, blank_id: str, rung: int, revealed: bool) -> None:
        super().__init__()
        self.ref = ref
        self.seed = seed
        self.blank_id = blank_id
        self.rung = rung
        self.revealed = revealed


class TimeSpent(Message):
    """Seconds spent on an instance since the last report."""

    def __init__(self, ref: str, seed: int, seconds: float) -> None:
        super().__init__()
        self.ref = ref
        self.seed = seed
        self.seconds = seconds


class NewNumbersRequested(Message):
    """The student asked for a fresh random instance of the exercise."""

    def __init__(self, ref: str, seed: int) -> None:
        super().__init__()
        self.ref = ref
        self.seed = seed


class NextExerciseRequested(Message):
    """The student finished `ref` and wants the exercise after it."""

    def __init__(self, ref: str) -> None:
        super().__init__()
        self.ref = ref


class HomeRequested(Message):
    """The student wants the list of packs."""
