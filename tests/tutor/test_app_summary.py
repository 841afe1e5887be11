"""Pilot tests of the summary: shown once every blank is done, then the next exercise."""

from __future__ import annotations

from conftest import open_ref, submit

from tutor.screens.summary import SummaryScreen

ANSWERS = {"gradient:0": "-4", "iterate:1": "2", "gradient:1": "-2", "iterate:2": "3",
           "gradient:2": "-1", "iterate:3": "3.5"}  # fmt: skip


async def test_summary_reports_accuracy_and_mistakes_then_goes_on(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, "optimizers/gd-quadratic")
        await submit(pilot, "4")
        for blank_id, answer in ANSWERS.items():
            screen.select(blank_id)
            await submit(pilot, answer)
        summary = pilot.app.screen
        assert isinstance(summary, SummaryScreen)
        text = str(summary.query_one("#summary-text").render())
        assert "5 of 6 blanks" in text
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen.worksheet.ref == "convolution/ramp"
