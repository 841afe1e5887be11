"""A convolution written out as its definition with plain loops: the tests' reference.

torch.nn.functional.conv2d(x, k, bias, stride, padding, groups=groups): out[o, i, j] =
bias[o] + Σ over the C/G input channels of o's group, Σ_a Σ_b k[o][c][a][b]·x_pad[...].
"""

from __future__ import annotations

from typing import Any

import numpy as np


def cell_by_loops(
    x: Any, k: Any, bias: Any, stride: int, padding: int, groups: int, cell: tuple[int, int, int]
) -> float:
    """One output cell by the definition."""
    height, width = len(x[0]), len(x[0][0])
    filters, per_in, kh, kw = len(k), len(k[0]), len(k[0][0]), len(k[0][0][0])
    o, i, j = cell
    group = o // (filters // groups)
    total = float(bias[o]) if bias is not None else 0.0
    for c in range(per_in):
        for a in range(kh):
            for b in range(kw):
                r, s = i * stride + a - padding, j * stride + b - padding
                if 0 <= r < height and 0 <= s < width:
                    total += k[o][c][a][b] * x[group * per_in + c][r][s]
    return total


def by_loops(x: Any, k: Any, bias: Any, stride: int, padding: int, groups: int) -> np.ndarray:
    """torch.nn.functional.conv2d(x, k, bias, stride, padding, groups=groups), by hand."""
    height, width = len(x[0]), len(x[0][0])
    filters, kh, kw = len(k), len(k[0][0]), len(k[0][0][0])
    rows = (height + 2 * padding - kh) // stride + 1
    cols = (width + 2 * padding - kw) // stride + 1
    out = np.zeros((filters, rows, cols))
    for o in range(filters):
        for i in range(rows):
            for j in range(cols):
                out[o, i, j] = cell_by_loops(x, k, bias, stride, padding, groups, (o, i, j))
    return out
