"""Provides the faults hidden in blanks left empty: a wrong local rule upstream in the sweep.

A student who leaves some adjoints (or tangents) empty may still have used a wrong rule at
their node: relu′ = 1 at a dead unit shows only in the entries below it. The sweep is run
again over the whole graph with the op's wrong rule (the perturbed table of engine.mistakes:
the same sweep, never a copy), and the blank's chain-rule sum is taken with the carried
derivatives it gives, wherever the student's own carried derivative is the key's (one that
differs is the student's own, and follow-through explains it).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from engine.checking import Mistake
from engine.expr import postorder
from engine.graph import Step
from engine.mistakes import WRONG_RULES, WrongRule, partials_with
from engine.trace import Evaluation, adjoints, tangents
from exercises.kinds.graphs import GraphSpec, env_from

Deps = Mapping[str, Any]
Term = tuple[str, Step, str]
#: The bound of this search on one chain-rule blank, beside chain_rule.MAX_FAULTS.
MAX_HIDDEN = 8


def hidden_rule_faults(
    spec: GraphSpec, prefix: str, terms: Sequence[Term], key: Mapping[str, float]
) -> list[Mistake]:
    """A fault per wrong rule of an op in the graph: the sum with the carried derivatives of
    the sweep run with that rule (None where they are the key's: nothing is hidden then)."""
    found = []
    for rule in _rules_in(spec):
        compute = _with_hidden_rule(spec, prefix, terms, key, rule)
        found.append(Mistake(rule.id, rule.message, compute))
    return found


def _with_hidden_rule(
    spec: GraphSpec,
    prefix: str,
    terms: Sequence[Term],
    key: Mapping[str, float],
    rule: WrongRule,
) -> Callable[[Deps], float | None]:
    swept: dict[str, float] = {}

    def compute(deps: Deps) -> float | None:
        if not swept:
            swept.update(perturbed_sweep(spec, prefix, rule))
        if all(_same(swept[node], key[node]) for node, _, _ in terms):
            return None  # the rule changes nothing upstream of this blank
        env = env_from(deps, spec.evaluation.values, "value:")
        total = 0.0
        for node, step, ref in terms:
            own = float(deps.get(prefix + node, key[node]))
            carried = swept[node] if _same(own, key[node]) else own
            total += carried * partials_with(step.expr, env)[ref]
        return total

    return compute


def perturbed_sweep(spec: GraphSpec, prefix: str, rule: WrongRule) -> dict[str, float]:
    """Every node's carried derivative (adjoint:F: or tangent:X:) with `rule` at every node
    of its op, the values being the key's."""
    graph, evaluation = spec.graph, spec.evaluation
    partials = {
        step.name: (
            partials_with(step.expr, evaluation.values, rule)
            if rule.applies_to(step.expr)
            else evaluation.partials[step.name]
        )
        for step in graph.steps
    }
    wrong = Evaluation(evaluation.values, partials)
    mode, name = prefix.split(":")[:2]
    if mode == "adjoint":
        return adjoints(graph, wrong, name)
    return tangents(graph, wrong, {graph.variables[name]: 1.0})


def hidden_copy_faults(spec: GraphSpec, source: str, expected: float) -> list[Mistake]:
    """For a blank that copies a carried derivative (a Jacobian entry copies `source`): the
    copy of the sweep run with a wrong rule, where the student's `source` is the key's or
    empty (a Jacobian-only sheet hides them all)."""
    return [
        Mistake(rule.id, rule.message, _copy_with_hidden_rule(spec, source, expected, rule))
        for rule in _rules_in(spec)
    ]


def _copy_with_hidden_rule(
    spec: GraphSpec, source: str, expected: float, rule: WrongRule
) -> Callable[[Deps], float | None]:
    prefix, _, node = source.rpartition(":")
    swept: dict[str, float] = {}

    def compute(deps: Deps) -> float | None:
        if not _same(float(deps.get(source, expected)), expected):
            return None
        if not swept:
            swept.update(perturbed_sweep(spec, prefix + ":", rule))
        return None if _same(swept[node], expected) else swept[node]

    return compute


def _rules_in(spec: GraphSpec) -> list[WrongRule]:
    """The wrong rules of the ops in the graph, at most MAX_HIDDEN (one walk of the graph)."""
    ops = {node.op for step in spec.graph.steps for node in postorder(step.expr)}
    return [rule for rule in WRONG_RULES if rule.ops & ops][:MAX_HIDDEN]


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
