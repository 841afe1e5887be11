"""Tests of the op records: every op has every part, and each part agrees with an independent
reference (sympy's own calculus written here, numpy written differently)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import sympy as sp

from engine.arrays import evaluate_array
from engine.catalogue import CATALOGUE
from engine.derivatives import derivative, gradient
from engine.expr import evaluate, parse
from engine.ops import FUNCTION_NAMES, OPS, Op
from engine.printing import to_text

x, y = sp.symbols("x y", real=True)
K = sp.sqrt(2 / sp.pi)

#: Each op as a person types it, and the same function written in sympy by hand.
WRITTEN: dict[str, tuple[str, Any]] = {
    "add": ("x + y", x + y),
    "sub": ("x - y", x - y),
    "mul": ("x*y", x * y),
    "div": ("x/y", x / y),
    "pow": ("x^y", x**y),
    "neg": ("-x", -x),
    "exp": ("exp(x)", sp.exp(x)),
    "log": ("ln(x)", sp.log(x)),
    "sqrt": ("sqrt(x)", sp.sqrt(x)),
    "sin": ("sin(x)", sp.sin(x)),
    "cos": ("cos(x)", sp.cos(x)),
    "tan": ("tan(x)", sp.tan(x)),
    "tanh": ("tanh(x)", sp.tanh(x)),
    "cosh": ("cosh(x)", (sp.exp(x) + sp.exp(-x)) / 2),
    "sinh": ("sinh(x)", (sp.exp(x) - sp.exp(-x)) / 2),
    "sigmoid": ("σ(x)", 1 / (1 + sp.exp(-x))),
    "gelu": ("gelu(x)", x / 2 * (1 + sp.tanh(K * (x + sp.Rational(44715, 10**6) * x**3)))),
    "relu": ("relu(x)", sp.Piecewise((x, x > 0), (0, True))),
    "softplus": ("softplus(x)", sp.log(1 + sp.exp(x))),
    "abs": ("abs(x)", sp.Abs(x)),
    "step": ("step(x)", sp.Piecewise((1, x > 0), (0, True))),
    "sign": ("sign(x)", sp.sign(x)),
    "max": ("max(x, y)", sp.Piecewise((x, x > y), (y, True))),
    "min": ("min(x, y)", sp.Piecewise((x, x < y), (y, True))),
}
#: Points away from every kink and outside no domain: x > 0, x ≠ y.
POINTS = [(0.7, 1.9), (1.6, 0.4), (2.3, 3.1)]


def test_every_op_has_every_part() -> None:
    assert set(OPS) == set(WRITTEN)
    for name, op in OPS.items():
        assert isinstance(op, Op) and op.name == name
        assert op.arity in (1, 2)
        for part in (op.evaluate, op.partials, op.derivative, op.array, op.sympy):
            assert callable(part), (name, part)
        assert op.display and op.fact, name
        for rule in (*op.wrong, *op.wrong_values):
            assert rule.id in CATALOGUE, (name, rule.id)
    typed = [t for op in OPS.values() for t in op.typed]
    assert len(typed) == len(set(typed)) == len(FUNCTION_NAMES)


def _reference(expr: Any, point: tuple[float, float]) -> Callable[[Any], float]:
    return lambda e: float(e.subs({x: point[0], y: point[1]}).evalf(30))


@pytest.mark.parametrize("name", sorted(WRITTEN))
def test_value_partials_and_symbolic_derivative_match_sympy(name: str) -> None:
    text, reference = WRITTEN[name]
    expr = parse(text, ("x", "y"))
    assert expr.op == name
    for point in POINTS:
        at = _reference(reference, point)
        env = {"x": point[0], "y": point[1]}
        assert evaluate(expr, env) == pytest.approx(at(reference), rel=1e-12)
        numeric = gradient(expr, env)
        for variable, symbol in (("x", x), ("y", y)):
            if variable not in expr.variables():
                continue
            want = at(sp.diff(reference, symbol))
            assert numeric[variable] == pytest.approx(want, rel=1e-9, abs=1e-12), (name, point)
            symbolic = derivative(expr, variable)
            assert evaluate(symbolic, env) == pytest.approx(want, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("name", sorted(WRITTEN))
def test_the_array_form_agrees_elementwise(name: str) -> None:
    expr = parse(WRITTEN[name][0], ("x", "y"))
    xs, ys = np.array([p[0] for p in POINTS]), np.array([p[1] for p in POINTS])
    got = evaluate_array(expr, {"x": xs, "y": ys})
    want = [evaluate(expr, {"x": a, "y": b}) for a, b in POINTS]
    assert got == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("name", sorted(WRITTEN))
def test_the_sympy_form_is_the_function(name: str) -> None:
    reference = WRITTEN[name][1]
    op = OPS[name]
    converted = op.sympy(sp, x) if op.arity == 1 else op.sympy(sp, x, y)
    for point in POINTS:
        at = _reference(reference, point)
        assert at(converted) == pytest.approx(at(reference), rel=1e-12, abs=1e-15)


def test_new_ops_reach_sympy_through_the_simplifier() -> None:
    from engine.simplify import to_sympy

    converted = to_sympy(parse("max(x, y)·cosh(x) + gelu(y)", ("x", "y")), opaque=False)
    want = sp.Max(x, y) * sp.cosh(x) + WRITTEN["gelu"][1].subs(x, y)
    at = _reference(want, (0.7, 1.9))
    assert at(converted) == pytest.approx(at(want), rel=1e-12)


@pytest.mark.parametrize("text", ["max(x, y)·cosh(x)", "min(2x, y + 1) + gelu(x)", "cosh(x)^2"])
def test_new_ops_print_and_parse_back(text: str) -> None:
    expr = parse(text, ("x", "y"))
    again = parse(to_text(expr), ("x", "y"))
    assert evaluate(again, {"x": 0.3, "y": 1.2}) == evaluate(expr, {"x": 0.3, "y": 1.2})


def test_max_takes_exactly_two_arguments() -> None:
    from engine.errors import ParseError

    with pytest.raises(ParseError, match="it takes two"):
        parse("max(x)", ("x",))


def test_gelu_at_one_by_hand() -> None:
    """gelu(1) = ½(1 + tanh(√(2/π)·1.044715)) = 0.841192 (published value of the approximation)."""
    value = 0.5 * (1 + math.tanh(math.sqrt(2 / math.pi) * 1.044715))
    assert evaluate(parse("gelu(1)")) == pytest.approx(value, rel=1e-12)
    assert value == pytest.approx(0.841192, abs=1e-6)
