"""Pilot tests of new numbers: a fresh instance for randomized exercises only."""

from __future__ import annotations

from conftest import open_ref


async def test_new_numbers_opens_a_fresh_instance(app_factory, store) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, "autodiff-basics/f-sum-product")
        await pilot.press("f4")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        fresh = pilot.app.screen
        assert fresh is not screen
        assert fresh.worksheet.seed != 0
        assert store.current_seed("autodiff-basics/f-sum-product") == fresh.worksheet.seed
        assert len(pilot.app.screen_stack) == 2


async def test_new_numbers_is_off_for_fixed_exercises(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, "optimizers/gd-quadratic")
        await pilot.press("f4")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen is screen


async def test_new_numbers_asks_first_when_entries_would_be_left(app_factory) -> None:
    from conftest import submit

    from tutor.screens.confirm import ConfirmDialog

    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, "autodiff-basics/f-sum-product")
        await submit(pilot, "3")
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is screen and screen.session.entries["value:a"] == "3"
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("y")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen is not screen and pilot.app.screen.worksheet.seed != 0
