"""Pilot tests of the layout: at 80x24 a grid stays beside the blanks and F5 widens the panel;
the sheet survives 60x20."""

from __future__ import annotations

from pathlib import Path

from conftest import open_ref, screen_text, submit

REF = "convolution/ramp"


async def test_a_grid_stays_beside_the_blanks_at_80_columns_and_f5_widens_it(
    app_factory,
) -> None:
    """The input and kernel are read at every cell: at 80 columns they stay beside the
    blanks; F5 gives the panel the whole width."""
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        side, sheet = screen.query_one("#side"), screen.query_one("#sheet")
        assert side.region.width > 25 and sheet.region.width > 30
        assert side.region.x >= sheet.region.right
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


async def test_a_long_label_keeps_its_prompt_mark(tmp_path: Path) -> None:
    """The yes/no question's label fills half the line: the ❯ between it and the entry stays
    (the label, not the mark, is cut when there is no room)."""
    from conftest import real_app

    app = real_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_exercise("optimizers/step-size-0-5", 0)
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.select("converges")
        await pilot.pause()
        entry_line = screen_text(app).splitlines()[-4]
        assert "does GD converge with this η? (yes/no) ❯ " in entry_line, entry_line
