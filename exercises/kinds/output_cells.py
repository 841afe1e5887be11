"""Provides the blanks of a grid worksheet: the output shape and the output cells asked.

Each output blank's `extra` holds its receptive field (padded rows, columns, input channels),
so the app can highlight the window. Without `ask`, small outputs are asked in full and large
ones by a sample drawn from the seed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.answers import ShapeFormat, Tolerance, number_format
from engine.checking import Mistake
from engine.conv import Array, Geometry, Pair
from exercises.kinds.grids import Matrix
from exercises.kinds.layer_blanks import CHANNELS_LAST
from exercises.kinds.windows import SHAPE_MESSAGES, mistake_id, size_rule, size_terms, wrong_shapes
from exercises.model import Blank, Field, Instance, SpecError, Worksheet

Cell = tuple[int, int, int]
MAX_CELLS = 25  # without `ask`, outputs up to this many cells are asked in full
MAX_ASKED = 1024  # the most cells `ask` may ask (a 32x32 output): a sheet still opens at once
SAMPLE_CELLS = 10  # larger ones: the first cell and 9 more drawn from the seed

ASK_FIELD = Field(
    (list, int),
    "the blanks asked: a list of ids, or a number of output cells drawn from the seed; "
    f"without it, outputs of up to {MAX_CELLS} cells are asked in full, larger ones by the "
    f"first cell and {SAMPLE_CELLS - 1} more drawn from the seed",
)


@dataclass(frozen=True)
class GridVisual:
    """What the app draws beside a convolution or pooling worksheet; data only."""

    operation: str  # "convolution", "max-pool" or "avg-pool"
    input: tuple[Matrix, ...]  # the padded input, one matrix per channel
    padding: Pair
    pad_value: float  # 0.0, or -inf for max pooling
    window: Pair  # kernel or pooling window (rows, columns)
    stride: Pair
    dilation: Pair
    output_shape: tuple[int, ...]  # [C, H, W], also when the blanks are 2-D
    kernel: tuple[tuple[Matrix, ...], ...] = ()  # [out][in], as written (before any flip)
    bias: tuple[float, ...] = ()
    flip: bool = False


@dataclass(frozen=True)
class GridOutput:
    """What a grid kind computed: the output, the wrong outputs of known mistakes, the hints."""

    output: Any  # [C, Ho, Wo]: an array, or LazyCells computed a cell at a time
    geometry: Geometry
    input_hw: Pair
    variants: Mapping[str, tuple[str, Array]]  # mistake id (#tag) -> (message, wrong output)
    cell_hints: Callable[[int, int, int], tuple[str, ...]]
    in_channels: Callable[[int], tuple[int, ...]]  # the input channels output channel c reads
    wrong_shapes: Mapping[str, tuple[str, tuple[int, ...]]] = field(default_factory=dict)

    @property
    def shape(self) -> tuple[int, int, int]:
        c, ho, wo = self.output.shape
        return int(c), int(ho), int(wo)

    @property
    def flat(self) -> bool:
        """One output channel: the blanks are 2-D (`output:I:J`)."""
        return self.shape[0] == 1


def cell_id(cell: Cell, flat: bool) -> str:
    c, i, j = cell
    return f"output:{i}:{j}" if flat else f"output:{c}:{i}:{j}"


def _cell_at(index: int, shape: tuple[int, int, int]) -> Cell:
    """The cell at a row-major index of an output [C, Ho, Wo]."""
    _, ho, wo = shape
    c, rest = divmod(index, ho * wo)
    i, j = divmod(rest, wo)
    return c, i, j


def _index_of(cell: Cell, shape: tuple[int, int, int]) -> int:
    c, i, j = cell
    return (c * shape[1] + i) * shape[2] + j


_CELL_ID = re.compile(r"output:(\d{1,6}):(\d{1,6})(?::(\d{1,6}))?")


def _parse_cell(item: Any, shape: tuple[int, int, int], flat: bool) -> Cell | None:
    """The cell an id names (`output:I:J` or `output:C:I:J`), or None when it names none."""
    match = _CELL_ID.fullmatch(item) if isinstance(item, str) else None
    if match is None:
        return None
    numbers = [int(n) for n in match.groups() if n is not None]
    cell = (0, *numbers) if len(numbers) == 2 else tuple(numbers)
    c, i, j = cell
    if not (c < shape[0] and i < shape[1] and j < shape[2]) or cell_id((c, i, j), flat) != item:
        return None
    return c, i, j


def select_cells(
    ask: Any, shape: tuple[int, int, int], flat: bool, seed: int
) -> tuple[bool, list[Cell]]:
    """Whether the shape is asked, and the output cells asked, in row-major order.

    Cells are addressed by their row-major index, so a huge output is never listed whole.
    """
    total = shape[0] * shape[1] * shape[2]
    if ask is None and total <= MAX_CELLS:
        return True, [_cell_at(n, shape) for n in range(total)]
    if ask is None or (isinstance(ask, int) and not isinstance(ask, bool)):
        count = SAMPLE_CELLS if ask is None else ask
        if not 0 <= count <= MAX_ASKED:
            raise SpecError("ask", f"ask a number of cells from 0 to {MAX_ASKED}, not {count}")
        first = 1 if ask is None else 0
        rest = total - first
        rng = np.random.default_rng([seed & 0xFFFFFFFF, 0xA5C])
        drawn = rng.choice(rest, size=min(count - first, rest), replace=False)
        return True, [_cell_at(n, shape) for n in range(first)] + [
            _cell_at(first + int(n), shape) for n in sorted(drawn)
        ]
    if not isinstance(ask, list) or not ask or len(ask) > MAX_ASKED + 1:
        raise SpecError(
            "ask", f"give a list of blank ids (at most {MAX_ASKED} cells) or a number of cells"
        )
    asked = set()
    for item in ask:
        if item == "shape":
            continue
        cell = _parse_cell(item, shape, flat)
        if cell is None:
            low, high = cell_id(_cell_at(0, shape), flat), cell_id(_cell_at(total - 1, shape), flat)
            raise SpecError(
                "ask", f'{item!r} is not a blank here: ask "shape" and cells {low} to {high}'
            )
        asked.add(cell)
    return "shape" in ask, sorted(asked, key=lambda cell: _index_of(cell, shape))


def grid_worksheet(
    instance: Instance,
    grid: GridOutput,
    channel_rule: str,
    task: str,
    conventions: str,
    visual: GridVisual,
) -> Worksheet:
    """The worksheet of a grid kind: the shape, then the cells asked, in row-major order."""
    shape = grid.shape
    shape_asked, asked = select_cells(instance.fields.get("ask"), shape, grid.flat, instance.seed)
    blanks = [shape_blank(grid, channel_rule)] if shape_asked else []
    blanks += cell_blanks(grid, asked, instance.tolerance)
    return instance.worksheet(
        (instance.prompt or task) + "\n\n" + conventions, blanks, _result(grid, asked), visual
    )


def _result(grid: GridOutput, asked: Sequence[Cell]) -> dict[str, Any]:
    """The whole output; for an output computed a cell at a time, `output` is null and
    `cells` holds the cells asked, by blank id."""
    shape = list(grid.shape[1:]) if grid.flat else list(grid.shape)
    if isinstance(grid.output, np.ndarray):
        output = grid.output[0] if grid.flat else grid.output
        return {"output": output.tolist(), "output_shape": shape}
    cells = {cell_id(cell, grid.flat): float(grid.output[cell]) for cell in asked}
    return {"output": None, "output_shape": shape, "cells": cells}


def shape_blank(grid: GridOutput, channel_rule: str) -> Blank:
    """The output shape: [rows, columns] for one channel, else [channels, rows, columns]."""
    c, ho, wo = grid.shape
    lead: tuple[int, ...] = () if grid.flat else (c,)
    h, w = grid.input_hw
    mistakes = [
        Mistake(mistake_id(key), SHAPE_MESSAGES[mistake_id(key)], _const(shape))
        for key, shape in wrong_shapes(lead, h, w, grid.geometry).items()
    ]
    if not grid.flat:
        mistakes.append(Mistake("channels-last", CHANNELS_LAST, _const((ho, wo, c))))
    mistakes.extend(
        Mistake(mistake_id(key), message, _const(shape))
        for key, (message, shape) in grid.wrong_shapes.items()
    )
    numbers = zip(("H", "W"), size_terms((h, w), grid.geometry), strict=True)
    return Blank(
        id="shape",
        label="output shape" + (" [rows, columns]" if grid.flat else " [channels, rows, columns]"),
        expected=(*lead, ho, wo),
        format=ShapeFormat(),
        mistakes=tuple(mistakes),
        hints=(
            "Count how many positions the window can take down the rows and across the "
            "columns of the padded input. " + channel_rule,
            size_rule(grid.geometry) + ", and the same for W.",
            ", ".join(f"{axis}_out = {size}" for axis, size in numbers),
        ),
        section="Output shape",
    )


def _const(value: Any) -> Callable[[Mapping[str, Any]], Any]:
    return lambda deps: value


def _shifted(grid: GridOutput, cell: Cell) -> list[Mistake]:
    """The value of a neighbouring output cell: the window slid one position too far."""
    c, i, j = cell
    _, rows, cols = grid.shape
    found = []
    for di, dj in ((0, 1), (0, -1), (1, 0), (-1, 0)):
        ni, nj = i + di, j + dj
        if 0 <= ni < rows and 0 <= nj < cols:
            where = f"{ni}, {nj}" if grid.flat else f"{c}, {ni}, {nj}"
            message = (
                f"this is the value of the neighbouring window, out[{where}]; out[i, j] reads "
                "the window starting at padded row i·s, column j·s"
            )
            found.append(Mistake("window-shifted", message, _const(float(grid.output[c, ni, nj]))))
    return found


def cell_blanks(
    grid: GridOutput, asked: Sequence[Cell], tolerance: Tolerance | None
) -> list[Blank]:
    """One blank per output cell asked, with the known mistakes that reach that cell."""
    blanks = []
    for c, i, j in asked:
        value = float(grid.output[c, i, j])
        mistakes = [
            Mistake(mistake_id(key), message, _const(float(wrong[c, i, j])))
            for key, (message, wrong) in grid.variants.items()
            if c < wrong.shape[0] and i < wrong.shape[1] and j < wrong.shape[2]
        ]
        mistakes.extend(_shifted(grid, (c, i, j)))
        rows, cols = grid.geometry.window(i, j)
        index = f"{i}, {j}" if grid.flat else f"{c}, {i}, {j}"
        blanks.append(
            Blank(
                id=cell_id((c, i, j), grid.flat),
                label=f"out[{index}]",
                expected=value,
                format=number_format(value, tolerance),
                mistakes=tuple(mistakes),
                hints=grid.cell_hints(c, i, j),
                section="Output" if grid.flat else f"Output channel {c}",
                extra={
                    "channel": c,
                    "row": i,
                    "col": j,
                    "rows": rows,
                    "cols": cols,
                    "channels": grid.in_channels(c),
                    "padding": grid.geometry.padding,
                },
            )
        )
    return blanks
