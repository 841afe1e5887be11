"""Provides the corpus's slips on differences, optimizer steps and ConvNet arithmetic as students
write them on paper: values rounded to 3 decimals and carried, blanks skipped, the 1/(2h) of a
central difference forgotten, Adam's bias correction left out where the hats were skipped,
momentum's velocity updated after the step, padding counted on one side, the kernel transposed,
a bias counted per input channel.

Wrong entries are computed here in plain Python and numpy from the described mistake and the
student's own entries. Sources are named per case: the CS231n notes (gradient checks, ConvNets),
Kingma and Ba's Adam paper (Algorithm 1), PyTorch's SGD documentation (momentum), d2l.ai
(cross-correlation versus convolution, padding), and issue 9's account of real written work.
"""

from __future__ import annotations

import math

import numpy as np
from cases import PACKS, Case, Collector, vec
from slips_paper_graphs import PAPER, SKIP, dec

NUMERIC = f"{PACKS}/numeric-slips.toml#central"
OPTIM = f"{PACKS}/optim-slips.toml"
CONV = f"{PACKS}/conv-slips.toml"
GRADCHECK = "CS231n notes, Neural Networks 3: gradient checks use (f(x + h) - f(x - h))/(2h)"
ADAM = "Kingma and Ba (2015), Adam, Algorithm 1: m̂ = m/(1 - β1^t), v̂ = v/(1 - β2^t)"
TORCH_SGD = "PyTorch torch.optim.SGD documentation: v = μv + g, then w = w - ηv"
D2L = "d2l.ai, 7.2 Convolutions for Images (cross-correlation) and 7.3 Padding and Stride"
CS231N_CONV = "CS231n notes, Convolutional Networks: (W - F + 2P)/S + 1 and F·F·D1 weights + 1 bias"


def central() -> list[Case]:
    """x²y + tanh(y) at (-1, 0.6), δ = 0.1, the four values to 3 decimals."""
    nd = Collector("numeric-diff")
    own = {
        "value:f@base": dec(0.6 + math.tanh(0.6), 3),  # 1.137
        "value:f@x+": dec(0.81 * 0.6 + math.tanh(0.6), 3),  # 1.023
        "value:f@x-": dec(1.21 * 0.6 + math.tanh(0.6), 3),  # 1.263
        "value:f@y+": dec(0.7 + math.tanh(0.7), 3),  # 1.304
        "value:f@y-": dec(0.5 + math.tanh(0.5), 3),  # 0.962
    }
    up, down = float(own["value:f@y+"]), float(own["value:f@y-"])
    nd.add(
        "paper-cd-no-2h",
        NUMERIC,
        "jacobian:f:y",
        dec(up - down, 3),
        f"wrote f(y + δ) - f(y - δ) = {up} - {down} and forgot to divide by 2δ",
        ["no-divide"],
        own,
        source=GRADCHECK,
    )
    nd.add(
        "paper-cd-h-not-2h",
        NUMERIC,
        "jacobian:f:y",
        dec((up - down) / 0.1, 3),
        "divided their own difference by δ = 0.1, not 2δ",
        ["no-divide", "wrong-delta"],
        own,
        source=GRADCHECK,
    )
    nd.add(
        "paper-cd-forward-own",
        NUMERIC,
        "jacobian:f:y",
        dec((up - float(own["value:f@base"])) / 0.1, 3),
        "used the forward difference (f(y + δ) - f(y))/δ from their own 3-decimal values",
        ["forward-for-central"],
        own,
        source=GRADCHECK,
    )
    nd.add(
        "paper-cd-own-rounded",
        NUMERIC,
        "jacobian:f:y",
        dec((up - down) / 0.2, 3),
        "(1.304 - 0.962)/0.2 from their own 3-decimal values",
        verdict="correct",
        entries=own,
        source=PAPER,
        tags=["follow-through", "precision"],
    )
    fd = Collector("numeric-diff")
    ref = "autodiff/variant-finite-diff"
    f1 = math.cos(1) * math.cos(2) + 1 / (1 + math.exp(-2))
    f1p = math.cos(1.01) * math.cos(2) + 1 / (1 + math.exp(-2))
    rounded = {"value:f1@base": dec(f1, 3), "value:f1@w1+": dec(f1p, 3)}
    fd.add(
        "paper-fd-close-values",
        ref,
        "jacobian:f1:w1",
        dec((float(rounded["value:f1@w1+"]) - float(rounded["value:f1@base"])) / 0.01, 3),
        "(0.659 - 0.656)/0.01 = 0.3 from their own 3-decimal values (close values lose digits)",
        verdict="correct",
        entries=rounded,
        source=PAPER,
        tags=["follow-through", "precision"],
    )
    fd.add(
        "paper-fd-log10",
        ref,
        "value:f2@base",
        dec(math.log10(3) + 2, 3),
        "ln(w1 + w2) pressed as log: log10 3 + 1²·2 = 2.477",
        ["log10"],
        {},
        source="issue 9: ln versus log10 on the calculator",
    )
    return [*nd.cases, *fd.cases]


def momentum() -> list[Case]:
    """PyTorch momentum on 2(w - 1)² from -1, η = 0.05, μ = 0.9."""
    gd = Collector("gradient-descent")
    ref = f"{OPTIM}#momentum"
    step1 = {"gradient:0": "-8", "velocity:1": "-8", "iterate:1": "-0.6", "gradient:1": "-6.4"}
    gd.add(
        "paper-mom-step-before-velocity",
        ref,
        "iterate:2",
        dec(-0.6 - 0.05 * -8, 3),
        "stepped with the old velocity before updating it: w(2) = w(1) - η·v(1) = -0.6 + 0.4",
        ["velocity-after-step"],
        step1,
        source=TORCH_SGD + " (the velocity is updated first)",
    )
    gd.add(
        "paper-mom-velocity-skipped",
        ref,
        "iterate:2",
        "0.08",
        "skipped v(2) and wrote w(2) = -0.6 - 0.05(0.9·(-8) - 6.4) directly",
        verdict="correct",
        entries=step1,
        source=SKIP,
        tags=["follow-through"],
    )
    gd.add(
        "paper-mom-gradient-skipped-carried",
        ref,
        "iterate:2",
        dec(-0.2 - 0.05 * (0.9 * -8 + 4 * (-0.2 - 1)), 3),
        "skipped g(1) and v(2) after their own w(1) = -0.2 (off): w(2) follows from it",
        verdict="consistent",
        entries={"gradient:0": "-8", "velocity:1": "-8", "iterate:1": "-0.2"},
        source=SKIP,
        tags=["follow-through"],
        blamed=["iterate:1"],
    )
    return gd.cases


def adam() -> list[Case]:
    """Adam on (w - 3)² from 1, η = 0.1: the second step with the hats skipped."""
    gd = Collector("gradient-descent")
    ref = f"{OPTIM}#adam"
    own = {
        "gradient:0": "-4",
        "m:1": "-0.4",
        "v:1": "0.016",
        "m_hat:1": "-4",
        "v_hat:1": "16",
        "iterate:1": "1.1",
        "gradient:1": "-3.8",
        "m:2": "-0.74",
        "v:2": "0.0304",
    }
    m2, v2 = -0.74, 0.0304
    gd.add(
        "paper-adam-hats-skipped-uncorrected",
        ref,
        "iterate:2",
        dec(1.1 - 0.1 * m2 / math.sqrt(v2), 3),
        "skipped m̂(2), v̂(2) and stepped with m(2)/√v(2): 1.1 + 0.1·0.74/√0.0304",
        ["no-bias-correction"],
        own,
        source=ADAM,
    )
    m_hat, v_hat = m2 / (1 - 0.9), v2 / (1 - 0.999)
    gd.add(
        "paper-adam-hats-skipped-t1",
        ref,
        "iterate:2",
        dec(1.1 - 0.1 * m_hat / math.sqrt(v_hat), 3),
        "skipped the hats and corrected with t = 1 at step 2: m(2)/0.1 and v(2)/0.001",
        ["t-off-by-one"],
        own,
        source=ADAM,
    )
    m_hat, v_hat = m2 / (1 - 0.9**2), v2 / (1 - 0.999**2)
    gd.add(
        "paper-adam-hats-skipped-right",
        ref,
        "iterate:2",
        dec(1.1 - 0.1 * m_hat / math.sqrt(v_hat), 3),
        "skipped the hats, corrected in their head: w(2) from their 3-figure m(2), v(2)",
        verdict="correct",
        entries=own,
        source=SKIP,
        tags=["follow-through", "precision"],
    )
    return gd.cases


def rmsprop() -> list[Case]:
    """RMSprop on 2w1² + w2² from (1, -2), η = 0.1, α = 0.9, every entry to 3 decimals."""
    gd = Collector("gradient-descent")
    ref = f"{OPTIM}#rmsprop"
    w1 = np.array([1.0, -2.0]) - 0.1 * np.array([4.0, -4.0]) / math.sqrt(1.6)
    w1 = np.round(w1, 3)
    g1 = np.array([4 * w1[0], 2 * w1[1]])
    v2 = np.round(0.9 * 1.6 + 0.1 * g1**2, 3)
    own = {
        "gradient:0": "[4, -4]",
        "v:1": "[1.6, 1.6]",
        "iterate:1": vec(w1),
        "gradient:1": vec(g1),
        "v:2": vec(v2),
    }
    gd.add(
        "paper-rms-iterate-own",
        ref,
        "iterate:2",
        vec(np.round(w1 - 0.1 * g1 / np.sqrt(v2), 3)),
        "w(2) from their own 3-decimal w(1), g(1), v(2)",
        verdict="correct",
        entries=own,
        source=PAPER,
        tags=["follow-through", "precision"],
    )
    right = np.round(w1 - 0.1 * g1 / np.sqrt(v2), 3)
    gd.add(
        "paper-rms-one-sign-lost",
        ref,
        "iterate:2",
        vec(np.abs(right)),
        f"w(2) from their own numbers, the minus of the second coordinate lost: {vec(right)}",
        ["sign-dropped"],
        own,
        source=PAPER,
    )
    gd.add(
        "paper-rms-no-sqrt-own",
        ref,
        "iterate:2",
        vec(np.round(w1 - 0.1 * g1 / v2, 3)),
        "divided by v(2), not √v(2), with their own 3-decimal numbers",
        ["no-sqrt"],
        own,
        source="Hinton, Coursera lecture 6e (RMSprop divides by the root of the mean square)",
    )
    return gd.cases


def conv() -> list[Case]:
    """The Sobel kernel transposed; padding counted on one side only; bias per channel."""
    cv = Collector("convolution")
    image = np.array(
        [[0, 1, 1, 0, 0], [0, 1, 1, 1, 0], [1, 1, 1, 1, 0], [0, 1, 1, 1, 0], [0, 0, 1, 0, 0]]
    )
    kernel = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    padded = np.pad(image, 1)

    def cell(k: np.ndarray, i: int, j: int) -> int:
        return int((padded[i : i + 3, j : j + 3] * k).sum())

    for i, j in ((0, 2), (1, 3)):  # cells where Kᵀ differs from K and from K flipped
        cv.add(
            f"edge-transposed-{i}{j}",
            "convnets/edge-5x5",
            f"output:{i}:{j}",
            str(cell(kernel.T, i, j)),
            f"read the kernel by columns (its transpose, a horizontal-edge kernel) at ({i}, {j})",
            ["kernel-transposed"],
            {},
            source=D2L,
        )
    cv.add(
        "size-padding-one-side",
        f"{CONV}#size-p2",
        "shape",
        "[30, 30]",
        "added the padding once: (32 + 2 - 5)/1 + 1 = 30, not (32 + 2·2 - 5) + 1",
        ["padding-once"],
        {},
        source=CS231N_CONV,
    )
    cv.add(
        "size-padding-none",
        f"{CONV}#size-p2",
        "shape",
        "[28, 28]",
        "left the padding out: 32 - 5 + 1",
        ["no-padding"],
        {},
        source=CS231N_CONV,
    )
    net = Collector("network-size")
    net.add(
        "vgg-bias-per-in-channel",
        "convnets/vgg-112",
        "params:0",
        str(3 * 3 * 3 * 64 + 3 * 64),
        "one bias per filter and input channel: 1728 + 3·64",
        ["bias-per-channel"],
        {},
        source=CS231N_CONV,
    )
    net.add(
        "vgg-fc-bias-per-input",
        "convnets/vgg-112",
        "params:8",
        str(1024 * 100 + 1024),
        "counted the FC layer's biases by its 1024 inputs, not its 100 outputs",
        ["bias-per-channel"],
        {},
        source=CS231N_CONV,
    )
    return [*cv.cases, *net.cases]


def cases() -> list[Case]:
    return [*central(), *momentum(), *adam(), *rmsprop(), *conv()]
