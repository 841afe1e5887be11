"""Provides the `convolution` and `pooling` kinds: the output shape and output cells as blanks.

Each output blank's `extra` holds its receptive field (padded rows, columns, input channels),
so the app can highlight the window; hint rung 3 lists the element-wise products.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.answers import ShapeFormat, Tolerance, number_format, show_number
from engine.checking import Mistake
from engine.conv import (
    Array,
    Geometry,
    GeometryError,
    Pair,
    conv2d,
    has_max_ties,
    pad,
    pair,
    pool2d,
    pool_geometry,
    shape_slips,
    window_values,
)
from exercises.kinds import register
from exercises.model import Blank, Degenerate, Field, Instance, Kind, SpecError, Worksheet

Matrix = tuple[tuple[float, ...], ...]
Cell = tuple[int, int, int]
NUMBER = (int, float)
MAX_CELLS = 25  # without `ask`, outputs up to this many cells are asked in full
SAMPLE_CELLS = 10  # larger ones: the first cell and 9 more drawn from the seed
MAX_GRID = 16384

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
}
ASK_FIELD = Field(
    (list, int),
    "the blanks asked: a list of ids, or a number of output cells drawn from the seed; "
    f"without it, outputs of up to {MAX_CELLS} cells are asked in full, larger ones by the "
    f"first cell and {SAMPLE_CELLS - 1} more drawn from the seed",
)


def grid_field(doc: str) -> Field:
    return Field((list, dict), doc + "; or { shape = [5, 5], int = [0, 3] } drawn per seed", True)


def read_grid(value: Any, field: str, seed: int, dims: tuple[int, ...], attempt: int = 0) -> Array:
    """A grid of numbers from nested lists, or drawn from the seed for a `{ shape, int }` table."""
    grid = _draw(value, field, seed, max(dims), attempt) if isinstance(value, dict) else None
    if grid is None:
        _check_numbers(value, field)
        try:
            grid = np.array(value, dtype=float)
        except ValueError:
            raise SpecError(
                field,
                "rows of different lengths: every row (and every channel) "
                "needs the same number of entries",
            ) from None
    if grid.ndim not in dims or 0 in grid.shape:
        wanted = " or ".join(f"{d} levels of lists" for d in dims)
        raise SpecError(field, f"expected {wanted}, got an array of shape {list(grid.shape)}")
    if grid.size > MAX_GRID:
        raise SpecError(
            field, f"{grid.size} numbers is too many to work by hand (at most {MAX_GRID})"
        )
    return grid


def _check_numbers(value: Any, path: str) -> None:
    if isinstance(value, list):
        for n, item in enumerate(value):
            _check_numbers(item, f"{path}[{n}]")
    elif isinstance(value, bool) or not isinstance(value, NUMBER) or not np.isfinite(value):
        raise SpecError(path, f"expected a number, got {value!r}")


def _draw(spec: Mapping[str, Any], field: str, seed: int, most: int, attempt: int) -> Array:
    if unknown := sorted(set(spec) - {"shape", "int", "choice"}):
        raise SpecError(
            f"{field}.{unknown[0]}",
            "a drawn grid takes shape, and int = [lo, hi] or choice = [numbers]",
        )
    shape = spec.get("shape")
    if not (
        isinstance(shape, list)
        and 2 <= len(shape) <= most
        and all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 128 for n in shape)
    ):
        raise SpecError(
            f"{field}.shape",
            f"expected 2 to {most} sizes from 1 to 128, like [5, 5], got {shape!r}",
        )
    rng = np.random.default_rng([seed & 0xFFFFFFFF, zlib.crc32(field.encode()), attempt])
    bounds, choice = spec.get("int"), spec.get("choice")
    if (
        isinstance(bounds, list)
        and len(bounds) == 2
        and all(isinstance(b, int) and not isinstance(b, bool) for b in bounds)
        and bounds[0] <= bounds[1]
    ):
        return rng.integers(bounds[0], bounds[1] + 1, size=shape).astype(float)
    if isinstance(choice, list) and choice:
        _check_numbers(choice, f"{field}.choice")
        return np.asarray(rng.choice(np.array(choice, dtype=float), size=shape))
    raise SpecError(field, "give int = [lo, hi] (lo ≤ hi) or choice = [numbers] to draw from")


def _cell_id(cell: Cell, flat: bool) -> str:
    c, i, j = cell
    return f"output:{i}:{j}" if flat else f"output:{c}:{i}:{j}"


def select_cells(ask: Any, cells: list[Cell], flat: bool, seed: int) -> tuple[bool, list[Cell]]:
    """Whether the shape is asked, and the output cells asked, in row-major order."""
    if ask is None and len(cells) <= MAX_CELLS:
        return True, cells
    if ask is None or (isinstance(ask, int) and not isinstance(ask, bool)):
        count = SAMPLE_CELLS if ask is None else ask
        if count < 0:
            raise SpecError("ask", f"ask a number of cells ≥ 0, not {count}")
        first = cells[:1] if ask is None else []
        rest = cells[len(first) :]
        rng = np.random.default_rng([seed & 0xFFFFFFFF, 0xA5C])
        drawn = rng.choice(len(rest), size=min(count - len(first), len(rest)), replace=False)
        return True, first + [rest[n] for n in sorted(drawn)]
    if not isinstance(ask, list) or not ask:
        raise SpecError("ask", "give a list of blank ids or a number of cells")
    by_id = {_cell_id(c, flat): c for c in cells}
    for item in ask:
        if item != "shape" and item not in by_id:
            low, high = _cell_id(cells[0], flat), _cell_id(cells[-1], flat)
            raise SpecError(
                "ask", f'{item!r} is not a blank here: ask "shape" and cells {low} to {high}'
            )
    return "shape" in ask, [c for c in cells if _cell_id(c, flat) in ask]


def matrix_text(labelled: Sequence[tuple[str, Array]]) -> str:
    """Small matrices as fenced blocks for the prompt (larger ones are drawn beside it)."""
    blocks = []
    for label, matrix in labelled:
        if matrix.shape[0] > 12 or matrix.shape[1] > 12:
            blocks.append(f"{label}: {matrix.shape[0]}x{matrix.shape[1]}, shown beside.")
            continue
        cells = [[show_number(float(v)) for v in row] for row in matrix]
        width = max(len(t) for row in cells for t in row)
        lines = "\n".join(" ".join(t.rjust(width) for t in row) for row in cells)
        blocks.append(f"{label}:\n\n```\n{lines}\n```")
    return "\n\n".join(blocks)


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
class _Grid:
    """What both kinds share once their numbers are computed."""

    output: Array  # [C, Ho, Wo]
    geometry: Geometry
    input_hw: Pair
    variants: Mapping[str, tuple[str, Array]]  # mistake id -> (message, wrong output)
    cell_hints: Callable[[int, int, int], tuple[str, ...]]
    in_channels: Callable[[int], tuple[int, ...]]
    shape_hint: str


def _matrix(grid: Array) -> Matrix:
    return tuple(tuple(float(v) for v in row) for row in grid)


def _geometry_field(fields: Mapping[str, Any], name: str, default: int, least: int = 1) -> Pair:
    try:
        value = pair(fields.get(name, default), name)
    except GeometryError as error:
        raise SpecError(name, str(error)) from None
    if min(value) < least or max(value) > 64:
        raise SpecError(name, f"{name} must be from {least} to 64, got {fields.get(name)!r}")
    return value


def _output_hw(geometry: Geometry, h: int, w: int) -> Pair:
    try:
        return geometry.output_hw(h, w)
    except GeometryError as error:
        raise SpecError("input", f"input {h}x{w}: {error}") from None


def _shape_blank(grid: _Grid, flat: bool, channel_rule: str) -> Blank:
    c, ho, wo = grid.output.shape
    lead: tuple[int, ...] = () if flat else (c,)
    h, w = grid.input_hw
    mistakes = [
        Mistake(mistake, SHAPE_MESSAGES[mistake], _const((*lead, *hw)))
        for mistake, hw in shape_slips(h, w, grid.geometry).items()
    ]
    for step in (-1, 1):
        if min(ho, wo) + step >= 1:
            wrong = (*lead, ho + step, wo + step)
            mistakes.append(Mistake("off-by-one", SHAPE_MESSAGES["off-by-one"], _const(wrong)))
    return Blank(
        id="shape",
        label="output shape" + (" [rows, columns]" if flat else " [channels, rows, columns]"),
        expected=(*lead, ho, wo),
        format=ShapeFormat(),
        mistakes=tuple(mistakes),
        hints=(
            "Count how many positions the window can take down the rows and across the "
            "columns of the padded input. " + channel_rule,
            size_rule(grid.geometry) + ", and the same for W.",
            grid.shape_hint,
        ),
        section="Output shape",
    )


def _const(value: Any) -> Callable[[Mapping[str, Any]], Any]:
    return lambda deps: value


def _cell_blanks(
    grid: _Grid, asked: Sequence[tuple[int, int, int]], flat: bool, tolerance: Tolerance | None
) -> list[Blank]:
    blanks = []
    for c, i, j in asked:
        value = float(grid.output[c, i, j])
        mistakes = [
            Mistake(mistake.split("#")[0], message, _const(float(wrong[c, i, j])))
            for mistake, (message, wrong) in grid.variants.items()
            if c < wrong.shape[0] and i < wrong.shape[1] and j < wrong.shape[2]
        ]
        rows, cols = grid.geometry.window(i, j)
        index = f"{i}, {j}" if flat else f"{c}, {i}, {j}"
        blanks.append(
            Blank(
                id="output:" + index.replace(", ", ":"),
                label=f"out[{index}]",
                expected=value,
                format=number_format(value, tolerance),
                mistakes=tuple(mistakes),
                hints=grid.cell_hints(c, i, j),
                section="Output" if flat else f"Output channel {c}",
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


def _worksheet(
    instance: Instance,
    grid: _Grid,
    flat: bool,
    channel_rule: str,
    task: str,
    conventions: str,
    visual: GridVisual,
) -> Worksheet:
    c, ho, wo = grid.output.shape
    ids = [(k, i, j) for k in range(c) for i in range(ho) for j in range(wo)]
    shape_asked, asked = select_cells(instance.fields.get("ask"), ids, flat, instance.seed)
    blanks = [_shape_blank(grid, flat, channel_rule)] if shape_asked else []
    blanks += _cell_blanks(grid, asked, flat, instance.tolerance)
    output = grid.output[0] if flat else grid.output
    return Worksheet(
        ref=instance.ref,
        kind=instance.kind,
        seed=instance.seed,
        title=instance.title,
        prompt=(instance.prompt or task) + "\n\n" + conventions,
        blanks=tuple(blanks),
        result={"output": output.tolist(), "output_shape": list(output.shape)},
        hints=instance.hints,
        visual=visual,
        source=instance.source,
    )


def _shape_hint(h: int, w: int, geometry: Geometry) -> str:
    parts = []
    for axis, size, k, p, s, d in zip(("H", "W"), (h, w), *_settings(geometry), strict=True):
        span = f"{d}·({k} − 1) − 1" if geometry.dilation != (1, 1) else f"{k}"
        parts.append(f"{axis}_out = ⌊({size} + 2·{p} − {span})/{s}⌋ + 1")
    return ", ".join(parts)


def size_rule(geometry: Geometry) -> str:
    """The output-size formula, without the dilation term when there is none."""
    if geometry.dilation != (1, 1):
        return "H_out = ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1"
    return "H_out = ⌊(H + 2p − k)/s⌋ + 1"


def _settings(geometry: Geometry) -> tuple[Pair, Pair, Pair, Pair]:
    return geometry.kernel, geometry.padding, geometry.stride, geometry.dilation


def _pair_text(value: Pair) -> str:
    return str(value[0]) if value[0] == value[1] else f"{value[0]}x{value[1]}"


def _term(value: float) -> str:
    text = "−∞" if value == -np.inf else show_number(value)
    return f"({text})" if value < 0 else text


# convolution -------------------------------------------------------------------------------

CONV_CONCEPT = (
    "An output cell is a weighted sum: lay the kernel over the window of the padded input "
    "that this cell reads, multiply element by element, add up the products over every "
    "input channel, then add the bias."
)


def _read_kernel(fields: Mapping[str, Any], channels: int, seed: int) -> Array:
    kernel = read_grid(fields["kernel"], "kernel", seed, dims=(2, 3, 4))
    if kernel.ndim == 2:
        kernel = kernel[None, None]
    elif kernel.ndim == 3:
        kernel = kernel[None]
    if kernel.shape[1] != channels:
        raise SpecError(
            "kernel",
            f"the kernel covers {kernel.shape[1]} input channel(s) but the input has "
            f"{channels}: give the kernel as [out][in][rows][columns] with in = {channels}",
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
    image = read_grid(fields["input"], "input", instance.seed, dims=(2, 3))
    grid_in = image[None] if image.ndim == 2 else image
    kernel = _read_kernel(fields, grid_in.shape[0], instance.seed)
    bias = _read_bias(fields, kernel.shape[0])
    flip = fields.get("flip", False)
    if not isinstance(flip, bool):
        raise SpecError("flip", f"flip is true or false, not {flip!r}")
    geometry = Geometry(
        (kernel.shape[2], kernel.shape[3]),
        _geometry_field(fields, "padding", 0, least=0),
        _geometry_field(fields, "stride", 1),
        _geometry_field(fields, "dilation", 1),
    )
    h, w = grid_in.shape[1], grid_in.shape[2]
    _output_hw(geometry, h, w)

    def run(x: Array, k: Array, b: Array | None, g: Geometry, flipped: bool = flip) -> Array:
        return conv2d(
            x, k, b, padding=g.padding, stride=g.stride, dilation=g.dilation, flip=flipped
        )

    output = run(grid_in, kernel, bias, geometry)
    variants = _conv_variants(run, grid_in, kernel, bias, geometry, flip)
    padded = pad(grid_in, geometry.padding)
    weights = kernel[:, :, ::-1, ::-1] if flip else kernel

    def cell_hints(c: int, i: int, j: int) -> tuple[str, ...]:
        rows, cols = geometry.window(i, j)
        window = window_values(padded, geometry, i, j)
        products = " + ".join(
            f"{_term(float(k))}·{_term(float(x))}"
            for k, x in zip(weights[c].ravel(), window.ravel(), strict=True)
        )
        plus_bias = f" + {_term(float(bias[c]))}" if bias is not None else ""
        flipped = " (the kernel rotated by 180°)" if flip else " (the kernel as written)"
        return (
            CONV_CONCEPT,
            "out[i, j] = Σ_c Σ_a Σ_b K[c, a, b] · x_pad[c, i·s + a·d, j·s + b·d] + bias"
            + (", with K the flipped kernel" if flip else ""),
            f"Padded rows {_span(rows)}, columns {_span(cols)}{flipped}: {products}{plus_bias}",
        )

    out_channels = kernel.shape[0]
    flat = out_channels == 1
    grid = _Grid(
        output,
        geometry,
        (h, w),
        variants,
        cell_hints,
        lambda c: tuple(range(grid_in.shape[0])),
        _shape_hint(h, w, geometry),
    )
    visual = GridVisual(
        "convolution",
        tuple(_matrix(m) for m in padded),
        geometry.padding,
        0.0,
        geometry.kernel,
        geometry.stride,
        geometry.dilation,
        output.shape,
        tuple(tuple(_matrix(m) for m in filt) for filt in kernel),
        tuple(float(b) for b in bias) if bias is not None else (),
        flip,
    )
    channel_rule = "" if flat else f"There is one output channel per filter ({out_channels})."
    return _worksheet(
        instance,
        grid,
        flat,
        channel_rule,
        _conv_task(grid_in, kernel, bias, geometry, flip),
        _conv_conventions(flip, geometry),
        visual,
    )


def _span(values: Sequence[int]) -> str:
    steps = {b - a for a, b in itertools.pairwise(values)}
    if len(values) > 1 and steps == {1}:
        return f"{values[0]}–{values[-1]}"
    return ", ".join(str(v) for v in values)


def _conv_variants(
    run: Callable[..., Array], x: Array, k: Array, b: Array | None, g: Geometry, flip: bool
) -> dict[str, tuple[str, Array]]:
    p, s, d = (_pair_text(v) for v in (g.padding, g.stride, g.dilation))
    variants: dict[str, tuple[str, Array]] = {}
    variants["kernel-flipped"] = (
        "this is the kernel as written (cross-correlation); this exercise flips it, as "
        "signal processing does: rotate the kernel by 180° before sliding it"
        if flip
        else "this is the kernel flipped (true convolution); deep-learning libraries "
        "compute cross-correlation: slide the kernel as written, without flipping it",
        run(x, k, b, g, not flip),
    )
    if x.shape[0] > 1:
        for c in range(x.shape[0]):
            variants[f"forgot-in-channels#{c}"] = (
                f"this sums input channel {c} only; a filter spans all {x.shape[0]} input "
                "channels: add the products of every channel, then the bias once",
                run(x[c : c + 1], k[:, c : c + 1], b, g),
            )
    slips = (
        ("no-padding", g.without_padding()),
        ("stride-ignored", g.unit_stride()),
        ("dilation-ignored", g.undilated()),
    )
    for mistake, changed in slips:
        if changed != g:
            try:
                variants[mistake] = (_window_slip(mistake, p, s, d), run(x, k, b, changed))
            except GeometryError:
                continue
    if b is not None and np.any(b != 0):
        variants["forgot-bias"] = (
            "the bias is missing: add it once, after summing the products",
            run(x, k, None, g),
        )
    return variants


def _window_slip(mistake: str, p: str, s: str, d: str) -> str:
    return {
        "no-padding": f"this window is on the unpadded input; first surround the input with "
        f"{p} ring(s) of zeros: output (i, j) reads the padded input from row i·s, column j·s",
        "stride-ignored": f"this window moved one cell per output; with stride {s}, output "
        f"(i, j) starts at padded row {s}·i, column {s}·j",
        "dilation-ignored": f"the kernel taps here are adjacent; with dilation {d} they are "
        f"{d} cells apart",
    }[mistake]


def _conv_task(x: Array, k: Array, b: Array | None, g: Geometry, flip: bool) -> str:
    settings = [f"padding {_pair_text(g.padding)}", f"stride {_pair_text(g.stride)}"]
    if g.dilation != (1, 1):
        settings.append(f"dilation {_pair_text(g.dilation)}")
    parts = [f"Convolve the input with the kernel ({', '.join(settings)})."]
    inputs = [(f"Input channel {c}" if len(x) > 1 else "Input", m) for c, m in enumerate(x)]
    kernels = [
        (f"Kernel [{o}][{c}]" if k.shape[0] * k.shape[1] > 1 else "Kernel", k[o, c])
        for o in range(k.shape[0])
        for c in range(k.shape[1])
    ]
    parts.append(matrix_text(inputs + kernels))
    if b is not None:
        parts.append("Bias: " + ", ".join(show_number(float(v)) for v in b))
    parts.append("Give the output shape, then the output cells asked.")
    return "\n\n".join(parts)


def _conv_conventions(flip: bool, geometry: Geometry) -> str:
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
    "ask": ASK_FIELD,
}


# pooling -----------------------------------------------------------------------------------


def _pool_input(
    fields: Mapping[str, Any], seed: int, size: Pair, stride: Pair | None, padding: Pair, op: str
) -> Array:
    """The input; a max-pooling input drawn from the seed is redrawn until no window ties."""
    for attempt in range(50):
        image = read_grid(fields["input"], "input", seed, dims=(2, 3), attempt=attempt)
        grid = image[None] if image.ndim == 2 else image
        _output_hw(pool_geometry(size, stride, padding), grid.shape[1], grid.shape[2])
        if op != "max" or not has_max_ties(grid, size, stride, padding):
            return grid
        if not isinstance(fields["input"], dict):
            break
    raise Degenerate(
        "a max-pooling window holds its largest value twice; with ties the "
        "position of the maximum is ambiguous"
    )


def build_pooling(instance: Instance) -> Worksheet:
    fields = instance.fields
    size = _geometry_field(fields, "size", 0)
    stride = _geometry_field(fields, "stride", 1) if "stride" in fields else None
    padding = _geometry_field(fields, "padding", 0, least=0)
    op = fields.get("op", "max")
    if op not in ("max", "avg"):
        raise SpecError("op", f'op is "max" or "avg", not {op!r}')
    try:
        geometry = pool_geometry(size, stride, padding)
    except GeometryError as error:
        raise SpecError("padding", str(error)) from None
    grid_in = _pool_input(fields, instance.seed, size, stride, padding, op)
    h, w = grid_in.shape[1], grid_in.shape[2]
    fill = -np.inf if op == "max" else 0.0
    padded = pad(grid_in, padding, fill)

    def run(g: Geometry, count_padding: bool = True) -> Array:
        return pool2d(
            grid_in, size, stride=g.stride, padding=g.padding, op=op, count_padding=count_padding
        )

    output = run(geometry)
    variants: dict[str, tuple[str, Array]] = {}
    p, s = _pair_text(padding), _pair_text(geometry.stride)
    for mistake, changed in (
        ("no-padding", geometry.without_padding()),
        ("stride-ignored", geometry.unit_stride()),
    ):
        if changed != geometry:
            variants[mistake] = (_window_slip(mistake, p, s, "1"), run(changed))
    if op == "avg" and padding != (0, 0):
        variants["padding-not-counted"] = (
            "this divides by the real cells only; here, as in PyTorch's default, the padded "
            f"zeros count: divide by the window size {size[0] * size[1]}",
            run(geometry, count_padding=False),
        )

    def cell_hints(c: int, i: int, j: int) -> tuple[str, ...]:
        rows, cols = geometry.window(i, j)
        values = [_term(float(v)) for v in window_values(padded, geometry, i, j)[c].ravel()]
        numbers = (
            f"max({', '.join(values)})" if op == "max" else f"({' + '.join(values)})/{len(values)}"
        )
        return (
            "Max pooling keeps the largest value of each window."
            if op == "max"
            else "Average pooling takes the mean of each window, padded zeros included.",
            f"out[c, i, j] = {op} over a, b of x_pad[c, i·s + a, j·s + b]",
            f"Channel {c}, padded rows {_span(rows)}, columns {_span(cols)}: {numbers}",
        )

    flat = grid_in.shape[0] == 1
    grid = _Grid(
        output, geometry, (h, w), variants, cell_hints, lambda c: (c,), _shape_hint(h, w, geometry)
    )
    visual = GridVisual(
        f"{op}-pool",
        tuple(_matrix(m) for m in padded),
        padding,
        fill,
        size,
        geometry.stride,
        (1, 1),
        output.shape,
    )
    inputs = [
        (f"Input channel {c}" if len(grid_in) > 1 else "Input", m) for c, m in enumerate(grid_in)
    ]
    task = (
        f"{'Max' if op == 'max' else 'Average'} pooling with a {size[0]}x{size[1]} window, "
        f"stride {s}, padding {p}.\n\n{matrix_text(inputs)}\n\nGive the output shape, "
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
    return _worksheet(instance, grid, flat, channel_rule, task, conventions, visual)


POOL_FIELDS = {
    "input": grid_field("the input: a matrix, or a list of matrices (channels)"),
    "size": Field((int, list), "the pooling window", True),
    "stride": Field((int, list), "the step between windows (default: the window size)"),
    "padding": Field((int, list), "padding on each side (default 0), at most half the window"),
    "op": Field((str,), '"max" (default) or "avg"'),
    "ask": ASK_FIELD,
}

register(Kind("convolution", CONV_FIELDS, build_convolution))
register(Kind("pooling", POOL_FIELDS, build_pooling))
