"""Provides tests that nothing in the current directory is run: the sympy helper process.

The current directory holds a `sympy.py` and a `json.py` that would write a marker file
when imported; simplifying a derivative's key, from the engine and from the CLI, must not.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from engine import simplify
from engine.expr import parse

TRAP = "import pathlib; pathlib.Path(__file__).with_name('MARKER-{name}').write_text('run')\n"


@pytest.fixture
def trapped_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("sympy", "json"):
        (tmp_path / f"{name}.py").write_text(TRAP.format(name=name))
    monkeypatch.chdir(tmp_path)
    simplify.shutdown()  # a helper started elsewhere would not show the fault
    yield tmp_path
    simplify.shutdown()


def markers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("MARKER-*"))


def test_the_helper_imports_nothing_from_the_current_directory(trapped_cwd: Path) -> None:
    expr = parse("x*(1 - x) + x*x", ["x"])  # sympy folds it to x
    assert simplify.simplified_text(expr, timeout=20.0) == "x"
    assert markers(trapped_cwd) == []


def test_the_helper_ignores_pythonpath(trapped_cwd: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(trapped_cwd))
    expr = parse("x*(1 - x) + x*x", ["x"])
    assert simplify.simplified_text(expr, timeout=20.0) == "x"
    assert markers(trapped_cwd) == []


def test_tutor_solve_runs_nothing_from_the_current_directory(trapped_cwd: Path) -> None:
    tutor = Path(sys.executable).with_name("tutor")
    if not tutor.exists():
        pytest.skip("the tutor script is not installed next to this interpreter")
    done = subprocess.run(
        [str(tutor), "solve", "derivatives/sigmoid", "--json"],
        cwd=trapped_cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert '"simplified"' in done.stdout
    assert markers(trapped_cwd) == []
