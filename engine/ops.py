"""Provides the op vocabulary: one table per mode (evaluate, local partials, symbolic rules, names).

A new op adds one line to each table. Forward mode, reverse mode, the symbolic
differentiator and the mistake catalogue all read these same tables.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from engine.errors import EvaluationError

#: Unary functions by the name a person types, mapped to the op they build.
FUNCTION_NAMES: dict[str, str] = {
    "exp": "exp",
    "log": "log",
    "ln": "log",
    "sqrt": "sqrt",
    "sin": "sin",
    "cos": "cos",
    "tan": "tan",
    "tanh": "tanh",
    "sigmoid": "sigmoid",
    "σ": "sigmoid",
    "relu": "relu",
    "softplus": "softplus",
    "abs": "abs",
    "step": "step",
    "sign": "sign",
}

UNARY_OPS = frozenset(FUNCTION_NAMES.values()) | {"neg"}
BINARY_OPS = frozenset({"add", "sub", "mul", "div", "pow"})

#: How each unary op is printed.
DISPLAY: dict[str, str] = {
    "exp": "exp",
    "log": "ln",
    "sqrt": "sqrt",
    "sin": "sin",
    "cos": "cos",
    "tan": "tan",
    "tanh": "tanh",
    "sigmoid": "σ",
    "relu": "relu",
    "softplus": "softplus",
    "abs": "abs",
    "step": "step",
    "sign": "sign",
}

#: The largest magnitude a value may reach before it counts as an overflow.
MAX_MAGNITUDE = 1e300


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _softplus(x: float) -> float:
    if x > 30:
        return x + math.log1p(math.exp(-x))
    return math.log1p(math.exp(x))


def _log(x: float) -> float:
    if x <= 0:
        raise EvaluationError(f"ln is only defined for positive numbers, not {x:.6g}")
    return math.log(x)


def _sqrt(x: float) -> float:
    if x < 0:
        raise EvaluationError(f"sqrt of a negative number ({x:.6g})")
    return math.sqrt(x)


def _div(a: float, b: float) -> float:
    if b == 0:
        raise EvaluationError("division by zero")
    return a / b


def _pow(a: float, b: float) -> float:
    if a == 0 and b < 0:
        raise EvaluationError("division by zero (0 to a negative power)")
    if a < 0 and b != math.floor(b):
        raise EvaluationError(f"a negative number ({a:.6g}) to a fractional power ({b:.6g})")
    if a != 0 and b * math.log10(abs(a)) > 300:
        raise EvaluationError("the number is too large (overflow)")
    return float(a**b)


def _exp(x: float) -> float:
    if x > 690:
        raise EvaluationError("the number is too large (overflow in exp)")
    return math.exp(x)


def _tan(x: float) -> float:
    if abs(math.cos(x)) < 1e-12:
        raise EvaluationError("tan is undefined here (cos is 0)")
    return math.tan(x)


EVALUATE: dict[str, Callable[..., float]] = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": _div,
    "pow": _pow,
    "neg": lambda a: -a,
    "exp": _exp,
    "log": _log,
    "sqrt": _sqrt,
    "sin": math.sin,
    "cos": math.cos,
    "tan": _tan,
    "tanh": math.tanh,
    "sigmoid": _sigmoid,
    "relu": lambda a: a if a > 0 else 0.0,
    "softplus": _softplus,
    "abs": abs,
    "step": lambda a: 1.0 if a > 0 else 0.0,
    "sign": lambda a: 1.0 if a > 0 else -1.0 if a < 0 else 0.0,
}


def _pow_partials(a: float, b: float, y: float) -> tuple[float, float]:
    if a == 0 and 0 < b < 1:  # u^b with 0 < b < 1 is vertical at 0, like sqrt
        raise EvaluationError(f"the derivative of u^{b:g} is infinite at u = 0")
    d_base = b * _pow(a, b - 1) if a != 0 or b >= 1 else 0.0
    d_exponent = y * math.log(a) if a > 0 else 0.0
    return d_base, d_exponent


#: Local partials of each op with respect to each argument, from the argument values
#: and the op's own value (so that exp and σ reuse what forward evaluation computed).
PARTIALS: dict[str, Callable[..., tuple[float, ...]]] = {
    "add": lambda a, b, y: (1.0, 1.0),
    "sub": lambda a, b, y: (1.0, -1.0),
    "mul": lambda a, b, y: (b, a),
    "div": lambda a, b, y: (_div(1.0, b), _div(-a, b * b)),
    "pow": _pow_partials,
    "neg": lambda a, y: (-1.0,),
    "exp": lambda a, y: (y,),
    "log": lambda a, y: (_div(1.0, a),),
    "sqrt": lambda a, y: (_div(0.5, y),),
    "sin": lambda a, y: (math.cos(a),),
    "cos": lambda a, y: (-math.sin(a),),
    "tan": lambda a, y: (1.0 + y * y,),
    "tanh": lambda a, y: (1.0 - y * y,),
    "sigmoid": lambda a, y: (y * (1.0 - y),),
    "relu": lambda a, y: (1.0 if a > 0 else 0.0,),
    "softplus": lambda a, y: (_sigmoid(a),),
    "abs": lambda a, y: (1.0 if a > 0 else -1.0 if a < 0 else 0.0,),
    "step": lambda a, y: (0.0,),
    "sign": lambda a, y: (0.0,),
}

#: Where an op has no derivative: the mistake-free key would be ambiguous there.
KINKS: dict[str, Callable[[float], bool]] = {
    "relu": lambda a: a == 0,
    "abs": lambda a: a == 0,
    "sqrt": lambda a: a == 0,
    "step": lambda a: a == 0,
    "sign": lambda a: a == 0,
}


def evaluate_op(op: str, args: tuple[float, ...]) -> float:
    """Apply one op to float arguments; overflow and domain errors become EvaluationError."""
    try:
        value = EVALUATE[op](*args)
    except OverflowError:
        raise EvaluationError("the number is too large (overflow)") from None
    except ZeroDivisionError:
        raise EvaluationError("division by zero") from None
    except ValueError:
        raise EvaluationError(f"{DISPLAY.get(op, op)} is undefined here") from None
    if math.isnan(value) or abs(value) > MAX_MAGNITUDE:
        raise EvaluationError("the number is too large (overflow)")
    return float(value)


def local_partials(op: str, args: tuple[float, ...], value: float) -> tuple[float, ...]:
    """The partial derivative of one op with respect to each of its arguments."""
    try:
        partials = PARTIALS[op](*args, value)
    except (OverflowError, ZeroDivisionError, ValueError):
        raise EvaluationError(
            f"the derivative of {DISPLAY.get(op, op)} is undefined here"
        ) from None
    if not all(math.isfinite(p) and abs(p) <= MAX_MAGNITUDE for p in partials):
        raise EvaluationError(f"the derivative of {DISPLAY.get(op, op)} is too large here")
    return tuple(float(p) for p in partials)
