"""Provides the checks every value of a pack passes before any kind reads it.

A pack is text from anyone: before a kind sees a field, each value in it (however deeply
placed) is checked without recursion for what no kind can use: nesting past `MAX_DEPTH`,
numbers that are not finite or too small to tell from 0, whole numbers past float range,
and text holding control characters (which could drive the terminal: set its title,
clear it, move the cursor). Each problem names the dotted field that holds it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from engine.controls import control_characters
from engine.controls import describe as describe_character

#: Deepest nesting a field may have: a kernel [out][in][rows][columns] in an exercise is 4.
MAX_DEPTH = 8
#: Below this a nonzero number is refused: relative tolerances and differences of such
#: numbers underflow, and no hand computation needs them.
MIN_MAGNITUDE = 1e-200
#: Whole numbers past this are refused (they cannot be floats, and no pack needs them).
MAX_MAGNITUDE = 1e200
#: The most values (numbers, texts, lists and tables) one field may hold: a 128x128 grid.
MAX_VALUES = 16384 + 128 + 1


def problems(value: Any, field: str) -> Iterator[tuple[str, str]]:
    """(dotted field, message) for every unusable value inside `value`, without recursion."""
    stack: list[tuple[Any, str, int]] = [(value, field, 0)]
    count = 0
    while stack:
        current, where, depth = stack.pop()
        count += 1
        if count > MAX_VALUES:
            yield (
                field,
                (
                    f"holds more than {MAX_VALUES} values; no exercise is worked by hand on more "
                    "(a grid may be drawn instead: { shape = [5, 5], int = [0, 3] })"
                ),
            )
            return
        if depth > MAX_DEPTH:
            yield (
                where,
                (
                    f"nested more than {MAX_DEPTH} levels deep; no exercise needs more "
                    "(write the value flat)"
                ),
            )
            continue
        if isinstance(current, str):
            found = control_characters(current)
            if found:
                yield (
                    where,
                    (
                        f"the text holds the control character {describe_character(found[0])}; "
                        "remove it (control characters could drive the terminal)"
                    ),
                )
        elif isinstance(current, bool):
            continue
        elif isinstance(current, float):
            if not math.isfinite(current):
                yield where, f"{current} is not a usable number: give a finite number"
            elif current != 0 and abs(current) < MIN_MAGNITUDE:
                yield (
                    where,
                    (
                        f"{current!r} is too small to tell from 0 (at least {MIN_MAGNITUDE:g} "
                        "in size): write 0 or a larger number"
                    ),
                )
            elif abs(current) > MAX_MAGNITUDE:
                yield where, f"{current!r} is too large (at most {MAX_MAGNITUDE:g} in size)"
        elif isinstance(current, int):
            if abs(current) > MAX_MAGNITUDE:
                yield where, f"{current} is too large (at most {MAX_MAGNITUDE:g} in size)"
        elif isinstance(current, list):
            for index in range(len(current) - 1, -1, -1):
                stack.append((current[index], f"{where}[{index}]", depth + 1))
        elif isinstance(current, dict):
            for key in reversed(list(current)):
                found = control_characters(key)
                if found:
                    yield (
                        f"{where}.{key!r}",
                        (
                            f"the name holds the control character {describe_character(found[0])}; "
                            "remove it"
                        ),
                    )
                    continue
                stack.append((current[key], f"{where}.{key}", depth + 1))
