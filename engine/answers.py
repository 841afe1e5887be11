"""Provides answer formats: reading what a student typed, comparing it with a key, showing values.

Each format knows how to read an entry (number, vector, matrix, shape, yes/no), when an
entry agrees with an expected value, and how to describe that rule to the student.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Protocol

from engine.errors import MathError, ParseError
from engine.expr import evaluate, parse, parse_array


@dataclass(frozen=True)
class Reading:
    """What an entry was read as: its value and a short text echoing it ("4.33333")."""

    value: Any
    shown: str


class AnswerFormat(Protocol):
    """How one blank reads, compares and shows answers."""

    def read(self, text: str) -> Reading: ...

    def agrees(self, entry: Any, expected: Any) -> bool: ...

    def describe(self) -> str: ...

    def show(self, value: Any) -> str: ...

    def to_json(self, value: Any) -> Any: ...


def show_number(value: float) -> str:
    """Six significant figures, the way the tutor echoes numbers."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


@dataclass(frozen=True)
class Tolerance:
    """Relative tolerance with a small absolute floor; `exact` for integer answers."""

    rel: float = 1e-3
    abs: float = 1e-9
    exact: bool = False

    def accepts(self, entry: float, expected: float) -> bool:
        if self.exact:
            return abs(entry - expected) <= 1e-9 * max(1.0, abs(expected))
        return abs(entry - expected) <= max(self.rel * abs(expected), self.abs)

    def describe(self) -> str:
        if self.exact:
            return "exact integer"
        if self.rel > 0:
            percent = f"{self.rel * 100:.6g}"
            return f"within {percent}%"
        return f"within ±{self.abs:g}"

    def figures_needed(self) -> int:
        """Significant figures that always land within the relative tolerance."""
        if self.exact or self.rel <= 0:
            return 15
        return max(1, math.ceil(1 - math.log10(2 * self.rel) - 1e-9))


def round_significant(value: float, figures: int) -> float:
    if value == 0:
        return 0.0
    return round(value, figures - 1 - math.floor(math.log10(abs(value))))


_DECIMAL_COMMA = re.compile(r"\d,\d")
_BETWEEN_DIGITS = re.compile(r"(?<=\d),(?=\d)")
_TWO_POINTS = re.compile(r"\.\d*\.")  # 1.2.3: the commas were separators after all
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+")


def read_number(text: str) -> Reading:
    """A number or an arithmetic expression of numbers (`1/3 + 4`, `e^2`, `7.802×10^24`)."""
    stripped = text.strip()
    if stripped.startswith("["):
        raise ParseError("expected one number here, not a vector", text, 1)
    if comma := _DECIMAL_COMMA.search(text):
        raise _decimal_comma(text, comma.start() + 2)
    value = evaluate(parse(text))
    return Reading(value, show_number(value))


def _decimal_comma(text: str, column: int) -> ParseError:
    """The error for a decimal comma, with the entry as it reads with points (`1,25` is 1.25)."""
    pointed = _BETWEEN_DIGITS.sub(".", text.strip())
    return ParseError(f"use a point for decimals ({pointed}), not a comma", text, column)


def read_integer(text: str) -> Reading:
    """A whole number that may group its digits by thousands (`138,357,544`), or any number."""
    stripped = text.strip()
    if _THOUSANDS.fullmatch(stripped):
        value = float(stripped.replace(",", ""))
        return Reading(value, show_number(value))
    return read_number(text)


@dataclass(frozen=True)
class NumberFormat:
    """A real number, compared with a tolerance; too-imprecise entries are recognised."""

    tolerance: Tolerance = Tolerance()

    def read(self, text: str) -> Reading:
        return read_integer(text) if self.tolerance.exact else read_number(text)

    def agrees(self, entry: Any, expected: Any) -> bool:
        return self.tolerance.accepts(float(entry), float(expected))

    def describe(self) -> str:
        return self.tolerance.describe()

    def show(self, value: Any) -> str:
        return show_number(float(value))

    def to_json(self, value: Any) -> Any:
        if self.tolerance.exact:
            return round(float(value))
        return float(value)

    def imprecision(self, entry: float, expected: float) -> str | None:
        """A message when the entry is the key rounded to too few significant figures."""
        if self.tolerance.exact or not 1e-290 < abs(expected) < 1e290:  # 10^k stays a float
            return None
        needed = self.tolerance.figures_needed()
        # a key with fewer figures of its own (3.75) needs no more than those
        needed = next(
            (k for k in range(1, needed) if _same(round_significant(expected, k), expected)),
            needed,
        )
        for figures in range(1, needed):
            rounded = round_significant(expected, figures)
            truncated = math.trunc(expected * 10 ** (figures - 1 - _magnitude(expected)))
            truncated_value = truncated / 10 ** (figures - 1 - _magnitude(expected))
            if _same(entry, rounded) or _same(entry, truncated_value):
                return (
                    f"{show_number(entry)} is the value cut to {figures} significant "
                    f"figure{'s' if figures > 1 else ''}; answers must be "
                    f"{self.tolerance.describe()}: give at least {needed} significant figures"
                )
        return None


def _magnitude(value: float) -> int:
    return math.floor(math.log10(abs(value)))


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


@dataclass(frozen=True)
class ArrayFormat:
    """A vector (`[1.5, -2]`) or matrix (`[[1, 2], [3, 4]]`, `[1 2; 3 4]`), compared elementwise."""

    shape: tuple[int, ...]
    tolerance: Tolerance = Tolerance()

    def read(self, text: str) -> Reading:
        try:
            return self._read(text)
        except MathError as error:
            # `(1,25, -0,8)`: decimal commas read as separators give too many numbers. Said
            # only when the entry reads, shape and all, with those commas made points.
            comma = _DECIMAL_COMMA.search(text)
            pointed = _BETWEEN_DIGITS.sub(".", text)
            if comma is None or _TWO_POINTS.search(pointed):
                raise
            try:
                self._read(pointed)
            except MathError:
                raise error from None
            raise _decimal_comma(text, comma.start() + 2) from None

    def _read(self, text: str) -> Reading:
        stripped = text.strip()
        if stripped.startswith("(") and stripped.endswith(")") and len(self.shape) == 1:
            text = stripped = _as_brackets(stripped)
        if not stripped.startswith("["):
            if self.shape == (1,):
                number = read_number(text)
                return Reading((number.value,), f"[{number.shown}]")
            raise ParseError(
                f"expected a {self._noun()} in brackets, like {self._example()}", text, 1
            )
        rows = [[evaluate(e) for e in row] for row in parse_array(text)]
        if len(self.shape) == 1:
            if len(rows) == 1:
                values: Any = tuple(rows[0])
            elif all(len(r) == 1 for r in rows):
                values = tuple(r[0] for r in rows)
            else:
                raise MathError(f"expected a vector of {self.shape[0]} numbers, not a matrix")
            if len(values) != self.shape[0]:
                raise MathError(f"expected {self.shape[0]} numbers, got {len(values)}")
        else:
            if len({len(r) for r in rows}) != 1:
                raise MathError("every row of a matrix needs the same number of entries")
            if (len(rows), len(rows[0])) != self.shape:
                got = f"{len(rows)}x{len(rows[0])}"
                raise MathError(f"expected a {self.shape[0]}x{self.shape[1]} matrix, got {got}")
            values = tuple(tuple(r) for r in rows)
        return Reading(values, self.show(values))

    def _noun(self) -> str:
        return "vector" if len(self.shape) == 1 else "matrix"

    def _example(self) -> str:
        return "[1.5, -2]" if len(self.shape) == 1 else "[[1, 2], [3, 4]]"

    def agrees(self, entry: Any, expected: Any) -> bool:
        flat_entry, flat_expected = _flatten(entry), _flatten(expected)
        return len(flat_entry) == len(flat_expected) and all(
            self.tolerance.accepts(a, b) for a, b in zip(flat_entry, flat_expected, strict=True)
        )

    def describe(self) -> str:
        typed = "[1, 2] or (1, 2)" if len(self.shape) == 1 else "[[1, 2], [3, 4]] or [1 2; 3 4]"
        return f"{self._noun()} as {typed}; each element {self.tolerance.describe()}"

    def show(self, value: Any) -> str:
        if len(self.shape) == 1:
            return "[" + ", ".join(show_number(float(v)) for v in value) + "]"
        return "[" + ", ".join(self.show_row(row) for row in value) + "]"

    def show_row(self, row: Any) -> str:
        return "[" + ", ".join(show_number(float(v)) for v in row) + "]"

    def to_json(self, value: Any) -> Any:
        if len(self.shape) == 1:
            return [float(v) for v in value]
        return [[float(v) for v in row] for row in value]


def _as_brackets(text: str) -> str:
    """`(1, 2)` -> `[1, 2]` when the outer parentheses hold a list (not `(1 + 2)`)."""
    depth = 0
    for position, ch in enumerate(text):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(ch, 0)
        if depth == 0 and position < len(text) - 1:
            return text  # `(1)(2)`: the first parenthesis closes before the end
        if depth == 1 and ch in ",;":
            return f"[{text[1:-1]}]"
    return text


def _flatten(value: Any) -> list[float]:
    if isinstance(value, (int, float)):
        return [float(value)]
    flat: list[float] = []
    for item in value:
        flat.extend(_flatten(item))
    return flat


_SHAPE_SEPARATORS = re.compile(r"\s*(?:[x×,*]|\s)\s*")


@dataclass(frozen=True)
class ShapeFormat:
    """A tensor shape, exact: `[64, 56, 56]`, `(64, 56, 56)`, `64x56x56` or `64 × 56 × 56`."""

    def read(self, text: str) -> Reading:
        if len(text) > 200:
            raise ParseError(f"the entry is too long ({len(text)} characters; at most 200)")
        stripped = text.strip().strip("[]()").strip()
        if not stripped:
            raise ParseError("the entry is empty", text, 1)
        parts = _SHAPE_SEPARATORS.split(stripped)
        dims: list[int] = []
        for part in parts:
            if not part:
                raise ParseError("expected a whole number between the separators", text, 1)
            if not part.isascii() or not part.isdigit() or len(part) > 12:
                column = text.find(part) + 1
                shown = part if len(part) <= 20 else part[:20] + "…"
                raise ParseError(
                    f"expected whole numbers separated by ',' or 'x', "
                    f"found {shown!r} at column {column}",
                    text,
                    column,
                )
            dims.append(int(part))
        shape = tuple(dims)
        return Reading(shape, self.show(shape))

    def agrees(self, entry: Any, expected: Any) -> bool:
        return tuple(entry) == tuple(expected)

    def describe(self) -> str:
        return "exact shape: whole numbers with x or commas between"

    def show(self, value: Any) -> str:
        return "[" + ", ".join(str(int(v)) for v in value) + "]"

    def to_json(self, value: Any) -> Any:
        return [int(v) for v in value]


@dataclass(frozen=True)
class YesNoFormat:
    """A yes/no answer (`yes`, `no`, `y`, `n`, `true`, `false`)."""

    def read(self, text: str) -> Reading:
        word = text.strip().lower()
        if word in ("yes", "y", "true", "t"):
            return Reading(True, "yes")
        if word in ("no", "n", "false", "f"):
            return Reading(False, "no")
        raise ParseError("answer yes or no", text, 1)

    def agrees(self, entry: Any, expected: Any) -> bool:
        return bool(entry) == bool(expected)

    def describe(self) -> str:
        return "yes or no"

    def show(self, value: Any) -> str:
        return "yes" if value else "no"

    def to_json(self, value: Any) -> Any:
        return "yes" if value else "no"


INTEGER = NumberFormat(Tolerance(exact=True))


def number_format(expected: float, tolerance: Tolerance | None = None) -> NumberFormat:
    """A number's format: the exercise's tolerance if it sets one, else exact for an integer key."""
    if tolerance is not None:
        return NumberFormat(tolerance)
    if float(expected).is_integer() and abs(expected) < 2**53:
        return INTEGER
    return NumberFormat(Tolerance())
