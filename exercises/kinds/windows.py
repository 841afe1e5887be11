"""Provides the sliding window in words: its settings, the output-size rule and the slips around it.

Shared by the grid kinds (convolution, pooling) and by `network-size`, so that a slip has
the same id and message wherever a student meets it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from engine.conv import Array, Geometry, GeometryError, Pair, pair, shape_slips
from exercises.model import SpecError

Shape = tuple[int, ...]

SHAPE_MESSAGES = {
    "no-padding": "this is the size without padding: the window slides over the padded "
    "input, H + 2p cells wide",
    "stride-ignored": "this counts every position; the window jumps s cells at a time, so "
    "divide the free room (the padded size minus the window's span) by the stride, then add 1",
    "dilation-ignored": "this treats the kernel as undilated; with dilation d a k-tap kernel "
    "spans d(k − 1) + 1 cells",
    "no-floor": "this rounds up; a window must fit entirely inside the padded input, so round "
    "the free room divided by the stride down, then add 1",
    "off-by-one": "off by one: the window fits at ⌊free room / s⌋ + 1 positions (the free room "
    "is the padded size minus the window's span); the + 1 counts the first position",
    "padding-added": "this pads the input ('same' size); there is no padding here, so the window "
    "slides over the input itself: H_out = ⌊(H − k)/s⌋ + 1",
    "padding-once": "this adds the padding once; it goes on both sides, so the padded input is "
    "H + 2p cells wide",
}
SLIPS = (
    "no-padding",
    "stride-ignored",
    "dilation-ignored",
    "no-floor",
    "off-by-one#-1",
    "off-by-one#1",
    "padding-added",
    "padding-once",
)
"""The keys of `wrong_shapes`: a mistake id, with `#step` for the two ways to be off by one."""


def geometry_field(fields: Mapping[str, Any], name: str, default: int, least: int = 1) -> Pair:
    """A window setting (an int or [rows, columns]) from `least` to 64."""
    try:
        value = pair(fields.get(name, default), name)
    except GeometryError as error:
        raise SpecError(name, str(error), standalone=True) from None
    if min(value) < least or max(value) > 64:
        raise SpecError(
            name, f"{name} must be from {least} to 64, got {fields.get(name)!r}", standalone=True
        )
    return value


def output_hw(geometry: Geometry, h: int, w: int) -> Pair:
    """The output rows and columns, or a SpecError on `input` that shows the numbers."""
    try:
        return geometry.output_hw(h, w)
    except GeometryError as error:
        raise SpecError("input", f"input {h}x{w}: {error}") from None


def size_rule(geometry: Geometry) -> str:
    """The output-size formula, without the dilation term when there is none."""
    if geometry.dilation != (1, 1):
        return "H_out = ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1"
    return "H_out = ⌊(H + 2p − k)/s⌋ + 1"


def size_terms(sizes: Sequence[int], geometry: Geometry) -> list[str]:
    """The output-size formula with the numbers of each axis: rows, then columns."""
    terms = []
    for size, k, p, s, d in zip(
        sizes, geometry.kernel, geometry.padding, geometry.stride, geometry.dilation, strict=True
    ):
        span = f"{d}·({k} − 1) − 1" if geometry.dilation != (1, 1) else f"{k}"
        terms.append(f"⌊({size} + 2·{p} − {span})/{s}⌋ + 1")
    return terms


def wrong_shapes(lead: Shape, h: int, w: int, geometry: Geometry) -> dict[str, Shape]:
    """The output shape each slip gives, keyed as in `SLIPS`; only slips that apply and fit.

    `lead` goes in front of the rows and columns: the channels, or nothing for a 2-D output.
    """
    ho, wo = geometry.output_hw(h, w)
    wrong = {mistake: (*lead, *hw) for mistake, hw in shape_slips(h, w, geometry).items()}
    for step in (-1, 1):
        if min(ho, wo) + step >= 1:
            wrong[f"off-by-one#{step}"] = (*lead, ho + step, wo + step)
    padded = _same_padding(geometry)
    if padded is not None:
        wrong["padding-added"] = (*lead, *padded.output_hw(h, w))
    once = _padded_once(h, w, geometry)
    if once is not None and once != (ho, wo):
        wrong["padding-once"] = (*lead, *once)
    return wrong


def _padded_once(h: int, w: int, geometry: Geometry) -> Pair | None:
    """The output rows and columns with the padding counted on one side only (H + p)."""
    if geometry.padding == (0, 0):
        return None
    sizes = []
    for size, k, p, s, d in zip(
        (h, w), geometry.kernel, geometry.padding, geometry.stride, geometry.dilation, strict=True
    ):
        room = size + p - d * (k - 1) - 1
        if room < 0:
            return None
        sizes.append(room // s + 1)
    return sizes[0], sizes[1]


def mistake_id(key: str) -> str:
    """The mistake id of a key such as `off-by-one#-1`: what comes before the `#`."""
    return key.split("#")[0]


def pair_text(value: Pair) -> str:
    """A setting as the student reads it: 2 for (2, 2), 1x2 for (1, 2)."""
    return str(value[0]) if value[0] == value[1] else f"{value[0]}x{value[1]}"


def span(values: Sequence[int]) -> str:
    """Rows or columns of a window: a range when they are adjacent, else a list."""
    steps = {b - a for a, b in itertools.pairwise(values)}
    if len(values) > 1 and steps == {1}:
        return f"{values[0]}–{values[-1]}"
    return ", ".join(str(v) for v in values)


def _same_padding(geometry: Geometry) -> Geometry | None:
    """The geometry a student who pads anyway uses (k // 2 on each side), if there is no padding."""
    if geometry.padding != (0, 0):
        return None
    padding = (geometry.kernel[0] // 2, geometry.kernel[1] // 2)
    return replace(geometry, padding=padding) if padding != (0, 0) else None


def window_slips(
    geometry: Geometry, run: Callable[[Geometry], Array]
) -> dict[str, tuple[str, Array]]:
    """The output with the padding, the stride or the dilation dropped, and what to say of it.

    A slip that leaves no output (the window no longer fits) is left out.
    """
    p, s, d = (pair_text(v) for v in (geometry.padding, geometry.stride, geometry.dilation))
    messages = {
        "no-padding": f"this window is on the unpadded input; first surround the input with "
        f"{p} ring(s) of zeros: output (i, j) reads the padded input from row i·s, column j·s",
        "stride-ignored": f"this window moved one cell per output; with stride {s}, output "
        f"(i, j) starts at padded row {s}·i, column {s}·j",
        "dilation-ignored": f"the kernel taps here are adjacent; with dilation {d} they are "
        f"{d} cells apart",
    }
    changed = {
        "no-padding": geometry.without_padding(),
        "stride-ignored": geometry.unit_stride(),
        "dilation-ignored": geometry.undilated(),
    }
    padded = _same_padding(geometry)
    if padded is not None:
        messages["padding-added"] = (
            "this window is on the input padded with zeros; there is no padding here: output "
            "(i, j) reads the input itself from row i·s, column j·s"
        )
        changed["padding-added"] = padded
    slips: dict[str, tuple[str, Array]] = {}
    for mistake, slipped in changed.items():
        if slipped != geometry:
            try:
                slips[mistake] = (messages[mistake], run(slipped))
            except GeometryError:
                continue
    return slips
