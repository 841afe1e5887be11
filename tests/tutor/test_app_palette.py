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


async def test_palette_offers_a_randomized_exercise_by_the_title_on_its_sheet(tmp_path) -> None:
    """Softplus's pack title is `Softplus with β = {beta}: ...`: the palette shows the β drawn
    for the seed the student is on (3 here), as the sheet it opens does, never `{beta}`."""
    from conftest import FakeStore

    from exercises.loader import load_builtin_packs, resolve_ref
    from tutor.app import make_app

    store = FakeStore()
    ref = "derivatives/softplus"
    store.mark_opened(ref, 3, 1)
    app = make_app(data_dir=tmp_path, store_opener=lambda _dir: store,
                   packs_loader=load_builtin_packs, ref_resolver=resolve_ref)  # fmt: skip
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        provider = ExerciseCommands(pilot.app.screen)
        every = [hit.text async for hit in provider.discover()]
        assert every and not any("{" in str(text) for text in every)
        hits = [hit async for hit in provider.search("softplus") if hit.help.startswith(ref + " ")]
        assert len(hits) == 1 and "β = " in str(hits[0].text)
        hits[0].command()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        sheet = pilot.app.screen.worksheet
        assert (sheet.ref, sheet.seed) == (ref, 3)
        assert str(hits[0].text).startswith(f"Open: {sheet.title}  (")
        assert sheet.title != pilot.app.catalog.by_ref[ref].listed_title
