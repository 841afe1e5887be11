"""Provides optimizer iterates: the trace of a method on an objective, stopped when it blows up.

Gradients come from the engine's own reverse sweep on the objective; the update rules are
engine.optim_rules' tables, re-exported here so that `engine.optim` is the one entry point.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from engine.derivatives import gradient
from engine.errors import MathError
from engine.expr import Expr, evaluate_all, postorder
from engine.ops import KINKS
from engine.optim_rules import (
    CONVENTIONS,
    DEFAULT_EPS,
    DIVERGENCE_LIMIT,
    METHODS,
    SETTINGS_OF,
    STATE_NAMES,
    Array,
    Env,
    Rule,
    Settings,
    Vector,
    as_vector,
    gradient_point,
    gradient_point_formula,
    rules,
    vec,
)

__all__ = [
    "CONVENTIONS",
    "DEFAULT_EPS",
    "DIVERGENCE_LIMIT",
    "METHODS",
    "SETTINGS_OF",
    "STATE_NAMES",
    "Array",
    "Env",
    "Objective",
    "Rule",
    "Settings",
    "Step",
    "Trace",
    "Vector",
    "as_vector",
    "at_kink",
    "gradient_point",
    "gradient_point_formula",
    "gradient_vector",
    "rules",
    "run",
    "step_env",
    "vec",
]


@dataclass(frozen=True)
class Objective:
    """The function minimised: the full objective, its terms (for SGD) and the term order."""

    expr: Expr
    params: tuple[str, ...]
    terms: tuple[Expr, ...] = ()
    order: tuple[int, ...] = ()

    def env(self, w: Array) -> dict[str, float]:
        return {name: float(x) for name, x in zip(self.params, w, strict=True)}

    def value(self, w: Array, term: int | None = None) -> float:
        expr = self.expr if term is None else self.terms[term]
        return evaluate_all((expr,), self.env(w))[id(expr)]

    def term_at(self, step: int) -> int | None:
        """The term used by the gradient at iterate `step` (from 0), or None for the full f."""
        if not self.order:
            return None
        return self.order[step % len(self.order)]

    def gradient(self, w: Array, term: int | None = None) -> Array:
        expr = self.expr if term is None else self.terms[term]
        return gradient_vector(expr, self.params, w)


def gradient_vector(expr: Expr, params: Sequence[str], w: Array) -> Array:
    """∇expr at w, one entry per parameter in order (0 for a parameter that does not appear)."""
    env = {name: float(x) for name, x in zip(params, w, strict=True)}
    found = gradient(expr, env)
    return np.array([found.get(name, 0.0) for name in params], dtype=np.float64)


def at_kink(expr: Expr, w: Array, params: Sequence[str]) -> str | None:
    """The op evaluated exactly where it has no derivative (relu at 0, |x| at 0), or None."""
    env = {name: float(x) for name, x in zip(params, w, strict=True)}
    values = evaluate_all((expr,), env)
    for node in postorder(expr):
        if node.op in KINKS and KINKS[node.op](*(values[id(a)] for a in node.args)):
            return node.op
    return None


@dataclass(frozen=True)
class Step:
    """Step t (from 1): the gradient taken at the previous iterate, the new state and iterate."""

    t: int
    point: Vector
    gradient: Vector
    term: int | None
    state: Mapping[str, Vector]
    iterate: Vector


@dataclass(frozen=True)
class Trace:
    """The iterates from the start, the full objective at each, and why the trace stopped early.

    `diverged` when the iterates blew up (or overflowed); `stop_reason` is set whenever
    the trace stopped before its last step, also when f left its domain.
    """

    params: tuple[str, ...]
    settings: Settings
    start: Vector
    steps: tuple[Step, ...]
    losses: tuple[float, ...]
    diverged: bool = False
    stop_reason: str = ""
    kinks: tuple[str, ...] = field(default=())

    @property
    def iterates(self) -> tuple[Vector, ...]:
        return (self.start, *(s.iterate for s in self.steps))

    @property
    def stopped(self) -> bool:
        return bool(self.stop_reason)


def step_env(
    settings: Settings, t: int, w: Array, g: Array, previous: Mapping[str, Array]
) -> dict[str, Array]:
    """Run every rule of step t; the environment holds the inputs and each rule's value."""
    env: dict[str, Array] = {"w": w, "g": g}
    env.update({f"prev_{name}": value for name, value in previous.items()})
    for rule in rules(settings):
        env[rule.name] = rule.fn(settings, t, env)
    return env


def _blown_up(env: Mapping[str, Array]) -> bool:
    """A value that is no longer a finite number, or an iterate beyond the divergence limit."""
    finite = all(np.all(np.isfinite(v)) for v in env.values())
    return not finite or float(np.max(np.abs(env["iterate"]))) > DIVERGENCE_LIMIT


def run(
    objective: Objective, settings: Settings, steps: int, start: Sequence[float] | Array
) -> Trace:
    """Iterate the method for `steps` steps; stop early (diverged) when the iterates blow up.

    The loss is always the full objective. A gradient or loss that cannot be evaluated
    also stops the trace, with the reason.
    """
    n = len(objective.params)
    w = vec(start)
    state: dict[str, Array] = {
        name: np.zeros(n) for name in STATE_NAMES[settings.method] if "_hat" not in name
    }
    done: list[Step] = []
    losses = [objective.value(w)]
    kinks: list[str] = []
    reason, diverged = "", False
    for t in range(1, steps + 1):
        term = objective.term_at(t - 1)
        point = gradient_point(settings, w, state.get("velocity", np.zeros(n)))
        expr = objective.expr if term is None else objective.terms[term]
        try:
            if (op := at_kink(expr, point, objective.params)) is not None:
                kinks.append(f"{op} at step {t}")
            g = objective.gradient(point, term)
            with np.errstate(all="ignore"):
                env = step_env(settings, t, w, g, state)
            new_w = env["iterate"]
            if _blown_up(env):
                reason = f"step {t} takes the iterates beyond 10^12 in size: they diverge"
                diverged = True
                break
            loss = objective.value(new_w)
        except (MathError, ArithmeticError) as error:
            reason = f"step {t} cannot be computed ({error}), so the trace stops there"
            diverged = "overflow" in str(error) or isinstance(error, OverflowError)
            break
        if not math.isfinite(loss):
            reason = f"the loss after step {t} is not a finite number, so the trace stops there"
            break
        names = STATE_NAMES[settings.method]
        done.append(
            Step(
                t,
                as_vector(point),
                as_vector(g),
                term,
                {name: as_vector(env[name]) for name in names},
                as_vector(new_w),
            )
        )
        losses.append(loss)
        state = {name: env[name] for name in state}
        w = new_w
    return Trace(
        objective.params,
        settings,
        as_vector(vec(start)),
        tuple(done),
        tuple(losses),
        diverged,
        reason,
        tuple(kinks),
    )
