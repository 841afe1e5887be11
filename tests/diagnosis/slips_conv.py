"""Provides the corpus's slips in convolution and pooling: cells, output shapes.

Sources: course problems 12 and 14; CS231n notes "Convolutional Networks" (output size
(W - F + 2P)/S + 1, zero padding, depth columns summing over input channels); Dumoulin & Visin,
"A guide to convolution arithmetic" (2016), for floors, dilation and padding.
"""

from __future__ import annotations

import numpy as np
from cases import PACKS, Case, Collector, exact

OWN = f"{PACKS}/conv-slips.toml"
CS231N = "CS231n notes, Convolutional Networks"
GUIDE = "Dumoulin & Visin, A guide to convolution arithmetic (2016)"
IMAGE = np.array(
    [[0, 1, 1, 0, 0], [0, 1, 1, 1, 0], [1, 1, 1, 1, 0], [0, 1, 1, 1, 0], [0, 0, 1, 0, 0]], float
)
LAPLACE = np.array([[0, -1, 0], [-1, 4, -1], [0, -1, 0]], float)
SOBEL = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], float)


def correlate(x: np.ndarray, k: np.ndarray, padding: int = 0, stride: int = 1) -> np.ndarray:
    """Cross-correlation of one channel, written as explicit windows (no library convolution)."""
    x = np.pad(x, padding)
    kh, kw = k.shape
    rows = (x.shape[0] - kh) // stride + 1
    cols = (x.shape[1] - kw) // stride + 1
    out = np.zeros((rows, cols))
    for i in range(rows):
        for j in range(cols):
            window = x[i * stride : i * stride + kh, j * stride : j * stride + kw]
            out[i, j] = float(np.sum(window * k))
    return out


def convolution() -> list[Case]:
    cv = Collector("convolution")
    lap = correlate(IMAGE, LAPLACE, 1)
    edge = correlate(IMAGE, SOBEL, 1)
    valid = correlate(IMAGE, LAPLACE, 0)
    src = "course problem 12"
    ref = "convnets/laplacian-5x5"
    cv.add(
        "lap-no-padding-shape",
        ref,
        "shape",
        "[3, 3]",
        "forgot the padding in the size",
        ["no-padding"],
        source=CS231N,
    )
    cv.add(
        "lap-off-by-one-shape",
        ref,
        "shape",
        "[4, 4]",
        "(5 + 2 - 3)/1 without the + 1",
        ["off-by-one"],
        source=CS231N,
    )
    assert valid[0, 0] != lap[0, 0] and edge[0, 2] != correlate(IMAGE, SOBEL, 0)[0, 2]
    cv.add(
        "lap-corner-padding-ignored",
        ref,
        "output:0:0",
        exact(valid[0, 0]),
        "put the first unpadded window's value in the corner",
        ["no-padding"],
        {"shape": "[5, 5]"},
        source=src,
    )
    i, j = next(
        (i, j)
        for i in range(3)
        for j in range(3)
        if lap[i, j + 1] not in (lap[i, j], valid[i, j], -lap[i, j])
    )
    cv.add(
        "lap-window-shifted",
        ref,
        f"output:{i}:{j}",
        exact(lap[i, j + 1]),
        "centred the window one column to the right",
        ["window-shifted", "off-by-one"],
        {"shape": "[5, 5]", "output:0:0": exact(lap[0, 0])},
        source=src,
    )
    cv.add(
        "lap-centre-sign",
        ref,
        "output:2:0",
        exact(-lap[2, 0]),
        "added the neighbours",
        ["sign-flip", "sign-dropped"],
        {"shape": "[5, 5]"},
        source=src,
    )
    ref = "convnets/edge-5x5"
    flipped = correlate(IMAGE, SOBEL[::-1, ::-1], 1)
    i, j = next((i, j) for i in range(5) for j in range(5) if edge[i, j] != 0)
    cv.add(
        "edge-flipped",
        ref,
        f"output:{i}:{j}",
        exact(flipped[i, j]),
        "flipped the kernel (true convolution) on a cross-correlation sheet",
        ["kernel-flipped"],
        {"shape": "[5, 5]"},
        source=CS231N,
    )
    edge_valid = correlate(IMAGE, SOBEL, 0)
    cv.add(
        "edge-padding-ignored",
        ref,
        "output:0:2",
        exact(edge_valid[0, 2]),
        "ignored the padding: cell (0, 2) from the unpadded grid's (0, 2) window",
        ["no-padding", "window-shifted"],
        {"shape": "[5, 5]"},
        source=src,
    )
    ref = "convnets/laplacian-stride-2"
    cv.add(
        "stride-ignored-shape",
        ref,
        "shape",
        "[5, 5]",
        "ignored the stride",
        ["stride-ignored"],
        source=GUIDE,
    )
    cv.add(
        "stride-no-floor-shape",
        ref,
        "shape",
        "[4, 4]",
        "(5 + 2 - 3)/2 + 1 = 3 miscounted as 4 (rounded up)",
        ["no-floor", "off-by-one"],
        source=GUIDE,
    )
    cv.add(
        "stride-ignored-cell",
        ref,
        "output:1:1",
        exact(lap[1, 1]),
        "took the window at (1, 1) instead of (2, 2)",
        ["stride-ignored"],
        {"shape": "[3, 3]"},
        source=GUIDE,
    )
    ref = "convnets/laplacian-no-padding"
    cv.add(
        "valid-padded-shape",
        ref,
        "shape",
        "[5, 5]",
        "assumed 'same' padding",
        ["padding-added", "no-padding", "off-by-one"],
        source=CS231N,
    )
    cv.add(
        "valid-cell-padded",
        ref,
        "output:0:0",
        exact(lap[0, 0]),
        "padded anyway: the corner window of the padded image",
        ["padding-added", "no-padding"],
        {"shape": "[3, 3]"},
        source=CS231N,
    )
    ref = "convnets/edge-flipped"  # flip = true, bias 1, no padding
    true_conv = correlate(IMAGE, SOBEL[::-1, ::-1], 0) + 1
    as_written = correlate(IMAGE, SOBEL, 0) + 1
    no_bias = true_conv - 1
    cell = next((i, j) for i in range(3) for j in range(3) if true_conv[i, j] != as_written[i, j])
    cid = f"output:{cell[0]}:{cell[1]}"
    cv.add(
        "flip-not-flipped",
        ref,
        cid,
        exact(as_written[cell]),
        "slid the kernel as written on a sheet that flips it",
        ["kernel-flipped"],
        {"shape": "[3, 3]"},
        source="course problem 12, signal-processing convention",
    )
    cv.add(
        "flip-forgot-bias",
        ref,
        "output:1:1",
        exact(no_bias[1, 1]),
        "left the bias out",
        ["forgot-bias"],
        {"shape": "[3, 3]"},
        source=CS231N,
    )
    # Two input channels, two filters, biases (1, -1).
    x = np.array(
        [
            [[1, 0, 2, 1], [0, 1, 1, 0], [2, 1, 0, 1], [1, 0, 1, 2]],
            [[0, 2, 1, 0], [1, 0, 0, 1], [0, 1, 2, 0], [1, 1, 0, 1]],
        ],
        float,
    )
    k = np.array(
        [
            [[[1, 0], [0, -1]], [[0, 1], [1, 0]]],
            [[[1, 1], [1, 1]], [[-1, 0], [0, 1]]],
        ],
        float,
    )
    bias = [1.0, -1.0]
    per = [[correlate(x[c], k[f, c]) for c in range(2)] for f in range(2)]
    out = [per[f][0] + per[f][1] + bias[f] for f in range(2)]
    ref = "convnets/two-channels-two-filters"
    cv.add(
        "ch-forgot-channel",
        ref,
        "output:0:1:1",
        exact(per[0][0][1, 1] + bias[0]),
        "used input channel 0 only",
        ["forgot-in-channels"],
        {"shape": "[2, 3, 3]"},
        source=CS231N,
    )
    cv.add(
        "ch-forgot-bias",
        ref,
        "output:1:0:0",
        exact(out[1][0, 0] - bias[1]),
        "left the filter's bias out",
        ["forgot-bias"],
        {"shape": "[2, 3, 3]"},
        source=CS231N,
    )
    cv.add(
        "ch-bias-per-channel",
        ref,
        "output:0:0:0",
        exact(out[0][0, 0] + bias[0]),
        "added the bias once per input channel",
        ["bias-twice", "bias-per-channel"],
        {"shape": "[2, 3, 3]"},
        source=CS231N,
    )
    cv.add(
        "ch-filters-summed",
        ref,
        "output:1:2:2",
        exact(out[0][2, 2] + out[1][2, 2]),
        "summed the two filters' maps into one",
        ["channels-summed"],
        {"shape": "[2, 3, 3]"},
        source=CS231N,
    )
    cv.add(
        "ch-channels-last",
        ref,
        "shape",
        "[3, 3, 2]",
        "wrote the shape H×W×C",
        ["channels-last"],
        source=CS231N,
    )
    cv.add(
        "ch-kept-in-channels",
        ref,
        "shape",
        "[2, 3, 3]",
        "two filters: two channels",
        verdict="correct",
        source=CS231N,
    )
    cv.add(
        "ch-digits",
        ref,
        "output:0:2:0",
        exact(out[0][2, 0] * 10),
        "slipped a zero",
        ["power-of-ten"],
        {"shape": "[2, 3, 3]"},
        source=CS231N,
    )
    # Shapes with dilation, of our own.
    ref = f"{OWN}#dilated"  # 14x14, k = 5, p = 1, s = 2, d = 2: (14 + 2 - 9)//2 + 1 = 4
    cv.add(
        "dil-ignored",
        ref,
        "shape",
        "[6, 6]",
        "treated the kernel as undilated (span 5)",
        ["dilation-ignored"],
        source=GUIDE,
    )
    cv.add(
        "dil-no-floor",
        ref,
        "shape",
        "[5, 5]",
        "(14 + 2 - 9)/2 = 3.5 rounded up, + 1",
        ["no-floor"],
        source=GUIDE,
    )
    cv.add(
        "dil-stride-ignored",
        ref,
        "shape",
        "[8, 8]",
        "ignored the stride",
        ["stride-ignored"],
        source=GUIDE,
    )
    cv.add("dil-off-by-one", ref, "shape", "[3, 3]", "forgot the + 1", ["off-by-one"], source=GUIDE)
    cv.add("dil-right", ref, "shape", "[4, 4]", "worked it out", verdict="correct", source=GUIDE)
    return cv.cases


def cases() -> list[Case]:
    return [*convolution()]
