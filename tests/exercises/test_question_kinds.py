"""The `questions` and `expression` kinds: blanks, verdicts with their mistakes, and pack errors.

Values are worked by hand (w* = w_t - g/λ = 1 - 2/4 = 0.5; Xᵀ(XXᵀ)⁻¹t for x = (2, 1), t = 2
is (2, 1)·2/5 = (0.8, 0.4)).
"""

from __future__ import annotations

import pytest

from exercises.loader import load_pack_text
from exercises.model import Worksheet
from exercises.pack import PackError

HEADER = '[pack]\nid = "t"\ntitle = "T"\n\n'

QUESTIONS = """[[exercise]]
id = "gd"
kind = "questions"
title = "Where GD converges"

[[exercise.questions]]
id = "range"
ask = "For which α does GD converge?"
type = "interval"
answer = "0 < α < 2"

[[exercise.questions]]
id = "at-two"
ask = "What happens at α = 2?"
type = "choice"
options = ["converges", "oscillates", "diverges"]
answer = "oscillates"
mistakes = [{ answer = "converges", message = "|1 - α| = 1 at α = 2", id = "boundary" }]

[[exercise.questions]]
id = "change"
ask = "The sign of f(w1) - f(w0)"
type = "sign"
answer = 3.5

[[exercise.questions]]
id = "memory"
ask = "Extra memory of reverse mode"
type = "complexity"
answer = "O(T)"

[[exercise.questions]]
id = "adagrad"
ask = "Direction of AdaGrad's first step"
type = "direction"
answer = [1, 1]

[[exercise.questions]]
id = "w1"
ask = "w1 as a formula in η"
type = "expression"
variables = ["η"]
answer = "3η"

[[exercise.questions]]
id = "factor"
ask = "|1 - α| at α = 0.5"
answer = "1/2"
"""

EXPRESSIONS = """[[exercise]]
id = "prox"
kind = "expression"
title = "The proximal step"
label = "w*"
variables = ["w_t", "g", "λ"]
answer = "w_t - g/λ"
at = { w_t = 1, g = 2, "λ" = 4 }

[[exercise]]
id = "min-norm"
kind = "expression"
title = "The minimum-norm solution"
shapes = { X = [1, 2], t = [1, 1] }
answer = "X^T inv(X X^T) t"
at = { X = [[2, 1]], t = 2 }

[[exercise]]
id = "step"
kind = "expression"
title = "Loss after one step"
shapes = { X = [3, 2], w0 = [2], t = [3] }
variables = ["η", "n"]
let = { a0 = "X w0 - t" }
answer = "(1/n) ‖a0 - (2η/n) X Xᵀ a0‖²"
"""


def _sheet(text: str, exercise_id: str) -> Worksheet:
    pack, errors = load_pack_text(HEADER + text, "t.toml")
    assert pack is not None and not errors, errors
    return pack.exercise(exercise_id).instance(0)


def _verdict(sheet: Worksheet, blank_id: str, typed: str, **others: str) -> tuple[str, str | None]:
    verdict = sheet.check(blank_id, typed, {blank_id: typed, **others})
    return verdict.status, verdict.mistake


@pytest.mark.parametrize(
    ("blank", "typed", "status", "mistake"),
    [
        ("range", "0 < a < 2", "correct", None),
        ("range", "(0, 2)", "correct", None),
        ("range", "0 ≤ α < 2", "incorrect", "closed-end"),
        ("range", "0 < α < 1", "incorrect", None),
        ("range", "between 0 and 2", "invalid", None),
        ("at-two", "osc", "correct", None),
        ("at-two", "converges", "incorrect", "boundary"),
        ("at-two", "explodes", "invalid", None),
        ("change", "+", "correct", None),
        ("change", "negative", "incorrect", "sign-flip"),
        ("memory", "O(T)", "correct", None),
        ("memory", "O(2T + 1)", "correct", None),
        ("memory", "O(1)", "incorrect", None),
        ("adagrad", "[0.3, 0.3]", "correct", None),
        ("adagrad", "(-1, -1)", "incorrect", "opposite-direction"),
        ("adagrad", "[2, 1]", "incorrect", None),
        ("w1", "η + 2η", "correct", None),
        ("w1", "-3η", "incorrect", "sign-flip"),
        ("factor", "0.5", "correct", None),
        ("factor", "0.25", "incorrect", None),
    ],
)
def test_questions_of_every_type(blank: str, typed: str, status: str, mistake: str | None) -> None:
    sheet = _sheet(QUESTIONS, "gd")
    assert _verdict(sheet, f"question:{blank}", typed) == (status, mistake)


def test_questions_say_what_is_accepted_and_list_the_options() -> None:
    sheet = _sheet(QUESTIONS, "gd")
    assert "one of: converges, oscillates, diverges" in sheet.prompt
    assert "included must match" in sheet.blank("question:range").rule
    assert "positive multiple" in sheet.blank("question:adagrad").rule
    assert [b.id for b in sheet.blanks][:2] == ["question:range", "question:at-two"]


def test_the_key_of_every_question_grades_correct() -> None:
    sheet = _sheet(QUESTIONS, "gd")
    key = {b.id: b.format.show(b.expected) for b in sheet.blanks}
    assert all(v.status == "correct" for _, _, v in sheet.grade(key))


def test_an_expression_and_its_value_follow_through() -> None:
    sheet = _sheet(EXPRESSIONS, "prox")
    assert _verdict(sheet, "answer", "(λ w_t - g)/λ") == ("correct", None)
    assert _verdict(sheet, "value", "0.5") == ("correct", None)
    # w_t + g/λ at (1, 2, 4) is 1.5: right from the student's own formula
    assert _verdict(sheet, "value", "1.5", answer="w_t + g/λ") == ("consistent", None)
    assert _verdict(sheet, "answer", "g/λ - w_t") == ("incorrect", "sign-flip")


def test_the_minimum_norm_solution_and_its_value() -> None:
    sheet = _sheet(EXPRESSIONS, "min-norm")
    assert _verdict(sheet, "answer", "Xᵀ(XXᵀ)⁻¹t") == ("correct", None)
    assert _verdict(sheet, "answer", "X^T t / (X X^T)") == ("correct", None)
    assert _verdict(sheet, "answer", "X (XX^T)^-1 t") == ("incorrect", "shape-mismatch")
    assert _verdict(sheet, "value", "[0.8, 0.4]") == ("correct", None)
    assert _verdict(sheet, "value", "[1.6, 0.8]", answer="2 X^T t/(X X^T)") == (
        "consistent",
        None,
    )


def test_an_abbreviation_may_be_typed_or_written_out() -> None:
    sheet = _sheet(EXPRESSIONS, "step")
    assert _verdict(sheet, "answer", "‖a0 - 2η/n X Xᵀ a0‖²/n") == ("correct", None)
    assert _verdict(sheet, "answer", "‖X w0 - t - 2η/n X Xᵀ(X w0 - t)‖²/n") == ("correct", None)
    assert _verdict(sheet, "answer", "2‖a0 - 2η/n X Xᵀ a0‖²/n") == (
        "incorrect",
        "constant-factor",
    )


def _errors(text: str) -> list[PackError]:
    pack, errors = load_pack_text(HEADER + text, "t.toml")
    if pack is not None:
        for exercise in pack.exercises:
            try:
                exercise.instance(0)
            except PackError as error:
                errors.append(error)
    return errors


@pytest.mark.parametrize(
    ("old", "new", "field", "bad_line"),
    [
        ('answer = "oscillates"', 'answer = "oscilates"', "questions[1].answer", 0),
        ('type = "sign"', 'type = "signs"', "questions[2].type", 0),
        ('answer = "O(T)"', 'answer = "O(T"', "questions[3].answer", 0),
        ('type = "direction"', 'type = "direction"\nunits = "m"', "questions[4].units", 1),
        ('variables = ["η"]', 'variables = ["sin"]', "questions[5].variables", 0),
    ],
)
def test_bad_question_fields_name_file_line_and_field(
    old: str, new: str, field: str, bad_line: int
) -> None:
    text = QUESTIONS.replace(old, new, 1)
    line = (HEADER + text).splitlines().index(new.splitlines()[bad_line]) + 1
    errors = _errors(text)
    assert [(e.field, e.line) for e in errors] == [(field, line)], errors
    assert str(errors[0]).startswith(f"t.toml:{line}: exercise 'gd': field '{field}'")


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('answer = "w_t - g/λ"', 'answer = "w_t - g/"', "answer"),
        ('let = { a0 = "X w0 - t" }', 'let = { a0 = "X t" }', "let"),
        ("shapes = { X = [1, 2]", "shapes = { X = [1, 2, 3]", "shapes.X"),
        ("at = { X = [[2, 1]], t = 2 }", "at = { X = [[2, 1, 3]], t = 2 }", "at.X"),
        ('at = { w_t = 1, g = 2, "λ" = 4 }', "at = { w_t = 1, g = 2 }", "at.λ"),
    ],
)
def test_bad_expression_fields_are_named(old: str, new: str, field: str) -> None:
    errors = _errors(EXPRESSIONS.replace(old, new, 1))
    assert [e.field for e in errors] == [field], errors
    assert errors[0].line is not None
