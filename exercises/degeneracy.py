"""Provides trivial_sections: the sections of a worksheet whose numeric answers teach nothing.

A section whose every numeric answer is 0 (a ReLU layer with every unit inactive: every
Jacobian entry 0) or, with three blanks or more, the same number, is a draw to make again:
randomized exercises redraw it, and `tutor validate` reports it in a fixed one.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from engine.answers import ArrayFormat, NumberFormat
from exercises.model import Blank, Worksheet


def _numbers(blank: Blank) -> list[float] | None:
    """Every number in a numeric blank's answer; None for shapes, expressions, yes/no."""
    if not isinstance(blank.format, (NumberFormat, ArrayFormat)):
        return None
    flat: list[float] = []
    stack: list[Any] = [blank.expected]
    while stack:
        item = stack.pop()
        if isinstance(item, (int, float)):
            flat.append(float(item))
        else:
            stack.extend(item)
    return flat


def trivial_sections(worksheet: Worksheet) -> tuple[str, ...]:
    """One sentence per section whose numeric answers are all 0, or (3 or more) all equal."""
    sections: dict[str, list[list[float]]] = defaultdict(list)
    for blank in worksheet.blanks:
        numbers = _numbers(blank)
        if numbers is not None:
            sections[blank.section].append(numbers)
    found = []
    for section, answers in sections.items():
        name = section or "the blanks"
        if len(answers) < 2:
            continue
        values = {v for numbers in answers for v in numbers}
        if values == {0.0}:
            found.append(f"every answer in {name!r} is 0")
        elif len(answers) >= 3 and len({tuple(numbers) for numbers in answers}) == 1:
            found.append(f"every answer in {name!r} is the same")
    return tuple(found)
