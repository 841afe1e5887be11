"""Tests of saving in the background: held locks, failing and full disks, stale files, health."""

from __future__ import annotations

import contextlib
import os
import pwd
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import FlakyDisk

from tutor.progress import DB_NAME, ProgressStore
from tutor.progress_health import SaveHealth

REF = "autodiff/reverse-1"


#: The most a test waits for the writer's thread to reach a state. The tests assert states,
#: never speed: the bound only ends a hang. Generous because the writer retries up to every
#: 2 s (RETRY_PAUSES_S) and a thread on a CI machine shared five ways can wait many seconds
#: to run (the tmpfs test, 0.2 s alone, failed now and then with a 20 s bound under such load).
PATIENCE_S = 120.0


def _until(condition: Callable[[], bool], timeout: float = PATIENCE_S) -> None:
    """Wait for the writer's thread to reach a state (fails the test if it never does)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the writer never got there"
        time.sleep(0.01)


def _saved_blanks(data_dir: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(data_dir / DB_NAME)) as connection:
        return {row[0] for row in connection.execute("SELECT blank FROM blank")}


def _mounts(tmp_path: Path, data_dir: Path, filesystem: str) -> Path:
    mounts = tmp_path / "mounts"
    extra = f"fs1:/export {data_dir} nfs4 rw 0 0\n" if filesystem == "nfs" else ""
    mounts.write_text("/dev/vda1 / ext4 rw 0 0\n" + extra)
    return mounts


@contextlib.contextmanager
def _lock_held(path: Path) -> Iterator[sqlite3.Connection]:
    """Another copy of the app holding the write lock (a transaction left open)."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        with contextlib.suppress(sqlite3.Error):
            other.execute("COMMIT")
        other.close()


# -- another copy holds the lock -------------------------------------------------------------


@pytest.mark.parametrize("filesystem", ["local", "nfs"])
def test_a_held_lock_never_blocks_the_caller_and_is_reported(
    tmp_path: Path, filesystem: str
) -> None:
    data_dir = tmp_path / "d"
    data_dir.mkdir()
    mounts = _mounts(tmp_path, data_dir, filesystem)
    with ProgressStore.open(data_dir, mounts_path=mounts, wait=0.2) as store:
        with _lock_held(data_dir / DB_NAME):
            ticket = store.record_attempt(REF, 0, "a", "1", "correct", None, 0)
            assert not store.is_saved(ticket)  # returned while the lock is still held
            assert store.instance_state(REF, 0).entries == {"a": "1"}
            _until(lambda: not store.health.ok)
            health = store.health
            assert health.unsaved == 1
            assert health.message == (
                "your last entry was not saved: the progress file is locked by another program"
                " (another copy of dl-tutor?); it is kept and retried"
            )
        _until(lambda: store.is_saved(ticket))
        assert store.health.ok
        assert store.health.message == "saving works again: all your work is saved"
    assert _saved_blanks(data_dir) == {"a"}


@pytest.mark.parametrize("filesystem", ["local", "nfs"])
def test_an_open_that_waits_for_the_lock_still_saves_the_session(
    tmp_path: Path, filesystem: str
) -> None:
    data_dir = tmp_path / "d"
    with ProgressStore.open(data_dir) as first:
        first.record_attempt(REF, 0, "before", "1", "correct", None, 0)
    mounts = _mounts(tmp_path, data_dir, filesystem)
    with _lock_held(data_dir / DB_NAME):
        store = ProgressStore.open(data_dir, mounts_path=mounts, wait=0.2)
        assert store.saving
        assert store.notice is not None and "saved as soon as it is free" in store.notice
        assert store.instance_state(REF, 0).entries == {"before": "1"}
        store.record_attempt(REF, 0, "during", "2", "correct", None, 0)
    assert store.flush(timeout=PATIENCE_S)
    store.record_attempt(REF, 0, "after", "3", "correct", None, 0)
    assert store.close() == 0
    assert _saved_blanks(data_dir) == {"before", "during", "after"}


# -- the disk fails ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "words"),
    [
        ("database or disk is full", "the disk is full"),
        ("disk I/O error", "the disk reported an input/output error"),
        (
            "attempt to write a readonly database",
            "the progress file or its folder has become read-only",
        ),
    ],
)
def test_a_failing_write_is_reported_kept_and_retried(
    tmp_path: Path, flaky_disk: FlakyDisk, error: str, words: str
) -> None:
    heard: list[SaveHealth] = []
    with ProgressStore.open(tmp_path) as store:
        store.subscribe(heard.append)
        store.record_attempt(REF, 0, "a", "1", "correct", None, 0)
        assert store.flush(timeout=PATIENCE_S)
        flaky_disk.error = error
        tickets = [
            store.record_attempt(REF, 0, blank, "2", "incorrect", "sign-flip", 0)
            for blank in ("b", "c")
        ]
        failing = f"your last 2 entries were not saved: {words}"
        _until(lambda: (store.health.message or "").startswith(failing))
        assert not store.health.ok and store.health.unsaved == 2
        assert not any(store.is_saved(ticket) for ticket in tickets)
        assert set(store.instance_state(REF, 0).entries) == {"a", "b", "c"}
        assert _saved_blanks(tmp_path) == {"a"}
        flaky_disk.error = None
        _until(lambda: all(store.is_saved(ticket) for ticket in tickets))
        assert store.health.ok and store.health.unsaved == 0
    assert _saved_blanks(tmp_path) == {"a", "b", "c"}
    assert [health.ok for health in heard] == [False] * (len(heard) - 1) + [True]
    assert (heard[-2].message or "").startswith(failing)
    assert heard[-1].message == "saving works again: all your work is saved"


def test_closing_while_the_disk_fails_says_what_was_not_saved(
    tmp_path: Path, flaky_disk: FlakyDisk
) -> None:
    store = ProgressStore.open(tmp_path)
    flaky_disk.error = "database or disk is full"
    for blank in ("a", "b", "c"):
        store.record_attempt(REF, 0, blank, "1", "correct", None, 0)
    assert not store.flush(timeout=0.3)
    assert store.close(timeout=0.2) == 3
    assert store.close() == 0


def test_a_listener_that_raises_does_not_stop_saving(tmp_path: Path, flaky_disk: FlakyDisk) -> None:
    def broken(health: SaveHealth) -> None:
        raise RuntimeError("a bug in the UI")

    with ProgressStore.open(tmp_path) as store:
        store.subscribe(broken)
        flaky_disk.error = "disk I/O error"
        ticket = store.record_attempt(REF, 0, "a", "1", "correct", None, 0)
        _until(lambda: not store.health.ok)
        flaky_disk.error = None
        _until(lambda: store.is_saved(ticket))


@contextlib.contextmanager
def _small_tmpfs(directory: Path, size: str) -> Iterator[Path]:
    directory.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(directory)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield directory
    finally:
        subprocess.run(["umount", "-l", str(directory)], check=False)


def test_a_full_160k_tmpfs_is_reported_and_nothing_confirmed_is_lost(tmp_path: Path) -> None:
    """The disk fills up mid-session: said at once, entries kept, saved once there is room."""
    with _small_tmpfs(tmp_path / "small", "160k") as data_dir:
        store = ProgressStore.open(data_dir)
        heard: list[SaveHealth] = []
        store.subscribe(heard.append)
        filler = data_dir / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as out:
            while True:
                out.write(b"x" * 4096)
                out.flush()
        tickets = [
            store.record_attempt(REF, 0, f"b{index}", "y" * 200, "correct", None, 0)
            for index in range(30)
        ]
        _until(lambda: not store.health.ok)
        message = store.health.message or ""
        assert message.endswith("not saved: the disk is full; it is kept and retried"), message
        saved_while_full = sum(store.is_saved(ticket) for ticket in tickets)
        assert saved_while_full < 30
        assert len(store.instance_state(REF, 0).entries) == 30
        filler.unlink()
        _until(lambda: all(store.is_saved(ticket) for ticket in tickets))
        # Said once, when the first write after the failure succeeds; a later batch (under
        # load the 30 entries may take several) clears it, so it is looked for among the news.
        assert store.health.ok
        assert any("saving works again" in (news.message or "") for news in heard), heard
        assert store.close() == 0
        assert _saved_blanks(data_dir) == {f"b{index}" for index in range(30)}


# -- files left behind -------------------------------------------------------------------------


def _as_nobody_if_root() -> None:
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)


def _stale_read_only_shm(data_dir: str) -> None:
    """Leave a WAL file whose -shm is read-only, as a killed read-only session can."""
    _as_nobody_if_root()
    path = Path(data_dir) / DB_NAME
    with ProgressStore.open(Path(data_dir)) as store:
        store.record_attempt(REF, 0, "a", "1", "correct", None, 0)
    killed = sqlite3.connect(path, isolation_level=None)
    killed.execute("INSERT INTO setting VALUES ('left', 'in the wal')")
    shm = path.with_name(DB_NAME + "-shm")
    shm.chmod(0o444)
    os.kill(os.getpid(), signal.SIGKILL)  # leaves -wal and the read-only -shm behind


def _open_and_record(data_dir: str) -> None:
    _as_nobody_if_root()
    with ProgressStore.open(Path(data_dir)) as store:
        assert store.notice is None, store.notice
        assert store.get_setting("left") == "in the wal"
        ticket = store.record_attempt(REF, 0, "b", "2", "correct", None, 0)
        assert store.flush(timeout=PATIENCE_S) and store.is_saved(ticket)
    os._exit(0)


@pytest.mark.skipif(sys.platform != "linux", reason="uses fork and SIGKILL")
def test_a_stale_read_only_shm_does_not_stop_saving() -> None:
    """As root the two sessions run as nobody: root ignores file permissions."""
    with tempfile.TemporaryDirectory() as place:  # not under pytest's tmp: nobody cannot enter
        data_dir = Path(place)
        if os.geteuid() == 0:
            os.chown(data_dir, pwd.getpwnam("nobody").pw_uid, -1)
        _stale_then_reopen(data_dir)
        assert _saved_blanks(data_dir) == {"a", "b"}


def _stale_then_reopen(data_dir: Path) -> None:
    for step in (_stale_read_only_shm, _open_and_record):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                step(str(data_dir))
            finally:
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        if step is _stale_read_only_shm:
            assert os.WIFSIGNALED(status)
            assert not os.access(data_dir / f"{DB_NAME}-shm", os.W_OK) or os.geteuid() == 0
        else:
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def test_health_of_a_store_that_cannot_save_says_why(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    with ProgressStore.open(tmp_path / "file" / "dl-tutor") as store:
        health = store.health
        assert not health.ok
        assert health.message is not None and "progress will not be saved" in health.message
        assert store.record_attempt(REF, 0, "a", "1", "correct", None, 0) is None


def test_writes_from_several_threads_keep_their_order(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path) as store:
        threads = [
            threading.Thread(
                target=lambda worker=worker: [
                    store.record_attempt(REF, 0, "shared", f"{worker}:{n}", "correct", None, 0)
                    for n in range(50)
                ]
            )
            for worker in range(3)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        latest_in_memory = store.instance_state(REF, 0).entries["shared"]
    with ProgressStore.open(tmp_path) as reopened:
        assert reopened.instance_state(REF, 0).entries["shared"] == latest_in_memory
        assert len(reopened.attempts(REF, 0)) == 150


def test_a_program_that_exits_without_closing_still_saves(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from tutor.progress import ProgressStore\n"
        "store = ProgressStore.open(Path(sys.argv[1]))\n"
        "for n in range(50): store.record_attempt('p/x', 0, f'b{n}', '1', 'correct', None, 0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True, timeout=60)
    assert _saved_blanks(tmp_path) == {f"b{n}" for n in range(50)}
