"""Provides the answer format of a value judged by its step from an earlier value: an iterate.

A relative tolerance on a weight that dwarfs its update accepts a wrong update: w = 3 moved
by 0.004 instead of 0.006 is within 0.1% of the right w(1). So an iterate w(t) is judged on
its step w(t) - w(t-1), each element within the tolerance of its own step (plus the absolute
floor), from the w(t-1) it was computed from (`at`). Rounding is still never punished: an
entry that is the value rounded at the entry's own precision, and within the tolerance of the
value, is accepted too, unless it did not move at all (docs/checking.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from engine.answers import ArrayFormat, NumberFormat, Reading, show_number


def step(value: Any, base: Any) -> Any:
    """value - base, elementwise, in the value's form (a float, or a tuple of floats)."""
    difference = np.asarray(value, dtype=np.float64) - np.asarray(base, dtype=np.float64)
    if difference.ndim == 0:
        return float(difference)
    return tuple(float(x) for x in difference.reshape(-1))


@dataclass(frozen=True)
class StepFormat:
    """A number or vector judged by its step from `base`, the key's value before the step.

    `inner` reads, compares and shows as usual; `base_label` names the earlier value for the
    student ("w(1)"), `base_id` the blank that holds it (None where it is given, as w(0) is).
    """

    inner: NumberFormat | ArrayFormat
    base: Any
    base_label: str
    base_id: str | None = None

    def at(self, deps: Mapping[str, Any]) -> StepFormat:
        """The format for a value computed from `deps`: its step starts at their w(t-1)."""
        if self.base_id is None or self.base_id not in deps:
            return self
        return replace(self, base=deps[self.base_id])

    def read(self, text: str) -> Reading:
        return self.inner.read(text)

    def agrees(self, entry: Any, expected: Any) -> bool:
        """The entry's step from `base` is the expected one's, or the entry is it rounded."""
        try:
            if self.inner.agrees(step(entry, self.base), step(expected, self.base)):
                return True
            return self.inner.agrees(entry, expected) and self._rounded(entry, expected)
        except (TypeError, ValueError):
            return False

    def _rounded(self, entry: Any, expected: Any) -> bool:
        """Each element is the expected one rounded at its own last decimal, and has moved."""
        for (mine, key), (_, base) in zip(
            _pairs(entry, expected), _pairs(expected, self.base), strict=True
        ):
            if mine == base and key != base:
                return False
            if abs(mine - key) > 0.5 * 10.0 ** -_decimals(mine) + 1e-12 * max(1.0, abs(key)):
                return False
        return True

    def describe(self) -> str:
        return f"the step from {self.base_label} {self.inner.tolerance.describe()}"

    def show(self, value: Any) -> str:
        """Enough decimals that the step, not only the value, is right to the tolerance."""
        rel = self.inner.tolerance.rel
        shown = [_shown(v, v - b, rel) for v, b in _pairs(value, self.base)]
        if isinstance(self.inner, NumberFormat):
            return shown[0]
        return "[" + ", ".join(shown) + "]"

    def to_json(self, value: Any) -> Any:
        return self.inner.to_json(value)

    def imprecision(self, entry: Any, expected: Any) -> str | None:
        """The elements' message when the entry is the key cut to too few figures."""
        single = NumberFormat(self.inner.tolerance)
        messages = []
        for mine, key in _pairs(entry, expected):
            if single.agrees(mine, key):
                continue
            message = single.imprecision(mine, key)
            if message is None:
                return None
            messages.append(message)
        return messages[0] if messages else None


def _pairs(value: Any, other: Any) -> list[tuple[float, float]]:
    values = np.atleast_1d(np.asarray(value, dtype=np.float64)).reshape(-1)
    others = np.broadcast_to(np.asarray(other, dtype=np.float64), values.shape).reshape(-1)
    return [(float(v), float(o)) for v, o in zip(values, others, strict=True)]


def _decimals(value: float) -> int:
    """The decimal places a number was written with (15 for one computed to full precision)."""
    for places in range(16):
        if abs(round(value, places) - value) <= 1e-12 * max(1.0, abs(value)):
            return places
    return 15


def _needed(change: float, rel: float) -> int:
    """Decimal places whose rounding (half a unit) moves `change` by at most half its tolerance."""
    if change == 0 or rel <= 0:
        return 15
    return min(15, max(0, math.ceil(-math.log10(rel * abs(change)))))


def _shown(value: float, change: float, rel: float) -> str:
    """The value as the tutor echoes it, or with more decimals where its step needs them."""
    short = show_number(value)
    places = _needed(change, rel)
    if abs(float(short) - value) <= 0.5 * 10.0**-places:
        return short
    return f"{value:.{places}f}".rstrip("0").rstrip(".")
