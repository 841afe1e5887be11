"""Provides the SQLite file under the progress store: schema, migrations and the checks at open.

Opening runs `PRAGMA quick_check` (corruption can be silent), picks WAL or a rollback journal,
and migrates by `PRAGMA user_version` inside `BEGIN IMMEDIATE`, so two copies of the app
starting together migrate once. A corrupt file is renamed aside with its journal files.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

BUSY_TIMEOUT_S = 10.0
"""How long opening waits for another copy's lock before the writer takes over the wait."""
OPEN_WAIT_S = 1.0
"""How long the app's own start-up waits at most for a lock before it carries on unsaved-yet."""
WAL_CHECKPOINT_PAGES = 16
"""Checkpoint the WAL into the database once it holds this many pages (SQLite's default: 1000)."""
WAL_LIMIT_BYTES = 64 * 1024
"""Truncate the WAL back to this size after a checkpoint."""
_T = TypeVar("_T")

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 0 -> 1
        """CREATE TABLE attempt (
            id INTEGER PRIMARY KEY,
            ref TEXT NOT NULL, seed INTEGER NOT NULL, blank TEXT NOT NULL,
            entry TEXT NOT NULL, status TEXT NOT NULL, mistake TEXT,
            hint_rung INTEGER NOT NULL, at REAL NOT NULL)""",
        "CREATE INDEX attempt_by_instance ON attempt (ref, seed)",
        """CREATE TABLE hint (
            id INTEGER PRIMARY KEY,
            ref TEXT NOT NULL, seed INTEGER NOT NULL, blank TEXT NOT NULL,
            rung INTEGER NOT NULL, revealed INTEGER NOT NULL, at REAL NOT NULL)""",
        """CREATE TABLE blank (
            ref TEXT NOT NULL, seed INTEGER NOT NULL, blank TEXT NOT NULL,
            entry TEXT, status TEXT,
            hint_rung INTEGER NOT NULL DEFAULT 0, revealed INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (ref, seed, blank)) WITHOUT ROWID""",
        """CREATE TABLE instance (
            ref TEXT NOT NULL, seed INTEGER NOT NULL,
            started_at REAL, seconds REAL NOT NULL DEFAULT 0, touched INTEGER NOT NULL,
            PRIMARY KEY (ref, seed)) WITHOUT ROWID""",
        "CREATE INDEX instance_by_touch ON instance (touched)",
        "CREATE INDEX instance_by_ref ON instance (ref, touched)",
        "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    ),
    (  # 1 -> 2: every mistake and the message shown; an instance's blank count and best result
        "ALTER TABLE attempt ADD COLUMN mistakes TEXT NOT NULL DEFAULT '[]'",
        """UPDATE attempt SET mistakes = '["' || replace(mistake, '"', '\\"') || '"]'
            WHERE mistake IS NOT NULL""",
        "ALTER TABLE attempt ADD COLUMN message TEXT",
        "CREATE INDEX attempt_by_time ON attempt (at)",
        "ALTER TABLE instance ADD COLUMN blanks INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE instance ADD COLUMN best INTEGER NOT NULL DEFAULT 0",
    ),
)
"""MIGRATIONS[n] takes a file from user_version n to n + 1; append, never edit."""

SCHEMA_VERSION = len(MIGRATIONS)


class Corrupt(Exception):
    """The file failed `quick_check` or is not a SQLite database."""


class TooNew(Exception):
    """The file was written by a newer dl-tutor, whose schema this one does not know."""


def migrate(connection: sqlite3.Connection) -> None:
    """Bring the schema to SCHEMA_VERSION; call inside a write transaction.

    The version is written even when already current: that makes every open a write probe,
    so a directory that cannot be written is found at open, not at the first answer.
    """
    version = _refuse_newer(connection)
    for statements in MIGRATIONS[version:]:
        for sql in statements:
            connection.execute(sql)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def connect_file(
    path: Path, network: str | None, wait: float = BUSY_TIMEOUT_S
) -> tuple[sqlite3.Connection, str]:
    """Open, check, configure and migrate the file; returns the connection and journal mode.

    `wait` bounds each wait for another connection's lock. Raises Corrupt, TooNew,
    sqlite3.Error or OSError; the connection is closed on failure.
    """
    restore_write_permission(path)
    connection = sqlite3.connect(path, timeout=wait, isolation_level=None, check_same_thread=False)
    try:
        mode = _retry_busy(lambda: _prepare(connection, "delete" if network else "wal"), wait)
    except BaseException:
        connection.close()
        raise
    return connection, mode


def _prepare(connection: sqlite3.Connection, wanted: str) -> str:
    """Check the file, set its journal mode and migrate it; returns the journal mode in use."""
    try:
        check = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        if is_corruption(error):
            raise Corrupt(str(error)) from error
        raise
    if check != [("ok",)]:
        raise Corrupt("; ".join(str(row[0]) for row in check[:3]))
    _refuse_newer(connection)  # before the journal mode touches the file
    mode = str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    if mode != wanted:
        mode = str(connection.execute(f"PRAGMA journal_mode = {wanted}").fetchone()[0]).lower()
    connection.execute("PRAGMA synchronous = FULL")  # a commit is on disk: see docs/progress.md
    if mode == "wal":  # keep the WAL small: on a nearly full disk it would take all the room
        connection.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
        connection.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT_BYTES}")
    with immediate(connection):
        migrate(connection)
    return mode


def _retry_busy(step: Callable[[], _T], wait: float) -> _T:
    """Run `step`, retrying while the file is busy, for up to `wait` seconds.

    Changing the journal mode while another copy of the app opens the same new file fails
    at once with SQLITE_BUSY: SQLite does not call its busy handler there.
    """
    deadline = time.monotonic() + wait
    delay = 0.002
    while True:
        try:
            return step()
        except sqlite3.OperationalError as error:
            if not is_busy(error) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


@contextlib.contextmanager
def immediate(connection: sqlite3.Connection) -> Iterator[None]:
    """A write transaction that takes the write lock first, waiting out the busy timeout.

    A deferred transaction that reads and then writes fails at once with SQLITE_BUSY when
    another connection wrote in between, whatever the timeout; this one cannot.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if connection.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def memory_copy(path: Path | None, source: sqlite3.Connection | None = None) -> sqlite3.Connection:
    """An in-memory database holding what `source` (or the file at `path`) holds, if readable.

    Falls back to an empty database when the copy cannot be read or has a newer schema.
    """
    memory = _new_memory()
    try:
        if source is not None:
            source.backup(memory)
        elif path is not None and path.is_file():
            _copy_file(path, memory)
        with immediate(memory):
            migrate(memory)
    except (sqlite3.Error, OSError, TooNew):
        memory.close()
        memory = _new_memory()
        with immediate(memory):
            migrate(memory)
    return memory


def _copy_file(path: Path, memory: sqlite3.Connection) -> None:
    """Copy the file into `memory`: read-only with locks (so its WAL is seen), else immutable.

    The immutable open is for a directory where even the lock files cannot be created.
    """
    base = path.absolute().as_uri()
    try:
        with contextlib.closing(sqlite3.connect(base + "?mode=ro", uri=True, timeout=0.2)) as ro:
            ro.backup(memory)
            return
    except sqlite3.Error:
        pass
    with contextlib.closing(sqlite3.connect(base + "?mode=ro&immutable=1", uri=True)) as ro:
        ro.backup(memory)


def restore_write_permission(path: Path) -> None:
    """Give the owner back write permission on the file and its journals, where we own them.

    A session on a read-only copy can leave a `-shm` (or the file) without write permission;
    SQLite then opens it read-only and every write fails once the directory is writable again.
    Nothing is done in a read-only directory, or to a file owned by someone else.
    """
    if not path.parent.is_dir() or not os.access(path.parent, os.W_OK):
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        name = path.with_name(path.name + suffix)
        with contextlib.suppress(OSError):
            mode = name.stat().st_mode
            if not mode & stat.S_IWUSR and name.stat().st_uid == os.geteuid():
                name.chmod(mode | stat.S_IWUSR)


def move_aside(path: Path, identity: tuple[int, int] | None) -> Path | None:
    """Rename a corrupt file (and its journals) to `<name>.corrupt-<time>`; None if it is gone.

    `identity` is the file's (device, inode) when it was found corrupt: if another copy of the
    app has already replaced the file with a fresh one, nothing is moved.
    """
    if identity is None or file_identity(path) != identity:
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    os.replace(path, target)
    for suffix in ("-wal", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    with contextlib.suppress(OSError):
        path.with_name(path.name + "-shm").unlink()
    return target


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of a file, or None if it does not exist."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def is_busy(error: sqlite3.Error) -> bool:
    """Whether an error means another connection held the lock past the busy timeout."""
    code = _error_code(error)
    if code is not None:
        return code in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED
    return "locked" in str(error)


def is_storage_failure(error: BaseException) -> bool:
    """Whether an error means the file cannot take writes any more (read-only, full, I/O...).

    Not a busy lock, and not a value that could not be stored (those lose one change only).
    """
    if not isinstance(error, sqlite3.Error) or is_busy(error):
        return False
    return isinstance(error, sqlite3.OperationalError) or is_corruption(error)


def is_corruption(error: sqlite3.Error) -> bool:
    """Whether an error means the file is damaged or not a database at all."""
    code = _error_code(error)
    if code is not None:
        return code in (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
    text = str(error)
    return "malformed" in text or "not a database" in text


_FAILURE_WORDS = {
    13: "the disk is full",  # SQLITE_FULL
    10: "the disk reported an input/output error",  # SQLITE_IOERR
    8: "the progress file or its folder has become read-only",  # SQLITE_READONLY
    14: "the progress file cannot be opened",  # SQLITE_CANTOPEN
    5: "the progress file is locked by another program (another copy of dl-tutor?)",
    6: "the progress file is locked by another program (another copy of dl-tutor?)",
    11: "the progress file is damaged",  # SQLITE_CORRUPT
    26: "the progress file is not a database any more",  # SQLITE_NOTADB
}
_FAILURE_TEXTS = (
    ("full", 13),
    ("disk i/o", 10),
    ("readonly", 8),
    ("read-only", 8),
    ("unable to open", 14),
    ("locked", 5),
    ("malformed", 11),
    ("not a database", 26),
)
_OS_FAILURE_WORDS = {
    errno.ENOSPC: 13,
    errno.EDQUOT: 13,
    errno.EIO: 10,
    errno.EROFS: 8,
    errno.EACCES: 8,
    errno.EPERM: 8,
}


def failure_words(error: BaseException) -> str:
    """Why a write failed, in words a student understands ("the disk is full")."""
    if isinstance(error, Corrupt):
        return f"the progress file is damaged ({error})"
    if isinstance(error, TooNew):
        return f"the progress file {error}"
    code: int | None = None
    if isinstance(error, sqlite3.Error):
        code = _error_code(error)
        text = str(error).lower()
        if code not in _FAILURE_WORDS:
            code = next((known for words, known in _FAILURE_TEXTS if words in text), None)
    elif isinstance(error, OSError):
        code = _OS_FAILURE_WORDS.get(error.errno or 0)
    return _FAILURE_WORDS.get(code or -1, f"the progress file could not be written ({error})")


def is_disk_full(error: BaseException) -> bool:
    """Whether a write failed because the disk (or the user's quota) is full."""
    return failure_words(error) == _FAILURE_WORDS[13]


def make_room(connection: sqlite3.Connection) -> None:
    """Give back the space a WAL file holds: copy it into the database and truncate it.

    On a nearly full disk the WAL alone can take all the room (it only shrinks at a
    checkpoint); the database itself then often still fits.
    """
    with contextlib.suppress(sqlite3.Error):
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def is_read_only_error(error: OSError) -> bool:
    """Whether an OSError from creating a directory means it is read-only or not ours."""
    return error.errno in (errno.EROFS, errno.EACCES, errno.EPERM)


def writable(directory: Path) -> bool:
    """Whether a file can really be created in `directory` (os.access is wrong for root)."""
    try:
        with tempfile.TemporaryFile(dir=directory):
            return True
    except OSError:
        return False


def _refuse_newer(connection: sqlite3.Connection) -> int:
    """The file's schema version; raises TooNew if this dl-tutor does not know it."""
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise TooNew(
            f"was written by a newer dl-tutor (schema {version}, this one knows {SCHEMA_VERSION})"
        )
    return version


def _new_memory() -> sqlite3.Connection:
    return sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)


def _error_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
    return None if code is None else int(code) & 0xFF
