"""Provides the optimizer faults that need the objective: a dropped term, a partly updated point.

Backprop by hand invites one slip the update rules cannot see: updating the output weights
first, then back-propagating the hidden gradients through the already-updated weights. In a
GD step every gradient is taken at the same point, the iterate before the step. Students also
drop one term of a sum (the cross term w1·w2) or a constant factor (the ½ of a square).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.answers import show_number
from engine.catalogue import CATALOGUE, message
from engine.checking import Mistake
from engine.expr import Expr, evaluate
from engine.mistakes import WRONG_RULES, WRONG_VALUE_RULES, WrongRule, evaluate_with, partials_with
from engine.ops import EVALUATE
from engine.optim import Array, Objective, gradient_vector, vec
from engine.printing import to_text
from exercises.kinds.optimizer_spec import subscript

if TYPE_CHECKING:
    from exercises.kinds.optimizer_blanks import Sheet

Deps = Mapping[str, Any]

#: Objectives with more parameters than this are not searched (2^n - 2 orders of update).
MAX_PARAMS = 4


@dataclass(frozen=True)
class PartialUpdate:
    """The parameters updated first (`moved`) and those whose gradient was taken after them."""

    moved: tuple[int, ...]
    late: tuple[int, ...]

    def message(self, params: Sequence[str], symbol: str, t: int) -> str:
        return message(
            "gradient-after-update",
            late=", ".join(params[i] for i in self.late),
            moved=", ".join(params[i] for i in self.moved),
            point=f"{symbol}({t})",
        )

    def gradient(self, objective: Objective, term: int | None, lr: float) -> Callable[..., Array]:
        """g' at w: the moved parameters' partials at w, the late ones after the move."""

        def wrong(w: Array, g: Array) -> Array:
            ahead = w.copy()
            for i in self.moved:
                ahead[i] = w[i] - lr * g[i]
            late = objective.gradient(ahead, term)
            found = g.copy()
            for i in self.late:
                found[i] = late[i]
            return found

        return wrong


def partial_updates(count: int) -> tuple[PartialUpdate, ...]:
    """Every split of the parameters into those updated first and the rest (none when 1 or many)."""
    if not 2 <= count <= MAX_PARAMS:
        return ()
    found = []
    for size in range(1, count):
        for moved in itertools.combinations(range(count), size):
            late = tuple(i for i in range(count) if i not in moved)
            found.append(PartialUpdate(moved, late))
    return tuple(found)


@dataclass(frozen=True)
class Term:
    """One additive term of the objective, with its sign (a - b has the terms +a and -b)."""

    sign: float
    expr: Expr

    def value(self, params: Sequence[str], w: Array) -> float:
        env = {name: float(x) for name, x in zip(params, w, strict=True)}
        return self.sign * evaluate(self.expr, env)

    def gradient(self, params: Sequence[str], w: Array) -> Array:
        return self.sign * gradient_vector(self.expr, params, w)


def additive_terms(expr: Expr) -> tuple[Term, ...]:
    """The terms of a sum (none for an objective that is not one): what a student can drop."""
    found: list[Term] = []

    def walk(node: Expr, sign: float) -> None:
        if node.op in ("add", "sub"):
            walk(node.args[0], sign)
            walk(node.args[1], sign if node.op == "add" else -sign)
        elif node.op == "neg":
            walk(node.args[0], -sign)
        else:
            found.append(Term(sign, node))

    walk(expr, 1.0)
    if len(found) < 2 or len(found) > MAX_TERMS:
        return ()
    return tuple(t for t in found if t.expr.op != "const")


#: Objectives with more additive terms than this are not searched for a dropped term.
MAX_TERMS = 6
#: The constant factors a student drops or doubles (the ½ of a square, the 2 of its derivative).
FACTORS = (2.0, 0.5)


def slipped_terms(
    sheet: Sheet,
    expr: Expr,
    whole: Callable[[Deps], Array],
    part: Callable[[Term, Deps], Array],
    what: str,
) -> list[Mistake]:
    """The gradient or loss with one additive term left out, or a constant factor off."""

    def pack(value: Array) -> Any:
        return sheet.spec.pack(value) if what == "gradient" else float(value[0])

    def without(term: Term) -> Callable[[Deps], Any]:
        return lambda d: pack(whole(d) - part(term, d))

    def times(factor: float) -> Callable[[Deps], Any]:
        return lambda d: pack(factor * whole(d))

    found = [
        Mistake(
            "missing-term",
            f"this leaves out the term {to_text(term.expr)} of f; the {what} of a sum is "
            f"the sum of the {what}s of every term",
            without(term),
        )
        for term in additive_terms(expr)
    ]
    found.extend(
        Mistake(
            "constant-factor",
            f"this is {show_number(factor)} times the {what}: check the constant factors "
            "(the ½ in front of a square, the 2 that its derivative brings down)",
            times(factor),
        )
        for factor in FACTORS
    )
    return found


def other_term_steps(sheet: Sheet, t: int) -> tuple[Mistake, ...]:
    """An SGD step along another term's gradient, or along the whole objective's."""
    term = sheet.trace.steps[t - 1].term
    if sheet.settings.method != "sgd" or term is None:
        return ()
    objective, lr = sheet.spec.objective, sheet.settings.lr

    def along(other: int | None) -> Callable[[Deps], Any]:
        def compute(deps: Deps) -> Any:
            w = sheet.env(t, deps)["w"]
            return sheet.spec.pack(w - lr * objective.gradient(w, other))

        return compute

    used = f"f{subscript(term)}"
    others: list[int | None] = [k for k in range(len(objective.terms)) if k != term]
    return tuple(
        Mistake(
            "wrong-term",
            f"this steps along the gradient of "
            f"{'the whole objective' if k is None else f'f{subscript(k)}'}; step {t} "
            f"uses only the term {used}",
            along(k),
        )
        for k in [*others, None]
    )


def after_update(sheet: Sheet, t: int, iterate: bool) -> tuple[Mistake, ...]:
    """Step t's gradient (or iterate) with some partials taken after others had moved."""
    if sheet.settings.method not in ("gd", "sgd"):
        return ()
    objective, lr = sheet.spec.objective, sheet.settings.lr
    term = sheet.trace.steps[t - 1].term
    found = []
    for split in partial_updates(len(objective.params)):
        wrong = split.gradient(objective, term, lr)

        def compute(deps: Deps, wrong: Callable[..., Array] = wrong) -> Any:
            env = sheet.env(t, deps)
            if iterate:
                return sheet.spec.pack(env["w"] - lr * wrong(env["w"], env["g"]))
            w = vec(deps.get(f"iterate:{t - 1}", sheet.trace.iterates[t - 1]))
            return sheet.spec.pack(wrong(w, objective.gradient(w, term)))

        message = split.message(objective.params, sheet.spec.symbol, t - 1)
        found.append(Mistake("gradient-after-update", message, compute))
    return tuple(found)


def wrong_rule_slips(
    sheet: Sheet, expr: Expr, point: Callable[[Deps], Array], what: str
) -> list[Mistake]:
    """The gradient (or loss) of f with one op's wrong local rule (or wrong evaluation): the
    same sweep as the key's, run with the perturbed table of engine.mistakes."""
    params = sheet.spec.objective.params
    rules = [  # a wrong evaluation only where the catalogue has it for this kind
        rule
        for rule in (WRONG_RULES if what == "gradient" else WRONG_VALUE_RULES)
        if rule.evaluate is EVALUATE or "gradient-descent" in CATALOGUE[rule.id].kinds
    ]

    def compute(rule: WrongRule) -> Callable[[Deps], Any]:
        def value(deps: Deps) -> Any:
            env = {name: float(x) for name, x in zip(params, point(deps), strict=True)}
            if what == "loss":
                return evaluate_with(expr, env, rule)
            found = partials_with(expr, env, rule)
            return sheet.spec.pack(np.array([found.get(p, 0.0) for p in params]))

        return value

    return [
        Mistake(rule.id, rule.message, compute(rule)) for rule in rules if rule.applies_to(expr)
    ]


def missing_chain_slips(sheet: Sheet, expr: Expr, point: Callable[[Deps], Array]) -> list[Mistake]:
    """The gradient with the inside's derivative dropped at one function of the objective
    (softplus(-2w) differentiated as σ(-2w), the -2 left out; ½(x·w - t)² as (x·w - t) in
    every coordinate): the derivative kind's own variant, evaluated at the point."""
    from exercises.kinds.derivative_faults import Variants

    params = sheet.spec.objective.params

    def compute(node: Expr, inside_of: frozenset[str]) -> Callable[[Deps], Any]:
        def value(deps: Deps) -> Any:
            env = {name: float(x) for name, x in zip(params, point(deps), strict=True)}
            right = partials_with(expr, env)
            found = [
                evaluate(Variants(expr, p).without_chain(node), env)
                if p in inside_of
                else right.get(p, 0.0)
                for p in params
            ]
            return sheet.spec.pack(np.array(found))

        return value

    symbol = sheet.spec.symbol
    return [
        Mistake("missing-chain-factor", _chain_message(node, symbol), compute(node, inside_of))
        for node, inside_of in _chain_nodes(expr, params)
    ]


@functools.lru_cache(maxsize=256)
def _chain_nodes(expr: Expr, params: tuple[str, ...]) -> tuple[tuple[Expr, frozenset[str]], ...]:
    """Each function of the objective whose inside depends on parameters, with those
    parameters (built once per objective: every gradient blank of a sheet asks)."""
    from exercises.kinds.derivative_faults import chain_nodes

    found: dict[Expr, set[str]] = {}
    for p in params:
        for node in chain_nodes(expr, p):
            found.setdefault(node, set()).add(p)
    return tuple((node, frozenset(ps)) for node, ps in found.items())


def _chain_message(node: Expr, symbol: str) -> str:
    name = "the power" if node.op == "pow" else node.op
    return (
        f"the chain rule also multiplies by the derivative of the inside: for {name} of "
        f"u = {to_text(node.args[0])}, multiply by ∂u/∂{symbol}"
    )
