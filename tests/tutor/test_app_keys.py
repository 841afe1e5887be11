"""Pilot tests of expression keys: shown plain at once, then simplified by a worker thread.

engine.simplify.simplified_text is replaced by a fake that waits for the test's go-ahead, so
the tests can see the plain key first and need no sympy helper process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import feedback_text, glyph, ready, submit, until
from rich.console import Console
from textual.widgets import Input, RichLog

from exercises.model import Worksheet
from tutor.screens.confirm import ConfirmDialog
from tutor.screens.solution import SolutionScreen
from tutor.screens.worksheet import WorksheetScreen
from tutor.session.worksheet_session import WorksheetSession
from tutor.widgets.blanks_table import BlanksTable
from tutor.widgets.expression_panel import ExpressionPanel

AppFactory = Callable[..., Any]
SIMPLE = "x·(w·x - y)"
"""What the fake simplifier answers (d/dw of (w·x - y)²/2, with the 2s cancelled)."""


def derivative_sheet() -> Worksheet:
    from exercises.kinds import KINDS
    from exercises.model import Instance

    fields = {"function": "(w*x - y)^2/2", "wrt": "w"}
    return KINDS["derivative"].build(Instance("t/squared", "derivative", 0, "Squared", fields))


class FakeSimplify:
    """Stands for simplified_text: records the calls, answers SIMPLE once `go` is set."""

    def __init__(self) -> None:
        self.go = threading.Event()
        self.calls: list[tuple[str, bool]] = []

    def __call__(self, expr: Any, timeout: float = 3.0) -> str:
        from engine.printing import to_text

        on_main = threading.current_thread() is threading.main_thread()
        self.calls.append((to_text(expr), on_main))
        self.go.wait(5)
        return SIMPLE


@pytest.fixture
def fake_simplify(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSimplify]:
    import engine.simplify

    fake = FakeSimplify()
    monkeypatch.setattr(engine.simplify, "simplified_text", fake)
    yield fake
    fake.go.set()


def plain(renderable: Any, width: int = 70) -> str:
    console = Console(color_system=None, width=width, file=None)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def solution_text(solution: SolutionScreen) -> str:
    """The worked solution's steps as the screen shows them, a line each."""
    return "\n".join(line.text for line in solution.query_one("#solution-table", RichLog).lines)


def entry_cell(screen: WorksheetScreen, blank_id: str) -> str:
    return str(screen.query_one(BlanksTable).get_cell(blank_id, "entry"))


async def open_sheet(pilot: Any) -> WorksheetScreen:
    await ready(pilot)
    screen = WorksheetScreen(WorksheetSession(derivative_sheet()))
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


async def open_worked_solution(pilot: Any) -> SolutionScreen:
    """F3, confirmed: the worked solution over the sheet."""
    await pilot.press("f3")
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()
    solution = pilot.app.screen
    assert isinstance(solution, SolutionScreen)
    return solution


def plain_key(screen: WorksheetScreen) -> str:
    """The key as the engine prints it (before any simplification)."""
    key = screen.worksheet.blank("derivative").answer_text
    assert key != SIMPLE
    return key


async def reveal(pilot: Any, screen: WorksheetScreen, blank_id: str = "derivative") -> None:
    """Climb the hint ladder with the hint key, then say yes to showing the answer."""
    for _ in range(10):
        await pilot.press("f2")
        await pilot.pause()
        if isinstance(pilot.app.screen, ConfirmDialog):
            break
    await pilot.press("y")
    await pilot.pause()
    assert blank_id in screen.session.revealed


async def test_nothing_is_simplified_before_a_key_is_shown(
    app_factory: AppFactory, fake_simplify: FakeSimplify
) -> None:
    async with app_factory().run_test(size=(120, 40)) as pilot:
        screen = await open_sheet(pilot)
        panel = screen.query_one(ExpressionPanel)
        assert "shown once answered" in plain(panel.render())
        assert plain_key(screen) not in plain(panel.render())
        await pilot.app.workers.wait_for_complete()
        assert fake_simplify.calls == []


async def test_revealed_key_is_plain_at_once_then_simplified(
    app_factory: AppFactory, fake_simplify: FakeSimplify
) -> None:
    async with app_factory().run_test(size=(120, 40)) as pilot:
        screen = await open_sheet(pilot)
        await reveal(pilot, screen)
        assert entry_cell(screen, "derivative") == f"{plain_key(screen)} revealed"
        assert fake_simplify.calls == [(plain_key(screen), False)]
        fake_simplify.go.set()
        panel = screen.query_one(ExpressionPanel)
        await until(pilot, lambda: f"∂f/∂w = {SIMPLE} ✓" in plain(panel.render()))
        assert entry_cell(screen, "derivative") == f"{SIMPLE} revealed"
        assert glyph(screen, "derivative") == "◇"  # revealed, not done
        assert screen.query_one("#entry", Input).value == SIMPLE
        assert f"The answer is {SIMPLE} (revealed)" in feedback_text(screen)
        assert f"∂f/∂w = {SIMPLE} ✓" in plain(screen.query_one(ExpressionPanel).render())


async def test_worked_solution_shows_the_simplified_key(
    app_factory: AppFactory, fake_simplify: FakeSimplify
) -> None:
    async with app_factory().run_test(size=(120, 40)) as pilot:
        key = plain_key(await open_sheet(pilot))
        solution = await open_worked_solution(pilot)
        assert key in solution_text(solution)
        fake_simplify.go.set()
        await until(pilot, lambda: SIMPLE in solution_text(solution))
        assert SIMPLE in solution_text(solution) and key not in solution_text(solution)


async def test_panel_shows_the_key_once_the_blank_is_right(
    app_factory: AppFactory, fake_simplify: FakeSimplify
) -> None:
    fake_simplify.go.set()
    async with app_factory().run_test(size=(120, 40)) as pilot:
        screen = await open_sheet(pilot)
        await submit(pilot, "(w*x - y)*x")
        assert glyph(screen, "derivative") == "✓"
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert entry_cell(screen, "derivative") == "(w*x - y)*x"
        assert f"∂f/∂w = {SIMPLE} ✓" in plain(screen.query_one(ExpressionPanel).render())


async def test_the_real_simplifier_runs_in_a_helper_process(app_factory: AppFactory) -> None:
    """End to end: sympy runs in engine.simplify's helper process, never in the app's."""
    import sys

    import engine.simplify

    sympy_before = "sympy" in sys.modules
    try:
        async with app_factory().run_test(size=(120, 40)) as pilot:
            screen = await open_sheet(pilot)
            key = plain_key(screen)
            await reveal(pilot, screen)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            shown = screen.session.keys.text("derivative")
            key_expr = screen.session.keys.expressions["derivative"]
            assert shown == engine.simplify.simplified_text(key_expr)
            assert len(shown) < len(key)
            assert entry_cell(screen, "derivative") == f"{shown} revealed"
        assert ("sympy" in sys.modules) == sympy_before
    finally:
        engine.simplify.shutdown()
