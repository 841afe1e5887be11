"""Provides the answer types a pack may ask in its own words: one reader per `type`.

Each reader takes a question's table (answer and type settings) and returns what a blank
needs: its format, its key and the mistakes natural to the type (a closed end where the
interval is open, the opposite direction, the opposite sign). Used by the `questions` kind;
any kind may call `read_answer` for extra questions of its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from engine.answers import AnswerFormat, ShapeFormat, Tolerance, number_format
from engine.checking import Mistake, constant
from engine.equivalence import SYMBOLIC_TOLERANCE
from engine.errors import MathError
from engine.indexed import IndexedFormat
from engine.names import is_free_name
from engine.qualitative import (
    SIGNS,
    ChoiceFormat,
    ComplexityFormat,
    SignFormat,
    opposite_sign,
    sign_of,
)
from engine.regions import DirectionFormat, IntervalFormat, end_variants
from exercises.kinds.closed_form import declared_mistakes, read_closed_form
from exercises.kinds.fields import read_number
from exercises.model import SpecError


@dataclass(frozen=True)
class Answer:
    """What a question's blank needs: how entries are read, the key, the known mistakes."""

    format: AnswerFormat
    key: Any
    mistakes: tuple[Mistake, ...] = ()


Reader = Callable[[Mapping[str, Any], str, str, "Tolerance | None"], Answer]


def _read_key(answer_format: AnswerFormat, value: Any, field: str) -> Any:
    """The pack's answer, read exactly as a student's entry would be."""
    try:
        return answer_format.read(str(value) if not isinstance(value, list) else _list(value)).value
    except MathError as error:
        raise SpecError(field, f"cannot read {value!r}: {error}") from None


def _list(value: list[Any]) -> str:
    return "[" + ", ".join(str(v) for v in value) + "]"


def _number(spec: Mapping[str, Any], prefix: str, context: str, tol: Tolerance | None) -> Answer:
    key = read_number(spec.get("answer"), prefix + "answer")
    if not math.isfinite(key):
        raise SpecError(prefix + "answer", "the answer must be a finite number")
    return Answer(number_format(key, tol), key)


def _expression(
    spec: Mapping[str, Any], prefix: str, context: str, tol: Tolerance | None
) -> Answer:
    form = read_closed_form(spec, prefix, context, tol)
    return Answer(form.format, form.key, form.mistakes)


def _choice(spec: Mapping[str, Any], prefix: str, context: str, tol: Tolerance | None) -> Answer:
    options = spec.get("options")
    if (
        not isinstance(options, list)
        or len(options) < 2
        or not all(isinstance(o, str) and o.strip() for o in options)
    ):
        raise SpecError(
            prefix + "options", 'give at least two options: options = ["converges", "diverges"]'
        )
    normal = [" ".join(o.lower().split()) for o in options]
    if len(set(normal)) != len(normal):
        raise SpecError(prefix + "options", "two options read the same")
    answer_format = ChoiceFormat(tuple(options))
    answer = spec.get("answer")
    if not isinstance(answer, str) or " ".join(answer.lower().split()) not in normal:
        raise SpecError(prefix + "answer", f"the answer must be one of the options: {options}")
    return Answer(answer_format, answer_format.read(answer).value)


def _interval(spec: Mapping[str, Any], prefix: str, context: str, tol: Tolerance | None) -> Answer:
    answer_format = IntervalFormat(tol or Tolerance())
    key = _read_key(answer_format, spec.get("answer"), prefix + "answer")
    mistakes = tuple(Mistake(i, m, constant(v)) for i, m, v in end_variants(key))
    return Answer(answer_format, key, mistakes)


def _direction(spec: Mapping[str, Any], prefix: str, context: str, tol: Tolerance | None) -> Answer:
    answer = spec.get("answer")
    size = len(answer) if isinstance(answer, list) else str(answer).count(",") + 1
    answer_format = DirectionFormat(size, tol or Tolerance())
    key = _read_key(answer_format, answer, prefix + "answer")
    opposite = Mistake(
        "opposite-direction",
        "this points the opposite way: check the sign",
        constant(key.opposite()),
    )
    return Answer(answer_format, key, (opposite,))


def _sign(spec: Mapping[str, Any], prefix: str, context: str, tol: Tolerance | None) -> Answer:
    answer = spec.get("answer")
    answer_format = SignFormat()
    if isinstance(answer, str) and answer.strip().lower() in SIGNS:
        key = answer.strip().lower()
    else:  # a number, or arithmetic of drawn numbers: its sign
        key = sign_of(read_number(answer, prefix + "answer"))
    flipped = opposite_sign(key)
    mistakes = (
        (Mistake("sign-flip", "the sign is the other way round", constant(flipped)),)
        if flipped
        else ()
    )
    return Answer(answer_format, key, mistakes)


def _complexity(
    spec: Mapping[str, Any], prefix: str, context: str, tol: Tolerance | None
) -> Answer:
    answer_format = ComplexityFormat()
    return Answer(answer_format, _read_key(answer_format, spec.get("answer"), prefix + "answer"))


def _shape(spec: Mapping[str, Any], prefix: str, context: str, tol: Tolerance | None) -> Answer:
    answer_format = ShapeFormat()
    return Answer(answer_format, _read_key(answer_format, spec.get("answer"), prefix + "answer"))


def _indexed(spec: Mapping[str, Any], prefix: str, context: str, tol: Tolerance | None) -> Answer:
    lists = {}
    for setting, default in (
        ("indices", ["i", "j"]),
        ("vectors", []),
        ("matrices", []),
        ("variables", []),
    ):
        value = spec.get(setting, default)
        if not isinstance(value, list) or not all(
            isinstance(n, str) and is_free_name(n) for n in value
        ):
            raise SpecError(prefix + setting, f'{setting} is a list of names, e.g. ["i", "j"]')
        lists[setting] = tuple(value)
    answer_format = IndexedFormat(
        lists["indices"],
        lists["vectors"],
        lists["matrices"],
        lists["variables"],
        context,
        tol or SYMBOLIC_TOLERANCE,
    )
    key = _read_key(answer_format, spec.get("answer"), prefix + "answer")
    mistakes = [Mistake("sign-flip", "the sign is flipped", constant(key.scaled(-1, "-key")))]
    if len(lists["indices"]) >= 2:
        first, second = lists["indices"][:2]
        swapped = answer_format.swapped(key, first, second)
        if not answer_format.agrees(swapped, key):
            mistakes.append(
                Mistake(
                    "indices-swapped",
                    f"{first} and {second} are exchanged: this is the entry ({second}, {first})",
                    constant(swapped),
                )
            )
    return Answer(answer_format, key, tuple(mistakes))


#: Each type with the settings it reads besides `answer`.
READERS: dict[str, tuple[Reader, tuple[str, ...]]] = {
    "number": (_number, ()),
    "expression": (_expression, ("variables", "shapes", "let", "domain")),
    "choice": (_choice, ("options",)),
    "interval": (_interval, ()),
    "direction": (_direction, ()),
    "sign": (_sign, ()),
    "complexity": (_complexity, ()),
    "shape": (_shape, ()),
    "indexed": (_indexed, ("indices", "vectors", "matrices", "variables")),
}


#: A first hint rung for a question of each type, before the pack's own.
FIRST_HINTS = {
    "number": "Compute it from the quantities given in the prompt.",
    "expression": "Write it as a formula in the names the question declares.",
    "choice": "Work out the quantity the question is about, then pick the option it implies.",
    "interval": "Write the condition as an inequality in the variable, then decide for each "
    "end whether it is included.",
    "direction": "Compute the vector; any positive multiple of it is the same direction.",
    "sign": "Write the quantity as a formula and decide its sign.",
    "complexity": "Count how the cost grows with the size; constant factors and lower-order "
    "terms do not matter.",
    "shape": "Work out the rows and columns of each piece.",
    "indexed": "Work out one entry, with i and j fixed; δ_ij is 1 when i = j and 0 otherwise.",
}


def read_answer(
    spec: Mapping[str, Any], prefix: str, context: str, tolerance: Tolerance | None
) -> Answer:
    """The answer of one question table, by its `type`; `mistakes` adds the pack's own.

    Field names in errors are `prefix` + the key (`questions[2].answer`).
    """
    kind = spec.get("type", "number")
    if kind not in READERS:
        raise SpecError(prefix + "type", f"unknown type {kind!r}; types: {', '.join(READERS)}")
    reader, _ = READERS[kind]
    if "answer" not in spec:
        raise SpecError(prefix + "answer", "every question needs an answer")
    answer = reader(spec, prefix, context, tolerance)
    if kind == "expression":
        return answer  # the closed form reads its own `mistakes`
    declared = declared_mistakes(spec, prefix, answer.format)
    return Answer(answer.format, answer.key, (*declared, *answer.mistakes))
