"""Provides OptimizerPlot: the loss along the iterates, a braille plot growing as they are filled.

The loss at iterate t is plotted once the student has the iterate (a ✓ or ~ on `iterate:t`);
the numbers come from the worksheet's visual (or its `result`), never from the screen.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text
from textual.widget import Widget

from engine.answers import show_number
from tutor.session.marks import symbol
from tutor.session.view import SheetView
from tutor.widgets.sheet_visual import SheetVisual

_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""Braille dot bits by (row within the cell, column within the cell)."""


class BraillePlot:
    """A line plot of (x, y) points in braille dots, with the y range on the left."""

    def __init__(
        self,
        points: Sequence[tuple[float, float]],
        x_range: tuple[float, float],
        height: int = 8,
        x_label: str = "t",
        ascii: bool = False,
    ) -> None:
        self.points = [(x, y) for x, y in points if math.isfinite(y)]
        self.x_range = x_range
        self.height = max(2, height)
        self.x_label = x_label
        self.ascii = ascii

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        ys = [y for _, y in self.points] or [0.0]
        low, high = min(ys), max(ys)
        if high - low < 1e-12:
            low, high = low - 1, high + 1
        labels = (show_number(float(f"{high:.3g}")), show_number(float(f"{low:.3g}")))
        margin = max(len(label) for label in labels) + 1
        width = max(4, min(options.max_width - margin, 60))
        cells = [[0] * width for _ in range(self.height)]
        dots_w, dots_h = width * 2, self.height * 4
        x0, x1 = self.x_range
        span = (x1 - x0) or 1.0

        def dot(x: float, y: float) -> tuple[int, int]:
            col = round((x - x0) / span * (dots_w - 1))
            row = round((high - y) / (high - low) * (dots_h - 1))
            return col, row

        def plot(col: int, row: int) -> None:
            if 0 <= col < dots_w and 0 <= row < dots_h:
                cells[row // 4][col // 2] |= _DOTS[row % 4][col % 2]

        previous: tuple[int, int] | None = None
        for x, y in self.points:
            here = dot(x, y)
            if previous is None:
                plot(*here)
            else:
                steps = max(abs(here[0] - previous[0]), abs(here[1] - previous[1]), 1)
                for k in range(steps + 1):
                    plot(
                        round(previous[0] + (here[0] - previous[0]) * k / steps),
                        round(previous[1] + (here[1] - previous[1]) * k / steps),
                    )
            previous = here
        for index, row in enumerate(cells):
            label = labels[0] if index == 0 else labels[1] if index == self.height - 1 else ""
            yield Segment(label.rjust(margin - 1) + symbol("axis", ascii=self.ascii))
            if self.ascii:
                yield Segment("".join("*" if bits else " " for bits in row))
            else:
                yield Segment("".join(chr(0x2800 + bits) for bits in row))
            yield Segment.line()
        left, right = f"{self.x_label}={x0:g}", f"{self.x_label}={x1:g}"
        yield Segment(" " * margin + left + right.rjust(width - len(left)))
        yield Segment.line()


def shown_steps(view: SheetView, steps: int) -> list[int]:
    """Iterates whose loss is plotted, in order while the student has them.

    Iterate t counts once `iterate:t` is ✓ or ~ (the start needs nothing) and, where the
    sheet asks for the loss `loss:t` itself, once that is done too: the plot never gives
    away a blank.
    """
    sheet = view.worksheet
    shown = []
    for t in range(steps):
        needed = [f"iterate:{t}", f"loss:{t}"] if t else [f"loss:{t}"]
        if all(view.is_done(b) for b in needed if sheet.has_blank(b)):
            shown.append(t)
        else:
            break
    return shown


class OptimizerPlot(SheetVisual):
    """The visual of the gradient-descent kind."""

    def render(self) -> RenderableType:
        view = self.view
        if view is None:
            return Text("")
        visual: Any = view.worksheet.visual
        losses = list(getattr(visual, "losses", None) or view.worksheet.result.get("losses", ()))
        if not losses:
            return Text("No losses to plot.")
        shown = shown_steps(view, len(losses))
        if not shown:
            return Text("The loss plot starts once f(w(0)) is filled in.")
        points = [(float(t), float(losses[t])) for t in shown]
        room = self.parent.size.height if isinstance(self.parent, Widget) else 14
        height = max(3, min(12, room - 6))
        parts: list[RenderableType] = [
            Text("loss f(w(t)) along the iterates", style="bold"),
            BraillePlot(points, (0.0, float(len(losses) - 1)), height, ascii=view.ascii),
        ]
        last = shown[-1]
        parts.append(
            Text(
                f"f(w({last})) = {show_number(float(losses[last]))}"
                f"   ({len(shown)} of {len(losses)} iterates)"
            )
        )
        if getattr(visual, "diverged", False) and last == len(losses) - 1:
            parts.append(Text("the iterates diverge: the loss grows without bound", style="bold"))
        return Group(*parts)
