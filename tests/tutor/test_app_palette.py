"""Pilot tests of the command palette: exercises found by title, pack or tag."""

from __future__ import annotations

from conftest import ready

from tutor.screens.palette import ExerciseCommands


async def test_palette_finds_exercises_by_tag_and_opens_them(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        provider = ExerciseCommands(pilot.app.screen)
        hits = [hit async for hit in provider.search("#cnn")]
        assert [hit.text for hit in hits] == ["Open: A 3x3 convolution  (Optimizers) #cnn"]
        hits[0].command()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen.worksheet.ref == "convolution/ramp"


async def test_ctrl_p_opens_the_palette(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "CommandPalette"
