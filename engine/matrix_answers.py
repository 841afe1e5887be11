"""Provides numbers for matrix expressions: evaluation, gradients, and the matrix answer format.

Entries are compared with the key at random matrices (numpy, several draws, a pure function
of exercise, seed and entry). Gradients are taken by the complex step, exact to rounding,
in denominator layout (the gradient has the shape of the variable).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.answers import Reading, Tolerance
from engine.matrix_expr import (
    MatrixExpr,
    Shape,
    ShapeError,
    parse_matrix,
    scalar_like,
    shape_text,
    to_text,
)
from engine.tokens import greek_spellings

Env = Mapping[str, Any]
MATRIX_TOLERANCE = Tolerance(rel=1e-6, abs=1e-9)
DRAWS = 3  # random draws of every matrix per comparison


def evaluate(expr: MatrixExpr, env: Env, overrides: Mapping[int, Any] | None = None) -> Any:
    """The value (a numpy array, or a number for a scalar); `overrides` replaces given nodes."""
    overrides = overrides or {}
    if id(expr) in overrides:
        return overrides[id(expr)]
    op = expr.op
    if op == "num":
        return expr.value
    if op == "var":
        return env[expr.name]
    args = [evaluate(a, env, overrides) for a in expr.args]
    if op in ("add", "sub"):
        return args[0] + args[1] if op == "add" else args[0] - args[1]
    if op == "neg":
        return -args[0]
    if op == "matmul":  # a 1×1 factor may have been computed as a number: `g(gᵀg λ)`
        left, right = args
        return left @ right if np.ndim(left) and np.ndim(right) else left * right
    if op == "scale":
        left, right = args
        if scalar_like(expr.args[0].shape):
            return _as_scalar(left) * right
        return left * _as_scalar(right)
    if op == "div":
        return args[0] / _as_scalar(args[1])
    if op == "transpose":
        return args[0].T if expr.shape else args[0]
    if op == "power":
        return args[0] ** expr.value
    if op == "inverse":
        return np.linalg.inv(args[0])
    squared = np.sum(args[0] * args[0])  # no conjugate: the complex step stays analytic
    return squared if op == "sqnorm" else np.sqrt(squared)


def _real(value: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """The value as float64; NaN (undefined) where it is complex: (-1)^0.5 is no real number,
    and its real part must not pass for one."""
    if np.iscomplexobj(value):
        if np.any(np.imag(value) != 0):
            return np.full(value.shape, np.nan)
        value = np.real(value)
    return np.asarray(value, dtype=np.float64)


def _as_scalar(value: Any) -> Any:
    return value.reshape(-1)[0] if isinstance(value, np.ndarray) else value


def complex_step_gradient(
    function: MatrixExpr, wrt: str, env: Env, frozen: Collection[int] = ()
) -> np.ndarray[Any, Any]:
    """∂function/∂wrt with the shape of wrt (denominator layout), exact to rounding.

    Uses the complex step f(X + ih·E)/h. Occurrences of wrt whose node ids are in `frozen`
    are held at X: the gradient through the other occurrences only.
    """
    h = 1e-30
    base = np.asarray(env[wrt], dtype=np.float64)
    overrides = {id(n): base for n in function.occurrences(wrt) if id(n) in frozen}
    gradient = np.zeros(base.shape if base.shape else ())
    for index in np.ndindex(*base.shape):
        step = base.astype(np.complex128)
        step[index] += 1j * h
        value = evaluate(function, {**env, wrt: step if base.shape else step.item()}, overrides)
        gradient[index] = np.imag(_as_scalar(np.asarray(value))) / h
    return gradient


def same_shape(a: Shape, b: Shape) -> bool:
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
        """The value at one draw; NaN where it is undefined there (1/0, 0^-1, overflow)."""
        if key not in self._cache:
            assert self.compute is not None
            with np.errstate(all="ignore"):
                try:
                    value = _real(np.asarray(self.compute(env)))
                except (ArithmeticError, np.linalg.LinAlgError):  # 1/0 in floats, singular inverse
                    value = np.asarray(np.nan)
            self._cache[key] = value
        return self._cache[key]

    def scaled(self, factor: float) -> MatrixAnswer:
        return MatrixAnswer(
            f"{factor}·({self.text})", self.shape, lambda env: factor * self._value(env)
        )

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
            return Reading(
                MatrixAnswer(text.strip(), None),
                f"{text.strip()} — {error.message}",
            )
        answer = MatrixAnswer.of(expr)
        return Reading(answer, f"{answer.text} ({shape_text(expr.shape)})")

    def sample(self, text: str, draw: int) -> tuple[str, dict[str, Any]]:
        """Random matrices for every variable, a pure function of (context, text, draw)."""
        material = f"{self.context}\x1f{text}\x1f{draw}".encode()
        seed = int.from_bytes(hashlib.blake2b(material, digest_size=8).digest(), "big")
        rng = np.random.default_rng(seed)
        env = {
            name: (rng.standard_normal(shape) if shape else float(rng.standard_normal()))
            for name, shape in self.shapes
        }
        return str(seed), env

    def agrees(self, entry: Any, expected: Any) -> bool:
        if not isinstance(entry, MatrixAnswer):
            return False
        if isinstance(expected, WrongShape):
            return entry.shape is None or not same_shape(entry.shape, expected.shape)
        if not isinstance(expected, MatrixAnswer) or entry.shape is None or expected.shape is None:
            return False
        if not same_shape(entry.shape, expected.shape):
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
        greek = greek_spellings(name for name, _ in self.shapes)
        typing = f", {greek}" if greek else ""
        return f"an equal matrix expression; type xᵀ as x^T, ‖v‖ as ||v||{typing}"

    def show(self, value: Any) -> str:
        return value.text if isinstance(value, MatrixAnswer) else str(value)

    def to_json(self, value: Any) -> Any:
        return self.show(value)


def gradient_answer(
    function: MatrixExpr, wrt: str, shape: Shape, frozen: frozenset[int] = frozenset()
) -> MatrixAnswer:
    """The numeric gradient (complex step) as an answer value; `frozen` occurrences held fixed."""
    return MatrixAnswer(
        f"∇{wrt}", shape, lambda env: complex_step_gradient(function, wrt, env, frozen)
    )
