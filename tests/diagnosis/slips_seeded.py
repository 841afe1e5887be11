"""Provides the corpus's slips on randomized built-in exercises at a fixed seed.

The drawn numbers are the problem statement, copied from `tutor solve REF --seed N`; every
answer and every wrong value is still computed here. Each exercise has an anchor case (a right
entry expected `correct`), so a change in what a seed draws shows up as a failure.
"""

from __future__ import annotations

from cases import PACKS, Case, Collector

OWN = f"{PACKS}/conv-slips.toml"
NOTES = "CS231n notes, Backpropagation, Intuitions (the max and ReLU gates route gradients)"
SRC13 = "course problem 13; CS231n notes, Convolutional Networks"


def relu() -> list[Case]:
    """relu(w1·x + b1) + relu(w2·x + b2), seed 4: x = -2, w1 = -1, b1 = 0, w2 = 2, b2 = -2.

    v1 = w1·x = 2, v2 = w2·x = -4, v3 = v1 + b1 = 2, v4 = v2 + b2 = -6: the second unit is dead.
    """
    rev = Collector("reverse-ad")
    ref = "autodiff/relu-reverse"
    x, w1, w2 = -2.0, -1.0, 2.0
    vals = {
        "value:v1": "2",
        "value:v2": "-4",
        "value:v3": "2",
        "value:v4": "-6",
        "value:v5": "2",
        "value:v6": "0",
        "value:v7": "2",
    }
    top = {**vals, "adjoint:f:v7": "1", "adjoint:f:v6": "1", "adjoint:f:v5": "1"}
    rev.add(
        "relu-dead-unit-passes",
        ref,
        "adjoint:f:v4",
        "1",
        "let the gradient through a ReLU whose input is -6",
        ["relu-derivative"],
        top,
        seed=4,
        source=NOTES,
    )
    rev.add(
        "relu-dead-path-into-x",
        ref,
        "adjoint:f:v-4",
        f"{w1 + w2:g}",
        "took relu' = 1 on both units on the way to x",
        ["relu-derivative"],
        {**top, "adjoint:f:v3": "1", "adjoint:f:v1": "1"},
        seed=4,
        source=NOTES,
    )
    rev.add(
        "relu-dead-unit-hidden-weight",
        ref,
        "jacobian:f:w2",
        f"{x:g}",
        "only the Jacobian entered: let the gradient through the dead unit on the way to w2",
        ["relu-derivative"],
        vals,
        seed=4,
        source=NOTES,
    )
    rev.add(
        "relu-derivative-as-value",
        ref,
        "adjoint:f:v3",
        "2",
        "took relu'(v3) as relu(v3) = 2",
        ["relu-derivative", "value-for-derivative", "other-node"],
        top,
        seed=4,
        source=NOTES,
    )
    rev.add(
        "relu-weight-swapped",
        ref,
        "adjoint:f:v-3",
        str(w1),
        "∂(w1·x)/∂w1 taken as w1",
        ["partial-swapped", "value-for-derivative", "other-node"],
        {**top, "adjoint:f:v3": "1", "adjoint:f:v1": "1"},
        seed=4,
        source=NOTES,
    )
    rev.add(
        "relu-anchor-dead-weight",
        ref,
        "jacobian:f:w2",
        "0",
        "no gradient reaches w2 through the dead unit",
        verdict="correct",
        seed=4,
        source=NOTES,
    )
    rev.add(
        "relu-anchor-w1",
        ref,
        "jacobian:f:w1",
        str(x),
        "∂f/∂w1 = x through the live unit",
        verdict="correct",
        seed=4,
        source=NOTES,
    )
    return rev.cases


def vgg_random() -> list[Case]:
    """Seed 1: input [1, 64, 64]; conv3-32, maxpool, conv3-128 x2, maxpool, fc-256, fc-10."""
    nw = Collector("network-size")
    ref = "convnets/vgg-random"

    def conv(c_in: int, c_out: int) -> int:
        return 9 * c_in * c_out + c_out

    p = [
        conv(1, 32),
        0,
        conv(32, 128),
        conv(128, 128),
        0,
        128 * 16 * 16 * 256 + 256,
        256 * 10 + 10,
        0,
    ]
    shapes = [
        "[32, 64, 64]",
        "[32, 32, 32]",
        "[128, 32, 32]",
        "[128, 32, 32]",
        "[128, 16, 16]",
        "[256]",
        "[10]",
        "[10]",
    ]
    entries = {f"shape:{i}": s for i, s in enumerate(shapes)}
    nw.add(
        "vggr-rgb-habit",
        ref,
        "params:0",
        str(conv(3, 32)),
        "assumed an RGB input (3 channels) on a grey one",
        ["wrong-in-channels"],
        entries,
        seed=1,
        source=SRC13,
    )
    nw.add(
        "vggr-forgot-in-channels",
        ref,
        "params:2",
        str(9 * 128 + 128),
        "forgot the 32 input channels",
        ["forgot-in-channels"],
        entries,
        seed=1,
        source=SRC13,
    )
    nw.add(
        "vggr-fc-before-pool",
        ref,
        "params:5",
        str(128 * 32 * 32 * 256 + 256),
        "flattened the 32x32 map from before the pooling",
        ["flatten-before-pool"],
        entries,
        seed=1,
        source=SRC13,
    )
    nw.add(
        "vggr-fc-no-flatten",
        ref,
        "params:5",
        str(128 * 256 + 256),
        "took 128 input features (the channels only)",
        ["no-flatten", "forgot-in-channels"],
        entries,
        seed=1,
        source=SRC13,
    )
    own = {**entries, **{f"params:{i}": str(v) for i, v in enumerate(p)}}
    nw.add(
        "vggr-total-slip",
        ref,
        "total",
        str(sum(p) - 10000),
        "dropped a carry adding their own right layers",
        ["addition-slip"],
        own,
        seed=1,
        source=SRC13,
    )
    nw.add(
        "vggr-pool-ignored-carried",
        ref,
        "shape:2",
        "[128, 64, 64]",
        "kept 64x64 after their own un-pooled shape:1, correctly",
        verdict="consistent",
        blamed=["shape:1"],
        entries={"shape:0": "[32, 64, 64]", "shape:1": "[32, 64, 64]"},
        seed=1,
        source=SRC13,
        tags=["follow-through"],
    )
    nw.add(
        "vggr-anchor",
        ref,
        "total",
        str(sum(p)),
        "the total alone",
        verdict="correct",
        seed=1,
        source=SRC13,
    )
    return nw.cases


def lr_one_step() -> list[Case]:
    """Seed 0: w0 = 2, x = 2, y = 1: L(η) = ½((2 - 6η)·2 - 1)² = ½(3 - 12η)², L' = -12(3 - 12η)."""
    dv = Collector("derivative")
    ref = "derivatives/lr-one-step-numbers"
    src = "course problem 5 (a learning rate you can differentiate)"
    dv.add(
        "lr-no-chain",
        ref,
        "derivative",
        "3 - 12η",
        "forgot the inner derivative -12",
        ["missing-chain-factor"],
        source=src,
    )
    dv.add(
        "lr-sign",
        ref,
        "derivative",
        "12(3 - 12η)",
        "lost the sign of the inner -12",
        ["sign-flip"],
        source=src,
    )
    dv.add(
        "lr-kept-two",
        ref,
        "derivative",
        "-24(3 - 12η)",
        "forgot the ½",
        ["constant-factor"],
        source=src,
    )
    dv.add("lr-anchor", ref, "derivative", "144η - 36", "expanded", verdict="correct", source=src)
    return dv.cases


def avg_pool_padding() -> list[Case]:
    """Average pooling 3x3, stride 2, padding 1 of the 5x5 map of max-pool-overlap."""
    pl = Collector("pooling")
    ref = f"{OWN}#avg-pool-padded"
    corner = 3 + 9 + 8 + 2  # the real cells of the first window
    pl.add(
        "avg-padding-not-counted",
        ref,
        "output:0:0",
        f"{corner / 4:g}",
        "divided the corner window by its 4 real cells, not by 9",
        ["padding-not-counted"],
        {"shape": "[3, 3]"},
        source="PyTorch AvgPool2d",
    )
    pl.add(
        "avg-padded-anchor",
        ref,
        "output:0:0",
        f"{corner / 9:.4f}",
        "22/9, the padded zeros counted",
        verdict="correct",
        entries={"shape": "[3, 3]"},
        source="PyTorch AvgPool2d",
    )
    return pl.cases


def symbolic() -> list[Case]:
    """Seed 0 draws: regression-one-example with w, x of size 4; proximal-1d-numbers with
    f0 + g(w - w_t) + (λ/2)(w - w_t)², g = -1, w_t = -3, λ = 2."""
    mg, dv = Collector("matrix-gradient"), Collector("derivative")
    mat = "course problem 11 (gradients with a shape check)"
    ref = "derivatives/regression-one-example"
    mg.add(
        "reg-no-x",
        ref,
        "gradient",
        "w^T x - y",
        "forgot the inner derivative x",
        ["shape-mismatch", "missing-chain-factor"],
        {"shape": "[4, 1]"},
        source=mat,
    )
    mg.add(
        "reg-layout",
        ref,
        "gradient",
        "(w^T x - y)x^T",
        "a row vector (numerator layout)",
        ["layout"],
        {"shape": "[4, 1]"},
        source=mat,
    )
    mg.add(
        "reg-two",
        ref,
        "gradient",
        "2(w^T x - y)x",
        "forgot the ½",
        ["constant-factor"],
        {"shape": "[4, 1]"},
        source=mat,
    )
    mg.add(
        "reg-other-order",
        ref,
        "gradient",
        "x(x^T w - y)",
        "wrote the scalar after x",
        verdict="correct",
        entries={"shape": "[4, 1]"},
        source=mat,
    )
    mg.add("reg-shape-row", ref, "shape", "[1, 4]", "the shape of a row", ["layout"], source=mat)
    ref = "derivatives/proximal-1d-numbers"
    prox = "course problem 1 (GD as a proximal step)"
    dv.add(
        "proxn-no-two",
        ref,
        "derivative",
        "-1 + (w + 3)",
        "(λ/2)·(w - w_t) without the 2 from the square",
        ["constant-factor", "power-rule"],
        source=prox,
    )
    dv.add(
        "proxn-no-g",
        ref,
        "derivative",
        "2(w + 3)",
        "dropped the linear term",
        ["missing-term"],
        source=prox,
    )
    dv.add(
        "proxn-wt-sign",
        ref,
        "derivative",
        "-1 + 2(w - 3)",
        "wrote w - w_t as w - 3",
        ["sign-dropped", "wrong-point"],
        source=prox,
    )
    dv.add(
        "proxn-anchor", ref, "derivative", "2w + 5", "simplified", verdict="correct", source=prox
    )
    return mg.cases + dv.cases


def cases() -> list[Case]:
    return [*relu(), *vgg_random(), *lr_one_step(), *avg_pool_padding(), *symbolic()]
