"""Provides `ask` for the autodiff kinds: which blanks a sheet shows, the rest kept for checking.

`ask` lists sections (`values`, `tangents`, `adjoints`, `jacobian`) or blank ids, or id prefixes
(`tangent:x1` for the tangents seeded on x1). Blanks not asked are not shown or graded, but stay
on the worksheet (`Worksheet.hidden`) so that follow-through and diagnosis still use their rules:
a Jacobian entry asked without its trace carries the checking of the trace blank it copies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from exercises.model import Blank, Field, Instance, SpecError, Worksheet

ASK_FIELD = Field(
    (list,),
    'the blanks asked: sections ("values", "tangents", "adjoints", "jacobian", and the '
    'optional "locals", "terms"), ids ("value:a") or id prefixes ("tangent:x1"); default '
    "every blank but the optional ones",
)
_PLURALS = {
    "values": "value",
    "tangents": "tangent",
    "adjoints": "adjoint",
    "locals": "local",
    "terms": "term",
}


def _matches(item: str, blank_id: str) -> bool:
    return blank_id == item or blank_id.startswith(item + ":")


def select(ask: Any, blanks: Sequence[Blank]) -> tuple[list[Blank], list[Blank]]:
    """The blanks asked, in sheet order, and those kept hidden."""
    if ask is None:
        return list(blanks), []
    if not isinstance(ask, list) or not ask or not all(isinstance(a, str) for a in ask):
        raise SpecError("ask", 'ask is a list, e.g. ask = ["jacobian"] or ["values", "value:f"]')
    items = [_PLURALS.get(a.strip(), a.strip()) for a in ask]
    for original, item in zip(ask, items, strict=True):
        if not any(_matches(item, b.id) for b in blanks):
            sections = sorted({b.id.split(":")[0] for b in blanks})
            raise SpecError(
                "ask",
                f"{original!r} names no blank here; ask sections ({', '.join(sections)}), "
                f"ids such as {blanks[0].id!r}, or id prefixes",
            )
    shown = [b for b in blanks if any(_matches(item, b.id) for item in items)]
    hidden = [b for b in blanks if b not in shown]
    return _self_contained(shown, {b.id: b for b in hidden}), hidden


def _self_contained(shown: list[Blank], hidden: Mapping[str, Blank]) -> list[Blank]:
    """A Jacobian entry that copies a hidden trace blank checks as that blank would."""
    found = []
    for blank in shown:
        source = hidden.get(blank.depends_on[0]) if len(blank.depends_on) == 1 else None
        if blank.id.startswith("jacobian:") and source is not None and source.recompute:
            blank = replace(
                blank,
                depends_on=source.depends_on,
                recompute=source.recompute,
                mistakes=(*source.mistakes, *blank.mistakes),
                hints=(*blank.hints[:1], *source.hints),
            )
        found.append(blank)
    return found


def asked_worksheet(
    instance: Instance,
    prompt: str,
    blanks: Sequence[Blank],
    result: Mapping[str, Any],
    visual: Any = None,
) -> Worksheet:
    """The instance's worksheet with only the blanks `ask` names (all without `ask`)."""
    shown, hidden = select(instance.fields.get("ask"), blanks)
    if hidden:
        sections = list(dict.fromkeys(b.section for b in shown if b.section))
        prompt += "\n\nAsked here: " + "; ".join(sections) + "."
    return instance.worksheet(prompt, shown, result, visual, hidden)
