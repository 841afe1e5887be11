"""Provides NullStore: the progress store's interface, saving nothing.

The app uses it until the real store is open (after the first frame) and when no store could
be opened at all, so that the app still runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from tutor.progress_health import SaveHealth


class NullStore:
    """Stands in when no progress store could be opened: the app runs without saving."""

    saving = False
    journal_mode = "none"

    def __init__(self, notice: str | None) -> None:
        self.notice = notice

    def record_attempt(self, *args: Any, **kwargs: Any) -> None:
        return None

    def record_hint(self, *args: Any) -> None:
        return None

    def record_time(self, *args: Any) -> None:
        return None

    def instance_state(self, ref: str, seed: int) -> None:
        return None

    def exercise_status(self, ref: str, total_blanks: int = 0) -> str:
        return "not-started"

    def exercise_statuses(self, refs_and_totals: Sequence[tuple[str, int]]) -> dict[str, str]:
        return {ref: "not-started" for ref, _ in refs_and_totals}

    def pack_progress(self, exercises: list[tuple[str, int]]) -> tuple[int, int]:
        return 0, len(exercises)

    def last_opened(self) -> None:
        return None

    def mark_opened(self, ref: str, seed: int, total_blanks: int | None = None) -> None:
        return None

    def reset(self, ref: str, seed: int) -> None:
        return None

    def attempt_log(self, since: float | None = None) -> tuple[Any, ...]:
        return ()

    def reveal_log(self, since: float | None = None) -> tuple[Any, ...]:
        return ()

    def current_seed(self, ref: str) -> int:
        return 0

    def get_setting(self, key: str, default: Any = None) -> Any:
        return default

    def set_setting(self, key: str, value: Any) -> None:
        return None

    @property
    def health(self) -> SaveHealth:
        return SaveHealth() if self.notice is None else SaveHealth(ok=False, message=self.notice)

    def subscribe(self, listener: Callable[[SaveHealth], None]) -> None:
        return None

    def is_saved(self, ticket: int | None) -> bool:
        return False

    def flush(self, timeout: float = 0.0) -> bool:
        return True

    def close(self, timeout: float = 0.0) -> int:
        return 0

    def attempts(self, ref: str, seed: int) -> tuple[Any, ...]:
        return ()
