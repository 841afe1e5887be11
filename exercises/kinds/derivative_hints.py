"""Provides the hint ladder of the `derivative` kind: the rule, the rule in symbols, the pieces.

Rung 1 names the rule the function's outermost structure calls for (constant factors set
aside), rung 2 states it with the standard derivatives the function uses, rung 3 gives the
inner and outer derivatives (or u, v, u′, v′) of this function.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.derivatives import derivative
from engine.expr import Builder, Expr, postorder
from engine.ops import DISPLAY, OPS
from engine.printing import to_text


def _depends(expr: Expr, name: str) -> bool:
    return name in expr.variables()


_FACTS = {name: op.fact for name, op in OPS.items() if op.typed or name == "pow"}
_RULES = {
    "add": ("a sum", "the sum rule", OPS["add"].fact),
    "sub": ("a difference", "the sum rule", OPS["sub"].fact),
    "mul": ("a product u·v", "the product rule", OPS["mul"].fact),
    "div": ("a quotient u/v", "the quotient rule", OPS["div"].fact),
    "pow": ("a power u^n", "the power rule with the chain rule", OPS["pow"].fact),
    "chain": ("a composition g(u)", "the chain rule", "(g(u))′ = g′(u)·u′"),
}


def _core(function: Expr, wrt: str) -> tuple[Expr, list[str]]:
    """The function without constant factors in front (which the hints mention separately)."""
    constants: list[str] = []
    node = function
    while True:
        if node.op == "neg":
            constants.append("−1")
            node = node.args[0]
        elif node.op in ("mul", "div") and not _depends(node.args[1], wrt):
            shown = to_text(node.args[1])
            constants.append(shown if node.op == "mul" else f"1/{shown}")
            node = node.args[0]
        elif node.op == "mul" and not _depends(node.args[0], wrt):
            constants.append(to_text(node.args[0]))
            node = node.args[1]
        else:
            return node, constants


def _outer_text(node: Expr, variables: Sequence[str]) -> str:
    """g′(u) written in u, for the node g(inside)."""
    u = "t" if "u" in variables else "u"
    b = Builder()
    applied = b.node(node.op, b.input(u), *node.args[1:], value=node.value, name=node.name)
    return f"g′({u}) = {to_text(derivative(applied, u, b))}"


def hint_ladder(function: Expr, wrt: str, variables: Sequence[str]) -> tuple[str, str, str]:
    """Rungs: which rule and why; the rule in symbols; the inner and outer pieces of this f."""
    core, constants = _core(function, wrt)
    kind = core.op
    if kind in _FACTS and kind != "pow":
        kind = "chain"
    if kind == "pow" and not core.args[1].is_constant():
        kind = "chain"  # a^b: the hint rewrites it as e^(b·ln a)
    front = f" The constant factor {'·'.join(constants)} stays in front." if constants else ""
    facts = sorted(
        {_FACTS[n.op] for n in postorder(function) if n.op in _FACTS and _depends(n, wrt)}
    )
    if kind not in _RULES:
        rung1 = f"f is built from {wrt} by +, −, · and constants: differentiate term by term."
        return (
            rung1 + front,
            "(c·u)′ = c·u′, (u + v)′ = u′ + v′, (x)′ = 1.",
            f"d/d{wrt} of each piece, then combine.",
        )
    what, rule, symbols = _RULES[kind]
    rung1 = f"f is {what}: use {rule}.{front}"
    if kind == "chain" and core.op != "pow" and core.args[0].op == "input":
        rung1 = (
            f"f is {DISPLAY[core.op]} of {wrt} itself: a standard derivative, with no "
            f"inner factor (d{wrt}/d{wrt} = 1).{front}"
        )
    rung2 = symbols + (f". Standard derivatives: {'; '.join(facts)}." if facts else ".")
    if kind == "chain":
        inside = core.args[0]
        if core.op == "pow":
            pieces = (
                f"Write {to_text(core)} as e^({to_text(core.args[1])}·ln({to_text(inside)}))"
                " and use the chain rule"
            )
        else:
            pieces = (
                f"Outer: g(u) = {DISPLAY[core.op]}(u), {_outer_text(core, variables)}. "
                f"Inner: u = {to_text(inside)}, du/d{wrt} = {to_text(derivative(inside, wrt))}"
            )
    elif kind == "pow":
        inside = core.args[0]
        pieces = (
            f"u = {to_text(inside)}, n = {to_text(core.args[1])}, "
            f"du/d{wrt} = {to_text(derivative(inside, wrt))}"
        )
    else:
        u, v = core.args
        pieces = (
            f"u = {to_text(u)}, u′ = {to_text(derivative(u, wrt))}; "
            f"v = {to_text(v)}, v′ = {to_text(derivative(v, wrt))}"
        )
    return rung1, rung2, pieces + "."
