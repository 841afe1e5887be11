"""Provides the check of a student's own computation graph: one node per line, then the outputs.

Each line `name = expression` must parse, use only the inputs and earlier nodes, and hold one
operation (a constant factor or offset rides along: `e = exp(2*w2)` is one node); a line with
more says which part to split off. The declared outputs must be lines of their own name, and
each output's formula, expanded, must equal its function at random points (as `derivative`
compares formulas); when one is off, the message names the first node whose values match no
part of the function.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.answers import Reading
from engine.closed_forms import substitute
from engine.equivalence import equivalent
from engine.errors import MathError, ParseError
from engine.expr import Builder, Expr, parse, postorder
from engine.graph import NODE_E, GraphError, brief, graph_from_trace
from engine.names import CONSTANTS, is_free_name
from engine.ops import FUNCTION_NAMES
from engine.printing import to_text
from engine.trace import check_trace_matches

MAX_LINES = 60
_UNKNOWN = re.compile(r"unknown name '([^']+)'")


@dataclass(frozen=True)
class Decomposition:
    """A student's graph as read: its lines, the problems of each line, and of the outputs."""

    lines: tuple[str, ...]
    line_problems: tuple[str, ...] = ()
    output_problems: tuple[str, ...] = ()

    @property
    def readable(self) -> bool:
        return bool(self.lines) and not self.line_problems

    @property
    def right(self) -> bool:
        return self.readable and not self.output_problems

    def text(self) -> str:
        return "; ".join(self.lines)


def split_lines(text: str) -> tuple[str, ...]:
    """One node per line; `;` also separates nodes (for a one-line entry). Baydin's names with
    a negative index (`v-1 = x1`, as the survey numbers its inputs) become `vm1` throughout,
    as the book's graph writes them, wherever a line defines one."""
    text = _bare_calls(text.translate(_SUBSCRIPTS))
    lines = tuple(part.strip() for part in re.split(r"[\n;]", text) if part.strip())
    defined = {m.group(1) for line in lines if (m := _NEGATIVE_NAME.match(line))}
    if not defined:
        return lines
    pattern = re.compile(r"(?<![\w.])v-(" + "|".join(sorted(defined)) + r")(?![\w.])")
    return tuple(pattern.sub(r"vm\1", line) for line in lines)


_NEGATIVE_NAME = re.compile(r"\s*v-(\d+)\s*=")
#: Subscripts as the survey typesets its names (v₋₁, v₀, x₁): plain digits, as typed.
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉₋", "0123456789-")
_BARE_CALL = re.compile(
    r"(?<![\w.])("
    + "|".join(sorted(map(re.escape, FUNCTION_NAMES), key=len, reverse=True))
    + r")[ \t]+([A-Za-z_]\w*(?:-\d+)?)(?![\w(])"
)


def _bare_calls(text: str) -> str:
    """`ln x1`, `sin v0` as written by hand: the function applied to the one name after it."""
    return _BARE_CALL.sub(r"\1(\2)", text)


def _affine(node: Expr) -> bool:
    """A constant factor, divisor, offset or sign: not counted as an operation of its own."""
    if node.op == "neg":
        return True
    if node.op in ("add", "sub", "mul", "div"):
        return any(a.is_constant() for a in node.args)
    return False


def _operations(expr: Expr) -> list[Expr]:
    return [n for n in postorder(expr) if n.op not in ("input", "const") and not n.is_constant()]


def _split_off(expr: Expr) -> str:
    """The first inner operation of a line with several: what to give a node of its own."""
    counted = [n for n in _operations(expr) if not _affine(n)]
    inner = [n for n in counted if n is not expr]
    part = inner[0] if inner else counted[0]
    return to_text(part)


def _line_problem(
    index: int, line: str, known: list[str], later: Sequence[str], builder: Builder
) -> tuple[str, Expr | None]:
    where = f"line {index + 1} {brief(line)!r}"
    name, equals, right = line.partition("=")
    name = name.strip()
    if not equals or not right.strip() or not name:
        return f"{where}: write it as 'name = expression'", None
    if name in known:
        return f"{where}: {name!r} is already an input or an earlier node; pick a new name", None
    if name in CONSTANTS and name != NODE_E:
        return f"{where}: {name!r} is a constant ({', '.join(CONSTANTS)}); pick another name", None
    if name != NODE_E and (name in FUNCTION_NAMES or not is_free_name(name)):
        return f"{where}: {name!r} cannot name a node (letters, digits and _; not a function)", None
    try:
        expr = parse(right, known, builder)
    except ParseError as error:
        missing = _UNKNOWN.search(str(error))
        if missing and missing.group(1) in later:
            return (
                f"{where}: {missing.group(1)!r} is defined on a later line; "
                "move this line after it",
                None,
            )
        if missing:
            return (
                f"{where}: {missing.group(1)!r} is not an input or an earlier node "
                f"(inputs and nodes so far: {', '.join(known)})",
                None,
            )
        return f"{where}: {error}", None
    operations = _operations(expr)
    if not expr.variables():
        return f"{where}: it uses no input or earlier node", None
    counted = [n for n in operations if not _affine(n)]
    if len(counted) > 1:
        return (
            f"{where} holds {len(counted)} operations; one per node: give "
            f"{_split_off(expr)} a node of its own",
            None,
        )
    return "", expr


def check_decomposition(
    lines: Sequence[str],
    variables: Sequence[str],
    functions: Mapping[str, str],
    point: Mapping[str, float],
    context: str = "",
) -> Decomposition:
    """Every problem of the lines, then of the outputs (only once every line reads)."""
    lines = tuple(lines)
    if not lines:
        return Decomposition(lines, ("write the graph, one node per line: c = exp(w1)",))
    if len(lines) > MAX_LINES:
        return Decomposition(lines, (f"at most {MAX_LINES} nodes",))
    known = list(variables)
    names_later = [line.partition("=")[0].strip() for line in lines]
    builder = Builder()
    problems: list[str] = []
    exprs: dict[str, Expr] = {}
    for index, line in enumerate(lines):
        problem, expr = _line_problem(index, line, known, names_later[index + 1 :], builder)
        name = line.partition("=")[0].strip()
        if problem:
            problems.append(problem)
            if (is_free_name(name) or name == NODE_E) and name not in known:
                known.append(name)  # later lines may use it: report each line's own problem
            continue
        assert expr is not None
        exprs[name] = substitute(expr, exprs, builder)
        known.append(name)
    if problems:
        return Decomposition(lines, tuple(problems))
    lines = _output_alias(lines, exprs, variables, functions, context)
    return Decomposition(
        lines, (), _output_problems(lines, exprs, variables, functions, point, context)
    )


def _output_alias(
    lines: tuple[str, ...],
    exprs: dict[str, Expr],
    variables: Sequence[str],
    functions: Mapping[str, str],
    context: str,
) -> tuple[str, ...]:
    """The lines with `f = v5` added where one function's graph ends in a node of another name
    that computes it (Baydin's v5, or y = v5): the last node is the output, as on paper."""
    if len(functions) != 1:
        return lines
    ((output, text),) = functions.items()
    last = lines[-1].partition("=")[0].strip()
    if output in exprs or last not in exprs:
        return lines
    if not equivalent(exprs[last], parse(text, variables), variables, f"{context}#{output}"):
        return lines
    exprs[output] = exprs[last]
    return (*lines, f"{output} = {last}")


def _output_problems(
    lines: tuple[str, ...],
    expanded: Mapping[str, Expr],
    variables: Sequence[str],
    functions: Mapping[str, str],
    point: Mapping[str, float],
    context: str,
) -> tuple[str, ...]:
    problems: list[str] = []
    wrong: list[str] = []
    for output, text in functions.items():
        if output not in expanded:
            problems.append(f"no line computes {output}: name the node that does {output}")
            continue
        function = parse(text, variables)
        if not equivalent(expanded[output], function, variables, f"{context}#{output}"):
            wrong.append(output)
    if wrong and not problems:
        problems.extend(_where_off(lines, variables, functions, point, wrong))
    return tuple(problems)


def _where_off(
    lines: tuple[str, ...],
    variables: Sequence[str],
    functions: Mapping[str, str],
    point: Mapping[str, float],
    wrong: Sequence[str],
) -> list[str]:
    outputs = ", ".join(wrong)
    verb = "is" if len(wrong) == 1 else "are"
    generic = [f"{outputs} {verb} not the function: check each node against it"]
    try:
        graph = graph_from_trace(lines, variables, list(functions))
        parsed = {o: parse(t, variables) for o, t in functions.items()}
    except MathError:
        return generic
    try:
        check_trace_matches(graph, parsed, point)
    except GraphError as error:
        if error.line is not None:
            step = graph.steps[error.line]
            return [
                f"{outputs} {verb} not the function: from line {error.line + 1} "
                f"'{step.name} = {step.text}' on, the graph computes something that is no "
                "part of it"
            ]
    except MathError:
        pass
    return generic


@dataclass(frozen=True)
class DecompositionFormat:
    """A graph the student writes, one node per line; right when it computes every output."""

    variables: tuple[str, ...]
    functions: tuple[tuple[str, str], ...]
    point: tuple[tuple[str, float], ...]
    context: str = ""

    def read(self, text: str) -> Reading:
        decomposition = check_decomposition(
            split_lines(text), self.variables, dict(self.functions), dict(self.point), self.context
        )
        if decomposition.line_problems:
            raise ParseError("; ".join(decomposition.line_problems))
        count = len(decomposition.lines)
        return Reading(decomposition, f"{count} node{'s' if count != 1 else ''}")

    def agrees(self, entry: Any, expected: Any) -> bool:
        return isinstance(entry, Decomposition) and entry.right

    def describe(self) -> str:
        return (
            "any graph that computes the function: one operation per node, each using only "
            "the inputs and earlier nodes, outputs named as declared"
        )

    def show(self, value: Any) -> str:
        if isinstance(value, Decomposition):
            return value.text()
        return "; ".join(value) if isinstance(value, (tuple, list)) else str(value)

    def to_json(self, value: Any) -> Any:
        lines = value.lines if isinstance(value, Decomposition) else value
        return list(lines)
