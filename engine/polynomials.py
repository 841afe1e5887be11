"""Provides the expansion of an expression in one variable into a polynomial, when it is one.

Gradient descent with a symbolic step size on a quadratic gives iterates that are polynomials
in η; written out as the recurrence builds them (1 - η·(2·1/2) - η·(...)) they are unreadable,
so the key is shown expanded (1 - 2·η + η^2). Anything that is not a polynomial gives None.
"""

from __future__ import annotations

import numpy as np
from numpy.polynomial import polynomial as P

from engine.expr import Builder, Expr, postorder

Coefficients = np.ndarray
#: Beyond this degree the expansion is given up (the recurrence form is shown instead).
MAX_DEGREE = 32


def expand(expr: Expr, name: str) -> Coefficients | None:
    """The coefficients of `expr` as a polynomial in `name`, lowest degree first, or None."""
    found: dict[int, Coefficients] = {}
    for node in postorder(expr):
        coefficients = _expand_node(node, name, [found[id(a)] for a in node.args])
        if coefficients is None or not np.all(np.isfinite(coefficients)):
            return None
        if len(coefficients) - 1 > MAX_DEGREE:
            return None
        found[id(node)] = coefficients
    return _trimmed(found[id(expr)])


def _expand_node(node: Expr, name: str, args: list[Coefficients]) -> Coefficients | None:
    op = node.op
    if op == "const":
        return np.array([node.value])
    if op == "input":
        return np.array([0.0, 1.0]) if node.name == name else None
    with np.errstate(all="ignore"):
        if op == "add":
            return np.asarray(P.polyadd(args[0], args[1]))
        if op == "sub":
            return np.asarray(P.polysub(args[0], args[1]))
        if op == "neg":
            return np.asarray(-args[0])
        if op == "mul":
            return np.asarray(P.polymul(args[0], args[1]))
        if op == "div":
            divisor = _trimmed(args[1])
            if len(divisor) != 1 or divisor[0] == 0:
                return None
            return np.asarray(args[0] / divisor[0])
        if op == "pow":
            exponent = _trimmed(args[1])
            if len(exponent) != 1 or not float(exponent[0]).is_integer():
                return None
            power = int(exponent[0])
            if not 0 <= power <= MAX_DEGREE:
                return None
            return np.asarray(P.polypow(_trimmed(args[0]), power, maxpower=MAX_DEGREE * 2))
    return None


def _trimmed(coefficients: Coefficients) -> Coefficients:
    """Without the highest coefficients that vanish next to the largest one (at least [0])."""
    scale = float(np.max(np.abs(coefficients))) if coefficients.size else 0.0
    kept = np.asarray(coefficients, dtype=np.float64).copy()
    kept[np.abs(kept) <= 1e-13 * scale] = 0.0
    while len(kept) > 1 and kept[-1] == 0.0:
        kept = kept[:-1]
    return kept if kept.size else np.array([0.0])


def polynomial_expr(coefficients: Coefficients, name: str, builder: Builder | None = None) -> Expr:
    """The polynomial as an expression, lowest degree first: 1 - 2·η + η^2."""
    b = builder or Builder()
    variable = b.input(name)
    total: Expr | None = None
    for degree, coefficient in enumerate(float(c) for c in coefficients):
        if coefficient == 0.0 and (degree > 0 or len(coefficients) > 1):
            continue
        size = abs(coefficient) if total is not None else coefficient
        if degree == 0:
            term = b.const(size)
        else:
            power = variable if degree == 1 else b.node("pow", variable, b.const(float(degree)))
            if size == 1.0:
                term = power
            elif size == -1.0:
                term = b.node("neg", power)
            else:
                term = b.node("mul", b.const(size), power)
        joined = "add" if coefficient > 0 else "sub"
        total = term if total is None else b.node(joined, total, term)
    return total if total is not None else b.const(0.0)
