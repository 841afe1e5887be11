"""Pilot tests of help: F1 or ? opens it over any screen, and ? is not typed into the entry."""

from __future__ import annotations

from conftest import open_ref, ready
from textual.widgets import Input

from tutor.screens.help import HelpScreen


async def test_question_mark_opens_help_instead_of_typing(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, "autodiff-basics/f-sum-product")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        assert screen.query_one("#entry", Input).value == ""
        keys = dict((desc, key) for key, desc in pilot.app.screen.keys)
        assert "f2" in keys["Hint"]


async def test_f1_opens_help_on_home_and_escape_closes_it(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, HelpScreen)
