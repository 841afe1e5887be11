"""Provides the optional blanks inside a chain-rule sum: local partials and per-path terms.

`local:N:A` is ∂N/∂A at the point (node N's own operation differentiated by its argument A);
`term:F:N:C` is the term of ∂F/∂N that comes through the node C using N, ∂F/∂C·∂C/∂N (reverse
mode). They are off by default and built only when `ask` names them (`locals`, `terms`, or
ids), so that a slip inside a chain-rule sum has a blank to land in; the tangent and adjoint
blanks then follow through from the student's own partials and terms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from engine.answers import number_format
from engine.catalogue import message
from engine.checking import Mistake
from engine.graph import Step, display_name
from engine.mistakes import WRONG_RULES, WrongRule, partials_with
from exercises.kinds.graphs import GraphSpec, env_from, show_expr, with_numbers
from exercises.model import Blank

Deps = Mapping[str, Any]

LOCAL_CONCEPT = (
    "A local partial ∂N/∂A is the derivative of node N's own operation by its argument A, "
    "at the point: it looks at that one node only, not at the rest of the graph."
)
TERM_CONCEPT = (
    "Each node that uses N adds one term to N's adjoint: that node's adjoint times its local "
    "partial by N. The adjoint is the sum of these terms."
)


def wanted(ask: Any) -> tuple[bool, bool]:
    """Whether `ask` names local partials and per-path terms (sections, ids or prefixes)."""
    if not isinstance(ask, list):
        return False, False
    items = [a.strip() for a in ask if isinstance(a, str)]

    def named(section: str, prefix: str) -> bool:
        return any(i in (section, prefix) or i.startswith(prefix + ":") for i in items)

    return named("locals", "local"), named("terms", "term")


def local_id(step: str, ref: str) -> str:
    return f"local:{step}:{ref}"


def term_id(output: str, node: str, consumer: str) -> str:
    return f"term:{output}:{node}:{consumer}"


def partial_at(step: Step, ref: str, deps: Deps, values: Mapping[str, float],
               rule: WrongRule | None = None) -> float:  # fmt: skip
    """∂step/∂ref at the student's own values of the step's arguments (the key's elsewhere)."""
    return partials_with(step.expr, env_from(deps, values, "value:"), rule)[ref]


def value_deps(step: Step, ref: str, inputs: Sequence[str]) -> tuple[str, ...]:
    """The value blanks a local partial reads: the non-input names in its rule."""
    names = step.local_rule(ref).variables()
    return tuple(f"value:{n}" for n in names if n not in inputs)


def _wrong_rules(step: Step, ref: str, values: Mapping[str, float], scale: Any) -> list[Mistake]:
    """The op record's wrong local rules that change this partial (engine.op_records)."""
    found = []
    for rule in WRONG_RULES:
        if not rule.applies_to(step.expr):
            continue

        def compute(deps: Deps, rule: WrongRule = rule) -> float | None:
            wrong = partial_at(step, ref, deps, values, rule)
            if wrong == partial_at(step, ref, deps, values):
                return None
            return float(scale(deps)) * wrong

        found.append(Mistake(rule.id, rule.message, compute))
    return found


def local_blank(spec: GraphSpec, step: Step, ref: str, tolerance: Any) -> Blank:
    """`local:N:A`: ∂N/∂A at the point, with the op's wrong local rules as its mistakes."""
    values, graph = spec.evaluation.values, spec.graph
    expected = partials_with(step.expr, values)[ref]
    name, arg = display_name(step.name), display_name(ref)
    rule = step.local_rule(ref)

    def recompute(deps: Deps) -> float:
        return partial_at(step, ref, deps, values)

    mistakes = [
        *_wrong_rules(step, ref, values, lambda deps: 1.0),
        Mistake("sign-flip", "the sign is flipped", lambda deps: -recompute(deps)),
        Mistake(
            "value-for-derivative",
            message("value-for-derivative", node=name),
            lambda deps: float(deps.get(f"value:{step.name}", values[step.name])),
        ),
    ]
    return Blank(
        id=local_id(step.name, ref),
        label=f"∂{name}/∂{arg}",
        expected=expected,
        format=number_format(expected, tolerance),
        depends_on=value_deps(step, ref, graph.inputs),
        recompute=recompute,
        mistakes=tuple(mistakes),
        hints=(
            LOCAL_CONCEPT,
            f"∂{name}/∂{arg} = {show_expr(rule)}",
            f"∂{name}/∂{arg} = {with_numbers(rule, values)}",
        ),
        section="Local partials",
        node=step.name,
        extra={"step": step.name, "argument": ref},
    )


def local_blanks(spec: GraphSpec, tolerance: Any) -> list[Blank]:
    """Every local partial of the graph, step by step, argument by argument."""
    return [
        local_blank(spec, step, ref, tolerance) for step in spec.graph.steps for ref in step.refs
    ]


def term_blank(
    spec: GraphSpec,
    output: str,
    node: str,
    consumer: Step,
    adjoint: Mapping[str, float],
    with_locals: bool,
    section: str,
    tolerance: Any,
) -> Blank:
    """`term:F:N:C` = ∂F/∂C·∂C/∂N, from the student's own adjoint of C and partial ∂C/∂N."""
    values, graph = spec.evaluation.values, spec.graph
    carried = f"adjoint:{output}:{consumer.name}"
    local = local_id(consumer.name, node)
    reads = (local,) if with_locals else value_deps(consumer, node, graph.inputs)
    expected = adjoint[consumer.name] * partials_with(consumer.expr, values)[node]
    c, n = display_name(consumer.name), display_name(node)

    def adjoint_of(deps: Deps) -> float:
        return float(deps.get(carried, adjoint[consumer.name]))

    def partial(deps: Deps) -> float:
        if local in deps:
            return float(deps[local])
        return partial_at(consumer, node, deps, values)

    def recompute(deps: Deps) -> float:
        return adjoint_of(deps) * partial(deps)

    rule = consumer.local_rule(node)
    mistakes = [
        *_wrong_rules(consumer, node, values, adjoint_of),
        Mistake("local-only", message("local-only"), partial),
        Mistake(
            "value-for-derivative",
            f"this multiplies by the value of {c}; the term carries ∂{output}/∂{c}, its adjoint",
            lambda deps: (
                float(deps.get(f"value:{consumer.name}", values[consumer.name])) * partial(deps)
            ),
        ),
        Mistake("sign-flip", "the sign is flipped", lambda deps: -recompute(deps)),
    ]
    return Blank(
        id=term_id(output, node, consumer.name),
        label=f"∂{output}/∂{c}·∂{c}/∂{n}",
        expected=expected,
        format=number_format(expected, tolerance),
        depends_on=(carried, *reads),
        recompute=recompute,
        mistakes=tuple(mistakes),
        hints=(
            TERM_CONCEPT,
            f"the term of ∂{output}/∂{n} through {c}: ∂{output}/∂{c}·∂{c}/∂{n}, with "
            f"∂{c}/∂{n} = {show_expr(rule)}",
            f"∂{output}/∂{c}·{with_numbers(rule, values)}",
        ),
        section=section,
        node=node,
        extra={"output": output, "consumer": consumer.name},
    )
