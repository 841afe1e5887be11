"""Provides the instructor's check of exercise instances (`tutor validate`).

Each instance: its own key grades correct, an empty entry is blank, a far-off number is not
accepted by its blank's tolerance, and an autodiff graph's exact Jacobian agrees with finite
differences. Fast enough to run on every built-in pack in well under a second.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable

from engine.answers import ArrayFormat, NumberFormat
from engine.errors import MathError
from engine.graph import Graph
from engine.trace import evaluate_graph, jacobian, output_values
from exercises.degeneracy import trivial_sections
from exercises.kinds.graphs import GraphVisual
from exercises.model import Blank, Worksheet
from exercises.pack import Exercise, PackError


def exact_entry(blank: Blank) -> str:
    """The key written with every digit, as a student could type it."""
    if isinstance(blank.format, NumberFormat):
        return repr(float(blank.expected))
    if isinstance(blank.format, ArrayFormat):
        return json.dumps(blank.format.to_json(blank.expected))
    return blank.format.show(blank.expected)


def _wrong_entry(blank: Blank) -> str | None:
    if isinstance(blank.format, NumberFormat):
        return repr(float(blank.expected) + 1.0 + abs(float(blank.expected)))
    return None


def check_instance(worksheet: Worksheet) -> list[str]:
    """Problems with one instance: a key that does not grade correct, a wrong one that does."""
    problems: list[str] = []
    ids = [b.id for b in worksheet.blanks]
    if len(ids) != len(set(ids)):
        problems.append("duplicate blank ids")
    key = {b.id: exact_entry(b) for b in worksheet.blanks}
    for blank, _, verdict in worksheet.grade(key):
        if verdict.status != "correct":
            problems.append(f"blank {blank.id}: its own answer grades {verdict.status}")
    first = worksheet.blanks[0] if worksheet.blanks else None
    if first is not None and worksheet.check(first.id, "", key).status != "blank":
        problems.append(f"blank {first.id}: an empty entry is not 'blank'")
    for blank in worksheet.blanks:
        wrong = _wrong_entry(blank)
        if wrong is not None and blank.format.agrees(float(wrong), blank.expected):
            problems.append(f"blank {blank.id}: a wrong entry {wrong} grades correct")
    if isinstance(worksheet.visual, GraphVisual):
        problems.extend(_check_jacobian(worksheet.visual))
    problems.extend(trivial_sections(worksheet))
    return problems


def _check_jacobian(visual: GraphVisual) -> list[str]:
    """The exact Jacobian must agree with a fine central difference (the function is smooth)."""
    graph = visual.graph
    point = {v: visual.values[n] for v, n in graph.variables.items()}
    try:
        exact = jacobian(graph, evaluate_graph(graph, point))
        estimate = _central_differences(graph, point)
    except MathError:
        return []
    problems = []
    for row_exact, row_estimate, output in zip(exact, estimate, graph.outputs, strict=True):
        for a, b, variable in zip(row_exact, row_estimate, graph.variables, strict=True):
            if not math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-6 * max(1.0, abs(a))):
                problems.append(
                    f"∂{output}/∂{variable}: exact {a:.6g} but finite differences give {b:.6g}"
                )
    return problems


def _central_differences(graph: Graph, point: dict[str, float]) -> list[list[float]]:
    """Central differences with a step relative to each input (1e-6·max(1, |x|))."""
    columns = []
    for variable, x in point.items():
        step = 1e-6 * max(1.0, abs(x))
        plus = output_values(graph, {**point, variable: x + step})
        minus = output_values(graph, {**point, variable: x - step})
        columns.append([(plus[o] - minus[o]) / (2 * step) for o in graph.outputs])
    return [list(row) for row in zip(*columns, strict=True)]


def validate_exercises(exercises: Iterable[Exercise], seeds: int) -> list[str]:
    """Every problem of every exercise over `seeds` seeds (one for a fixed exercise).

    A seed whose instance cannot be built does not stop the others: each field that fails is
    reported once, whichever seeds it fails on.
    """
    problems: list[str] = []
    for exercise in exercises:
        failed: set[tuple[int | None, str | None]] = set()
        for seed in range(seeds if exercise.randomized else 1):
            try:
                worksheet = exercise.instance(seed)
            except PackError as error:
                if (error.line, error.field) not in failed:
                    failed.add((error.line, error.field))
                    problems.append(str(error))
                continue
            for problem in check_instance(worksheet):
                problems.append(str(exercise.error(None, f"seed {seed}: {problem}")))
    return problems
