"""Provides the messages screens post up to the app: facts about what the student did."""

from __future__ import annotations

from textual.message import Message


class ExerciseRequested(Message):
    """The student chose an exercise (home, palette, continue)."""

    def __init__(self, ref: str, seed: int | None = None) -> None:
        super().__init__()
        self.ref = ref
        self.seed = seed


class NewNumbersRequested(Message):
    """The student asked for a fresh random instance of the exercise."""

    def __init__(self, ref: str, seed: int) -> None:
        super().__init__()
        self.ref = ref
        self.seed = seed


class OwnGraphRequested(Message):
    """The student wants to write the computation graph of this autodiff exercise themselves."""

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


class SkillPractiseRequested(Message):
    """The student wants practice on fresh numbers: for one skill, or (None) what comes next."""

    def __init__(self, skill: str | None) -> None:
        super().__init__()
        self.skill = skill


class ProgressRequested(Message):
    """The student wants the progress screen."""
