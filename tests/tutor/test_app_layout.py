"""Pilot tests of the layout: the side panel collapses to a toggle at 80x24 and survives 60x20."""

from __future__ import annotations

from conftest import open_ref, submit

REF = "convolution/ramp"


async def test_side_panel_is_a_toggle_at_80_columns(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        side, sheet = screen.query_one("#side"), screen.query_one("#sheet")
        assert not side.display or side.size.width == 0 or not side.region
        await pilot.press("f5")
        await pilot.pause()
        assert side.region.width > 60 and sheet.region.width == 0


async def test_side_panel_is_shown_beside_the_blanks_when_wide(app_factory) -> None:
    async with app_factory().run_test(size=(120, 30)) as pilot:
        screen = await open_ref(pilot, REF)
        side, sheet = screen.query_one("#side").region, screen.query_one("#sheet").region
        assert side.width > 30 and sheet.width > 50 and side.x >= sheet.right


async def test_resizing_to_60x20_and_back_keeps_working(app_factory) -> None:
    async with app_factory().run_test(size=(120, 30)) as pilot:
        screen = await open_ref(pilot, REF)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await submit(pilot, "3x3")
        assert screen.session.statuses["shape"] == "correct"
        entry = screen.query_one("#entry")
        assert entry.region.width > 10 and entry.region.bottom <= 20
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert screen.query_one("#side").region.width > 30
