"""Provides the working of the autodiff kinds' blanks: a node's value, a chain-rule sum, a
Jacobian entry, a finite difference, with the student's own numbers substituted.

The local rules come from the op records (through `Step.local_rule` and the chain-rule text of
exercises/kinds/chain_rule.py), so the working and the hints say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from engine.answers import show_number
from engine.graph import Graph, Step, display_name
from engine.mistakes import partials_with
from exercises.kinds.chain_rule import Term, _chain_numbers, _chain_text, _sum_text
from exercises.kinds.graphs import GraphVisual, env_from, number_text, with_numbers

if TYPE_CHECKING:
    from exercises.model import Blank, Worksheet

Deps = Mapping[str, Any]


def trace_working(worksheet: Worksheet, blank: Blank, deps: Deps) -> Sequence[str] | None:
    """The working of a value, tangent, adjoint or Jacobian blank of a forward/reverse sheet."""
    visual = worksheet.visual
    if not isinstance(visual, GraphVisual):
        return None
    kind = blank.id.partition(":")[0]
    if kind == "value":
        return _value_lines(visual, blank, deps)
    if kind in ("tangent", "adjoint"):
        return _chain_lines(worksheet, visual, blank, deps)
    if kind == "jacobian" and len(blank.depends_on) == 1:
        source = worksheet.blank(blank.depends_on[0])
        return (f"{blank.label.removeprefix('Jacobian ')} = {source.label}, from above",)
    return None


def difference_working(worksheet: Worksheet, blank: Blank, deps: Deps) -> Sequence[str] | None:
    """A finite-difference estimate: the quotient, then the student's f values and δ in it."""
    if not blank.id.startswith("jacobian:") or len(blank.depends_on) != 2:
        return None
    _, output, variable = blank.id.split(":", 2)
    delta = float(worksheet.result["delta"])
    central = worksheet.result.get("scheme") == "central"
    ends = [float(deps.get(d, worksheet.blank(d).expected)) for d in blank.depends_on]
    name = f"∂{output}/∂{variable}"
    if central:
        rule = f"{name} ≈ ({output}({variable} + δ) - {output}({variable} - δ))/(2δ)"
        divisor = f"(2·{show_number(delta)})"
    else:
        rule = f"{name} ≈ ({output}({variable} + δ) - {output}({variable}))/δ"
        divisor = show_number(delta)
    labels = [worksheet.blank(d).label for d in blank.depends_on]
    given = f"with {labels[0]}: {show_number(ends[0])}; {labels[1]}: {show_number(ends[1])}"
    return (rule, given, f"= ({show_number(ends[0])} - {number_text(ends[1])})/{divisor}")


def _value_lines(visual: GraphVisual, blank: Blank, deps: Deps) -> Sequence[str] | None:
    step = _step(visual.graph, blank.node)
    if step is None:
        return None
    env = env_from(deps, visual.values, "value:")
    return (step.label, f"= {with_numbers(step.expr, env)}")


def _chain_lines(
    worksheet: Worksheet, visual: GraphVisual, blank: Blank, deps: Deps
) -> Sequence[str] | None:
    """`∂f/∂y = ∂f/∂a + ∂f/∂b`, then the student's numbers, then each term's value."""
    kind, root, node = blank.id.split(":", 2)
    graph, prefix = visual.graph, f"{kind}:{root}:"
    name_of = _namer(kind, root)
    terms = _terms(worksheet, graph, kind, prefix, node)
    if not terms:
        return None
    key = worksheet.result.get("tangents" if kind == "tangent" else "adjoints", {}).get(root, {})
    carried = {n: float(deps.get(prefix + n, key.get(n, 0.0))) for n, _, _ in terms}
    values = env_from(deps, visual.values, "value:")
    lines = [
        f"{name_of(node)} = {_chain_text(terms, name_of)}",
        f"= {_chain_numbers(terms, carried, values)}",
    ]
    if len(terms) > 1:
        parts = [carried[n] * partials_with(step.expr, values)[ref] for n, step, ref in terms]
        each = f"= {_sum_text([number_text(v) for v in parts])}"
        if each != lines[-1]:
            lines.append(each)
    return lines


def _terms(worksheet: Worksheet, graph: Graph, kind: str, prefix: str, node: str) -> list[Term]:
    """The chain-rule terms of a node's blank: its arguments (forward), its uses (reverse)."""
    if kind == "tangent":
        step = _step(graph, node)
        return [] if step is None else [(ref, step, ref) for ref in step.refs]
    return [
        (c.name, c, node) for c in graph.consumers(node) if worksheet.has_blank(prefix + c.name)
    ]


def _namer(kind: str, root: str) -> Callable[[str], str]:
    if kind == "tangent":
        return lambda node: f"∂{display_name(node)}/∂{root}"
    return lambda node: f"∂{root}/∂{display_name(node)}"


def _step(graph: Graph, name: str | None) -> Step | None:
    return next((s for s in graph.steps if s.name == name), None)


WORKINGS = {
    "forward-ad": trace_working,
    "reverse-ad": trace_working,
    "numeric-diff": difference_working,
}
