"""Provides the `forward-ad` and `reverse-ad` kinds: value, tangent and adjoint traces as blanks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from engine.answers import number_format
from engine.catalogue import message
from engine.checking import Mistake, constant
from engine.graph import Graph, display_name
from engine.trace import adjoints, jacobian, tangents
from exercises.kinds import register
from exercises.kinds.asked import asked_worksheet
from exercises.kinds.chain_parts import local_blanks, local_id, term_blank, term_id
from exercises.kinds.chain_parts import wanted as asks_parts
from exercises.kinds.chain_rule import chain_blank
from exercises.kinds.graphs import (
    GRAPH_FIELDS,
    GraphSpec,
    GraphVisual,
    default_prompt,
    read_graph_spec,
    trace_result,
    value_blanks,
)
from exercises.kinds.hidden_faults import hidden_copy_faults
from exercises.kinds.student_graph import student_mode
from exercises.model import Blank, Field, Instance, Kind, SpecError, Worksheet

FORWARD_CONCEPT = (
    "Forward mode: a node's tangent is the sum, over its arguments, of the local partial "
    "times the argument's tangent. Seed the input you differentiate by with 1, the others with 0."
)
REVERSE_CONCEPT = (
    "Reverse mode: a node's adjoint is the sum, over every node that uses it, of that node's "
    "adjoint times the local partial. The output's own adjoint is 1."
)


def _seed_list(
    value: Any, variables: Sequence[str], field: str, what: str = "input"
) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else list(value)
    for name in names:
        if name not in variables:
            raise SpecError(
                field, f"{name!r} is not an {what}; the {what}s are {', '.join(variables)}"
            )
    return tuple(names)


def build_forward(instance: Instance) -> Worksheet:
    spec = read_graph_spec(instance)
    graph, values = spec.graph, spec.evaluation.values
    seeds = _seed_list(instance.fields.get("wrt", list(spec.variables)), spec.variables, "wrt")
    blanks = value_blanks(spec, instance.tolerance)
    with_locals, _ = asks_parts(instance.fields.get("ask"))
    if with_locals:
        blanks += local_blanks(spec, instance.tolerance)
    all_ones = tangents(graph, spec.evaluation, {n: 1.0 for n in graph.inputs})
    tangent_result: dict[str, dict[str, float]] = {}
    for variable in seeds:
        seed_node = graph.variables[variable]
        tangent = tangents(graph, spec.evaluation, {seed_node: 1.0})
        tangent_result[variable] = tangent
        prefix = f"tangent:{variable}:"
        section = f"Tangents, seeded on {variable}"

        def tangent_name(node: str, variable: str = variable) -> str:
            return f"∂{display_name(node)}/∂{variable}"

        for node in graph.inputs:
            blanks.append(
                Blank(
                    id=prefix + node,
                    label=f"{tangent_name(node)} (seed)",
                    expected=tangent[node],
                    format=number_format(tangent[node]),
                    hints=(
                        FORWARD_CONCEPT,
                        f"{tangent_name(node)} = 1 if {display_name(node)} is {variable}, else 0",
                        f"{display_name(node)} is the input {graph.variable_of(node)}; "
                        f"this section is seeded on {variable}.",
                    ),
                    section=section,
                    node=node,
                )
            )
        for step in graph.steps:
            terms = [(ref, step, ref) for ref in step.refs]
            dropped = Mistake(
                "dropped-seed",
                "this treats every input's tangent as 1; seed "
                f"only {variable} with 1 and the other inputs with 0",
                constant(all_ones[step.name]),
            )
            blanks.append(
                chain_blank(
                    spec,
                    prefix + step.name,
                    tangent_name(step.name),
                    terms,
                    prefix,
                    tangent,
                    tangent[step.name],
                    step.name,
                    section,
                    FORWARD_CONCEPT,
                    tangent_name,
                    [dropped],
                    instance.tolerance,
                    [(local_id(step.name, ref) if with_locals else "", "") for ref in step.refs],
                )
            )
    rows = jacobian(graph, spec.evaluation)
    for output, node in graph.outputs.items():
        for variable in seeds:
            blanks.append(
                _identity_blank(
                    f"jacobian:{output}:{variable}",
                    f"Jacobian ∂{output}/∂{variable}",
                    f"tangent:{variable}:{node}",
                    tangent_result[variable][node],
                    instance,
                    f"the tangent of {display_name(node)} seeded on {variable}",
                    _jacobian_faults(spec, rows, output, variable, f"tangent:{variable}:{node}"),
                )
            )
    result = trace_result(spec)
    result["jacobian"] = jacobian(graph, spec.evaluation)
    result["tangents"] = tangent_result
    task = (
        "Fill in the value of each node, then its tangent in forward mode for each seed, "
        "then the Jacobian entries."
    )
    return _worksheet(
        instance, spec, blanks, result, GraphVisual(graph, "forward", values, seeds=seeds), task
    )


def build_reverse(instance: Instance) -> Worksheet:
    spec = read_graph_spec(instance)
    graph, values = spec.graph, spec.evaluation.values
    wanted = instance.fields.get("outputs", list(graph.outputs))
    outputs = _seed_list(wanted, list(graph.outputs), "outputs", "output")
    blanks = value_blanks(spec, instance.tolerance)
    with_locals, with_terms = asks_parts(instance.fields.get("ask"))
    if with_locals:
        blanks += local_blanks(spec, instance.tolerance)
    adjoint_result: dict[str, dict[str, float]] = {}
    rows = jacobian(graph, spec.evaluation)
    for output in outputs:
        out_node = graph.outputs[output]
        adjoint = adjoints(graph, spec.evaluation, output)
        adjoint_result[output] = adjoint
        relevant = _ancestors(graph, out_node)
        prefix = f"adjoint:{output}:"
        section = f"Adjoints of {output}"

        def adjoint_name(node: str, output: str = output) -> str:
            return f"∂{output}/∂{display_name(node)}"

        blanks.append(
            Blank(
                id=prefix + out_node,
                label=adjoint_name(out_node),
                expected=1.0,
                format=number_format(1.0),
                hints=(
                    REVERSE_CONCEPT,
                    f"{adjoint_name(out_node)}: the derivative of the output by itself",
                    f"{display_name(out_node)} is {output} itself: its derivative with respect "
                    "to itself is 1.",
                ),
                section=section,
                node=out_node,
            )
        )
        order = [s.name for s in reversed(graph.steps)] + list(graph.inputs)
        for node in order:
            if node == out_node or node not in relevant:
                continue
            terms = [(c.name, c, node) for c in graph.consumers(node) if c.name in relevant]
            if with_terms:
                blanks += [
                    term_blank(
                        spec, output, node, c, adjoint, with_locals, section, instance.tolerance
                    )
                    for _, c, _ in terms
                ]
            parts = [
                (
                    local_id(c.name, node) if with_locals else "",
                    term_id(output, node, c.name) if with_terms else "",
                )
                for _, c, _ in terms
            ]
            blanks.append(
                chain_blank(
                    spec,
                    prefix + node,
                    adjoint_name(node),
                    terms,
                    prefix,
                    adjoint,
                    adjoint[node],
                    node,
                    section,
                    REVERSE_CONCEPT,
                    adjoint_name,
                    tolerance=instance.tolerance,
                    parts=parts,
                )
            )
        for variable, node in graph.variables.items():
            blanks.append(
                _identity_blank(
                    f"jacobian:{output}:{variable}",
                    f"Jacobian ∂{output}/∂{variable}",
                    prefix + node,
                    adjoint[node],
                    instance,
                    f"the adjoint of {display_name(node)} for {output}",
                    _jacobian_faults(spec, rows, output, variable, prefix + node),
                )
            )
    result = trace_result(spec)
    result["jacobian"] = jacobian(graph, spec.evaluation)
    result["adjoints"] = adjoint_result
    task = (
        "Fill in the value of each node (forward pass), then the adjoints from the output "
        "back to the inputs (reverse pass), then the Jacobian entries."
    )
    return _worksheet(
        instance, spec, blanks, result, GraphVisual(graph, "reverse", values, outputs=outputs), task
    )


def _ancestors(graph: Graph, node: str) -> set[str]:
    """The node and every node it depends on."""
    found = {node}
    for step in reversed(graph.steps):
        if step.name in found:
            found.update(step.refs)
    return found


def _jacobian_faults(
    spec: GraphSpec, rows: list[list[float]], output: str, variable: str, source: str
) -> list[Mistake]:
    """A Jacobian entry's faults: its sign, the output's value, a neighbouring or the
    transposed entry (the key's, as the student may not have entered it)."""
    graph, values = spec.graph, spec.evaluation.values
    outputs, variables = list(graph.outputs), list(graph.variables)
    i, j = outputs.index(output), variables.index(variable)
    out_node = graph.outputs[output]
    faults = [
        Mistake("sign-flip", "the sign is flipped", lambda deps: -float(deps[source])),
        Mistake(
            "value-for-derivative",
            message("value-for-derivative", node=output),
            constant(values[out_node]),
        ),
    ]
    if j < len(outputs) and i < len(variables) and (i, j) != (j, i):
        faults.append(
            Mistake(
                "transposed-jacobian",
                message("transposed-jacobian", output=outputs[j], variable=variables[i]),
                constant(rows[j][i]),
            )
        )
    for other_i, other_output in enumerate(outputs):
        for other_j, other_variable in enumerate(variables):
            if (other_i, other_j) != (i, j):
                other = f"∂{other_output}/∂{other_variable}"
                text = message("other-node", what="entry", other=other, node=f"{output}")
                faults.append(Mistake("other-node", text, constant(rows[other_i][other_j])))
    return faults[:MAX_JACOBIAN_FAULTS] + hidden_copy_faults(spec, source, rows[i][j])


#: The bound of the fault search on one Jacobian entry.
MAX_JACOBIAN_FAULTS = 24


def _identity_blank(
    blank_id: str,
    label: str,
    source: str,
    expected: float,
    instance: Instance,
    what: str,
    faults: Sequence[Mistake] = (),
) -> Blank:
    return Blank(
        id=blank_id,
        label=label,
        expected=expected,
        format=number_format(expected, instance.tolerance),
        depends_on=(source,),
        recompute=lambda deps: float(deps[source]),
        mistakes=tuple(faults),
        hints=(
            "A Jacobian entry ∂F/∂X is the tangent of F seeded on X (forward mode), "
            "or the adjoint of X propagated back from F (reverse mode).",
            f"{label} is {what}.",
            "Copy your entry for it from the section above.",
        ),
        section="Jacobian",
    )


#: Extra mistakes for the `jacobian:F:X` blanks, added by other modules (the softmax
#: catalogue in exercises/kinds/softmax.py): hook(spec, output, variable) -> mistakes.
JACOBIAN_MISTAKE_HOOKS: list[Callable[[GraphSpec, str, str], Sequence[Mistake]]] = []


def _with_hooked_mistakes(spec: GraphSpec, blanks: Sequence[Blank]) -> tuple[Blank, ...]:
    hooked = []
    for blank in blanks:
        if JACOBIAN_MISTAKE_HOOKS and blank.id.startswith("jacobian:"):
            _, output, variable = blank.id.split(":", 2)
            extra = [m for hook in JACOBIAN_MISTAKE_HOOKS for m in hook(spec, output, variable)]
            blank = replace(blank, mistakes=(*extra, *blank.mistakes))
        hooked.append(blank)
    return tuple(hooked)


def _worksheet(
    instance: Instance,
    spec: GraphSpec,
    blanks: list[Blank],
    result: dict[str, Any],
    visual: GraphVisual,
    task: str,
) -> Worksheet:
    return asked_worksheet(
        instance,
        instance.prompt or default_prompt(spec, task),
        _with_hooked_mistakes(spec, blanks),
        result,
        visual,
    )


register(
    Kind(
        "forward-ad",
        {**GRAPH_FIELDS, "wrt": Field((str, list), "inputs to seed")},
        student_mode(build_forward),
        one_of=(("function", "functions", "trace"),),
    )
)
register(
    Kind(
        "reverse-ad",
        {**GRAPH_FIELDS, "outputs": Field((list, str), "outputs to back-propagate (default all)")},
        student_mode(build_reverse),
        one_of=(("function", "functions", "trace"),),
    )
)
