"""Provides ConvolutionGrid: the padded input with the focused output cell's window, and the kernel.

Window cells are drawn in reverse video and in brackets, so they read without colour too;
padding is dim. Large inputs are cropped around the window to fit the panel.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widget import Widget

from engine.answers import show_number
from tutor.widgets.sheet_view import SheetVisual

Matrix = Sequence[Sequence[float]]


def cell_text(value: float) -> str:
    if math.isinf(value):
        return "-∞" if value < 0 else "∞"
    return show_number(value)


def visible_range(size: int, focus: Sequence[int], room: int) -> range:
    """At most `room` consecutive indices out of `size`, keeping the `focus` indices in view."""
    if size <= room:
        return range(size)
    low, high = (min(focus), max(focus)) if focus else (0, 0)
    start = max(0, min(size - room, (low + high) // 2 - room // 2))
    return range(start, start + room)


def grid_text(
    matrix: Matrix,
    rows: Sequence[int],
    cols: Sequence[int],
    padding: tuple[int, int],
    width: int,
    height: int,
) -> Text:
    """The matrix with the (rows x cols) window marked, cropped to `width` x `height` cells."""
    n_rows, n_cols = len(matrix), len(matrix[0]) if matrix else 0
    cell = max((len(cell_text(v)) for row in matrix for v in row), default=1) + 2
    shown_rows = visible_range(n_rows, rows, max(1, height))
    shown_cols = visible_range(n_cols, cols, max(1, width // cell))
    in_rows, in_cols = set(rows), set(cols)
    text = Text()
    if (
        shown_rows.start > 0
        or shown_cols.start > 0
        or shown_rows.stop < n_rows
        or shown_cols.stop < n_cols
    ):
        text.append(
            f"rows {shown_rows.start}-{shown_rows.stop - 1}, "
            f"columns {shown_cols.start}-{shown_cols.stop - 1} of "
            f"{n_rows}x{n_cols}\n",
            style="dim",
        )
    for i in shown_rows:
        for j in shown_cols:
            value = cell_text(matrix[i][j])
            padded = (
                i < padding[0]
                or i >= n_rows - padding[0]
                or j < padding[1]
                or j >= n_cols - padding[1]
            )
            if i in in_rows and j in in_cols:
                text.append(f"[{value}]".rjust(cell), style="reverse bold")
            else:
                text.append(f" {value} ".rjust(cell), style="dim" if padded else "")
        text.append("\n")
    text.rstrip()
    return text


class ConvolutionGrid(SheetVisual):
    """The visual of the convolution and pooling kinds."""

    def render(self) -> RenderableType:
        view = self.view
        if view is None:
            return Text("")
        visual: Any = view.worksheet.visual
        extra = view.focused_extra()
        rows, cols = tuple(extra.get("rows", ())), tuple(extra.get("cols", ()))
        channels = tuple(extra.get("channels", range(len(visual.input))))
        out_channel = int(extra.get("channel", 0))
        room = self.parent.size if isinstance(self.parent, Widget) else None
        width = max(12, self.size.width or 40)
        height = room.height if room is not None and room.height else 24
        budget = max(3, (height - 6 - 4 * len(channels)) // max(1, len(channels)))
        parts: list[RenderableType] = []
        if "row" in extra:
            where = f"out[{extra['row']}, {extra['col']}]"
            parts.append(Text(f"{where} reads the marked window", style="bold"))
        else:
            parts.append(
                Text(f"{visual.operation}: output {_shape(visual.output_shape)}", style="bold")
            )
        padding = tuple(visual.padding)
        for channel in channels:
            title = "input (padded)" if any(padding) else "input"
            if len(visual.input) > 1:
                title += f", channel {channel}"
            parts.append(Text(title, style="underline"))
            parts.append(grid_text(visual.input[channel], rows, cols, padding, width, budget))
        parts.extend(self._kernel(visual, out_channel, channels, width))
        return Group(*parts)

    @staticmethod
    def _kernel(
        visual: Any, out_channel: int, channels: Sequence[int], width: int
    ) -> list[RenderableType]:
        if not visual.kernel:
            size = "x".join(str(n) for n in visual.window)
            return [Text(f"{visual.operation} window {size}, stride {_pair(visual.stride)}")]
        parts: list[RenderableType] = []
        flipped = " (flipped before use)" if visual.flip else ""
        for channel in channels:
            kernel = visual.kernel[out_channel][channel]
            title = f"kernel{flipped}"
            if len(visual.kernel) > 1 or len(visual.kernel[out_channel]) > 1:
                title += f" [{out_channel}][{channel}]"
            parts.append(Text(title, style="underline"))
            parts.append(grid_text(kernel, (), (), (0, 0), width, len(kernel)))
        if visual.bias:
            parts.append(Text(f"bias {cell_text(visual.bias[out_channel])}"))
        return parts


def _pair(pair: Sequence[int]) -> str:
    return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]}x{pair[1]}"


def _shape(shape: Sequence[int]) -> str:
    return "x".join(str(n) for n in shape)
