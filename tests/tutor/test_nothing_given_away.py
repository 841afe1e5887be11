"""Provides the nothing-given-away test: on a fresh sheet of every built-in exercise, no title,
prompt or visual shows the key of a blank the student has not answered yet.

A key "shows" when it appears as a whole token: a shape in any way a person writes one (7x7,
7×7, [7, 7], (7, 7)), or a number of five characters or more (shorter ones, 0 or 12, are in
every grid of data). Exempt, with the reason: a shape that is the data's own (the input's size
or the window's, when the output happens to have the same), and the shape of a gradient or a
weight's derivative, which in denominator layout is the declared shape of the variable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import real_app, screen_text

from engine.answers import NumberFormat, ShapeFormat
from exercises.loader import load_builtin_packs
from exercises.model import Blank, Worksheet

SEEDS = 4
BUILTIN = [e for pack in load_builtin_packs().packs for e in pack.exercises]


def shape_forms(dims: tuple[int, ...]) -> list[str]:
    """Every way the text of the app writes a shape."""
    shown = [str(int(d)) for d in dims]
    if len(shown) == 1:
        return [f"[{shown[0]}]"]
    return [
        *(sep.join(shown) for sep in ("x", "×", " x ", " × ")),
        "[" + ", ".join(shown) + "]",
        "(" + ", ".join(shown) + ")",
    ]


def data_shapes(worksheet: Worksheet) -> set[str]:
    """Shapes the exercise gives as data: the input's and the window's (grid kinds)."""
    visual = worksheet.visual
    forms: set[str] = set()
    if hasattr(visual, "window") and hasattr(visual, "input") and visual.input:
        rows = len(visual.input[0]) - 2 * visual.padding[0]
        cols = len(visual.input[0][0]) - 2 * visual.padding[1]
        forms.update(shape_forms((rows, cols)))
        forms.update(shape_forms(tuple(visual.window)))
    return forms


def key_forms(worksheet: Worksheet, blank: Blank) -> Iterator[str]:
    if isinstance(blank.format, ShapeFormat):
        if worksheet.kind == "matrix-gradient" or blank.id.endswith("-shape"):
            return  # denominator layout: the declared shape of the variable
        exempt = data_shapes(worksheet)
        yield from (f for f in shape_forms(tuple(blank.expected)) if f not in exempt)
    elif isinstance(blank.format, NumberFormat) and len(blank.answer_text.lstrip("-")) >= 5:
        yield blank.answer_text


def shown_keys(worksheet: Worksheet, text: str) -> list[str]:
    """`blank id: key form` for every unanswered blank whose key appears in `text`."""
    found = []
    for blank in worksheet.blanks:
        for form in key_forms(worksheet, blank):
            if re.search(rf"(?<![\w.]){re.escape(form)}(?![\w.])", text):
                found.append(f"{blank.id}: {form}")
    return found


@pytest.mark.parametrize("exercise", BUILTIN, ids=lambda e: e.ref)
def test_no_title_or_prompt_shows_a_key(exercise: object) -> None:
    for seed in range(SEEDS if exercise.randomized else 1):  # type: ignore[attr-defined]
        worksheet = exercise.instance(seed)  # type: ignore[attr-defined]
        text = f"{worksheet.title}\n{worksheet.prompt}"
        assert not shown_keys(worksheet, text), (seed, shown_keys(worksheet, text))


def test_the_check_finds_a_shape_written_in_a_panel() -> None:
    """The checker itself: an output shape printed as `output 7x7` is found."""
    exercise = next(e for e in BUILTIN if e.ref == "convnets/output-size-drill")
    worksheet = next(
        sheet
        for sheet in map(exercise.instance, range(20))
        if "x".join(map(str, sheet.blank("shape").expected)) not in data_shapes(sheet)
    )
    rows, cols = worksheet.blank("shape").expected
    assert shown_keys(worksheet, f"output {rows}x{cols}") == [f"shape: {rows}x{cols}"]


PACKS = load_builtin_packs().packs
SCREEN_SIZE = (120, 50)  # large enough that the panels are not cropped


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.id)
async def test_no_fresh_sheet_shows_a_key_on_screen(pack: object, tmp_path: object) -> None:
    """Every exercise of the pack at seed 0, as the app draws it: title, prompt, table and
    the kind's visual (the prompt test above covers more seeds)."""
    app = real_app(tmp_path)  # type: ignore[arg-type]
    shown: list[str] = []
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        for exercise in pack.exercises:  # type: ignore[attr-defined]
            app.open_exercise(exercise.ref, 0, replace=True)
            await app.workers.wait_for_complete()
            await pilot.pause()
            worksheet = app.screen.worksheet  # type: ignore[attr-defined]
            assert worksheet.ref == exercise.ref
            found = shown_keys(worksheet, screen_text(app))
            shown.extend(f"{exercise.ref} {item}" for item in found)
    assert not shown, shown
