"""Provides the op vocabulary: one record per op, and the per-mode tables derived from them.

A record holds everything about an op: evaluation, local partials, symbolic derivative,
array form, printing, sympy form, kinks, the hint's fact and its wrong local rules. A new op
is one record (engine/op_records.py); forward mode, reverse mode, the symbolic
differentiator, the sampler and the mistake search all read the tables below.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from engine.errors import EvaluationError

#: The largest magnitude a value may reach before it counts as an overflow.
MAX_MAGNITUDE = 1e300

Partials = Callable[..., tuple[float, ...]]


@dataclass(frozen=True)
class WrongLocalRule:
    """A mistaken local partial of an op (σ' taken as σ): its catalogue id and its partials.

    `partials` has the signature of the right one: (*args, value) -> one partial per argument.
    """

    id: str
    partials: Partials


@dataclass(frozen=True)
class WrongValueRule:
    """A mistaken evaluation of an op (degrees for radians, log10 for ln), with its partials."""

    id: str
    evaluate: Callable[..., float]
    partials: Partials


@dataclass(frozen=True)
class Op:
    """Everything about one op.

    `derivative(s, node, da)` builds the symbolic derivative of `node` from its arguments'
    derivatives `da` with the simplifying builder `s` of engine.derivatives; `array` is the
    numpy form; `sympy(sp, *args)` the sympy form; `kink(*args)` says where the op has no
    derivative; `fact` is the rule a hint quotes.
    """

    name: str
    arity: int
    evaluate: Callable[..., float]
    partials: Partials
    derivative: Callable[[Any, Any, list[Any]], Any]
    array: Callable[..., Any]
    display: str
    sympy: Callable[..., Any]
    fact: str
    typed: tuple[str, ...] = ()
    kink: Callable[..., bool] | None = None
    wrong: tuple[WrongLocalRule, ...] = ()
    wrong_values: tuple[WrongValueRule, ...] = ()


def _records() -> dict[str, Op]:
    from engine.op_records import RECORDS

    return {op.name: op for op in RECORDS}


OPS: dict[str, Op] = _records()

#: Functions by the name a person types, mapped to the op they build.
FUNCTION_NAMES: dict[str, str] = {typed: op.name for op in OPS.values() for typed in op.typed}
#: How many arguments each function a person types takes (max and min take two).
ARITY: dict[str, int] = {op.name: op.arity for op in OPS.values()}
UNARY_OPS = frozenset(name for name, op in OPS.items() if op.arity == 1)
BINARY_OPS = frozenset(name for name, op in OPS.items() if op.arity == 2 and not op.typed)
#: How each function is printed.
DISPLAY: dict[str, str] = {name: op.display for name, op in OPS.items() if op.typed}
EVALUATE: dict[str, Callable[..., float]] = {name: op.evaluate for name, op in OPS.items()}
#: Local partials of each op with respect to each argument, from the argument values
#: and the op's own value (so that exp and σ reuse what forward evaluation computed).
PARTIALS: dict[str, Partials] = {name: op.partials for name, op in OPS.items()}
#: Where an op has no derivative: the mistake-free key would be ambiguous there.
KINKS: dict[str, Callable[..., bool]] = {
    name: op.kink for name, op in OPS.items() if op.kink is not None
}


def evaluate_op(
    op: str, args: tuple[float, ...], table: Mapping[str, Callable[..., float]] = EVALUATE
) -> float:
    """Apply one op to float arguments; overflow and domain errors become EvaluationError."""
    try:
        value = table[op](*args)
    except OverflowError:
        raise EvaluationError("the number is too large (overflow)") from None
    except ZeroDivisionError:
        raise EvaluationError("division by zero") from None
    except ValueError:
        raise EvaluationError(f"{DISPLAY.get(op, op)} is undefined here") from None
    if math.isnan(value) or abs(value) > MAX_MAGNITUDE:
        raise EvaluationError("the number is too large (overflow)")
    return float(value)


def local_partials(
    op: str, args: tuple[float, ...], value: float, table: Mapping[str, Partials] = PARTIALS
) -> tuple[float, ...]:
    """The partial derivative of one op with respect to each of its arguments."""
    try:
        partials = table[op](*args, value)
    except (OverflowError, ZeroDivisionError, ValueError):
        raise EvaluationError(
            f"the derivative of {DISPLAY.get(op, op)} is undefined here"
        ) from None
    if not all(math.isfinite(p) and abs(p) <= MAX_MAGNITUDE for p in partials):
        raise EvaluationError(f"the derivative of {DISPLAY.get(op, op)} is too large here")
    return tuple(float(p) for p in partials)
