"""Provides the instructor's check of exercise instances (`tutor validate`).

Each instance: its own key grades correct, an empty entry is blank, a far-off number is not
accepted by its blank's tolerance, and an autodiff graph's exact Jacobian agrees with finite
differences. Fast enough to run on every built-in pack in well under a second.
"""

from __future__ import annotations

import functools
import json
import math
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from engine.answers import ArrayFormat, NumberFormat
from engine.errors import MathError
from engine.graph import Graph
from engine.trace import evaluate_graph, jacobian, output_values
from exercises.degeneracy import trivial_sections
from exercises.examples import example
from exercises.kinds import KINDS
from exercises.kinds.graphs import GraphVisual
from exercises.model import Blank, Kind, Worksheet
from exercises.pack import REMOVED, Draft, Exercise, PackError, top_field
from exercises.randomize import has_placeholder

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


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


def validate_exercises(
    exercises: Iterable[Exercise], seeds: int, drafts: Iterable[Draft] = ()
) -> list[str]:
    """Every problem of every exercise over `seeds` seeds (one for a fixed exercise), and the
    further errors of the drafts of exercises refused at load.

    A seed whose instance cannot be built does not stop the others: each field that fails is
    reported once, whichever seeds it fails on.
    """
    problems: list[str] = []
    jobs = [(e, frozenset[str]()) for e in exercises] + [(d.exercise, d.changed) for d in drafts]
    for exercise, changed in jobs:
        failed: set[tuple[int | None, str | None]] = set()
        for seed in range(seeds if exercise.randomized else 1):
            worksheet, errors = build_problems(exercise, seed, changed)
            for error in errors:
                if (error.line, error.field) not in failed:
                    failed.add((error.line, error.field))
                    problems.append(str(error))
            if worksheet is not None:
                for problem in check_instance(worksheet):
                    problems.append(str(exercise.error(None, f"seed {seed}: {problem}")))
    return problems


def build_problems(
    exercise: Exercise, seed: int, changed: Iterable[str] = ()
) -> tuple[Worksheet | None, list[PackError]]:
    """The instance of a seed, or every error found building it.

    A kind stops at the first field it cannot use. To see past it, the build is tried again
    with that field left out (or, when it is required, given the value of the kind's example
    pack), and so on, at most once per field. An error found after such a change is reported
    only when it is `standalone` (the field's own value is wrong whatever the others hold), so
    no error is reported that fixing the reported ones could make go away: a missing report
    is better than a false one. `changed`: fields already known to be wrong (left out).
    """
    kind = KINDS[exercise.kind]
    changed = set(changed)
    patch: dict[str, Any] = dict.fromkeys(changed, REMOVED)
    errors: list[PackError] = []
    for _ in range(2 * len(kind.fields) + 2):  # each field: left out, then its example
        try:
            worksheet = exercise.instance(seed, patch)
        except PackError as error:
            field = top_field(error.field)
            if (not changed or error.standalone) and field not in changed:
                errors.append(error)
            stand_in = _stand_in(kind, field, patch)
            if not stand_in:
                break
            patch.update(stand_in)
            changed.update(stand_in)
        except Exception:  # a stand-in led a kind where no check catches it: stop looking
            if not patch:
                raise
            break
        else:
            return (None if changed else worksheet), errors
    return None, errors


def _stand_in(kind: Kind, field: str, patch: Mapping[str, Any]) -> dict[str, Any]:
    """What replaces a failed field: first nothing, when the kind can do without it, then the
    value the kind's example gives it (or, for one of a group such as function/functions,
    gives the group); empty when there is nothing left to try."""
    spec = kind.fields.get(field)
    if spec is None:
        return {}
    if field not in patch and not spec.required:
        return {field: REMOVED}
    example = _example_fields(kind.name)
    group = next((g for g in kind.one_of if field in g), (field,))
    usable = {k: example[k] for k in group if k in example and not has_placeholder(example[k])}
    stand_in = {k: usable.get(k, REMOVED) for k in group} if usable else {}
    return {} if all(patch.get(k) is v for k, v in stand_in.items()) else stand_in


@functools.cache
def _example_fields(kind: str) -> dict[str, Any]:
    text = example(kind)
    exercises = tomllib.loads(text).get("exercise", []) if text else []
    return next((e for e in exercises if e.get("kind") == kind), {})
