"""Pilot test that the app's simplified keys run nothing from the current directory.

The worked solution of a derivative asks the real sympy helper (no fake here) while the
current directory holds a `sympy.py` and a `json.py` that would leave a marker if imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_app_keys import open_sheet, open_worked_solution, plain_key, solution_text

from engine import simplify

TRAP = "import pathlib; pathlib.Path(__file__).with_name('MARKER-{name}').write_text('run')\n"


@pytest.fixture
def trapped_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    trap = tmp_path / "trap"
    trap.mkdir()
    for name in ("sympy", "json"):
        (trap / f"{name}.py").write_text(TRAP.format(name=name))
    monkeypatch.chdir(trap)
    simplify.shutdown()
    yield trap
    simplify.shutdown()


async def test_the_worked_solution_simplifies_without_running_the_current_directory(
    app_factory: Any, trapped_cwd: Path
) -> None:
    async with app_factory().run_test(size=(120, 40)) as pilot:
        key = plain_key(await open_sheet(pilot))
        solution = await open_worked_solution(pilot)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        table = solution_text(solution)
        assert key not in table  # simplified by the helper process
    assert sorted(p.name for p in trapped_cwd.glob("MARKER-*")) == []
