"""Provides the `forward-ad` and `reverse-ad` kinds: value, tangent and adjoint traces as blanks."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from engine.answers import number_format
from engine.checking import Mistake, constant
from engine.expr import Expr
from engine.graph import Graph, Step, display_name
from engine.mistakes import WRONG_RULES, WrongRule, partials_with
from engine.trace import adjoints, jacobian, tangents
from exercises.kinds import register
from exercises.kinds.graphs import (
    GRAPH_FIELDS,
    GraphSpec,
    GraphVisual,
    bar,
    default_prompt,
    dot,
    env_from,
    number_text,
    read_graph_spec,
    show_expr,
    trace_result,
    value_blanks,
    with_numbers,
)
from exercises.model import Blank, Field, Instance, Kind, SpecError, Worksheet

Deps = Mapping[str, Any]
#: One term of a chain-rule sum: (the node whose derivative is carried, the step, the ref).
Term = tuple[str, Step, str]

FORWARD_CONCEPT = (
    "Forward mode: a node's tangent is the sum, over its arguments, of the local partial "
    "times the argument's tangent. Seed the input you differentiate by with 1, the others with 0."
)
REVERSE_CONCEPT = (
    "Reverse mode: a node's adjoint is the sum, over every node that uses it, of that node's "
    "adjoint times the local partial. The output's own adjoint is 1."
)


def _partial(step: Step, ref: str, env: Mapping[str, float], rule: WrongRule | None) -> float:
    return partials_with(step.expr, env, rule)[ref]


def _times(left: str, factor: Expr, factor_text: str) -> str:
    """`left·factor`, written as a person would: `ā`, `-ā`, `ā·b`, `ā·(x + 1)`, `ā·(-1)`."""
    if factor.op == "const" and factor.value in (1, -1) and not factor.name:
        return left if factor.value == 1 else f"-{left}"
    if factor.op in ("add", "sub") or factor_text.startswith("-"):
        factor_text = f"({factor_text})"
    return f"{left}·{factor_text}"


def _sum_text(parts: Sequence[str]) -> str:
    """Terms joined with + and -, so that a negative term reads `a - b`, not `a + -b`."""
    if not parts:
        return "0"
    text = parts[0]
    for part in parts[1:]:
        text += f" - {part[1:]}" if part.startswith("-") else f" + {part}"
    return text


def _chain_text(terms: Sequence[Term], carried: Callable[[str], str]) -> str:
    """The chain-rule sum in symbols: `v̇3 = cos(v0)·v̇0`, `ȳ = ā + b̄`."""
    return _sum_text(
        [
            _times(carried(node), step.local_rule(ref), show_expr(step.local_rule(ref)))
            for node, step, ref in terms
        ]
    )


def _chain_numbers(
    terms: Sequence[Term], carried: Mapping[str, float], values: Mapping[str, float]
) -> str:
    """The same sum with this exercise's numbers substituted (hint rung 3)."""
    return _sum_text(
        [
            _times(
                number_text(carried[node]),
                step.local_rule(ref),
                with_numbers(step.local_rule(ref), values),
            )
            for node, step, ref in terms
        ]
    )


def _rule_deps(terms: Sequence[Term], graph: Graph) -> list[str]:
    deps: list[str] = []
    for _, step, ref in terms:
        for name in step.local_rule(ref).variables():
            if name not in graph.inputs and f"value:{name}" not in deps:
                deps.append(f"value:{name}")
    return deps


class ChainBlank:
    """The tangent or adjoint of one node as a chain-rule sum of terms, with its mistakes."""

    def __init__(
        self, spec: GraphSpec, terms: Sequence[Term], prefix: str, key: Mapping[str, float]
    ) -> None:
        self.terms = tuple(terms)
        self.values = spec.evaluation.values
        self.prefix = prefix  # blank ids of the carried derivatives: "tangent:x:", "adjoint:f:"
        self.key = key  # the key's carried derivative of every node

    def derivative_of(self, node: str, deps: Deps) -> float:
        return float(deps.get(self.prefix + node, self.key[node]))

    def term_values(self, deps: Deps, rule: WrongRule | None = None) -> list[float]:
        env = env_from(deps, self.values, "value:")
        return [
            self.derivative_of(node, deps) * _partial(step, ref, env, rule)
            for node, step, ref in self.terms
        ]

    def total(self, deps: Deps) -> float:
        return sum(self.term_values(deps))

    def mistakes(self, own_value: float, extra: Sequence[Mistake] = ()) -> tuple[Mistake, ...]:
        found: list[Mistake] = []
        steps = [step for _, step, _ in self.terms]
        for rule in WRONG_RULES:
            if any(rule.applies_to(s.expr) for s in steps):
                found.append(Mistake(rule.id, rule.message, self._with_rule(rule)))
        if len(self.terms) > 1:
            for index in range(len(self.terms)):
                found.append(Mistake("missing-path", self._missing_message(), self._without(index)))
        found.append(
            Mistake(
                "local-only",
                "this is the local partial alone; multiply it by the derivative carried "
                "along the path (the chain rule)",
                self._local_only,
            )
        )
        found.extend(extra)
        for index in range(len(self.terms)):
            if len(self.terms) > 1:
                found.append(
                    Mistake("sign-flip", "one term has the wrong sign", self._flipped(index))
                )
        found.append(
            Mistake(
                "value-for-derivative",
                "this is the node's value; a derivative is asked here",
                lambda deps: own_value,
            )
        )
        found.append(Mistake("sign-flip", "the sign is flipped", lambda d: -self.total(d)))
        return tuple(found)

    def _missing_message(self) -> str:
        if self.prefix.startswith("adjoint"):
            users = ", ".join(display_name(step.name) for _, step, _ in self.terms)
            return (
                f"a path is missing: this node is used by {users}; its adjoint sums one "
                "term for every use"
            )
        step = self.terms[0][1]
        refs = ", ".join(display_name(ref) for _, _, ref in self.terms)
        return (
            f"a path is missing: {display_name(step.name)} depends on {refs}; its tangent "
            "sums one term for every argument"
        )

    def _with_rule(self, rule: WrongRule) -> Callable[[Deps], float]:
        return lambda deps: sum(self.term_values(deps, rule))

    def _without(self, index: int) -> Callable[[Deps], float]:
        return lambda deps: sum(v for i, v in enumerate(self.term_values(deps)) if i != index)

    def _flipped(self, index: int) -> Callable[[Deps], float]:
        return lambda deps: sum(
            -v if i == index else v for i, v in enumerate(self.term_values(deps))
        )

    def _local_only(self, deps: Deps) -> float:
        env = env_from(deps, self.values, "value:")
        return sum(_partial(step, ref, env, None) for _, step, ref in self.terms)


def _chain_blank(
    spec: GraphSpec,
    blank_id: str,
    label: str,
    terms: Sequence[Term],
    carried_prefix: str,
    carried_key: Mapping[str, float],
    expected: float,
    node: str,
    section: str,
    concept: str,
    name_of: Callable[[str], str],
    extra: Sequence[Mistake] = (),
    tolerance: Any = None,
) -> Blank:
    chain = ChainBlank(spec, terms, carried_prefix, carried_key)
    values = spec.evaluation.values
    deps = [carried_prefix + n for n, _, _ in terms]
    deps = list(dict.fromkeys(deps)) + _rule_deps(terms, spec.graph)
    rule = f"{name_of(node)} = {_chain_text(terms, name_of)}"
    substituted = _chain_numbers(terms, carried_key, values)
    return Blank(
        id=blank_id,
        label=label,
        expected=expected,
        format=number_format(expected, tolerance),
        depends_on=tuple(deps),
        recompute=chain.total,
        mistakes=chain.mistakes(values.get(node, 0.0), extra),
        hints=(concept, rule, f"{name_of(node)} = {substituted}"),
        section=section,
        node=node,
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
    all_ones = tangents(graph, spec.evaluation, {n: 1.0 for n in graph.inputs})
    tangent_result: dict[str, dict[str, float]] = {}
    for variable in seeds:
        seed_node = graph.variables[variable]
        tangent = tangents(graph, spec.evaluation, {seed_node: 1.0})
        tangent_result[variable] = tangent
        prefix = f"tangent:{variable}:"
        section = f"Tangents, seeded on {variable}"
        for node in graph.inputs:
            blanks.append(
                Blank(
                    id=prefix + node,
                    label=f"{dot(node)} (seed of {graph.variable_of(node)})",
                    expected=tangent[node],
                    format=number_format(tangent[node]),
                    hints=(
                        FORWARD_CONCEPT,
                        f"{dot(node)} = 1 if {display_name(node)} is {variable}, else 0",
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
                _chain_blank(
                    spec,
                    prefix + step.name,
                    f"∂{display_name(step.name)}/∂{variable}",
                    terms,
                    prefix,
                    tangent,
                    tangent[step.name],
                    step.name,
                    section,
                    FORWARD_CONCEPT,
                    dot,
                    [dropped],
                    instance.tolerance,
                )
            )
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
    adjoint_result: dict[str, dict[str, float]] = {}
    for output in outputs:
        out_node = graph.outputs[output]
        adjoint = adjoints(graph, spec.evaluation, output)
        adjoint_result[output] = adjoint
        relevant = _ancestors(graph, out_node)
        prefix = f"adjoint:{output}:"
        section = f"Adjoints of {output}"
        blanks.append(
            Blank(
                id=prefix + out_node,
                label=f"∂{output}/∂{display_name(out_node)}",
                expected=1.0,
                format=number_format(1.0),
                hints=(
                    REVERSE_CONCEPT,
                    f"{bar(out_node)} = ∂{output}/∂{display_name(out_node)}",
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
            blanks.append(
                _chain_blank(
                    spec,
                    prefix + node,
                    f"∂{output}/∂{display_name(node)}",
                    terms,
                    prefix,
                    adjoint,
                    adjoint[node],
                    node,
                    section,
                    REVERSE_CONCEPT,
                    bar,
                    tolerance=instance.tolerance,
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


def _identity_blank(
    blank_id: str, label: str, source: str, expected: float, instance: Instance, what: str
) -> Blank:
    return Blank(
        id=blank_id,
        label=label,
        expected=expected,
        format=number_format(expected, instance.tolerance),
        depends_on=(source,),
        recompute=lambda deps: float(deps[source]),
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
    return instance.worksheet(
        instance.prompt or default_prompt(spec, task),
        _with_hooked_mistakes(spec, blanks),
        result,
        visual,
    )


register(
    Kind(
        "forward-ad",
        {**GRAPH_FIELDS, "wrt": Field((str, list), "inputs to seed")},
        build_forward,
        one_of=(("function", "functions", "trace"),),
    )
)
register(
    Kind(
        "reverse-ad",
        {**GRAPH_FIELDS, "outputs": Field((list, str), "outputs to back-propagate (default all)")},
        build_reverse,
        one_of=(("function", "functions", "trace"),),
    )
)
