"""Provides the expression DAG: nodes (an op, its arguments in order, a constant's value, an
input's name), shared sub-expressions built once, the walk in evaluation order, and evaluation.

The math syntax that builds these from text is engine.expr.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from engine.errors import EvaluationError
from engine.ops import EVALUATE, evaluate_op


@dataclass(frozen=True, eq=False)
class Expr:
    """One node of the DAG: an op, its arguments in order, a constant's value, an input's name.

    Within one parse, equal sub-expressions are the same object (shared nodes).
    """

    op: str
    args: tuple[Expr, ...] = ()
    value: float = 0.0
    name: str = ""

    def key(self) -> tuple[object, ...]:
        """A structural key: equal for two DAGs that compute the same thing the same way."""
        memo: dict[int, tuple[object, ...]] = {}
        for node in postorder(self):
            memo[id(node)] = (node.op, node.value, node.name, tuple(memo[id(a)] for a in node.args))
        return memo[id(self)]

    def variables(self) -> tuple[str, ...]:
        """Names of the inputs, in order of first appearance."""
        return self._variables

    @cached_property
    def _postorder(self) -> tuple[Expr, ...]:
        """The nodes below this one in evaluation order, computed once (nodes are immutable)."""
        return tuple(_walk((self,)))

    @cached_property
    def _variables(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for node in postorder(self):
            if node.op == "input":
                seen.setdefault(node.name, None)
        return tuple(seen)

    def is_constant(self) -> bool:
        """True when no input appears below this node."""
        return not self.variables()


def postorder(*roots: Expr) -> Iterator[Expr]:
    """Every node below the roots once, arguments before the nodes that use them."""
    if len(roots) == 1:
        return iter(roots[0]._postorder)
    return _walk(roots)


def _walk(roots: tuple[Expr, ...]) -> Iterator[Expr]:
    done: set[int] = set()
    stack: list[tuple[Expr, bool]] = [(r, False) for r in reversed(roots)]
    while stack:
        node, expanded = stack.pop()
        if id(node) in done:
            continue
        if expanded:
            done.add(id(node))
            yield node
            continue
        stack.append((node, True))
        stack.extend((a, False) for a in reversed(node.args) if id(a) not in done)


@dataclass
class Builder:
    """Makes nodes, sharing equal sub-expressions (hash-consing)."""

    _nodes: dict[tuple[object, ...], Expr] = field(default_factory=dict)

    def node(self, op: str, *args: Expr, value: float = 0.0, name: str = "") -> Expr:
        key = (op, tuple(id(a) for a in args), value, name)
        found = self._nodes.get(key)
        if found is None:
            found = self._nodes[key] = Expr(op, tuple(args), value, name)
        return found

    def const(self, value: float, label: str = "") -> Expr:
        return self.node("const", value=value, name=label)

    def input(self, name: str) -> Expr:
        return self.node("input", name=name)


def evaluate(expr: Expr, env: Mapping[str, float] | None = None) -> float:
    """The float64 value of an expression; errors are EvaluationError with a clear message."""
    return evaluate_all((expr,), env or {})[id(expr)]


def evaluate_all(
    roots: tuple[Expr, ...],
    env: Mapping[str, float],
    table: Mapping[str, Callable[..., float]] = EVALUATE,
) -> dict[int, float]:
    """Values of every node below the roots, keyed by node identity (with an op table)."""
    values: dict[int, float] = {}
    for node in postorder(*roots):
        if node.op == "const":
            values[id(node)] = node.value
        elif node.op == "input":
            if node.name not in env:
                raise EvaluationError(f"no value for {node.name!r}")
            values[id(node)] = float(env[node.name])
        else:
            args = tuple(values[id(a)] for a in node.args)
            values[id(node)] = evaluate_op(node.op, args, table)
    return values
