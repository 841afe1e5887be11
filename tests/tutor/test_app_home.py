"""Pilot tests of home: packs with progress, exercises with glyphs, filter, continue."""

from __future__ import annotations

from conftest import open_ref, ready
from textual.widgets import OptionList

from tutor.screens.home import HomeScreen, progress_bar


async def test_home_lists_packs_with_progress_and_exercises(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        packs = pilot.app.screen.query_one("#packs", OptionList)
        exercises = pilot.app.screen.query_one("#exercises", OptionList)
        assert [packs.get_option_at_index(i).id for i in range(packs.option_count)] == [
            "autodiff-basics",
            "optimizers",
        ]
        assert "0/1" in str(packs.get_option_at_index(0).prompt)
        assert exercises.get_option_at_index(0).id == "autodiff-basics/f-sum-product"
        assert str(exercises.get_option_at_index(0).prompt).startswith("○")


async def test_enter_on_an_exercise_opens_it_with_the_first_blank_focused(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        assert screen.session.focus == "value:a"
        assert pilot.app.focused is not None and pilot.app.focused.id == "entry"


async def test_filter_matches_tags_across_packs(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "c", "n", "n")
        exercises = pilot.app.screen.query_one("#exercises", OptionList)
        assert exercises.option_count == 1
        assert exercises.get_option_at_index(0).id == "convolution/ramp"


async def test_continue_reopens_the_last_instance(app_factory, store) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await open_ref(pilot, "optimizers/gd-quadratic")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
        assert "Gradient descent" in str(pilot.app.screen.query_one("#continue").render())
        await pilot.press("c")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen.worksheet.ref == "optimizers/gd-quadratic"


async def test_a_model_that_comes_while_home_is_taken_down_is_ignored(app_factory) -> None:
    """The catalogue can load as the app exits, with home half removed (seen under load: the
    first-frame test crashed on '#continue'); home then ignores it instead of crashing."""

    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        await home.query_one("#home-title").remove()  # a part the lines are placed by
        home.model = home.model._replace(next_line="Next (n): something new")
        await pilot.pause()
        assert home.query("#packs")


def test_progress_bar_reads_without_colour() -> None:
    assert progress_bar(3, 4) == "██████░░ 3/4"
    assert progress_bar(0, 0) == "░░░░░░░░ 0/0"


#: How long the loader is held back, and the most the home screen may take to compose: the
#: test asserts what is on screen, never how fast; the bound only ends a hang. Generous because
#: a CI machine shared five ways took over 2 s to compose a frame that takes 0.1 s alone.
HELD_BACK_S = 60.0


async def test_the_first_frame_lists_the_packs_before_they_are_loaded(tmp_path) -> None:
    """Home is drawn from the listing and the store; the loader (held back here) comes later."""
    import threading

    from conftest import fake_packs, fake_resolve

    from tutor.app import make_app
    from tutor.listing import Listing
    from tutor.progress import ProgressStore

    gate = threading.Event()

    def held_back_packs() -> list:
        gate.wait(HELD_BACK_S)
        return fake_packs()

    listing = Listing.read(tmp_path)  # the cache a student's earlier start left
    with ProgressStore.open(tmp_path) as store:
        store.record_attempt("autodiff/warmup-reverse", 0, "value:a", "3", "correct", None, 0)
    app = make_app(data_dir=tmp_path, store_opener=ProgressStore.open,
                   packs_loader=held_back_packs, ref_resolver=fake_resolve,
                   listing_reader=Listing.read)  # fmt: skip
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(round(HELD_BACK_S / 0.02)):  # until composed, however busy
                await pilot.pause(0.02)
                if pilot.app.screen.query("#packs"):
                    break
            packs = pilot.app.screen.query_one("#packs", OptionList)
            exercises = pilot.app.screen.query_one("#exercises", OptionList)
            assert not pilot.app.catalog.loaded
            shown = [packs.get_option_at_index(i).id for i in range(packs.option_count)]
            assert shown == [pack.id for pack in listing.packs]
            first = [exercises.get_option_at_index(i).id for i in range(exercises.option_count)]
            assert first == [e.ref for e in listing.packs[0].exercises]
            assert str(exercises.get_option_at_index(0).prompt).startswith("◐")
            gate.set()
    finally:
        gate.set()


async def test_a_solution_shown_on_an_untouched_sheet_is_revealed_on_home_not_done(
    app_factory, store
) -> None:
    """Optimizers holds three exercises: the GD sheet worked to the end, the convolution
    untouched until F3 (confirmed, every step shown) and Esc to home. Home marks the
    convolution ◇ revealed, not ✓ or ✓h, and the pack counts only the worked one: 1/3."""
    from conftest import submit

    from tutor.screens.solution import SolutionScreen
    from tutor.screens.summary import SummaryScreen

    answers = {"gradient:0": "-4", "iterate:1": "2", "gradient:1": "-2", "iterate:2": "3",
               "gradient:2": "-1", "iterate:3": "3.5"}  # fmt: skip
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, "optimizers/gd-quadratic")
        for blank_id, answer in answers.items():
            screen.select(blank_id)
            await submit(pilot, answer)
        assert isinstance(pilot.app.screen, SummaryScreen)
        await pilot.press("h")
        await pilot.pause()
        await open_ref(pilot, "convolution/ramp")
        await pilot.press("f3", "y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SolutionScreen)
        await pilot.press("a")  # every step of the worked solution at once
        await pilot.pause()
        await pilot.press("escape", "escape")
        await pilot.pause()
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        assert store.exercise_status("convolution/ramp", 10) == "revealed"
        packs = home.query_one("#packs", OptionList)
        assert packs.get_option_at_index(1).id == "optimizers"
        assert " 1/3" in str(packs.get_option_at_index(1).prompt).splitlines()[1]
        packs.highlighted = 1
        await pilot.pause()
        exercises = home.query_one("#exercises", OptionList)
        shown = {
            exercises.get_option_at_index(i).id: str(exercises.get_option_at_index(i).prompt)
            for i in range(exercises.option_count)
        }
        assert shown["convolution/ramp"].startswith("◇ ")
        assert shown["optimizers/gd-quadratic"].startswith("✓ ")


async def test_a_title_matches_its_signs_spelled_as_typed(app_factory) -> None:
    """`½(w - 4)²` is found by typing 1/2 or ^2, as a student would write it."""
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"^2")
        exercises = pilot.app.screen.query_one("#exercises", OptionList)
        assert [exercises.get_option_at_index(i).id for i in range(exercises.option_count)] == [
            "optimizers/gd-quadratic"
        ]
        assert "½(w - 4)²" in str(exercises.get_option_at_index(0).prompt)


async def test_ascii_mode_spells_the_signs_of_home_titles(app_factory) -> None:
    async with app_factory(ascii=True).run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"gradient")
        exercises = pilot.app.screen.query_one("#exercises", OptionList)
        prompt = str(exercises.get_option_at_index(0).prompt)
        assert "1/2(w - 4)^2" in prompt and prompt.isascii()
