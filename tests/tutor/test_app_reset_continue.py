"""Pilot tests of Reset (F8), the sheet's actions in the palette, and Continue after a finished
exercise (it goes to the next one not done)."""

from __future__ import annotations

from conftest import open_ref, submit

from tutor.screens.catalog import continue_from
from tutor.screens.confirm import ConfirmDialog
from tutor.screens.home import ExerciseRow

SHEET = "autodiff-basics/f-sum-product"


async def test_f8_asks_then_clears_the_sheet(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, SHEET)
        await submit(pilot, "3")
        assert screen.session.status("value:a") == "correct"
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert screen.session.status("value:a") is None
        assert screen.session.entry("value:a") == ""


async def test_the_palette_offers_the_sheets_actions(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, SHEET)
        titles = {command.title for command in pilot.app.get_system_commands(screen)}
        assert {"Hint", "Solution", "New numbers", "Reset"} <= titles


class Seeds:
    def current_seed(self, ref: str) -> int:
        return 5


def row(ref: str, status: str) -> ExerciseRow:
    return ExerciseRow(ref, "p", ref, "reverse-ad", (), status)


def test_continue_goes_on_from_a_finished_exercise_to_the_next_not_done() -> None:
    rows = [row("p/a", "done"), row("p/b", "done-with-hints"), row("p/c", "in-progress")]
    assert continue_from(("p/a", 3), rows, Seeds()) == ("p/c", 5)
    assert continue_from(("p/c", 2), rows, Seeds()) == ("p/c", 2)  # not done: right there
    assert continue_from(None, rows, Seeds()) is None


def test_continue_wraps_round_and_stays_when_everything_is_done() -> None:
    rows = [row("p/a", "revealed"), row("p/b", "done")]
    assert continue_from(("p/b", 1), rows, Seeds()) == ("p/a", 5)
    assert continue_from(("p/b", 1), [row("p/b", "done")], Seeds()) == ("p/b", 1)
