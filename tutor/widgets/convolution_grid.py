"""Provides ConvolutionGrid: the padded input with the focused output cell's window, and the kernel.

Window cells are drawn in reverse video and in brackets, so they read without colour too;
padding is dim. Large inputs are cropped around the window to fit the panel. The header says
the output shape as the blanks have it (`5x5` when the blanks are `output:I:J`), once the
`shape` blank, when there is one, is done: before, it would give the answer away. Each focused
cell's drawing is kept: Textual measures it, then paints it, and moving back reuses it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from engine.answers import show_number
from tutor.session.view import SheetView
from tutor.widgets.sheet_visual import SheetVisual

Matrix = Sequence[Sequence[float]]
DRAWINGS_KEPT = 256
"""Drawings kept per grid (one per focused cell and panel size); older ones are dropped."""


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


def cell_width(matrix: Matrix) -> int:
    """The width of one cell: the widest number, and room for the window's brackets."""
    return max((len(cell_text(v)) for row in matrix for v in row), default=1) + 2


def grid_text(
    matrix: Matrix,
    rows: Sequence[int],
    cols: Sequence[int],
    padding: tuple[int, int],
    width: int,
    height: int,
    cell: int | None = None,
) -> Text:
    """The matrix with the (rows x cols) window marked, cropped to `width` x `height` cells.

    `cell` is the matrix's `cell_width`, when the caller already knows it.
    """
    n_rows, n_cols = len(matrix), len(matrix[0]) if matrix else 0
    cell = cell or cell_width(matrix)
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


@dataclass(frozen=True)
class Drawing:
    """The grid as drawn for one focused cell and panel size, and its height in lines."""

    group: Group
    height: int


class ConvolutionGrid(SheetVisual):
    """The visual of the convolution and pooling kinds.

    Every line is cut at the panel's width rather than wrapped, so the height is known
    without rendering, and a move asks for a new layout only when the height changes.
    """

    view: reactive[SheetView | None] = reactive(None)
    """The worksheet and the focused blank; `watch_view` lays out again if the height changed."""

    def __init__(self, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self._worksheet: Any = None
        self._drawings: dict[tuple[Any, ...], Drawing] = {}
        self._cells: dict[int, int] = {}
        self._height: int | None = None

    def render(self) -> RenderableType:
        if self.view is None:
            return Text("")
        return self._drawing(self.size.width).group

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        height = self._drawing(width).height if self.view is not None and width else 0
        self._height = height
        return height

    def watch_view(self, view: SheetView | None) -> None:
        width = self.size.width
        if view is None or not width or self._drawing(width).height != self._height:
            self.refresh(layout=True)

    def _drawing(self, width: int) -> Drawing:
        """The drawing for the focused blank at this width, kept for when the focus returns."""
        view = self.view
        assert view is not None
        if view.worksheet is not self._worksheet:
            self._worksheet = view.worksheet
            self._drawings.clear()
            self._cells.clear()
        room = self.parent.size if isinstance(self.parent, Widget) else None
        height = room.height if room is not None and room.height else 24
        width = max(12, width or 40)
        key = (view.focus, width, height, _shape_shown(view))
        drawing = self._drawings.get(key)
        if drawing is None:
            if len(self._drawings) >= DRAWINGS_KEPT:
                self._drawings.clear()
            parts = self._draw(view, width, height)
            for part in parts:
                part.no_wrap, part.overflow = True, "ellipsis"
            lines = sum(part.plain.count("\n") + 1 for part in parts)
            drawing = self._drawings[key] = Drawing(Group(*parts), lines)
        return drawing

    def _draw(self, view: SheetView, width: int, height: int) -> list[Text]:
        """The header, the input window of the focused cell, and the kernel."""
        visual: Any = view.worksheet.visual
        extra = view.focused_extra()
        rows, cols = tuple(extra.get("rows", ())), tuple(extra.get("cols", ()))
        channels = tuple(extra.get("channels", range(len(visual.input))))
        out_channel = int(extra.get("channel", 0))
        budget = max(3, (height - 6 - 4 * len(channels)) // max(1, len(channels)))
        parts: list[Text] = []
        if "row" in extra and view.focus is not None:
            label = view.worksheet.blank(view.focus).label
            parts.append(Text(f"{label} reads the marked window", style="bold"))
        elif _shape_shown(view):
            shape = _shape(view.worksheet.result.get("output_shape", visual.output_shape))
            parts.append(Text(f"{visual.operation}: output {shape}", style="bold"))
        else:
            parts.append(Text(f"{visual.operation}: shape to find", style="bold"))
        padding = tuple(visual.padding)
        for channel in channels:
            title = "input (padded)" if any(padding) else "input"
            if len(visual.input) > 1:
                title += f", channel {channel}"
            matrix = visual.input[channel]
            cell = self._cells.get(channel)
            if cell is None:
                cell = self._cells[channel] = cell_width(matrix)
            parts.append(Text(title, style="underline"))
            parts.append(grid_text(matrix, rows, cols, padding, width, budget, cell))
        parts.extend(self._kernel(visual, out_channel, channels, width))
        return parts

    @staticmethod
    def _kernel(visual: Any, out_channel: int, channels: Sequence[int], width: int) -> list[Text]:
        if not visual.kernel:
            size = "x".join(str(n) for n in visual.window)
            return [Text(f"{visual.operation} window {size}, stride {_pair(visual.stride)}")]
        parts: list[Text] = []
        flipped = " (flipped before use)" if visual.flip else ""
        # a filter's own slices: in a grouped convolution, only its group's channels
        for position, kernel in enumerate(visual.kernel[out_channel]):
            title = f"kernel{flipped}"
            if len(visual.kernel) > 1 or len(visual.kernel[out_channel]) > 1:
                title += f" [{out_channel}][{position}]"
            parts.append(Text(title, style="underline"))
            parts.append(grid_text(kernel, (), (), (0, 0), width, len(kernel)))
        if visual.bias:
            parts.append(Text(f"bias {cell_text(visual.bias[out_channel])}"))
        return parts


def _shape_shown(view: SheetView) -> bool:
    """The output shape may be shown once it is not (or no longer) a question."""
    return not view.worksheet.has_blank("shape") or view.is_done("shape")


def _pair(pair: Sequence[int]) -> str:
    return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]}x{pair[1]}"


def _shape(shape: Sequence[int]) -> str:
    return "x".join(str(n) for n in shape)
