"""Tests of schema upgrades: a file made by an older dl-tutor is upgraded in place, losing nothing.

fixtures/progress-v1.sqlite3 was made by the schema-1 store (before the attempt log kept every
mistake and the message shown): two exercises, an incorrect entry with a mistake, a hint, a
reveal, time spent and a theme. It is never rewritten; each test works on a copy.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from tutor.progress import DB_NAME, ProgressStore
from tutor.progress_db import MIGRATIONS, SCHEMA_VERSION

FIXTURE = Path(__file__).parent / "fixtures" / "progress-v1.sqlite3"
WARM_UP = "autodiff/warm-up"


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    shutil.copyfile(FIXTURE, tmp_path / DB_NAME)
    return tmp_path


def _schema(path: Path) -> dict[str, str]:
    """Table and index definitions by name, whitespace normalised."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        return {name: " ".join(sql.split()) for name, sql in rows}


def _version(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])


def test_the_fixture_is_a_schema_1_file() -> None:
    assert _version(FIXTURE) == 1
    assert SCHEMA_VERSION == len(MIGRATIONS) > 1


def test_an_old_file_is_upgraded_in_place_and_keeps_everything(old_file: Path) -> None:
    inode = (old_file / DB_NAME).stat().st_ino
    with ProgressStore.open(old_file) as store:
        assert store.saving and store.notice is None
        state = store.instance_state(WARM_UP, 0)
        assert state.entries == {"value:a": "3", "value:b": "3", "value:f": "9"}
        assert state.statuses == {
            "value:a": "correct",
            "value:b": "correct",
            "value:f": "consistent",
        }
        assert state.hints == {"value:b": 1, "adjoint:f:a": 4}
        assert state.revealed == {"adjoint:f:a"}
        assert state.seconds == 95.5
        logged = [(a.blank_id, a.entry, a.status, a.mistakes) for a in store.attempts(WARM_UP, 0)]
        assert logged == [
            ("value:a", "3", "correct", ()),
            ("value:b", "2", "incorrect", ("sign-flip",)),
            ("value:b", "3", "correct", ()),
            ("value:f", "9", "consistent", ()),
        ]
        assert all(attempt.message is None for attempt in store.attempts(WARM_UP, 0))
        assert store.last_opened() == ("optim/gd-quartic", 17)
        assert store.current_seed(WARM_UP) == 0
        assert store.get_setting("theme") == "textual-light"
        assert store.exercise_status(WARM_UP, 4) == "in-progress"
        assert store.exercise_status("optim/gd-quartic", 1) == "done"
    assert (old_file / DB_NAME).stat().st_ino == inode  # in place, not moved aside
    assert list(old_file.glob("*.corrupt-*")) == []
    assert _version(old_file / DB_NAME) == SCHEMA_VERSION


def test_an_upgraded_file_has_the_schema_of_a_new_one(old_file: Path, tmp_path: Path) -> None:
    ProgressStore.open(old_file).close()
    fresh = tmp_path / "fresh"
    ProgressStore.open(fresh).close()
    assert _schema(old_file / DB_NAME) == _schema(fresh / DB_NAME)


def test_an_upgraded_file_takes_the_new_kinds_of_record(old_file: Path) -> None:
    with ProgressStore.open(old_file) as store:
        store.mark_opened(WARM_UP, 0, total_blanks=4)
        store.record_attempt(
            WARM_UP,
            0,
            "value:f",
            "9",
            "correct",
            None,
            0,
            mistakes=(),
            message="",
        )
        store.record_attempt(
            WARM_UP, 0, "adjoint:f:a", "3", "incorrect", None, 4, mistakes=("a", "b"), message="m"
        )
    with ProgressStore.open(old_file) as reopened:
        assert reopened.attempts(WARM_UP, 0)[-1].mistakes == ("a", "b")
        assert reopened.attempts(WARM_UP, 0)[-1].message == "m"
        assert reopened.exercise_status(WARM_UP) == "revealed"


def test_a_second_open_does_not_migrate_again(old_file: Path) -> None:
    ProgressStore.open(old_file).close()
    before = _schema(old_file / DB_NAME)
    with ProgressStore.open(old_file) as store:
        assert len(store.attempts(WARM_UP, 0)) == 4
    assert _schema(old_file / DB_NAME) == before
