"""Provides the progress store: every checked entry, hint and minute spent, in one SQLite file.

Each write is its own `BEGIN IMMEDIATE` transaction, committed at once, so a crash loses at
most the entry being typed and two copies of the app on one account queue for the write lock
(busy timeout) instead of failing or losing rows. WAL is used except on a network filesystem,
where a rollback journal is. The store never raises at its caller: a corrupt file is moved
aside, and a data directory that cannot be written gives a store that keeps progress in memory
for the session and says so in `notice`.
"""

from __future__ import annotations

import contextlib
import math
import os
import sqlite3
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor import progress_db as db
from tutor.datadir import PROC_MOUNTS, network_filesystem

DB_NAME = "progress.sqlite3"

_Params = tuple[Any, ...]

_TOUCH = """
INSERT INTO instance (ref, seed, started_at, touched)
VALUES (?1, ?2, ?3, (SELECT coalesce(max(touched), 0) + 1 FROM instance))
ON CONFLICT (ref, seed) DO UPDATE SET touched = excluded.touched
"""
_ATTEMPT = """
INSERT INTO attempt (ref, seed, blank, entry, status, mistake, hint_rung, at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
"""
_BLANK_ENTRY = """
INSERT INTO blank (ref, seed, blank, entry, status, hint_rung) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT (ref, seed, blank) DO UPDATE SET
    entry = excluded.entry, status = excluded.status,
    hint_rung = max(hint_rung, excluded.hint_rung)
"""
_HINT = "INSERT INTO hint (ref, seed, blank, rung, revealed, at) VALUES (?, ?, ?, ?, ?, ?)"
_BLANK_HINT = """
INSERT INTO blank (ref, seed, blank, hint_rung, revealed) VALUES (?1, ?2, ?3, ?4, ?5)
ON CONFLICT (ref, seed, blank) DO UPDATE SET
    hint_rung = max(hint_rung, excluded.hint_rung), revealed = max(revealed, excluded.revealed)
"""
_TIME = "UPDATE instance SET seconds = seconds + ? WHERE ref = ? AND seed = ?"
_SETTING = """
INSERT INTO setting (key, value) VALUES (?1, ?2)
ON CONFLICT (key) DO UPDATE SET value = excluded.value
"""


@dataclass(frozen=True)
class InstanceState:
    """The saved state of one exercise instance (one exercise at one seed)."""

    entries: Mapping[str, str] = field(default_factory=dict)
    """Blank id -> the latest entry checked."""
    statuses: Mapping[str, str] = field(default_factory=dict)
    """Blank id -> the latest verdict status ("correct", "incorrect", ...)."""
    hints: Mapping[str, int] = field(default_factory=dict)
    """Blank id -> the highest hint rung shown (blanks without hints are absent)."""
    revealed: frozenset[str] = frozenset()
    """Blanks whose value was revealed."""
    started_at: float | None = None
    """Unix time the instance was first opened or worked on."""
    seconds: float = 0.0
    """Time spent, as reported through `record_time`."""


@dataclass(frozen=True)
class Attempt:
    """One checked entry, as logged: for the summary (first-try accuracy, mistakes met)."""

    blank_id: str
    entry: str
    status: str
    mistake: str | None
    hint_rung: int
    at: float


class ProgressStore:
    """Progress kept in `<data_dir>/progress.sqlite3`; build it with `ProgressStore.open`."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        *,
        path: Path | None,
        journal_mode: str,
        notices: Sequence[str] = (),
        network_fs: str | None = None,
    ) -> None:
        self._connection: sqlite3.Connection | None = connection
        self._lock = threading.RLock()
        self.path = path
        """The database file, or None when progress is kept in memory only."""
        self.journal_mode = journal_mode
        """The journal in use: "wal", "delete", or "memory" when nothing is saved."""
        self.network_fs = network_fs
        """The network filesystem type under the data directory, if any."""
        self._notices = list(notices)

    @property
    def saving(self) -> bool:
        """Whether writes reach the disk (False when read-only or unavailable)."""
        return self.path is not None

    @property
    def notice(self) -> str | None:
        """What the student should be told about the store, one line per fact, or None."""
        return "\n".join(self._notices) or None

    @classmethod
    def open(
        cls, data_dir: Path, *, mounts_path: str | os.PathLike[str] = PROC_MOUNTS
    ) -> ProgressStore:
        """Open (creating if needed) the store in `data_dir`; never raises for a bad dir/file."""
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
            return cls._in_memory(notices, None, network)
        path = data_dir / DB_NAME
        for _ in range(3):
            identity = db.file_identity(path)
            try:
                connection, mode = db.connect_file(path, network)
            except db.Corrupt as error:
                try:
                    moved = db.move_aside(path, identity)
                except OSError as move_error:
                    notices.append(
                        f"progress file {path} is corrupt ({error}) and could not be moved aside "
                        f"({move_error}): progress will not be saved"
                    )
                    return cls._in_memory(notices, None, network)
                if moved is not None:
                    notices.append(
                        f"progress file was corrupt ({error}); moved to {moved}; starting fresh"
                    )
                continue
            except db.TooNew as error:
                notices.append(f"progress file {path} {error}: progress will not be saved")
                return cls._in_memory(notices, None, network)
            except (sqlite3.Error, OSError) as error:
                if not db.writable(data_dir):
                    notices.append(
                        f"data directory {data_dir} is read-only: progress will not be saved"
                    )
                else:
                    notices.append(
                        f"cannot write progress file {path} ({error}): progress will not be saved"
                    )
                return cls._in_memory(notices, path, network)
            if network is not None:
                notices.append(
                    f"network filesystem ({network}): using a rollback journal instead of WAL"
                )
            return cls(
                connection, path=path, journal_mode=mode, notices=notices, network_fs=network
            )
        notices.append(f"progress file {path} keeps changing under us: progress will not be saved")
        return cls._in_memory(notices, None, network)

    @classmethod
    def _in_memory(
        cls, notices: list[str], copy_from: Path | None, network: str | None
    ) -> ProgressStore:
        """A store that keeps this session's progress in memory, seeded from `copy_from`."""
        connection = db.memory_copy(copy_from)
        return cls(
            connection, path=None, journal_mode="memory", notices=notices, network_fs=network
        )

    # -- writes ------------------------------------------------------------------------------

    def record_attempt(
        self,
        ref: str,
        seed: int,
        blank_id: str,
        entry: str,
        status: str,
        mistake: str | None,
        hint_rung: int,
    ) -> None:
        """Log one checked entry and make it the blank's latest entry and status."""
        now = time.time()
        self._write(
            (_TOUCH, (ref, seed, now)),
            (_ATTEMPT, (ref, seed, blank_id, entry, status, mistake, hint_rung, now)),
            (_BLANK_ENTRY, (ref, seed, blank_id, entry, status, hint_rung)),
        )

    def record_hint(self, ref: str, seed: int, blank_id: str, rung: int, revealed: bool) -> None:
        """Log that hint `rung` of a blank was shown (`revealed`: the value itself)."""
        now = time.time()
        self._write(
            (_TOUCH, (ref, seed, now)),
            (_HINT, (ref, seed, blank_id, rung, int(revealed), now)),
            (_BLANK_HINT, (ref, seed, blank_id, rung, int(revealed))),
        )

    def record_time(self, ref: str, seed: int, seconds: float) -> None:
        """Add `seconds` spent on an instance (negative or non-finite amounts are ignored)."""
        if not math.isfinite(seconds) or seconds <= 0:
            return
        self._write((_TOUCH, (ref, seed, time.time())), (_TIME, (seconds, ref, seed)))

    def mark_opened(self, ref: str, seed: int) -> None:
        """Note that an instance was opened: it becomes `last_opened` and ref's current seed."""
        self._write((_TOUCH, (ref, seed, time.time())))

    def set_setting(self, key: str, value: str) -> None:
        """Remember a setting (the theme, say) across sessions."""
        self._write((_SETTING, (key, value)))

    # -- reads -------------------------------------------------------------------------------

    def instance_state(self, ref: str, seed: int) -> InstanceState:
        """The saved entries, statuses, hints and time of one instance (empty if never seen)."""
        rows = self._read(
            "SELECT blank, entry, status, hint_rung, revealed FROM blank"
            " WHERE ref = ? AND seed = ?",
            (ref, seed),
        )
        timing = self._read(
            "SELECT started_at, seconds FROM instance WHERE ref = ? AND seed = ?", (ref, seed)
        )
        started_at, seconds = timing[0] if timing else (None, 0.0)
        return InstanceState(
            entries={blank: entry for blank, entry, *_ in rows if entry is not None},
            statuses={blank: status for blank, _, status, *_ in rows if status is not None},
            hints={row[0]: row[3] for row in rows if row[3] > 0},
            revealed=frozenset(row[0] for row in rows if row[4]),
            started_at=started_at,
            seconds=float(seconds),
        )

    def attempts(self, ref: str, seed: int) -> tuple[Attempt, ...]:
        """Every checked entry of an instance, oldest first."""
        rows = self._read(
            "SELECT blank, entry, status, mistake, hint_rung, at FROM attempt"
            " WHERE ref = ? AND seed = ? ORDER BY id",
            (ref, seed),
        )
        return tuple(Attempt(*row) for row in rows)

    def exercise_status(self, ref: str, total_blanks: int) -> str:
        """The best status of ref over its seeds: not-started, in-progress, done, done-with-hints.

        A blank is done when its latest status is correct or its value was revealed; an
        instance is done when `total_blanks` blanks are. An exercise done once stays done when
        the student practises it again on new numbers. Opening without answering or asking
        for a hint leaves it not started.
        """
        rows = self._read(
            "SELECT count(*), coalesce(sum(status IN ('correct') OR revealed), 0),"
            " coalesce(sum(hint_rung > 0 OR revealed), 0) FROM blank"
            " WHERE ref = ?1 GROUP BY seed",
            (ref,),
        )
        statuses = {"not-started"}
        for touched, done, hinted in rows:
            if total_blanks > 0 and done >= total_blanks:
                statuses.add("done-with-hints" if hinted else "done")
            elif touched:
                statuses.add("in-progress")
        for status in ("done", "done-with-hints", "in-progress"):
            if status in statuses:
                return status
        return "not-started"

    def pack_progress(self, refs_and_totals: Sequence[tuple[str, int]]) -> tuple[int, int]:
        """(exercises done, with or without hints; exercises) over a pack's refs."""
        done = sum(
            self.exercise_status(ref, total) in ("done", "done-with-hints")
            for ref, total in refs_and_totals
        )
        return done, len(refs_and_totals)

    def last_opened(self) -> tuple[str, int] | None:
        """(ref, seed) of the instance opened or worked on last, for "continue"."""
        rows = self._read("SELECT ref, seed FROM instance ORDER BY touched DESC LIMIT 1", ())
        return (rows[0][0], rows[0][1]) if rows else None

    def current_seed(self, ref: str) -> int:
        """The seed last opened or worked on for `ref` (0 if none)."""
        rows = self._read(
            "SELECT seed FROM instance WHERE ref = ? ORDER BY touched DESC LIMIT 1", (ref,)
        )
        return int(rows[0][0]) if rows else 0

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """A remembered setting, or `default`."""
        rows = self._read("SELECT value FROM setting WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else default

    # -- lifetime ----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the file (idempotent); later calls do nothing and read as empty."""
        with self._lock:
            if self._connection is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._connection.close()
                self._connection = None

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- internals ---------------------------------------------------------------------------

    def _write(self, *statements: tuple[str, _Params]) -> None:
        """Run `statements` in one committed `BEGIN IMMEDIATE` transaction; never raises."""
        with self._lock:
            connection = self._connection
            if connection is None:
                return
            try:
                with db.immediate(connection):
                    for sql, params in statements:
                        connection.execute(sql, params)
            except (sqlite3.Error, OverflowError) as error:
                self._on_write_error(error, statements)

    def _on_write_error(
        self, error: sqlite3.Error | OverflowError, statements: Sequence[tuple[str, _Params]]
    ) -> None:
        """The file failed (read-only, full, I/O, corrupt): carry on in memory, unsaved.

        A lock held past the busy timeout, or a value SQLite cannot store, loses this one
        change only: saving goes on.
        """
        if isinstance(error, sqlite3.Error) and db.is_busy(error):
            self._add_notice(
                f"progress file busy for {db.BUSY_TIMEOUT_S:.0f} s (another copy of the app?): "
                "a change was not saved"
            )
            return
        if self.path is None or not db.is_storage_failure(error):
            self._add_notice(f"a change was not saved ({error})")
            return
        self._add_notice(f"could not save progress ({error}): progress will not be saved")
        old, path = self._connection, self.path
        self._connection = db.memory_copy(path, old)
        self.path, self.journal_mode = None, "memory"
        if old is not None:
            with contextlib.suppress(sqlite3.Error):
                old.close()
        with contextlib.suppress(sqlite3.Error), db.immediate(self._connection):
            for sql, params in statements:
                self._connection.execute(sql, params)

    def _read(self, sql: str, params: _Params) -> list[tuple[Any, ...]]:
        """Rows of a query; empty (with a notice) when the file cannot be read."""
        with self._lock:
            if self._connection is None:
                return []
            try:
                return self._connection.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                self._add_notice(f"could not read progress ({error})")
                return []

    def _add_notice(self, message: str) -> None:
        if message not in self._notices:
            self._notices.append(message)
