"""`groups` in the `convolution` kind: grouped and depthwise convolutions.

The reference is torch.nn.functional.conv2d's definition written out by hand with plain loops
(out[o, i, j] = bias[o] + Σ over the C/G channels of o's group, Σ_a Σ_b), not the engine's
einsum over shifted views.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from conv_reference import by_loops

from engine.conv import conv2d
from exercises.kinds.convolution import build_convolution
from exercises.model import Instance, SpecError, Worksheet


@pytest.mark.parametrize(
    ("channels", "filters", "groups", "stride", "padding"),
    [(4, 4, 2, 1, 0), (4, 6, 2, 2, 1), (3, 3, 3, 1, 1), (6, 3, 3, 1, 0), (2, 4, 1, 1, 1)],
)
def test_engine_matches_the_definition(
    channels: int, filters: int, groups: int, stride: int, padding: int
) -> None:
    rng = np.random.default_rng(channels * 100 + filters * 10 + groups)
    x = rng.integers(-3, 4, size=(channels, 5, 6)).astype(float)
    k = rng.integers(-2, 3, size=(filters, channels // groups, 3, 3)).astype(float)
    bias = rng.integers(-2, 3, size=filters).astype(float)
    mine = conv2d(x, k, bias, padding=(padding, padding), stride=(stride, stride), groups=groups)
    expected = by_loops(x.tolist(), k.tolist(), bias.tolist(), stride, padding, groups)
    assert mine.tolist() == expected.tolist()


def sheet(**fields: Any) -> Worksheet:
    return build_convolution(Instance("test/x", "convolution", 0, "test", fields))


DEPTHWISE = {
    "input": [[[1, 2, 0], [0, 1, 3], [2, 2, 1]], [[0, 1, 1], [4, 0, 2], [1, 0, 0]]],
    "kernel": [[[[1, 0], [0, 1]]], [[[2, 1], [0, -1]]]],
    "groups": 2,
}


def test_depthwise_by_hand() -> None:
    """Channel 0 with [[1, 0], [0, 1]]: out[0, 0, 0] = 1 + 1 = 2; channel 1 with [[2, 1],
    [0, -1]]: out[1, 1, 1] = 2·0 + 1·2 + 0·0 - 1·0 = 2."""
    ws = sheet(**DEPTHWISE)
    assert ws.blank("shape").expected == (2, 2, 2)
    assert ws.blank("output:0:0:0").expected == 2.0
    assert ws.blank("output:1:1:1").expected == 2.0
    assert ws.blank("output:1:0:0").expected == 2 * 0 + 1 * 1 + 0 * 4 - 1 * 0
    assert ws.blank("output:1:0:0").extra["channels"] == (1,)


def test_groups_ignored_is_named() -> None:
    """Summing both channels with filter 1's kernel: out[1, 0, 0] = (2·1 + 1·2 - 1·1) + 1."""
    ws = sheet(**DEPTHWISE)
    verdict = ws.check("output:1:0:0", "4", {"output:1:0:0": "4"})
    assert verdict.status == "incorrect" and "groups-ignored" in verdict.mistakes


def test_forgot_in_channels_within_a_group() -> None:
    x = [[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[1, 0], [0, 1]], [[2, 2], [2, 2]]]
    k = [[[[1]], [[10]]], [[[1]], [[100]]]]  # two groups of two channels, 1x1 kernels
    ws = sheet(input=x, kernel=k, groups=2)
    # out[1] = x[2] + 100·x[3]: at (0, 0) 1 + 200; the group's first channel alone gives 1
    assert ws.blank("output:1:0:0").expected == 201.0
    verdict = ws.check("output:1:0:0", "1", {"output:1:0:0": "1"})
    assert "forgot-in-channels" in verdict.mistakes


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({**DEPTHWISE, "groups": 3}, "do not split"),
        ({**DEPTHWISE, "groups": 0}, "whole number"),
        ({**DEPTHWISE, "groups": 1}, "the input has 2"),
        ({**DEPTHWISE, "kernel": [[[[1, 0], [0, 1]]]] * 3}, "do not split"),
    ],
)
def test_bad_groups_are_named(fields: dict[str, Any], says: str) -> None:
    with pytest.raises(SpecError) as raised:
        sheet(**fields)
    assert raised.value.field in ("groups", "kernel") and says in raised.value.message
