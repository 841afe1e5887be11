"""Provides what a written entry says beyond its value: the marks of written work ("≈ 0.35",
"0.35...", "1.2 x 10^-3", "√2", "1 792", "1.79k") put in the math syntax, and the precision
a number was written to (its significant figures and half a unit in its last place), which
diagnosis uses to recognise a slip in a student who rounds every value and carries it.
"""

from __future__ import annotations

import re
from typing import Any

#: How written work marks a number that the math syntax does not: "≈ 0.35", "= 0.35",
#: "0.35...", "1.2 x 10^-3", "√2", digits grouped by spaces ("1 792"), a k or M suffix.
#: Tried only when the entry as typed does not read.
_LEADING_MARK = re.compile(r"^\s*[≈~≃=]\s*")
_TRAILING_DOTS = re.compile(r"(?<=\d)\s*(?:\.\.\.|…)\s*$")
_TIMES_TEN = re.compile(r"(?<=\d)\s*[xX]\s*(?=10\s*\^)")
_ROOT_NUMBER = re.compile(r"√\s*(\d+(?:\.\d+)?)")
_SPACE_GROUPS = re.compile(r"(?<=\d)[ \u2009\u202f](?=\d{3}(?!\d))")
_SUFFIX = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*([kKM])\s*$")
_SCALE = {"k": "e3", "K": "e3", "M": "e6"}


def as_written_on_paper(text: str) -> str:
    """The entry with the marks of written work put in the math syntax (the same text when
    there are none)."""
    tidied = _TRAILING_DOTS.sub("", _LEADING_MARK.sub("", text))
    tidied = _TIMES_TEN.sub("×", tidied)
    if not re.search(r"[\[\](),;]", tidied):  # one number: in a vector, spaces separate
        tidied = _SPACE_GROUPS.sub("", tidied)
    tidied = _SUFFIX.sub(lambda m: m.group(1) + _SCALE[m.group(2)], tidied)
    return _ROOT_NUMBER.sub(r"sqrt(\1)", tidied).replace("√(", "sqrt(")


#: Written precision names a mistake only from this many significant figures on: with two, a
#: few dozen candidates would cover too much of the line by chance (DIAGNOSIS.md §2).
MIN_WRITTEN_FIGURES = 3
_PLAIN = re.compile(r"[\d\s.,;+\-eE\[\]()]+")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def written_places(text: str) -> tuple[tuple[int, float], ...]:
    """Each number of a plain numeric entry as written: its significant figures and half a
    unit in its last written place ("-0.597" is 3 figures, ±0.0005). Empty for an entry
    with anything but numbers and brackets (an expression's precision is not what was typed)."""
    if not _PLAIN.fullmatch(text.strip()):
        return ()
    places = []
    for number in _NUMBER.findall(text):
        mantissa, _, exponent = number.lower().lstrip("+-").partition("e")
        whole, _, fraction = mantissa.partition(".")
        figures = len((whole + fraction).lstrip("0")) or 1
        power = int(exponent or 0) - len(fraction)
        places.append((figures, 0.5 * 10.0**power))
    return tuple(places)


def as_written(entry: Any, value: Any, places: tuple[tuple[int, float], ...]) -> bool:
    """The value rounds to the entry at the entry's own written precision, with at least
    MIN_WRITTEN_FIGURES figures wherever they differ."""
    mine, theirs = _flat(entry), _flat(value)
    if not places or len(mine) != len(places) or len(theirs) != len(places):
        return False
    for a, b, (figures, half) in zip(mine, theirs, places, strict=True):
        if abs(a - b) <= 1e-12 * max(1.0, abs(b)):
            continue
        if figures < MIN_WRITTEN_FIGURES or abs(a - b) > half * (1 + 1e-9):
            return False
    return True


def _flat(value: Any) -> list[float]:
    if isinstance(value, (list, tuple)):
        return [x for item in value for x in _flat(item)]
    try:
        return [float(value)]
    except (TypeError, ValueError):
        return []
