"""Provides the `numeric-diff` kind: a Jacobian estimated by forward or central differences."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from engine.answers import Tolerance, number_format, show_number
from engine.checking import Mistake, constant
from engine.errors import EvaluationError, MathError
from engine.expr import Expr, parse
from engine.mistakes import WRONG_RULES, WrongRule, evaluate_with
from engine.trace import finite_differences, jacobian
from exercises.kinds import register
from exercises.kinds.asked import asked_worksheet
from exercises.kinds.graphs import (
    GRAPH_FIELDS,
    GraphSpec,
    GraphVisual,
    default_prompt,
    read_graph_spec,
    show_point,
    shown_function,
    trace_result,
    with_numbers,
)
from exercises.kinds.student_graph import student_mode
from exercises.model import Blank, Degenerate, Field, Instance, Kind, SpecError, Worksheet

CONCEPT = {
    "forward": "A forward difference estimates ∂f/∂x by (f(x + δ) - f(x))/δ, moving one input "
    "by δ and keeping the others fixed.",
    "central": "A central difference estimates ∂f/∂x by (f(x + δ) - f(x - δ))/(2δ), moving one "
    "input by ±δ and keeping the others fixed.",
}


def build_numeric(instance: Instance) -> Worksheet:
    spec = read_graph_spec(instance)
    fields = instance.fields
    delta = fields.get("delta", 0.01)
    if isinstance(delta, bool) or not isinstance(delta, (int, float)) or not delta > 0:
        raise SpecError("delta", f"delta must be a positive number, got {delta!r}", standalone=True)
    scheme = fields.get("scheme", "forward")
    if scheme not in CONCEPT:
        raise SpecError(
            "scheme", f'scheme must be "forward" or "central", got {scheme!r}', standalone=True
        )
    try:
        fd = finite_differences(spec.graph, spec.point, float(delta), scheme)
        other = finite_differences(
            spec.graph, spec.point, float(delta), "central" if scheme == "forward" else "forward"
        )
    except EvaluationError as error:
        raise Degenerate(f"a moved point cannot be evaluated: {error}") from None
    exact = jacobian(spec.graph, spec.evaluation)
    tolerance = instance.tolerance
    blanks: list[Blank] = []
    for output in spec.graph.outputs:
        blanks.append(_value_blank(spec, output, "base", spec.point, fd.base[output], tolerance))
    for variable in spec.variables:
        for sign, table in (("+", fd.plus), ("-", fd.minus)):
            if variable not in table:
                continue
            step = delta if sign == "+" else -delta
            moved = {**spec.point, variable: spec.point[variable] + step}
            every = {name: x + step for name, x in spec.point.items()}
            for output in spec.graph.outputs:
                blank = _value_blank(
                    spec, output, f"{variable}{sign}", moved, table[variable][output], tolerance
                )
                if len(spec.variables) > 1:
                    blank = replace(
                        blank, mistakes=(*blank.mistakes, _both_moved(spec, output, every))
                    )
                blanks.append(blank)
    for row, output in enumerate(spec.graph.outputs):
        for column, variable in enumerate(spec.variables):
            ends = (
                fd.plus[variable][output],
                fd.base[output] if scheme == "forward" else fd.minus[variable][output],
            )
            blanks.append(
                _estimate_blank(
                    output,
                    variable,
                    float(delta),
                    scheme,
                    ends,
                    fd.jacobian[row][column],
                    Alternatives(
                        other.jacobian[row][column],
                        exact[row][column],
                        (fd.base[output] - fd.minus[variable][output]) / delta
                        if scheme == "central"
                        else None,
                        {
                            o: fd.jacobian[r][column]
                            for r, o in enumerate(spec.graph.outputs)
                            if o != output
                        },
                    ),
                    tolerance,
                    {b.id: b.label for b in blanks},
                )
            )
    result = trace_result(spec)
    result.update(jacobian=fd.jacobian, exact_jacobian=exact, delta=float(delta), scheme=scheme)
    task = (
        f"Estimate the Jacobian by {scheme} differences with δ = {show_number(delta)}: "
        "evaluate each function at the point and at the moved points, then form "
        "each quotient. Keep enough figures: the differences are small."
    )
    return asked_worksheet(
        instance,
        instance.prompt or default_prompt(spec, task, name_nodes=False),
        blanks,
        result,
        GraphVisual(spec.graph, "values", spec.evaluation.values),
    )


def _value_blank(
    spec: GraphSpec,
    output: str,
    where: str,
    point: Mapping[str, float],
    expected: float,
    tolerance: Tolerance | None,
) -> Blank:
    text = spec.functions.get(output, output)
    at = show_point(point)
    function = _function(spec, output)
    mistakes = tuple(
        Mistake(rule.id, rule.message, _whole_function(spec, output, point, rule))
        for rule in WRONG_RULES
        if rule.id in ("degrees", "log10") and function is not None and rule.applies_to(function)
    )
    moved = [v for v in spec.variables if point[v] != spec.point[v]]
    concept = (
        f"Evaluate {output} with {moved[0]} moved by ±δ and the other inputs kept as they are."
        if moved
        else f"Evaluate {output} at the point itself."
    )
    return Blank(
        id=f"value:{output}@{where}",
        label=f"{output} at {at}",
        expected=expected,
        format=number_format(expected, tolerance),
        mistakes=mistakes,
        hints=(
            concept,
            f"{output} = {shown_function(text, spec.variables)} at {at}",
            *([f"{output} = {with_numbers(function, point)}"] if function else []),
        ),
        section="Function values",
    )


def _function(spec: GraphSpec, output: str) -> Expr | None:
    """The output as one expression over the declared variables (None for a trace alone)."""
    try:
        return parse(spec.functions[output], spec.variables)
    except MathError:
        return None


def _whole_function(
    spec: GraphSpec, output: str, point: Mapping[str, float], rule: WrongRule | None
) -> Any:
    def compute(_: Mapping[str, Any]) -> float:
        env = {spec.graph.variables[v]: x for v, x in point.items()}
        for step in spec.graph.steps:
            env[step.name] = evaluate_with(step.expr, env, rule)
        return env[spec.graph.outputs[output]]

    return compute


def _estimate_blank(
    output: str,
    variable: str,
    delta: float,
    scheme: str,
    ends: tuple[float, float],
    expected: float,
    alternatives: Alternatives,
    tolerance: Tolerance | None,
    labels: Mapping[str, str],
) -> Blank:
    plus, base = f"value:{output}@{variable}+", f"value:{output}@base"
    minus = f"value:{output}@{variable}-"
    ends_ids = (plus, base if scheme == "forward" else minus)
    note = digits_note(
        (labels[ends_ids[0]], labels[ends_ids[1]]), ends, (tolerance or Tolerance()).rel
    )
    if scheme == "forward":
        deps = (plus, base)
        formula = f"({output}({variable} + δ) - {output}({variable}))/δ"

        def recompute(d: Mapping[str, Any]) -> float:
            return (float(d[plus]) - float(d[base])) / delta

        def undivided(d: Mapping[str, Any]) -> float:
            return float(d[plus]) - float(d[base])

    else:
        deps = (plus, minus)
        formula = f"({output}({variable} + δ) - {output}({variable} - δ))/(2δ)"

        def recompute(d: Mapping[str, Any]) -> float:
            return (float(d[plus]) - float(d[minus])) / (2 * delta)

        def undivided(d: Mapping[str, Any]) -> float:
            return (float(d[plus]) - float(d[minus])) / delta

    divisor = delta if scheme == "forward" else 2 * delta
    substituted = f"({show_number(ends[0])} - {show_number(ends[1])})/{show_number(divisor)}"
    wrong_scheme = "central-for-forward" if scheme == "forward" else "forward-for-central"
    mistakes = (
        Mistake(
            wrong_scheme,
            f"this is the {'central' if scheme == 'forward' else 'forward'} "
            f"difference; the exercise asks for the {scheme} one",
            constant(alternatives.other_scheme),
        ),
        Mistake(
            "no-divide",
            "the difference is not divided by " + ("δ" if scheme == "forward" else "2δ"),
            undivided,
        ),
        *(
            ()
            if scheme == "forward"
            else (
                Mistake(
                    "no-divide",
                    "the difference is not divided by 2δ at all",
                    lambda d: float(d[plus]) - float(d[minus]),
                ),
            )
        ),
        Mistake(
            "exact-derivative",
            "that is the exact derivative; the finite-difference "
            "estimate is asked, and it differs from it",
            constant(alternatives.exact),
        ),
        Mistake(
            "sign-flip",
            f"this subtracts the other way round; the difference is {formula.split('/')[0]}",
            lambda d: -recompute(d),
        ),
        *(
            Mistake(
                "backward-for-central",
                "this is the backward difference (f(x) - f(x - δ))/δ; the exercise asks for the "
                "central one, which divides f(x + δ) - f(x - δ) by 2δ",
                constant(backward),
            )
            for backward in (alternatives.backward,)
            if backward is not None
        ),
        *(
            Mistake(
                "wrong-output",
                f"this is the estimate for {other}, not {output}; difference {output}'s own values",
                constant(value),
            )
            for other, value in alternatives.other_outputs.items()
        ),
    )
    return Blank(
        id=f"jacobian:{output}:{variable}",
        label=f"∂{output}/∂{variable} ≈",
        expected=expected,
        format=number_format(expected, tolerance),
        depends_on=deps,
        recompute=recompute,
        mistakes=mistakes,
        hints=(
            CONCEPT[scheme],
            f"∂{output}/∂{variable} ≈ {formula}",
            f"∂{output}/∂{variable} ≈ {substituted}",
        ),
        section="Finite-difference Jacobian",
        rounding_note=note,
    )


@dataclass(frozen=True)
class Alternatives:
    """What an estimate slipped in a known way gives: the other scheme, the exact derivative,
    the backward difference (for a central one), the other outputs' estimates."""

    other_scheme: float
    exact: float
    backward: float | None
    other_outputs: Mapping[str, float]


def _both_moved(spec: GraphSpec, output: str, point: Mapping[str, float]) -> Mistake:
    return Mistake(
        "both-perturbed",
        "this moves every input by δ; a partial difference moves one input and keeps the others "
        "at the point",
        _whole_function(spec, output, point, None),
    )


def digits_note(names: tuple[str, str], ends: tuple[float, float], rel: float) -> str:
    """What a difference of close values costs, and how many figures of each value to keep.

    With n significant figures each value is off by at most half a unit in its n-th figure,
    so the difference by one unit there: n = ⌈m + 1 - log10(rel·|Δf|)⌉ keeps it within rel,
    m being the decimal exponent of the larger value (docs/checking.md).
    """
    larger = max(abs(ends[0]), abs(ends[1]))
    difference = abs(ends[0] - ends[1])
    if difference == 0 or larger == 0 or rel <= 0:
        return ""
    exponent = math.floor(math.log10(larger))
    needed = math.ceil(exponent + 1 - math.log10(rel * difference) - 1e-9)
    shared = exponent - math.floor(math.log10(difference))
    if shared < 1:
        return ""
    return (
        f"{names[0]} and {names[1]} are close, so their difference keeps {shared} "
        f"significant figure{'s' if shared > 1 else ''} fewer than they have: keep at least "
        f"{needed} significant figures in the function values to get the estimate "
        f"{describe(rel)}"
    )


def describe(rel: float) -> str:
    return Tolerance(rel=rel).describe()


register(
    Kind(
        "numeric-diff",
        {
            **GRAPH_FIELDS,
            "delta": Field((int, float), "the step δ (default 0.01)"),
            "scheme": Field((str,), '"forward" (default) or "central"'),
        },
        student_mode(build_numeric),
        one_of=(("function", "functions", "trace"),),
    )
)
