"""Tests the convolution, pooling and network-size kinds: blanks, mistakes, ask, errors, pack."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from exercises.kinds import KINDS
from exercises.loader import load_builtin_packs
from exercises.model import Instance, SpecError, Worksheet

IMAGE = [
    [0, 1, 1, 0, 0],
    [0, 1, 1, 1, 0],
    [1, 1, 1, 1, 0],
    [0, 1, 1, 1, 0],
    [0, 0, 1, 0, 0],
]
LAPLACIAN = [[0, -1, 0], [-1, 4, -1], [0, -1, 0]]
SOBEL_X = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
# course problem 12 by hand: 4·centre − (up + down + left + right), zeros outside
LAPLACIAN_BY_HAND = [
    [-1, 2, 2, -2, 0],
    [-2, 1, 0, 2, -1],
    [3, 0, 0, 1, -1],
    [-2, 2, 0, 2, -1],
    [0, -2, 3, -2, 0],
]
VGG_112 = ["conv3-64", "maxpool", "conv3-128", "maxpool", "conv3-256", "conv3-256",
           "maxpool", "fc-1024", "fc-100", "softmax"]  # fmt: skip


def build(kind: str, seed: int = 0, **fields: Any) -> Worksheet:
    return KINDS[kind].build(Instance(f"test/{kind}", kind, seed, "test", fields))


def mistake_of(sheet: Worksheet, blank: str, text: str, entries: dict[str, str] | None = None):
    verdict = sheet.check(blank, text, entries or {})
    assert verdict.status == "incorrect", verdict
    return verdict.mistake


# convolution --------------------------------------------------------------------------------


def test_course_problem_12_worksheet() -> None:
    sheet = build("convolution", input=IMAGE, kernel=LAPLACIAN, padding=1)
    ids = [b.id for b in sheet.blanks]
    assert ids[0] == "shape" and len(ids) == 26
    assert sheet.blank("shape").expected == (5, 5)
    for i in range(5):
        for j in range(5):
            assert sheet.blank(f"output:{i}:{j}").expected == LAPLACIAN_BY_HAND[i][j]
    assert sheet.result == {"output": LAPLACIAN_BY_HAND, "output_shape": [5, 5]}
    assert "cross-correlation" in sheet.prompt


def test_receptive_field_and_products_rung() -> None:
    sheet = build("convolution", input=IMAGE, kernel=LAPLACIAN, padding=1, bias=2)
    blank = sheet.blank("output:2:3")
    assert blank.extra == {"channel": 0, "row": 2, "col": 3, "rows": (2, 3, 4),
                           "cols": (3, 4, 5), "channels": (0,), "padding": (1, 1)}  # fmt: skip
    products = blank.hints[2].split(": ", 1)[1].split(" + ")
    assert len(products) == 9 + 1  # nine products, then the bias

    def number(text: str) -> float:
        return float(text.strip("()"))

    total = sum(number(t.split("·")[0]) * number(t.split("·")[1]) for t in products[:-1])
    assert total + number(products[-1]) == LAPLACIAN_BY_HAND[2][3] + 2 == blank.expected


def test_multichannel_ids_and_values_by_hand() -> None:
    ones = [[1, 1, 1], [1, 1, 1], [1, 1, 1]]
    twos = [[2, 2, 2], [2, 2, 2], [2, 2, 2]]
    kernel = [[[[1, 1], [1, 1]], [[1, 1], [1, 1]]], [[[1, 0], [0, 0]], [[0, 0], [0, -1]]]]
    sheet = build("convolution", input=[ones, twos], kernel=kernel, bias=[0, 5])
    assert sheet.blank("shape").expected == (2, 2, 2)
    assert sheet.blank("output:0:1:1").expected == 4 * 1 + 4 * 2
    assert sheet.blank("output:1:0:0").expected == 1 - 2 + 5
    assert sheet.blank("output:0:0:0").extra["channels"] == (0, 1)
    assert mistake_of(sheet, "output:0:1:1", "4") == "forgot-in-channels"
    assert mistake_of(sheet, "output:0:1:1", "8") == "forgot-in-channels"
    assert mistake_of(sheet, "output:1:0:0", "-1") == "forgot-bias"


def test_kernel_flipped_both_ways() -> None:
    plain = build("convolution", input=IMAGE, kernel=SOBEL_X, padding=1)
    # window at input rows 0-2, columns 0-2: right column minus left column, weighted 1, 2, 1
    assert plain.blank("output:1:1").expected == 3
    assert mistake_of(plain, "output:1:1", "-3") == "kernel-flipped"
    flipped = build("convolution", input=IMAGE, kernel=SOBEL_X, padding=1, flip=True)
    assert flipped.blank("output:1:1").expected == -3
    verdict = flipped.check("output:1:1", "3", {})
    assert verdict.mistake == "kernel-flipped" and "rotate the kernel" in verdict.message


def test_padding_stride_and_bias_mistakes() -> None:
    padded = build("convolution", input=IMAGE, kernel=LAPLACIAN, padding=1)
    assert mistake_of(padded, "output:0:0", "1") == "no-padding"  # the valid window (1, 1)
    assert mistake_of(padded, "shape", "3x3") == "no-padding"
    assert mistake_of(padded, "shape", "4, 4") == "off-by-one"
    strided = build("convolution", input=IMAGE, kernel=LAPLACIAN, padding=1, stride=2)
    assert strided.blank("output:1:1").expected == LAPLACIAN_BY_HAND[2][2]
    assert mistake_of(strided, "output:1:1", str(LAPLACIAN_BY_HAND[1][1])) == "stride-ignored"
    assert mistake_of(strided, "shape", "5x5") == "stride-ignored"
    biased = build("convolution", input=IMAGE, kernel=LAPLACIAN, padding=1, bias=2)
    assert mistake_of(biased, "output:0:0", "-1") == "forgot-bias"


def test_no_floor_and_dilation() -> None:
    grid = [[float(i * 6 + j) for j in range(6)] for i in range(6)]
    sheet = build("convolution", input=grid, kernel=LAPLACIAN, stride=2)
    assert sheet.blank("shape").expected == (2, 2)  # ⌊(6 − 3)/2⌋ + 1
    assert mistake_of(sheet, "shape", "3x3") == "no-floor"
    dilated = build("convolution", input=grid, kernel=[[1, 1], [1, 1]], dilation=2)
    assert dilated.blank("shape").expected == (4, 4)  # 6 − 2·(2 − 1) − 1 + 1
    assert mistake_of(dilated, "shape", "5x5") == "dilation-ignored"
    # taps at rows 0, 2 and columns 0, 2: 0 + 2 + 12 + 14
    assert dilated.blank("output:0:0").expected == 28
    assert mistake_of(dilated, "output:0:0", str(0 + 1 + 6 + 7)) == "dilation-ignored"


def test_ask_list_count_and_default_sample() -> None:
    asked = build("convolution", input=IMAGE, kernel=LAPLACIAN, padding=1,
                  ask=["output:2:3", "shape", "output:0:0"])  # fmt: skip
    assert [b.id for b in asked.blanks] == ["shape", "output:0:0", "output:2:3"]
    counted = build("convolution", input=IMAGE, kernel=LAPLACIAN, padding=1, ask=4, seed=3)
    assert len(counted.blanks) == 5 and counted.blanks[0].id == "shape"
    again = build("convolution", input=IMAGE, kernel=LAPLACIAN, padding=1, ask=4, seed=3)
    assert [b.id for b in again.blanks] == [b.id for b in counted.blanks]
    big = {"shape": [32, 32], "int": [0, 3]}
    samples = [
        build("convolution", input=big, kernel=LAPLACIAN, padding=1, seed=s) for s in range(4)
    ]
    for sheet in samples:
        assert len(sheet.blanks) == 1 + 10
        assert sheet.blanks[1].id == "output:0:0"
        assert sheet.result["output_shape"] == [32, 32]
    assert len({tuple(b.id for b in s.blanks) for s in samples}) > 1
    with pytest.raises(SpecError) as caught:
        build("convolution", input=IMAGE, kernel=LAPLACIAN, ask=["output:3:3"])
    assert caught.value.field == "ask" and "output:2:2" in caught.value.message


def test_drawn_grids_follow_the_seed() -> None:
    first = build("convolution", seed=5, input={"shape": [4, 4], "int": [0, 9]}, kernel=LAPLACIAN)
    same = build("convolution", seed=5, input={"shape": [4, 4], "int": [0, 9]}, kernel=LAPLACIAN)
    other = build("convolution", seed=6, input={"shape": [4, 4], "int": [0, 9]}, kernel=LAPLACIAN)
    assert first.visual.input == same.visual.input != other.visual.input
    values = np.array(first.visual.input)
    assert values.min() >= 0 and values.max() <= 9 and np.all(values == values.round())


@pytest.mark.parametrize(
    "fields, field, words",
    [
        (dict(input=[[1, 2], [3, 4]], kernel=LAPLACIAN), "input", "(2 + 2·0 − 1·(3 − 1) − 1)/1"),
        (dict(input=[[1, 2, 3], [4, 5]], kernel=LAPLACIAN), "input", "rows of different lengths"),
        (dict(input=[[1, "x"], [3, 4]], kernel=[[1]]), "input[0][1]", "expected a number"),
        (dict(input=[IMAGE, IMAGE], kernel=LAPLACIAN), "kernel", "input has 2"),
        (dict(input=IMAGE, kernel=LAPLACIAN, bias=[1, 2]), "bias", "one number per output"),
        (dict(input=IMAGE, kernel=LAPLACIAN, stride=0), "stride", "from 1 to 64"),
        (dict(input=IMAGE, kernel=LAPLACIAN, flip="yes"), "flip", "true or false"),
        (dict(input={"shape": [5], "int": [0, 1]}, kernel=LAPLACIAN), "input.shape", "sizes"),
        (dict(input=IMAGE, kernel=LAPLACIAN, ask=[[0]]), "ask", "is not a blank here"),
    ],
)
def test_spec_errors(fields: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(SpecError) as caught:
        build("convolution", **fields)
    assert caught.value.field == field
    assert words in caught.value.message


def test_conv_visual_holds_the_padded_grid_and_kernel() -> None:
    sheet = build("convolution", input=IMAGE, kernel=LAPLACIAN, padding=1, bias=1)
    visual = sheet.visual
    assert visual.operation == "convolution"
    assert len(visual.input) == 1 and len(visual.input[0]) == 7 and len(visual.input[0][0]) == 7
    assert visual.input[0][3][1:6] == tuple(float(v) for v in IMAGE[2])
    assert visual.kernel[0][0] == tuple(tuple(float(v) for v in row) for row in LAPLACIAN)
    assert visual.output_shape == (1, 5, 5) and visual.bias == (1.0,)


# pooling ------------------------------------------------------------------------------------

MATRIX = [[1, 3, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]


def test_max_and_avg_pooling_by_hand() -> None:
    maxed = build("pooling", input=MATRIX, size=2)
    assert maxed.result == {"output": [[6, 8], [3, 4]], "output_shape": [2, 2]}
    averaged = build("pooling", input=MATRIX, size=2, op="avg")
    assert averaged.result["output"] == [[15 / 4, 21 / 4], [8 / 4, 8 / 4]]
    assert averaged.blank("output:0:1").hints[2].endswith("(2 + 4 + 7 + 8)/4")
    assert maxed.blank("output:1:0").extra["rows"] == (2, 3)


def test_pooling_mistakes() -> None:
    maxed = build("pooling", input=MATRIX, size=2)
    assert mistake_of(maxed, "shape", "3x3") == "stride-ignored"
    assert mistake_of(maxed, "output:0:1", "7") == "stride-ignored"  # window at columns 1-2
    padded = build("pooling", input=MATRIX, size=2, op="avg", padding=1)
    # top-left window: three padded zeros and the 1
    assert padded.blank("output:0:0").expected == 1 / 4
    assert mistake_of(padded, "output:0:0", "1") == "padding-not-counted"
    assert mistake_of(padded, "output:0:0", str(15 / 4)) == "no-padding"
    assert "count_include_pad" in padded.prompt


def test_too_imprecise_average() -> None:
    sheet = build("pooling", input=[[1, 2, 0], [3, 1, 0], [2, 1, 0]], size=3, op="avg")
    assert sheet.blank("output:0:0").expected == pytest.approx(10 / 9)
    assert mistake_of(sheet, "output:0:0", "1.1") == "too-imprecise"
    assert sheet.check("output:0:0", "1.111", {}).status == "correct"


def test_ties_in_a_max_window_are_valid() -> None:
    """[[1, 3], [3, 0]] pooled 2x2: the maximum is 3, whichever 3 is taken."""
    sheet = build("pooling", input=[[1, 3], [3, 0]], size=2)
    assert sheet.blank("output:0:0").expected == 3
    assert sheet.check("output:0:0", "3", {}).status == "correct"


def test_drawn_max_pooling_with_ties_matches_numpy() -> None:
    """Small integers tie often; the output is numpy's window maximum (reshape, then max)."""
    for seed in range(10):
        sheet = build("pooling", seed=seed, input={"shape": [6, 6], "int": [0, 3]}, size=2)
        grid = np.asarray(sheet.visual.input[0], dtype=float)
        expected = grid.reshape(3, 2, 3, 2).max(axis=(1, 3))
        for i in range(3):
            for j in range(3):
                assert sheet.blank(f"output:{i}:{j}").expected == expected[i, j]


def test_pool_padding_more_than_half_is_a_spec_error() -> None:
    with pytest.raises(SpecError) as caught:
        build("pooling", input=MATRIX, size=2, padding=2)
    assert caught.value.field == "padding" and "half" in caught.value.message


# network-size -------------------------------------------------------------------------------


def test_course_problem_13_worksheet() -> None:
    sheet = build("network-size", input_shape=[3, 112, 112], layers=VGG_112)
    assert sheet.blank("shape:0").expected == (64, 112, 112)
    assert sheet.blank("params:0").expected == 3 * 3 * 3 * 64 + 64
    assert sheet.blank("shape:6").expected == (256, 14, 14)
    assert sheet.blank("params:7").expected == 256 * 14 * 14 * 1024 + 1024
    assert sheet.blank("total").expected == 52_444_644
    assert [b.id for b in sheet.blanks][-1] == "total" and len(sheet.blanks) == 21
    assert sheet.result["layers"][7] == {"name": "fc-1024", "output_shape": [1024],
                                         "params": 51_381_248}  # fmt: skip
    assert sheet.result["total_params"] == 52_444_644
    assert sheet.visual.layers[7].flattens and sheet.visual.input_shape == (3, 112, 112)


def test_network_mistakes() -> None:
    sheet = build("network-size", input_shape=[3, 112, 112], layers=VGG_112)
    assert mistake_of(sheet, "params:0", str(3 * 3 * 3 * 64)) == "forgot-bias"
    assert mistake_of(sheet, "params:0", str(3 * 3 * 64 + 64)) == "forgot-in-channels"
    assert mistake_of(sheet, "params:1", str(2 * 2 * 64)) == "pool-has-params"
    assert mistake_of(sheet, "params:7", str(256 * 28 * 28 * 1024 + 1024)) == "flatten-before-pool"
    assert mistake_of(sheet, "params:7", str(256 * 14 * 14 * 1024)) == "forgot-bias"
    assert mistake_of(sheet, "params:7", str(14 * 14 * 1024 + 1024)) == "forgot-in-channels"
    assert mistake_of(sheet, "shape:0", "64x110x110") == "no-padding"
    assert mistake_of(sheet, "shape:1", "64x57x57") == "off-by-one"
    assert mistake_of(sheet, "shape:1", "64x111x111") == "stride-ignored"  # (112 − 2)/1 + 1
    no_biases = 52_444_644 - (64 + 128 + 256 + 256 + 1024 + 100)
    assert mistake_of(sheet, "total", str(no_biases)) == "forgot-bias"
    odd = build("network-size", input_shape=[8, 7, 7], layers=["maxpool"])
    assert mistake_of(odd, "shape:0", "8x4x4") == "no-floor"


def test_batch_norm_running_statistics() -> None:
    layers = [{"type": "conv2d", "out": 16, "kernel": 3, "bias": False}, {"type": "batchnorm2d"}]
    sheet = build("network-size", input_shape=[3, 10, 10], layers=layers)
    assert sheet.blank("params:1").expected == 2 * 16
    verdict = sheet.check("params:1", str(4 * 16), {})
    assert verdict.mistake == "bn-running-stats" and "buffers" in verdict.message
    assert "buffers" in " ".join(sheet.blank("params:1").hints)
    assert mistake_of(sheet, "total", str(3 * 3 * 3 * 16 + 4 * 16)) == "bn-running-stats"


def test_network_follow_through() -> None:
    sheet = build("network-size", input_shape=[3, 112, 112], layers=VGG_112)
    entries = {"shape:3": "64x28x28"}  # wrong channels after the second pool
    verdict = sheet.check("params:4", str(3 * 3 * 64 * 256 + 256), entries)
    assert verdict.status == "consistent" and verdict.blamed == ("shape:3",)
    assert sheet.check("shape:4", "256x28x28", entries).status == "correct"
    entries = {"shape:1": "64x57x57"}
    assert sheet.check("shape:2", "128x57x57", entries).status == "consistent"
    # from the key's own shape, a count off by its biases is not excused as rounding
    assert sheet.check("params:7", str(256 * 14 * 14 * 1024), {"shape:6": "256x14x14"}).mistake
    params = {f"params:{n}": str(layer["params"]) for n, layer in enumerate(sheet.result["layers"])}
    params["params:8"] = str(1024 * 100)
    assert sheet.check("total", str(52_444_644 - 100), params).status == "consistent"


def test_network_ask_and_errors() -> None:
    sheet = build("network-size", input_shape=[3, 32, 32], layers=VGG_112[:3], ask=1, seed=2)
    ids = [b.id for b in sheet.blanks]
    assert len(ids) == 3 and ids[-1] == "total"
    assert all(not b.depends_on or b.depends_on[0] in ids for b in sheet.blanks)
    with pytest.raises(SpecError) as caught:
        build(
            "network-size", input_shape=[3, 8, 8], layers=["conv3-8", "maxpool", "fc-4", "conv3-4"]
        )
    assert caught.value.field == "layers[3]" and "[C, H, W]" in caught.value.message
    with pytest.raises(SpecError) as caught:
        build("network-size", input_shape=[3, 0, 8], layers=["relu"])
    assert caught.value.field == "input_shape"


# the pack -----------------------------------------------------------------------------------


def test_convnets_pack_keys_grade_correct() -> None:
    result = load_builtin_packs()
    assert not [e for e in result.errors if "convnets" in e.file]
    pack = next(p for p in result.packs if p.id == "convnets")
    assert len(pack.exercises) >= 10
    assert {"laplacian-5x5", "vgg-112", "max-pool-4x4"} <= {e.id for e in pack.exercises}
    for exercise in pack.exercises:
        for seed in range(3 if exercise.randomized else 1):
            sheet = exercise.instance(seed)
            ids = [b.id for b in sheet.blanks]
            assert len(ids) == len(set(ids)) > 0
            entries = {b.id: b.answer_text for b in sheet.blanks}
            for blank, _, verdict in sheet.grade(entries):
                assert verdict.status == "correct", (exercise.id, seed, blank.id, verdict)
            assert sheet.check(ids[-1], "123456789", entries).status == "incorrect"
            assert sheet.check(ids[-1], "", entries).status == "blank"
