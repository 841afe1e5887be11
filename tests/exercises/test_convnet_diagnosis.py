"""How a wrong convolution, pooling or network-size entry is explained, in the student's numbers.

Every wrong value here is worked by hand (or with numpy written independently of the engine),
as the student who made the slip would have worked it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from exercises.kinds import KINDS
from exercises.model import Instance, Verdict, Worksheet

TWO_CHANNELS = [
    [[1, 3, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]],
    [[0, 1, 0, 2], [2, 0, 1, 1], [4, 1, 0, 3], [1, 1, 2, 0]],
]


def build(kind: str, **fields: Any) -> Worksheet:
    return KINDS[kind].build(Instance(f"test/{kind}", kind, 0, "test", fields))


def verdict_of(sheet: Worksheet, blank: str, text: str, **entries: str) -> Verdict:
    verdict = sheet.check(blank, text, {k.replace("__", ":"): v for k, v in entries.items()})
    assert verdict.status == "incorrect", verdict
    return verdict


def ids(verdict: Verdict) -> tuple[str, ...]:
    return verdict.mistakes


# pooling ------------------------------------------------------------------------------------


def test_average_for_max_pooling() -> None:
    """Max pooling, top-right 2x2 window (2, 4, 7, 8): its mean 21/4 = 5.25 is not the max."""
    sheet = build("pooling", input=TWO_CHANNELS[0], size=2)
    assert "pool-op-swapped" in ids(verdict_of(sheet, "output:0:1", "5.25"))


def test_max_for_average_pooling() -> None:
    sheet = build("pooling", input=TWO_CHANNELS[0], size=2, op="avg")
    assert "pool-op-swapped" in ids(verdict_of(sheet, "output:0:1", "8"))


def test_a_rounded_average_is_matched_like_a_right_answer() -> None:
    """Max pooling's key is the integer 8, but the mean (1+2+3+4+5+6+7+8+2)/9 = 38/9 = 4.2222...
    typed with four figures, 4.222, is the average for the max all the same."""
    sheet = build("pooling", input=[[1, 2, 3], [4, 5, 6], [7, 8, 2]], size=3)
    assert sheet.blank("output:0:0").expected == 8
    assert "pool-op-swapped" in ids(verdict_of(sheet, "output:0:0", "4.222"))


def test_channels_summed_when_pooling() -> None:
    """Max of the channel sum in the top-left window: (1+0, 3+1, 5+2, 6+0) -> 7."""
    sheet = build("pooling", input=TWO_CHANNELS, size=2)
    summed = np.array(TWO_CHANNELS[0]) + np.array(TWO_CHANNELS[1])
    wrong = summed[0:2, 0:2].max()
    assert wrong == 7
    verdict = verdict_of(sheet, "output:1:0:0", str(wrong))
    assert "channels-summed" in ids(verdict)
    assert "2 input channels" in verdict.message


def test_channels_last_output_shape() -> None:
    """Three channels pooled 2x2 give 3 x 2 x 2; written channels last, 2 x 2 x 3."""
    three = [TWO_CHANNELS[0], TWO_CHANNELS[1], TWO_CHANNELS[0]]
    sheet = build("pooling", input=three, size=2)
    verdict = verdict_of(sheet, "shape", "2 x 2 x 3")
    assert ids(verdict) == ("channels-last",)
    assert "C x H x W" in verdict.message


# convolution --------------------------------------------------------------------------------


def test_channels_last_convolution_shape() -> None:
    """Two 3x3 filters on a 5x5 input: 2 x 3 x 3, written channels last as 3 x 3 x 2."""
    image = np.arange(25).reshape(5, 5).tolist()
    kernel = [[[[1, 0, 0], [0, 1, 0], [0, 0, 1]]], [[[0, 0, 1], [0, 1, 0], [1, 0, 0]]]]
    sheet = build("convolution", input=image, kernel=kernel, ask=["shape"])
    assert sheet.blank("shape").expected == (2, 3, 3)
    assert ids(verdict_of(sheet, "shape", "[3, 3, 2]")) == ("channels-last",)


# network size -------------------------------------------------------------------------------


def test_one_input_channel_names_both_forgot_bias_and_forgot_in_channels() -> None:
    """conv3-8 on a 1-channel image: 3·3·1·8 + 8 = 80; the student writes 72 = 3·3·8, which is
    the weights without the biases and also 3·3·8 with the input channels left out."""
    sheet = build("network-size", input_shape=[1, 28, 28], layers=["conv3-8"])
    found = ids(verdict_of(sheet, "params:0", str(3 * 3 * 8)))
    assert found == ("forgot-bias", "forgot-in-channels")


def test_channels_last_layer_shape() -> None:
    """conv3-16 (padding 1) on 3 x 32 x 32 gives 16 x 32 x 32; written 32 x 32 x 16."""
    sheet = build("network-size", input_shape=[3, 32, 32], layers=["conv3-16"])
    assert ids(verdict_of(sheet, "shape:0", "32x32x16")) == ("channels-last",)


def test_no_flatten_before_the_first_fully_connected_layer() -> None:
    """maxpool gives 8 x 4 x 4; fc-10 on it without flattening acts on the last axis (4):
    shape 8 x 4 x 10, parameters 4·10 + 10 = 50 (the right count is 128·10 + 10)."""
    layers = ["conv3-8", "maxpool", "fc-10"]
    sheet = build("network-size", input_shape=[3, 8, 8], layers=layers)
    assert ids(verdict_of(sheet, "shape:2", "8x4x10")) == ("no-flatten",)
    assert "no-flatten" in ids(verdict_of(sheet, "params:2", str(4 * 10 + 10)))


def test_no_flatten_follows_the_students_own_map() -> None:
    """The student's pooled map is 8 x 3 x 3 (wrong); unflattened fc-10 on it: 8 x 3 x 10."""
    layers = ["conv3-8", "maxpool", "fc-10"]
    sheet = build("network-size", input_shape=[3, 8, 8], layers=layers)
    verdict = verdict_of(sheet, "shape:2", "8x3x10", shape__1="8x3x3")
    assert "no-flatten" in ids(verdict)


def test_an_explicit_flatten_left_unflattened() -> None:
    sheet = build("network-size", input_shape=[2, 4, 4], layers=["flatten", "fc-3"])
    assert ids(verdict_of(sheet, "shape:0", "2x4x4")) == ("no-flatten",)


# the total ----------------------------------------------------------------------------------

SMALL = ["conv3-8", "maxpool", "fc-10"]  # on 3 x 8 x 8: 3·3·3·8 + 8 = 224, 0, 8·4·4·10 + 10 = 1290


def test_a_total_without_the_biases() -> None:
    sheet = build("network-size", input_shape=[3, 8, 8], layers=SMALL)
    assert sheet.blank("total").expected == 224 + 1290
    assert "forgot-bias" in ids(verdict_of(sheet, "total", str(224 + 1290 - 8 - 10)))


def test_a_total_that_leaves_out_a_layer() -> None:
    """The student's layers are right; their total misses the fc layer's 1290."""
    sheet = build("network-size", input_shape=[3, 8, 8], layers=SMALL)
    parts = {"params__0": "224", "params__1": "0", "params__2": "1290"}
    verdict = verdict_of(sheet, "total", "224", **parts)
    assert ids(verdict) == ("addition-slip",)
    assert "leaves out" in verdict.message and "fc-10" in verdict.message


def test_a_total_that_is_not_the_sum_of_the_students_own_layers() -> None:
    """The student's conv count lacks its biases (216); their layers add up to 216 + 1290 = 1506,
    but they wrote 1600."""
    sheet = build("network-size", input_shape=[3, 8, 8], layers=SMALL)
    parts = {"params__0": "216", "params__1": "0", "params__2": "1290"}
    verdict = verdict_of(sheet, "total", "1600", **parts)
    assert ids(verdict) == ("addition-slip",)
    assert "your layers add up to 1506" in verdict.message
    assert (
        sheet.check("total", "1506", {k.replace("__", ":"): v for k, v in parts.items()}).status
        == "consistent"
    )


def test_a_misadded_total_of_right_layers_does_not_give_the_sum_away() -> None:
    sheet = build("network-size", input_shape=[3, 8, 8], layers=SMALL)
    parts = {"params__0": "224", "params__1": "0", "params__2": "1290"}
    verdict = verdict_of(sheet, "total", "1600", **parts)
    assert "1514" not in verdict.message


# more grid and layer slips, each worked by hand ----------------------------------------------

ONES = [[1, 1], [1, 1]]


def test_the_bias_added_once_per_input_channel() -> None:
    """Two channels, a 2x2 kernel of ones per channel, bias 1: top-left cell 1+3+5+6 + 0+1+2+0
    + 1 = 19; with the bias added for each channel, 20."""
    sheet = build("convolution", input=TWO_CHANNELS, kernel=[ONES, ONES], bias=1, stride=2)
    assert sheet.blank("output:0:0").expected == 19
    assert "bias-per-channel" in ids(verdict_of(sheet, "output:0:0", "20"))


def test_the_maps_of_two_filters_added_up() -> None:
    """Filters 'all ones' and 'top-left only' on channel 0: at (0, 0) they give 15 and 1."""
    kernel = [[ONES], [[[1, 0], [0, 0]]]]
    sheet = build("convolution", input=TWO_CHANNELS[0], kernel=kernel, stride=2)
    assert sheet.blank("output:1:0:0").expected == 1
    assert "channels-summed" in ids(verdict_of(sheet, "output:1:0:0", "16"))


def test_padding_where_there_is_none() -> None:
    """A 3x3 kernel on a 4x4 input without padding: 2 x 2; padded anyway, 4 x 4. The padded
    corner window holds 0, 0, 0 / 0, 1, 3 / 0, 5, 6: with a kernel of ones, 15."""
    sheet = build("convolution", input=TWO_CHANNELS[0], kernel=[[1, 1, 1]] * 3)
    assert "padding-added" in ids(verdict_of(sheet, "shape", "[4, 4]"))
    assert "padding-added" in ids(verdict_of(sheet, "output:0:0", "15"))


def test_a_window_read_one_column_too_far() -> None:
    """Max pooling 2x2, stride 2: out[1, 0] = max(3, 2, 1, 2) = 3, out[1, 1] = max(1, 0, 3, 4)
    = 4; the student wrote out[1, 0]'s 3 for out[1, 1]."""
    sheet = build("pooling", input=TWO_CHANNELS[0], size=2)
    verdict = verdict_of(sheet, "output:1:1", "3")
    assert "window-shifted" in ids(verdict)
    assert "out[1, 0]" in verdict.message


def test_the_sum_of_an_average_window() -> None:
    """Average pooling, top-right window 2 + 4 + 7 + 8 = 21, not divided by 4."""
    sheet = build("pooling", input=TWO_CHANNELS[0], size=2, op="avg")
    assert "sum-not-mean" in ids(verdict_of(sheet, "output:0:1", "21"))


def test_the_minimum_for_the_maximum() -> None:
    sheet = build("pooling", input=TWO_CHANNELS[0], size=2)
    assert "pool-op-swapped" in ids(verdict_of(sheet, "output:0:1", "2"))  # min(2, 4, 7, 8)


def test_the_maxima_of_the_channels_added() -> None:
    """Top-left windows: channel 0's max is 6, channel 1's is 2: 8 is their sum."""
    sheet = build("pooling", input=TWO_CHANNELS, size=2)
    assert "channels-summed" in ids(verdict_of(sheet, "output:0:0:0", "8"))


def test_the_channel_axis_dropped_from_a_pooled_shape() -> None:
    sheet = build("pooling", input=TWO_CHANNELS, size=2)
    assert "channels-summed" in ids(verdict_of(sheet, "shape", "[2, 2]"))


def test_input_channels_taken_from_the_layers_own_filters() -> None:
    """conv3-16 after conv3-8: 3·3·8·16 + 16 = 1168; with 16 input channels, 2320."""
    sheet = build("network-size", input_shape=[3, 8, 8], layers=["conv3-8", "conv3-16"])
    assert sheet.blank("params:1").expected == 3 * 3 * 8 * 16 + 16
    assert "wrong-in-channels" in ids(verdict_of(sheet, "params:1", str(3 * 3 * 16 * 16 + 16)))


def test_a_pooling_layer_that_does_not_shrink() -> None:
    sheet = build("network-size", input_shape=[3, 8, 8], layers=SMALL)
    assert "pool-ignored" in ids(verdict_of(sheet, "shape:1", "8x8x8"))


def test_a_fully_connected_layer_on_the_channels_alone() -> None:
    """fc-10 on 8 x 4 x 4 with 8 inputs: 8·10 + 10 = 90."""
    sheet = build("network-size", input_shape=[3, 8, 8], layers=SMALL)
    assert "no-flatten" in ids(verdict_of(sheet, "params:2", "90"))


def test_biases_counted_for_a_layer_without_them() -> None:
    """A 5x5 conv, 32 filters, no bias, on 1 channel: 800 weights; 832 with biases."""
    layer = {"type": "conv2d", "out": 32, "kernel": 5, "bias": False}
    sheet = build("network-size", input_shape=[1, 28, 28], layers=[layer])
    assert sheet.blank("params:0").expected == 800
    assert "bias-added" in ids(verdict_of(sheet, "params:0", "832"))


def test_a_relu_given_a_parameter_per_unit() -> None:
    sheet = build("network-size", input_shape=[64], layers=["fc-128", "relu"])
    assert "activation-has-params" in ids(verdict_of(sheet, "params:1", "128"))


def test_a_total_of_the_convolutions_only() -> None:
    """conv3-8 (224), fc-20 (8·8·8·20 + 20), fc-10 (210): the convolution's 224 alone."""
    sheet = build("network-size", input_shape=[3, 8, 8], layers=["conv3-8", "fc-20", "fc-10"])
    assert sheet.blank("total").expected == 224 + 8 * 8 * 8 * 20 + 20 + 210
    verdict = verdict_of(sheet, "total", "224")
    assert "addition-slip" in ids(verdict)
    assert "convolution layers only" in verdict.message


def test_a_carried_digit_in_the_total_of_right_layers() -> None:
    """224 + 0 + 1290 = 1514, written 1614: one digit off, and 1514 is not given away."""
    sheet = build("network-size", input_shape=[3, 8, 8], layers=SMALL)
    parts = {"params__0": "224", "params__1": "0", "params__2": "1290"}
    verdict = verdict_of(sheet, "total", "1614", **parts)
    assert ids(verdict) == ("addition-slip",)
    assert "1514" not in verdict.message


def test_three_input_channels_assumed_on_a_grey_image() -> None:
    """conv3-32 on a 1-channel image: 3·3·1·32 + 32 = 320; with RGB's 3 channels, 896."""
    sheet = build("network-size", input_shape=[1, 28, 28], layers=["conv3-32"])
    assert "wrong-in-channels" in ids(verdict_of(sheet, "params:0", str(3 * 3 * 3 * 32 + 32)))
