"""Provides the progress store: every checked entry, hint and minute spent, in one SQLite file.

What the rows mean lives here; where they live and how they reach the disk is `progress_files`
(a copy in memory, a writer thread, a file that may be locked, full, read-only or on NFS). Every
change returns at once; a change is on disk within milliseconds (`is_saved`), committed with
`synchronous = FULL`, so once saved it survives a crash, a kill and a power loss. The store never
raises at its caller. docs/progress.md says what is kept, when, and what a failure costs.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from tutor import progress_db as db
from tutor.datadir import PROC_MOUNTS
from tutor.progress_files import CLOSE_WAIT_S, DB_NAME, Storage
from tutor.progress_health import SaveHealth
from tutor.progress_status import DONE, RAISE_BEST, RANKED_AT_ONCE, STATUSES, ranks_sql, status_of

__all__ = ["DB_NAME", "STATUSES", "Attempt", "InstanceState", "ProgressStore"]

_Params = tuple[Any, ...]

_LOG = (
    "SELECT blank, entry, status, mistake, hint_rung, at, mistakes, message, ref, seed FROM attempt"
)

_TOUCH = """
INSERT INTO instance (ref, seed, started_at, touched)
VALUES (?1, ?2, ?3, (SELECT coalesce(max(touched), 0) + 1 FROM instance))
ON CONFLICT (ref, seed) DO UPDATE SET touched = excluded.touched
"""
_ENSURE = """
INSERT INTO instance (ref, seed, started_at, touched)
VALUES (?1, ?2, ?3, (SELECT coalesce(max(touched), 0) + 1 FROM instance))
ON CONFLICT (ref, seed) DO NOTHING
"""
_ATTEMPT = """
INSERT INTO attempt (ref, seed, blank, entry, status, mistake, hint_rung, at, mistakes, message)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
_BLANKS = "UPDATE instance SET blanks = ?3 WHERE ref = ?1 AND seed = ?2"
_RESET = "DELETE FROM blank WHERE ref = ? AND seed = ?"
_TIME = "UPDATE instance SET seconds = seconds + ? WHERE ref = ? AND seed = ?"
_SETTING = """
INSERT INTO setting (key, value) VALUES (?1, ?2)
ON CONFLICT (key) DO UPDATE SET value = excluded.value
"""


_NONE: Mapping[str, Any] = MappingProxyType({})


class InstanceState(NamedTuple):
    """The saved state of one exercise instance (one exercise at one seed)."""

    entries: Mapping[str, str] = _NONE
    """Blank id -> the latest entry checked."""
    statuses: Mapping[str, str] = _NONE
    """Blank id -> the latest verdict status ("correct", "incorrect", ...)."""
    hints: Mapping[str, int] = _NONE
    """Blank id -> the highest hint rung shown (blanks without hints are absent)."""
    revealed: frozenset[str] = frozenset()
    """Blanks whose value was revealed."""
    started_at: float | None = None
    """Unix time the instance was first opened or worked on."""
    seconds: float = 0.0
    """Time spent, as reported through `record_time`."""
    best: str = "not-started"
    """The best status this instance reached (kept through retyping and resets); see STATUSES."""


class Attempt(NamedTuple):
    """One checked entry, as logged: for the summary, the skills and `tutor export`."""

    blank_id: str
    entry: str
    status: str
    """The verdict: correct, consistent, incorrect or invalid."""
    mistake: str | None
    """The first of `mistakes`, or None."""
    hint_rung: int
    """How many hints of this blank had been shown when the entry was checked."""
    at: float
    """Unix time (seconds since 1970-01-01 UTC)."""
    mistakes: tuple[str, ...] = ()
    """Every mistake id that explains the entry, most specific first."""
    message: str | None = None
    """The message the student was shown (None for attempts logged before it was kept)."""
    ref: str = ""
    """The exercise (PACK/ID)."""
    seed: int = 0
    """The instance's seed."""


class Reveal(NamedTuple):
    """An answer shown to the student, as logged."""

    ref: str
    seed: int
    blank_id: str
    at: float
    """Unix time (seconds since 1970-01-01 UTC)."""


def _attempt(row: tuple[Any, ...]) -> Attempt:
    blank, entry, status, mistake, hint_rung, at, mistakes, message, ref, seed = row
    try:
        every = tuple(str(item) for item in json.loads(mistakes or "[]"))
    except (ValueError, TypeError):
        every = (mistake,) if mistake else ()
    return Attempt(blank, entry, status, mistake, hint_rung, at, every, message, ref, seed)


class ProgressStore:
    """Progress kept in `<data_dir>/progress.sqlite3`; build it with `ProgressStore.open`."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        mounts_path: str | os.PathLike[str] = PROC_MOUNTS,
        wait: float = db.OPEN_WAIT_S,
    ) -> ProgressStore:
        """Open (creating if needed) the store in `data_dir`; never raises for a bad dir/file.

        A corrupt file is moved aside; a data directory that cannot be written gives a store
        that keeps progress in memory for the session and says so in `notice`. When another
        copy holds the lock for longer than `wait` seconds, the store opens on a copy of the
        file and the writer opens the file as soon as the lock is free.
        """
        return cls(Storage.open(data_dir, mounts_path, wait))

    @classmethod
    def in_memory(cls) -> ProgressStore:
        """A store that keeps progress in memory only (for tests and tools), saving nothing."""
        return cls(Storage.in_memory())

    @property
    def path(self) -> Path | None:
        """The database file, or None when progress is kept in memory only."""
        return self._storage.path

    @property
    def journal_mode(self) -> str:
        """The journal in use: "wal", "delete", or "memory" when nothing is saved."""
        return self._storage.journal_mode

    @property
    def network_fs(self) -> str | None:
        """The network filesystem type under the data directory, if any."""
        return self._storage.network_fs

    @property
    def saving(self) -> bool:
        """Whether changes go to the disk (False when read-only or unavailable; see `health`)."""
        return self._storage.path is not None

    @property
    def notice(self) -> str | None:
        """What the student should be told about the store, one line per fact, or None."""
        return self._storage.notice

    @property
    def health(self) -> SaveHealth:
        """Whether changes reach the disk now; its message says what failed or that all is well."""
        return self._storage.health

    def subscribe(self, listener: Callable[[SaveHealth], None]) -> None:
        """Call `listener(health)` when saving fails or recovers (from the writer's thread).

        The listener must not block (post a message; do not wait for the UI thread).
        """
        self._storage.subscribe(listener)

    def is_saved(self, ticket: int | None) -> bool:
        """Whether the change a write returned `ticket` for is on disk."""
        return self._storage.is_saved(ticket)

    def flush(self, timeout: float = CLOSE_WAIT_S) -> bool:
        """Wait (at most `timeout` s) until every change made so far is on disk."""
        return self._storage.flush(timeout)

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
        *,
        mistakes: Sequence[str] = (),
        message: str | None = None,
    ) -> int | None:
        """Log one checked entry and make it the blank's latest entry and status.

        `mistakes` lists every mistake id that explains it (`mistake` alone stands for a list
        of one); `message` is what the student was shown. Returns the change's ticket:
        `is_saved(ticket)` tells when it is on disk.
        """
        now = time.time()
        every = list(mistakes) or ([mistake] if mistake else [])
        first = every[0] if every else None
        logged = (ref, seed, blank_id, entry, status, first, hint_rung, now, json.dumps(every))
        change = (
            (_TOUCH, (ref, seed, now)),
            (_ATTEMPT, (*logged, message)),
            (_BLANK_ENTRY, (ref, seed, blank_id, entry, status, hint_rung)),
            (RAISE_BEST, (ref, seed)),
        )
        return self._storage.write(change, entry=True)

    def record_hint(
        self, ref: str, seed: int, blank_id: str, rung: int, revealed: bool
    ) -> int | None:
        """Log that hint `rung` of a blank was shown (`revealed`: the value itself)."""
        now = time.time()
        return self._write(
            (_TOUCH, (ref, seed, now)),
            (_HINT, (ref, seed, blank_id, rung, int(revealed), now)),
            (_BLANK_HINT, (ref, seed, blank_id, rung, int(revealed))),
            (RAISE_BEST, (ref, seed)),
        )

    def record_time(self, ref: str, seed: int, seconds: float) -> None:
        """Add `seconds` spent on an instance (negative or non-finite amounts are ignored)."""
        if not math.isfinite(seconds) or seconds <= 0:
            return
        # Not a touch: the time of a sheet just left must not make it the one to continue.
        self._write((_ENSURE, (ref, seed, time.time())), (_TIME, (seconds, ref, seed)))

    def mark_opened(self, ref: str, seed: int, total_blanks: int | None = None) -> None:
        """Note that an instance was opened: it becomes `last_opened` and ref's current seed.

        `total_blanks` (the worksheet's number of blanks) lets the store keep the instance's
        best result as it is reached; without it, statuses are judged when asked.
        """
        if total_blanks is None or total_blanks <= 0:
            self._write((_TOUCH, (ref, seed, time.time())))
            return
        self._write(
            (_TOUCH, (ref, seed, time.time())),
            (_BLANKS, (ref, seed, total_blanks)),
            (RAISE_BEST, (ref, seed)),
        )

    def reset(self, ref: str, seed: int) -> None:
        """Clear an instance's entries, hints and reveals for a fresh try.

        Its best result stays (the exercise stays done if it was), and so does the attempt log.
        """
        self._write((_TOUCH, (ref, seed, time.time())), (_RESET, (ref, seed)))

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
            "SELECT started_at, seconds, best FROM instance WHERE ref = ? AND seed = ?",
            (ref, seed),
        )
        started_at, seconds, best = timing[0] if timing else (None, 0.0, 0)
        return InstanceState(
            entries={blank: entry for blank, entry, *_ in rows if entry is not None},
            statuses={blank: status for blank, _, status, *_ in rows if status is not None},
            hints={row[0]: row[3] for row in rows if row[3] > 0},
            revealed=frozenset(row[0] for row in rows if row[4]),
            started_at=started_at,
            seconds=float(seconds),
            best=status_of(int(best)),
        )

    def attempts(self, ref: str, seed: int) -> tuple[Attempt, ...]:
        """Every checked entry of an instance, oldest first."""
        rows = self._read(_LOG + " WHERE ref = ? AND seed = ? ORDER BY id", (ref, seed))
        return tuple(_attempt(row) for row in rows)

    def attempt_log(self, since: float | None = None) -> tuple[Attempt, ...]:
        """Every checked entry of every exercise, oldest first; from Unix time `since` if given."""
        rows = self._read(_LOG + " WHERE at >= ? ORDER BY at, id", (since or 0.0,))
        return tuple(_attempt(row) for row in rows)

    def reveal_log(self, since: float | None = None) -> tuple[Reveal, ...]:
        """Every answer shown (by the last hint rung or the solution), oldest first."""
        rows = self._read(
            "SELECT ref, seed, blank, at FROM hint WHERE revealed = 1 AND at >= ? ORDER BY at, id",
            (since or 0.0,),
        )
        return tuple(Reveal(ref, int(seed), blank, float(at)) for ref, seed, blank, at in rows)

    def exercise_status(self, ref: str, total_blanks: int = 0) -> str:
        """The best status of ref over its seeds, one of STATUSES.

        An instance is judged on its blanks' latest verdicts and on the best result it ever
        reached (retyping a value or a reset does not take a done mark away); the exercise
        takes its best instance, so practising on new numbers keeps it done. `total_blanks`
        is the worksheet's number of blanks, used where the store was not told it at open.
        A revealed blank is not done: an exercise finished with reveals is "revealed".
        Opening without answering or asking for a hint leaves it not started.
        """
        return self.exercise_statuses([(ref, total_blanks)])[ref]

    def exercise_statuses(self, refs_and_totals: Sequence[tuple[str, int]]) -> dict[str, str]:
        """The status of each ref (see exercise_status), given its blank count, read in one
        query per RANKED_AT_ONCE refs (home lists every exercise on every frame it draws)."""
        ranks = dict.fromkeys((ref for ref, _ in refs_and_totals), 0)
        pairs = list(refs_and_totals)
        for start in range(0, len(pairs), RANKED_AT_ONCE):
            chunk = pairs[start : start + RANKED_AT_ONCE]
            params = tuple(value for pair in chunk for value in pair)
            for ref, rank in self._read(ranks_sql(len(chunk)), params):
                ranks[ref] = max(ranks[ref], int(rank or 0))
        return {ref: status_of(rank) for ref, rank in ranks.items()}

    def pack_progress(self, refs_and_totals: Sequence[tuple[str, int]]) -> tuple[int, int]:
        """(exercises done, with or without hints; exercises) over a pack's refs."""
        statuses = self.exercise_statuses(refs_and_totals)
        return sum(statuses[ref] in DONE for ref, _ in refs_and_totals), len(refs_and_totals)

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

    def close(self, timeout: float = CLOSE_WAIT_S) -> int:
        """Save what is pending (waiting at most `timeout` s) and close; returns changes unsaved.

        Idempotent; later calls do nothing and read as empty.
        """
        return self._storage.close(timeout)

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _write(self, *statements: tuple[str, _Params]) -> int | None:
        return self._storage.write(statements)

    def _read(self, sql: str, params: _Params) -> list[tuple[Any, ...]]:
        return self._storage.read(sql, params)
