"""Provides derivatives of one expression DAG: numeric gradients (reverse sweep) and symbolic ones.

Both read the op tables of engine.ops; nothing here knows about exercises.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from engine.expr import Builder, Expr, evaluate_all, postorder
from engine.ops import EVALUATE, OPS, PARTIALS, Partials, local_partials
from engine.printing import format_number


def gradient(
    expr: Expr,
    env: Mapping[str, float],
    partials_table: Mapping[str, Partials] = PARTIALS,
    evaluate_table: Mapping[str, Callable[..., float]] = EVALUATE,
    output: float | None = None,
) -> dict[str, float]:
    """∂expr/∂name for every input name of the expression, by one reverse sweep (float64).

    The sweep reads rule tables: a mistake is this same sweep with a perturbed table.
    `output` is the expression's own value where it is known otherwise (a student's rounded
    σ(z), from which they work out σ′ = σ(1 − σ)).
    """
    nodes = list(postorder(expr))
    values = evaluate_all((expr,), env, evaluate_table)
    if output is not None:
        values[id(expr)] = output
    adjoint: dict[int, float] = {id(n): 0.0 for n in nodes}
    adjoint[id(expr)] = 1.0
    result: dict[str, float] = {name: 0.0 for name in expr.variables()}
    for node in reversed(nodes):
        bar = adjoint[id(node)]
        if node.op == "input":
            result[node.name] += bar
            continue
        if node.op == "const" or bar == 0.0:
            continue
        partials = local_partials(
            node.op, tuple(values[id(a)] for a in node.args), values[id(node)], partials_table
        )
        for arg, partial in zip(node.args, partials, strict=True):
            adjoint[id(arg)] += bar * partial
    return result


class _Simplifier:
    """Builds nodes while folding the trivial cases (x·1, x + 0, constants) for readable rules."""

    def __init__(self, builder: Builder) -> None:
        self.b = builder

    def const(self, value: float) -> Expr:
        return self.b.const(value)

    def add(self, a: Expr, b: Expr) -> Expr:
        if _is(a, 0):
            return b
        if _is(b, 0):
            return a
        if b.op == "neg":
            return self.sub(a, b.args[0])
        if a.op == b.op == "const" and not a.name and not b.name:
            return self.const(a.value + b.value)
        return self.b.node("add", a, b)

    def sub(self, a: Expr, b: Expr) -> Expr:
        if _is(b, 0):
            return a
        if _is(a, 0):
            return self.neg(b)
        return self.b.node("sub", a, b)

    def neg(self, a: Expr) -> Expr:
        if a.op == "const" and not a.name:
            return self.const(-a.value)
        if a.op == "neg":
            return a.args[0]
        return self.b.node("neg", a)

    def mul(self, a: Expr, b: Expr) -> Expr:
        if _is(a, 0) or _is(b, 0):
            return self.const(0.0)
        if _is(a, 1):
            return b
        if _is(b, 1):
            return a
        if _is(a, -1):
            return self.neg(b)
        if _is(b, -1):
            return self.neg(a)
        if a.op == b.op == "const" and not a.name and not b.name:
            return self.const(a.value * b.value)
        if b.op == "const" and a.op != "const":
            a, b = b, a
        if b.op == "div" and _is(b.args[0], 1):
            return self.div(a, b.args[1])
        if a.op == "div" and _is(a.args[0], 1) and not a.is_constant():
            return self.div(b, a.args[1])
        return self.b.node("mul", a, b)

    def div(self, a: Expr, b: Expr) -> Expr:
        if _is(a, 0):
            return self.const(0.0)
        if _is(b, 1):
            return a
        if a.op == "neg":
            return self.neg(self.div(a.args[0], b))
        return self.b.node("div", a, b)

    def pow(self, a: Expr, b: Expr) -> Expr:
        if _is(b, 1):
            return a
        if _is(b, 0):
            return self.const(1.0)
        return self.b.node("pow", a, b)

    def call(self, op: str, *args: Expr) -> Expr:
        return self.b.node(op, *args)


def _is(node: Expr, value: float) -> bool:
    return node.op == "const" and not node.name and node.value == value


def simplified(expr: Expr) -> Expr:
    """The expression as a person writes it: x·1, 1·x, x + 0 dropped and constant factors
    gathered (`(w·1 - 100)^2/2` is `(w - 100)^2/2`, `0 - η·(-4)·3` is `12·η`). The same
    value; for showing a drawn function, never for its trace."""
    s = _Simplifier(Builder())
    built: dict[int, Expr] = {}
    for node in postorder(expr):
        args = [built[id(a)] for a in node.args]
        if node.op in ("const", "input"):
            made = s.b.node(node.op, value=node.value, name=node.name)
        elif node.op in ("add", "sub", "neg", "mul", "div", "pow"):
            made = _gathered(s, _cancelled(s, getattr(s, node.op)(*args)))
        else:
            made = s.call(node.op, *args)
        built[id(node)] = made
    return built[id(expr)]


_GATHER_DEPTH = 24
"""How far down a product or quotient numbers are gathered (a long chain stays as written)."""


def _coefficient(s: _Simplifier, node: Expr, depth: int = 0) -> tuple[float, int, Expr | None]:
    """(c, n, x) with node = c·x, c the product of the n numbers in its factors and divisors
    (`1/2` is one number), x the rest (None when nothing is left)."""
    if _number(node):
        return node.value, 1, None
    if node.op == "div" and all(map(_number, node.args)) and node.args[1].value != 0:
        return node.args[0].value / node.args[1].value, 1, None
    if depth >= _GATHER_DEPTH:
        return 1.0, 0, node
    if node.op == "neg":
        c, n, rest = _coefficient(s, node.args[0], depth + 1)
        return -c, n, rest
    if node.op == "mul":
        (c1, n1, rest1), (c2, n2, rest2) = (_coefficient(s, a, depth + 1) for a in node.args)
        if rest1 is None or rest2 is None:
            return c1 * c2, n1 + n2, rest1 if rest2 is None else rest2
        return c1 * c2, n1 + n2, s.b.node("mul", rest1, rest2)
    if node.op == "div":
        numerator, divisor = node.args
        c, n, rest = _coefficient(s, numerator, depth + 1)
        if _number(divisor) and divisor.value != 0:
            return c / divisor.value, n + 1, rest
        return c, n, s.b.node("div", rest if rest is not None else s.const(1.0), divisor)
    return 1.0, 0, node


def _number(node: Expr) -> bool:
    return node.op == "const" and not node.name


def _cancelled(s: _Simplifier, node: Expr) -> Expr:
    """Numbers in a product or quotient gathered into one factor where two or more meet and
    what they make prints shortly: `2·(w - 100)/2` is `w - 100`, `4·(2·w)` is `8·w`,
    `1/2·(2·u·x)` is `u·x`; a lone `(w - 1)^2/2` or `1/3·x` stays as written."""
    if node.op not in ("mul", "div"):
        return node
    c, n, rest = _coefficient(s, node)
    if n < 2 or not math.isfinite(c) or len(format_number(c)) > 6:
        return node
    if rest is None:
        return s.const(c)
    return rest if c == 1 else s.neg(rest) if c == -1 else _scaled(s, c, rest)


def _scaled(s: _Simplifier, c: float, rest: Expr, depth: int = 0) -> Expr:
    """c·rest with c on its first factor: `0.5·x·y`, not `0.5·(x·y)`; `6/x`, not `6·(1/x)`."""
    if rest.op in ("mul", "div") and depth < _GATHER_DEPTH:
        return s.b.node(rest.op, _scaled(s, c, rest.args[0], depth + 1), rest.args[1])
    return s.const(c) if _is(rest, 1) else s.b.node("mul", s.const(c), rest)


def _factor(node: Expr) -> tuple[float, Expr] | None:
    """(c, x) for c·x or -x (c = -1), where c is a number."""
    if node.op == "neg":
        return -1.0, node.args[0]
    if node.op == "mul" and node.args[0].op == "const" and not node.args[0].name:
        return node.args[0].value, node.args[1]
    return None


def _gathered(s: _Simplifier, node: Expr) -> Expr:
    """-(c·x) as (-c)·x, c·(-x) and c1·(c2·x) as one factor, a - (-c)·x as a + c·x."""
    outer = _factor(node)
    if outer is not None:
        inner = _factor(outer[1])
        if inner is not None:
            return _gathered(s, s.mul(s.const(outer[0] * inner[0]), inner[1]))
    if node.op in ("add", "sub"):
        right = _factor(node.args[1])
        if right is not None and right[0] < 0:
            flipped = s.mul(s.const(-right[0]), right[1])
            return s.b.node("sub" if node.op == "add" else "add", node.args[0], flipped)
    return node


def derivative(expr: Expr, name: str, builder: Builder | None = None) -> Expr:
    """The symbolic derivative of expr with respect to the input `name`, lightly simplified."""
    s = _Simplifier(builder or Builder())
    d: dict[int, Expr] = {}
    for node in postorder(expr):
        d[id(node)] = _rule(s, node, [d[id(a)] for a in node.args], name)
    return d[id(expr)]


def _rule(s: _Simplifier, node: Expr, da: list[Expr], name: str) -> Expr:
    if node.op == "const":
        return s.const(0.0)
    if node.op == "input":
        return s.const(1.0 if node.name == name else 0.0)
    if node.op not in OPS:
        raise ValueError(f"no derivative rule for {node.op}")
    result: Expr = OPS[node.op].derivative(s, node, da)
    return result
