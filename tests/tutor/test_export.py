"""Tests of the attempt log and `tutor export`: what was typed, judged and said, in UTC."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.progress import ProgressStore

REF = "autodiff/warm-up"


def _unix(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc).timestamp()


@pytest.fixture
def logged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three attempts: one on 2026-11-30 at 23:59:59.5 UTC, two on 2026-12-01."""
    clock = iter([_unix("2026-11-30T23:59:59.500"), _unix("2026-12-01T09:15:00"),
                  _unix("2026-12-01T09:16:30.25")])  # fmt: skip
    with ProgressStore.open(tmp_path) as store:
        monkeypatch.setattr(time, "time", lambda: next(clock))
        store.record_attempt(REF, 7, "value:a", "3", "correct", None, 0, message="")
        store.record_attempt(
            REF,
            7,
            "adjoint:f:y",
            "3, that is",
            "incorrect",
            None,
            1,
            mistakes=("missing-path", "local-only"),
            message="y feeds two nodes: add the path through b",
        )
        store.record_attempt(REF, 7, "adjoint:f:y", "6", "correct", None, 1, message="")
        monkeypatch.undo()
    return tmp_path


def _export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["export", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_every_attempt_is_logged_with_its_mistakes_and_message(logged: Path) -> None:
    with ProgressStore.open(logged) as store:
        wrong = store.attempts(REF, 7)[1]
    assert wrong.mistakes == ("missing-path", "local-only")
    assert wrong.mistake == "missing-path"
    assert wrong.message == "y feeds two nodes: add the path through b"
    assert (wrong.ref, wrong.seed, wrong.hint_rung) == (REF, 7, 1)


def test_export_as_json_lines(logged: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _export(capsys, "--data-dir", str(logged))
    assert (status, err) == (0, "")
    records = [json.loads(line) for line in out.splitlines()]
    assert records[1] == {
        "exercise": REF,
        "seed": 7,
        "blank": "adjoint:f:y",
        "entry": "3, that is",
        "verdict": "incorrect",
        "mistakes": ["missing-path", "local-only"],
        "message": "y feeds two nodes: add the path through b",
        "hints": 1,
        "time": "2026-12-01T09:15:00.000Z",
    }
    assert [record["time"] for record in records] == [
        "2026-11-30T23:59:59.500Z",
        "2026-12-01T09:15:00.000Z",
        "2026-12-01T09:16:30.250Z",
    ]


def test_export_as_csv_since_a_date(logged: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _export(
        capsys, "--data-dir", str(logged), "--format", "csv", "--since", "2026-12-01"
    )
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(row["blank"], row["verdict"], row["mistakes"]) for row in rows] == [
        ("adjoint:f:y", "incorrect", "missing-path local-only"),
        ("adjoint:f:y", "correct", ""),
    ]
    assert rows[0]["entry"] == "3, that is"  # quoted by the CSV writer, read back whole


def test_since_takes_a_time_and_an_offset(logged: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _export(capsys, "--data-dir", str(logged), "--since", "2026-12-01T10:15+01:00")
    assert [json.loads(line)["entry"] for line in out.splitlines()] == ["3, that is", "6"]


def test_export_to_a_file(logged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "log.csv"
    status, out, _ = _export(
        capsys, "--data-dir", str(logged), "--format", "csv", "--output", str(target)
    )
    assert (status, out) == (0, "")
    assert len(list(csv.DictReader(target.open(encoding="utf-8")))) == 3


def test_a_bad_date_is_one_line_and_exit_2(
    logged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _export(capsys, "--data-dir", str(logged), "--since", "yesterday")
    assert (status, out) == (2, "")
    assert err == (
        "tutor: --since 'yesterday' is not a date: write 2026-12-01 or 2026-12-01T14:30 (UTC)\n"
    )


def test_no_progress_yet_is_an_empty_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "never-used"
    assert _export(capsys, "--data-dir", str(empty)) == (0, "", "")
    assert _export(capsys, "--data-dir", str(empty), "--format", "csv")[1] == (
        "exercise,seed,blank,entry,verdict,mistakes,message,hints,time\n"
    )
    assert not empty.exists()  # exporting creates nothing


def test_an_answer_shown_is_a_record_of_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ProgressStore.open(tmp_path) as store:
        store.record_attempt(REF, 7, "value:a", "4", "incorrect", None, 0, message="")
        store.record_hint(REF, 7, "value:a", 3, True)
    status, out, _ = _export(capsys, "--data-dir", str(tmp_path))
    records = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert [(r["blank"], r["verdict"], r["entry"]) for r in records] == [
        ("value:a", "incorrect", "4"),
        ("value:a", "revealed", ""),
    ]
    assert records[1]["message"] == "the answer was shown"
