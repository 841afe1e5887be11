"""Grouped convolutions in network-size: parameter counts worked by hand (AlexNet, depthwise)."""

from __future__ import annotations

import pytest

from engine.network import LayerError, output_shape, params, parse_layer


def test_alexnet_conv2_in_two_groups() -> None:
    """256 filters of 5x5 over 96/2 = 48 channels each: 256·48·25 + 256 = 307,456."""
    layer = parse_layer({"type": "conv2d", "out": 256, "kernel": 5, "padding": 2, "groups": 2})
    assert params(layer, (96, 27, 27)) == 307_456
    assert output_shape(layer, (96, 27, 27)) == (256, 27, 27)


def test_a_depthwise_convolution() -> None:
    """groups = channels: one 3x3 filter per channel, 32·9 + 32 = 320."""
    layer = parse_layer({"type": "conv2d", "out": 32, "kernel": 3, "groups": 32, "bias": True})
    assert params(layer, (32, 8, 8)) == 320


@pytest.mark.parametrize(
    ("spec", "shape", "says"),
    [
        ({"type": "conv2d", "out": 10, "kernel": 3, "groups": 4}, (8, 5, 5), "multiple of groups"),
        ({"type": "conv2d", "out": 8, "kernel": 3, "groups": 3}, (8, 5, 5), "multiple of groups"),
        ({"type": "conv2d", "out": 6, "kernel": 3, "groups": 3}, (8, 5, 5), "do not split"),
        ({"type": "conv2d", "out": 6, "kernel": 3, "groups": 0}, (6, 5, 5), "positive whole"),
    ],
)
def test_groups_must_divide_the_channels(spec: dict, shape: tuple, says: str) -> None:
    with pytest.raises(LayerError, match=says):
        params(parse_layer(spec), shape)
