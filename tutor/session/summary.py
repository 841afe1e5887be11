"""Provides Summary: what one finished instance says about the student (first tries, hints)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MistakeMet:
    """A diagnosed mistake, for the summary."""

    blank_id: str
    mistake: str
    message: str


@dataclass(frozen=True)
class Summary:
    """First-try accuracy, hints and mistakes of one instance."""

    blanks: int
    first_try_right: int
    first_try_seen: int
    hints_used: int
    revealed: int
    mistakes: tuple[MistakeMet, ...]
