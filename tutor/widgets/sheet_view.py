"""Provides SheetView: an immutable snapshot of a worksheet, the entries and the focused blank.

The worksheet screen assigns a new SheetView to its visual whenever something changes; the
visual draws it (attributes down). Statuses are the verdict names ("correct", ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class SheetView:
    """What a kind visual needs to draw: the worksheet, the student's entries, the focus."""

    worksheet: Any
    entries: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    statuses: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    focus: str | None = None

    def status(self, blank_id: str) -> str | None:
        return self.statuses.get(blank_id)

    def is_done(self, blank_id: str) -> bool:
        return self.statuses.get(blank_id) in ("correct", "consistent")

    def focused_extra(self) -> Mapping[str, Any]:
        """The focused blank's `extra` (the kind's per-blank data), or an empty mapping."""
        worksheet = self.worksheet
        if self.focus is None or not worksheet.has_blank(self.focus):
            return {}
        return worksheet.blank(self.focus).extra
