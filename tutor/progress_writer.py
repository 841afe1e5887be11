"""Provides the progress writer: a thread that commits the store's changes, so the UI never waits.

Changes are queued in order and committed by one thread, several per transaction when they
pile up. A change that cannot be written (disk full, I/O error, read-only, the lock held by
another program) stays queued and is retried with a growing pause; the failure and the
recovery are reported at once through `health` and the listeners, in words. A file deleted
under the open connection (its folder removed while the app runs) is written again, whole,
from that connection, which still reads it.
"""

from __future__ import annotations

import atexit
import contextlib
import sqlite3
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tutor import progress_db as db
from tutor.progress_health import SaveHealth

Statement = tuple[str, tuple[Any, ...]]
Change = tuple[Statement, ...]
Connect = Callable[[], sqlite3.Connection]

WRITE_WAIT_S = 2.0
"""How long one try waits for another program's lock before the wait is reported."""
RETRY_PAUSES_S = (0.1, 0.25, 0.5, 1.0, 2.0)
"""Pauses between tries after a failure; the last one repeats."""
BATCH = 500
"""At most this many queued changes go into one transaction."""
AT_EXIT_WAIT_S = 3.0
"""How long a program that exits without closing its store waits for the queue."""

_LIVE: weakref.WeakSet[Writer] = weakref.WeakSet()
"""The writers not yet closed."""


@atexit.register
def flush_all(timeout: float = AT_EXIT_WAIT_S) -> None:
    """Save what every open store queued, waiting at most `timeout` s for each: a program
    that ends without closing its store (at exit, or when its terminal hangs up)."""
    for writer in list(_LIVE):
        writer.flush(timeout)


class Writer:
    """Commits queued changes to the progress file in a thread of its own, in order."""

    def __init__(
        self,
        connect: Connect,
        connection: sqlite3.Connection | None,
        *,
        label: str = "progress",
        path: Path | None = None,
    ) -> None:
        """`path`: the file `connect` opens, watched for being deleted under the connection."""
        self._connect = connect
        self._connection = connection
        self._path = path
        self._identity = db.file_identity(path) if path is not None and connection else None
        """The (device, inode) of the file the connection writes to."""
        self._news: str | None = None
        """What to tell with the next successful commit (the file was written again)."""
        self._queue: deque[tuple[int, Change]] = deque()
        self._entries: set[int] = set()
        """Tickets of the queued changes that are checked entries (the rest: hints, time...)."""
        self._condition = threading.Condition()
        self._last_submitted = 0
        self._saved_through = 0
        self._closing = False
        self._health = SaveHealth()
        self._listeners: list[Callable[[SaveHealth], None]] = []
        self._dropped: list[str] = []
        self._thread = threading.Thread(target=self._run, name=f"{label}-writer", daemon=True)
        self._thread.start()
        _LIVE.add(self)

    # -- the caller's side -------------------------------------------------------------------

    def submit(self, change: Change, *, entry: bool = False) -> int:
        """Queue one change (one transaction's statements); returns its ticket, for `is_saved`.

        `entry`: the change records a checked entry (what the student is told about).
        """
        with self._condition:
            self._last_submitted += 1
            self._queue.append((self._last_submitted, change))
            if entry:
                self._entries.add(self._last_submitted)
            self._condition.notify_all()
            return self._last_submitted

    def is_saved(self, ticket: int) -> bool:
        """Whether the change with this ticket is on disk."""
        with self._condition:
            return ticket <= self._saved_through

    @property
    def health(self) -> SaveHealth:
        """The state of saving now (see SaveHealth)."""
        with self._condition:
            return self._health._replace(unsaved=len(self._queue))

    def idle(self) -> bool:
        """Whether every change is on disk and saving works (the file has all our changes)."""
        with self._condition:
            return not self._queue and self._health.ok

    def subscribe(self, listener: Callable[[SaveHealth], None]) -> None:
        """Call `listener(health)` (from the writer's thread) whenever saving fails or recovers."""
        with self._condition:
            self._listeners.append(listener)

    def take_dropped(self) -> list[str]:
        """Why changes were dropped as unstorable since the last call (a value out of range)."""
        with self._condition:
            dropped, self._dropped = self._dropped, []
            return dropped

    def flush(self, timeout: float) -> bool:
        """Wait until every change queued so far is on disk, for at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._condition:
            target = self._last_submitted
            while self._saved_through < target:
                left = deadline - time.monotonic()
                if left <= 0 or not self._thread.is_alive():
                    return False
                self._condition.wait(left)
            return True

    def close(self, timeout: float) -> int:
        """Save what is queued (waiting at most `timeout` s), stop; returns the changes unsaved."""
        self.flush(timeout)
        with self._condition:
            self._closing = True
            self._condition.notify_all()
        self._thread.join(max(timeout, 0.1) + WRITE_WAIT_S)
        with self._condition:
            unsaved = len(self._queue)
            connection, self._connection = self._connection, None
        if connection is not None and not self._thread.is_alive():
            with contextlib.suppress(sqlite3.Error):
                connection.close()
        return unsaved

    # -- the writer's thread -----------------------------------------------------------------

    def _run(self) -> None:
        failures = 0
        while True:
            with self._condition:
                while not self._queue and not self._closing:
                    self._condition.wait()
                if self._closing and (not self._queue or failures):
                    return
                batch = list(self._queue)[:BATCH]
            error = self._commit(batch)
            with self._condition:
                if error is None:
                    for ticket, _ in batch:
                        self._queue.popleft()
                        self._entries.discard(ticket)
                    self._saved_through = batch[-1][0]
                    said, self._news = self._news, None
                    news = self._set_health(
                        True, said or (_saved_words(not self._queue) if failures else None)
                    )
                    failures = 0
                    self._condition.notify_all()
                else:
                    failures += 1
                    news = self._set_health(False, _unsaved_words(error, len(self._entries)))
            self._tell(news)
            if error is not None:
                with self._condition:
                    if not self._closing:
                        self._condition.wait(RETRY_PAUSES_S[min(failures, len(RETRY_PAUSES_S)) - 1])

    def _commit(self, batch: Sequence[tuple[int, Change]]) -> BaseException | None:
        """Write `batch` in one transaction; None when done, else the (retryable) failure.

        A change SQLite refuses for its values (not for the file) is dropped and reported; the
        others are written.
        """
        restoring = False
        try:
            if self._connection is None:
                self._connection = self._connect()
                self._identity = db.file_identity(self._path) if self._path else None
            elif self._deleted():
                restoring = True
                self._write_again()
                restoring = False
            with db.immediate(self._connection):
                for _, change in batch:
                    _apply(self._connection, change)
            return None
        except (sqlite3.Error, db.Corrupt, db.TooNew, OSError, OverflowError, ValueError) as error:
            if _refused_value(error):
                return self._commit_one_by_one(batch)
            if db.is_disk_full(error) and self._connection is not None:
                db.make_room(self._connection)
            elif not restoring and not (isinstance(error, sqlite3.Error) and db.is_busy(error)):
                self._reconnect_later()  # (a deleted file's connection is kept: it holds it all)
            return error

    def _commit_one_by_one(self, batch: Sequence[tuple[int, Change]]) -> BaseException | None:
        """Write each change alone, dropping those whose values cannot be stored."""
        connection = self._connection
        assert connection is not None
        for _, change in batch:
            try:
                with db.immediate(connection):
                    _apply(connection, change)
            except (sqlite3.Error, OverflowError, ValueError) as error:
                if not _refused_value(error):
                    return error  # the file failed after all: the batch is tried again
                with self._condition:
                    self._dropped.append(f"a change could not be saved ({error})")
        return None

    def _deleted(self) -> bool:
        """Whether the connection's file is no longer at its path (its folder was removed)."""
        return (
            self._path is not None
            and self._identity is not None
            and (db.file_identity(self._path) is None)
        )

    def _write_again(self) -> None:
        """Write the deleted file again at its path, whole, from the open connection."""
        assert self._path is not None and self._connection is not None
        self._path.parent.mkdir(parents=True, exist_ok=True)
        fresh = self._connect()
        try:
            self._connection.backup(fresh)
        except BaseException:
            fresh.close()
            raise
        deleted, self._connection = self._connection, fresh
        self._identity = db.file_identity(self._path)
        with contextlib.suppress(sqlite3.Error):
            deleted.close()
        self._news = (
            f"the progress file was deleted while the app ran; all your work is written "
            f"again to {self._path}"
        )

    def _reconnect_later(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                connection.close()

    def _set_health(self, ok: bool, message: str | None) -> SaveHealth | None:
        """Record a new state (call with the condition held); returns it if it is news."""
        if (ok, message) == (self._health.ok, self._health.message):
            return None
        self._health = SaveHealth(ok, len(self._queue), message, self._health.version + 1)
        return self._health

    def _tell(self, news: SaveHealth | None) -> None:
        """Tell the listeners (outside the lock: a listener may read `health`)."""
        if news is None:
            return
        with self._condition:
            listeners = list(self._listeners)
        for listener in listeners:
            with contextlib.suppress(Exception):  # a listener's bug must not stop saving
                listener(news)


def _apply(connection: sqlite3.Connection, change: Change) -> None:
    for sql, params in change:
        connection.execute(sql, params)


def _refused_value(error: BaseException) -> bool:
    """Whether SQLite refused a value (too large, wrong type), not the file."""
    refused = (sqlite3.IntegrityError, sqlite3.DataError, sqlite3.InterfaceError)
    return isinstance(error, (OverflowError, ValueError, *refused))


def _saved_words(everything: bool) -> str:
    return "saving works again: " + ("all your work is saved" if everything else "catching up")


def _unsaved_words(error: BaseException, entries: int) -> str:
    what = {0: "your progress was", 1: "your last entry was"}.get(
        entries, f"your last {entries} entries were"
    )
    return f"{what} not saved: {db.failure_words(error)}; it is kept and retried"
