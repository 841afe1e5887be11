"""Provides `matrix-gradient` with a scalar `wrt`: d/dη of a matrix expression, a 1×1 answer.

The first derivative is checked against the complex step (exact to rounding); `order = 2`
asks the second derivative, checked against a central difference of the complex step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.checking import Mistake, constant
from engine.matrix_answers import (
    MATRIX_TOLERANCE,
    MatrixAnswer,
    MatrixFormat,
    complex_step_gradient,
)
from engine.matrix_expr import MatrixExpr, Shape, shape_text, to_text
from exercises.model import Blank, Instance, SpecError, Worksheet

STEP = 1e-4  # relative step of the central difference for the second derivative


def derivative_value(function: MatrixExpr, wrt: str, env: Mapping[str, Any], order: int) -> float:
    """df/dwrt (complex step) or d²f/dwrt² (central difference of the complex step)."""
    if order == 1:
        return float(complex_step_gradient(function, wrt, env))
    h = STEP * max(1.0, abs(float(env[wrt])))
    up = complex_step_gradient(function, wrt, {**env, wrt: float(env[wrt]) + h})
    down = complex_step_gradient(function, wrt, {**env, wrt: float(env[wrt]) - h})
    return float((up - down) / (2 * h))


def build_scalar(
    instance: Instance,
    function: MatrixExpr,
    wrt: str,
    shapes: Mapping[str, Shape],
    key_expr: MatrixExpr,
) -> Worksheet:
    """The worksheet of d^order f / d wrt^order for a scalar wrt: one blank, `gradient`."""
    order = instance.fields.get("order", 1)
    if order not in (1, 2) or isinstance(order, bool):
        raise SpecError("order", f"order is 1 or 2, not {order!r}")
    if key_expr.shape not in ((), (1, 1)):
        raise SpecError(
            "gradient", f"a derivative by a scalar is 1×1, not {shape_text(key_expr.shape)}"
        )
    answer_format = MatrixFormat(
        tuple(shapes.items()),
        f"{instance.ref}#{instance.seed}",
        instance.tolerance or MATRIX_TOLERANCE,
    )
    key = MatrixAnswer.of(key_expr)
    for draw in range(3):
        point, env = answer_format.sample("key", draw)
        mine = float(np.asarray(key.at(point, env)).reshape(-1)[0])
        numeric = derivative_value(function, wrt, env, order)
        if not np.isclose(mine, numeric, rtol=1e-6 if order == 1 else 1e-4, atol=1e-8):
            raise SpecError(
                "gradient",
                f"{key_expr.source!r} is not the {'second ' if order == 2 else ''}derivative of "
                f"{function.source!r} in {wrt}: at random matrices it gives {mine:.6g}, the "
                f"numeric derivative {numeric:.6g}",
            )
    power = "²" if order == 2 else ""
    label = f"d{power}f/d{wrt}{power}"
    mistakes = [
        Mistake("sign-flip", "the sign is flipped", constant(key.scaled(-1.0))),
        *(
            Mistake(
                "constant-factor",
                f"right up to a constant factor: this is {text} times the derivative",
                constant(key.scaled(factor)),
            )
            for factor, text in ((2.0, "2"), (0.5, "1/2"))
        ),
    ]
    blank = Blank(
        id="gradient",
        label=label,
        expected=key,
        format=answer_format,
        mistakes=tuple(mistakes),
        hints=(
            f"Differentiate each factor that holds {wrt}; a scalar {wrt} moves out of any "
            "product: d(η·A)/dη = A.",
            "The result is 1×1: a number for each choice of the matrices.",
        ),
        section="Derivative",
    )
    declared = ", ".join(f"{n} ({shape_text(s)})" for n, s in shapes.items())
    prompt = instance.prompt or (
        f"f = {to_text(function)}, with {declared}. Give {label} as a matrix expression "
        "(a 1×1 result): transpose `x^T`, products `Ax`, norms `‖v‖^2`. Any equal expression "
        "is accepted."
    )
    return instance.worksheet(
        prompt,
        (blank,),
        {
            "gradient": key.text,
            "shape": [1, 1],
            "function": to_text(function),
            "wrt": wrt,
            "order": order,
            "shapes": {n: list(s) for n, s in shapes.items()},
        },
    )
