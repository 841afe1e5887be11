"""Provides SheetVisual: the base of the kind visuals, which draw a SheetView assigned to them."""

from __future__ import annotations

from rich.console import RenderableType
from textual.reactive import reactive
from textual.widget import Widget

from tutor.ascii_screen import ascii_renderable
from tutor.session.view import SheetView


class SheetVisual(Widget):
    """Base of the kind visuals: the screen assigns `view`, the visual draws it."""

    view: reactive[SheetView | None] = reactive(None, layout=True)
    """The worksheet, the entries and the focused blank to draw."""

    def drawn(self, renderable: RenderableType) -> RenderableType:
        """What `render` returns: in ASCII mode, the exercise's math signs spelled out."""
        view = self.view
        return ascii_renderable(renderable) if view is not None and view.ascii else renderable
