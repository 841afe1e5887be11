"""Provides the working of a blank: the rule, the student's numbers substituted, the result.

A worked solution shows how each answer comes about, not only the number. The numbers put into
a blank's rule are the student's implied values of its dependencies (their own entries, or what
follows from them, DIAGNOSIS.md §1), the key's where nothing upstream was entered; the result is
the blank's follow-through value from those numbers, so the working agrees with the marking and
says plainly when it differs from the key because an earlier entry is off.

Where the lines come from, most specific first: the blank's own `working` (a kind that keeps
what it needs inside its builder), the working registered for its kind (from the sheet's visual),
else a generic one: the last hint rung, then the answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.errors import MathError
from exercises.implied import ImpliedValues

if TYPE_CHECKING:
    from exercises.model import Blank, Worksheet

KindWorking = Callable[["Worksheet", "Blank", Mapping[str, Any]], Sequence[str] | None]
"""A kind's working: (sheet, blank, implied values of its dependencies) -> the lines before the
result (the rule, then the numbers substituted), or None to fall back to the generic one."""

_FAILURES = (MathError, ArithmeticError, ValueError, KeyError, TypeError, IndexError)


@dataclass(frozen=True)
class Working:
    """How one blank's answer comes about, as lines a person reads top to bottom.

    `lines` end with the result line (`= 32`). `result` is the value those numbers give;
    `off` names the earlier entries that are off and feed it (their labels), so that a result
    that differs from the key can say why.
    """

    blank_id: str
    label: str
    lines: tuple[str, ...]
    result: Any
    result_text: str
    key_text: str
    agrees: bool = True
    off: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """Empty when the result is the key's; else why it is not."""
        if self.agrees:
            return ""
        if self.off:
            return (
                f"this follows from your entry for {', '.join(self.off)}, which "
                f"{'is' if len(self.off) == 1 else 'are'} off; the key is {self.key_text}"
            )
        return f"the key is {self.key_text}"

    def text_lines(self) -> tuple[str, ...]:
        """The label, the lines indented, and the note: for plain text output."""
        note = (f"   ({self.note})",) if self.note else ()
        return (self.label, *(f"   {line}" for line in self.lines), *note)


def working_of(
    worksheet: Worksheet,
    blank_id: str,
    entries: Mapping[str, str] | None = None,
    implied: ImpliedValues | None = None,
) -> Working:
    """The working of one blank, given the student's entries (none: the key's numbers)."""
    if implied is None:
        implied = ImpliedValues(worksheet.blank, worksheet.has_blank, entries or {})
    blank = worksheet.blank(blank_id)
    up = implied.upstream(blank)
    result, used_entries = _result(blank, implied, up.implied)
    steps = _steps(worksheet, blank, up.implied)
    result_text = _show(blank, result)
    lines = _with_result(steps, result_text)
    agrees = _agrees(blank, result)
    off = tuple(up.labels.get(b, b) for b in up.off) if used_entries and not agrees else ()
    return Working(blank.id, blank.label, lines, result, result_text, blank.answer_text,
                   agrees, off)  # fmt: skip


def sheet_working(
    worksheet: Worksheet,
    entries: Mapping[str, str] | None = None,
    blank_ids: Sequence[str] | None = None,
) -> list[Working]:
    """The working of the given blanks (None: every blank, in sheet order), one implied
    computation shared between them."""
    implied = ImpliedValues(worksheet.blank, worksheet.has_blank, entries or {})
    ids = [b.id for b in worksheet.blanks] if blank_ids is None else blank_ids
    return [working_of(worksheet, blank_id, entries, implied) for blank_id in ids]


def generic_steps(blank: Blank) -> tuple[str, ...]:
    """The working of a kind with none of its own: the last hint rung (the reason)."""
    return blank.hints[-1:]


def _result(blank: Blank, implied: ImpliedValues, deps: Mapping[str, Any]) -> tuple[Any, bool]:
    """The value that follows from the numbers used, and whether any of them is the student's."""
    sources = [implied.of(d).source for d in deps]
    if blank.recompute is None or all(source == "key" for source in sources):
        return blank.expected, False
    try:
        value = blank.recompute(deps)
    except _FAILURES:
        return blank.expected, False
    return (blank.expected, False) if value is None else (value, True)


def _steps(worksheet: Worksheet, blank: Blank, deps: Mapping[str, Any]) -> tuple[str, ...]:
    """The lines before the result: the blank's own working, its kind's, else the generic."""
    own, kind = blank.working, _kind_workings().get(worksheet.kind)
    attempts: list[Callable[[], Sequence[str] | None]] = []
    if own is not None:
        attempts.append(lambda: own(deps))
    if kind is not None:
        attempts.append(lambda: kind(worksheet, blank, deps))
    for attempt in attempts:
        try:
            lines = attempt()
        except _FAILURES:
            lines = None
        if lines:
            return tuple(lines)
    return generic_steps(blank)


def _with_result(steps: Sequence[str], result_text: str) -> tuple[str, ...]:
    """The steps, then `= result` unless the last step already ends with it."""
    if steps and steps[-1].endswith(f"= {result_text}"):
        return tuple(steps)
    return (*steps, f"= {result_text}")


def _show(blank: Blank, value: Any) -> str:
    try:
        return blank.format.show(value)
    except _FAILURES:
        return blank.answer_text


def _agrees(blank: Blank, value: Any) -> bool:
    if value is blank.expected:
        return True
    try:
        return bool(blank.format.agrees(value, blank.expected))
    except _FAILURES:
        return False


_REGISTRY: dict[str, KindWorking] = {}


def _kind_workings() -> dict[str, KindWorking]:
    """The kind workings, imported on first use (they reach into the kinds' visuals)."""
    if not _REGISTRY:
        from exercises.working import graphs, grids, symbolic

        for kinds in (graphs.WORKINGS, grids.WORKINGS, symbolic.WORKINGS):
            _REGISTRY.update(kinds)
    return _REGISTRY
