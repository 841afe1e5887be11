"""Pilot tests of KeyFooter, the one-widget footer: it reads as Textual's did, a click presses
the key under it, a disabled key rings the bell, hovering shows the key's tooltip."""

from __future__ import annotations

from conftest import open_ref, ready

from tutor.screens.help import HelpScreen
from tutor.widgets.key_footer import KeyFooter

REF = "autodiff-basics/f-sum-product"


def footer(pilot) -> KeyFooter:
    return pilot.app.screen.query_one(KeyFooter)


def x_of(bar: KeyFooter, description: str) -> int:
    """The first cell of the key whose description is `description`."""
    start = str(bar.render()).index(f" {description}")
    return start - len(next(k for k in bar.shown_keys() if k.description == description).display)


async def test_home_footer_reads_key_then_description_with_the_palette_at_the_right(
    app_factory,
) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        line = str(footer(pilot).render())
        assert line.startswith(" c Continue  n Practise next  p Progress  / Filter  q Quit")
        assert line.endswith("▏^p palette ")
        assert len(line) == 80


async def test_a_narrow_footer_keeps_the_palette_key_and_cuts_the_others(app_factory) -> None:
    async with app_factory().run_test(size=(40, 24)) as pilot:
        await ready(pilot)
        line = str(footer(pilot).render())
        assert len(line) == 40
        assert line.startswith(" c Continue  n Practise next")
        assert line.endswith("▏^p palette ")


async def test_a_click_on_a_key_presses_it(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        bar = footer(pilot)
        await pilot.click(KeyFooter, offset=(x_of(bar, "Help"), 0))
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)


async def test_a_click_between_keys_presses_nothing(app_factory) -> None:
    async with app_factory().run_test(size=(120, 24)) as pilot:
        await ready(pilot)
        home = pilot.app.screen
        await pilot.click(KeyFooter, offset=(100, 0))  # the gap before the palette key
        await pilot.pause()
        assert pilot.app.screen is home


async def test_a_disabled_key_rings_the_bell_and_is_drawn_dim(app_factory, monkeypatch) -> None:
    rung = []
    async with app_factory().run_test(size=(120, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        bar = screen.query_one(KeyFooter)
        monkeypatch.setattr(pilot.app, "bell", lambda: rung.append(1))
        keys = bar.shown_keys()
        key = keys[0]._replace(enabled=False)
        monkeypatch.setattr(KeyFooter, "shown_keys", lambda self: (key, *keys[1:]))
        bar.refresh()
        await pilot.pause()
        assert any("dim" in str(span.style) for span in bar.render().spans)
        await pilot.click(KeyFooter, offset=(1, 0))
        await pilot.pause()
        assert rung == [1]
        assert pilot.app.screen is screen


async def test_hovering_a_key_shows_its_tooltip(app_factory) -> None:
    async with app_factory().run_test(size=(120, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        bar = screen.query_one(KeyFooter)
        described = next(k for k in bar.shown_keys() if k.tooltip and not k.palette)
        await pilot.hover(KeyFooter, offset=(x_of(bar, described.description), 0))
        await pilot.pause()
        assert bar.tooltip == described.tooltip
        await pilot.hover(KeyFooter, offset=(110, 0))
        await pilot.pause()
        assert bar.tooltip is None or bar.tooltip == "Open the command palette"


async def test_a_click_on_the_palette_key_of_a_narrow_footer_opens_the_palette(
    app_factory,
) -> None:
    """At 40 columns the other keys run under the palette's: they are cut, not clicked."""
    from textual.command import CommandPalette

    async with app_factory().run_test(size=(40, 24)) as pilot:
        await ready(pilot)
        await pilot.click(KeyFooter, offset=(35, 0))
        await pilot.pause()
        assert isinstance(pilot.app.screen, CommandPalette)
