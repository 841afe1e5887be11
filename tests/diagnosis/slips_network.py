"""Provides the corpus's slips in layer shapes and parameter counts (course problem 13).

Sources: course problem 13 ("students forget biases, forget input channels, and forget that
pooling shrank the map before the first FC layer"); CS231n notes "Convolutional Networks",
the VGGNet memory and parameter tally; PyTorch's BatchNorm2d (2C learnable, 2C buffers).
"""

from __future__ import annotations

from cases import PACKS, Case, Collector, shape

OWN = f"{PACKS}/conv-slips.toml"
SRC = "course problem 13; CS231n notes, Convolutional Networks (VGGNet tally)"


def conv_params(k: int, c_in: int, c_out: int, bias: bool = True) -> int:
    return k * k * c_in * c_out + (c_out if bias else 0)


def vgg() -> list[Case]:
    """112x112x3: conv3-64, pool, conv3-128, pool, conv3-256 x2, pool, fc-1024, fc-100."""
    nw = Collector("network-size")
    ref = "convnets/vgg-112"
    shapes = [(64, 112), (64, 56), (128, 56), (128, 28), (256, 28), (256, 28), (256, 14)]
    p = [
        conv_params(3, 3, 64),
        0,
        conv_params(3, 64, 128),
        0,
        conv_params(3, 128, 256),
        conv_params(3, 256, 256),
        0,
        256 * 14 * 14 * 1024 + 1024,
        1024 * 100 + 100,
        0,
    ]
    entries = {f"shape:{i}": shape([c, h, h]) for i, (c, h) in enumerate(shapes)}
    entries.update({"shape:7": "[1024]", "shape:8": "[100]", "shape:9": "[100]"})
    own = {f"params:{i}": str(v) for i, v in enumerate(p)}
    nw.add(
        "vgg-forgot-bias-0",
        ref,
        "params:0",
        str(conv_params(3, 3, 64, False)),
        "counted the 3x3x3x64 weights only",
        ["forgot-bias"],
        entries,
        source=SRC,
    )
    nw.add(
        "vgg-forgot-in-channels-0",
        ref,
        "params:0",
        str(conv_params(3, 1, 64)),
        "counted 3x3 weights per filter, not 3x3x3",
        ["forgot-in-channels"],
        entries,
        source=SRC,
    )
    nw.add(
        "vgg-forgot-in-channels-2",
        ref,
        "params:2",
        str(conv_params(3, 1, 128)),
        "forgot the 64 input channels",
        ["forgot-in-channels"],
        entries,
        source=SRC,
    )
    nw.add(
        "vgg-forgot-bias-5",
        ref,
        "params:5",
        str(conv_params(3, 256, 256, False)),
        "forgot the 256 biases",
        ["forgot-bias"],
        entries,
        source=SRC,
    )
    nw.add(
        "vgg-in-channels-from-out",
        ref,
        "params:2",
        str(conv_params(3, 128, 128)),
        "took the input channels as 128 (the layer's own filters)",
        ["wrong-in-channels", "kept-channels"],
        entries,
        source=SRC,
    )
    nw.add(
        "vgg-fc-before-pool",
        ref,
        "params:7",
        str(256 * 28 * 28 * 1024 + 1024),
        "flattened the 28x28 map from before the last pooling",
        ["flatten-before-pool"],
        {**entries, "shape:6": "[256, 28, 28]"},
        verdict="consistent",
        blamed=["shape:6"],
        source=SRC,
        tags=["follow-through"],
    )
    nw.add(
        "vgg-fc-before-pool-own-shape-right",
        ref,
        "params:7",
        str(256 * 28 * 28 * 1024 + 1024),
        "wrote the pooled shape right, then counted FC inputs from the 28x28 map",
        ["flatten-before-pool"],
        entries,
        source=SRC,
    )
    nw.add(
        "vgg-fc-no-flatten",
        ref,
        "params:7",
        str(256 * 1024 + 1024),
        "took the FC input as the 256 channels, not 256·14·14 features",
        ["no-flatten", "forgot-in-channels"],
        entries,
        source=SRC,
    )
    nw.add(
        "vgg-fc-forgot-bias",
        ref,
        "params:8",
        str(1024 * 100),
        "forgot the 100 biases",
        ["forgot-bias"],
        entries,
        source=SRC,
    )
    nw.add(
        "vgg-pool-params",
        ref,
        "params:1",
        str(2 * 2 * 64 + 64),
        "gave max pooling a 2x2 kernel and biases",
        ["pool-has-params"],
        entries,
        source=SRC,
    )
    nw.add(
        "vgg-channels-last",
        ref,
        "shape:0",
        "[112, 112, 64]",
        "wrote H×W×C",
        ["channels-last"],
        source=SRC,
    )
    nw.add(
        "vgg-pool-not-halved",
        ref,
        "shape:3",
        "[128, 56, 56]",
        "forgot that pooling halves the map",
        ["pool-ignored", "stride-ignored"],
        {"shape:2": "[128, 56, 56]"},
        source=SRC,
    )
    nw.add(
        "vgg-fc-shape-unflattened",
        ref,
        "shape:7",
        "[1024, 14, 14]",
        "kept the spatial dimensions after the FC layer",
        ["no-flatten"],
        {"shape:6": "[256, 14, 14]"},
        source=SRC,
    )
    nw.add(
        "vgg-conv-shrinks",
        ref,
        "shape:0",
        "[64, 110, 110]",
        "ignored the padding of 1",
        ["no-padding"],
        source=SRC,
    )
    total = sum(p)
    nw.add(
        "vgg-total-addition-slip",
        ref,
        "total",
        str(total + 100000),
        "carried a digit wrong adding their own right layers",
        ["addition-slip"],
        own,
        source=SRC,
    )
    wrong = dict(
        own,
        **{
            "params:0": str(conv_params(3, 3, 64, False)),
            "params:2": str(conv_params(3, 64, 128, False)),
        },
    )
    nw.add(
        "vgg-total-from-own",
        ref,
        "total",
        str(sum(int(v) for k, v in wrong.items())),
        "added up their own layers (two without biases) correctly",
        verdict="consistent",
        blamed=["params:0", "params:2"],
        entries=wrong,
        source=SRC,
        tags=["follow-through"],
    )
    nw.add(
        "vgg-total-only",
        ref,
        "total",
        str(total),
        "gave only the total",
        verdict="correct",
        source=SRC,
        tags=["follow-through"],
    )
    nw.add(
        "vgg-total-forgot-fc",
        ref,
        "total",
        str(total - p[7] - p[8]),
        "added the convolution layers only",
        ["addition-slip", "missing-term"],
        own,
        source=SRC,
    )
    nw.add(
        "vgg-total-power-of-ten",
        ref,
        "total",
        str(total * 10),
        "a zero too many",
        ["power-of-ten"],
        own,
        source=SRC,
    )
    ref = "convnets/small-cnn-tables"
    nw.add(
        "bn-running-stats",
        ref,
        "params:1",
        str(4 * 32),
        "counted the running mean and variance as parameters",
        ["bn-running-stats"],
        {"shape:0": "[32, 28, 28]"},
        source="PyTorch BatchNorm2d",
    )
    nw.add(
        "conv-bias-false-added",
        ref,
        "params:0",
        str(conv_params(5, 1, 32)),
        "added biases to a conv with bias = false",
        ["bias-added", "forgot-bias"],
        source="PyTorch Conv2d(bias=False)",
    )
    nw.add(
        "conv-stride-2-ignored",
        ref,
        "shape:4",
        "[64, 12, 12]",
        "ignored the stride 2 of the second conv",
        ["stride-ignored"],
        {"shape:3": "[32, 14, 14]"},
        source=SRC,
    )
    # A 1x1 convolution on two channels: forgetting the bias or the input channels both give 8.
    ref = f"{OWN}#one-by-one"
    nw.add(
        "one-by-one-ambiguous",
        ref,
        "params:0",
        "8",
        "forgot the bias (the same count as forgetting the 2 input channels)",
        ["forgot-bias", "forgot-in-channels"],
        source="issue 9, section 2",
        all_of=["forgot-bias", "forgot-in-channels"],
    )
    nw.add(
        "one-by-one-fc-before-pool",
        ref,
        "params:2",
        str(4 * 8 * 8 * 10 + 10),
        "flattened the map from before the pooling",
        ["flatten-before-pool"],
        {"shape:0": "[4, 8, 8]", "shape:1": "[4, 4, 4]"},
        source=SRC,
    )
    ref = f"{OWN}#mlp"
    nw.add(
        "mlp-forgot-bias",
        ref,
        "params:1",
        str(784 * 128),
        "forgot the biases",
        ["forgot-bias"],
        {"shape:0": "[784]"},
        source=SRC,
    )
    nw.add(
        "mlp-no-flatten-shape",
        ref,
        "shape:0",
        "[1, 28, 28]",
        "did not flatten",
        ["no-flatten"],
        source=SRC,
    )
    nw.add(
        "mlp-relu-params",
        ref,
        "params:2",
        "128",
        "gave ReLU one parameter per unit",
        ["activation-has-params", "pool-has-params"],
        {"shape:1": "[128]"},
        source=SRC,
    )
    return nw.cases


def cases() -> list[Case]:
    return vgg()
