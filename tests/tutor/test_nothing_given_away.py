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
from collections.abc import Iterable, Iterator

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


def key_forms(worksheet: Worksheet, blank: Blank, *, in_hint: bool = False) -> Iterator[str]:
    """The ways a blank's key may be written; `in_hint`: the gradient's shape too (a prompt
    may declare the variable's shape; a hint of another blank must not say it)."""
    if isinstance(blank.format, ShapeFormat):
        if not in_hint and (worksheet.kind == "matrix-gradient" or blank.id.endswith("-shape")):
            return  # denominator layout: the declared shape of the variable
        exempt = data_shapes(worksheet)
        yield from (f for f in shape_forms(tuple(blank.expected)) if f not in exempt)
    elif isinstance(blank.format, NumberFormat) and len(blank.answer_text.lstrip("-")) >= 5:
        yield blank.answer_text


def shown_keys(
    worksheet: Worksheet, text: str, blanks: Iterable[Blank] | None = None, in_hint: bool = False
) -> list[str]:
    """`blank id: key form` for every unanswered blank (of `blanks`, default all) whose key
    appears in `text`."""
    found = []
    for blank in worksheet.blanks if blanks is None else blanks:
        for form in key_forms(worksheet, blank, in_hint=in_hint):
            if re.search(rf"(?<![\w.]){re.escape(form)}(?![\w.])", text):
                found.append(f"{blank.id}: {form}")
    return found


@pytest.mark.parametrize("exercise", BUILTIN, ids=lambda e: e.ref)
def test_no_title_or_prompt_shows_a_key(exercise: object) -> None:
    for seed in range(SEEDS if exercise.randomized else 1):  # type: ignore[attr-defined]
        worksheet = exercise.instance(seed)  # type: ignore[attr-defined]
        text = f"{worksheet.title}\n{worksheet.prompt}"
        assert not shown_keys(worksheet, text), (seed, shown_keys(worksheet, text))


def built_on(worksheet: Worksheet, blank: Blank) -> set[str]:
    """The blanks `blank` is computed from, however far upstream: its hints may use them."""
    seen: set[str] = set()
    todo = list(blank.depends_on)
    while todo:
        blank_id = todo.pop()
        if blank_id not in seen and worksheet.has_blank(blank_id):
            seen.add(blank_id)
            todo.extend(worksheet.blank(blank_id).depends_on)
    return seen


@pytest.mark.parametrize("exercise", BUILTIN, ids=lambda e: e.ref)
def test_no_hint_rung_shows_the_shape_asked_in_another_blank(exercise: object) -> None:
    """Every rung of a blank's ladder before its answer: no shape another blank asks for,
    unless it is this blank's own or one it is computed from (the matrix gradient's hints
    never state the shape asked in the blank above). Numbers are not compared: a rung shows
    the values it is computed from, and another blank's key is often the same number."""
    for seed in range(SEEDS if exercise.randomized else 1):  # type: ignore[attr-defined]
        worksheet = exercise.instance(seed)  # type: ignore[attr-defined]
        shown = []
        for blank in worksheet.blanks:
            own = [worksheet.blank(i) for i in built_on(worksheet, blank) | {blank.id}]
            allowed = {f for b in own for f in key_forms(worksheet, b, in_hint=True)}
            others = [
                b for b in worksheet.blanks if isinstance(b.format, ShapeFormat) and b not in own
            ]
            for rung in worksheet.hint_ladder(blank.id)[:-1]:
                found = shown_keys(worksheet, rung, others, in_hint=True)
                shown.extend(f"{blank.id} -> {f}" for f in found if f.split(": ")[1] not in allowed)
        assert not shown, (seed, shown)


def test_the_hint_check_finds_the_gradients_shape_in_a_rung() -> None:
    """The checker itself: a rung of the gradient that says `3×1` gives the shape away."""
    exercise = next(e for e in BUILTIN if e.ref == "derivatives/quadratic-form")
    worksheet = exercise.instance(0)
    rows, cols = worksheet.blank("shape").expected
    shape = worksheet.blank("shape")
    assert shown_keys(worksheet, f"G has the shape of x ({rows}×{cols})", [shape], in_hint=True)
    assert not shown_keys(worksheet, f"x ({rows}×{cols})", [shape])  # a prompt may declare it


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
