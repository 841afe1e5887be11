"""Provides the questions beyond the steps: convergence of GD on a 1-D quadratic (contraction,
converges, max_lr) and the learning rate of the first step (lr_derivative, best_lr).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.answers import NumberFormat, Tolerance, YesNoFormat, show_number
from engine.checking import Mistake
from engine.optim import Array, Trace, vec
from engine.optim_analysis import Convergence, line_curvature
from exercises.kinds.optimizer_blanks import CONCEPTS
from exercises.kinds.optimizer_spec import Spec, show_value
from exercises.model import Blank

Deps = Mapping[str, Any]


def convergence_blanks(spec: Spec, conv: Convergence, tolerance: Tolerance | None) -> list[Blank]:
    fmt = NumberFormat(tolerance or Tolerance())
    f2, eta, sym = show_number(conv.curvature), show_number(conv.lr), spec.symbol
    blanks = []
    if "ask_convergence" in spec.asks:
        raw = 1.0 - conv.lr * conv.curvature
        blanks.append(
            Blank(
                id="contraction",
                label="|1 - η·f''|",
                expected=conv.contraction,
                format=fmt,
                mistakes=(
                    Mistake(
                        "missing-abs",
                        "only the size of 1 - η·f'' matters: a negative factor "
                        "flips the side of the minimum each step",
                        lambda d: raw,
                    ),
                    Mistake(
                        "lr-missing",
                        "the learning rate η is missing: each step multiplies "
                        "the error by 1 - η·f''",
                        lambda d: abs(1.0 - conv.curvature),
                    ),
                ),
                hints=(
                    CONCEPTS["contraction"],
                    f"{sym}(t) - {sym}* = (1 - η·f'')·({sym}(t-1) - "
                    f"{sym}*), so the error shrinks by |1 - η·f''| per step",
                    f"|1 - {eta}·{f2}|, with f'' = {f2}",
                ),
                section="Convergence",
            )
        )
        blanks.append(
            Blank(
                id="converges",
                label="does GD converge with this η? (yes/no)",
                expected=conv.converges,
                format=YesNoFormat(),
                depends_on=("contraction",),
                recompute=lambda d: float(d["contraction"]) < 1.0,
                hints=(
                    CONCEPTS["contraction"],
                    "GD converges exactly when |1 - η·f''| < 1",
                    f"|1 - η·f''| = {show_number(conv.contraction)}",
                ),
                section="Convergence",
            )
        )
    if "ask_max_lr" in spec.asks and conv.max_lr is not None:
        blanks.append(
            Blank(
                id="max_lr",
                label="the largest η for which GD converges (supremum)",
                expected=conv.max_lr,
                format=fmt,
                mistakes=(
                    Mistake(
                        "best-not-largest",
                        "1/f'' is the best step (straight to the "
                        "minimum); GD still converges up to twice that",
                        lambda d: 1.0 / conv.curvature,
                    ),
                ),
                hints=(
                    CONCEPTS["contraction"],
                    "|1 - η·f''| < 1 means 0 < η < 2/f''",
                    f"2/f'' with f'' = {f2}",
                ),
                section="Convergence",
            )
        )
    return blanks


def lr_blanks(
    spec: Spec, trace: Trace, tolerance: Tolerance | None, extras: dict[str, Any]
) -> list[Blank]:
    """d f(w(1))/dη and the best η for one step, asked through ask_lr_derivative, ask_best_lr."""
    if not trace.steps:
        return []
    objective, sym, fmt = spec.objective, spec.symbol, NumberFormat(tolerance or Tolerance())
    g0, w1 = vec(trace.steps[0].gradient), vec(trace.steps[0].iterate)

    def show(value: Array) -> str:
        return show_value(spec, value)

    def g_of(d: Deps) -> Array:
        return vec(d.get("gradient:0", g0))

    def slope(d: Deps) -> float:
        return -float(objective.gradient(vec(d.get("iterate:1", w1))) @ g_of(d))

    def best(d: Deps) -> float:
        g = g_of(d)
        along = line_curvature(objective.expr, objective.params, spec.start, g)
        if along is None or along <= 0:
            raise ValueError("no minimum along this direction")
        return float(g @ g) / along

    blanks = []
    if "ask_lr_derivative" in spec.asks:
        extras["lr_derivative"] = value = slope({})
        stale = Mistake(
            "stale-gradient",
            f"this takes ∇f at {sym}(0); the chain rule needs it at the new point {sym}(1)",
            lambda d: -float(objective.gradient(spec.start) @ g_of(d)),
        )
        flipped = Mistake(
            "sign-flip",
            f"{sym}(1) = {sym}(0) - η·g(0) moves by -g(0) per unit of η, hence the minus sign",
            lambda d: -slope(d),
        )
        rule = f"d f({sym}(1))/dη = ∇f({sym}(1))·d{sym}(1)/dη = -∇f({sym}(1))·g(0)"
        blanks.append(
            Blank(
                id="lr_derivative",
                label=f"d f({sym}(1)) / dη",
                expected=value,
                format=fmt,
                depends_on=("gradient:0", "iterate:1"),
                recompute=slope,
                mistakes=(flipped, stale),
                hints=(
                    f"The loss after one step depends on η through {sym}(1) = {sym}(0) - η·g(0): "
                    "use the chain rule.",
                    rule,
                    f"-∇f({show(w1)})·{show(g0)}, with ∇f({show(w1)}) = "
                    f"{show(objective.gradient(w1))}",
                ),
                section="Learning rate",
            )
        )
    if "ask_best_lr" in spec.asks:
        extras["best_lr"] = value = best({})
        along = value and float(g0 @ g0) / value
        blanks.append(
            Blank(
                id="best_lr",
                label=f"the η minimising f({sym}(1))",
                expected=value,
                format=fmt,
                depends_on=("gradient:0",),
                recompute=best,
                hints=(
                    f"For a quadratic f, f({sym}(0) - η·g(0)) is a parabola in η: its minimum is "
                    "where its derivative in η is 0.",
                    "η* = ‖g(0)‖² / (g(0)ᵀ·H·g(0)), H the Hessian of f",
                    f"η* = {show_number(float(g0 @ g0))} / {show_number(along)}",
                ),
                section="Learning rate",
            )
        )
    return blanks
