"""Provides the softmax Jacobian's mistakes for the autodiff kinds: s_i(δ_ij + s_j), a missing δ_ij.

A graph is recognised as a softmax by its numbers, not its text: as many outputs as inputs,
outputs positive and summing to 1, and a Jacobian equal to s_i(δ_ij − s_j) with output i
paired with input i. The catalogue is added to `jacobian:s_i:x_j` blanks through the hook
of exercises/kinds/autodiff.py.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from engine.answers import show_number
from engine.checking import Mistake, constant
from engine.trace import jacobian
from exercises.kinds.autodiff import JACOBIAN_MISTAKE_HOOKS
from exercises.kinds.graphs import GraphSpec

_last: list[tuple[GraphSpec, tuple[float, ...] | None]] = []


def softmax_outputs(spec: GraphSpec) -> tuple[float, ...] | None:
    """The outputs s_1..s_n when the graph computes the softmax of its inputs, else None."""
    for seen, outputs in _last:
        if seen is spec:
            return outputs
    found = _detect(spec)
    _last[:] = [(spec, found)]
    return found


def _detect(spec: GraphSpec) -> tuple[float, ...] | None:
    graph, values = spec.graph, spec.evaluation.values
    n = len(graph.outputs)
    if n < 2 or n != len(graph.inputs):
        return None
    s = tuple(values[node] for node in graph.outputs.values())
    if any(v <= 0 for v in s) or not math.isclose(sum(s), 1.0, rel_tol=1e-9):
        return None
    rows = jacobian(graph, spec.evaluation)
    for i in range(n):
        for j in range(n):
            softmax = s[i] * ((1.0 if i == j else 0.0) - s[j])
            if not math.isclose(rows[i][j], softmax, rel_tol=1e-9, abs_tol=1e-12):
                return None
    return s


def softmax_mistakes(spec: GraphSpec, output: str, variable: str) -> Sequence[Mistake]:
    """Mistakes for ∂s_i/∂x_j = s_i(δ_ij − s_j); none when the graph is not a softmax."""
    s = softmax_outputs(spec)
    if s is None:
        return ()
    i = list(spec.graph.outputs).index(output)
    j = list(spec.graph.variables).index(variable)
    si, sj = show_number(s[i]), show_number(s[j])
    delta = 1.0 if i == j else 0.0
    sign = Mistake(
        "softmax-sign",
        f"∂s_i/∂x_j = s_i(δ_ij − s_j), with a minus before s_j: {si}·({delta:g} − {sj})",
        constant(s[i] * (delta + s[j])),
    )
    if i == j:
        missing = Mistake(
            "missing-delta",
            f"on the diagonal δ_ii = 1: ∂s_i/∂x_i = s_i(1 − s_i) = {si}·(1 − {si}), not −s_i·s_i",
            constant(-s[i] * s[j]),
        )
    else:
        missing = Mistake(
            "missing-delta",
            f"off the diagonal δ_ij = 0: ∂s_i/∂x_j = −s_i·s_j = −{si}·{sj}, not s_i(1 − s_j)",
            constant(s[i] * (1.0 - s[j])),
        )
    return (sign, missing)


JACOBIAN_MISTAKE_HOOKS.append(softmax_mistakes)
