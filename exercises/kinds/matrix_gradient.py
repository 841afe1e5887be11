"""Provides the `matrix-gradient` kind: the gradient of a scalar in matrix syntax, and its shape.

Entries are matrix expressions (`(A + Aᵀ)x + z`), compared with the key at random matrices
by engine.matrix_answers, in denominator layout: the gradient has the shape of the
variable. The key's expression comes from the pack and is verified at build time
against the complex-step gradient of the function, so a wrong key cannot ship.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.answers import ShapeFormat
from engine.checking import Mistake, constant
from engine.errors import MathError
from engine.matrix_answers import (
    MATRIX_TOLERANCE,
    MatrixAnswer,
    MatrixFormat,
    WrongShape,
    gradient_answer,
    same_shape,
)
from engine.matrix_expr import MatrixExpr, Shape, as_shape, parse_matrix, shape_text, to_text
from exercises.kinds import register
from exercises.kinds.scalar_wrt import build_scalar
from exercises.model import Blank, Field, Instance, Kind, SpecError, Worksheet


@dataclass(frozen=True)
class MatrixGradientVisual:
    """What the app shows beside the blanks: the function, the variable and every shape."""

    function: str
    wrt: str
    shapes: tuple[tuple[str, Shape], ...]


def _parents(function: MatrixExpr) -> dict[int, MatrixExpr]:
    return {id(arg): node for node in function.walk() for arg in node.args}


def gradient_mistakes(
    function: MatrixExpr, wrt: str, shapes: Mapping[str, Shape], key: MatrixAnswer
) -> list[Mistake]:
    """The catalogue for the gradient blank, most specific first."""
    shape = shapes[wrt]
    found = [
        Mistake(
            "layout",
            f"this is the transpose of the gradient (numerator layout); in "
            f"denominator layout the gradient has the shape of {wrt}, "
            f"{shape_text(shape)}",
            constant(key.transposed()),
        ),
        Mistake(
            "shape-mismatch",
            f"the gradient with respect to {wrt} has the shape of {wrt}, "
            f"{shape_text(shape)}. Work out the shape of each piece before adding or "
            "multiplying",
            constant(WrongShape(shape)),
        ),
    ]
    occurrences = function.occurrences(wrt)
    parents = _parents(function)
    if len(occurrences) > 1:
        for occurrence in occurrences:
            where = parents.get(id(occurrence), occurrence).source
            found.append(
                Mistake(
                    "missing-transpose-term",
                    f"a term is missing: {wrt} appears {len(occurrences)} times in f, and the "
                    "product rule gives one term for each; the term from the "
                    f"{wrt} in `{where}` is missing",
                    constant(gradient_answer(function, wrt, shape, frozenset({id(occurrence)}))),
                )
            )
        found.extend(_one_term_scaled(function, wrt, shape, key, occurrences))
    found.append(Mistake("sign-flip", "the sign is flipped", constant(key.scaled(-1.0))))
    for other, other_shape in shapes.items():
        if other != wrt and other_shape == shape and function.occurrences(other):
            found.append(
                Mistake(
                    "wrong-variable",
                    f"this is the gradient with respect to {other}; differentiate "
                    f"with respect to {wrt}, holding {other} fixed",
                    constant(gradient_answer(function, other, shape)),
                )
            )
    for factor, text in (
        (2.0, "2"),
        (0.5, "1/2"),
        (4.0, "4"),
        (0.25, "1/4"),
        (-2.0, "-2"),
        (-0.5, "-1/2"),
    ):
        found.append(
            Mistake(
                "constant-factor",
                f"right up to a constant factor: this is {text} times the "
                "gradient. Check the ½ in front and the 2 from a square",
                constant(key.scaled(factor)),
            )
        )
    return found


def _one_term_scaled(
    function: MatrixExpr,
    wrt: str,
    shape: Shape,
    key: MatrixAnswer,
    occurrences: tuple[MatrixExpr, ...],
) -> list[Mistake]:
    """The gradient with one occurrence's term halved or doubled (the 2 from a square dropped
    in one term only: g + (λ/2)(w - w_t) for g + λ(w - w_t))."""
    found = []
    for occurrence in occurrences:
        others = gradient_answer(function, wrt, shape, frozenset({id(occurrence)}))
        for factor, text in ((0.5, "half"), (2.0, "twice")):

            def compute(env: Any, factor: float = factor, others: MatrixAnswer = others) -> Any:
                assert key.compute is not None and others.compute is not None
                rest = np.asarray(others.compute(env), dtype=np.float64)
                term = np.asarray(key.compute(env), dtype=np.float64) - rest
                return rest + factor * term

            found.append(
                Mistake(
                    "constant-factor",
                    f"one term is {text} what it should be: check the 2 that the square "
                    f"brings down, and the ½ in front of it, term by term",
                    constant(MatrixAnswer(f"{factor}·term", key.shape, compute)),
                )
            )
    return found


#: The largest size of a declared matrix: the key is checked numerically, at O(n^3) per product.
MAX_SIDE = 16


def _read_shapes(value: Any) -> dict[str, Shape]:
    if not isinstance(value, Mapping) or not value:
        raise SpecError("shapes", "shapes is a table: shapes = { A = [3, 3], x = [3, 1] }")
    shapes: dict[str, Shape] = {}
    for name, declared in value.items():
        if name == "T":
            raise SpecError("shapes.T", "T cannot be a variable: x^T means the transpose of x")
        if not isinstance(declared, list) or not all(isinstance(n, int) for n in declared):
            raise SpecError(
                f"shapes.{name}",
                f"a shape is a list of whole numbers ([3, 1], "
                f"[2, 3], or [] for a scalar), not {declared!r}",
            )
        if any(n > MAX_SIDE for n in declared):
            raise SpecError(
                f"shapes.{name}",
                f"a size of at most {MAX_SIDE} (a gradient worked by hand), not {declared!r}",
            )
        try:
            shapes[name] = as_shape(declared)
        except ValueError as error:
            raise SpecError(f"shapes.{name}", str(error)) from None
    return shapes


def _parse(text: str, shapes: Mapping[str, Shape], field_name: str) -> MatrixExpr:
    try:
        return parse_matrix(text, shapes)
    except MathError as error:
        raise SpecError(field_name, f"cannot read {text!r}: {error}") from None


def _verified_key(
    function: MatrixExpr,
    wrt: str,
    shapes: Mapping[str, Shape],
    text: str,
    answer_format: MatrixFormat,
) -> MatrixAnswer:
    expr = _parse(text, shapes, "gradient")
    if not same_shape(expr.shape, shapes[wrt]):
        raise SpecError(
            "gradient",
            f"{text!r} is {shape_text(expr.shape)}, but the gradient "
            f"has the shape of {wrt}, {shape_text(shapes[wrt])}",
        )
    key = MatrixAnswer.of(expr)
    numeric = gradient_answer(function, wrt, shapes[wrt])
    if not answer_format.agrees(numeric, key):
        draw, env = answer_format.sample(numeric.text, 0)
        difference = np.max(np.abs(numeric.at(draw, env) - key.at(draw, env)))
        raise SpecError(
            "gradient",
            f"{text!r} is not the gradient of {function.source!r} with "
            f"respect to {wrt}: at random matrices it differs from the "
            f"numeric gradient by up to {difference:.3g}",
        )
    return key


def _hints(function: MatrixExpr, wrt: str) -> tuple[str, str, str]:
    ops = {n.op for n in function.walk()}
    rules = ["d(Ax) = A·dx", "d(uᵀv) = duᵀ·v + uᵀ·dv", "a scalar equals its transpose: uᵀdx = dxᵀu"]
    if "sqnorm" in ops:
        rules.insert(0, "d‖v‖² = 2vᵀ·dv")
    if "power" in ops:
        rules.insert(0, "d(s²) = 2s·ds for a scalar s")
    parents = _parents(function)
    places = ", ".join(f"`{parents.get(id(o), o).source}`" for o in function.occurrences(wrt))
    return (
        f"Write the differential df as a scalar linear in d{wrt}, df = tr(Gᵀ·d{wrt}) "
        f"(for a vector, Gᵀ·d{wrt}); the gradient is G (denominator layout).",
        "Rules: " + "; ".join(rules) + ".",
        f"{wrt} appears in {places}: differentiate through each place and add the terms; "
        f"move d{wrt} to the right of each term, transposing where needed.",
    )


def build(instance: Instance) -> Worksheet:
    fields = instance.fields
    shapes = _read_shapes(fields["shapes"])
    wrt = fields["wrt"]
    if wrt not in shapes:
        raise SpecError("wrt", f"{wrt!r} has no shape; declared: {', '.join(shapes)}")
    function = _parse(fields["function"], shapes, "function")
    if not same_shape(function.shape, ()):
        raise SpecError(
            "function",
            f"the function must be a scalar; {function.source!r} is {shape_text(function.shape)}",
        )
    if not shapes[wrt]:  # d/dη of a matrix expression: a 1×1 answer, maybe of order 2
        key_expr = _parse(fields["gradient"], shapes, "gradient")
        return build_scalar(instance, function, wrt, shapes, key_expr)
    if fields.get("order", 1) != 1:
        raise SpecError("order", "order = 2 needs a scalar wrt (a second derivative in η)")
    shape = shapes[wrt]
    answer_format = MatrixFormat(
        tuple(shapes.items()),
        f"{instance.ref}#{instance.seed}",
        instance.tolerance or MATRIX_TOLERANCE,
    )
    key = _verified_key(function, wrt, shapes, fields["gradient"], answer_format)
    shape_blank = Blank(
        id="shape",
        label=f"shape of ∇_{wrt} f",
        expected=shape,
        format=ShapeFormat(),
        mistakes=tuple(
            m
            for m in (
                Mistake(
                    "layout",
                    f"that is the shape of the transpose; in denominator layout the "
                    f"gradient has the shape of {wrt}",
                    constant(shape[::-1]),
                ),
                Mistake(
                    "shape-of-f",
                    "that is the shape of f, a scalar; the gradient has one entry "
                    f"per entry of {wrt}",
                    constant((1, 1)),
                ),
                Mistake(
                    "column-vector",
                    f"write the shape of a column vector as {shape[0]}×1",
                    constant((shape[0],)),
                ),
            )
        ),
        hints=(
            f"The gradient of a scalar with respect to {wrt} holds one partial derivative "
            f"per entry of {wrt}.",
            f"Look at the declared shape of {wrt}.",
            f"{wrt} is {shape_text(shape)}.",
        ),
        section="Shape",
    )
    gradient_blank = Blank(
        id="gradient",
        label=f"∇_{wrt} f",
        expected=key,
        format=answer_format,
        mistakes=tuple(gradient_mistakes(function, wrt, shapes, key)),
        hints=_hints(function, wrt),
        section="Gradient",
    )
    declared = ", ".join(f"{n} ({shape_text(s)})" for n, s in shapes.items())
    prompt = instance.prompt or (
        f"f = {to_text(function)}, with {declared}. Give the shape of the gradient of f with "
        f"respect to {wrt} (denominator layout: the shape of {wrt}), then the gradient as a "
        "matrix expression: transpose `x^T` or `xᵀ`, products `Ax`, `A @ x` or `A*x`, norms "
        "`‖v‖^2`. Any equal expression is accepted."
    )
    return instance.worksheet(
        prompt,
        (shape_blank, gradient_blank),
        {
            "gradient": key.text,
            "shape": list(shape),
            "function": to_text(function),
            "wrt": wrt,
            "shapes": {n: list(s) for n, s in shapes.items()},
        },
        MatrixGradientVisual(to_text(function), wrt, tuple(shapes.items())),
    )


register(
    Kind(
        "matrix-gradient",
        {
            "shapes": Field(
                (dict,), "the shape of every variable: { A = [3, 3], x = [3, 1] }", True
            ),
            "function": Field((str,), "a scalar function in matrix syntax: x^T(Ax + z)", True),
            "wrt": Field((str,), "the variable of the gradient", True),
            "gradient": Field(
                (str,), "the answer as a matrix expression; verified numerically", True
            ),
            "order": Field((int,), "2: the second derivative (a scalar wrt only)"),
        },
        build,
    )
)
