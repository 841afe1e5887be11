"""Provides the `expression` kind: a closed form the student types, checked at random points.

The key is the pack's formula (`answer`); an entry is accepted when it equals the key as a
function of the declared scalars (`variables`) or matrices (`shapes`). With `at`, the
formula's value at that point is asked too, followed through from the student's own formula.
"""

from __future__ import annotations

from typing import Any

from engine.answers import show_number
from exercises.kinds import register
from exercises.kinds.closed_form import CLOSED_FORM_FIELDS, ClosedForm, read_closed_form
from exercises.model import Blank, Field, Instance, Kind, SpecError, Worksheet

SYNTAX = (
    "Type a formula: `+ - * / ^`, `sqrt exp ln`, products as `2x` or `B ρ`; matrices with "
    "`X^T` (or `Xᵀ`), `A @ x` or `Ax`, `inv(A)` or `A^-1`. Any equal formula is accepted."
)


def answer_blanks(
    form: ClosedForm,
    label: str,
    blank_id: str,
    value_id: str,
    section: str,
    hints: tuple[str, ...] = (),
    point_text: str = "",
) -> list[Blank]:
    """The formula's blank, then its value's blank when the form was read with a point."""
    abbreviations = tuple(n for n in form.names if n not in _variable_names(form))
    let_hint = (
        (f"You may type the abbreviations {', '.join(abbreviations)} as they are defined.",)
        if abbreviations
        else ()
    )
    blanks = [
        Blank(
            id=blank_id,
            label=label,
            expected=form.key,
            format=form.format,
            mistakes=form.mistakes,
            hints=(
                f"Write {label} as a formula in {', '.join(_variable_names(form))}.",
                *hints,
                *let_hint,
            ),
            section=section,
        )
    ]
    if form.value_at is not None and form.value_format is not None:
        value_at = form.value_at
        blanks.append(
            Blank(
                id=value_id,
                label=f"{label} at {point_text}" if point_text else f"value of {label}",
                expected=form.value,
                format=form.value_format,
                depends_on=(blank_id,),
                recompute=lambda deps: value_at(deps[blank_id]),
                hints=(f"Put the numbers {point_text} into your formula for {label}.",),
                section=section,
            )
        )
    return blanks


def _variable_names(form: ClosedForm) -> tuple[str, ...]:
    names = getattr(form.format, "variables", None)
    if names is not None:
        return tuple(names)
    return tuple(name for name, _ in getattr(form.format, "shapes", ()))


def point_text(at: Any) -> str:
    """`x = 1, y = 2` for a table of numbers; matrices are written as lists."""
    parts = []
    for name, value in at.items():
        shown = show_number(float(value)) if isinstance(value, (int, float)) else str(value)
        parts.append(f"{name} = {shown}")
    return ", ".join(parts)


def build(instance: Instance) -> Worksheet:
    fields = instance.fields
    at = fields.get("at")
    if at is not None and (not isinstance(at, dict) or not at):
        raise SpecError("at", "at is a table of values: at = { x = 1, λ = 0.5 }")
    context = f"{instance.ref}#{instance.seed}"
    form = read_closed_form(fields, "", context, instance.tolerance, at)
    label = fields.get("label", "answer")
    if not isinstance(label, str) or not label.strip():
        raise SpecError("label", 'label is a short text: label = "w*"')
    where = point_text(at) if at else ""
    blanks = answer_blanks(form, label, "answer", "value", "Closed form", point_text=where)
    names = ", ".join(form.names)
    task = f"Give {label} as a formula in {names}"
    task += f", then its value at {where}." if at else "."
    prompt = (instance.prompt or task) + "\n\n" + SYNTAX
    result: dict[str, Any] = {"answer": form.format.show(form.key), "variables": list(form.names)}
    if at:
        result["value"] = form.value_format.to_json(form.value) if form.value_format else None
    return instance.worksheet(prompt, blanks, result)


register(
    Kind(
        "expression",
        {
            **CLOSED_FORM_FIELDS,
            "at": Field((dict,), "a point: also ask the formula's value there"),
            "label": Field((str,), 'what the answer is called on the sheet: label = "w*"'),
        },
        build,
    )
)
