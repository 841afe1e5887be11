"""Provides SheetView: a frozen snapshot of a worksheet session, for the kind visuals to draw.

The worksheet screen assigns a new SheetView to its visual whenever something changes
(attributes down). Statuses are the verdict names ("correct", ...); a revealed blank counts
as "correct" here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from exercises.model import Worksheet
from tutor.session.marks import glyph


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class SheetView:
    """What a kind visual needs to draw: the worksheet, the student's entries, the focus."""

    worksheet: Worksheet
    entries: Mapping[str, str] = field(default_factory=_empty)
    statuses: Mapping[str, str] = field(default_factory=_empty)
    focus: str | None = None
    answers: Mapping[str, str] = field(default_factory=_empty)
    """Key texts to show in place of `Blank.answer_text` (simplified expressions), by blank."""
    ascii: bool = False
    """Draw the status marks in their ASCII forms."""

    def status(self, blank_id: str) -> str | None:
        return self.statuses.get(blank_id)

    def glyph(self, blank_id: str) -> str:
        """The status mark of a blank as this view draws it ("" when it has no status)."""
        return glyph(self.statuses.get(blank_id), ascii=self.ascii).strip()

    def is_done(self, blank_id: str) -> bool:
        return self.statuses.get(blank_id) in ("correct", "consistent")

    def answer(self, blank_id: str) -> str:
        """The key of a blank as the app shows it (simplified where that is known)."""
        return self.answers.get(blank_id) or self.worksheet.blank(blank_id).answer_text

    def focused_extra(self) -> Mapping[str, Any]:
        """The focused blank's `extra` (the kind's per-blank data), or an empty mapping."""
        worksheet = self.worksheet
        if self.focus is None or not worksheet.has_blank(self.focus):
            return {}
        return worksheet.blank(self.focus).extra
