"""Tests that imports point one way: tutor -> exercises -> engine, and nothing below the app
loads Textual, Rich or sympy.

Each check runs in a fresh interpreter, so modules imported by other tests do not count; each
package is imported alone, so a wrong-way arrow between two of them cannot hide.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Imports sympy lazily, only when called; importing it is still fine, but it is left out.
LAZY = {"engine.simplify"}


def modules_of(package: str) -> list[str]:
    folder = ROOT.joinpath(*package.split("."))
    names = [package]
    for info in pkgutil.walk_packages([str(folder)], prefix=f"{package}."):
        if info.name not in LAZY:
            names.append(info.name)
    return sorted(names)


def printed_by(code: str) -> Any:
    """What `code`, run in a new interpreter, prints as JSON on its last line."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def loaded_after_importing(modules: list[str]) -> set[str]:
    """Top-level package names in sys.modules after importing `modules` in a new interpreter."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    return set(printed_by(code))


def test_the_walk_finds_the_modules() -> None:
    engine, exercises = modules_of("engine"), modules_of("exercises")
    assert "tutor.session.worksheet_session" in modules_of("tutor.session")
    assert {"engine.expr", "engine.checking", "engine.trace"} <= set(engine)
    assert {"exercises.loader", "exercises.kinds.autodiff", "exercises.kinds.numeric_diff"} <= set(
        exercises
    )
    assert "engine.simplify" not in engine


def test_engine_alone_loads_neither_exercises_nor_tutor_nor_a_ui() -> None:
    loaded = loaded_after_importing(modules_of("engine"))
    forbidden = {"exercises", "tutor", "textual", "rich", "sympy"}
    assert "engine" in loaded
    assert loaded.isdisjoint(forbidden), loaded & forbidden


def test_exercises_alone_load_neither_tutor_nor_a_ui() -> None:
    loaded = loaded_after_importing(modules_of("exercises"))
    forbidden = {"tutor", "textual", "rich", "sympy"}
    assert {"engine", "exercises"} <= loaded
    assert loaded.isdisjoint(forbidden), loaded & forbidden


def test_the_session_layer_loads_without_textual() -> None:
    """tutor.session is the headless model under the screens (and the plain line mode)."""
    loaded = loaded_after_importing(modules_of("tutor.session"))
    assert loaded.isdisjoint({"textual", "sympy"}), loaded & {"textual", "sympy"}


def test_loading_and_solving_the_builtin_packs_needs_no_sympy_or_ui() -> None:
    """Instantiating every built-in exercise, as `tutor validate` does, stays on the light path
    (sympy alone takes longer to import than validate's budget of 1 s)."""
    code = (
        "import json, sys\n"
        "from exercises.loader import load_builtin_packs\n"
        "for pack in load_builtin_packs().packs:\n"
        "    for exercise in pack.exercises:\n"
        "        exercise.instance(0)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    assert set(printed_by(code)).isdisjoint({"textual", "rich", "sympy"})


def test_cli_subcommands_do_not_load_textual_or_sympy() -> None:
    loaded = loaded_after_importing(["tutor.cli", "tutor.commands"])
    assert loaded.isdisjoint({"textual", "sympy"}), loaded & {"textual", "sympy"}


def test_the_app_module_loads_without_sympy() -> None:
    if not (ROOT / "tutor" / "app.py").exists():
        pytest.skip("tutor/app.py does not exist yet")
    loaded = loaded_after_importing(["tutor.app"])
    assert "textual" in loaded
    assert "sympy" not in loaded


def test_home_first_frame_path_defines_no_dataclass() -> None:
    """The records home's first frame reads (listing, home rows, store health, marks) are
    NamedTuples: defining a frozen dataclass runs its generated methods through `exec`, about
    four million instructions (near a millisecond) each, five times a NamedTuple's, and
    start-up defined fifteen of them before this rule (tests/bench/bench_startup.py)."""
    code = (
        "import dataclasses, json, sys\n"
        "import tutor.cli, tutor.prefetch, tutor.app, tutor.progress, tutor.listing\n"
        "found = [f'{name}.{key}' for name, module in list(sys.modules.items())\n"
        "         if name.startswith('tutor') for key, value in vars(module).items()\n"
        "         if isinstance(value, type) and dataclasses.is_dataclass(value)\n"
        "         and value.__module__ == name]\n"
        "print(json.dumps(sorted(found)))\n"
    )
    assert printed_by(code) == []
