"""Pilot tests of the learning loop in the app: the next line on home, `n` practises next on
fresh numbers, `p` shows progress, Enter on a skill practises it."""

from __future__ import annotations

from conftest import open_ref, ready, submit
from textual.widgets import OptionList, Static

from tutor.screens.home import HomeScreen
from tutor.screens.progress import ProgressScreen

SHEET = "autodiff-basics/f-sum-product"  # a = x + y = 3, b = y + 1 = 3, f = a·b = 9


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def go_home_after_a_slip(pilot) -> None:
    await open_ref(pilot, SHEET)
    await submit(pilot, "4")  # a = 1 + 2 = 3: wrong
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)


async def test_home_says_what_to_practise_next_once_the_log_is_read(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await go_home_after_a_slip(pilot)
        line = str(pilot.app.screen.query_one("#next", Static).render())
        assert line.startswith("Next (n): evaluating a node: 0 of 1 first tries right")
        assert "p: your progress" in line


async def test_n_opens_the_suggested_exercise_on_fresh_numbers(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await go_home_after_a_slip(pilot)
        suggestion = pilot.app.report.next
        await pilot.press("n")
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.session.worksheet.ref == suggestion.ref
        assert screen.session.worksheet.seed == suggestion.seed != 0


async def test_p_shows_each_skill_met_with_its_bar(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await go_home_after_a_slip(pilot)
        await pilot.press("p")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ProgressScreen)
        skills = screen.query_one("#skills", OptionList)
        first = skills.get_option_at_index(0)
        assert first.id == "skill:forward-pass"
        assert "evaluating a node" in str(first.prompt) and "(0 right of 1 try)" in str(
            first.prompt
        )


async def test_enter_on_a_skill_practises_it(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await go_home_after_a_slip(pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        sheet = pilot.app.screen.session.worksheet
        assert "forward-pass" in {s for c in pilot.app.report.candidates if c.ref == sheet.ref
                                  for s in c.skills}  # fmt: skip


async def test_the_summary_says_which_skills_moved(app_factory) -> None:
    from tutor.screens.summary import SummaryScreen

    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, SHEET)
        answers = {"value:a": "3", "value:b": "3", "value:f": "9", "adjoint:f:f": "1",
                   "adjoint:f:a": "3", "adjoint:f:b": "3", "adjoint:f:x": "3",
                   "adjoint:f:y": "6"}  # fmt: skip
        for blank in screen.session.worksheet.blanks:
            screen.session.select(blank.id)
            await submit(pilot, answers.get(blank.id, "0"))
        await settle(pilot)
        summary = pilot.app.screen
        assert isinstance(summary, SummaryScreen)
        assert summary.moved and all(after > before for _, before, after in summary.moved)
        text = str(summary.query_one("#summary-text", Static).render())
        assert "Skills moved" in text and "evaluating a node: 10% -> " in text


async def test_the_progress_screen_draws_ascii_bars_in_ascii_mode(app_factory) -> None:
    async with app_factory(ascii=True).run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await go_home_after_a_slip(pilot)
        await pilot.press("p")
        await pilot.pause()
        first = pilot.app.screen.query_one("#skills", OptionList).get_option_at_index(0)
        assert str(first.prompt).startswith("[##") and "█" not in str(first.prompt)


async def test_the_palette_offers_progress_and_practise_next(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        titles = [command.title for command in pilot.app.get_system_commands(pilot.app.screen)]
        assert "Progress" in titles and "Practise next" in titles
