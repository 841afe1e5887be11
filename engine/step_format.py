"""Provides the answer format of a value judged by its step from an earlier value: an iterate.

A relative tolerance on a weight that dwarfs its update accepts a wrong update: w = 3 moved
by 0.006 instead of 0.010 is within 0.1% of the right w(1). So an iterate w(t) is judged on
its step w(t) - w(t-1), each element within the tolerance of its own step (plus the absolute
floor), with the student's own w(t-1) where they gave one (`agrees_from`).
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
        """The format for a value computed from `deps`: its step starts at their base."""
        if self.base_id is None or self.base_id not in deps:
            return self
        return replace(self, base=deps[self.base_id])

    def read(self, text: str) -> Reading:
        return self.inner.read(text)

    def agrees(self, entry: Any, expected: Any) -> bool:
        """Both measured from the key's earlier value: the entry's step is the expected one."""
        return self.agrees_from(entry, self.base, expected, self.base)

    def agrees_from(self, entry: Any, entry_base: Any, expected: Any, expected_base: Any) -> bool:
        """The step entry - entry_base agrees with expected - expected_base."""
        try:
            return self.inner.agrees(step(entry, entry_base), step(expected, expected_base))
        except (TypeError, ValueError):
            return False

    def describe(self) -> str:
        return f"the step from {self.base_label} {self.inner.tolerance.describe()}"

    def show(self, value: Any) -> str:
        """Enough decimals that the step, not only the value, is right to the tolerance."""
        shown = [
            _shown(v, v - b, self.inner.tolerance.rel) for v, b in self._pairs(value, self.base)
        ]
        if isinstance(self.inner, NumberFormat):
            return shown[0]
        return "[" + ", ".join(shown) + "]"

    def to_json(self, value: Any) -> Any:
        return self.inner.to_json(value)

    def imprecision(self, entry: Any, expected: Any) -> str | None:
        """A message when the entry is the key rounded to too few decimals for its step."""
        pairs = self._pairs(expected, self.base)
        needed = max(_needed(k - b, self.inner.tolerance.rel) for k, b in pairs)
        mine = [v for v, _ in self._pairs(entry, expected)]
        for places in range(needed):
            if all(_same(round(k, places), v) for (k, _), v in zip(pairs, mine, strict=True)):
                return (
                    f"this is right to {places} decimal place{'s' if places != 1 else ''}, "
                    f"but an iterate is judged on its step from {self.base_label}, which is "
                    f"small next to the value: give at least {needed} decimal places"
                )
        return None

    @staticmethod
    def _pairs(value: Any, base: Any) -> list[tuple[float, float]]:
        values = np.atleast_1d(np.asarray(value, dtype=np.float64)).reshape(-1)
        bases = np.broadcast_to(np.asarray(base, dtype=np.float64), values.shape)
        return [(float(v), float(b)) for v, b in zip(values, bases.reshape(-1), strict=True)]


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


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-12 * max(1.0, abs(a))
