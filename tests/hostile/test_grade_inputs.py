"""Provides tests of `tutor grade` on hostile answers files and entries holding control
characters: a usage error in one line (exit 2), or the entry shown escaped, never raw.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from engine.controls import control_characters
from tutor.cli import main

REF = "autodiff/warmup-reverse"
TITLE_SETTER = "3\x1b]0;pwned\x07"
CSI = "\x9b2J"  # the one-byte CSI of C1: clears the screen on some terminals
OVERRIDE = "1\u202e2"  # right-to-left override: reorders what the reader sees


def grade(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> tuple[int, str, str]:
    status = main(["grade", REF, "--answers", str(path), *extra])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('{"value:a": "\\ud800"}', "lone surrogate"),
        ('{"\\udfff": "3"}', "lone surrogate"),
        ('{"value:a": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"value:a": ' + "9" * 5000 + "}", "thousands of digits"),
    ],
    ids=["surrogate-entry", "surrogate-key", "deep-json", "5000-digit-int"],
)
def test_a_hostile_answers_file_is_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, fragment: str
) -> None:
    path = tmp_path / "answers.json"
    path.write_text(content, encoding="utf-8")
    status, out, err = grade(capsys, path)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and fragment in err and "internal error" not in err


def test_a_device_is_refused_not_read(capsys: pytest.CaptureFixture[str]) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    status, _, err = grade(capsys, Path("/dev/zero"))
    assert status == 2 and "not a regular file" in err


def test_a_fifo_is_refused_not_waited_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fifo = tmp_path / "answers.json"
    try:
        os.mkfifo(fifo)
    except (AttributeError, OSError):
        pytest.skip("no FIFOs here")
    status, _, err = grade(capsys, fifo)  # opening it would wait for a writer forever
    assert status == 2 and "not a regular file" in err


def escaped_answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(
        json.dumps({"value:a": TITLE_SETTER, "value:b": CSI, "value:f": OVERRIDE}),
        encoding="utf-8",
    )
    return path


def test_grade_shows_entries_with_control_characters_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _ = grade(capsys, escaped_answers(tmp_path))
    assert status == 0
    assert control_characters(out) == []
    assert "3␛]0;pwned␇" in out and "�2J" in out and "1�2" in out


def test_grade_json_keeps_the_entries_as_escapes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _ = grade(capsys, escaped_answers(tmp_path), "--json")
    assert status == 0
    assert control_characters(out) == []
    entries = {b["id"]: b["entry"] for b in json.loads(out)["blanks"]}
    assert (entries["value:a"], entries["value:b"], entries["value:f"]) == (
        TITLE_SETTER,
        CSI,
        OVERRIDE,
    )


def test_a_usage_error_shows_control_characters_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = grade(capsys, tmp_path / f"{TITLE_SETTER}.json")  # no such file
    assert status == 2 and "cannot read the answers file" in err
    assert control_characters(err) == [] and "␛]0;pwned␇" in err
