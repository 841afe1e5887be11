"""Convolution inputs up to 256 per side, computed a cell at a time (AlexNet's 227x227x3).

Cells are checked against the convolution's definition written with loops (conv_reference),
the output size by hand: (227 - 11)/4 + 1 = 55.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from conv_reference import cell_by_loops

from exercises.kinds.convolution import build_convolution
from exercises.kinds.grids import read_grid
from exercises.kinds.lazy_cells import LazyCells
from exercises.kinds.pooling import build_pooling
from exercises.model import Instance, SpecError, Worksheet

ALEXNET = {
    "input": {"shape": [3, 227, 227], "int": [0, 255]},
    "kernel": {"shape": [2, 3, 11, 11], "int": [-2, 2]},
    "bias": [1, -1],
    "stride": 4,
}


def sheet(seed: int = 0, **fields: Any) -> Worksheet:
    return build_convolution(Instance("test/x", "convolution", seed, "test", fields))


def drawn(fields: dict[str, Any], seed: int = 0) -> tuple[Any, Any]:
    """The input and kernel the sheet drew, read as the kind reads them."""
    x = read_grid(fields["input"], "input", seed, dims=(2, 3), large=True)
    k = read_grid(fields["kernel"], "kernel", seed, dims=(2, 3, 4))
    return x.tolist(), k.tolist()


def test_alexnet_first_layer_cells_by_the_definition() -> None:
    asked = ["shape", "output:1:27:31", "output:0:0:0", "output:0:54:54"]
    ws = sheet(**ALEXNET, ask=asked)
    assert [b.id for b in ws.blanks] == [
        "shape",
        "output:0:0:0",
        "output:0:54:54",
        "output:1:27:31",
    ]
    assert ws.blank("shape").expected == (2, 55, 55)
    x, k = drawn(ALEXNET)
    for blank in ws.blanks[1:]:
        cell = tuple(int(n) for n in blank.id.split(":")[1:])
        assert blank.expected == cell_by_loops(x, k, [1, -1], 4, 0, 1, cell)  # type: ignore[arg-type]
    assert ws.result["output"] is None and ws.result["output_shape"] == [2, 55, 55]
    assert set(ws.result["cells"]) == set(asked[1:])


def test_a_sample_is_drawn_without_listing_every_cell() -> None:
    ws = sheet(**ALEXNET, ask=5, seed=3)
    ids = [b.id for b in ws.blanks]
    assert ids[0] == "shape" and len(ids) == 6
    cells = [tuple(int(n) for n in i.split(":")[1:]) for i in ids[1:]]
    assert cells == sorted(cells) and all(c < 2 and i < 55 and j < 55 for c, i, j in cells)
    default = sheet(**ALEXNET)  # no ask: the shape, the first cell and 9 drawn
    assert [b.id for b in default.blanks][:2] == ["shape", "output:0:0:0"]
    assert len(default.blanks) == 11


def test_mistakes_are_named_cell_by_cell() -> None:
    fields = {**ALEXNET, "ask": ["output:1:3:5"]}
    ws = sheet(**fields)
    x, k = drawn(fields)
    without_bias = cell_by_loops(x, k, [0, 0], 4, 0, 1, (1, 3, 5))
    stride_one = cell_by_loops(x, k, [1, -1], 1, 0, 1, (1, 3, 5))
    for entry, mistake in ((without_bias, "forgot-bias"), (stride_one, "stride-ignored")):
        verdict = ws.check("output:1:3:5", repr(entry), {"output:1:3:5": repr(entry)})
        assert verdict.status == "incorrect" and mistake in verdict.mistakes, verdict


def test_the_lazy_output_is_the_whole_convolution_where_both_run() -> None:
    """On a 130-wide input (computed a cell at a time), every cell of a padded, strided and
    dilated grouped convolution agrees with the definition."""
    rng = np.random.default_rng(5)
    x = rng.integers(-2, 3, size=(2, 4, 130)).astype(float)
    k = rng.integers(-1, 2, size=(2, 1, 2, 3)).astype(float)
    ws = sheet(input=x.tolist(), kernel=k.tolist(), groups=2, padding=1, stride=[1, 7], ask=40)
    for blank in ws.blanks[1:]:
        cell = tuple(int(n) for n in blank.id.split(":")[1:])
        c, i, j = cell
        by_hand = sum(
            k[c, 0, a, b] * x[c, i + a - 1, 7 * j + b - 1]
            for a in range(2)
            for b in range(3)
            if 0 <= i + a - 1 < 4 and 0 <= 7 * j + b - 1 < 130
        )
        assert blank.expected == by_hand, cell


@pytest.mark.parametrize(
    ("fields", "field", "says"),
    [
        ({**ALEXNET, "input": {"shape": [256, 256, 256], "int": [0, 1]}}, "input.shape", "at most"),
        ({**ALEXNET, "input": {"shape": [3, 257, 227], "int": [0, 1]}}, "input.shape", "1 to 256"),
        ({**ALEXNET, "ask": ["output:0:55:0"]}, "ask", "output:1:54:54"),
    ],
)
def test_too_large_or_out_of_range_is_refused(
    fields: dict[str, Any], field: str, says: str
) -> None:
    with pytest.raises(SpecError) as raised:
        sheet(**fields)
    assert raised.value.field == field and says in raised.value.message


def test_pooling_keeps_the_old_bound() -> None:
    fields = {"input": {"shape": [200, 200], "int": [0, 1]}, "size": 2}
    with pytest.raises(SpecError) as raised:
        build_pooling(Instance("t/p", "pooling", 0, "t", fields))
    assert "1 to 128" in raised.value.message


def test_lazy_cells_compute_only_what_is_read() -> None:
    reads: list[tuple[int, int, int]] = []
    cells = LazyCells((1, 1000, 1000), lambda cell: reads.append(cell) or 1.0)
    assert cells[0, 5, 7] == 1.0 and cells[0, 5, 7] == 1.0
    assert reads == [(0, 5, 7)]
    with pytest.raises(IndexError):
        cells[0, 1000, 0]
