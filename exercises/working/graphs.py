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
from exercises.kinds.chain_rule import Term, chain_numbers, chain_text, sum_text
from exercises.kinds.graphs import GraphVisual, env_from, number_text, show_expr, with_numbers

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
    if kind in ("local", "term"):
        return _part_lines(visual, blank, deps)
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
    """`∂f/∂y = ∂f/∂a + ∂f/∂b`, then the student's numbers, then each term's value.

    Where the sheet asks for the sum's parts (`local:N:A`, `term:F:N:C`), the student's own
    local partials and terms are the numbers used, as the blank's follow-through uses them."""
    kind, root, node = blank.id.split(":", 2)
    graph, prefix = visual.graph, f"{kind}:{root}:"
    name_of = _namer(kind, root)
    terms = _terms(worksheet, graph, kind, prefix, node)
    if not terms:
        return None
    key = worksheet.result.get("tangents" if kind == "tangent" else "adjoints", {}).get(root, {})
    values = env_from(deps, visual.values, "value:")
    texts, parts = [], []
    for carried_node, step, ref in terms:
        carried = float(deps.get(prefix + carried_node, key.get(carried_node, 0.0)))
        own_term = f"term:{root}:{ref}:{step.name}" if kind == "adjoint" else ""
        own_local = f"local:{step.name}:{ref}"
        if own_term in deps:
            parts.append(float(deps[own_term]))
            texts.append(number_text(parts[-1]))
        elif own_local in deps:
            parts.append(carried * float(deps[own_local]))
            texts.append(f"{number_text(carried)}·{number_text(float(deps[own_local]))}")
        else:
            parts.append(carried * partials_with(step.expr, values)[ref])
            texts.append(chain_numbers([(carried_node, step, ref)], {carried_node: carried},
                                        values))  # fmt: skip
    lines = [f"{name_of(node)} = {chain_text(terms, name_of)}", f"= {sum_text(texts)}"]
    each = f"= {sum_text([number_text(v) for v in parts])}"
    if len(terms) > 1 and each != lines[-1]:
        lines.append(each)
    return lines


def _part_lines(visual: GraphVisual, blank: Blank, deps: Deps) -> Sequence[str] | None:
    """A local partial `local:N:A` at the student's values, or one term `term:F:N:C` of an
    adjoint: ∂F/∂C times ∂C/∂N (the student's own partial where the sheet asks for it)."""
    kind, *rest = blank.id.split(":")
    values = env_from(deps, visual.values, "value:")
    if kind == "local" and len(rest) == 2:
        step, ref = _step(visual.graph, rest[0]), rest[1]
        if step is None:
            return None
        rule = step.local_rule(ref)
        return (f"{blank.label} = {show_expr(rule)}", f"= {_bare(with_numbers(rule, values))}")
    if kind == "term" and len(rest) == 3:
        output, node, consumer = rest
        step = _step(visual.graph, consumer)
        if step is None:
            return None
        rule = step.local_rule(node)
        carried = deps.get(f"adjoint:{output}:{consumer}")
        local = deps.get(f"local:{consumer}:{node}")
        factor = number_text(float(local)) if local is not None else with_numbers(rule, values)
        left = "" if carried is None else number_text(float(carried)) + "·"
        c = display_name(consumer)
        return (
            f"{blank.label} = ∂{output}/∂{c}·{_factor(show_expr(rule))}",
            f"= {left}{_factor(factor)}",
        )
    return None


def _factor(text: str) -> str:
    """A factor after `·`: in parentheses when it is a sum or a difference."""
    plain = " " not in text and not text.startswith("-")
    return text if plain or _bracketed(text) else f"({text})"


def _bracketed(text: str) -> bool:
    return text.startswith("(") and text.endswith(")") and text.count("(") == 1


def _bare(text: str) -> str:
    """A lone negative number without the parentheses a factor would need: `(-4)` -> `-4`."""
    return text[1:-1] if _bracketed(text) and " " not in text else text


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
