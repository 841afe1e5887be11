"""Provides SheetVisual: the base of the kind visuals, which draw a SheetView assigned to them."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widget import Widget

from tutor.session.view import SheetView


class SheetVisual(Widget):
    """Base of the kind visuals: the screen assigns `view`, the visual draws it."""

    view: reactive[SheetView | None] = reactive(None, layout=True)
    """The worksheet, the entries and the focused blank to draw."""
