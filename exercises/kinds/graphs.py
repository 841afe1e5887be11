"""Provides what the autodiff kinds share: the graph fields, value blanks, result and visual."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.answers import number_format, show_number
from engine.checking import Mistake
from engine.errors import EvaluationError, MathError
from engine.expr import Builder, Expr, evaluate, evaluate_all, parse, postorder
from engine.graph import Graph, GraphError, Step, display_name
from engine.mistakes import WRONG_VALUE_RULES, evaluate_with
from engine.names import is_free_name
from engine.printing import to_text
from engine.trace import Evaluation, build_graph, evaluate_graph, kinks
from exercises.kinds.asked import ASK_FIELD
from exercises.kinds.fields import read_point
from exercises.model import Blank, Degenerate, Field, Instance, SpecError

GRAPH_FIELDS: dict[str, Field] = {
    "function": Field((str,), "the function, one output named f"),
    "functions": Field((dict,), 'several outputs: { f1 = "...", f2 = "..." }'),
    "at": Field((dict,), "the point: { x = 1, y = 2 } (declares the inputs, in order)", True),
    "trace": Field((list,), 'named steps: ["a = x + y", "f = a*b"]'),
    "ask": ASK_FIELD,
    "graph": Field(
        (str,), '"student": the student writes the graph first, one node per line, own names'
    ),
}


@dataclass(frozen=True)
class GraphVisual:
    """What the app draws beside an autodiff worksheet: the graph and which sweep is asked."""

    graph: Graph
    mode: str  # "forward", "reverse" or "values"
    values: Mapping[str, float]
    seeds: tuple[str, ...] = ()  # forward: the seeded variables
    outputs: tuple[str, ...] = ()  # reverse: the back-propagated outputs


@dataclass(frozen=True)
class GraphSpec:
    """The graph fields of an exercise, read and checked."""

    functions: dict[str, str]
    variables: tuple[str, ...]
    point: dict[str, float]
    graph: Graph
    evaluation: Evaluation


def read_graph_spec(instance: Instance) -> GraphSpec:
    """Read `function(s)`, `at` and `trace`; draws that hit a kink or overflow are Degenerate."""
    fields = instance.fields
    if "function" in fields and "functions" in fields:
        raise SpecError("functions", "give either 'function' or 'functions', not both")
    functions: dict[str, str]
    if "functions" in fields:
        functions = {str(k): _text(v, f"functions.{k}") for k, v in fields["functions"].items()}
        for name in functions:
            if not is_free_name(name):
                raise SpecError(
                    f"functions.{name}",
                    f"{name!r} cannot name an output (use letters, digits and _, like f1)",
                    standalone=True,
                )
        if not functions:
            raise SpecError("functions", 'no function given: functions = { f1 = "..." }')
    elif "function" in fields:
        functions = {"f": _text(fields["function"], "function")}
    else:
        functions = {}
    trace = fields.get("trace")
    if not functions and not trace:
        raise SpecError("function", "give 'function' (or 'functions', or a 'trace')")
    point = read_point(fields.get("at"), "at", "input", "{ x = 1, y = 2 }")
    variables = tuple(point)
    if trace is not None:
        trace = [_text(line, f"trace[{i}]") for i, line in enumerate(trace)]
    try:
        graph = build_graph(functions, variables, point, trace)
    except GraphError as error:
        field = error.field if error.line is None else f"trace[{error.line}]"
        if field == "functions" and "function" in fields:
            field = "function"
        raise SpecError(field, str(error)) from None
    except EvaluationError as error:
        raise Degenerate(str(error)) from None
    try:
        evaluation = evaluate_graph(graph, point)
    except EvaluationError as error:
        raise Degenerate(f"at {_show_point(point)}: {error}") from None
    if bad := kinks(graph, evaluation):
        raise Degenerate(f"{bad[0]} is evaluated exactly at a point with no derivative")
    for name, value in evaluation.values.items():
        if not math.isfinite(value) or abs(value) > 1e150:
            raise Degenerate(f"{display_name(name)} overflows at {_show_point(point)}")
    if not trace:
        functions = functions or {o: o for o in graph.outputs}
    return GraphSpec(functions, variables, point, graph, evaluation)


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise SpecError(field, f"expected text in quotes, got {value!r}", standalone=True)
    return value


def _show_point(point: Mapping[str, float]) -> str:
    return ", ".join(f"{k} = {show_number(v)}" for k, v in point.items())


def show_point(point: Mapping[str, float]) -> str:
    return _show_point(point)


def show_expr(expr: Expr, rename: Mapping[str, str] | None = None) -> str:
    """Print an expression over node names, with display names (v₋₁) or substituted text."""
    names = {}
    for node in postorder(expr):
        if node.op == "input":
            names[id(node)] = (rename or {}).get(node.name, display_name(node.name))
    return to_text(expr, names)


def number_text(value: float) -> str:
    text = show_number(value)
    return f"({text})" if value < 0 else text


def with_numbers(expr: Expr, values: Mapping[str, float]) -> str:
    """The expression with every node name replaced by its value (hint rung 3)."""
    return show_expr(expr, {name: number_text(v) for name, v in values.items()})


def with_arguments_worked(expr: Expr, values: Mapping[str, float]) -> str | None:
    """The expression's last operation with each of its arguments worked out (`4·2^3` is
    `4·8`), the line a person writes between the numbers put in and the result; None when
    the arguments are numbers already, or cannot be worked out."""
    if all(a.op in ("const", "input") for a in expr.args):
        return None
    try:
        found = evaluate_all(expr.args, values)
    except (MathError, ArithmeticError):
        return None
    builder = Builder()
    names = [f"_{i}" for i in range(len(expr.args))]
    last = builder.node(expr.op, *map(builder.input, names))
    return show_expr(last, {n: number_text(found[id(a)]) for n, a in zip(names, expr.args,
                                                                        strict=True)})  # fmt: skip


def value_blanks(spec: GraphSpec, tolerance: Any) -> list[Blank]:
    """One blank per step: its value from the values of the steps it references."""
    graph, values = spec.graph, spec.evaluation.values
    blanks = []
    for step in graph.steps:
        deps = tuple(f"value:{r}" for r in step.refs if r not in graph.inputs)
        blanks.append(
            Blank(
                id=f"value:{step.name}",
                label=step.label,
                expected=values[step.name],
                format=number_format(values[step.name], tolerance),
                depends_on=deps,
                recompute=_value_recompute(step, values),
                mistakes=_value_mistakes(step, values),
                hints=(
                    "Evaluate this node from the values of its arguments, the earlier rows "
                    "of the trace (inputs are given).",
                    step.label,
                    f"{display_name(step.name)} = {with_numbers(step.expr, values)}",
                ),
                section="Values",
                node=step.name,
            )
        )
    return blanks


def env_from(deps: Mapping[str, Any], values: Mapping[str, float], prefix: str) -> dict[str, float]:
    """Node values with the student's own entries (`prefix:node` ids) where the deps hold them."""
    env = dict(values)
    for blank_id, value in deps.items():
        if blank_id.startswith(prefix):
            env[blank_id[len(prefix) :]] = float(value)
    return env


def _value_recompute(step: Step, values: Mapping[str, float]) -> Any:
    def recompute(deps: Mapping[str, Any]) -> float:
        return evaluate_with(step.expr, env_from(deps, values, "value:"))

    return recompute


def _value_mistakes(step: Step, values: Mapping[str, float]) -> tuple[Mistake, ...]:
    mistakes = []
    for rule in WRONG_VALUE_RULES:
        if rule.applies_to(step.expr):
            mistakes.append(Mistake(rule.id, rule.message, _wrong_value(step, values, rule)))
    return tuple(mistakes)


def _wrong_value(step: Step, values: Mapping[str, float], rule: Any) -> Any:
    def compute(deps: Mapping[str, Any]) -> float:
        return evaluate_with(step.expr, env_from(deps, values, "value:"), rule)

    return compute


def trace_result(spec: GraphSpec) -> dict[str, Any]:
    """The `result` fields every autodiff kind shares (EXERCISES.md)."""
    graph, values = spec.graph, spec.evaluation.values
    entries: list[dict[str, Any]] = []
    for variable, node in graph.variables.items():
        entries.append(
            {"name": node, "op": "input", "args": [], "value": values[node], "variable": variable}
        )
    constants = dict(graph.constants)
    for step in graph.steps:  # a trace line's constants (`b = y + 1`) are entries too
        if step.op != "expr":
            for arg in step.expr.args:
                if arg.op != "input":
                    constants.setdefault(to_text(arg), evaluate(arg))
    for label, value in constants.items():
        entries.append({"name": label, "op": "const", "args": [], "value": value})
    for step in graph.steps:
        op = step.op
        args = [_arg_name(a) for a in step.expr.args] if op != "expr" else list(step.refs)
        entries.append(
            {
                "name": step.name,
                "op": op,
                "args": args,
                "value": values[step.name],
                "expr": step.text,
            }
        )
    return {
        "inputs": dict(spec.point),
        "outputs": {o: values[n] for o, n in graph.outputs.items()},
        "trace": entries,
    }


def _arg_name(arg: Expr) -> str:
    return arg.name if arg.op == "input" else to_text(arg)


def shown_function(text: str, variables: Sequence[str]) -> str:
    """A function as the engine prints it (`(x + y)·(y + 1)`), or as written if it cannot."""
    try:
        return to_text(parse(text, variables))
    except MathError:
        return text


def default_prompt(spec: GraphSpec, task: str, name_nodes: bool = True) -> str:
    lines = [
        f"{name}({', '.join(spec.variables)}) = {shown_function(text, spec.variables)}"
        for name, text in spec.functions.items()
    ]
    named = (
        ""
        if not name_nodes or all(n == o for o, n in spec.graph.outputs.items())
        else (
            " Nodes are named as in Baydin et al.: inputs "
            + ", ".join(f"{display_name(n)} = {v}" for v, n in spec.graph.variables.items())
            + "; intermediates v1, v2, ..."
        )
    )
    return (
        "  \n".join(f"`{line}`" for line in lines)  # a hard break: one function a line
        + f"\n\nat {_show_point(spec.point)}.{named}\n\n{task}"
    )
