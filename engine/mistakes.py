"""Provides the catalogue of known autodiff mistakes: perturbed versions of the reference rules.

Each wrong rule replaces one entry of the op tables (σ' taken as σ, d cos as +sin, degrees
for radians, log10 for ln) and recomputes a step's value or local partials with it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from engine.errors import EvaluationError
from engine.expr import Expr, postorder
from engine.ops import PARTIALS, evaluate_op

_DEGREE = math.pi / 180


@dataclass(frozen=True)
class WrongRule:
    """A mistaken version of some ops' evaluation and partials, with a teaching message."""

    id: str
    message: str
    ops: frozenset[str]
    evaluate: Mapping[str, Callable[..., float]]
    partials: Mapping[str, Callable[..., tuple[float, ...]]]

    def applies_to(self, expr: Expr) -> bool:
        return any(node.op in self.ops for node in postorder(expr))


WRONG_RULES: tuple[WrongRule, ...] = (
    WrongRule(
        "sigmoid-derivative",
        "σ'(x) is σ(x)(1 - σ(x)), not σ(x) itself",
        frozenset({"sigmoid"}),
        {},
        {"sigmoid": lambda a, y: (y,)},
    ),
    WrongRule(
        "degrees",
        "this is the value with the angle in degrees; calculators must be in radians here",
        frozenset({"sin", "cos", "tan"}),
        {
            "sin": lambda a: math.sin(a * _DEGREE),
            "cos": lambda a: math.cos(a * _DEGREE),
            "tan": lambda a: math.tan(a * _DEGREE),
        },
        {
            "sin": lambda a, y: (math.cos(a * _DEGREE),),
            "cos": lambda a, y: (-math.sin(a * _DEGREE),),
            "tan": lambda a, y: (1 / math.cos(a * _DEGREE) ** 2,),
        },
    ),
    WrongRule(
        "log10",
        "this uses log base 10; ln is the natural logarithm (base e)",
        frozenset({"log"}),
        {"log": lambda a: math.log10(a)},
        {"log": lambda a, y: (1 / (a * math.log(10)),)},
    ),
    WrongRule(
        "cos-derivative",
        "this takes d/du cos u = +sin u; it is -sin u",
        frozenset({"cos"}),
        {},
        {"cos": lambda a, y: (math.sin(a),)},
    ),
    WrongRule(
        "sub-sign",
        "this takes ∂(a - b)/∂b = +1; the second operand of a subtraction has partial -1",
        frozenset({"sub"}),
        {},
        {"sub": lambda a, b, y: (1.0, 1.0)},
    ),
)


def evaluate_with(expr: Expr, env: Mapping[str, float], rule: WrongRule | None = None) -> float:
    """The value of an expression, with a wrong rule's evaluation where it applies."""
    values: dict[int, float] = {}
    for node in postorder(expr):
        values[id(node)] = _value(node, values, env, rule)
    return values[id(expr)]


def partials_with(
    expr: Expr, env: Mapping[str, float], rule: WrongRule | None = None
) -> dict[str, float]:
    """∂expr/∂name for each input name, with a wrong rule's partials where it applies."""
    nodes = list(postorder(expr))
    values: dict[int, float] = {}
    for node in nodes:
        values[id(node)] = _value(node, values, env, rule)
    adjoint = {id(n): 0.0 for n in nodes}
    adjoint[id(expr)] = 1.0
    result = {name: 0.0 for name in expr.variables()}
    for node in reversed(nodes):
        bar = adjoint[id(node)]
        if node.op == "input":
            result[node.name] += bar
        elif node.op != "const" and bar != 0.0:
            args = tuple(values[id(a)] for a in node.args)
            table = rule.partials if rule and node.op in rule.partials else PARTIALS
            try:
                local = table[node.op](*args, values[id(node)])
            except (ArithmeticError, ValueError):
                raise EvaluationError("undefined") from None
            for arg, partial in zip(node.args, local, strict=True):
                adjoint[id(arg)] += bar * partial
    return result


def _value(
    node: Expr, values: Mapping[int, float], env: Mapping[str, float], rule: WrongRule | None
) -> float:
    if node.op == "const":
        return node.value
    if node.op == "input":
        return float(env[node.name])
    args = tuple(values[id(a)] for a in node.args)
    if rule and node.op in rule.evaluate:
        try:
            return float(rule.evaluate[node.op](*args))
        except (ArithmeticError, ValueError):
            raise EvaluationError("undefined") from None
    return evaluate_op(node.op, args)
