"""Provides tests of the math syntax: precedence, implicit products, the DAG, errors, arrays."""

from __future__ import annotations

import math

import pytest

from engine.errors import EvaluationError, ParseError
from engine.expr import MAX_DEPTH, MAX_DIGITS, Builder, evaluate, parse, parse_array, postorder

VARIABLES = ("x", "y", "w1", "w2", "x1", "x2")
AT = {"x": 0.7, "y": -1.3, "w1": 1.0, "w2": 2.0, "x1": 2.0, "x2": 5.0}
x, y, w1, w2 = AT["x"], AT["y"], AT["w1"], AT["w2"]


def value(text: str) -> float:
    return evaluate(parse(text, VARIABLES), AT)


def sigmoid(t: float) -> float:
    return 1.0 / (1.0 + math.exp(-t))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", 3.0),
        ("-2.5", -2.5),
        ("1e-3", 0.001),
        ("7.802e24", 7.802e24),
        (".5", 0.5),
        ("5.", 5.0),
        ("2 + 3 * 4", 14.0),
        ("2 - 3 - 4", -5.0),
        ("12 / 3 / 2", 2.0),
        ("2 ^ 3 ^ 2", 512.0),  # right associative
        ("2 ** 3", 8.0),
        ("-2^2", -4.0),  # unary minus binds looser than ^
        ("(-2)^2", 4.0),
        ("2^-1", 0.5),
        ("--3", 3.0),
        ("-+-3", 3.0),
        ("+3", 3.0),
        ("6 · 7", 42.0),
        ("6 × 7", 42.0),
        ("6 ⋅ 7", 42.0),
        ("9 − 4", 5.0),
        ("9 – 4", 5.0),
        ("9 ÷ 4", 2.25),
        ("7.802×10^24", 7.802 * 10.0**24),
        ("2²", 4.0),
        ("2³", 8.0),
        ("1/3 + 4", 1 / 3 + 4),
    ],
)
def test_numbers_and_operators(text: str, expected: float) -> None:
    assert value(text) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2w2", 2 * w2),
        ("2(x+1)", 2 * (x + 1)),
        ("σ(x)(1 - σ(x))", sigmoid(x) * (1 - sigmoid(x))),
        ("(x + y)(y + 1)", (x + y) * (y + 1)),
        ("x(1 - x)", x * (1 - x)),
        ("2 x", 2 * x),
        ("w1 w2", w1 * w2),
        ("2sin(x)", 2 * math.sin(x)),
        ("2pi", 2 * math.pi),
        ("2π", 2 * math.pi),
        ("2e", 2 * math.e),
        ("x²y", x * x * y),
        ("1/2x", 0.5 * x),  # a product written without a sign binds like one with it
    ],
)
def test_implicit_product(text: str, expected: float) -> None:
    assert value(text) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("exp(x)", math.exp(x)),
        ("e^x", math.exp(x)),
        ("log(w2)", math.log(w2)),
        ("ln(w2)", math.log(w2)),
        ("sqrt(w2)", math.sqrt(w2)),
        ("sin(x)", math.sin(x)),
        ("cos(x)", math.cos(x)),
        ("tan(x)", math.tan(x)),
        ("tanh(y)", math.tanh(y)),
        ("sigmoid(y)", sigmoid(y)),
        ("σ(y)", sigmoid(y)),
        ("relu(y)", 0.0),
        ("relu(x)", x),
        ("softplus(y)", math.log(1 + math.exp(y))),
        ("abs(y)", 1.3),
        ("e", math.e),
        ("pi", math.pi),
        ("π", math.pi),
        ("e^(2w2)", math.exp(2 * w2)),
        ("sin(x)^2", math.sin(x) ** 2),
    ],
)
def test_functions_and_constants(text: str, expected: float) -> None:
    assert value(text) == pytest.approx(expected, rel=1e-14)


def test_course_function_values() -> None:
    # Problem 7 at (1, 2), computed here with the math module.
    inner = math.exp(1.0) + math.exp(4.0)
    f1 = parse("e^(e^w1 + e^(2w2)) + sin(e^w1 + e^(2w2))", VARIABLES)
    assert evaluate(f1, AT) == pytest.approx(math.exp(inner) + math.sin(inner), rel=1e-13)
    f2 = parse("ln(w1 + w2) + w1²·w2", VARIABLES)
    assert evaluate(f2, AT) == pytest.approx(math.log(3.0) + 2.0, rel=1e-15)
    survey = parse("ln(x1) + x1 x2 - sin(x2)", VARIABLES)
    assert round(evaluate(survey, AT), 3) == 11.652


def test_shared_subexpressions_are_one_node() -> None:
    f1 = parse("e^(e^w1 + e^(2w2)) + sin(e^w1 + e^(2w2))", VARIABLES)
    exp_part, sin_part = f1.args
    assert exp_part.op == "exp" and sin_part.op == "sin"
    assert exp_part.args[0] is sin_part.args[0]
    inner_sums = [n for n in postorder(f1) if n.op == "add" and n is not f1]
    assert len(inner_sums) == 1
    assert len([n for n in postorder(f1) if n.op == "input" and n.name == "w1"]) == 1


def test_a_shared_builder_shares_nodes_across_parses() -> None:
    builder = Builder()
    first = parse("w1 w2 + σ(w1)", VARIABLES, builder)
    second = parse("σ(w1) - 3", VARIABLES, builder)
    assert first.args[1] is second.args[0]


def test_variables_in_order_of_first_appearance() -> None:
    assert parse("y + sin(x) + y·w1", VARIABLES).variables() == ("y", "x", "w1")
    assert parse("2 + pi", VARIABLES).is_constant()


def test_key_tells_structures_apart() -> None:
    assert parse("x + y", VARIABLES).key() == parse("(x)+(y)", VARIABLES).key()
    assert parse("x + y", VARIABLES).key() != parse("y + x", VARIABLES).key()
    assert parse("exp(x)", VARIABLES).key() == parse("e^x", VARIABLES).key()
    assert parse("ln(x)", VARIABLES).key() == parse("log(x)", VARIABLES).key()


def test_any_name_is_an_input_when_variables_is_none() -> None:
    expr = parse("a·b + sin(c)", None)
    assert expr.variables() == ("a", "b", "c")
    assert evaluate(expr, {"a": 2.0, "b": 3.0, "c": 0.0}) == 6.0


def error_of(text: str, variables: tuple[str, ...] = VARIABLES) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse(text, variables)
    return caught.value


def test_error_after_open_parenthesis_points_at_column_5() -> None:
    error = error_of("sin(")
    assert "expected an expression after '(' at column 5" in str(error)
    assert error.column == 5
    assert error.pointer() == "sin(\n    ^"


def test_unknown_name_lists_the_exercise_variables() -> None:
    error = error_of("w1 + w3", ("w1", "w2"))
    assert "unknown name 'w3'; this exercise uses w1, w2" in str(error)
    assert error.column == 6


def test_unknown_name_where_only_numbers_are_expected() -> None:
    assert "only numbers are expected here" in str(error_of("2x", ()))


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("2 + $", 5, "unexpected character '$'"),
        ("x +", 4, "expected an expression after '+'"),
        ("x *", 4, "expected an expression after '*'"),
        ("(x + 1", 7, "expected ')'"),
        ("x + 1)", 6, "unexpected ')'"),
        ("()", 2, "expected an expression"),
        ("sin()", 5, "expected an expression after '('"),
        ("sin x", 5, "expected '(' after sin"),
        ("2^^3", 3, "expected an expression"),
        ("1 2", 3, "unexpected '2'"),
        ("x * * 2", 5, "expected an expression"),
        ("[1, 2] + 1", 1, "vector or matrix"),
        ("", 1, "empty"),
        ("   ", 1, "empty"),
    ],
)
def test_errors_name_the_column(text: str, column: int, fragment: str) -> None:
    error = error_of(text)
    assert fragment in str(error)
    assert error.column == column


def test_nesting_limit_is_exact() -> None:
    inside = "(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH
    assert evaluate(parse(inside)) == 1.0
    too_deep = "(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1)
    assert "nested too deeply" in str(error_of(too_deep))


def test_number_size_limit_is_exact() -> None:
    assert evaluate(parse("9" * MAX_DIGITS)) == pytest.approx(10.0**MAX_DIGITS)
    error = error_of("9" * (MAX_DIGITS + 1))
    assert "number too long" in str(error) and error.column == 1


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("ln(0)", "ln is only defined for positive numbers"),
        ("ln(-1)", "ln is only defined for positive numbers"),
        ("sqrt(-1)", "sqrt of a negative number"),
        ("1/0", "division by zero"),
        ("0^-1", "division by zero"),
        ("(-8)^(1/3)", "fractional power"),
        ("tan(pi/2)", "tan is undefined"),
        ("exp(1000)", "too large"),
        ("10^400", "too large"),
        ("1e300 * 1e300", "too large"),
    ],
)
def test_evaluation_errors(text: str, fragment: str) -> None:
    with pytest.raises(EvaluationError, match=fragment):
        evaluate(parse(text))


def test_tiny_results_are_zero_not_overflow() -> None:
    assert evaluate(parse("2^-1100")) == 0.0
    assert evaluate(parse("2^-1000")) == pytest.approx(2.0**-1000)


def test_missing_value_for_an_input() -> None:
    with pytest.raises(EvaluationError, match="no value for 'y'"):
        evaluate(parse("x + y", VARIABLES), {"x": 1.0})


def array_values(text: str) -> list[list[float]]:
    return [[evaluate(e) for e in row] for row in parse_array(text)]


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("[1, 2]", [[1.0, 2.0]]),
        ("[[1, 2], [3, 4]]", [[1.0, 2.0], [3.0, 4.0]]),
        ("[1 2; 3 4]", [[1.0, 2.0], [3.0, 4.0]]),
        ("[1 -2]", [[1.0, -2.0]]),  # a spaced sign starts a new element
        ("[1 - 2]", [[-1.0]]),
        ("[1 -2, 3]", [[1.0, -2.0, 3.0]]),
        ("[-1 -2]", [[-1.0, -2.0]]),
        ("[1;2;3]", [[1.0], [2.0], [3.0]]),
        ("[sin(0) -cos(0)]", [[0.0, -1.0]]),
        ("[2(1 + 1) 3]", [[4.0, 3.0]]),
        ("[2pi]", [[2 * math.pi]]),
        ("[1/2, e^0]", [[0.5, 1.0]]),
    ],
)
def test_arrays(text: str, rows: list[list[float]]) -> None:
    got = array_values(text)
    assert [len(row) for row in got] == [len(row) for row in rows]
    for got_row, row in zip(got, rows, strict=True):
        assert got_row == pytest.approx(row, rel=1e-15)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[1 2", "expected ']'"),
        ("[]", "expected a number before ']'"),
        ("[1,,2]", "expected an expression"),
        ("[1 2]]", "unexpected ']'"),
        ("[[1, 2]; [3, 4]]", "expected ']'"),
        ("[1 x]", "unknown name 'x'"),
    ],
)
def test_array_errors(text: str, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        parse_array(text)
