"""Provides closed-form answer formats with abbreviations: scalar formulas and matrix formulas.

A closed form is compared with its key at random points (engine.equivalence for scalars,
engine.matrix_answers for matrices). An exercise may declare abbreviations (`a0 = Xw0 - t`)
that the student may type; they are expanded before the comparison, never evaluated as text.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from engine.answers import Reading
from engine.equivalence import ExpressionFormat, Formula
from engine.expr import Builder, Expr, parse, postorder
from engine.matrix_answers import Env, MatrixAnswer, MatrixFormat, evaluate
from engine.matrix_expr import MatrixExpr, Shape, ShapeError, parse_matrix, shape_text, to_text


def substitute(expr: Expr, lets: Mapping[str, Expr], builder: Builder | None = None) -> Expr:
    """A copy of the DAG with each input named in `lets` replaced by its expression."""
    b = builder or Builder()
    new: dict[int, Expr] = {}
    for node in postorder(expr):
        if node.op == "input":
            new[id(node)] = lets.get(node.name) or b.input(node.name)
        elif node.op == "const":
            new[id(node)] = b.const(node.value, node.name)
        else:
            args = (new[id(a)] for a in node.args)
            new[id(node)] = b.node(node.op, *args, value=node.value, name=node.name)
    return new[id(expr)]


def read_lets(texts: Mapping[str, str], variables: Collection[str]) -> tuple[tuple[str, Expr], ...]:
    """Parse abbreviations in order; each may use the variables and the abbreviations before it.

    Returns each name with its expansion in the variables alone. Raises MathError (or
    KeyError-free ParseError) naming the abbreviation's text.
    """
    expanded: dict[str, Expr] = {}
    builder = Builder()
    for name, text in texts.items():
        typed = parse(text, [*variables, *expanded], builder)
        expanded[name] = substitute(typed, expanded, builder)
    return tuple(expanded.items())


@dataclass(frozen=True)
class ScalarClosedFormat(ExpressionFormat):
    """An expression in the variables and the declared abbreviations, equal to the key."""

    lets: tuple[tuple[str, Expr], ...] = ()

    def read(self, text: str) -> Reading:
        names = [*self.variables, *(name for name, _ in self.lets)]
        typed = parse(text, names)
        expanded = substitute(typed, dict(self.lets)) if self.lets else typed
        formula = Formula(expanded, Formula.of(typed).text)
        return Reading(formula, formula.text)


def read_matrix_lets(
    texts: Mapping[str, str], shapes: Mapping[str, Shape]
) -> tuple[tuple[str, MatrixExpr], ...]:
    """Parse matrix abbreviations in order; each may use the variables and earlier ones."""
    known = dict(shapes)
    lets: list[tuple[str, MatrixExpr]] = []
    for name, text in texts.items():
        expr = parse_matrix(text, known)
        known[name] = expr.shape
        lets.append((name, expr))
    return tuple(lets)


def with_lets(env: Env, lets: tuple[tuple[str, MatrixExpr], ...]) -> dict[str, Any]:
    """The environment extended by the abbreviations' values, in order."""
    full = dict(env)
    for name, expr in lets:
        full[name] = evaluate(expr, full)
    return full


@dataclass(frozen=True)
class MatrixClosedFormat(MatrixFormat):
    """A matrix expression in the variables and the declared abbreviations, equal to the key."""

    lets: tuple[tuple[str, MatrixExpr], ...] = ()

    def read(self, text: str) -> Reading:
        shapes = dict(self.shapes)
        shapes.update({name: expr.shape for name, expr in self.lets})
        try:
            expr = parse_matrix(text, shapes)
        except ShapeError as error:
            return Reading(MatrixAnswer(text.strip(), None), f"{text.strip()} — {error.message}")
        lets = self.lets
        answer = MatrixAnswer(
            to_text(expr), expr.shape, lambda env: evaluate(expr, with_lets(env, lets))
        )
        return Reading(answer, f"{answer.text} ({shape_text(expr.shape)})")
