"""Provides answer formats for sets of numbers and directions: an interval, a direction.

An interval is typed as inequalities (`0 < α < 2`, `α ≥ 1`) or in bracket notation
(`(0, 2]`, `[1, ∞)`), and its ends are compared with a tolerance and by whether each is
included. A direction is a vector compared up to a positive scale.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.answers import Reading, Tolerance, show_number
from engine.errors import MathError, ParseError
from engine.expr import evaluate, parse, parse_array

MAX_INTERVAL_LENGTH = 200
DEFAULT_TOLERANCE = Tolerance()
_INFINITE = {"inf": math.inf, "∞": math.inf, "oo": math.inf, "+inf": math.inf, "+∞": math.inf}
_INFINITE.update({"-" + k.lstrip("+"): -math.inf for k in list(_INFINITE)})
_INFINITE.update({"−" + k.lstrip("+"): -math.inf for k in ("inf", "∞")})
_RELATION = re.compile(r"<=|>=|≤|≥|=<|=>|<|>")
_MEMBER = re.compile(r"^\s*[^\s∈]+\s*(?:∈|\bin\b)\s*", re.UNICODE)


@dataclass(frozen=True)
class Interval:
    """The numbers between `low` and `high`; each end included (closed) or not (open)."""

    low: float
    high: float
    low_closed: bool
    high_closed: bool

    def text(self) -> str:
        low = "-∞" if self.low == -math.inf else show_number(self.low)
        high = "∞" if self.high == math.inf else show_number(self.high)
        return f"{'[' if self.low_closed else '('}{low}, {high}{']' if self.high_closed else ')'}"

    def with_ends(self, low_closed: bool, high_closed: bool) -> Interval:
        return Interval(self.low, self.high, low_closed, high_closed)


def _end(text: str, whole: str) -> float:
    stripped = text.strip()
    if stripped.lower() in _INFINITE:
        return _INFINITE[stripped.lower()]
    if not stripped:
        raise ParseError("an end of the interval is missing", whole, 1)
    try:
        return evaluate(parse(stripped))
    except MathError as error:
        raise ParseError(
            f"cannot read the end {stripped!r}: {error} (ends are numbers, or inf)", whole, 1
        ) from None


def _from_brackets(text: str) -> Interval:
    opening, closing = text[0], text[-1]
    inner = text[1:-1]
    if inner.count(",") != 1:
        raise ParseError("write an interval as (low, high), with one comma", text, 1)
    low_text, high_text = inner.split(",")
    return _checked(_end(low_text, text), _end(high_text, text), opening == "[", closing == "]")


def _from_inequalities(text: str) -> Interval:
    relations = _RELATION.findall(text)
    parts = [p.strip() for p in _RELATION.split(text)]
    if not relations or len(relations) > 2:
        raise ParseError(
            "write the interval as inequalities (0 < α < 2, α ≥ 1) or as (0, 2]", text, 1
        )
    directions = {r in ("<", "<=", "≤", "=<") for r in relations}
    if len(directions) != 1:
        raise ParseError("both inequalities must point the same way: 0 < α < 2", text, 1)
    ascending = directions.pop()
    closed = [r in ("<=", ">=", "≤", "≥", "=<", "=>") for r in relations]
    if len(relations) == 2:
        first, name, last = parts
        if not _is_name(name):
            raise ParseError(f"the middle of {text.strip()!r} should be the variable", text, 1)
        a, b = _end(first, text), _end(last, text)
        if ascending:
            return _checked(a, b, closed[0], closed[1])
        return _checked(b, a, closed[1], closed[0])
    left, right = parts
    if _is_name(left) and not _is_name(right):  # α < 2, α ≥ 1
        bound = _end(right, text)
        if ascending:
            return _checked(-math.inf, bound, False, closed[0])
        return _checked(bound, math.inf, closed[0], False)
    if _is_name(right) and not _is_name(left):  # 0 < α
        bound = _end(left, text)
        if ascending:
            return _checked(bound, math.inf, closed[0], False)
        return _checked(-math.inf, bound, False, closed[0])
    raise ParseError("an inequality needs the variable on one side: α < 2", text, 1)


def _is_name(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z_\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*", text)) and (
        text.lower() not in _INFINITE and text not in ("e", "pi", "π")
    )


def _checked(low: float, high: float, low_closed: bool, high_closed: bool) -> Interval:
    if (low_closed and math.isinf(low)) or (high_closed and math.isinf(high)):
        raise MathError("an infinite end is never included: write ( or ) at ∞")
    if low > high or (low == high and not (low_closed and high_closed)):
        raise MathError(
            f"the interval from {show_number(low)} to {show_number(high)} is empty: "
            "the lower end comes first"
        )
    return Interval(low, high, low_closed, high_closed)


def read_interval(text: str) -> Interval:
    """`0 < α < 2`, `α ≥ 1`, `2 > α > 0`, `α ∈ (0, 2)`, `(0, 2]`, `[1, inf)`."""
    if len(text) > MAX_INTERVAL_LENGTH:
        raise ParseError(f"the entry is too long ({len(text)} characters; at most 200)")
    stripped = _MEMBER.sub("", text.strip(), count=1).strip()
    if not stripped:
        raise ParseError("the entry is empty", text, 1)
    if stripped[0] in "([" and stripped[-1] in ")]":
        return _from_brackets(stripped)
    return _from_inequalities(stripped)


@dataclass(frozen=True)
class IntervalFormat:
    """An interval; ends within the tolerance, and each end included exactly when the key's is."""

    tolerance: Tolerance = DEFAULT_TOLERANCE

    def read(self, text: str) -> Reading:
        interval = read_interval(text)
        return Reading(interval, interval.text())

    def agrees(self, entry: Any, expected: Any) -> bool:
        if not isinstance(entry, Interval) or not isinstance(expected, Interval):
            return False
        return (
            self._same_end(entry.low, expected.low)
            and self._same_end(entry.high, expected.high)
            and entry.low_closed == expected.low_closed
            and entry.high_closed == expected.high_closed
        )

    def _same_end(self, a: float, b: float) -> bool:
        if math.isinf(a) or math.isinf(b):
            return a == b
        return self.tolerance.accepts(a, b)

    def describe(self) -> str:
        return (
            "the same interval, as inequalities (0 < α ≤ 2) or brackets ((0, 2]); "
            f"ends {self.tolerance.describe()}, and which ends are included must match"
        )

    def show(self, value: Any) -> str:
        return value.text() if isinstance(value, Interval) else str(value)

    def to_json(self, value: Any) -> Any:
        return self.show(value)


def end_variants(key: Interval) -> list[tuple[str, str, Interval]]:
    """The key with the inclusion of its finite ends changed: (mistake id, message, interval)."""
    found: list[tuple[str, str, Interval]] = []
    for low_closed in (False, True):
        for high_closed in (False, True):
            if (low_closed, high_closed) == (key.low_closed, key.high_closed):
                continue
            if (low_closed and math.isinf(key.low)) or (high_closed and math.isinf(key.high)):
                continue
            if (key.low == key.high) and not (low_closed and high_closed):
                continue
            changed = [
                (show_number(end), now)
                for end, now, was in (
                    (key.low, low_closed, key.low_closed),
                    (key.high, high_closed, key.high_closed),
                )
                if now != was
            ]
            wrongly_closed = [end for end, now in changed if now]
            wrongly_open = [end for end, now in changed if not now]
            if wrongly_closed:
                mistake, message = (
                    "closed-end",
                    f"{_ends(wrongly_closed)} not part of the interval: write < (or a round "
                    "bracket) there, not ≤",
                )
            else:
                mistake, message = (
                    "open-end",
                    f"{_ends(wrongly_open)} part of the interval: write ≤ (or a square "
                    "bracket) there, not <",
                )
            found.append((mistake, message, key.with_ends(low_closed, high_closed)))
    return found


def _ends(ends: list[str]) -> str:
    return f"the end {ends[0]} is" if len(ends) == 1 else f"the ends {' and '.join(ends)} are"


@dataclass(frozen=True)
class Direction:
    """A nonzero vector standing for every positive multiple of it."""

    components: tuple[float, ...]

    def unit(self) -> np.ndarray[Any, np.dtype[np.float64]]:
        vector = np.asarray(self.components, dtype=np.float64)
        vector = vector / float(np.max(np.abs(vector)))  # [1e-320, 0] squares to 0, not its norm
        return vector / float(np.linalg.norm(vector))

    def text(self) -> str:
        return "[" + ", ".join(show_number(v) for v in self.components) + "]"

    def opposite(self) -> Direction:
        return Direction(tuple(-v for v in self.components))


def read_direction(text: str, size: int) -> Direction:
    """`[1, 1]`, `(1, 1)` or `1, 1`: a nonzero vector of `size` numbers."""
    stripped = text.strip()
    if len(stripped) > MAX_INTERVAL_LENGTH * 10:
        raise ParseError(f"the entry is too long ({len(stripped)} characters)")
    if stripped.startswith("(") and stripped.endswith(")") and "," in stripped:
        stripped = "[" + stripped[1:-1] + "]"
    elif not stripped.startswith("["):
        stripped = "[" + stripped + "]"
    rows = [[evaluate(e) for e in row] for row in parse_array(stripped)]
    values = [v for row in rows for v in row]
    if len(rows) > 1 and any(len(r) > 1 for r in rows):
        raise MathError(f"expected a vector of {size} numbers, not a matrix")
    if len(values) != size:
        raise MathError(f"expected {size} numbers, got {len(values)}")
    if not all(math.isfinite(v) for v in values):
        raise MathError("every component must be a finite number")
    if all(v == 0 for v in values):
        raise MathError("the zero vector has no direction")
    return Direction(tuple(values))


@dataclass(frozen=True)
class DirectionFormat:
    """A vector compared up to a positive scale: [2, 2] and [0.5, 0.5] both point along [1, 1]."""

    size: int
    tolerance: Tolerance = DEFAULT_TOLERANCE

    def read(self, text: str) -> Reading:
        direction = read_direction(text, self.size)
        return Reading(direction, direction.text())

    def agrees(self, entry: Any, expected: Any) -> bool:
        if not isinstance(entry, Direction) or not isinstance(expected, Direction):
            return False
        if len(entry.components) != len(expected.components):
            return False
        gap = float(np.max(np.abs(entry.unit() - expected.unit())))
        return gap <= max(self.tolerance.rel, self.tolerance.abs)

    def describe(self) -> str:
        return f"any positive multiple of the direction (unit vectors {self.tolerance.describe()})"

    def show(self, value: Any) -> str:
        return value.text() if isinstance(value, Direction) else str(value)

    def to_json(self, value: Any) -> Any:
        return [float(v) for v in value.components] if isinstance(value, Direction) else value
