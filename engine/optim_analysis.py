"""Provides what is known about a run beyond its iterates: convergence of GD on a 1-D quadratic,
the best step along the first gradient, and the objective sampled for a plot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.arrays import evaluate_array
from engine.derivatives import derivative, gradient
from engine.errors import MathError
from engine.expr import Expr
from engine.ops import MAX_MAGNITUDE
from engine.optim import Array, gradient_vector

#: Points where a second derivative is probed to decide that it is constant.
_PROBES = (-3.7, -1.0, 0.3, 1.9, 6.1, 25.0)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def curvature_1d(expr: Expr, name: str) -> float | None:
    """f'' when f is a quadratic in its one parameter (a constant second derivative), else None."""
    try:
        first = derivative(expr, name)
        seconds = [gradient(first, {name: w}).get(name, 0.0) for w in _PROBES]
    except (MathError, ValueError, ArithmeticError):
        return None
    if not all(_close(s, seconds[0]) for s in seconds):
        return None
    return seconds[0]


@dataclass(frozen=True)
class Convergence:
    """GD on a 1-D quadratic: the error shrinks by |1 - η·f''| each step."""

    curvature: float
    lr: float
    contraction: float
    converges: bool
    max_lr: float | None  # 2/f'', the supremum of the step sizes that converge

    @classmethod
    def of(cls, curvature: float, lr: float) -> Convergence:
        contraction = abs(1.0 - lr * curvature)
        max_lr = 2.0 / curvature if curvature > 0 else None
        return cls(curvature, lr, contraction, contraction < 1.0, max_lr)


def line_curvature(expr: Expr, params: Sequence[str], w0: Array, direction: Array) -> float | None:
    """φ'' for φ(η) = f(w0 - η·d), when φ is a quadratic in η (None otherwise).

    φ'(η) = -∇f(w0 - η·d)·d is probed at a few η and must be affine.
    """
    scale = 1.0 / max(1.0, float(np.max(np.abs(direction))))
    steps = [0.0, 0.5 * scale, scale, 3.0 * scale]
    try:
        slopes = [
            -float(gradient_vector(expr, params, w0 - h * direction) @ direction) for h in steps
        ]
    except (MathError, ArithmeticError):
        return None
    rate = (slopes[2] - slopes[0]) / steps[2]
    for h, slope in zip(steps, slopes, strict=True):
        if not _close(slope, slopes[0] + rate * h):
            return None
    return rate


def best_lr(gradient_norm2: float, curvature_along: float) -> float | None:
    """argmin over η of f(w0 - η·g) for a quadratic: ‖g‖² / (gᵀHg); None when not a minimum."""
    if curvature_along <= 0 or gradient_norm2 == 0:
        return None
    return gradient_norm2 / curvature_along


def _span(values: Sequence[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    width = high - low
    margin = 0.25 * width if width > 0 else max(1.0, 0.5 * abs(low))
    return low - margin, high + margin


def _sample(expr: Expr, env: dict[str, Array]) -> list[float | None]:
    """f at many points at once; None where it is undefined or overflows."""
    with np.errstate(all="ignore"):
        out = evaluate_array(expr, env)
    usable = np.isfinite(out) & (np.abs(out) <= MAX_MAGNITUDE)
    return [float(v) if ok else None for v, ok in zip(out, usable, strict=True)]


def sample_curve(
    expr: Expr, name: str, points: Sequence[float], count: int = 61
) -> tuple[tuple[float, ...], tuple[float | None, ...]]:
    """f over a range that covers the points with a margin: (abscissae, values or None)."""
    low, high = _span(points)
    xs: Array = np.linspace(low, high, count, dtype=np.float64)
    return tuple(float(x) for x in xs), tuple(_sample(expr, {name: xs}))


def sample_grid(
    expr: Expr, names: tuple[str, str], points: Sequence[Sequence[float]], count: int = 25
) -> tuple[tuple[float, ...], tuple[float, ...], tuple[tuple[float | None, ...], ...]]:
    """f on a grid covering the points: (xs, ys, rows) with rows[j][i] = f(xs[i], ys[j])."""
    (x_low, x_high), (y_low, y_high) = (_span([p[k] for p in points]) for k in (0, 1))
    xs, ys = np.linspace(x_low, x_high, count), np.linspace(y_low, y_high, count)
    grid_x, grid_y = np.meshgrid(xs, ys)
    flat = _sample(expr, {names[0]: grid_x.ravel(), names[1]: grid_y.ravel()})
    rows = tuple(tuple(flat[j * count : (j + 1) * count]) for j in range(count))
    return tuple(float(x) for x in xs), tuple(float(y) for y in ys), rows
