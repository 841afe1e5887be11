"""Provides the corpus's slips in max and average pooling: cells and output shapes (course problem
14; Dumoulin & Visin 2016; CS231n notes, pooling layer).
"""

from __future__ import annotations

import numpy as np
from cases import PACKS, Case, Collector, exact

OWN = f"{PACKS}/conv-slips.toml"
CS231N = "CS231n notes, Convolutional Networks"
GUIDE = "Dumoulin & Visin, A guide to convolution arithmetic (2016)"


def pool(x: np.ndarray, size: int, stride: int, op: str, padding: int = 0) -> np.ndarray:
    fill = -np.inf if op == "max" else 0.0
    x = np.pad(x, padding, constant_values=fill)
    rows = (x.shape[0] - size) // stride + 1
    cols = (x.shape[1] - size) // stride + 1
    out = np.zeros((rows, cols))
    for i in range(rows):
        for j in range(cols):
            window = x[i * stride : i * stride + size, j * stride : j * stride + size]
            out[i, j] = window.max() if op == "max" else window.mean()
    return out


def pooling() -> list[Case]:
    pl = Collector("pooling")
    x = np.array([[1, 3, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]], float)
    mx, av = pool(x, 2, 2, "max"), pool(x, 2, 2, "avg")
    src = "course problem 14"
    ref = "convnets/max-pool-4x4"
    pl.add(
        "max-as-avg",
        ref,
        "output:0:1",
        exact(av[0, 1]),
        "averaged the window",
        ["pool-op-swapped"],
        {"shape": "[2, 2]", "output:0:0": "6"},
        source=src,
    )
    pl.add(
        "max-stride-1",
        ref,
        "output:0:1",
        exact(pool(x, 2, 1, "max")[0, 1]),
        "slid the window one column (stride 1)",
        ["stride-ignored"],
        {"shape": "[2, 2]"},
        source=src,
    )
    pl.add(
        "max-shape-stride-1",
        ref,
        "shape",
        "[3, 3]",
        "used stride 1",
        ["stride-ignored"],
        source=src,
    )
    pl.add(
        "max-min",
        ref,
        "output:1:0",
        exact(x[2:4, 0:2].min()),
        "took the minimum",
        ["pool-op-swapped", "min-for-max"],
        {"shape": "[2, 2]"},
        source=src,
    )
    pl.add(
        "max-digits",
        ref,
        "output:1:1",
        "3",
        "read the window as rows 2-3, cols 0-1",
        ["window-shifted", "other-cell"],
        {"shape": "[2, 2]"},
        source=src,
    )
    ref = "convnets/avg-pool-4x4"
    pl.add(
        "avg-as-max",
        ref,
        "output:0:0",
        exact(mx[0, 0]),
        "took the max",
        ["pool-op-swapped"],
        {"shape": "[2, 2]"},
        source=src,
    )
    pl.add(
        "avg-sum",
        ref,
        "output:0:1",
        exact(av[0, 1] * 4),
        "summed without dividing",
        ["no-divide", "sum-not-mean"],
        {"shape": "[2, 2]"},
        source=src,
    )
    pl.add(
        "avg-rounded",
        ref,
        "output:0:0",
        "3.8",
        "rounded 3.75 to 3.8",
        ["too-imprecise"],
        {"shape": "[2, 2]"},
        source=src,
    )
    pl.add(
        "avg-right",
        ref,
        "output:1:0",
        "2",
        "averaged 3, 2, 1, 2",
        verdict="correct",
        entries={"shape": "[2, 2]"},
        source=src,
    )
    y = np.array(
        [[3, 9, 1, 7, 4], [8, 2, 6, 0, 5], [1, 7, 4, 9, 2], [6, 0, 8, 3, 7], [2, 5, 1, 6, 0]], float
    )
    ref = "convnets/max-pool-overlap"  # 3x3, stride 2, padding 1
    pl.add(
        "overlap-no-padding-shape",
        ref,
        "shape",
        "[2, 2]",
        "forgot the padding",
        ["no-padding"],
        source=GUIDE,
    )
    padded, step1 = pool(y, 3, 2, "max", padding=1), pool(y, 3, 1, "max", padding=1)
    i, j = next((i, j) for i in range(3) for j in range(3) if step1[i, j] != padded[i, j])
    pl.add(
        "overlap-stride-ignored-cell",
        ref,
        f"output:{i}:{j}",
        exact(step1[i, j]),
        "slid the window one cell at a time",
        ["stride-ignored"],
        {"shape": "[3, 3]"},
        source=GUIDE,
    )
    ref = f"{OWN}#pool-7"  # 7x7, size 2, stride 2: 3x3
    pl.add(
        "pool7-no-floor",
        ref,
        "shape",
        "[4, 4]",
        "(7 - 2)/2 + 1 = 3.5 rounded up",
        ["no-floor"],
        source=GUIDE,
    )
    pl.add(
        "pool7-off-by-one", ref, "shape", "[2, 2]", "forgot the + 1", ["off-by-one"], source=GUIDE
    )
    pl.add(
        "pool7-halved", ref, "shape", "[3, 3]", "(7 - 2)//2 + 1", verdict="correct", source=GUIDE
    )
    ref = f"{OWN}#pool-channels"  # 3 channels, 4x4, max 2x2
    pl.add(
        "pool-channels-dropped",
        ref,
        "shape",
        "[2, 2]",
        "dropped the channel axis",
        ["channels-summed", "kept-channels"],
        source=CS231N,
    )
    pl.add(
        "pool-channels-last",
        ref,
        "shape",
        "[2, 2, 3]",
        "wrote H×W×C",
        ["channels-last"],
        source=CS231N,
    )
    pl.add(
        "pool-channels-summed",
        ref,
        "output:0:0:0",
        "20",
        "added the three channels' maxima (5 + 7 + 8), as a convolution sums channels",
        ["channels-summed"],
        {"shape": "[3, 2, 2]"},
        source=CS231N,
    )
    return pl.cases


def cases() -> list[Case]:
    return [*pooling()]
