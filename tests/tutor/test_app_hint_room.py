"""Pilot tests that every hint rung can be read at 80x24 before the reveal is offered."""

from __future__ import annotations

from pathlib import Path

from conftest import real_app, screen_text

from tutor.screens.confirm import ConfirmDialog

REF = "derivatives/quadratic-form"  # a matrix gradient: the longest ladder and accepted line


def _words(text: str) -> str:
    return " ".join(text.split())


async def test_every_text_rung_of_a_matrix_gradient_is_on_screen_at_80x24(
    tmp_path: Path,
) -> None:
    app = real_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_exercise(REF, 0)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        screen.select("gradient")
        ladder = screen.worksheet.hint_ladder("gradient")
        for number, rung in enumerate(ladder[:-1], start=1):
            await pilot.press("f2")
            await pilot.pause()
            shown = _words(screen_text(app))
            assert _words(f"Hint {number}: {rung}") in shown, number
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # the reveal, after the last text rung


async def test_shift_arrows_scroll_the_hints(tmp_path: Path) -> None:
    app = real_app(tmp_path)
    async with app.run_test(size=(80, 16)) as pilot:
        app.open_exercise(REF, 0)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        screen.select("gradient")
        await pilot.press("f2", "f2", "f2")
        await pilot.pause()
        feedback = screen.query_one("#feedback-box")
        assert feedback.max_scroll_y > 0  # at 16 rows the ladder is taller than its area
        bottom = feedback.scroll_y
        await pilot.press("shift+up")
        await pilot.pause()
        assert feedback.scroll_y < bottom
        await pilot.press("shift+down")
        await pilot.pause()
        assert feedback.scroll_y == bottom
