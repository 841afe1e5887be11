"""Provides the generic arithmetic slips, searched on every numeric blank (DIAGNOSIS.md §2).

A slip is a small change to the value the student should have written (the key, or the value
their own earlier entries give): the sign dropped, two neighbouring digits swapped, a power of
ten. A slip matches when its value agrees with the entry under the blank's own precision
rules. Vectors and matrices are searched elementwise: every element either agrees or shows
the same slip. The search is bounded: at most 3 + 6 + (figures - 1) candidates per target.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from engine.answers import AnswerFormat, ArrayFormat, NumberFormat, show_number
from engine.catalogue import message

#: A generic slip not named again where the kind's own mistake of the same effect names the
#: entry: "the sign is flipped" already says "the right size with the wrong sign".
SAID_BY = {"sign-dropped": "sign-flip"}
#: Powers of ten tried: a decimal point moved by up to three places either way.
POWERS = (-3, -2, -1, 1, 2, 3)
#: At most this many significant figures are searched for a swap of neighbouring digits.
MAX_FIGURES = 8


def arithmetic_slips(fmt: AnswerFormat, entry: Any, targets: Sequence[Any]) -> dict[str, str]:
    """Every generic slip that turns one of the targets into the entry, by id, with its message."""
    found: dict[str, str] = {}
    if not isinstance(fmt, (NumberFormat, ArrayFormat)):
        return found
    tolerance = fmt.tolerance
    for target in targets:
        pairs = list(zip(_flatten(entry), _flatten(target), strict=False))
        if not pairs or len(pairs) != len(_flatten(target)):
            continue
        where = _where(fmt, pairs)
        for slip_id, slip in (
            ("sign-dropped", _sign_dropped),
            ("digits-swapped", _digits_swapped),
            ("power-of-ten", _power_of_ten),
        ):
            if slip_id in found:
                continue
            factor = _elementwise(pairs, slip, tolerance.accepts)
            if factor is None:
                continue
            fields: dict[str, object] = {"where": where}
            if slip_id == "power-of-ten":
                fields["factor"] = show_number(factor)
            found[slip_id] = message(slip_id, **fields)
    return found


def _elementwise(pairs: list[tuple[float, float]], slip: Any, accepts: Any) -> float | None:
    """The slip's detail when every element agrees or shows the slip, and one shows it."""
    shown: float | None = None
    for mine, right in pairs:
        if accepts(mine, right):
            continue
        detail = slip(mine, right, accepts)
        if detail is None:
            return None
        shown = detail
    return shown


def _sign_dropped(mine: float, right: float, accepts: Any) -> float | None:
    if right == 0 or accepts(-right, right):
        return None
    return -1.0 if accepts(mine, -right) else None


def _power_of_ten(mine: float, right: float, accepts: Any) -> float | None:
    if right == 0:
        return None
    for power in POWERS:
        if accepts(mine, right * 10.0**power):
            return 10.0**power
    return None


def _digits_swapped(mine: float, right: float, accepts: Any) -> float | None:
    """Two neighbouring significant digits of the right value, at the entry's precision."""
    if right == 0 or mine == 0 or (mine < 0) != (right < 0):
        return None
    figures = min(MAX_FIGURES, _figures(mine))
    if figures < 2:
        return None
    exponent = math.floor(math.log10(abs(right)))
    digits = f"{round(abs(right) / 10.0**exponent, figures - 1):.{figures - 1}f}".replace(".", "")
    if len(digits) != figures:  # rounding carried into a new digit
        return None
    for i in range(figures - 1):
        if digits[i] == digits[i + 1]:
            continue
        swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        value = math.copysign(int(swapped) * 10.0 ** (exponent - figures + 1), right)
        if _same(mine, value) or (accepts(mine, value) and not accepts(right, value)):
            return 1.0
    return None


def _figures(value: float) -> int:
    """Significant figures of a typed number (its shortest form)."""
    text = f"{abs(value):.15g}"
    mantissa = text.split("e")[0].replace(".", "").lstrip("0").rstrip("0")
    return max(1, len(mantissa))


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def _where(fmt: AnswerFormat, pairs: list[tuple[float, float]]) -> str:
    if not isinstance(fmt, ArrayFormat):
        return ""
    off = [i for i, (mine, right) in enumerate(pairs) if not fmt.tolerance.accepts(mine, right)]
    if len(fmt.shape) == 2:
        columns = fmt.shape[1]
        cells = ", ".join(f"[{i // columns + 1},{i % columns + 1}]" for i in off)
    else:
        cells = ", ".join(f"[{i + 1}]" for i in off)
    return f" (element{'s' if len(off) > 1 else ''} {cells})"


def _flatten(value: Any) -> list[float]:
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, (list, tuple)):
        flat: list[float] = []
        for item in value:
            flat.extend(_flatten(item))
        return flat
    return []
