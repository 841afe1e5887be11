"""Provides the reading of a closed-form answer from a pack: its format, key, mistakes and value.

Shared by the `expression` kind and by expression questions of the `questions` kind. Scalar
formulas (`variables`) use engine.equivalence; matrix formulas (`shapes`) engine.matrix_answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.answers import AnswerFormat, ArrayFormat, Tolerance, number_format
from engine.checking import Mistake, constant
from engine.closed_forms import (
    MatrixClosedFormat,
    ScalarClosedFormat,
    read_lets,
    read_matrix_lets,
)
from engine.equivalence import SYMBOLIC_TOLERANCE, Formula, formulas_agree
from engine.errors import MathError
from engine.expr import evaluate, parse
from engine.matrix_answers import MATRIX_TOLERANCE, MatrixAnswer, WrongShape
from engine.matrix_expr import Shape, scalar_like, shape_text
from engine.names import is_free_name
from exercises.kinds.derivative import _read_domain, fold_integers
from exercises.kinds.fields import read_number
from exercises.kinds.matrix_gradient import _read_shapes
from exercises.model import Field, SpecError

#: The fields a closed form is read from, for the kinds that declare them.
CLOSED_FORM_FIELDS: dict[str, Field] = {
    "answer": Field((str,), "the key, a formula in the variables", True),
    "variables": Field((list,), "the scalar variables, a list of names"),
    "shapes": Field((dict,), "matrices and their shapes: { X = [2, 3], t = [2, 1], n = [] }"),
    "let": Field((dict,), 'abbreviations the student may type: { a0 = "X@w0 - t" }'),
    "domain": Field((dict,), "intervals the scalar sample points are drawn from: { x = [0.1, 3] }"),
    "mistakes": Field(
        (list,), 'known wrong answers: [{ answer = "...", message = "...", id = "..." }]'
    ),
}


@dataclass(frozen=True)
class ClosedForm:
    """A closed-form answer: how entries are read, the key, known mistakes, and its value."""

    format: AnswerFormat
    key: Any
    mistakes: tuple[Mistake, ...]
    names: tuple[str, ...]  # what the student may type, for prompts
    value_at: Callable[[Any], Any] | None = None  # a formula's value at the `at` point
    value_format: AnswerFormat | None = None
    value: Any = None


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SpecError(field, f"expected a formula in quotes, got {value!r}")
    return value


def _names(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
        raise SpecError(field, f'expected a list of names, e.g. {field} = ["x", "λ"]')
    for name in value:
        if not is_free_name(name):
            raise SpecError(field, f"{name!r} cannot name a variable (use letters, digits and _)")
    return list(value)


def _lets(value: Any, field: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise SpecError(field, f'let is a table of abbreviations: {field} = {{ a0 = "X@w0 - t" }}')
    for name, text in value.items():
        if not is_free_name(name):
            raise SpecError(f"{field}.{name}", f"{name!r} cannot name an abbreviation")
        _text(text, f"{field}.{name}")
    return dict(value)


def read_closed_form(
    spec: Mapping[str, Any],
    prefix: str,
    context: str,
    tolerance: Tolerance | None,
    at: Mapping[str, Any] | None = None,
) -> ClosedForm:
    """Read `answer`, `variables`/`shapes`, `let`, `domain`, `mistakes` (fields under `prefix`)."""
    if spec.get("shapes") is not None:
        return _matrix_form(spec, prefix, context, tolerance, at)
    return _scalar_form(spec, prefix, context, tolerance, at)


def _scalar_form(
    spec: Mapping[str, Any],
    prefix: str,
    context: str,
    tolerance: Tolerance | None,
    at: Mapping[str, Any] | None,
) -> ClosedForm:
    answer = _text(spec.get("answer"), prefix + "answer")
    declared = _names(spec.get("variables"), prefix + "variables")
    texts = _lets(spec.get("let"), prefix + "let")
    if clash := [n for n in texts if n in declared]:
        raise SpecError(prefix + "let", f"{clash[0]!r} is a variable; an abbreviation needs a name")
    try:
        variables = declared or [n for n in parse(answer, None).variables() if n not in texts]
        lets = read_lets(texts, variables)
    except MathError as error:
        raise SpecError(prefix + "let", f"cannot read an abbreviation: {error}") from None
    domain = _read_domain(spec.get("domain"), variables)
    answer_format = ScalarClosedFormat(
        tuple(variables), context, domain, tolerance or SYMBOLIC_TOLERANCE, lets
    )
    try:
        key = answer_format.read(answer).value
    except MathError as error:
        raise SpecError(prefix + "answer", f"cannot read {answer!r}: {error}") from None
    key = Formula(fold_integers(key.expr), key.text)
    if not formulas_agree(key, key, variables, context, dict(domain)):
        raise SpecError(
            prefix + "domain",
            f"{answer!r} is undefined at most sample points; set a domain where it is defined, "
            "e.g. domain = { x = [0.1, 3] }",
        )
    mistakes = [
        Mistake("sign-flip", "the sign is flipped", constant(key.scaled(-1, "-key"))),
        *constant_factor_mistakes(lambda factor, text: key.scaled(factor, f"{text}·key")),
    ]
    form = ClosedForm(
        answer_format,
        key,
        (*declared_mistakes(spec, prefix, answer_format), *mistakes),
        (*variables, *texts),
    )
    if at is None:
        return form
    point = {name: read_number(at.get(name), f"at.{name}") for name in variables}

    def value_at(formula: Any) -> float:
        return evaluate(formula.expr, point)

    try:
        value = value_at(key)
    except MathError as error:
        raise SpecError("at", f"the answer cannot be evaluated there: {error}") from None
    return ClosedForm(
        form.format,
        key,
        form.mistakes,
        form.names,
        value_at,
        number_format(value, tolerance),
        value,
    )


def declared_mistakes(
    spec: Mapping[str, Any], prefix: str, answer_format: AnswerFormat
) -> list[Mistake]:
    """The pack's own wrong answers, each read like an entry."""
    declared = spec.get("mistakes", [])
    if not isinstance(declared, list):
        raise SpecError(prefix + "mistakes", "mistakes is a list of tables")
    found = []
    for index, item in enumerate(declared):
        where = f"{prefix}mistakes[{index}]"
        if not isinstance(item, Mapping) or not {"answer", "message"} <= set(item):
            raise SpecError(where, '{ answer = "...", message = "...", id = "..." } expected')
        if unknown := set(item) - {"answer", "message", "id"}:
            raise SpecError(where, f"unknown key {sorted(unknown)[0]!r} (answer, message, id)")
        mistake_id = item.get("id", "known-mistake")
        if not isinstance(mistake_id, str) or not mistake_id.replace("-", "").isalnum():
            raise SpecError(where + ".id", "a mistake id is lowercase words joined by dashes")
        try:
            value = answer_format.read(str(item["answer"])).value
        except MathError as error:
            raise SpecError(where + ".answer", f"cannot read {item['answer']!r}: {error}") from None
        found.append(Mistake(mistake_id, str(item["message"]), constant(value)))
    return found


def _matrix_form(
    spec: Mapping[str, Any],
    prefix: str,
    context: str,
    tolerance: Tolerance | None,
    at: Mapping[str, Any] | None,
) -> ClosedForm:
    answer = _text(spec.get("answer"), prefix + "answer")
    try:
        shapes: dict[str, Shape] = _read_shapes(spec["shapes"])
    except SpecError as error:
        raise SpecError(prefix + error.field, error.message) from None
    for name in _names(spec.get("variables"), prefix + "variables"):
        if name == "T":
            raise SpecError(prefix + "variables", "T cannot be a variable here: x^T is a transpose")
        shapes.setdefault(name, ())
    texts = _lets(spec.get("let"), prefix + "let")
    try:
        lets = read_matrix_lets(texts, shapes)
    except MathError as error:
        raise SpecError(prefix + "let", f"cannot read an abbreviation: {error}") from None
    answer_format = MatrixClosedFormat(
        tuple(shapes.items()), context, tolerance or MATRIX_TOLERANCE, lets
    )
    key = answer_format.read(answer).value
    if key.shape is None:
        message = answer_format.read(answer).shown.split(" — ", 1)[-1]
        raise SpecError(prefix + "answer", f"cannot read {answer!r}: {message}")
    shape = key.shape
    mistakes = [
        Mistake(
            "shape-mismatch",
            f"the answer is {shape_text(shape)}: work out the shape of each piece before "
            "adding or multiplying",
            constant(WrongShape(shape)),
        ),
        Mistake("sign-flip", "the sign is flipped", constant(key.scaled(-1.0))),
        *constant_factor_mistakes(lambda factor, text: key.scaled(factor)),
    ]
    form = ClosedForm(
        answer_format,
        key,
        (*declared_mistakes(spec, prefix, answer_format), *mistakes),
        (*shapes, *texts),
    )
    if at is None:
        return form
    env = {name: _matrix_value(at.get(name), name, shape) for name, shape in shapes.items()}

    def value_at(entry: Any) -> Any:
        if not isinstance(entry, MatrixAnswer) or entry.compute is None:
            raise ValueError("the formula cannot be evaluated")
        with np.errstate(all="ignore"):
            result = np.asarray(entry.compute(env), dtype=np.float64)
        return _as_answer(result, entry.shape)

    value = value_at(key)
    if scalar_like(shape):
        value_format: AnswerFormat = number_format(value, tolerance)
    else:
        value_format = ArrayFormat(_array_shape(shape), tolerance or Tolerance())
    return ClosedForm(form.format, key, form.mistakes, form.names, value_at, value_format, value)


def _array_shape(shape: Shape) -> tuple[int, ...]:
    return (shape[0],) if shape[1] == 1 else shape


def _as_answer(value: Any, shape: Shape | None) -> Any:
    if shape is None:
        raise ValueError("the formula's shapes do not fit")
    if scalar_like(shape):
        return float(value.reshape(-1)[0])
    if shape[1] == 1:
        return tuple(float(v) for v in value.reshape(-1))
    return tuple(tuple(float(v) for v in row) for row in value)


def _matrix_value(value: Any, name: str, shape: Shape) -> Any:
    field = f"at.{name}"
    if value is None:
        raise SpecError("at", f"give a value for {name} ({shape_text(shape)})")
    if not shape:
        return read_number(value, field)
    try:
        array = np.asarray(
            [
                [read_number(v, field) for v in row]
                if isinstance(row, list)
                else [read_number(row, field)]
                for row in (value if isinstance(value, list) else [value])
            ],
            dtype=np.float64,
        )
    except ValueError:
        raise SpecError(
            field, f"{name} is {shape_text(shape)}: give rows of equal length"
        ) from None
    if array.shape != shape and array.T.shape == shape and shape[1] == 1:
        array = array.T
    if array.shape != shape and array.size == shape[0] * shape[1] and 1 in shape:
        array = array.reshape(shape)
    if array.shape != shape:
        raise SpecError(field, f"{name} is {shape_text(shape)}, not {shape_text(array.shape)}")
    return array


def constant_factor_mistakes(scaled: Callable[[float, str], Any]) -> tuple[Mistake, ...]:
    """The key times 2 or times 1/2: right up to a constant factor (`scaled(factor, text)`)."""
    return tuple(
        Mistake(
            "constant-factor",
            f"right up to a constant factor: this is {text} times the answer",
            constant(scaled(factor, text)),
        )
        for factor, text in ((2.0, "2"), (0.5, "1/2"))
    )
