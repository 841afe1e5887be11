"""Provides readers for fields several kinds share: numbers written as numbers or text, points."""

from __future__ import annotations

from typing import Any

from engine.errors import MathError
from engine.expr import evaluate, parse
from engine.names import is_free_name
from exercises.model import SpecError

#: TOML types a number field accepts: a number, or text such as "1/4" or "pi/2".
NUMBER_TYPES = (int, float, str)


def read_number(value: Any, field: str, standalone: bool = False) -> float:
    """A number given as a TOML number or as arithmetic text ("1/4", "pi/2").

    `standalone`: the value is the field's own, read whatever the other fields hold, so its
    error stands alone (see SpecError); not when another field chose what is read.
    """
    if isinstance(value, bool):
        raise SpecError(field, f"expected a number, got {value!r}", standalone)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return evaluate(parse(value))
        except MathError as error:
            raise SpecError(
                field, f"expected a number, got {value!r}: {error}", standalone
            ) from None
    raise SpecError(field, f"expected a number, got {value!r}", standalone)


def read_point(value: Any, field: str, noun: str, example: str) -> dict[str, float]:
    """A table of named numbers that declares variables in order (`at`, `start`)."""
    if not isinstance(value, dict) or not value:
        raise SpecError(
            field, f"give the {noun}s as a table, e.g. {field} = {example}", standalone=True
        )
    point: dict[str, float] = {}
    for name, number in value.items():
        if not is_free_name(name):
            raise SpecError(
                f"{field}.{name}",
                f"{name!r} cannot name {'an' if noun[0] in 'aeiou' else 'a'} {noun} "
                "(use letters, digits and _, not a function or constant)",
                standalone=True,
            )
        point[name] = read_number(number, f"{field}.{name}", standalone=True)
    return point
