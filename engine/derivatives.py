"""Provides derivatives of one expression DAG: numeric gradients (reverse sweep) and symbolic ones.

Both read the op tables of engine.ops; nothing here knows about exercises.
"""

from __future__ import annotations

from collections.abc import Mapping

from engine.expr import Builder, Expr, evaluate_all, postorder
from engine.ops import local_partials


def gradient(expr: Expr, env: Mapping[str, float]) -> dict[str, float]:
    """∂expr/∂name for every input name of the expression, by one reverse sweep (float64)."""
    nodes = list(postorder(expr))
    values = evaluate_all((expr,), env)
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
            node.op, tuple(values[id(a)] for a in node.args), values[id(node)]
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

    def call(self, op: str, a: Expr) -> Expr:
        return self.b.node(op, a)


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
            made = _gathered(s, getattr(s, node.op)(*args))
        else:
            made = s.call(node.op, *args)
        built[id(node)] = made
    return built[id(expr)]


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
    op, args = node.op, node.args
    if op == "const":
        return s.const(0.0)
    if op == "input":
        return s.const(1.0 if node.name == name else 0.0)
    if op == "add":
        return s.add(da[0], da[1])
    if op == "sub":
        return s.sub(da[0], da[1])
    if op == "mul":
        return s.add(s.mul(da[0], args[1]), s.mul(args[0], da[1]))
    if op == "div":
        quotient = s.div(da[0], args[1])
        return s.sub(quotient, s.div(s.mul(args[0], da[1]), s.pow(args[1], s.const(2.0))))
    if op == "pow":
        base, exponent = args
        if exponent.is_constant():
            lowered = s.pow(base, _minus_one(s, exponent))
            return s.mul(s.mul(exponent, lowered), da[0])
        log_term = s.mul(da[1], s.call("log", base))
        return s.mul(node, s.add(log_term, s.div(s.mul(exponent, da[0]), base)))
    if op == "neg":
        return s.neg(da[0])
    outer = _outer(s, node)
    return s.mul(outer, da[0])


def _minus_one(s: _Simplifier, exponent: Expr) -> Expr:
    if exponent.op == "const" and not exponent.name:
        return s.const(exponent.value - 1)
    return s.sub(exponent, s.const(1.0))


def _outer(s: _Simplifier, node: Expr) -> Expr:
    """The derivative of a one-argument function at its argument (the outer derivative)."""
    (a,) = node.args
    one = s.const(1.0)
    rules = {
        "exp": lambda: node,
        "log": lambda: s.div(one, a),
        "sqrt": lambda: s.div(one, s.mul(s.const(2.0), node)),
        "sin": lambda: s.call("cos", a),
        "cos": lambda: s.neg(s.call("sin", a)),
        "tan": lambda: s.add(one, s.pow(node, s.const(2.0))),
        "tanh": lambda: s.sub(one, s.pow(node, s.const(2.0))),
        "sigmoid": lambda: s.mul(node, s.sub(one, node)),
        "softplus": lambda: s.call("sigmoid", a),
        "relu": lambda: s.call("step", a),
        "abs": lambda: s.call("sign", a),
        "step": lambda: s.const(0.0),
        "sign": lambda: s.const(0.0),
    }
    if node.op not in rules:
        raise ValueError(f"no derivative rule for {node.op}")
    return rules[node.op]()
