"""Provides the computation graph of an exercise: named steps built from functions or trace lines.

Without trace lines, nodes follow Baydin et al. (JMLR 2018): inputs v-1, v0 (v_{1-n} ... v_0),
intermediates v1, v2, ... in order of depth, then left to right. With trace lines, each line is
one step named by its left side; its right side may hold several operations.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from engine.derivatives import derivative
from engine.errors import MathError, ParseError
from engine.expr import Builder, Expr, evaluate, parse, postorder
from engine.names import CONSTANTS, is_free_name
from engine.ops import FUNCTION_NAMES
from engine.printing import to_text


def brief(text: str, limit: int = 60) -> str:
    """Text short enough to quote in a message: a hostile 10,000-character line is cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class GraphError(MathError):
    """A function or trace that cannot make a graph; `line` is the 0-based trace line, if any."""

    def __init__(self, message: str, field: str = "function", line: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.line = line


@dataclass(frozen=True)
class Step:
    """One named node: its expression over earlier names (inputs and steps) and constants."""

    name: str
    expr: Expr
    refs: tuple[str, ...]
    _rules: dict[str, Expr] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def op(self) -> str:
        """The op of the step, or "expr" when its right side holds several operations."""
        operations = [n for n in postorder(self.expr) if n.op not in ("input", "const")]
        if len(operations) == 1 and all(a.op in ("input", "const") for a in self.expr.args):
            return self.expr.op
        return "expr"

    @cached_property
    def text(self) -> str:
        names = {id(n): display_name(n.name) for n in postorder(self.expr) if n.op == "input"}
        return to_text(self.expr, names)

    @property
    def label(self) -> str:
        return f"{display_name(self.name)} = {self.text}"

    def local_rule(self, ref: str) -> Expr:
        """∂step/∂ref as an expression over the step's references (for hints)."""
        if ref not in self._rules:
            self._rules[ref] = derivative(self.expr, ref)
        return self._rules[ref]


@dataclass(frozen=True)
class Graph:
    """Inputs, steps in evaluation order, and which node each output is."""

    inputs: tuple[str, ...]  # node names of the inputs, in declared order
    variables: Mapping[str, str]  # declared variable name -> input node name
    steps: tuple[Step, ...]
    outputs: Mapping[str, str]  # output name (f, f1) -> node name
    constants: tuple[tuple[str, float], ...] = ()  # (label, value) used by the steps

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)

    def consumers(self, name: str) -> tuple[Step, ...]:
        """The steps that use the node `name`, in evaluation order."""
        return tuple(s for s in self.steps if name in s.refs)

    def node_names(self) -> tuple[str, ...]:
        return (*self.inputs, *(s.name for s in self.steps))

    def variable_of(self, node: str) -> str | None:
        for variable, input_node in self.variables.items():
            if input_node == node:
                return variable
        return None


def parse_functions(
    functions: Mapping[str, str], variables: Sequence[str], builder: Builder
) -> dict[str, Expr]:
    """Parse each output's function text; errors name the output."""
    parsed: dict[str, Expr] = {}
    for output, text in functions.items():
        try:
            parsed[output] = parse(text, variables, builder)
        except ParseError as error:
            raise GraphError(f"{output} = {brief(text)!r}: {error}", "functions") from None
        if parsed[output].is_constant():
            raise GraphError(f"{output} does not depend on any input", "functions")
    return parsed


def graph_from_functions(functions: Mapping[str, str], variables: Sequence[str]) -> Graph:
    """Baydin's convention: every operation on an input is a step, numbered by depth."""
    builder = Builder()
    roots = parse_functions(functions, variables, builder)
    n = len(variables)
    names: dict[int, str] = {}
    for i, variable in enumerate(variables):
        names[id(builder.input(variable))] = f"v{i + 1 - n}"
    levels: dict[int, int] = {}
    order: list[Expr] = []
    for root in roots.values():
        fresh = []
        for index, node in enumerate(postorder(root)):
            if node.op in ("input", "const") or node.is_constant() or id(node) in levels:
                continue
            levels[id(node)] = 1 + max((levels.get(id(a), 0) for a in node.args), default=0)
            fresh.append((levels[id(node)], index, node))
        order.extend(node for _, _, node in sorted(fresh, key=lambda t: (t[0], t[1])))
    for number, node in enumerate(order, start=1):
        names[id(node)] = f"v{number}"
    step_builder = Builder()
    constants: dict[str, float] = {}
    steps = []
    for node in order:
        args = []
        for arg in node.args:
            if id(arg) in names:
                args.append(step_builder.input(names[id(arg)]))
            else:
                args.append(arg)
                constants[to_text(arg)] = _const_value(arg)
        expr = step_builder.node(node.op, *args)
        steps.append(Step(names[id(node)], expr, expr.variables()))
    outputs = {output: names[id(root)] for output, root in roots.items()}
    inputs = tuple(names[id(builder.input(v))] for v in variables)
    return Graph(
        inputs,
        dict(zip(variables, inputs, strict=True)),
        tuple(steps),
        outputs,
        tuple(constants.items()),
    )


def _const_value(expr: Expr) -> float:
    return evaluate(expr)


_SUBSCRIPTS = str.maketrans("-0123456789", "₋₀₁₂₃₄₅₆₇₈₉")


def display_name(name: str) -> str:
    """Baydin's negative indices as subscripts (v₋₁), so `v-1·v0` never reads as arithmetic."""
    match = re.fullmatch(r"v(-\d+)", name)
    return "v" + match.group(1).translate(_SUBSCRIPTS) if match else name


def graph_from_trace(
    lines: Sequence[str], variables: Sequence[str], outputs: Sequence[str] | None
) -> Graph:
    """One step per trace line; outputs are the lines named after them (default: the last line)."""
    known = list(variables)
    steps: list[Step] = []
    builder = Builder()
    for index, line in enumerate(lines):
        name, _, right = line.partition("=")
        name = name.strip()
        if not right.strip():
            raise GraphError(
                f"line {index + 1} {brief(line)!r}: write it as 'name = expression'", "trace", index
            )
        _check_name(name, known, index, line)
        try:
            expr = parse(right, known, builder)
        except ParseError as error:
            raise GraphError(f"line {index + 1} {brief(line)!r}: {error}", "trace", index) from None
        if expr.is_constant():
            raise GraphError(
                f"line {index + 1} {brief(line)!r} uses no input or earlier line", "trace", index
            )
        steps.append(Step(name, expr, expr.variables()))
        known.append(name)
    if not steps:
        raise GraphError("the trace has no lines", "trace")
    wanted = list(outputs) if outputs else [steps[-1].name]
    step_names = {s.name for s in steps}
    for output in wanted:
        if output not in step_names:
            raise GraphError(
                f"no trace line defines the output {output!r}; add a line '{output} = ...'", "trace"
            )
    return Graph(tuple(variables), {v: v for v in variables}, tuple(steps), {o: o for o in wanted})


#: The one constant a node may be named after: students label nodes a, b, c, d, e, ... From its
#: line on, `e` is that node (the parser takes a known name before a constant); e^x before it,
#: or with no such node, is still Euler's number.
NODE_E = "e"


def _check_name(name: str, known: list[str], index: int, line: str) -> None:
    where = f"line {index + 1} {brief(line)!r}"
    if name in known:
        raise GraphError(f"{where}: {name!r} is already defined", "trace", index)
    if name == NODE_E:
        return
    if name in FUNCTION_NAMES or name in CONSTANTS:
        raise GraphError(f"{where}: {name!r} is a function or constant name", "trace", index)
    if not is_free_name(name):
        raise GraphError(f"{where}: {name!r} is not a name (letters, digits, _)", "trace", index)
