"""Provides the working of the grid kinds' blanks: a convolution cell (the window, the kernel,
the products, their sum, the bias), a pooling cell (the window, its max or mean), the shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.answers import show_number
from engine.conv import Geometry
from exercises.kinds.grids import term
from exercises.kinds.output_cells import GridVisual
from exercises.kinds.windows import size_rule, size_terms, span

if TYPE_CHECKING:
    from exercises.model import Blank, Worksheet

Deps = Mapping[str, Any]


def grid_working(worksheet: Worksheet, blank: Blank, deps: Deps) -> Sequence[str] | None:
    visual = worksheet.visual
    if not isinstance(visual, GridVisual):
        return None
    if blank.id == "shape":
        return _shape_lines(visual)
    if "row" not in blank.extra:
        return None
    if visual.operation == "convolution":
        return _conv_lines(visual, blank)
    return _pool_lines(visual, blank)


def _geometry(visual: GridVisual) -> Geometry:
    return Geometry(visual.window, visual.padding, visual.stride, visual.dilation)


def _shape_lines(visual: GridVisual) -> list[str]:
    geometry = _geometry(visual)
    p, q = visual.padding
    h, w = len(visual.input[0]) - 2 * p, len(visual.input[0][0]) - 2 * q
    out_h, out_w = geometry.output_hw(h, w)
    rows, cols = size_terms((h, w), geometry)
    lines = [f"{size_rule(geometry)}, the same for W", f"H_out = {rows} = {out_h}",
             f"W_out = {cols} = {out_w}"]  # fmt: skip
    channels = visual.output_shape[0]
    if channels > 1:
        why = "one per filter" if visual.operation == "convolution" else "as many as the input"
        lines.insert(1, f"channels: {channels}, {why}")
    return lines


def _window(visual: GridVisual, channel: int, rows: Sequence[int], cols: Sequence[int]) -> Any:
    grid = np.asarray(visual.input[channel], dtype=float)
    return grid[np.ix_(list(rows), list(cols))]


def _matrix(values: Any) -> str:
    """A small matrix as the sheet's syntax reads it: `[[1, -2], [3, 4]]`."""
    return "[" + ", ".join("[" + ", ".join(_number(v) for v in row) + "]" for row in values) + "]"


def _number(value: Any) -> str:
    return "−∞" if value == -np.inf else show_number(float(value))


def _conv_lines(visual: GridVisual, blank: Blank) -> list[str]:
    c, rows, cols = blank.extra["channel"], blank.extra["rows"], blank.extra["cols"]
    channels = blank.extra.get("channels", tuple(range(len(visual.input))))
    where = f"padded rows {span(rows)}, columns {span(cols)}"
    bias = visual.bias[c] if visual.bias else None
    rule = f"{blank.label} = Σ kernel · window" + (" + bias" if bias is not None else "")
    lines = [rule + f" ({where})"]
    products: list[tuple[float, float]] = []
    for position, channel in enumerate(channels):
        window = _window(visual, channel, rows, cols)
        kernel = np.asarray(visual.kernel[c][position], dtype=float)
        if visual.flip:
            kernel = kernel[::-1, ::-1]
        which = f" (input channel {channel})" if len(channels) > 1 else ""
        flipped = ", rotated by 180°" if visual.flip else ""
        lines.append(f"window{which} = {_matrix(window)}")
        lines.append(f"kernel{which}{flipped} = {_matrix(kernel)}")
        products.extend(zip(kernel.ravel(), window.ravel(), strict=True))
    added = f" + {term(bias)}" if bias is not None else ""
    lines.append("= " + " + ".join(f"{term(k)}·{term(x)}" for k, x in products) + added)
    total = float(sum(k * x for k, x in products))
    nonzero = [term(k * x) for k, x in products if k * x != 0]
    if len(products) > 1 and nonzero:
        left_out = " (the zero products left out)" if len(nonzero) < len(products) else ""
        lines.append("= " + " + ".join(nonzero) + added + left_out)
    if bias is not None:
        lines.append(f"= {show_number(total)}{added}")
    return lines


def _pool_lines(visual: GridVisual, blank: Blank) -> list[str]:
    c, rows, cols = blank.extra["channel"], blank.extra["rows"], blank.extra["cols"]
    window = _window(visual, c, rows, cols)
    values = [term(float(v)) for v in window.ravel()]
    which = f"channel {c}, " if len(visual.input) > 1 else ""
    op = "max" if visual.operation == "max-pool" else "mean"
    lines = [
        f"{blank.label} = {op} of the window ({which}padded rows {span(rows)}, "
        f"columns {span(cols)})",
        f"window = {_matrix(window)}",
    ]
    if op == "max":
        lines.append(f"= max({', '.join(values)})")
    else:
        lines.append(f"= ({' + '.join(values)})/{len(values)}")
        lines.append(f"= {show_number(float(window.sum()))}/{len(values)}")
    return lines


WORKINGS = {"convolution": grid_working, "pooling": grid_working}
