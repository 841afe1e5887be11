"""Provides the working of the symbolic kinds' blanks: a derivative by the rule the hints name
(the chain, sum or product rule and its parts), a closed form's value from the student's own
formula with the point put in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from exercises.model import Blank, Worksheet


def rule_working(worksheet: Worksheet, blank: Blank, deps: Mapping[str, Any]) -> Sequence[str]:
    """The hint rungs after the first (the rule, then its parts: outer and inner, u′ and v′)."""
    return blank.hints[1:]


def value_working(worksheet: Worksheet, blank: Blank, deps: Mapping[str, Any]) -> Sequence[str]:
    """A closed form's value: the formula (the student's own where they wrote one), at the point."""
    if len(blank.depends_on) != 1 or blank.depends_on[0] not in deps:
        return ()
    form = worksheet.blank(blank.depends_on[0])
    formula = form.format.show(deps[form.id])
    _, _, point = blank.label.partition(" at ")
    return (f"{form.label} = {formula}", *((f"at {point}",) if point else ()))


WORKINGS = {
    "derivative": rule_working,
    "matrix-gradient": rule_working,
    "expression": value_working,
}
