"""Tests of the progress store: restore, statuses, concurrency, corruption, read-only, NFS."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tutor.progress import DB_NAME, InstanceState, ProgressStore
from tutor.progress_db import SCHEMA_VERSION

REF = "autodiff/reverse-1"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    with ProgressStore.open(tmp_path) as opened:
        yield opened


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


def _local_mounts(tmp_path: Path) -> Path:
    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/vda1 / ext4 rw 0 0\n")
    return mounts


def _nfs_mounts(tmp_path: Path, data_dir: Path) -> Path:
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/vda1 / ext4 rw 0 0\nfs1:/export {data_dir} nfs4 rw,vers=4.2 0 0\n")
    return mounts


# -- schema and restore ----------------------------------------------------------------------


def test_fresh_directory_is_created_and_migrated(tmp_path: Path) -> None:
    data_dir = tmp_path / "a" / "b"
    with ProgressStore.open(data_dir, mounts_path=_local_mounts(tmp_path)) as opened:
        assert (opened.saving, opened.journal_mode, opened.notice) == (True, "wal", None)
    path = data_dir / DB_NAME
    assert _rows(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    tables = {row[0] for row in _rows(path, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"attempt", "hint", "blank", "instance", "setting"}


def test_migrates_an_empty_file(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"")
    with ProgressStore.open(tmp_path) as opened:
        assert opened.saving and opened.notice is None
        opened.record_attempt(REF, 0, "value:a", "1", "correct", None, 0)
    assert _rows(tmp_path / DB_NAME, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_file_from_a_newer_version_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    before = path.read_bytes()
    with ProgressStore.open(tmp_path) as opened:
        assert not opened.saving
        assert opened.notice is not None and "newer dl-tutor" in opened.notice
        opened.record_attempt(REF, 0, "value:a", "1", "correct", None, 0)
        assert opened.instance_state(REF, 0).statuses == {"value:a": "correct"}
    assert path.read_bytes() == before


def test_state_is_restored_after_reopen(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path) as first:
        first.mark_opened(REF, 7)
        first.record_attempt(REF, 7, "value:v1", "2.5", "incorrect", "sign-flip", 0)
        first.record_hint(REF, 7, "value:v1", 1, revealed=False)
        first.record_hint(REF, 7, "value:v1", 2, revealed=False)
        first.record_attempt(REF, 7, "value:v1", "-2.5", "correct", None, 2)
        first.record_attempt(REF, 7, "adjoint:x", "3", "consistent", None, 0)
        first.record_hint(REF, 7, "adjoint:y", 4, revealed=True)
        first.record_time(REF, 7, 30.0)
        first.record_time(REF, 7, 12.5)
        first.set_setting("theme", "ansi-dark")
    with ProgressStore.open(tmp_path) as second:
        state = second.instance_state(REF, 7)
        assert state.entries == {"value:v1": "-2.5", "adjoint:x": "3"}
        assert state.statuses == {"value:v1": "correct", "adjoint:x": "consistent"}
        assert state.hints == {"value:v1": 2, "adjoint:y": 4}
        assert state.revealed == frozenset({"adjoint:y"})
        assert state.seconds == pytest.approx(42.5)
        assert state.started_at is not None and abs(state.started_at - time.time()) < 60
        assert [
            (a.blank_id, a.entry, a.status, a.mistake, a.hint_rung) for a in second.attempts(REF, 7)
        ] == [
            ("value:v1", "2.5", "incorrect", "sign-flip", 0),
            ("value:v1", "-2.5", "correct", None, 2),
            ("adjoint:x", "3", "consistent", None, 0),
        ]
        assert second.last_opened() == (REF, 7)
        assert second.current_seed(REF) == 7
        assert second.get_setting("theme") == "ansi-dark"
        assert second.get_setting("missing", "x") == "x"


def test_unknown_instance_is_empty(store: ProgressStore) -> None:
    assert store.instance_state(REF, 3) == InstanceState()
    assert store.last_opened() is None
    assert store.current_seed(REF) == 0
    assert store.exercise_status(REF, 4) == "not-started"


def test_hint_rung_never_goes_down(store: ProgressStore) -> None:
    store.record_hint(REF, 0, "b", 3, revealed=False)
    store.record_hint(REF, 0, "b", 1, revealed=False)
    store.record_attempt(REF, 0, "b", "1", "incorrect", None, 2)
    assert store.instance_state(REF, 0).hints == {"b": 3}


def test_last_opened_and_current_seed_follow_the_latest_use(store: ProgressStore) -> None:
    store.mark_opened("p/one", 0)
    store.mark_opened("p/two", 0)
    store.mark_opened("p/one", 5)
    assert store.last_opened() == ("p/one", 5)
    assert store.current_seed("p/one") == 5
    store.record_attempt("p/two", 0, "b", "1", "correct", None, 0)
    assert store.last_opened() == ("p/two", 0)
    assert store.current_seed("p/one") == 5


def test_bad_time_amounts_are_ignored(store: ProgressStore) -> None:
    for seconds in (-3.0, float("nan"), float("inf"), 0.0):
        store.record_time(REF, 0, seconds)
    assert store.instance_state(REF, 0).seconds == 0.0


# -- two copies of the app ---------------------------------------------------------------------


def _hammer(data_dir: Path, mounts: Path, worker: int, count: int) -> None:
    opened = ProgressStore.open(data_dir, mounts_path=mounts)
    for index in range(count):
        opened.record_attempt(REF, 0, f"w{worker}:{index}", str(index), "correct", None, 0)
        opened.record_hint(REF, 0, "shared", index % 4, revealed=False)
        opened.record_time(REF, 0, 1.0)
    assert opened.close(timeout=60) == 0
    assert opened.notice is None or "network" in opened.notice or "busy" in opened.notice


def _check_nothing_lost(data_dir: Path, workers: int, count: int) -> None:
    with ProgressStore.open(data_dir) as opened:
        state = opened.instance_state(REF, 0)
        assert len(opened.attempts(REF, 0)) == workers * count
    expected = {f"w{w}:{i}" for w in range(workers) for i in range(count)}
    assert set(state.statuses) == expected
    assert state.hints == {"shared": 3}
    assert state.seconds == workers * count
    assert _rows(data_dir / DB_NAME, "PRAGMA integrity_check") == [("ok",)]


def test_two_stores_in_threads_lose_nothing(tmp_path: Path) -> None:
    data_dir, mounts = tmp_path / "d", _local_mounts(tmp_path)
    threads = [
        threading.Thread(target=_hammer, args=(data_dir, mounts, worker, 150)) for worker in (0, 1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _check_nothing_lost(data_dir, 2, 150)


@pytest.mark.parametrize("filesystem", ["local", "nfs"])
def test_four_processes_lose_nothing(tmp_path: Path, filesystem: str) -> None:
    """Four app copies (processes) writing together, in WAL and in rollback-journal mode."""
    data_dir = tmp_path / "d"
    data_dir.mkdir()
    mounts = _local_mounts(tmp_path) if filesystem == "local" else _nfs_mounts(tmp_path, data_dir)
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    processes = [
        context.Process(target=_hammer, args=(data_dir, mounts, worker, 100)) for worker in range(4)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
    assert [process.exitcode for process in processes] == [0] * 4
    _check_nothing_lost(data_dir, 4, 100)


def _record_until_killed(data_dir: Path, confirmed: Any) -> None:
    """Record entries as fast as possible, reporting each one once it is saved."""
    store = ProgressStore.open(data_dir)
    tickets: dict[int, int] = {}
    index = 0
    while True:
        tickets[index] = store.record_attempt(REF, 0, f"b{index}", str(index), "correct", None, 0)
        index += 1
        for entry, ticket in list(tickets.items()):
            if store.is_saved(ticket):
                confirmed.send(entry)
                del tickets[entry]


@pytest.mark.skipif(sys.platform != "linux", reason="uses fork and SIGKILL")
def test_a_killed_app_keeps_every_saved_entry(tmp_path: Path) -> None:
    """kill -9 in the middle of a stream of entries: every entry reported saved is in the file."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_record_until_killed, args=(tmp_path, sender))
    process.start()
    confirmed = [receiver.recv() for _ in range(60)]
    os.kill(process.pid or 0, signal.SIGKILL)
    process.join(30)
    while receiver.poll():
        confirmed.append(receiver.recv())
    assert process.exitcode == -signal.SIGKILL
    with ProgressStore.open(tmp_path) as reopened:
        entries = reopened.instance_state(REF, 0).entries
        assert reopened.notice is None
    assert {f"b{index}" for index in confirmed} <= set(entries)


# -- damaged, read-only and network storage --------------------------------------------------


def test_garbage_file_is_moved_aside(tmp_path: Path) -> None:
    garbage = os.urandom(8192)
    (tmp_path / DB_NAME).write_bytes(garbage)
    with ProgressStore.open(tmp_path) as opened:
        assert opened.saving
        assert opened.notice is not None
        assert opened.notice.startswith("progress file was corrupt")
        assert "starting fresh" in opened.notice
        opened.record_attempt(REF, 0, "a", "1", "correct", None, 0)
    (moved,) = tmp_path.glob(f"{DB_NAME}.corrupt-*")
    assert str(moved) in (opened.notice or "")
    assert moved.read_bytes() == garbage
    with ProgressStore.open(tmp_path) as reopened:
        assert reopened.notice is None
        assert reopened.instance_state(REF, 0).statuses == {"a": "correct"}


def test_silently_damaged_page_is_found_by_quick_check(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path) as opened:
        for index in range(300):
            opened.record_attempt(REF, 0, f"b{index}", "x" * 50, "correct", None, 0)
    path = tmp_path / DB_NAME
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(1, len(data) // page_size):  # every page but the header's
        data[page * page_size : page * page_size + 40] = b"\xa5" * 40
    path.write_bytes(bytes(data))
    with ProgressStore.open(tmp_path) as reopened:
        assert reopened.saving
        assert reopened.notice is not None and "corrupt" in reopened.notice
        assert reopened.instance_state(REF, 0) == InstanceState()
    assert len(list(tmp_path.glob(f"{DB_NAME}.corrupt-*"))) == 1


@contextlib.contextmanager
def _read_only(directory: Path) -> Iterator[None]:
    """Make a directory truly read-only, also for root (immutable flag), or skip."""
    if os.geteuid() != 0:
        directory.chmod(0o555)
        try:
            yield
        finally:
            directory.chmod(0o755)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(directory)]).returncode != 0:
        pytest.skip("running as root without chattr +i: cannot make a read-only directory")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(directory)], check=True)


def test_read_only_directory_keeps_working_without_saving(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path) as opened:
        opened.record_attempt(REF, 0, "a", "1", "correct", None, 0)
    before = sorted(p.name for p in tmp_path.iterdir())
    content = (tmp_path / DB_NAME).read_bytes()
    with _read_only(tmp_path), ProgressStore.open(tmp_path) as read_only:
        assert not read_only.saving
        assert read_only.journal_mode == "memory"
        assert read_only.notice == (
            f"data directory {tmp_path} is read-only: progress will not be saved"
        )
        assert read_only.instance_state(REF, 0).statuses == {"a": "correct"}
        read_only.record_attempt(REF, 0, "b", "2", "incorrect", "m", 0)
        read_only.set_setting("theme", "x")
        assert read_only.instance_state(REF, 0).statuses == {"a": "correct", "b": "incorrect"}
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / DB_NAME).read_bytes() == content


def test_data_directory_that_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    with ProgressStore.open(tmp_path / "file" / "dl-tutor") as opened:
        assert not opened.saving
        assert opened.notice is not None and "progress will not be saved" in opened.notice
        opened.record_hint(REF, 0, "a", 2, revealed=False)
        assert opened.instance_state(REF, 0).hints == {"a": 2}


def test_a_value_sqlite_cannot_store_loses_one_change_only(store: ProgressStore) -> None:
    store.record_attempt(REF, 2**70, "a", "1", "correct", None, 0)
    store.record_attempt(REF, 0, "a", "1", "correct", None, 0)
    assert store.saving
    assert store.notice is not None and "a change was not saved" in store.notice
    assert store.instance_state(REF, 0).statuses == {"a": "correct"}


def test_network_filesystem_uses_a_rollback_journal(tmp_path: Path) -> None:
    data_dir = tmp_path / "d"
    with ProgressStore.open(data_dir, mounts_path=_nfs_mounts(tmp_path, data_dir)) as opened:
        assert opened.journal_mode == "delete"
        assert opened.network_fs == "nfs4"
        assert opened.notice == "network filesystem (nfs4): using a rollback journal instead of WAL"
        opened.record_attempt(REF, 0, "a", "1", "correct", None, 0)
        assert not (data_dir / f"{DB_NAME}-wal").exists()
    assert _rows(data_dir / DB_NAME, "PRAGMA journal_mode") == [("delete",)]


def test_closed_store_is_inert(tmp_path: Path) -> None:
    opened = ProgressStore.open(tmp_path)
    opened.close()
    opened.close()
    opened.record_attempt(REF, 0, "a", "1", "correct", None, 0)
    assert opened.instance_state(REF, 0) == InstanceState()
    assert opened.get_setting("theme", "d") == "d"
