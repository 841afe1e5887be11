"""Provides outputs computed one cell at a time, for convolutions too large to compute whole.

AlexNet's first layer reads a 227x227x3 image; a sheet asks a few of its cells. `LazyCells`
stands where the grid kinds keep a whole output array (it has a `shape` and `[c, i, j]`), but
computes a cell only when it is read, so the work is bounded by the cells asked (and their
neighbours and mistakes), never by the size of the input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from engine.conv import Array, Geometry, conv_cell, pad

Cell = tuple[int, int, int]


class LazyCells:
    """An output [C, Ho, Wo] whose cells are computed when read, and kept."""

    def __init__(self, shape: tuple[int, int, int], compute: Callable[[Cell], float]) -> None:
        self.shape = shape
        self._compute = compute
        self._cells: dict[Cell, float] = {}

    def __getitem__(self, cell: Cell) -> float:
        c, i, j = (int(n) for n in cell)
        if not (0 <= c < self.shape[0] and 0 <= i < self.shape[1] and 0 <= j < self.shape[2]):
            raise IndexError(f"cell {cell} is outside an output of shape {self.shape}")
        found = self._cells.get((c, i, j))
        if found is None:
            found = self._cells[(c, i, j)] = self._compute((c, i, j))
        return found

    def plus_per_filter(self, amounts: Array) -> LazyCells:
        """Each output channel c moved by amounts[c]."""
        return LazyCells(self.shape, lambda cell: self[cell] + float(amounts[cell[0]]))

    def summed_over_filters(self) -> LazyCells:
        """Every output channel replaced by the sum of all of them at that position."""
        return LazyCells(
            self.shape, lambda cell: sum(self[(c, cell[1], cell[2])] for c in range(self.shape[0]))
        )


def lazy_conv(
    x: Array,
    kernel: Array,
    bias: Array | None,
    geometry: Geometry,
    flip: bool,
    groups: int,
) -> LazyCells:
    """conv2d's output, cell by cell (engine.conv.conv_cell); GeometryError if nothing fits."""
    ho, wo = geometry.output_hw(x.shape[1], x.shape[2])
    padded = pad(x, geometry.padding)
    return LazyCells(
        (int(kernel.shape[0]), ho, wo),
        lambda cell: conv_cell(padded, kernel, bias, geometry, cell, flip=flip, groups=groups),
    )


def plus_per_filter(output: Any, amounts: Array) -> Any:
    """An output (array or lazy) with each output channel c moved by amounts[c]."""
    if isinstance(output, LazyCells):
        return output.plus_per_filter(amounts)
    return output + amounts[:, None, None]


def summed_over_filters(output: Any) -> Any:
    """An output (array or lazy) whose every channel is the sum of all of them."""
    if isinstance(output, LazyCells):
        return output.summed_over_filters()
    return np.repeat(output.sum(axis=0, keepdims=True), output.shape[0], axis=0)
