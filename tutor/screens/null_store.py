"""Provides NullStore: the progress store's interface, saving nothing.

The app uses it until the real store is open (after the first frame) and when no store could
be opened at all, so that the app still runs.
"""

from __future__ import annotations

from typing import Any


class NullStore:
    """Stands in when no progress store could be opened: the app runs without saving."""

    saving = False
    journal_mode = "none"

    def __init__(self, notice: str | None) -> None:
        self.notice = notice

    def record_attempt(self, *args: Any) -> None:
        return None

    def record_hint(self, *args: Any) -> None:
        return None

    def record_time(self, *args: Any) -> None:
        return None

    def instance_state(self, ref: str, seed: int) -> None:
        return None

    def exercise_status(self, ref: str, total_blanks: int) -> str:
        return "not-started"

    def pack_progress(self, exercises: list[tuple[str, int]]) -> tuple[int, int]:
        return 0, len(exercises)

    def last_opened(self) -> None:
        return None

    def mark_opened(self, ref: str, seed: int) -> None:
        return None

    def current_seed(self, ref: str) -> int:
        return 0

    def get_setting(self, key: str, default: Any = None) -> Any:
        return default

    def set_setting(self, key: str, value: Any) -> None:
        return None

    def close(self) -> None:
        return None

    def attempts(self, ref: str, seed: int) -> tuple[Any, ...]:
        return ()
