"""Provides tests of the Unicode printer: readable output that parses back to the same DAG."""

from __future__ import annotations

import pytest

from engine.expr import evaluate, parse, postorder
from engine.printing import format_number, to_text

VARIABLES = ("x", "y", "z", "w1", "w2", "x1", "x2")
AT = {"x": 0.7, "y": 1.3, "z": 2.1, "w1": 1.0, "w2": 2.0, "x1": 2.0, "x2": 5.0}


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("sigmoid(w1)", "σ(w1)"),
        ("exp(2*w2)", "e^(2·w2)"),
        ("e^(2w2)", "e^(2·w2)"),
        ("e^w1 + e^(2w2)", "e^w1 + e^(2·w2)"),
        ("log(x)", "ln(x)"),
        ("x ** 2", "x^2"),
        ("x²y", "x^2·y"),
        ("2(x+1)", "2·(x + 1)"),
        ("(x + y)(y + 1)", "(x + y)·(y + 1)"),
        ("x - (y - z)", "x - (y - z)"),
        ("(x - y) - z", "x - y - z"),
        ("x / (y * z)", "x/(y·z)"),
        ("(x * y) / z", "x·y/z"),
        ("x - -y", "x - (-y)"),
        ("x * -y", "x·(-y)"),
        ("-x * y", "-x·y"),
        ("-(x * y)", "-(x·y)"),
        ("-x^2", "-x^2"),
        ("(-x)^2", "(-x)^2"),
        ("(x^y)^z", "(x^y)^z"),
        ("x^y^z", "x^(y^z)"),
        ("x^-y", "x^(-y)"),
        ("x^sin(y)", "x^sin(y)"),
        ("2^-1", "2^(-1)"),
        ("(-2)^x", "(-2)^x"),
        ("x + -2", "x + (-2)"),
        ("-2x", "-2·x"),
        ("pi·x", "π·x"),
        ("7.802×10^24", "7.802·10^24"),
        ("ln(x1) + x1 x2 - sin(x2)", "ln(x1) + x1·x2 - sin(x2)"),
    ],
)
def test_printed_text(text: str, printed: str) -> None:
    assert to_text(parse(text, VARIABLES)) == printed


COURSE_FUNCTIONS = [
    "(x + y)(y + 1)",
    "e^(e^w1 + e^(2w2)) + sin(e^w1 + e^(2w2))",
    "w1 w2 + σ(w1)",
    "cos(w1)cos(w2) + σ(w2)",
    "ln(w1 + w2) + w1²·w2",
    "ln(x1) + x1 x2 - sin(x2)",
    "σ(x)(1 - σ(x))",
    "1/(1 + e^-x)",
    "softplus(x) - relu(y) + abs(z) + tanh(x)/sqrt(z)",
    "0.5(w1 - 2)^2 + 0.5(w1 + 1)^2",
    "-(-(-x))",
    "1e-7·x + 123456789012345678·y + 0.1",
]


@pytest.mark.parametrize("text", COURSE_FUNCTIONS)
def test_print_then_parse_gives_the_same_dag(text: str) -> None:
    expr = parse(text, VARIABLES)
    again = parse(to_text(expr), VARIABLES)
    assert again.key() == expr.key()
    assert evaluate(again, AT) == evaluate(expr, AT)


def test_printing_keeps_sharing() -> None:
    expr = parse("e^(e^w1 + e^(2w2)) + sin(e^w1 + e^(2w2))", VARIABLES)
    again = parse(to_text(expr), VARIABLES)
    assert len(list(postorder(again))) == len(list(postorder(expr)))


def test_names_replace_nodes() -> None:
    expr = parse("e^(e^w1 + e^(2w2)) + sin(e^w1 + e^(2w2))", VARIABLES)
    shared = expr.args[1].args[0]
    assert to_text(expr, {id(shared): "a"}) == "e^a + sin(a)"
    assert to_text(expr, {id(expr.args[0]): "v5", id(expr.args[1]): "v6"}) == "v5 + v6"


@pytest.mark.parametrize(
    ("value", "text"),
    [(3.0, "3"), (-2.0, "-2"), (0.5, "0.5"), (1e-7, "1e-07"), (0.1 + 0.2, "0.30000000000000004")],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text
    assert float(text) == value


@pytest.mark.parametrize(
    ("text", "names", "printed"),
    [
        ("cos(x)", {"x": "(-4)"}, "cos(-4)"),
        ("relu(x)", {"x": "(-2)"}, "relu(-2)"),
        ("cos(x)", {"x": "(-1)·(2)"}, "cos((-1)·(2))"),
        ("cos(x) * y", {"x": "(-4)", "y": "(-1)"}, "cos(-4)·(-1)"),
        ("max(x, y)", {"x": "(-4)", "y": "3"}, "max(-4, 3)"),
    ],
)
def test_a_substituted_negative_number_is_not_parenthesised_twice_inside_a_call(
    text: str, names: dict[str, str], printed: str
) -> None:
    """Hint rung 3 and the working substitute `(-4)` for a node: `cos((-4))` reads as a typo."""
    expr = parse(text, variables=("x", "y"))
    by_id = {id(n): names[n.name] for n in postorder(expr) if n.op == "input" and n.name in names}
    assert to_text(expr, by_id) == printed
