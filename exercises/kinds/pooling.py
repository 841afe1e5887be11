"""Provides the `pooling` kind: the output shape and output cells of max or average pooling.

A max-pooling input drawn from the seed is redrawn until no window holds its maximum twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.catalogue import message
from engine.conv import (
    Array,
    Geometry,
    GeometryError,
    Pair,
    pad,
    pool2d,
    pool_geometry,
    window_values,
)
from exercises.kinds import register
from exercises.kinds.grids import (
    as_matrix,
    channel_matrices,
    grid_field,
    matrix_text,
    read_grid,
    term,
)
from exercises.kinds.output_cells import ASK_FIELD, GridOutput, GridVisual, grid_worksheet
from exercises.kinds.windows import geometry_field, output_hw, pair_text, span, window_slips
from exercises.model import Field, Instance, Kind, SpecError, Worksheet


def _pool_input(
    fields: Mapping[str, Any], seed: int, size: Pair, stride: Pair | None, padding: Pair
) -> Array:
    """The input, as channels. Ties in a max-pooling window are fine: the output is the same
    whichever of the tied values is taken."""
    image = read_grid(fields["input"], "input", seed, dims=(2, 3))
    grid = image[None] if image.ndim == 2 else image
    output_hw(pool_geometry(size, stride, padding), grid.shape[1], grid.shape[2])
    return grid


def build_pooling(instance: Instance) -> Worksheet:
    fields = instance.fields
    size = geometry_field(fields, "size", 0)
    stride = geometry_field(fields, "stride", 1) if "stride" in fields else None
    padding = geometry_field(fields, "padding", 0, least=0)
    op = fields.get("op", "max")
    if op not in ("max", "avg"):
        raise SpecError("op", f'op is "max" or "avg", not {op!r}', standalone=True)
    try:
        geometry = pool_geometry(size, stride, padding)
    except GeometryError as error:
        raise SpecError("padding", str(error)) from None
    grid_in = _pool_input(fields, instance.seed, size, stride, padding)
    h, w = grid_in.shape[1], grid_in.shape[2]
    fill = -np.inf if op == "max" else 0.0
    padded = pad(grid_in, padding, fill)

    def run(g: Geometry, count_padding: bool = True) -> Array:
        return pool2d(
            grid_in, size, stride=g.stride, padding=g.padding, op=op, count_padding=count_padding
        )

    output = run(geometry)
    variants = window_slips(geometry, run)
    if grid_in.shape[0] > 1:
        summed = pool2d(
            grid_in.sum(axis=0, keepdims=True), size, stride=stride, padding=padding, op=op
        )
        variants["channels-summed"] = (
            message("channels-summed", channels=grid_in.shape[0]),
            np.repeat(summed, grid_in.shape[0], axis=0),
        )
        variants["channels-summed#after"] = (
            message("channels-summed", channels=grid_in.shape[0]),
            np.repeat(output.sum(axis=0, keepdims=True), grid_in.shape[0], axis=0),
        )
    if op == "avg" and padding != (0, 0):
        variants["padding-not-counted"] = (
            "this divides by the real cells only; here, as in PyTorch's default, the padded "
            f"zeros count: divide by the window size {size[0] * size[1]}",
            run(geometry, count_padding=False),
        )
    variants["pool-op-swapped"] = (
        message(
            "pool-op-swapped",
            taken="mean" if op == "max" else "largest value",
            op="max" if op == "max" else "average",
            kept="largest value" if op == "max" else "mean",
        ),
        pool2d(grid_in, size, stride=stride, padding=padding, op="avg" if op == "max" else "max"),
    )
    if op == "max":
        variants["pool-op-swapped#min"] = (
            message("pool-op-swapped", taken="smallest value", op="max", kept="largest value"),
            -pool2d(-grid_in, size, stride=stride, padding=padding, op="max"),
        )
    else:
        variants["sum-not-mean"] = (
            f"this is the sum of the window; average pooling divides it by the "
            f"{size[0] * size[1]} cells of the window",
            run(geometry) * size[0] * size[1],
        )

    def cell_hints(c: int, i: int, j: int) -> tuple[str, ...]:
        rows, cols = geometry.window(i, j)
        values = [term(float(v)) for v in window_values(padded, geometry, i, j)[c].ravel()]
        numbers = (
            f"max({', '.join(values)})" if op == "max" else f"({' + '.join(values)})/{len(values)}"
        )
        return (
            "Max pooling keeps the largest value of each window."
            if op == "max"
            else "Average pooling takes the mean of each window, padded zeros included.",
            f"out[c, i, j] = {op} over a, b of x_pad[c, i·s + a, j·s + b]",
            f"Channel {c}, padded rows {span(rows)}, columns {span(cols)}: {numbers}",
        )

    channels, rows, cols = output.shape
    dropped = message("channels-summed", channels=channels)
    shapes = {
        "channels-summed": (dropped, (rows, cols)),
        "channels-summed#1": (dropped, (1, rows, cols)),
    }
    grid = GridOutput(
        output,
        geometry,
        (h, w),
        variants,
        cell_hints,
        lambda c: (c,),
        shapes if channels > 1 else {},
    )
    visual = GridVisual(
        f"{op}-pool",
        tuple(as_matrix(m) for m in padded),
        padding,
        fill,
        size,
        geometry.stride,
        (1, 1),
        output.shape,
    )
    task = (
        f"{'Max' if op == 'max' else 'Average'} pooling with a {size[0]}x{size[1]} window, "
        f"stride {pair_text(geometry.stride)}, padding {pair_text(padding)}.\n\n"
        f"{matrix_text(channel_matrices(grid_in))}\n\nGive the output shape, "
        "then the output cells asked."
    )
    pad_rule = (
        " Max pooling pads with −∞ (padding never wins)."
        if op == "max"
        else " Average pooling pads with zeros and, as PyTorch does by default "
        "(count_include_pad), divides by the full window size, padded zeros included."
    )
    conventions = (
        f"The stride defaults to the window size. H_out = ⌊(H + 2p − k)/s⌋ + 1; "
        f"pooling keeps the channels.{pad_rule if padding != (0, 0) else ''} "
        "Rows and columns count from 0."
    )
    channel_rule = "Pooling keeps the number of channels."
    return grid_worksheet(instance, grid, channel_rule, task, conventions, visual)


POOL_FIELDS = {
    "input": grid_field("the input: a matrix, or a list of matrices (channels)"),
    "size": Field((int, list), "the pooling window", True),
    "stride": Field((int, list), "the step between windows (default: the window size)"),
    "padding": Field((int, list), "padding on each side (default 0), at most half the window"),
    "op": Field((str,), '"max" (default) or "avg"'),
    "ask": ASK_FIELD,
}

register(Kind("pooling", POOL_FIELDS, build_pooling))
