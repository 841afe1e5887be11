"""The data directory deleted while the app runs (a clean-up script, `rm -rf ~/.local/share`).

SQLite went on writing into the deleted file, which was gone at the next start: the session
lost everything, and nothing said so. The writer notices, writes the file again (everything
saved before, from the deleted file it still holds open, then what follows) and says so.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from tutor.progress import DB_NAME, ProgressStore

REF = "autodiff/warmup-reverse"


def _until(condition: Callable[[], bool], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the writer never got there"
        time.sleep(0.01)


def _saved(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT blank FROM attempt")}


def test_a_data_directory_deleted_while_running_is_written_again_with_everything(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "dl-tutor"
    with ProgressStore.open(data_dir) as store:
        store.record_attempt(REF, 0, "value:a", "3", "correct", None, 0)
        assert store.flush(timeout=120)
        shutil.rmtree(data_dir)
        ticket = store.record_attempt(REF, 0, "value:b", "3", "correct", None, 0)
        _until(lambda: store.is_saved(ticket))
        assert store.health.ok
        assert "deleted" in (store.health.message or "")
        assert _saved(data_dir / DB_NAME) == {"value:a", "value:b"}
        assert set(store.instance_state(REF, 0).entries) == {"value:a", "value:b"}
    assert _saved(data_dir / DB_NAME) == {"value:a", "value:b"}
