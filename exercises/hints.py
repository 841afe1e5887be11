"""Provides place_hints: an exercise's own `hints`, each shown once where it belongs.

A hint written as text is about the whole exercise: it is shown once, under the prompt, and
is no rung of any blank's ladder (a pack hint about the adjoint of y has no place on the
value of a). A hint written as a table names the blanks it helps, `{ text = "...", blanks =
["adjoint:f:y"] }`, by id, id prefix (`adjoint`: every adjoint) or section heading; it is the
first rung of those blanks' ladders, before the kind's own rungs. A target that names no blank
is the pack's error, except on a graph the student wrote (its node names are the student's).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from exercises.model import Blank, SpecError

HINTS_FIELD_HELP = (
    'hints = ["about the whole exercise", { text = "about some blanks", blanks = ["adjoint:f:y"] }]'
)


def hint_problem(hint: Any) -> str | None:
    """What is wrong with one entry of `hints` (None when it is a text or a valid table)."""
    if isinstance(hint, str):
        return None
    if not isinstance(hint, Mapping):
        return f"each hint is a text or a table: {HINTS_FIELD_HELP}"
    unknown = sorted(set(hint) - {"text", "blanks"})
    if unknown:
        return f"a hint table has `text` and `blanks`, not {', '.join(map(repr, unknown))}"
    targets = hint.get("blanks")
    if not isinstance(hint.get("text"), str):
        return 'a hint table needs its text: { text = "...", blanks = [...] }'
    if not isinstance(targets, list) or not targets or not all(isinstance(t, str) for t in targets):
        return 'a hint table names its blanks as a list of ids: blanks = ["adjoint:f:y"]'
    return None


def _names(item: str, blank: Blank) -> bool:
    return blank.id == item or blank.id.startswith(item + ":") or blank.section == item


def place_hints(
    hints: Sequence[Any], blanks: Sequence[Blank], hidden: Sequence[Blank] = ()
) -> tuple[tuple[str, ...], list[Blank], list[Blank]]:
    """The general hints (texts), and the blanks (shown and hidden) with each targeted hint
    as a first rung of the blanks it names (a target naming none: see `unplaced`)."""
    general = tuple(h for h in hints if isinstance(h, str))
    targeted = [h for h in hints if isinstance(h, Mapping)]

    def placed(blank: Blank) -> Blank:
        own = tuple(
            str(h["text"]) for h in targeted if any(_names(item, blank) for item in h["blanks"])
        )
        return replace(blank, hints=(*own, *blank.hints)) if own else blank

    return general, [placed(b) for b in blanks], [placed(b) for b in hidden]


def unplaced(hints: Sequence[Any], blanks: Sequence[Blank]) -> SpecError | None:
    """The error for the first hint target that names none of `blanks`, if any."""
    for number, hint in enumerate(hints):
        for item in hint.get("blanks", ()) if isinstance(hint, Mapping) else ():
            if not any(_names(item, b) for b in blanks):
                prefixes = sorted({b.id.split(":")[0] for b in blanks})
                return SpecError(
                    f"hints[{number}]",
                    f"{item!r} names no blank here; name ids such as {blanks[0].id!r}, id "
                    f"prefixes ({', '.join(prefixes)}) or section headings",
                )
    return None


def with_general_hints(prompt: str, general: Sequence[str]) -> str:
    """The prompt followed by the exercise's general hints, each once."""
    return "\n\n".join([prompt, *(f"Hint: {hint}" for hint in general)])
