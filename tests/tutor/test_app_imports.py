"""Tests that tutor.app imports without sympy, numpy or the exercises (start-up stays light)."""

from __future__ import annotations

import subprocess
import sys


def test_tutor_app_imports_without_sympy_numpy_or_exercises() -> None:
    code = (
        "import sys, tutor.app; "
        "print(sorted(m for m in ('sympy', 'numpy', 'exercises', 'engine') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"


def test_worksheet_screen_imports_without_sympy_or_the_simplifier() -> None:
    """The simplified keys load engine.simplify in a worker thread, on first use only."""
    code = (
        "import sys, tutor.screens.worksheet, tutor.screens.solution, tutor.widgets.visuals; "
        "print(sorted(m for m in ('sympy', 'engine.simplify') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"
