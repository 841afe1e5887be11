"""Provides the traces of a graph: values, partials, tangents, adjoints, Jacobian, differences.

Forward and reverse mode read the same table of local partials, computed once per point.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from engine.derivatives import gradient
from engine.errors import EvaluationError
from engine.expr import Builder, Expr, evaluate, evaluate_all, postorder
from engine.graph import (
    Graph,
    GraphError,
    Step,
    graph_from_functions,
    graph_from_trace,
    parse_functions,
)
from engine.ops import EVALUATE, KINKS, PARTIALS, Partials


@dataclass(frozen=True)
class Evaluation:
    """Values of every node at one point, and ∂step/∂ref for every step and reference."""

    values: Mapping[str, float]
    partials: Mapping[str, Mapping[str, float]]


def evaluate_graph(
    graph: Graph,
    point: Mapping[str, float],
    partials_table: Mapping[str, Partials] = PARTIALS,
    evaluate_table: Mapping[str, Callable[..., float]] = EVALUATE,
) -> Evaluation:
    """The value trace at a point (keyed by declared variable names) and the local partials.

    With perturbed rule tables this is the trace of a student who uses a wrong rule.
    """
    values: dict[str, float] = {graph.variables[v]: float(point[v]) for v in graph.variables}
    partials: dict[str, dict[str, float]] = {}
    for step in graph.steps:
        try:
            values[step.name] = evaluate_all((step.expr,), values, evaluate_table)[id(step.expr)]
            partials[step.name] = gradient(step.expr, values, partials_table, evaluate_table)
        except EvaluationError as error:
            raise EvaluationError(f"{step.label}: {error}") from None
    return Evaluation(values, partials)


def kinks(graph: Graph, evaluation: Evaluation) -> list[str]:
    """Steps evaluated exactly where an op has no derivative (ReLU or |x| at 0, sqrt at 0)."""
    found = []
    for step in graph.steps:
        env = evaluation.values
        for node in postorder(step.expr):
            if node.op in KINKS and KINKS[node.op](*(evaluate(a, env) for a in node.args)):
                found.append(step.label)
    return found


def tangents(graph: Graph, evaluation: Evaluation, seed: Mapping[str, float]) -> dict[str, float]:
    """Forward mode: the tangent of every node for a seed on the input nodes."""
    tangent = {node: float(seed.get(node, 0.0)) for node in graph.inputs}
    for step in graph.steps:
        local = evaluation.partials[step.name]
        tangent[step.name] = sum(local[ref] * tangent[ref] for ref in step.refs)
    return tangent


def adjoints(graph: Graph, evaluation: Evaluation, output: str) -> dict[str, float]:
    """Reverse mode: d(output)/d(node) for every node, summed over every use of the node."""
    adjoint = {node: 0.0 for node in graph.node_names()}
    adjoint[graph.outputs[output]] = 1.0
    for step in reversed(graph.steps):
        bar = adjoint[step.name]
        for ref in step.refs:
            adjoint[ref] += bar * evaluation.partials[step.name][ref]
    return adjoint


def jacobian(graph: Graph, evaluation: Evaluation) -> list[list[float]]:
    """Rows are outputs in declared order, columns inputs in declared order (by reverse mode)."""
    rows = []
    for output in graph.outputs:
        adjoint = adjoints(graph, evaluation, output)
        rows.append([adjoint[node] for node in graph.inputs])
    return rows


def output_values(graph: Graph, point: Mapping[str, float]) -> dict[str, float]:
    values = evaluate_graph(graph, point).values
    return {output: values[node] for output, node in graph.outputs.items()}


@dataclass(frozen=True)
class FiniteDifferences:
    """A finite-difference Jacobian and the function values it was computed from."""

    base: Mapping[str, float]  # output -> f(point)
    plus: Mapping[str, Mapping[str, float]]  # variable -> output -> f(point + δ e_var)
    minus: Mapping[str, Mapping[str, float]]  # the same at point - δ e_var (central only)
    jacobian: list[list[float]]
    delta: float
    scheme: str


def finite_differences(
    graph: Graph, point: Mapping[str, float], delta: float = 0.01, scheme: str = "forward"
) -> FiniteDifferences:
    """Forward (f(x + δ) - f(x))/δ or central (f(x + δ) - f(x - δ))/(2δ) differences, float64."""
    if not delta > 0:
        raise ValueError(f"delta must be positive, got {delta!r}")
    if scheme not in ("forward", "central"):
        raise ValueError(f"unknown scheme {scheme!r}: use 'forward' or 'central'")
    base = output_values(graph, point)
    plus: dict[str, dict[str, float]] = {}
    minus: dict[str, dict[str, float]] = {}
    for variable in graph.variables:
        plus[variable] = output_values(graph, {**point, variable: point[variable] + delta})
        if scheme == "central":
            minus[variable] = output_values(graph, {**point, variable: point[variable] - delta})
    rows = []
    for output in graph.outputs:
        row = []
        for variable in graph.variables:
            if scheme == "forward":
                row.append((plus[variable][output] - base[output]) / delta)
            else:
                row.append((plus[variable][output] - minus[variable][output]) / (2 * delta))
        rows.append(row)
    return FiniteDifferences(base, plus, minus, rows, delta, scheme)


def check_trace_matches(
    trace_graph: Graph, functions: Mapping[str, Expr], point: Mapping[str, float], seed: int = 0
) -> None:
    """Raise GraphError naming the first suspect line when the trace and the functions disagree.

    They are compared at the exercise's point, at nearby points, and at points near the origin
    (where a huge output such as e^(e^w) cannot hide a wrong term in its rounding); the
    line named is the first whose values match no part of the functions at every point.
    """
    rng = random.Random(seed)
    points = [dict(point)]
    for _ in range(4):
        points.append({v: x + rng.uniform(-0.5, 0.5) for v, x in point.items()})
    for _ in range(4):
        points.append({v: rng.uniform(-1.5, 1.5) for v in point})
    usable = [p for p in points if _defined(trace_graph, functions, p)]
    for test_point in usable:
        traced = evaluate_graph(trace_graph, test_point).values
        for output, function in functions.items():
            got, value = traced[trace_graph.outputs[output]], evaluate(function, test_point)
            if not _close(got, value):
                index, step = _suspect_line(trace_graph, functions, usable)
                raise GraphError(
                    f"the trace computes {output} = {got:.6g} but the function gives "
                    f"{value:.6g} at {_show_point(test_point)}; line {index + 1} "
                    f"'{step.label}' matches no part of the function",
                    "trace",
                    index,
                )


def _defined(graph: Graph, functions: Mapping[str, Expr], point: Mapping[str, float]) -> bool:
    try:
        evaluate_graph(graph, point)
        for function in functions.values():
            evaluate(function, point)
    except EvaluationError:
        return False
    return True


def _suspect_line(
    graph: Graph, functions: Mapping[str, Expr], points: Sequence[Mapping[str, float]]
) -> tuple[int, Step]:
    line_values = [evaluate_graph(graph, p).values for p in points]
    part_values = [[evaluate(node, p) for p in points] for node in postorder(*functions.values())]
    for index, step in enumerate(graph.steps):
        mine = [values[step.name] for values in line_values]
        if not any(all(map(_close, mine, part)) for part in part_values):
            return index, step
    return len(graph.steps) - 1, graph.steps[-1]


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _show_point(point: Mapping[str, float]) -> str:
    return ", ".join(f"{k} = {v:.4g}" for k, v in point.items())


def build_graph(
    functions: Mapping[str, str],
    variables: Sequence[str],
    point: Mapping[str, float],
    trace: Sequence[str] | None = None,
) -> Graph:
    """The graph of an exercise: from trace lines when given (checked against the functions)."""
    if not trace:
        return graph_from_functions(functions, variables)
    parsed = parse_functions(functions, variables, Builder()) if functions else {}
    graph = graph_from_trace(trace, variables, list(parsed) or None)
    if parsed:
        check_trace_matches(graph, parsed, point)
    return graph
