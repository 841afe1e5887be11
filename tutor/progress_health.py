"""Provides SaveHealth: whether progress reaches the disk, as the store tells the UI.

Kept apart from the store so that the app's start-up path can name it without sqlite3.
"""

from __future__ import annotations

from typing import NamedTuple


class SaveHealth(NamedTuple):
    """Whether changes reach the disk, for the UI to show; a new value on every change of state."""

    ok: bool = True
    """False while changes cannot be saved: they are kept in memory and retried."""
    unsaved: int = 0
    """Changes made and not yet on disk (normally only for the milliseconds of a commit)."""
    message: str | None = None
    """For the student, in words: what failed, or that saving works again; None when all is well."""
    version: int = 0
    """Goes up whenever `ok` or `message` changes, so a poller can tell news from old news."""
