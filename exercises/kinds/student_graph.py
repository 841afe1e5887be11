"""Provides `graph = "student"` for the autodiff kinds: the student writes the graph first.

The worksheet starts with the blank `graph` (the decomposition, one node per line, checked by
engine.decomposition). Once the student's graph computes the functions, `with_graph` rebuilds
the sheet with the kind's own builder on the student's lines, so the value, tangent and
adjoint blanks carry the student's node names, with the same follow-through and diagnosis as
on a built-in trace. Until then only `graph` is asked; the blanks on the book's graph (written
as lines, the key) are kept hidden.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.checking import Verdict, read_entry
from engine.decomposition import Decomposition, DecompositionFormat
from engine.errors import MathError
from engine.expr import Expr, postorder
from engine.graph import Graph, Step
from engine.printing import to_text
from exercises.kinds.graphs import read_graph_spec
from exercises.model import Blank, Degenerate, Instance, SpecError, Worksheet

if TYPE_CHECKING:
    from exercises.pack import Exercise

BuildFunction = Callable[[Instance], Worksheet]


@dataclass(frozen=True)
class StudentGraphSheet(Worksheet):
    """A worksheet whose first blank is the student's graph; `with_graph` moves to their nodes."""

    build_on: Callable[[tuple[str, ...]], Worksheet] | None = None
    on_lines: tuple[str, ...] = ()  # the student's lines the blanks are on (none: the book's)

    def check(self, blank_id: str, text: str, entries: Mapping[str, str], *args: Any) -> Verdict:
        if blank_id != "graph":
            return super().check(blank_id, text, entries, *args)
        reading = read_entry(text, self.blank("graph").format)
        if isinstance(reading, Verdict):
            return reading
        decomposition = reading.value
        if decomposition.right:
            return Verdict("correct", "it computes the function", read_as=reading.shown)
        message = "; ".join(decomposition.output_problems)
        return Verdict("incorrect", message, mistake="graph-off", read_as=reading.shown)

    def with_graph(self, text: str) -> Worksheet:
        """The sheet on the student's own nodes, or this one while their graph is not right."""
        reading = read_entry(text, self.blank("graph").format)
        if isinstance(reading, Verdict) or not reading.value.right or self.build_on is None:
            return self
        if reading.value.lines == self.on_lines:
            return self
        return self.build_on(reading.value.lines)


#: The own-graph mode of an exercise keeps its progress under its ref with this mark, apart
#: from the book mode's (`autodiff/warmup-reverse@own-graph`); the numbers drawn are the same.
OWN_GRAPH_MARK = "@own-graph"


def split_own_graph(ref: str) -> tuple[str, bool]:
    """The exercise's own ref, and whether `ref` names its own-graph mode."""
    if ref.endswith(OWN_GRAPH_MARK):
        return ref[: -len(OWN_GRAPH_MARK)], True
    return ref, False


def with_own_graph(exercise: Exercise) -> Exercise:
    """The same exercise in the mode where the student writes the graph (its trace dropped),
    under the ref of that mode: its sheets record progress apart from the book mode's."""
    fields = {k: v for k, v in exercise.fields.items() if k != "trace"}
    base, _ = split_own_graph(exercise.ref)
    return dataclasses.replace(
        exercise, ref=base + OWN_GRAPH_MARK, fields={**fields, "graph": "student"}
    )


def sheet_for(worksheet: Worksheet, entries: Mapping[str, str]) -> Worksheet:
    """The worksheet the entries are graded on: on the student's own graph when they wrote one."""
    if isinstance(worksheet, StudentGraphSheet) and entries.get("graph", "").strip():
        return worksheet.with_graph(entries["graph"])
    return worksheet


def key_lines(graph: Graph) -> tuple[str, ...]:
    """The book's graph as lines a student could type: inputs by name, outputs by theirs."""
    names = {node: variable for variable, node in graph.variables.items()}
    for output, node in graph.outputs.items():
        names[node] = output
    for step in graph.steps:
        names.setdefault(step.name, step.name.replace("-", "m"))
    lines = []
    for step in graph.steps:
        shown = {id(n): names.get(n.name, n.name) for n in _inputs(step)}
        lines.append(f"{names[step.name]} = {to_text(step.expr, shown)}")
    return tuple(lines)


def _inputs(step: Step) -> list[Expr]:
    return [n for n in postorder(step.expr) if n.op == "input"]


def student_mode(build: BuildFunction) -> BuildFunction:
    """The kind's builder, with `graph = "student"` handled first."""

    def build_either(instance: Instance) -> Worksheet:
        mode = instance.fields.get("graph")
        if mode is None:
            return build(instance)
        if mode != "student":
            raise SpecError("graph", f'graph = "student" is the only mode, not {mode!r}')
        if "trace" in instance.fields:
            raise SpecError("graph", "a student graph replaces the trace: leave out 'trace'")
        return _student_sheet(instance, build)

    return build_either


def _student_sheet(instance: Instance, build: BuildFunction) -> Worksheet:
    fields = {k: v for k, v in instance.fields.items() if k != "graph"}
    plain = dataclasses.replace(instance, fields=fields)
    key_sheet = build(plain)
    spec = read_graph_spec(plain)
    lines = key_lines(spec.graph)
    answer_format = DecompositionFormat(
        spec.variables,
        tuple(spec.functions.items()),
        tuple(spec.point.items()),
        f"{instance.ref}#{instance.seed}",
    )
    graph_blank = Blank(
        id="graph",
        label="your graph",
        expected=Decomposition(lines),
        format=answer_format,
        hints=(
            "Break the function into steps: each node applies one operation (exp, sin, σ, a "
            "product, a sum) to inputs or earlier nodes. Name the nodes as you like; name the "
            f"outputs {', '.join(spec.functions)}.",
            "Start from the inputs and work outwards: c = exp(w1), then nodes that use c.",
        ),
        section="Your graph",
    )

    def build_on(student_lines: tuple[str, ...]) -> Worksheet:
        try:
            sheet = build(
                dataclasses.replace(plain, fields={**fields, "trace": list(student_lines)})
            )
        except (SpecError, Degenerate, MathError):
            return whole
        return _sheet(sheet, graph_blank, build_on, student_lines)

    try:  # the key on the book's graph written as lines, as a student would write it
        keyed = build(dataclasses.replace(plain, fields={**fields, "trace": list(lines)}))
    except (SpecError, Degenerate, MathError):
        keyed = key_sheet
    whole = _sheet(keyed, graph_blank, build_on, ())
    return whole


def _sheet(
    sheet: Worksheet,
    graph_blank: Blank,
    build_on: Callable[[tuple[str, ...]], Worksheet],
    on_lines: tuple[str, ...],
) -> StudentGraphSheet:
    values = {
        f.name: getattr(sheet, f.name)
        for f in dataclasses.fields(Worksheet)
        if f.init and not f.name.startswith("_")
    }
    if on_lines:
        values["blanks"] = (graph_blank, *sheet.blanks)
    else:  # the book's blanks are the key's, not the student's: kept for checking only
        values["blanks"] = (graph_blank,)
        values["hidden"] = (*sheet.hidden, *sheet.blanks)
    values["prompt"] = (
        "Write the computation graph first, one node per line (`c = exp(w1)`; on one line, "
        "separate the nodes with `;`), with your own node names. Once it computes the "
        "function, the blanks come on your nodes.\n\n" + sheet.prompt
    )
    return StudentGraphSheet(**values, build_on=build_on, on_lines=on_lines)
