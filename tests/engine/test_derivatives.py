"""Provides tests of gradients (reverse sweep), symbolic derivatives and the local partial table."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from engine.derivatives import derivative, gradient, simplified
from engine.errors import EvaluationError
from engine.expr import evaluate, parse
from engine.ops import local_partials
from engine.printing import to_text

x, y = sp.symbols("x y", real=True)
VARIABLES = ("x", "y")


def sym_sigmoid(t: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-t))


# Smooth building blocks, each as (text template, sympy builder), defined everywhere.
UNARY = [
    ("sin({})", sp.sin),
    ("cos({})", sp.cos),
    ("tanh({})", sp.tanh),
    ("σ({})", sym_sigmoid),
    ("softplus({})", lambda t: sp.log(1 + sp.exp(t))),
    ("e^({})", sp.exp),
    ("ln(1 + ({})^2)", lambda t: sp.log(1 + t**2)),
    ("sqrt(1 + ({})^2)", lambda t: sp.sqrt(1 + t**2)),
    ("({})^3", lambda t: t**3),
    ("-({})", lambda t: -t),
]
BINARY = [
    ("({}) + ({})", lambda a, b: a + b),
    ("({}) - ({})", lambda a, b: a - b),
    ("({})·({})", lambda a, b: a * b),
    ("({})/(1 + ({})^2)", lambda a, b: a / (1 + b**2)),
]
Pair = tuple[str, sp.Expr]

leaves: st.SearchStrategy[Pair] = st.sampled_from(
    [("x", x), ("y", y), ("2", sp.Integer(2)), ("0.5", sp.Rational(1, 2)), ("pi", sp.pi)]
)


def combine(children: st.SearchStrategy[Pair]) -> st.SearchStrategy[Pair]:
    unary = st.tuples(st.sampled_from(UNARY), children).map(
        lambda t: (t[0][0].format(t[1][0]), t[0][1](t[1][1]))
    )
    binary = st.tuples(st.sampled_from(BINARY), children, children).map(
        lambda t: (t[0][0].format(t[1][0], t[2][0]), t[0][1](t[1][1], t[2][1]))
    )
    return st.one_of(unary, binary)


functions = st.recursive(leaves, combine, max_leaves=7)
points = st.tuples(st.floats(-1.5, 1.5, allow_nan=False), st.floats(-1.5, 1.5, allow_nan=False))


def sympy_gradient(
    function: sp.Expr, at: dict[str, float], names: tuple[str, ...] = VARIABLES
) -> dict[str, float]:
    values = {x: sp.Float(at["x"], 30), y: sp.Float(at["y"], 30)}
    return {name: float(sp.diff(function, sp.Symbol(name, real=True)).evalf(30, subs=values))
            for name in names}  # fmt: skip


def assert_close(got: float, want: float) -> None:
    assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9), (got, want)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(functions, points)
def test_gradient_and_symbolic_derivative_match_sympy(
    pair: Pair, point: tuple[float, float]
) -> None:
    text, function = pair
    expr = parse(text, VARIABLES)
    assume(not expr.is_constant())
    at = {"x": point[0], "y": point[1]}
    try:
        got = gradient(expr, at)
    except EvaluationError:
        assume(False)
        return
    assert set(got) == set(expr.variables())
    want = sympy_gradient(function, at, tuple(got))
    for name, value in want.items():
        assert_close(got[name], value)
        symbolic = derivative(expr, name)
        assert_close(evaluate(symbolic, at), value)
        again = parse(to_text(symbolic), VARIABLES)
        assert again.key() == symbolic.key()
        shown = simplified(symbolic)  # as the working prints it: numbers gathered
        assert_close(evaluate(shown, at), value)
        assert parse(to_text(shown), VARIABLES).key() == shown.key()


@pytest.mark.parametrize(
    ("text", "function", "at"),
    [
        ("(x + y)(y + 1)", (x + y) * (y + 1), {"x": 1.0, "y": 2.0}),
        ("x·x", x * x, {"x": 3.0, "y": 0.0}),
        ("x^y", x**y, {"x": 2.0, "y": 3.0}),
        ("x/y", x / y, {"x": 2.0, "y": -3.0}),
        ("ln(x) + x y - sin(y)", sp.log(x) + x * y - sp.sin(y), {"x": 2.0, "y": 5.0}),
        ("sqrt(x)·tan(y)", sp.sqrt(x) * sp.tan(y), {"x": 2.0, "y": 0.3}),
        ("relu(x) + abs(y)", sp.Max(x, 0) + sp.Abs(y), {"x": 0.5, "y": -2.0}),
        ("relu(x)·y", sp.Max(x, 0) * y, {"x": -0.5, "y": 2.0}),
        ("2^x·e^(-y)", 2**x * sp.exp(-y), {"x": 0.5, "y": 1.5}),
    ],
)
def test_gradient_examples(text: str, function: sp.Expr, at: dict[str, float]) -> None:
    expr = parse(text, VARIABLES)
    got = gradient(expr, at)
    assert tuple(got) == expr.variables()
    for name, value in sympy_gradient(function, at, expr.variables()).items():
        assert_close(got[name], value)


def test_gradient_of_an_input_used_twice_sums_both_uses() -> None:
    assert gradient(parse("(x + y)(y + 1)", VARIABLES), {"x": 1.0, "y": 2.0}) == {
        "x": 3.0,
        "y": 6.0,
    }


def test_gradient_of_a_constant_is_empty() -> None:
    assert gradient(parse("2 + pi"), {}) == {}


def test_derivative_with_respect_to_an_absent_input_is_zero() -> None:
    assert to_text(derivative(parse("sin(x)", VARIABLES), "y")) == "0"


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("sin(x)", "cos(x)"),
        ("cos(x)", "-sin(x)"),
        ("σ(x)", "σ(x)·(1 - σ(x))"),
        ("tanh(x)", "1 - tanh(x)^2"),
        ("softplus(x)", "σ(x)"),
        ("x^3", "3·x^2"),
        ("e^(2x)", "2·e^(2·x)"),
        ("ln(x)", "1/x"),
        ("x·y", "y"),
        ("x + y", "1"),
    ],
)
def test_readable_derivative_rules(text: str, printed: str) -> None:
    assert to_text(derivative(parse(text, VARIABLES), "x")) == printed


UNARY_OPS = {
    "exp": sp.exp,
    "log": sp.log,
    "sqrt": sp.sqrt,
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
    "tanh": sp.tanh,
    "sigmoid": sym_sigmoid,
    "softplus": lambda t: sp.log(1 + sp.exp(t)),
    "relu": lambda t: sp.Max(t, 0),
    "abs": sp.Abs,
    "neg": lambda t: -t,
}
BINARY_OPS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: a**b,
}


@pytest.mark.parametrize("op", sorted(UNARY_OPS))
@pytest.mark.parametrize("at", [0.7, -0.4, 2.3])
def test_unary_local_partials_match_sympy(op: str, at: float) -> None:
    if op in ("log", "sqrt") and at < 0:
        at = -at
    function = UNARY_OPS[op](x)
    value = float(function.subs(x, at))
    (partial,) = local_partials(op, (at,), value)
    assert_close(partial, float(sp.diff(function, x).subs(x, at)))


@pytest.mark.parametrize("op", sorted(BINARY_OPS))
@pytest.mark.parametrize("at", [(0.7, 1.9), (2.5, -0.5), (3.0, 2.0)])
def test_binary_local_partials_match_sympy(op: str, at: tuple[float, float]) -> None:
    function = BINARY_OPS[op](x, y)
    subs = {x: at[0], y: at[1]}
    value = float(function.subs(subs))
    partials = local_partials(op, at, value)
    want = [float(sp.diff(function, s).subs(subs)) for s in (x, y)]
    for got, expected in zip(partials, want, strict=True):
        assert_close(got, expected)


def test_step_and_sign_differentiate_to_zero() -> None:
    # relu′ = step and |u|′ = sign are flat away from 0: differentiating them again gives 0
    # (it used to raise "no derivative rule"); by hand, d/dx relu(2x) = 2 at x = 0.7 and
    # d/dx |x − 1| = −1 at x = 0.3
    for text, at, first in (("relu(2*x)", 0.7, 2.0), ("abs(x - 1)", 0.3, -1.0)):
        once = derivative(parse(text, VARIABLES), "x")
        assert evaluate(once, {"x": at, "y": 0.0}) == first
        assert evaluate(derivative(once, "x"), {"x": at, "y": 0.0}) == 0.0


def test_a_fractional_power_has_no_finite_slope_at_zero() -> None:
    # u^b with 0 < b < 1 is vertical at u = 0, like sqrt: its partial is not 0
    for b in (0.5, 1 / 3):
        with pytest.raises(EvaluationError):
            local_partials("pow", (0.0, b), 0.0)
        with pytest.raises(EvaluationError):
            gradient(parse(f"x^{b}", VARIABLES), {"x": 0.0, "y": 1.0})
    # b ≥ 1 stays finite at 0: 1.5·0^0.5 = 0 and 1·0^0 = 1
    assert local_partials("pow", (0.0, 1.5), 0.0)[0] == 0.0
    assert local_partials("pow", (0.0, 1.0), 0.0)[0] == 1.0


def test_a_product_of_hundreds_of_factors_is_shown_without_recursing_down_it() -> None:
    """Gathering numbers looks a bounded way down a product: 300 factors of 2·x (a pack's
    objective may be that long) keep their value, and nothing recurses 600 levels."""
    expr = parse("*".join(["2*x"] * 300), None)
    shown = simplified(expr)
    assert evaluate(shown, {"x": 0.5}) == evaluate(expr, {"x": 0.5}) == 1.0
    assert evaluate(simplified(derivative(expr, "x")), {"x": 0.5}) == pytest.approx(600.0)
