"""Provides Storage: where the progress store's rows live and how they reach the disk.

The session works on a copy in memory, read from the file at open: every change goes into it at
once and into a queue that the writer's thread commits to the file within milliseconds
(`progress_writer`), so the UI never waits for the disk or for another copy's lock. Reads come
from the file while nothing of ours is waiting to be written (so a second copy of the app sees
this one's work), else from the copy. Opening decides what to do with a corrupt, newer,
read-only, locked or network-mounted file, and never raises.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tutor import progress_db as db
from tutor.datadir import PROC_MOUNTS, network_filesystem
from tutor.progress_health import SaveHealth
from tutor.progress_writer import WRITE_WAIT_S, Change, Writer

DB_NAME = "progress.sqlite3"
CLOSE_WAIT_S = 5.0
"""How long closing waits for the last changes to reach the disk."""
READ_WAIT_S = 0.05
"""How long a read waits for another copy's lock before the session's copy answers instead."""
READ_COOL_DOWN_S = 2.0
"""After a read found the file locked, reads use the session's copy for this long."""

Rows = list[tuple[Any, ...]]


class Storage:
    """The session's copy, the file's reader and the writer; build it with `Storage.open`."""

    def __init__(
        self,
        memory: sqlite3.Connection,
        *,
        path: Path | None,
        journal_mode: str,
        notices: Sequence[str] = (),
        network_fs: str | None = None,
        writer: Writer | None = None,
        reader: sqlite3.Connection | None = None,
    ) -> None:
        self._memory: sqlite3.Connection | None = memory
        self._writer = writer
        self._reader = reader
        self._reader_cold_until = 0.0
        self._lock = threading.RLock()
        self.path = path
        self._reader_identity = db.file_identity(path) if reader is not None and path else None
        """The file the reader reads: another file at the path (it was deleted and written
        again) is read from the session's copy."""
        self.journal_mode = journal_mode
        self.network_fs = network_fs
        self._notices = list(notices)

    @classmethod
    def open(
        cls, data_dir: Path, mounts_path: str | os.PathLike[str] = PROC_MOUNTS, wait: float = 1.0
    ) -> Storage:
        """Open (creating if needed) `data_dir`'s file; see ProgressStore.open."""
        data_dir = Path(data_dir)
        notices: list[str] = []
        network = network_filesystem(data_dir, mounts_path)
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = (
                "is read-only" if db.is_read_only_error(error) else f"cannot be created ({error})"
            )
            notices.append(f"data directory {data_dir} {reason}: progress will not be saved")
            return cls.in_memory(notices, None, network)
        path = data_dir / DB_NAME
        for _ in range(3):
            identity = db.file_identity(path)
            try:
                connection, mode = db.connect_file(path, network, wait)
            except db.Corrupt as error:
                try:
                    moved = db.move_aside(path, identity)
                except OSError as move_error:
                    notices.append(
                        f"progress file {path} is corrupt ({error}) and could not be moved aside "
                        f"({move_error}): progress will not be saved"
                    )
                    return cls.in_memory(notices, None, network)
                if moved is not None:
                    notices.append(
                        f"progress file was corrupt ({error}); moved to {moved}; starting fresh"
                    )
                continue
            except db.TooNew as error:
                notices.append(f"progress file {path} {error}: progress will not be saved")
                return cls.in_memory(notices, None, network)
            except (sqlite3.Error, OSError) as error:
                if isinstance(error, sqlite3.Error) and db.is_busy(error):
                    notices.append(
                        f"progress file busy for over {wait:g} s (another copy of the app?): "
                        "your work is kept and saved as soon as it is free"
                    )
                    return cls._saving(None, path, network, notices)
                if not db.writable(data_dir):
                    notices.append(
                        f"data directory {data_dir} is read-only: progress will not be saved"
                    )
                else:
                    notices.append(
                        f"cannot write progress file {path} ({error}): progress will not be saved"
                    )
                return cls.in_memory(notices, path, network)
            if network is not None:
                notices.append(
                    f"network filesystem ({network}): using a rollback journal instead of WAL"
                )
            return cls._saving((connection, mode), path, network, notices)
        notices.append(f"progress file {path} keeps changing under us: progress will not be saved")
        return cls.in_memory(notices, None, network)

    @classmethod
    def _saving(
        cls,
        opened: tuple[sqlite3.Connection, str] | None,
        path: Path,
        network: str | None,
        notices: list[str],
    ) -> Storage:
        """Storage saving to `path`, from its open connection (None: the writer opens it)."""
        reader = None
        if opened is None:
            memory, connection, mode = db.memory_copy(path), None, "delete" if network else "wal"
        else:
            connection, mode = opened
            memory = db.memory_copy(None, connection)
            with contextlib.suppress(sqlite3.Error):
                reader = sqlite3.connect(
                    path, timeout=READ_WAIT_S, isolation_level=None, check_same_thread=False
                )
                reader.execute("PRAGMA query_only = 1")
        connect = lambda: db.connect_file(path, network, WRITE_WAIT_S)[0]  # noqa: E731
        writer = Writer(connect, connection, path=path)
        return cls(
            memory,
            path=path,
            journal_mode=mode,
            notices=notices,
            network_fs=network,
            writer=writer,
            reader=reader,
        )

    @classmethod
    def in_memory(
        cls, notices: Sequence[str] = (), copy_from: Path | None = None, network: str | None = None
    ) -> Storage:
        """Storage that keeps this session's progress in memory, seeded from `copy_from`."""
        return cls(
            db.memory_copy(copy_from),
            path=None,
            journal_mode="memory",
            notices=notices,
            network_fs=network,
        )

    # -- what the store asks -------------------------------------------------------------------

    @property
    def notice(self) -> str | None:
        """What the student should be told about the store, one line per fact, or None."""
        if self._writer is not None:
            for dropped in self._writer.take_dropped():
                self.add_notice(dropped)
        return "\n".join(self._notices) or None

    def add_notice(self, message: str) -> None:
        if message not in self._notices:
            self._notices.append(message)

    @property
    def health(self) -> SaveHealth:
        """Whether changes reach the disk now; its message says what failed."""
        if self._writer is not None:
            return self._writer.health
        if self.path is None and self._memory is not None and self._notices:
            return SaveHealth(ok=False, message=self._notices[-1])
        return SaveHealth()

    def subscribe(self, listener: Callable[[SaveHealth], None]) -> None:
        if self._writer is not None:
            self._writer.subscribe(listener)

    def is_saved(self, ticket: int | None) -> bool:
        return ticket is not None and self._writer is not None and self._writer.is_saved(ticket)

    def flush(self, timeout: float) -> bool:
        return self._writer is None or self._writer.flush(timeout)

    def write(self, change: Change, *, entry: bool = False) -> int | None:
        """Apply `change` to the session's copy and queue it for the file, as one transaction.

        Returns its ticket for `is_saved` (None when nothing is saved to a file). A change
        whose values SQLite cannot store is dropped with a notice; saving goes on.
        """
        with self._lock:
            memory = self._memory
            if memory is None:
                return None
            try:
                with db.immediate(memory):
                    for sql, params in change:
                        memory.execute(sql, params)
            except (sqlite3.Error, OverflowError) as error:
                self.add_notice(f"a change was not saved ({error})")
                return None
            return self._writer.submit(change, entry=entry) if self._writer is not None else None

    def read(self, sql: str, params: tuple[Any, ...]) -> Rows:
        """Rows of a query: from the file when all our changes are in it, else from the copy."""
        with self._lock:
            if self._memory is None:
                return []
            reader, writer = self._reader, self._writer
            warm = time.monotonic() >= self._reader_cold_until
            path = self.path
            same = path is not None and db.file_identity(path) == self._reader_identity
            if reader is not None and writer is not None and warm and same and writer.idle():
                try:
                    return reader.execute(sql, params).fetchall()
                except sqlite3.Error:
                    self._reader_cold_until = time.monotonic() + READ_COOL_DOWN_S
            try:
                return self._memory.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                self.add_notice(f"could not read progress ({error})")
                return []

    def close(self, timeout: float) -> int:
        """Save what is pending (waiting at most `timeout` s) and close; returns changes unsaved."""
        with self._lock:
            writer, self._writer = self._writer, None
            connections = (self._memory, self._reader)
            self._memory = self._reader = None
        unsaved = writer.close(timeout) if writer is not None else 0
        for connection in connections:
            if connection is not None:
                with contextlib.suppress(sqlite3.Error):
                    connection.close()
        return unsaved
