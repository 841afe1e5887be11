"""Provides the `convolution` kind: the output shape and output cells of a convolution as blanks.

Hint rung 3 of an output cell lists the element-wise products of its window. `GridVisual`,
the visual of both grid kinds, is importable from here as the app expects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from engine.answers import show_number
from engine.conv import Array, Geometry, conv2d, pad, window_values
from exercises.kinds import register
from exercises.kinds.grids import (
    NUMBER,
    as_matrix,
    channel_matrices,
    grid_field,
    is_large,
    matrix_text,
    read_grid,
    term,
)
from exercises.kinds.lazy_cells import lazy_conv, plus_per_filter, summed_over_filters
from exercises.kinds.output_cells import ASK_FIELD, GridOutput, GridVisual, grid_worksheet
from exercises.kinds.windows import (
    geometry_field,
    output_hw,
    pair_text,
    size_rule,
    span,
    window_slips,
)
from exercises.model import Field, Instance, Kind, SpecError, Worksheet

__all__ = ["CONV_FIELDS", "GridVisual", "build_convolution"]

#: Hint rung 3 lists a window's products up to this many (AlexNet's 11x11x3 has 363).
MAX_PRODUCTS = 48

CONV_CONCEPT = (
    "An output cell is a weighted sum: lay the kernel over the window of the padded input "
    "that this cell reads, multiply element by element, add up the products over every "
    "input channel, then add the bias."
)


def _read_groups(fields: Mapping[str, Any], channels: int) -> int:
    groups = fields.get("groups", 1)
    if isinstance(groups, bool) or not isinstance(groups, int) or groups < 1:
        raise SpecError(
            "groups", f"groups is a whole number from 1, not {groups!r}", standalone=True
        )
    if channels % groups:
        raise SpecError(
            "groups", f"the input's {channels} channel(s) do not split into {groups} groups"
        )
    return groups


def _read_kernel(fields: Mapping[str, Any], channels: int, seed: int, groups: int) -> Array:
    kernel = read_grid(fields["kernel"], "kernel", seed, dims=(2, 3, 4))
    if kernel.ndim == 2:
        kernel = kernel[None, None]
    elif kernel.ndim == 3:
        kernel = kernel[None]
    per_group = channels // groups
    if kernel.shape[1] != per_group:
        sees = (
            f"each filter sees {per_group} (the input's {channels} channels / {groups} groups)"
            if groups > 1
            else f"the input has {channels}"
        )
        raise SpecError(
            "kernel",
            f"the kernel covers {kernel.shape[1]} input channel(s) but {sees}: give the kernel "
            f"as [out][in][rows][columns] with in = {per_group}",
        )
    if kernel.shape[0] % groups:
        raise SpecError(
            "kernel",
            f"{kernel.shape[0]} filter(s) do not split into {groups} groups: give a multiple "
            f"of {groups} filters",
        )
    return kernel


def _read_bias(fields: Mapping[str, Any], out: int) -> Array | None:
    bias = fields.get("bias")
    if bias is None:
        return None
    if isinstance(bias, NUMBER) and not isinstance(bias, bool):
        return np.full(out, float(bias))
    if (
        isinstance(bias, list)
        and len(bias) == out
        and all(isinstance(b, NUMBER) and not isinstance(b, bool) for b in bias)
    ):
        return np.array(bias, dtype=float)
    raise SpecError("bias", f"give one number per output channel ({out}), not {bias!r}")


def build_convolution(instance: Instance) -> Worksheet:
    fields = instance.fields
    image = read_grid(fields["input"], "input", instance.seed, dims=(2, 3), large=True)
    grid_in = image[None] if image.ndim == 2 else image
    groups = _read_groups(fields, grid_in.shape[0])
    kernel = _read_kernel(fields, grid_in.shape[0], instance.seed, groups)
    per_in, per_out = kernel.shape[1], kernel.shape[0] // groups
    bias = _read_bias(fields, kernel.shape[0])
    flip = fields.get("flip", False)
    if not isinstance(flip, bool):
        raise SpecError("flip", f"flip is true or false, not {flip!r}", standalone=True)
    geometry = Geometry(
        (kernel.shape[2], kernel.shape[3]),
        geometry_field(fields, "padding", 0, least=0),
        geometry_field(fields, "stride", 1),
        geometry_field(fields, "dilation", 1),
    )
    h, w = grid_in.shape[1], grid_in.shape[2]
    output_hw(geometry, h, w)

    large = is_large(grid_in)

    def run(
        x: Array, k: Array, b: Array | None, g: Geometry, flipped: bool = flip, n: int = groups
    ) -> Any:
        if large:  # a cell at a time: the work is the cells asked, not the input's size
            return lazy_conv(x, k, b, g, flipped, n)
        return conv2d(
            x,
            k,
            b,
            padding=g.padding,
            stride=g.stride,
            dilation=g.dilation,
            flip=flipped,
            groups=n,
        )

    def channels_of(c: int) -> tuple[int, ...]:
        """The input channels filter c reads: its group's."""
        first = (c // per_out) * per_in
        return tuple(range(first, first + per_in))

    output = run(grid_in, kernel, bias, geometry)
    padded = pad(grid_in, geometry.padding)
    weights = kernel[:, :, ::-1, ::-1] if flip else kernel

    def cell_hints(c: int, i: int, j: int) -> tuple[str, ...]:
        rows, cols = geometry.window(i, j)
        window = window_values(padded, geometry, i, j)[list(channels_of(c))]
        pairs = list(zip(weights[c].ravel()[:MAX_PRODUCTS], window.ravel(), strict=False))
        products = " + ".join(f"{term(float(k))}·{term(float(x))}" for k, x in pairs)
        if window.size > MAX_PRODUCTS:
            products += f" + … ({window.size} products in all, channel by channel, row by row)"
        plus_bias = f" + {term(float(bias[c]))}" if bias is not None else ""
        flipped = " (the kernel rotated by 180°)" if flip else " (the kernel as written)"
        group = (
            f" Filter {c} is in group {c // per_out}: it reads input channels "
            f"{span(channels_of(c))} only."
            if groups > 1
            else ""
        )
        return (
            CONV_CONCEPT + group,
            "out[i, j] = Σ_c Σ_a Σ_b K[c, a, b] · x_pad[c, i·s + a·d, j·s + b·d] + bias"
            + (", with K the flipped kernel" if flip else "")
            + (", c over the filter's group" if groups > 1 else ""),
            f"Padded rows {span(rows)}, columns {span(cols)}{flipped}: {products}{plus_bias}",
        )

    grid = GridOutput(
        output,
        geometry,
        (h, w),
        _variants(run, grid_in, kernel, bias, geometry, flip, groups),
        cell_hints,
        channels_of,
    )
    visual = GridVisual(
        "convolution",
        tuple(as_matrix(m) for m in padded),
        geometry.padding,
        0.0,
        geometry.kernel,
        geometry.stride,
        geometry.dilation,
        output.shape,
        tuple(tuple(as_matrix(m) for m in filt) for filt in kernel),
        tuple(float(b) for b in bias) if bias is not None else (),
        flip,
    )
    out_channels = kernel.shape[0]
    channel_rule = "" if grid.flat else f"There is one output channel per filter ({out_channels})."
    return grid_worksheet(
        instance,
        grid,
        channel_rule,
        _task(grid_in, kernel, bias, geometry, groups),
        _conventions(flip, geometry),
        visual,
    )


def _variants(
    run: Callable[..., Array],
    x: Array,
    k: Array,
    b: Array | None,
    g: Geometry,
    flip: bool,
    groups: int = 1,
) -> dict[str, tuple[str, Array]]:
    """The wrong outputs of known mistakes, most specific first; `#c` tags a repeated id."""
    variants: dict[str, tuple[str, Array]] = {}
    per_in = k.shape[1]
    if groups > 1:
        variants["groups-ignored"] = (
            f"this sums every input channel ({x.shape[0]}) for each filter; with groups = "
            f"{groups}, a filter sees only the {per_in} channel(s) of its own group",
            run(x, np.tile(k, (1, groups, 1, 1)), b, g, n=1),
        )
    variants["kernel-flipped"] = (
        "this is the kernel as written (cross-correlation); this exercise flips it, as "
        "signal processing does: rotate the kernel by 180° before sliding it"
        if flip
        else "this is the kernel flipped (true convolution); deep-learning libraries "
        "compute cross-correlation: slide the kernel as written, without flipping it",
        run(x, k, b, g, not flip),
    )
    if k.shape[2] == k.shape[3] and not np.array_equal(k, np.swapaxes(k, 2, 3)):
        variants["kernel-transposed"] = (
            "this reads the kernel by columns (its transpose); slide it with its rows as "
            "written: the kernel's row i meets the window's row i",
            run(x, np.swapaxes(k, 2, 3), b, g, flip),
        )
    if per_in > 1:
        for c in range(per_in):
            every = f"all {per_in} input channels" + (" of its group" if groups > 1 else "")
            variants[f"forgot-in-channels#{c}"] = (
                f"this sums input channel {c} only; a filter spans {every}: add the products "
                "of every channel, then the bias once",
                run(x[c::per_in], k[:, c : c + 1], b, g),
            )
    variants.update(window_slips(g, lambda changed: run(x, k, b, changed)))
    if b is not None and np.any(b != 0):
        variants["forgot-bias"] = (
            "the bias is missing: add it once, after summing the products",
            run(x, k, None, g),
        )
        if per_in > 1:
            variants["bias-per-channel"] = (
                f"this adds the bias once per input channel ({per_in} times); a filter has "
                "one bias, added once after the products of every channel are summed",
                plus_per_filter(run(x, k, b, g), (per_in - 1) * b),
            )
    if k.shape[0] > 1:
        out = run(x, k, b, g)
        variants["channels-summed"] = (
            f"this adds up the maps of all {k.shape[0]} filters; each filter gives its own "
            "output channel: out[c] uses filter c only",
            summed_over_filters(out),
        )
    return variants


def _task(x: Array, k: Array, b: Array | None, g: Geometry, groups: int = 1) -> str:
    settings = [f"padding {pair_text(g.padding)}", f"stride {pair_text(g.stride)}"]
    if g.dilation != (1, 1):
        settings.append(f"dilation {pair_text(g.dilation)}")
    if groups > 1:
        per_in, per_out = k.shape[1], k.shape[0] // groups
        settings.append(
            f"groups {groups}: filters {per_out}·g to {per_out}·g + {per_out - 1} read input "
            f"channels {per_in}·g to {per_in}·g + {per_in - 1} of group g only"
            if per_in > 1 or per_out > 1
            else f"groups {groups}: filter c reads input channel c only (depthwise)"
        )
    parts = [f"Convolve the input with the kernel ({', '.join(settings)})."]
    kernels = [
        (f"Kernel [{o}][{c}]" if k.shape[0] * k.shape[1] > 1 else "Kernel", k[o, c])
        for o in range(k.shape[0])
        for c in range(k.shape[1])
    ]
    parts.append(matrix_text(channel_matrices(x) + kernels))
    if b is not None:
        parts.append("Bias: " + ", ".join(show_number(float(v)) for v in b))
    parts.append("Give the output shape, then the output cells asked.")
    return "\n\n".join(parts)


def _conventions(flip: bool, geometry: Geometry) -> str:
    rule = (
        "The kernel is **flipped** (rotated by 180°) before it slides: true convolution, "
        "as in signal processing."
        if flip
        else "As in deep-learning libraries, the kernel slides **as written** "
        "(cross-correlation, no flip)."
    )
    return (
        f"{rule} out[i, j] = Σ_c Σ_a Σ_b K[c, a, b] · x_pad[c, i·s + a·d, j·s + b·d] + bias; "
        f"padding adds zeros; {size_rule(geometry)}. Rows and columns count from 0."
    )


CONV_FIELDS = {
    "input": grid_field("the input: a matrix, or a list of matrices (channels)"),
    "kernel": grid_field("a matrix, [in][rows][columns] or [out][in][rows][columns]"),
    "bias": Field((int, float, list), "one number per output channel"),
    "padding": Field((int, list), "zero padding on each side (default 0)"),
    "stride": Field((int, list), "the step between windows (default 1)"),
    "dilation": Field((int, list), "the spacing of the kernel taps (default 1)"),
    "flip": Field((bool,), "true: flip the kernel (signal processing); default false"),
    "groups": Field(
        (int,), "split channels and filters into groups (default 1; the channels: depthwise)"
    ),
    "ask": ASK_FIELD,
}

register(Kind("convolution", CONV_FIELDS, build_convolution))
