"""Pilot tests of what a key leaves in place: the footer's keys are not rebuilt by a move or a
verdict, the visual catches up with a verdict, and the terminal app settles its memory."""

from __future__ import annotations

import gc

from conftest import open_ref, ready, submit

from tutor.widgets.graph_panel import GraphPanel
from tutor.widgets.key_footer import KeyFooter

REF = "autodiff-basics/f-sum-product"


def footer_descriptions(screen) -> list[str]:
    return [key.description for key in screen.query_one(KeyFooter).shown_keys()]


async def test_moves_and_verdicts_leave_the_footer_undrawn(app_factory, monkeypatch) -> None:
    """The keys do not change when the student moves or answers, so the footer is not drawn
    again (Textual's Footer was rebuilt, a widget per key, and that landed on Enter)."""
    drawn = []
    render = KeyFooter.render
    monkeypatch.setattr(KeyFooter, "render", lambda self: drawn.append(1) or render(self))
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        assert "Hint" in footer_descriptions(screen)
        await pilot.pause()
        before = len(drawn)
        await pilot.press("down", "up")
        await submit(pilot, "3")
        await submit(pilot, "7")
        await pilot.pause()
        assert len(drawn) == before


async def test_a_footer_whose_keys_change_is_drawn_again(app_factory) -> None:
    """New numbers is offered on a randomized sheet only: home and the sheet differ."""
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        home_keys = footer_descriptions(pilot.app.screen)
        screen = await open_ref(pilot, REF)
        sheet_keys = footer_descriptions(screen)
        assert "New" in sheet_keys and "New" not in home_keys
        assert "New" in str(screen.query_one(KeyFooter).render())
        await pilot.press("escape")
        await pilot.pause()
        assert footer_descriptions(pilot.app.screen) == home_keys


async def test_the_graph_catches_up_with_the_verdict() -> None:
    from test_snapshots import snapshot_app

    async with snapshot_app().run_test(size=(120, 30)) as pilot:
        screen = await open_ref(pilot, "snap/reverse")
        await submit(pilot, "3")
        await pilot.pause()
        view = screen.query_one(GraphPanel).view
        assert view.entries["value:a"] == "3" and view.statuses["value:a"] == "correct"
        assert view.focus == "value:b"


async def test_the_terminal_app_freezes_what_start_up_built(app_factory) -> None:
    """`run_app` sets settle_memory: after home is drawn and the packs are loaded, the
    objects built so far are frozen out of the collector's full sweeps, and the collector,
    which `tutor.cli` holds off while the app is imported, runs again."""
    app = app_factory()
    app.settle_memory = True
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            for _ in range(250):  # the timers fire a tenth of a second after the frames
                if gc.get_freeze_count():
                    break
                await pilot.pause(0.02)
            assert gc.get_freeze_count() > 0
            assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


async def test_home_mounts_its_continue_and_next_lines_when_they_have_words(app_factory) -> None:
    """The first frame mounts only what it shows; the lines come in their places later."""
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert not pilot.app.screen.query("#continue")
        await open_ref(pilot, "optimizers/gd-quadratic")
        await pilot.press("escape")
        await pilot.pause()
        ids = [child.id for child in pilot.app.screen.children]
        assert ids.index("home-title") < ids.index("continue") < ids.index("home-body")
        if "next" in ids:
            assert ids.index("continue") < ids.index("next") < ids.index("home-body")
        assert "Gradient descent" in str(pilot.app.screen.query_one("#continue").render())
