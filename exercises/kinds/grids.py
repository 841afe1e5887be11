"""Provides the grids of numbers of the grid kinds: given or drawn from the seed, and shown.

A grid field holds nested lists of numbers, or a table `{ shape = [..], int = [lo, hi] }`
(or `choice = [numbers]`) that draws one grid per seed.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from engine.answers import show_number
from engine.conv import Array
from exercises.model import Field, SpecError

Matrix = tuple[tuple[float, ...], ...]
NUMBER = (int, float)
MAX_GRID = 16384
MAX_SIDE = 128  # the largest size of a drawn grid along any dimension
#: A convolution's input may be larger (AlexNet's 227x227x3): its cells are computed one at a
#: time (exercises/kinds/lazy_cells.py), so the work is bounded by the cells asked.
MAX_LARGE_GRID = 262144
MAX_LARGE_SIDE = 256
MAX_SHOWN = 12  # matrices with more rows or columns are drawn beside the prompt, not in it


def grid_field(doc: str) -> Field:
    """A required field that holds a grid, given or drawn."""
    return Field((list, dict), doc + "; or { shape = [5, 5], int = [0, 3] } drawn per seed", True)


def read_grid(
    value: Any,
    field: str,
    seed: int,
    dims: tuple[int, ...],
    attempt: int = 0,
    large: bool = False,
) -> Array:
    """A grid of numbers from nested lists, or drawn from the seed for a `{ shape, int }` table.

    `large` allows a convolution's input: sides up to MAX_LARGE_SIDE, MAX_LARGE_GRID numbers.
    """
    most, side = (MAX_LARGE_GRID, MAX_LARGE_SIDE) if large else (MAX_GRID, MAX_SIDE)
    grid = (
        _draw(value, field, seed, max(dims), attempt, side, most)
        if isinstance(value, dict)
        else None
    )
    if grid is None:
        _check_numbers(value, field)
        try:
            grid = np.array(value, dtype=float)
        except ValueError:
            raise SpecError(
                field,
                "rows of different lengths: every row (and every channel) "
                "needs the same number of entries",
                standalone=True,
            ) from None
    if grid.ndim not in dims or 0 in grid.shape:
        wanted = " or ".join(f"{d} levels of lists" for d in dims)
        raise SpecError(
            field, f"expected {wanted}, got an array of shape {list(grid.shape)}", standalone=True
        )
    if grid.size > most:
        raise SpecError(
            field,
            f"{grid.size} numbers is too many to work by hand (at most {most})",
            standalone=True,
        )
    return grid


def is_large(grid: Array) -> bool:
    """Beyond the grids computed whole: more than MAX_GRID numbers or a side over MAX_SIDE."""
    return bool(grid.size > MAX_GRID or max(grid.shape) > MAX_SIDE)


def _check_numbers(value: Any, path: str) -> None:
    if isinstance(value, list):
        for n, item in enumerate(value):
            _check_numbers(item, f"{path}[{n}]")
    elif isinstance(value, bool) or not isinstance(value, NUMBER) or not np.isfinite(value):
        raise SpecError(path, f"expected a number, got {value!r}", standalone=True)


def _draw(
    spec: Mapping[str, Any],
    field: str,
    seed: int,
    dims: int,
    attempt: int,
    side: int = MAX_SIDE,
    most: int = MAX_GRID,
) -> Array:
    """A grid drawn from (seed, field, attempt): the same seed always gives the same grid.

    The size is checked before anything is drawn, so a huge shape costs nothing."""
    if unknown := sorted(set(spec) - {"shape", "int", "choice"}):
        raise SpecError(
            f"{field}.{unknown[0]}",
            "a drawn grid takes shape, and int = [lo, hi] or choice = [numbers]",
            standalone=True,
        )
    shape = spec.get("shape")
    if not (
        isinstance(shape, list)
        and 2 <= len(shape) <= dims
        and all(_is_whole(n) and 1 <= n <= side for n in shape)
    ):
        raise SpecError(
            f"{field}.shape",
            f"expected 2 to {dims} sizes from 1 to {side}, like [5, 5], got {shape!r}",
            standalone=True,
        )
    if (size := math.prod(shape)) > most:
        raise SpecError(
            f"{field}.shape",
            f"{size} numbers is too many to work by hand (at most {most})",
            standalone=True,
        )
    rng = np.random.default_rng([seed & 0xFFFFFFFF, zlib.crc32(field.encode()), attempt])
    bounds, choice = spec.get("int"), spec.get("choice")
    if (
        isinstance(bounds, list)
        and len(bounds) == 2
        and all(_is_whole(b) for b in bounds)
        and bounds[0] <= bounds[1]
    ):
        return rng.integers(bounds[0], bounds[1] + 1, size=shape).astype(float)
    if isinstance(choice, list) and choice:
        _check_numbers(choice, f"{field}.choice")
        return np.asarray(rng.choice(np.array(choice, dtype=float), size=shape))
    raise SpecError(
        field, "give int = [lo, hi] (lo ≤ hi) or choice = [numbers] to draw from", standalone=True
    )


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def as_matrix(grid: Array) -> Matrix:
    """A 2-D grid as nested tuples of floats, for a frozen visual."""
    return tuple(tuple(row) for row in np.asarray(grid, dtype=np.float64).tolist())


def matrix_text(labelled: Sequence[tuple[str, Array]]) -> str:
    """Small matrices as fenced blocks for the prompt (larger ones are drawn beside it)."""
    blocks = []
    for label, matrix in labelled:
        if matrix.shape[0] > MAX_SHOWN or matrix.shape[1] > MAX_SHOWN:
            blocks.append(f"{label}: {matrix.shape[0]}x{matrix.shape[1]}, shown beside.")
            continue
        cells = [[show_number(float(v)) for v in row] for row in matrix]
        width = max(len(t) for row in cells for t in row)
        lines = "\n".join(" ".join(t.rjust(width) for t in row) for row in cells)
        blocks.append(f"{label}:\n\n```\n{lines}\n```")
    return "\n\n".join(blocks)


def channel_matrices(grid: Array) -> list[tuple[str, Array]]:
    """The channels of a [C, H, W] input, labelled for `matrix_text`."""
    return [(f"Input channel {c}" if len(grid) > 1 else "Input", m) for c, m in enumerate(grid)]


def term(value: float) -> str:
    """A number as a factor or term in a worked sum: negatives in parentheses, −∞ spelled."""
    text = "−∞" if value == -np.inf else show_number(value)
    return f"({text})" if value < 0 else text
