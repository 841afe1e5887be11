"""Provides wrong rules as perturbed rule tables, built from the op records' wrong rules.

A wrong rule replaces one op's entry in the evaluation or partials table (σ' taken as σ,
d cos as +sin, degrees for radians, log10 for ln); the value and the partials are then the
same sweeps as the right ones (engine.expr.evaluate_all, engine.derivatives.gradient) run
with that table: no copy of a sweep lives here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from engine.catalogue import CATALOGUE
from engine.derivatives import gradient
from engine.expr import Expr, evaluate_all, postorder
from engine.ops import EVALUATE, OPS, PARTIALS, Partials, WrongValueRule


@dataclass(frozen=True)
class WrongRule:
    """Some ops' rules replaced by mistaken ones: the tables the sweeps read, and its id."""

    id: str
    ops: frozenset[str]
    evaluate: Mapping[str, Callable[..., float]]
    partials: Mapping[str, Partials]

    @property
    def message(self) -> str:
        return CATALOGUE[self.id].template

    def applies_to(self, expr: Expr) -> bool:
        return any(node.op in self.ops for node in postorder(expr))


def _wrong_rules() -> tuple[WrongRule, ...]:
    """One rule per wrong local rule of an op; one per wrong evaluation, over all its ops
    (a calculator in degrees computes sin and cos in degrees alike)."""
    rules = []
    for name, op in OPS.items():
        for wrong in op.wrong:
            partials = {**PARTIALS, name: wrong.partials}
            rules.append(WrongRule(wrong.id, frozenset({name}), EVALUATE, partials))
    by_id: dict[str, dict[str, WrongValueRule]] = {}
    for name, op in OPS.items():
        for value_rule in op.wrong_values:
            by_id.setdefault(value_rule.id, {})[name] = value_rule
    for rule_id, entries in by_id.items():
        evaluate = {**EVALUATE, **{n: v.evaluate for n, v in entries.items()}}
        partials = {**PARTIALS, **{n: v.partials for n, v in entries.items()}}
        rules.append(WrongRule(rule_id, frozenset(entries), evaluate, partials))
    for name in _value_as_partial_ops():  # last: the search keeps the op records' own first
        partials = {**PARTIALS, name: _own_value}
        rules.append(WrongRule("value-as-partial", frozenset({name}), EVALUATE, partials))
    return tuple(rules)


def _own_value(a: float, y: float) -> tuple[float]:
    return (y,)


#: Where the ops' rules are compared: inside every unary op's domain, away from its kinks.
_PROBES = (0.3, 1.7)


def _value_as_partial_ops() -> list[str]:
    """The unary ops whose value is not their derivative (exp's is), and whose record does
    not already list the value as a wrong rule of its own (σ′ taken as σ)."""
    found = []
    for name, op in OPS.items():
        if op.arity != 1 or op.name in ("neg", "step", "sign", "abs", "relu"):
            continue
        try:
            pairs = [(a, op.evaluate(a)) for a in _PROBES]
            if all(math.isclose(op.partials(a, y)[0], y) for a, y in pairs):
                continue
            if any(all(math.isclose(w.partials(a, y)[0], y) for a, y in pairs) for w in op.wrong):
                continue
        except (ArithmeticError, ValueError):
            continue
        found.append(name)
    return found


#: Every wrong rule of every op, in the order of the records.
WRONG_RULES: tuple[WrongRule, ...] = _wrong_rules()
#: The wrong rules that change an op's value (degrees, log10), not only its partials.
WRONG_VALUE_RULES: tuple[WrongRule, ...] = tuple(
    rule for rule in WRONG_RULES if rule.evaluate is not EVALUATE
)


def evaluate_with(expr: Expr, env: Mapping[str, float], rule: WrongRule | None = None) -> float:
    """The value of an expression, with a wrong rule's evaluation where it applies."""
    table = rule.evaluate if rule else EVALUATE
    return evaluate_all((expr,), env, table)[id(expr)]


def partials_with(
    expr: Expr, env: Mapping[str, float], rule: WrongRule | None = None, output: float | None = None
) -> dict[str, float]:
    """∂expr/∂name for each input name, with a wrong rule's partials where it applies;
    `output` is the expression's value as the student wrote it, where the partial reads it."""
    if rule is None:
        return gradient(expr, env, output=output)
    return gradient(expr, env, rule.partials, rule.evaluate, output)


def reads_output(expr: Expr) -> bool:
    """Whether the local partials of the expression's last op are worked out from its value
    (e^u, √u, tanh u, σ(u): a student takes σ′ = σ(1 − σ) from the σ they wrote)."""
    if expr.op in ("input", "const") or len(expr.args) != 1:
        return False
    partials = PARTIALS[expr.op]
    try:
        return partials(0.5, 0.2) != partials(0.5, 0.6)
    except (ArithmeticError, ValueError):
        return False
