"""Provides convolution and pooling on small numpy grids, their output sizes and their windows.

Arrays are channels-first: an input is [C, H, W], a kernel [O, C, kh, kw]. Cross-correlation
is the default, as in deep-learning libraries; `flip=True` rotates the kernel by 180° first
(convolution as signal processing defines it). Window positions are in padded coordinates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from engine.errors import MathError

Array = NDArray[np.float64]
Pair = tuple[int, int]
PoolOp = Literal["max", "avg"]

MAX_SIDE = 256


class GeometryError(MathError):
    """A kernel, padding, stride or dilation that gives no output or cannot be used."""


def pair(value: int | Sequence[int], name: str) -> Pair:
    """An int or a two-element list as (rows, columns); a clear error otherwise."""
    if isinstance(value, bool):
        raise GeometryError(f"{name} must be a whole number or [rows, columns], not {value}")
    if isinstance(value, int):
        return (value, value)
    if (
        isinstance(value, Sequence)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        return (int(value[0]), int(value[1]))
    raise GeometryError(f"{name} must be a whole number or [rows, columns], not {value!r}")


def output_size(
    size: int, kernel: int, padding: int = 0, stride: int = 1, dilation: int = 1
) -> int:
    """⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1, or a GeometryError that shows the numbers."""
    _check_settings(size, kernel, padding, stride, dilation)
    room = size + 2 * padding - dilation * (kernel - 1) - 1
    if room < 0:
        raise GeometryError(
            f"no output: (H + 2p − d(k − 1) − 1)/s + 1 = ({size} + 2·{padding} − "
            f"{dilation}·({kernel} − 1) − 1)/{stride} + 1 = {room}/{stride} + 1 < 1; the "
            f"window spans {dilation * (kernel - 1) + 1} but the padded input is only "
            f"{size + 2 * padding} wide: use a smaller kernel or dilation, or more padding"
        )
    return room // stride + 1


def _check_settings(size: int, kernel: int, padding: int, stride: int, dilation: int) -> None:
    for name, value, least in (
        ("input size", size, 1),
        ("kernel size", kernel, 1),
        ("padding", padding, 0),
        ("stride", stride, 1),
        ("dilation", dilation, 1),
    ):
        if value < least:
            raise GeometryError(f"{name} must be at least {least}, got {value}")
    if size > MAX_SIDE or kernel > MAX_SIDE or padding > MAX_SIDE:
        raise GeometryError(f"sizes above {MAX_SIDE} are too big to work by hand")


@dataclass(frozen=True)
class Geometry:
    """Where the windows sit: kernel size, padding, stride and dilation, each (rows, columns)."""

    kernel: Pair
    padding: Pair = (0, 0)
    stride: Pair = (1, 1)
    dilation: Pair = (1, 1)

    def output_hw(self, height: int, width: int) -> Pair:
        """The output's (rows, columns) for an input of height x width."""
        return (
            output_size(height, self.kernel[0], self.padding[0], self.stride[0], self.dilation[0]),
            output_size(width, self.kernel[1], self.padding[1], self.stride[1], self.dilation[1]),
        )

    def window(self, i: int, j: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The padded-input rows and columns that output (i, j) reads, in kernel order."""
        rows = tuple(i * self.stride[0] + a * self.dilation[0] for a in range(self.kernel[0]))
        cols = tuple(j * self.stride[1] + b * self.dilation[1] for b in range(self.kernel[1]))
        return rows, cols

    def without_padding(self) -> Geometry:
        return replace(self, padding=(0, 0))

    def unit_stride(self) -> Geometry:
        return replace(self, stride=(1, 1))

    def undilated(self) -> Geometry:
        return replace(self, dilation=(1, 1))


def shape_slips(height: int, width: int, geometry: Geometry) -> dict[str, Pair]:
    """Wrong output sizes by mistake id: the formula with one of its parts dropped or bent.

    Only slips that apply (padding > 0, stride > 1, ...) and that still give an output appear.
    """
    slips: dict[str, Pair] = {}
    variants = {
        "no-padding": geometry.without_padding(),
        "stride-ignored": geometry.unit_stride(),
        "dilation-ignored": geometry.undilated(),
    }
    for mistake, variant in variants.items():
        if variant != geometry:
            try:
                slips[mistake] = variant.output_hw(height, width)
            except GeometryError:
                continue
    right = geometry.output_hw(height, width)
    ceiling = tuple(
        -(-(size + 2 * p - d * (k - 1) - 1) // s) + 1
        for size, k, p, s, d in zip(
            (height, width),
            geometry.kernel,
            geometry.padding,
            geometry.stride,
            geometry.dilation,
            strict=True,
        )
    )
    if ceiling != right:
        slips["no-floor"] = (ceiling[0], ceiling[1])
    return slips


def pad(grid: Array, padding: Pair, value: float = 0.0) -> Array:
    """A [C, H, W] array with `padding` rows and columns of `value` on every side."""
    p, q = padding
    return np.pad(grid, ((0, 0), (p, p), (q, q)), constant_values=value)


def _views(padded: Array, geometry: Geometry, out_hw: Pair) -> list[tuple[Pair, Array]]:
    """For each kernel offset (a, b), the [C, Ho, Wo] slice of inputs it multiplies."""
    (s, t), (d, e), (ho, wo) = geometry.stride, geometry.dilation, out_hw
    views = []
    for a in range(geometry.kernel[0]):
        for b in range(geometry.kernel[1]):
            rows = slice(a * d, a * d + s * (ho - 1) + 1, s)
            cols = slice(b * e, b * e + t * (wo - 1) + 1, t)
            views.append(((a, b), padded[:, rows, cols]))
    return views


def conv2d(
    grid: Array,
    kernel: Array,
    bias: Array | None = None,
    *,
    padding: Pair = (0, 0),
    stride: Pair = (1, 1),
    dilation: Pair = (1, 1),
    flip: bool = False,
    groups: int = 1,
) -> Array:
    """out[o, i, j] = Σ_c Σ_a Σ_b K[o, c, a, b] · x_pad[g·C/G + c, i·s + a·d, j·s + b·d] + bias[o].

    With `groups` G, the input channels and the filters split into G groups: filter o belongs
    to group g = o // (O/G) and sums only that group's C/G input channels (K has C/G of them).
    """
    if (
        grid.ndim != 3
        or kernel.ndim != 4
        or kernel.shape[1] * groups != grid.shape[0]
        or kernel.shape[0] % groups
    ):
        raise GeometryError(
            f"a kernel of shape {list(kernel.shape)} in {groups} group(s) needs an input with "
            f"{kernel.shape[1] * groups} channels, got shape {list(grid.shape)}"
        )
    weights = kernel[:, :, ::-1, ::-1] if flip else kernel
    geometry = Geometry((kernel.shape[2], kernel.shape[3]), padding, stride, dilation)
    out_hw = geometry.output_hw(grid.shape[1], grid.shape[2])
    out = np.zeros((kernel.shape[0], *out_hw))
    per_in, per_out = kernel.shape[1], kernel.shape[0] // groups
    padded = pad(grid, padding)
    for g in range(groups):
        filters = slice(g * per_out, (g + 1) * per_out)
        channels = padded[g * per_in : (g + 1) * per_in]
        for (a, b), view in _views(channels, geometry, out_hw):
            out[filters] += np.einsum("oc,chw->ohw", weights[filters, :, a, b], view)
    if bias is not None:
        out += bias[:, None, None]
    return out


def conv_cell(
    padded: Array,
    kernel: Array,
    bias: Array | None,
    geometry: Geometry,
    cell: tuple[int, int, int],
    *,
    flip: bool = False,
    groups: int = 1,
) -> float:
    """One cell out[o, i, j] of `conv2d`, from the already padded input: the window of (i, j)
    over the input channels of filter o's group, times the filter, plus its bias. The work is
    one window's, whatever the size of the input."""
    o, i, j = cell
    per_in, per_out = kernel.shape[1], kernel.shape[0] // groups
    first = (o // per_out) * per_in
    window = window_values(padded[first : first + per_in], geometry, i, j)
    weights = kernel[o, :, ::-1, ::-1] if flip else kernel[o]
    total = float(np.sum(weights * window))
    return total + (float(bias[o]) if bias is not None else 0.0)


def pool2d(
    grid: Array,
    size: Pair,
    *,
    stride: Pair | None = None,
    padding: Pair = (0, 0),
    op: PoolOp = "max",
    count_padding: bool = True,
) -> Array:
    """Max or average pooling of each channel; max pads with −∞, average with zeros.

    With `count_padding` (PyTorch's default) an average divides by the full window size,
    padded zeros included; without it, by the number of real input cells in the window.
    """
    geometry = pool_geometry(size, stride, padding)
    out_hw = geometry.output_hw(grid.shape[1], grid.shape[2])
    fill = -np.inf if op == "max" else 0.0
    views = [view for _, view in _views(pad(grid, padding, fill), geometry, out_hw)]
    if op == "max":
        return np.asarray(np.max(views, axis=0), dtype=np.float64)
    total = np.sum(views, axis=0)
    if count_padding:
        return np.asarray(total / (size[0] * size[1]), dtype=np.float64)
    ones = np.ones((1, grid.shape[1], grid.shape[2]))
    counts = np.sum([v for _, v in _views(pad(ones, padding), geometry, out_hw)], axis=0)
    return np.asarray(total / counts, dtype=np.float64)


def pool_geometry(size: Pair, stride: Pair | None, padding: Pair) -> Geometry:
    """A pooling window; as in PyTorch, padding may be at most half the window."""
    for p, k in zip(padding, size, strict=True):
        if 2 * p > k:
            raise GeometryError(
                f"padding {p} is more than half the pooling window {k}: a window could "
                f"hold only padding; use padding ≤ {k // 2}"
            )
    return Geometry(size, padding, stride if stride is not None else size)


def window_values(padded: Array, geometry: Geometry, i: int, j: int) -> Array:
    """The [C, kh, kw] inputs output (i, j) reads from a padded [C, H, W] array."""
    rows, cols = geometry.window(i, j)
    return padded[:, list(rows)][:, :, list(cols)]


def has_max_ties(grid: Array, size: Pair, stride: Pair | None, padding: Pair) -> bool:
    """True when some max-pooling window holds its maximum more than once."""
    geometry = pool_geometry(size, stride, padding)
    padded = pad(grid, padding, -np.inf)
    ho, wo = geometry.output_hw(grid.shape[1], grid.shape[2])
    for i in range(ho):
        for j in range(wo):
            for channel in window_values(padded, geometry, i, j):
                if np.count_nonzero(channel == channel.max()) > 1:
                    return True
    return False
