"""Provides NetworkTable: the layer table of a network-size worksheet, filled in as blanks are."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from tutor.render import short_entry
from tutor.session.view import SheetView
from tutor.widgets.sheet_visual import SheetVisual


def entry_cell(view: SheetView, blank_id: str) -> Text:
    """The student's entry for a blank with its glyph; `·` while empty, `-` if not asked."""
    if not blank_id or not view.worksheet.has_blank(blank_id):
        return Text("-", style="dim")
    entry = view.entries.get(blank_id, "")
    if not entry:
        return Text("·", style="dim")
    return Text(f"{short_entry(entry)} {view.glyph(blank_id)}".rstrip())


class NetworkTable(SheetVisual):
    """The visual of the network-size kind: one row per layer, the focused layer marked."""

    def render(self) -> RenderableType:
        view = self.view
        if view is None:
            return Text("")
        visual: Any = view.worksheet.visual
        table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold", expand=True)
        table.add_column("#", justify="right")
        table.add_column("layer", no_wrap=True, overflow="ellipsis", ratio=1)
        table.add_column("output shape", justify="right", no_wrap=True)
        table.add_column("params", justify="right", no_wrap=True)
        shape = "x".join(str(n) for n in visual.input_shape)
        table.add_row("", "input", shape, "")
        for layer in visual.layers:
            focused = view.focus in (layer.shape_blank, layer.params_blank)
            name = Text(layer.name)
            if layer.settings:
                name.append(f" {layer.settings}", style="dim")
            table.add_row(
                str(layer.index),
                name,
                entry_cell(view, layer.shape_blank),
                entry_cell(view, layer.params_blank),
                style="reverse" if focused else None,
            )
        if view.worksheet.has_blank("total"):
            table.add_row(
                "",
                Text("total", style="bold"),
                "",
                entry_cell(view, "total"),
                style="reverse" if view.focus == "total" else None,
            )
        return self.drawn(table)
