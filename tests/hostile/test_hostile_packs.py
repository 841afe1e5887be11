"""Provides a test per hostile pack under tests/fixtures/hostile_packs: each is reported with
its file, line, field and a fix, nothing crashes, and the good exercise beside it still loads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from defects import run_pack

from exercises.loader import MAX_PACK_BYTES, load_pack_file
from exercises.pack import PackError

FIXTURES = Path(__file__).parent.parent / "fixtures" / "hostile_packs"

# file: (line, field, a fragment of the message); reported when the pack loads.
AT_LOAD = {
    "random-not-number": (19, "random.a.not", "not = [5]"),
    "random-digits-inf": (19, "random.a.digits", "give a finite number"),
    "random-digits-text": (19, "random.a.digits", "whole number from 0 to 12"),
    "random-all-excluded": (19, "random.a.not", "every value in the range is excluded"),
    "random-uniform-excluded": (19, "random.a.not", "every value in the range is excluded"),
    "value-inf": (18, "at.x", "inf is not a usable number"),
    "value-nan": (18, "at.y", "nan is not a usable number"),
    "value-subnormal": (18, "at.x", "too small to tell from 0"),
    "tolerance-inf": (19, "tolerance.rel", "inf is not a usable number"),
    "window-title": (16, "title", "U+001B (ESC)"),
    "hint-csi": (19, "hints[1]", "U+009B"),
    "output-name-escape": (17, "functions.'f\\x1b[31m'", "U+001B (ESC)"),
    "nested-400": (19, "trace" + "[0]" * 9, "nested more than 8 levels"),
    "nested-3000": (19, None, "nested too deeply"),
    "exercise-single-brackets": (6, "exercise", "write [[exercise]] with two brackets"),
    "exercises-plural": (6, None, "unknown table [exercises]; did you mean 'exercise'?"),
}
# file: (line, field, fragment); reported when an instance is built (`tutor validate`, opening).
AT_BUILD = {
    "derivative-variables-number": (19, "variables", 'a list of names, like ["x", "w"]'),
    "output-name-markup": (17, "functions.[/]", "'[/]' cannot name an output"),
    "matrix-gradient-huge": (19, "shapes.A", "a size of at most 16"),
    "ask-huge": (19, "ask", "from 0 to 1024, not 1000000"),
}
# Packs that load and build: what was hostile is in the numbers they compute.
CLEAN = ("answer-tiny",)


def test_every_fixture_has_an_expectation() -> None:
    names = {p.stem for p in FIXTURES.glob("*.toml")}
    assert names == set(AT_LOAD) | set(AT_BUILD) | set(CLEAN)


@pytest.mark.parametrize("name", sorted(AT_LOAD))
def test_reported_at_load_with_file_line_and_field(name: str) -> None:
    path = FIXTURES / f"{name}.toml"
    pack, errors = load_pack_file(path)
    line, field, fragment = AT_LOAD[name]
    assert [(e.file, e.line, e.field) for e in errors] == [(str(path), line, field)]
    assert fragment in errors[0].message
    assert f"{path}:{line}: " in str(errors[0])
    if pack is not None and name not in ("exercise-single-brackets", "exercises-plural"):
        assert [e.id for e in pack.exercises] == ["ok"]
        pack.exercise("ok").instance(0)


@pytest.mark.parametrize("name", sorted(AT_BUILD))
def test_reported_when_built_with_file_line_and_field(name: str) -> None:
    path = FIXTURES / f"{name}.toml"
    pack, errors = load_pack_file(path)
    assert errors == [] and pack is not None
    pack.exercise("ok").instance(0)
    with pytest.raises(PackError) as caught:
        pack.exercise("bad").instance(0)
    line, field, fragment = AT_BUILD[name]
    assert (caught.value.line, caught.value.field) == (line, field)
    assert fragment in caught.value.message


@pytest.mark.parametrize("name", sorted(p.stem for p in FIXTURES.glob("*.toml")))
def test_nothing_crashes_from_load_to_grade(name: str) -> None:
    path = FIXTURES / f"{name}.toml"
    outcome = run_pack(path.read_text(encoding="utf-8"), str(path))
    assert outcome.crash is None
    assert outcome.errors == (0 if name in CLEAN else 1)


def test_a_key_below_1e_305_grades_a_wrong_number_incorrect() -> None:
    pack, _ = load_pack_file(FIXTURES / "answer-tiny.toml")
    assert pack is not None
    sheet = pack.exercise("bad").instance(0)
    assert sheet.blank("value:v1").expected == pytest.approx(1e-320, abs=1e-323)
    assert sheet.check("value:v1", "12345.678", {}).status == "incorrect"
    assert sheet.check("value:v1", "1e-320", {}).status == "correct"


def test_a_pack_too_large_is_refused_well_under_a_second(tmp_path: Path) -> None:
    rows = ", ".join(["[" + ", ".join(["1.5"] * 500) + "]"] * 500)
    path = tmp_path / "huge.toml"
    path.write_text(f'[pack]\nid = "h"\ntitle = "h"\n[[exercise]]\ninput = [{rows}]\n')
    assert path.stat().st_size > MAX_PACK_BYTES
    start = time.perf_counter()
    pack, errors = load_pack_file(path)
    assert time.perf_counter() - start < 0.5  # a safety net against reading it: it is not read
    assert pack is None and "too large for a pack" in errors[0].message


def test_a_fifo_is_refused_not_read_forever(tmp_path: Path) -> None:
    fifo = tmp_path / "pack.toml"
    try:
        os.mkfifo(fifo)
    except (AttributeError, OSError):
        pytest.skip("no FIFOs here")
    pack, errors = load_pack_file(fifo)
    assert pack is None and "not a regular file" in errors[0].message


def test_validate_reports_every_hostile_pack_and_exits_1() -> None:
    """The CLI, on every fixture at once: one error per pack, no internal error, exit status 1."""
    paths = sorted(str(p) for p in FIXTURES.glob("*.toml"))
    done = subprocess.run(
        [sys.executable, "-m", "tutor.cli", "validate", "--seeds", "1", "--json", *paths],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert "internal error" not in done.stdout + done.stderr
    errors = json.loads(done.stdout)["errors"]
    for name in [*AT_LOAD, *AT_BUILD]:
        assert sum(f"{name}.toml:" in e for e in errors) == 1, name
