"""Provides the `matrix-gradient` kind: the gradient of a scalar in matrix syntax, and its shape.

Entries are matrix expressions (`(A + Aᵀ)x + z`), compared with the key by evaluation at
random matrices (numpy, several draws), in denominator layout: the gradient has the shape
of the variable. The key's expression comes from the pack and is verified at build time
against the complex-step gradient of the function, so a wrong key cannot ship.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.answers import Reading, ShapeFormat, Tolerance
from engine.checking import Mistake
from engine.errors import MathError
from engine.matrix_expr import (
    MatrixExpr,
    Shape,
    ShapeError,
    as_shape,
    complex_step_gradient,
    evaluate,
    parse_matrix,
    shape_text,
    to_text,
)
from exercises.kinds import register
from exercises.model import Blank, Field, Instance, Kind, SpecError, Worksheet

MATRIX_TOLERANCE = Tolerance(rel=1e-6, abs=1e-9)
DRAWS = 3
Env = Mapping[str, Any]


def _same_shape(a: Shape, b: Shape) -> bool:
    scalar = ((), (1, 1))
    return a == b or (a in scalar and b in scalar)


@dataclass(frozen=True, eq=False)
class MatrixAnswer:
    """A matrix-valued answer: its text, its shape (None when its shapes do not fit), its values."""

    text: str
    shape: Shape | None
    compute: Callable[[Env], Any] | None = None
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, expr: MatrixExpr) -> MatrixAnswer:
        return cls(to_text(expr), expr.shape, lambda env: evaluate(expr, env))

    def at(self, key: str, env: Env) -> Any:
        if key not in self._cache:
            assert self.compute is not None
            self._cache[key] = np.asarray(self.compute(env), dtype=np.float64)
        return self._cache[key]

    def scaled(self, factor: float) -> MatrixAnswer:
        return MatrixAnswer(f"{factor}·({self.text})", self.shape,
                            lambda env: factor * self._value(env))  # fmt: skip

    def transposed(self) -> MatrixAnswer:
        shape = None if self.shape is None else self.shape[::-1]
        return MatrixAnswer(f"({self.text})ᵀ", shape, lambda env: self._value(env).T)

    def _value(self, env: Env) -> Any:
        assert self.compute is not None
        return np.asarray(self.compute(env), dtype=np.float64)


@dataclass(frozen=True)
class WrongShape:
    """Stands for every entry whose shape is not `shape` (or whose shapes do not fit)."""

    shape: Shape


@dataclass(frozen=True)
class MatrixFormat:
    """A matrix expression in the declared variables, compared at random matrices."""

    shapes: tuple[tuple[str, Shape], ...]
    context: str = ""
    tolerance: Tolerance = MATRIX_TOLERANCE

    def read(self, text: str) -> Reading:
        try:
            expr = parse_matrix(text, dict(self.shapes))
        except ShapeError as error:
            return Reading(MatrixAnswer(text.strip(), None), f"{text.strip()}, which does not "
                                                             f"fit: {error.message}")  # fmt: skip
        answer = MatrixAnswer.of(expr)
        return Reading(answer, f"{answer.text} ({shape_text(expr.shape)})")

    def sample(self, text: str, draw: int) -> tuple[str, dict[str, Any]]:
        """Random matrices for every variable, a pure function of (context, text, draw)."""
        material = f"{self.context}\x1f{text}\x1f{draw}".encode()
        seed = int.from_bytes(hashlib.blake2b(material, digest_size=8).digest(), "big")
        rng = np.random.default_rng(seed)
        env = {name: (rng.standard_normal(shape) if shape else float(rng.standard_normal()))
               for name, shape in self.shapes}  # fmt: skip
        return str(seed), env

    def agrees(self, entry: Any, expected: Any) -> bool:
        if not isinstance(entry, MatrixAnswer):
            return False
        if isinstance(expected, WrongShape):
            return entry.shape is None or not _same_shape(entry.shape, expected.shape)
        if not isinstance(expected, MatrixAnswer) or entry.shape is None or expected.shape is None:
            return False
        if not _same_shape(entry.shape, expected.shape):
            return False
        for draw in range(DRAWS):
            key, env = self.sample(entry.text, draw)
            mine, theirs = entry.at(key, env).reshape(-1), expected.at(key, env).reshape(-1)
            if not np.all(np.isfinite(mine)):
                return False
            scale = 1.0 + float(np.max(np.abs(theirs)))
            allowed = np.maximum(self.tolerance.rel * np.abs(theirs), self.tolerance.abs * scale)
            if np.any(np.abs(mine - theirs) > allowed):
                return False
        return True

    def describe(self) -> str:
        return f"any equal matrix expression (compared at random matrices, {self.tolerance.describe()})"

    def show(self, value: Any) -> str:
        return value.text if isinstance(value, MatrixAnswer) else str(value)

    def to_json(self, value: Any) -> Any:
        return self.show(value)


@dataclass(frozen=True)
class MatrixGradientVisual:
    """What the app shows beside the blanks: the function, the variable and every shape."""

    function: str
    wrt: str
    shapes: tuple[tuple[str, Shape], ...]


def gradient_answer(function: MatrixExpr, wrt: str, shape: Shape,
                    frozen: frozenset[int] = frozenset()) -> MatrixAnswer:  # fmt: skip
    """The numeric gradient (complex step) as an answer value; `frozen` occurrences held fixed."""
    return MatrixAnswer(f"∇{wrt}", shape,
                        lambda env: complex_step_gradient(function, wrt, env, frozen))  # fmt: skip


def _parents(function: MatrixExpr) -> dict[int, MatrixExpr]:
    return {id(arg): node for node in function.walk() for arg in node.args}


def _constant(value: Any) -> Callable[[Mapping[str, Any]], Any]:
    return lambda deps: value


def gradient_mistakes(function: MatrixExpr, wrt: str, shapes: Mapping[str, Shape],
                      key: MatrixAnswer) -> list[Mistake]:  # fmt: skip
    """The catalogue for the gradient blank, most specific first."""
    shape = shapes[wrt]
    found = [
        Mistake("layout", f"this is the transpose of the gradient (numerator layout); in "
                          f"denominator layout the gradient has the shape of {wrt}, "
                          f"{shape_text(shape)}", _constant(key.transposed())),
        Mistake("shape-mismatch", f"the gradient with respect to {wrt} has the shape of "
                                  f"{wrt}, {shape_text(shape)}: work out the shape of each "
                                  "piece before adding or multiplying", _constant(WrongShape(shape))),
    ]  # fmt: skip
    occurrences = function.occurrences(wrt)
    parents = _parents(function)
    if len(occurrences) > 1:
        for occurrence in occurrences:
            where = parents.get(id(occurrence), occurrence).source
            found.append(Mistake(
                "missing-transpose-term",
                f"a term is missing: {wrt} appears {len(occurrences)} times in f, and the product "
                f"rule gives one term for each; the term from the {wrt} in `{where}` is missing",
                _constant(gradient_answer(function, wrt, shape, frozenset({id(occurrence)}))),
            ))  # fmt: skip
    for other, other_shape in shapes.items():
        if other != wrt and other_shape == shape and function.occurrences(other):
            found.append(Mistake(
                "wrong-variable", f"this is the gradient with respect to {other}; differentiate "
                                  f"with respect to {wrt}, holding {other} fixed",
                _constant(gradient_answer(function, other, shape))))  # fmt: skip
    found.append(Mistake("sign-flip", "the sign is flipped", _constant(key.scaled(-1.0))))
    for factor, text in ((2.0, "2"), (0.5, "1/2"), (4.0, "4"), (0.25, "1/4"), (-2.0, "-2"),
                         (-0.5, "-1/2")):  # fmt: skip
        found.append(Mistake(
            "constant-factor", f"right up to a constant factor: this is {text} times the "
                               "gradient. Check the ½ in front and the 2 from a square",
            _constant(key.scaled(factor))))  # fmt: skip
    return found


def _read_shapes(value: Any) -> dict[str, Shape]:
    if not isinstance(value, Mapping) or not value:
        raise SpecError("shapes", "shapes is a table: shapes = { A = [3, 3], x = [3, 1] }")
    shapes: dict[str, Shape] = {}
    for name, declared in value.items():
        if name == "T":
            raise SpecError("shapes.T", "T cannot be a variable: x^T means the transpose of x")
        if not isinstance(declared, list) or not all(isinstance(n, int) for n in declared):
            raise SpecError(f"shapes.{name}", f"a shape is a list of whole numbers ([3, 1], "
                                              f"[2, 3], or [] for a scalar), not {declared!r}")  # fmt: skip
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


def _verified_key(function: MatrixExpr, wrt: str, shapes: Mapping[str, Shape], text: str,
                  answer_format: MatrixFormat) -> MatrixAnswer:  # fmt: skip
    expr = _parse(text, shapes, "gradient")
    if not _same_shape(expr.shape, shapes[wrt]):
        raise SpecError("gradient", f"{text!r} is {shape_text(expr.shape)}, but the gradient "
                                    f"has the shape of {wrt}, {shape_text(shapes[wrt])}")  # fmt: skip
    key = MatrixAnswer.of(expr)
    numeric = gradient_answer(function, wrt, shapes[wrt])
    if not answer_format.agrees(numeric, key):
        _, env = answer_format.sample(numeric.text, 0)
        difference = np.max(np.abs(complex_step_gradient(function, wrt, env)
                                   - np.asarray(evaluate(expr, env))))  # fmt: skip
        raise SpecError("gradient", f"{text!r} is not the gradient of {function.source!r} with "
                                    f"respect to {wrt}: at random matrices it differs from the "
                                    f"numeric gradient by up to {difference:.3g}")  # fmt: skip
    return key


def _hints(function: MatrixExpr, wrt: str, shape: Shape) -> tuple[str, str, str]:
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
        f"(for a vector, Gᵀ·d{wrt}); the gradient is G, with the shape of {wrt} "
        f"({shape_text(shape)}: denominator layout).",
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
    if not shapes[wrt]:
        raise SpecError("wrt", f"{wrt} is a scalar: use the derivative kind for it")
    function = _parse(fields["function"], shapes, "function")
    if not _same_shape(function.shape, ()):
        raise SpecError("function", f"the function must be a scalar; {function.source!r} is "
                                    f"{shape_text(function.shape)}")  # fmt: skip
    shape = shapes[wrt]
    answer_format = MatrixFormat(tuple(shapes.items()), f"{instance.ref}#{instance.seed}",
                                 instance.tolerance or MATRIX_TOLERANCE)  # fmt: skip
    key = _verified_key(function, wrt, shapes, fields["gradient"], answer_format)
    shape_blank = Blank(
        id="shape", label=f"shape of ∇_{wrt} f", expected=shape, format=ShapeFormat(),
        mistakes=tuple(m for m in (
            Mistake("layout", f"that is the shape of the transpose; in denominator layout the "
                              f"gradient has the shape of {wrt}", _constant(shape[::-1])),
            Mistake("shape-of-f", "that is the shape of f, a scalar; the gradient has one entry "
                                  f"per entry of {wrt}", _constant((1, 1))),
            Mistake("column-vector", f"write the shape of a column vector as {shape[0]}×1",
                    _constant((shape[0],))),
        )),  # fmt: skip
        hints=(f"The gradient of a scalar with respect to {wrt} holds one partial derivative "
               f"per entry of {wrt}.", f"Look at the declared shape of {wrt}.",
               f"{wrt} is {shape_text(shape)}."),  # fmt: skip
        section="Shape",
    )
    gradient_blank = Blank(
        id="gradient", label=f"∇_{wrt} f", expected=key, format=answer_format,
        mistakes=tuple(gradient_mistakes(function, wrt, shapes, key)),
        hints=_hints(function, wrt, shape), section="Gradient",
    )  # fmt: skip
    declared = ", ".join(f"{n} ({shape_text(s)})" for n, s in shapes.items())
    prompt = instance.prompt or (
        f"f = {to_text(function)}, with {declared}. Give the shape of the gradient of f with "
        f"respect to {wrt} (denominator layout: the shape of {wrt}), then the gradient as a "
        "matrix expression: transpose `x^T` or `xᵀ`, products `Ax`, `A @ x` or `A*x`, norms "
        "`‖v‖^2`. Any equal expression is accepted."
    )
    return Worksheet(
        ref=instance.ref, kind=instance.kind, seed=instance.seed, title=instance.title,
        prompt=prompt, blanks=(shape_blank, gradient_blank),
        result={"gradient": key.text, "shape": list(shape), "function": to_text(function),
                "wrt": wrt, "shapes": {n: list(s) for n, s in shapes.items()}},
        hints=instance.hints, visual=MatrixGradientVisual(to_text(function), wrt,
                                                          tuple(shapes.items())),
        source=instance.source,
    )  # fmt: skip


register(Kind("matrix-gradient", {
    "shapes": Field((dict,), "the shape of every variable: { A = [3, 3], x = [3, 1] }", True),
    "function": Field((str,), "a scalar function in matrix syntax: x^T(Ax + z)", True),
    "wrt": Field((str,), "the variable of the gradient", True),
    "gradient": Field((str,), "the answer as a matrix expression; verified numerically", True),
}, build))  # fmt: skip
