"""Provides SheetView (a snapshot of a worksheet, its entries and focus) and SheetVisual.

The worksheet screen assigns a new SheetView to its visual whenever something changes; the
visual draws it (attributes down). Statuses are the verdict names ("correct", ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from textual.reactive import reactive
from textual.widget import Widget


@dataclass(frozen=True)
class SheetView:
    """What a kind visual needs to draw: the worksheet, the student's entries, the focus."""

    worksheet: Any
    entries: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    statuses: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    focus: str | None = None
    answers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Key texts to show in place of `Blank.answer_text` (simplified expressions), by blank."""

    @classmethod
    def of(
        cls, state: Any, focus: str | None, answers: Mapping[str, str] | None = None
    ) -> SheetView:
        """A snapshot of a SheetState; revealed blanks count as correct."""
        statuses = dict(state.statuses)
        statuses.update({blank_id: "correct" for blank_id in state.revealed})
        return cls(state.worksheet, dict(state.entries), statuses, focus, dict(answers or {}))

    def status(self, blank_id: str) -> str | None:
        return self.statuses.get(blank_id)

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
        extra: Mapping[str, Any] = worksheet.blank(self.focus).extra
        return extra


class SheetVisual(Widget):
    """Base of the kind visuals: the screen assigns `view`, the visual draws it."""

    view: reactive[SheetView | None] = reactive(None, layout=True)
    """The worksheet, the entries and the focused blank to draw."""
