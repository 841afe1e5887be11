"""Provides the working of the `gradient-descent` blanks: the method's rule for the step (the one
the hints quote, from engine.optim_rules), then the student's own earlier values and the
settings put into it; a gradient as its partial derivatives at the student's iterate, written
as a person writes them (`w - 100`, not `2·(w·1 - 100)/2`), then worked one level down.

GD on f(w) = w⁴ from w(0) = 2 with η = 0.01 reads `g(0) = ∇f(w(0)), with ∂f/∂w = 4·w^3`,
`= 4·2^3`, `= 4·8`, `= 32`, then `w(1) = w(0) - η·g(0)`, `= 2 - 0.01·32`, `= 1.68`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.answers import show_number
from engine.derivatives import simplified
from engine.expr import Expr
from engine.optim import Rule, gradient_point, vec
from exercises.kinds.graphs import with_arguments_worked, with_numbers

if TYPE_CHECKING:
    from exercises.kinds.optimizer_blanks import Sheet

Deps = Mapping[str, Any]
Lines = Callable[[Deps], Sequence[str]]

#: The settings a rule's formula may name, and where their values are kept.
_SETTINGS = {"η": "lr", "μ": "momentum", "τ": "dampening", "α": "alpha", "β1": "beta1",
             "β2": "beta2", "ε": "epsilon"}  # fmt: skip


def rule_working(sheet: Sheet, rule: Rule, formula: str, t: int) -> Lines:
    """A state or iterate blank: the formula for step t, then the numbers it reads."""

    def lines(deps: Deps) -> Sequence[str]:
        env = sheet.env(t, deps)
        names = {sheet.name_of(n, t): _shown(sheet, env[n]) for n in rule.inputs}
        settings = sheet.settings
        for symbol, setting in _SETTINGS.items():
            value = getattr(settings, setting, None)
            if symbol in formula and value is not None:
                names[symbol] = _scalar(float(value))
        _, _, right = formula.partition(" = ")
        return (formula, f"= {_substituted(right, names)}")

    return lines


def gradient_working(sheet: Sheet, label: str, t: int, term: int | None) -> Lines:
    """g(t): the partial derivatives of f (or of the step's term) at the student's iterate."""
    objective, settings = sheet.spec.objective, sheet.settings

    def lines(deps: Deps) -> Sequence[str]:
        w = vec(deps.get(f"iterate:{t}", sheet.trace.iterates[t]))
        velocity = np.zeros(len(w))
        if t and f"velocity:{t}" in deps:
            velocity = vec(deps[f"velocity:{t}"])
        elif t and "velocity" in sheet.trace.steps[t - 1].state:
            velocity = vec(sheet.trace.steps[t - 1].state["velocity"])
        point = gradient_point(settings, w, velocity)
        values = dict(zip(objective.params, map(float, point), strict=True))
        partials = sheet.partials(term)
        at = ", ".join(f"{p} = {show_number(x)}" for p, x in values.items())
        return (f"{label}, with {sheet.gradient_rule(term)}", f"at {at}",
                *_worked(partials, values))  # fmt: skip

    return lines


def loss_working(sheet: Sheet, t: int) -> Lines:
    """f(w(t)): the objective as the rule shows it, with the student's iterate put in."""
    objective = sheet.spec.objective
    shown = simplified(objective.expr)

    def lines(deps: Deps) -> Sequence[str]:
        w = vec(deps.get(f"iterate:{t}", sheet.trace.iterates[t]))
        values = dict(zip(objective.params, map(float, w), strict=True))
        rule = f"f({sheet.spec.symbol}) = {sheet.spec.objective_text}"
        return (rule, *_worked([shown], values))

    return lines


def _worked(exprs: Sequence[Expr], values: Mapping[str, float]) -> tuple[str, ...]:
    """The numbers put into each expression, then, where it helps, each with its arguments
    worked out (`= 4·2^3`, `= 4·8`); a vector's components in brackets."""
    put = [with_numbers(e, values) for e in exprs]
    worked = [with_arguments_worked(e, values) for e in exprs]
    lines = [put]
    if any(worked):
        lines.append([w or p for w, p in zip(worked, put, strict=True)])
    return tuple(f"= {parts[0]}" if len(parts) == 1 else f"= [{', '.join(parts)}]"
                 for parts in lines)  # fmt: skip


def _shown(sheet: Sheet, value: Any) -> str:
    array = vec(value)
    return _scalar(float(array[0])) if sheet.spec.scalar else sheet._show(array)


def _scalar(value: float) -> str:
    text = show_number(value)
    return f"({text})" if value < 0 else text


def _substituted(text: str, names: Mapping[str, str]) -> str:
    """`text` with every name replaced by its value, longest names first, in one pass."""
    ordered = sorted(names, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(n) for n in ordered))
    return pattern.sub(lambda match: names[match.group(0)], text)
