"""Provides tests of what a plain lab keyboard types: Greek names in ASCII, |x|, tanh^2(x),
`βx` as a product, vectors in parentheses, decimal commas and thousands separators."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.answers import INTEGER, ArrayFormat, NumberFormat
from engine.checking import Verdict, read_entry
from engine.equivalence import ExpressionFormat
from engine.errors import ParseError
from engine.expr import evaluate, parse
from engine.matrix_answers import MatrixFormat
from engine.matrix_answers import evaluate as evaluate_matrix
from engine.matrix_expr import parse_matrix

AT = {"x": 0.5, "y": -3.0, "β": 2.0, "λ": 4.0, "w_t": 1.0, "η": 0.1}
DECLARED = tuple(AT)


def value(text: str) -> float:
    return evaluate(parse(text, DECLARED), AT)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("beta*x", 2.0 * 0.5),
        ("beta x", 2.0 * 0.5),
        ("βx", 2.0 * 0.5),
        ("betax", 2.0 * 0.5),
        ("xy", 0.5 * -3.0),
        ("lambda(w_t - x)", 4.0 * (1.0 - 0.5)),
        ("eta", 0.1),
        ("sigma(x)", 1 / (1 + math.exp(-0.5))),
        ("pi", math.pi),
        ("|y|", 3.0),
        ("|x - 2|", 1.5),
        ("2|y|", 6.0),
        ("|y|x", 1.5),
        ("||y| - 5|", 2.0),
        ("|x||y|", 1.5),
        ("tanh^2(x)", math.tanh(0.5) ** 2),
        ("tanh²(x)", math.tanh(0.5) ** 2),
        ("1 - tanh^2(x)", 1 - math.tanh(0.5) ** 2),
        ("sin^2(x) + cos^2(x)", 1.0),
        ("sin**2(x)", math.sin(0.5) ** 2),
        ("βx^2", 2.0 * 0.5**2),  # a power binds to the last name of a run, as in βx²
        ("xy^2", 0.5 * 9.0),
        ("βx²", 2.0 * 0.5**2),
        ("(βx)^2", 1.0),
        ("βσ(βx)", 2.0 / (1 + math.exp(-1.0))),  # softplus' derivative as students write it
        ("betasigma(betax)", 2.0 / (1 + math.exp(-1.0))),
        ("xsin(x)", 0.5 * math.sin(0.5)),
        ("λtanh^2(x)", 4.0 * math.tanh(0.5) ** 2),
    ],
)
def test_what_a_plain_keyboard_types(text: str, expected: float) -> None:
    assert value(text) == pytest.approx(expected, rel=1e-12)


def test_a_declared_ascii_name_is_also_typed_in_greek() -> None:
    assert evaluate(parse("λ + 1", ("lambda",)), {"lambda": 2.0}) == 3.0


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("|x", "expected '|'"),
        ("x|", "expected an expression after '|'"),
        ("betaz", "unknown name 'betaz'"),
        ("zsin(x)", "unknown name 'zsin'"),
        ("βsigma", "unknown name 'βsigma'"),  # a function's name only where it is called
        ("tanh^2 x", "expected '(' after tanh"),
        ("x" * 40, "unknown name"),  # a long run is not split into forty products
    ],
)
def test_what_cannot_be_read_says_why(text: str, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment.replace("(", r"\(").replace("|", r"\|")):
        value(text)


def test_an_undeclared_greek_name_stays_unknown() -> None:
    with pytest.raises(ParseError, match="unknown name 'gamma'"):
        parse("gamma", ("x",))


def test_matrix_expressions_take_ascii_greek_and_juxtaposition() -> None:
    shapes = {"λ": (), "w": (2, 1), "w_t": (2, 1)}
    env = {"λ": 3.0, "w": np.array([[1.0], [2.0]]), "w_t": np.array([[0.5], [0.0]])}
    expected = 3.0 * (env["w"] - env["w_t"])
    for text in ("lambda(w - w_t)", "λ(w - w_t)", "lambda*(w - w_t)"):
        got = evaluate_matrix(parse_matrix(text, shapes), env)
        np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_vectors_in_parentheses() -> None:
    fmt = ArrayFormat((2,))
    for text in ("(1, -2.5)", "(1,-2.5)", "[1, -2.5]"):
        reading = fmt.read(text)
        assert reading.value == (1.0, -2.5)
        assert reading.shown == "[1, -2.5]"
    assert ArrayFormat((1,)).read("(1 + 2)").value == (3.0,)


def test_a_decimal_comma_is_refused_with_the_fix() -> None:
    verdict = read_entry("2,731", NumberFormat())
    assert isinstance(verdict, Verdict) and verdict.status == "invalid"
    assert "use a point for decimals (2.731)" in verdict.message


@pytest.mark.parametrize(
    ("text", "shape", "fixed"),
    [
        ("(1,25, -0,8)", (2,), "(1.25, -0.8)"),  # the tester's entry: 4 numbers read before
        ("[1,5, 2,5, 3]", (3,), "[1.5, 2.5, 3]"),
        ("[[1,5, 2], [3, 4]]", (2, 2), "[[1.5, 2], [3, 4]]"),
        ("[1,5 2; 3 4,5]", (2, 2), "[1.5 2; 3 4.5]"),
    ],
)
def test_decimal_commas_in_a_vector_or_matrix_are_refused_with_the_fix(
    text: str, shape: tuple[int, ...], fixed: str
) -> None:
    verdict = read_entry(text, ArrayFormat(shape))
    assert isinstance(verdict, Verdict) and verdict.status == "invalid"
    assert f"use a point for decimals ({fixed}), not a comma" in verdict.message


def test_commas_that_separate_are_not_taken_for_decimal_commas() -> None:
    assert ArrayFormat((3,)).read("[1,2,3]").value == (1.0, 2.0, 3.0)
    for text in ("[1,2,3]", "[1,5, 2,5]"):  # 3 numbers, or 4: not 2 with points either way
        verdict = read_entry(text, ArrayFormat((5,)))
        assert isinstance(verdict, Verdict) and "decimals" not in verdict.message
    verdict = read_entry("[1,2,3]", ArrayFormat((2,)))  # 1.2.3 is no number
    assert isinstance(verdict, Verdict) and verdict.message.startswith("expected 2 numbers, got 3")


def test_thousands_separators_in_an_integer_answer_are_read_and_echoed() -> None:
    reading = INTEGER.read("138,357,544")
    assert reading.value == 138_357_544
    assert reading.shown == "138357544"
    assert INTEGER.read("-1,000").value == -1000
    with pytest.raises(ParseError, match="use a point for decimals"):
        INTEGER.read("1,00")  # not groups of three: a decimal comma


def test_the_accepted_line_says_how_to_type_greek_names() -> None:
    expression = ExpressionFormat(("x", "β"))
    assert "β as beta" in expression.describe()
    matrix = MatrixFormat((("λ", ()), ("w", (2, 1))))
    assert "λ as lambda" in matrix.describe() and "x^T" in matrix.describe()
    assert "(1, 2)" in ArrayFormat((2,)).describe()
