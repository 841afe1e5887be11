"""Pilot tests of the working: a reveal shows it in the feedback area; the worked solution shows
it one step at a time (n) or whole (a), each step of a blank not yet correct counting as revealed.

The exercise is gradient descent on f(w) = w⁴ from w(0) = 2 with η = 0.01, worked by hand:
g(0) = 4·2³ = 32, w(1) = 2 - 0.01·32 = 1.68.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import FakeStore, feedback_text, glyph, open_ref, ready
from test_app_keys import open_worked_solution, reveal
from test_app_keys import solution_text as shown
from textual.widgets import RichLog

from exercises.kinds import KINDS
from exercises.model import Instance
from tutor.app import make_app
from tutor.screens.worksheet import WorksheetScreen
from tutor.session.worksheet_session import WorksheetSession

PACK = """
[pack]
id = "working-test"
title = "Working"

[[exercise]]
id = "gd4"
kind = "gradient-descent"
title = "GD on w^4"
objective = "w^4"
start = { w = 2 }
lr = 0.01
steps = 2
"""


def app(tmp_path: Path, store: FakeStore) -> Any:
    return make_app(data_dir=tmp_path, store_opener=lambda _data_dir: store)


def ref(tmp_path: Path) -> str:
    path = tmp_path / "working.toml"
    path.write_text(PACK)
    return f"{path}#gd4"


async def type_entry(pilot: Any, text: str) -> None:
    await pilot.press(*text, "enter")
    await pilot.pause()


async def test_a_reveal_shows_the_working_from_the_students_own_gradient(
    tmp_path: Path, store: FakeStore
) -> None:
    async with app(tmp_path, store).run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, ref(tmp_path))
        await type_entry(pilot, "30")  # g(0) is 32: the student wrote 30
        assert screen.session.focus == "gradient:0"
        await pilot.press("down")
        await reveal(pilot, screen, "iterate:1")
        text = feedback_text(screen)
        assert "Working:" in text
        assert "w(1) = w(0) - η·g(0)" in text and "= 2 - 0.01·30" in text and "= 1.7" in text
        assert "the key is 1.68" in text


async def test_the_solution_goes_one_step_at_a_time(tmp_path: Path, store: FakeStore) -> None:
    async with app(tmp_path, store).run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, ref(tmp_path))
        solution = await open_worked_solution(pilot)
        assert screen.session.revealed == {"gradient:0"}
        assert "= 4·2^3" in shown(solution) and "w(1) = w(0)" not in shown(solution)
        await pilot.press("n")
        await pilot.pause()
        assert screen.session.revealed == {"gradient:0", "iterate:1"}
        assert "= 2 - 0.01·32" in shown(solution) and "= 1.68" in shown(solution)
        assert "2 of 4 steps shown" in str(solution.query_one("#solution-progress").content)
        await pilot.press("escape")
        await pilot.pause()
        assert glyph(screen, "iterate:1") == "◇"  # revealed: not done


async def test_all_steps_at_once(tmp_path: Path, store: FakeStore) -> None:
    async with app(tmp_path, store).run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, ref(tmp_path))
        solution = await open_worked_solution(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert screen.session.revealed == {b.id for b in screen.worksheet.blanks}
        assert "= 4·1.68^3" in shown(solution)  # g(1), at w(1) = 1.68
        assert "All 4 steps shown" in str(solution.query_one("#solution-progress").content)


async def test_the_students_right_answers_are_steps_that_reveal_nothing(
    tmp_path: Path, store: FakeStore
) -> None:
    async with app(tmp_path, store).run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, ref(tmp_path))
        await type_entry(pilot, "32")
        solution = await open_worked_solution(pilot)
        assert screen.session.revealed == {"iterate:1"}
        assert "= 4·2^3" in shown(solution) and "= 1.68" in shown(solution)


async def test_each_step_is_worked_out_and_written_once_on_a_big_sheet(
    tmp_path: Path, store: FakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a 65-blank sheet (an 8x8 convolution output and its shape), twelve `n` work out and
    write each step once; redrawing the steps shown so far would cost 13 x 65 workings."""
    from exercises import working as working_module

    fields = {
        "input": {"shape": [1, 8, 8], "int": [-3, 3]},
        "kernel": {"shape": [1, 1, 3, 3], "int": [-2, 2]},
        "padding": 1,
        "ask": 64,
    }
    sheet = KINDS["convolution"].build(Instance("t/conv8", "convolution", 0, "conv8", fields))
    assert len(sheet.blanks) == 65
    worked: list[str] = []
    original = working_module.working_of

    def counted(worksheet: Any, blank_id: str, *args: Any) -> Any:
        worked.append(blank_id)
        return original(worksheet, blank_id, *args)

    monkeypatch.setattr(working_module, "working_of", counted)
    async with app(tmp_path, store).run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.app.push_screen(WorksheetScreen(WorksheetSession(sheet)))
        await pilot.pause()
        solution = await open_worked_solution(pilot)
        table = solution.query_one("#solution-table", RichLog)
        written: list[Any] = []
        monkeypatch.setattr(table, "write", lambda *a, **k: written.append(a) or table)
        for _ in range(12):
            await pilot.press("n")
        await pilot.pause()
        assert solution.session.steps == [b.id for b in sheet.blanks[:13]]
        assert worked == solution.session.steps  # each step worked out once, in order
        assert len(written) == 12  # one write a step after the first
        assert "13 of 65 steps shown" in str(solution.query_one("#solution-progress").content)


async def test_a_narrower_terminal_wraps_the_steps_again(tmp_path: Path, store: FakeStore) -> None:
    """Steps are written at the table's width; after the terminal narrows, no line is wider
    than the table (they are written again at the new width, the text unchanged)."""
    async with app(tmp_path, store).run_test(size=(100, 24)) as pilot:
        await open_ref(pilot, ref(tmp_path))
        solution = await open_worked_solution(pilot)
        await pilot.press("a")
        await pilot.pause()
        table = solution.query_one("#solution-table", RichLog)
        assert "= 4·1.68^3" in shown(solution)
        await pilot.resize_terminal(44, 24)
        await pilot.pause()
        await pilot.pause()
        width = table.scrollable_content_region.width
        assert 0 < width < 40
        assert max(line.cell_length for line in table.lines) <= width
        assert "1.68^3" in shown(solution)
