"""Tests engine.conv against explicit loops over windows and hand-worked course values."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from engine.conv import (
    Geometry,
    GeometryError,
    conv2d,
    has_max_ties,
    output_size,
    pad,
    pair,
    pool2d,
    shape_slips,
    window_values,
)

IMAGE = [
    [0, 1, 1, 0, 0],
    [0, 1, 1, 1, 0],
    [1, 1, 1, 1, 0],
    [0, 1, 1, 1, 0],
    [0, 0, 1, 0, 0],
]
LAPLACIAN = [[0, -1, 0], [-1, 4, -1], [0, -1, 0]]

# Course problem 12, worked by hand: each cell is 4·centre − (up + down + left + right),
# with zeros outside the image.
LAPLACIAN_BY_HAND = [
    [-1, 2, 2, -2, 0],
    [-2, 1, 0, 2, -1],
    [3, 0, 0, 1, -1],
    [-2, 2, 0, 2, -1],
    [0, -2, 3, -2, 0],
]


def reference_conv(x, k, bias=None, padding=(0, 0), stride=(1, 1), dilation=(1, 1), flip=False):
    """Explicit loops: every output cell, every filter tap, zero outside the input."""
    channels, height, width = len(x), len(x[0]), len(x[0][0])
    out_ch, kh, kw = len(k), len(k[0][0]), len(k[0][0][0])
    span_h, span_w = dilation[0] * (kh - 1) + 1, dilation[1] * (kw - 1) + 1
    ho = (height + 2 * padding[0] - span_h) // stride[0] + 1
    wo = (width + 2 * padding[1] - span_w) // stride[1] + 1
    out = [[[0.0] * wo for _ in range(ho)] for _ in range(out_ch)]
    for o in range(out_ch):
        for i in range(ho):
            for j in range(wo):
                total = 0.0 if bias is None else float(bias[o])
                for c in range(channels):
                    for a in range(kh):
                        for b in range(kw):
                            r = i * stride[0] + a * dilation[0] - padding[0]
                            q = j * stride[1] + b * dilation[1] - padding[1]
                            if 0 <= r < height and 0 <= q < width:
                                weight = k[o][c][kh - 1 - a][kw - 1 - b] if flip else k[o][c][a][b]
                                total += weight * x[c][r][q]
                out[o][i][j] = total
    return out


def reference_pool(x, size, stride, padding, op, count_padding=True):
    """Explicit loops over windows; cells outside the input are skipped (max) or zeros (avg)."""
    height, width = len(x[0]), len(x[0][0])
    ho = (height + 2 * padding[0] - size[0]) // stride[0] + 1
    wo = (width + 2 * padding[1] - size[1]) // stride[1] + 1
    out = []
    for channel in x:
        rows = []
        for i in range(ho):
            row = []
            for j in range(wo):
                inside = []
                for a in range(size[0]):
                    for b in range(size[1]):
                        r, q = i * stride[0] + a - padding[0], j * stride[1] + b - padding[1]
                        if 0 <= r < height and 0 <= q < width:
                            inside.append(channel[r][q])
                if op == "max":
                    row.append(max(inside))
                else:
                    row.append(sum(inside) / (size[0] * size[1] if count_padding else len(inside)))
            rows.append(row)
        out.append(rows)
    return out


def test_course_problem_12_laplacian_with_padding_1() -> None:
    image = np.array([IMAGE], dtype=float)
    kernel = np.array([[LAPLACIAN]], dtype=float)
    out = conv2d(image, kernel, padding=(1, 1))
    assert out.shape == (1, 5, 5)
    assert out[0].tolist() == LAPLACIAN_BY_HAND


def test_laplacian_by_neighbours_agrees_with_hand_values() -> None:
    """A third way: 4·centre minus the four neighbours, straight from the definition."""

    def at(r: int, q: int) -> int:
        return IMAGE[r][q] if 0 <= r < 5 and 0 <= q < 5 else 0

    by_neighbours = [
        [4 * at(r, q) - at(r - 1, q) - at(r + 1, q) - at(r, q - 1) - at(r, q + 1) for q in range(5)]
        for r in range(5)
    ]
    assert by_neighbours == LAPLACIAN_BY_HAND


def test_course_problem_12_stride_2_and_no_padding() -> None:
    image = np.array([IMAGE], dtype=float)
    kernel = np.array([[LAPLACIAN]], dtype=float)
    strided = conv2d(image, kernel, padding=(1, 1), stride=(2, 2))
    assert strided[0].tolist() == [row[::2] for row in LAPLACIAN_BY_HAND[::2]]
    valid = conv2d(image, kernel)
    assert valid[0].tolist() == [row[1:4] for row in LAPLACIAN_BY_HAND[1:4]]


GEOMETRIES = [
    dict(padding=(0, 0), stride=(1, 1), dilation=(1, 1)),
    dict(padding=(1, 1), stride=(1, 1), dilation=(1, 1)),
    dict(padding=(1, 2), stride=(2, 1), dilation=(1, 1)),
    dict(padding=(2, 2), stride=(2, 3), dilation=(2, 1)),
    dict(padding=(0, 1), stride=(1, 2), dilation=(2, 2)),
]


@pytest.mark.parametrize("geometry", GEOMETRIES)
@pytest.mark.parametrize("flip", [False, True])
def test_conv2d_matches_explicit_loops(geometry: dict, flip: bool) -> None:
    rng = np.random.default_rng(7)
    x = rng.integers(-3, 4, size=(3, 7, 6)).astype(float)
    k = rng.integers(-2, 3, size=(2, 3, 3, 2)).astype(float)
    bias = np.array([0.5, -1.0])
    got = conv2d(x, k, bias, flip=flip, **geometry)
    expected = reference_conv(x.tolist(), k.tolist(), bias.tolist(), flip=flip, **geometry)
    assert np.allclose(got, np.array(expected))


def test_flip_rotates_the_kernel_by_180_degrees() -> None:
    x = np.arange(9, dtype=float).reshape(1, 3, 3)
    k = np.array([[[[1, 2], [3, 4]]]], dtype=float)
    rotated = np.array([[[[4, 3], [2, 1]]]], dtype=float)
    assert np.array_equal(conv2d(x, k, flip=True), conv2d(x, rotated))
    # top-left window [[0, 1], [3, 4]] · [[4, 3], [2, 1]] = 0 + 3 + 6 + 4
    assert conv2d(x, k, flip=True)[0, 0, 0] == 13


@pytest.mark.parametrize(
    "size, stride, padding", [((2, 2), (2, 2), (0, 0)), ((3, 3), (2, 2), (1, 1)),
                              ((2, 3), (1, 2), (1, 1)), ((3, 2), (3, 1), (0, 1))]
)  # fmt: skip
@pytest.mark.parametrize("op", ["max", "avg"])
def test_pool2d_matches_explicit_loops(size, stride, padding, op) -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 7, 8))
    got = pool2d(x, size, stride=stride, padding=padding, op=op)
    assert np.allclose(got, np.array(reference_pool(x.tolist(), size, stride, padding, op)))


def test_avg_pool_counts_padding_by_default_and_not_when_asked() -> None:
    x = np.array([[[4.0, 8.0], [12.0, 16.0]]])
    counted = pool2d(x, (2, 2), stride=(2, 2), padding=(1, 1), op="avg")
    real_only = pool2d(x, (2, 2), stride=(2, 2), padding=(1, 1), op="avg", count_padding=False)
    # each 2x2 window of the padded map holds one real cell and three zeros
    assert counted[0].tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert real_only[0].tolist() == [[4.0, 8.0], [12.0, 16.0]]


def test_max_pool_pads_with_minus_infinity() -> None:
    x = np.array([[[-5.0, -6.0], [-7.0, -8.0]]])
    out = pool2d(x, (2, 2), stride=(2, 2), padding=(1, 1), op="max")
    assert out[0].tolist() == [[-5.0, -6.0], [-7.0, -8.0]]


@pytest.mark.parametrize(
    "h, k, p, s, d",
    list(itertools.product([1, 5, 7, 32], [1, 2, 3, 5], [0, 1, 2], [1, 2, 3], [1, 2])),
)
def test_output_size_formula(h: int, k: int, p: int, s: int, d: int) -> None:
    room = h + 2 * p - d * (k - 1) - 1
    if room < 0:
        with pytest.raises(GeometryError):
            output_size(h, k, p, s, d)
        return
    assert output_size(h, k, p, s, d) == math.floor(room / s) + 1
    # the count of window starts that fit, counted one by one
    starts = [t for t in range(0, h + 2 * p) if t % s == 0 and t + d * (k - 1) < h + 2 * p]
    assert output_size(h, k, p, s, d) == len(starts)


def test_no_output_error_shows_the_numbers() -> None:
    with pytest.raises(GeometryError) as caught:
        output_size(3, 5, 0, 1, 1)
    message = str(caught.value)
    assert "(3 + 2·0 − 1·(5 − 1) − 1)/1 + 1" in message
    assert "-2/1 + 1 < 1" in message


@pytest.mark.parametrize("bad", [0, -1])
def test_settings_out_of_range(bad: int) -> None:
    with pytest.raises(GeometryError, match="stride must be at least 1"):
        output_size(5, 3, 0, bad, 1)


def test_pair_reads_ints_and_pairs_only() -> None:
    assert pair(3, "stride") == (3, 3)
    assert pair([1, 2], "stride") == (1, 2)
    for bad in (True, [1, 2, 3], "2", 1.5):
        with pytest.raises(GeometryError):
            pair(bad, "stride")  # type: ignore[arg-type]


def test_window_lists_padded_rows_and_columns() -> None:
    geometry = Geometry((3, 2), padding=(1, 1), stride=(2, 3), dilation=(2, 1))
    assert geometry.window(1, 2) == ((2, 4, 6), (6, 7))
    grid = np.arange(20, dtype=float).reshape(1, 4, 5)
    padded = pad(grid, (1, 1))
    values = window_values(padded, geometry, 0, 0)
    # padded rows 0, 2, 4 are padding, input row 1, input row 3; padded column 0 is padding
    assert values[0].tolist() == [[0, 0], [0, 5], [0, 15]]


def test_shape_slips() -> None:
    geometry = Geometry((3, 3), padding=(1, 1), stride=(2, 2))
    slips = shape_slips(6, 6, geometry)
    assert slips["no-padding"] == (2, 2)  # ⌊(6 − 3)/2⌋ + 1
    assert slips["stride-ignored"] == (6, 6)
    assert slips["no-floor"] == (4, 4)  # ⌈(6 + 2 − 3)/2⌉ + 1 instead of ⌊⌋
    assert "dilation-ignored" not in slips
    assert "no-floor" not in shape_slips(5, 5, geometry)  # (5 + 2 − 3)/2 is whole


def test_max_ties() -> None:
    assert has_max_ties(np.array([[[1.0, 3.0], [3.0, 0.0]]]), (2, 2), None, (0, 0))
    assert not has_max_ties(np.array([[[1.0, 3.0], [2.0, 0.0]]]), (2, 2), None, (0, 0))
    # a tie below the maximum does not matter
    assert not has_max_ties(np.array([[[1.0, 1.0], [2.0, 0.0]]]), (2, 2), None, (0, 0))


def test_pool_padding_at_most_half_the_window() -> None:
    with pytest.raises(GeometryError, match="more than half"):
        pool2d(np.zeros((1, 4, 4)), (2, 2), padding=(2, 2))
