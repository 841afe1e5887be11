"""Tests engine.network against shapes and parameter counts worked out by hand."""

from __future__ import annotations

import pytest

from engine.network import LayerError, analyse, output_shape, params, parse_layer

VGG_112 = ["conv3-64", "maxpool", "conv3-128", "maxpool", "conv3-256", "conv3-256",
           "maxpool", "fc-1024", "fc-100", "softmax"]  # fmt: skip


def test_course_problem_13_by_hand() -> None:
    """112x112x3 in; 3x3 convs keep H and W (padding 1), each 2x2 pool halves them."""
    by_hand = [
        ((64, 112, 112), 3 * 3 * 3 * 64 + 64),
        ((64, 56, 56), 0),
        ((128, 56, 56), 3 * 3 * 64 * 128 + 128),
        ((128, 28, 28), 0),
        ((256, 28, 28), 3 * 3 * 128 * 256 + 256),
        ((256, 28, 28), 3 * 3 * 256 * 256 + 256),
        ((256, 14, 14), 0),
        ((1024,), 256 * 14 * 14 * 1024 + 1024),
        ((100,), 1024 * 100 + 100),
        ((100,), 0),
    ]
    rows = analyse([3, 112, 112], VGG_112)
    assert [(r.output_shape, r.params) for r in rows] == by_hand
    assert sum(r.params for r in rows) == sum(p for _, p in by_hand) == 52_444_644
    assert rows[7].flattens and not rows[8].flattens


def test_small_cnn_with_tables_by_hand() -> None:
    layers = [
        {"type": "conv2d", "out": 32, "kernel": 5, "padding": 2, "bias": False},
        {"type": "batchnorm2d"},
        {"type": "relu"},
        {"type": "maxpool2d", "kernel": 2},
        {"type": "conv2d", "out": 64, "kernel": 3, "stride": 2},
        {"type": "flatten"},
        {"type": "dropout", "p": 0.3},
        {"type": "linear", "out": 10},
    ]
    rows = analyse([1, 28, 28], layers)
    assert [r.output_shape for r in rows] == [
        (32, 28, 28),  # (28 + 4 − 5)/1 + 1
        (32, 28, 28),
        (32, 28, 28),
        (32, 14, 14),
        (64, 6, 6),  # ⌊(14 − 3)/2⌋ + 1
        (64 * 6 * 6,),
        (2304,),
        (10,),
    ]
    assert [r.params for r in rows] == [5 * 5 * 1 * 32, 2 * 32, 0, 0, 3 * 3 * 32 * 64 + 64,
                                        0, 0, 2304 * 10 + 10]  # fmt: skip


def test_sequence_layers_by_hand() -> None:
    layers = [
        {"type": "embedding", "num": 1000, "dim": 64},
        {"type": "layernorm"},
        {"type": "linear", "out": 32},
        {"type": "layernorm", "normalized_shape": [12, 32]},
        {"type": "flatten"},
        {"type": "layernorm"},
    ]
    rows = analyse([12], layers)
    assert [r.output_shape for r in rows] == [(12, 64), (12, 64), (12, 32), (12, 32), (384,),
                                              (384,)]  # fmt: skip
    # embedding num·dim; layer norm 2 per normalised element (a sequence's features by
    # default); linear acts on the last dimension of a sequence
    assert [r.params for r in rows] == [1000 * 64, 2 * 64, 64 * 32 + 32, 2 * 12 * 32, 0,
                                        2 * 384]  # fmt: skip


def test_batchnorm1d_on_a_vector() -> None:
    rows = analyse([4096], ["fc-256", {"type": "batchnorm1d"}, "relu", "dropout", "fc-10"])
    assert [r.params for r in rows] == [4096 * 256 + 256, 2 * 256, 0, 0, 256 * 10 + 10]


def test_shorthand_forms() -> None:
    conv = parse_layer("conv5-32")
    assert conv.type == "conv2d"
    assert conv.settings["padding"] == 2 and conv.settings["stride"] == 1
    assert parse_layer("FC-10").type == "linear"
    assert parse_layer("avgpool").type == "avgpool2d"
    assert output_shape(parse_layer("conv1-8"), (3, 5, 5)) == (8, 5, 5)
    assert params(parse_layer("conv1-8"), (3, 5, 5)) == 3 * 8 + 8


def test_pool_on_odd_map_floors() -> None:
    assert output_shape(parse_layer("maxpool"), (8, 7, 7)) == (8, 3, 3)


@pytest.mark.parametrize(
    "layers, shape, index, words",
    [
        (["conv3-64", "fc-10", "conv3-8"], [3, 8, 8], 2, "needs a [C, H, W]"),
        (["maxpool", "maxpool", "maxpool"], [1, 4, 4], 2, "no output"),
        (["conv3-64", "convolution"], [3, 8, 8], 1, "unknown layer"),
        ([{"type": "conv2d", "out": 4}], [3, 8, 8], 0, "needs kernel"),
        ([{"type": "linear", "out": 4, "kernal": 3}], [8], 0, "'kernal' is not one of them"),
        ([{"type": "dense", "out": 4}], [8], 0, "not one of conv2d"),
        ([{"type": "linear", "out": 0}], [8], 0, "positive whole number"),
        ([{"type": "embedding", "num": 10, "dim": 4}], [3, 8, 8], 0, "sequence of token ids"),
    ],
)
def test_errors_name_the_layer(layers, shape, index, words) -> None:
    with pytest.raises(LayerError) as caught:
        analyse(shape, layers)
    assert caught.value.index == index
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"layer {index}:")
