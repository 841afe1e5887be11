"""Pilot tests of the hint ladder, the confirmation before the answer, and the worked solution."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conftest import feedback_text, glyph, open_ref

from tutor.screens.confirm import ConfirmDialog
from tutor.screens.solution import SolutionScreen

REF = "autodiff-basics/f-sum-product"


async def test_hint_key_shows_the_next_rung(app_factory, store) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        await pilot.press("f2")
        await pilot.pause()
        assert "Hint 1: Start from the output" in feedback_text(screen)
        await pilot.press("f2")
        await pilot.pause()
        assert "Hint 2: Add the inputs." in feedback_text(screen)
        assert store.states[(REF, 0)].hints["value:a"] == 2


async def test_last_rung_asks_first_and_no_keeps_the_blank(app_factory, store) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        await pilot.press("f2", "f2", "f2", "f2")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert "value:a" not in screen.session.revealed
        assert glyph(screen, "value:a") == " "


async def test_confirmed_answer_is_filled_in_and_marked_revealed(app_factory, store) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        await pilot.press("f2", "f2", "f2", "f2", "y")
        await pilot.pause()
        assert screen.session.entries["value:a"] == "3"
        assert "value:a" in store.states[(REF, 0)].revealed
        assert glyph(screen, "value:a") == "◇"  # revealed: not counted as done
        assert "revealed" in feedback_text(screen)


async def test_worked_solution_after_confirmation(app_factory, store) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SolutionScreen)
        first = screen.worksheet.blanks[0].id
        assert store.states[(REF, 0)].revealed == {first}  # the first step only
        await pilot.press("a")
        await pilot.pause()
        assert len(store.states[(REF, 0)].revealed) == len(screen.worksheet.blanks)


async def test_feedback_line_grows_with_hints_and_shrinks_on_the_next_blank(
    app_factory: Callable[..., Any],
) -> None:
    """The line is laid out again only when its height changes: check that it does then."""
    from tutor.widgets.feedback_line import FeedbackLine

    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        line = screen.query_one(FeedbackLine)
        before = line.size.height
        await pilot.press("f2", "f2")
        await pilot.pause()
        assert line.size.height == before + 2
        await pilot.press("down")
        await pilot.pause()
        assert screen.session.focus == "value:b" and line.size.height == before
