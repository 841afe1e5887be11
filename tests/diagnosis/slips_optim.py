"""Provides the corpus's slips in gradient descent, SGD, momentum, Nesterov, AdaGrad, RMSprop, Adam.

Sources: course problems 1-5 (CS7643 / CSC413 / CS5242 first homeworks), PyTorch's documented
update rules (torch.optim: SGD with momentum and Nesterov, Adagrad, RMSprop, Adam), Kingma & Ba
(2015) Algorithm 1 for Adam's bias correction, CS231n notes "Parameter updates".
"""

from __future__ import annotations

import math

import numpy as np
from cases import PACKS, Case, Collector, sig, vec

OWN = f"{PACKS}/optim-slips.toml"
COURSE = "course problems 1-5 (first homeworks of CS7643 / CSC413 / CS5242)"
TORCH = "PyTorch torch.optim documentation (update rules)"
ADAM = "Kingma & Ba, Adam (ICLR 2015), Algorithm 1"


def step_size() -> list[Case]:
    """L(w) = ½(w - 100)², w(0) = 0: g = w - 100 (course problem 3)."""
    gd = Collector("gradient-descent")

    def run(lr: float, steps: int) -> list[float]:
        w = [0.0]
        for _ in range(steps):
            w.append(w[-1] - lr * (w[-1] - 100))
        return w

    one5 = run(1.5, 5)
    two5 = run(2.5, 5)
    r05, r15 = "optimizers/step-size-0-5", "optimizers/step-size-1-5"
    r25 = "optimizers/step-size-2-5"
    gd.add(
        "gd-no-lr",
        r05,
        "iterate:1",
        "100",
        "left η out: w(1) = w(0) - g(0)",
        ["lr-missing", "no-lr"],
        {"gradient:0": "-100"},
        source=COURSE,
    )
    gd.add(
        "gd-ascent",
        r05,
        "iterate:1",
        "-50",
        "added the gradient step: w(0) + η·g(0)",
        ["sign-flip"],
        {"gradient:0": "-100"},
        source=COURSE,
    )
    gd.add(
        "gd-stale-or-no-lr",
        r05,
        "iterate:2",
        "100",
        "w(1) - η·g(0) = 100, which is also w(1) - g(1): either slip",
        ["stale-gradient", "lr-missing", "no-lr"],
        {"gradient:0": "-100", "iterate:1": "50", "gradient:1": "-50"},
        source=COURSE,
    )
    stale = one5[1] - 1.5 * (one5[0] - 100)
    gd.add(
        "gd-stale-1-5",
        r15,
        "iterate:2",
        sig(stale),
        "used g(0) again in the second step",
        ["stale-gradient"],
        {"gradient:0": "-100", "iterate:1": "150"},
        source=COURSE,
    )
    gd.add(
        "gd-no-lr-1-5",
        r15,
        "iterate:2",
        sig(one5[1] - (one5[1] - 100)),
        "left η out of the second step",
        ["lr-missing", "no-lr"],
        {"gradient:0": "-100", "iterate:1": "150", "gradient:1": "50"},
        source=COURSE,
    )
    gd.add(
        "gd-grad-sign",
        r15,
        "gradient:1",
        "-50",
        "wrote w - 100 as 100 - w",
        ["sign-flip", "sign-dropped"],
        {"gradient:0": "-100", "iterate:1": "150"},
        source=COURSE,
    )
    gd.add(
        "gd-ascent-2-5",
        r25,
        "iterate:2",
        sig(two5[1] + 2.5 * (two5[1] - 100)),
        "stepped up the gradient",
        ["sign-flip"],
        {"gradient:0": "-100", "iterate:1": "250", "gradient:1": "150"},
        source=COURSE,
    )
    gd.add(
        "gd-loss-no-half",
        r25,
        "loss:1",
        sig((two5[1] - 100) ** 2),
        "dropped the ½ of the loss",
        ["constant-factor", "missing-half"],
        {"iterate:1": "250"},
        source=COURSE,
    )
    gd.add(
        "gd-contraction-no-abs",
        r25,
        "contraction",
        "-1.5",
        "wrote 1 - η·f'' without | |",
        ["missing-abs"],
        source=COURSE,
    )
    gd.add(
        "gd-max-lr-best",
        r25,
        "max_lr",
        "1",
        "gave the best η = 1/f'' instead of 2/f''",
        ["best-not-largest"],
        source=COURSE,
    )
    # Follow-through over the sheet (issue 9, section 1).
    w3 = 687.5  # the student's own w(3), off; w(4) follows from it
    gd.add(
        "ft-iterates-only",
        r25,
        "iterate:4",
        sig(w3 - 2.5 * (w3 - 100), 6),
        "wrote only iterates, w(3) off; w(4) = w(3) - 2.5(w(3) - 100) from their own w(3)",
        verdict="consistent",
        entries={"iterate:1": "250", "iterate:2": "-125", "iterate:3": "687.5"},
        source="issue 9, section 1",
        tags=["follow-through"],
    )
    gd.add(
        "ft-own-zero-gradient",
        r05,
        "gradient:3",
        "0",
        "their own w(3) = 100 is off; g(3) = 0 is right at it",
        verdict="consistent",
        entries={"iterate:1": "50", "iterate:2": "75", "iterate:3": "100"},
        source="issue 9, section 1",
        tags=["follow-through"],
    )
    gd.add(
        "ft-own-zero-then-step",
        r05,
        "iterate:4",
        "100",
        "w(4) = 100 - 0.5·0 from their own consistent g(3) = 0",
        verdict="consistent",
        entries={"iterate:1": "50", "iterate:2": "75", "iterate:3": "100", "gradient:3": "0"},
        source="issue 9, section 1",
        tags=["follow-through"],
    )
    gd.add(
        "ft-gamed-zero",
        r05,
        "iterate:1",
        "0",
        "wrote g(0) = 0 (wrong) so that w(1) = w(0): no credit",
        verdict="incorrect",
        entries={"gradient:0": "0"},
        source="issue 9, section 1",
        tags=["follow-through", "gamed"],
    )
    gd.add(
        "ft-rounded-iterates",
        r15,
        "iterate:5",
        sig(one5[5], 4),
        "rounded every iterate to 4 figures, gradients blank",
        verdict="correct",
        entries={f"iterate:{t}": sig(one5[t], 4) for t in range(1, 5)},
        source=COURSE,
        tags=["follow-through"],
    )
    return gd.cases


def sgd_and_least_squares() -> list[Case]:
    gd = Collector("gradient-descent")
    ref = "optimizers/sgd-not-descent"  # ½(w - 2)² + ½(w + 1)², term 1 picked, η = 0.5, w0 = 0
    gd.add(
        "sgd-wrong-term",
        ref,
        "gradient:0",
        "-2",
        "took the first term's gradient",
        ["wrong-term"],
        {"loss:0": "2.5"},
        source=COURSE,
    )
    gd.add(
        "sgd-full-gradient",
        ref,
        "iterate:1",
        "0.5",
        "stepped with the full gradient -1 instead of the picked term's",
        ["wrong-term", "full-gradient"],
        {"loss:0": "2.5"},
        source=COURSE,
    )
    gd.add(
        "sgd-loss-one-term",
        ref,
        "loss:1",
        sig(0.5 * 0.5**2),
        "evaluated only the picked term at w(1)",
        ["wrong-term", "one-term-loss"],
        {"gradient:0": "1", "iterate:1": "-0.5"},
        source=COURSE,
    )
    ref = "optimizers/min-norm-gd"  # (2w1 + w2 - 2)², w0 = 0, η = 0.1
    r = -2.0
    g = 2 * r * np.array([2.0, 1.0])
    gd.add(
        "ls-forgot-two",
        ref,
        "gradient:0",
        vec(g / 2),
        "dropped the 2 of the square",
        ["constant-factor"],
        {"loss:0": "4"},
        source=COURSE,
    )
    gd.add(
        "ls-no-inner",
        ref,
        "gradient:0",
        vec([2 * r, 2 * r]),
        "forgot the inner derivative (2, 1)",
        ["missing-chain-factor"],
        {"loss:0": "4"},
        source=COURSE,
    )
    gd.add(
        "ls-ascent",
        ref,
        "iterate:1",
        vec(0.1 * g),
        "stepped up the gradient",
        ["sign-flip"],
        {"gradient:0": vec(g)},
        source=COURSE,
    )
    gd.add(
        "ls-no-lr",
        ref,
        "iterate:1",
        vec(-g),
        "left η out",
        ["lr-missing", "no-lr"],
        {"gradient:0": vec(g)},
        source=COURSE,
    )
    gd.add(
        "ls-one-coordinate-sign",
        ref,
        "iterate:1",
        "[0.8, -0.4]",
        "dropped the sign of the second coordinate",
        ["sign-dropped", "sign-flip"],
        {"gradient:0": vec(g)},
        source=COURSE,
    )
    ref = "optimizers/min-norm-adagrad"  # η = 0.5
    acc1 = g**2
    w1 = -0.5 * g / np.sqrt(acc1)
    g1 = 2 * (2 * w1[0] + w1[1] - 2) * np.array([2.0, 1.0])
    acc2 = acc1 + g1**2
    up = {"gradient:0": vec(g), "accum:1": vec(acc1), "iterate:1": vec(w1)}
    gd.add(
        "adagrad-not-squared",
        ref,
        "accum:1",
        vec(np.abs(g)),
        "accumulated |g| instead of g²",
        ["accum-not-squared"],
        {"gradient:0": vec(g)},
        source=TORCH,
    )
    gd.add(
        "adagrad-no-sqrt",
        ref,
        "iterate:1",
        vec(-0.5 * g / acc1),
        "divided by G instead of √G",
        ["no-sqrt"],
        {"gradient:0": vec(g), "accum:1": vec(acc1)},
        source=TORCH,
    )
    gd.add(
        "adagrad-no-accumulation",
        ref,
        "accum:2",
        vec(g1**2),
        "replaced G by g(1)² instead of adding it",
        ["no-accumulation"],
        {**up, "gradient:1": vec(g1)},
        source=TORCH,
    )
    gd.add(
        "adagrad-stale-accum",
        ref,
        "iterate:2",
        vec(w1 - 0.5 * g1 / np.sqrt(acc1)),
        "divided by √G(1) in the second step",
        ["stale-accumulator", "t-off-by-one"],
        {**up, "gradient:1": vec(g1), "accum:2": vec(acc2)},
        source=TORCH,
    )
    gd.add(
        "adagrad-no-lr",
        ref,
        "iterate:2",
        vec(w1 - g1 / np.sqrt(acc2)),
        "left η out",
        ["lr-missing", "no-lr"],
        {**up, "gradient:1": vec(g1), "accum:2": vec(acc2)},
        source=TORCH,
    )
    gd.add(
        "adagrad-rounded",
        ref,
        "iterate:2",
        vec(w1 - 0.5 * g1 / np.sqrt(acc2), 3),
        "3 figures throughout",
        verdict="correct",
        entries={**up, "gradient:1": vec(g1, 3), "accum:2": vec(acc2, 3)},
        source=TORCH,
        tags=["follow-through"],
    )
    return gd.cases


def proximal_and_lr() -> list[Case]:
    gd = Collector("gradient-descent")
    ref = "optimizers/proximal-step"  # (w1 - 1)² + 2(w2 + 1)² + w1·w2 at (2, 1), η = 1/4
    g = np.array([2 * (2 - 1) + 1, 4 * (1 + 1) + 2])
    w0 = np.array([2.0, 1.0])
    gd.add(
        "prox-times-lambda",
        ref,
        "iterate:1",
        vec(w0 - 4 * g),
        "stepped with η = λ = 4 instead of 1/λ",
        ["lr-inverted"],
        {"gradient:0": vec(g)},
        source=COURSE,
    )
    gd.add(
        "prox-missing-cross",
        ref,
        "gradient:0",
        "[2, 8]",
        "forgot the w1·w2 term in both partials",
        ["missing-term", "missing-path"],
        {"loss:0": "11"},
        source=COURSE,
    )
    gd.add(
        "prox-no-lr",
        ref,
        "iterate:1",
        vec(w0 - g),
        "left η out",
        ["lr-missing", "no-lr"],
        {"gradient:0": vec(g)},
        source=COURSE,
    )
    gd.add(
        "prox-loss-missing-cross",
        ref,
        "loss:0",
        "9",
        "forgot the w1·w2 term of f",
        ["missing-term"],
        source=COURSE,
    )
    gd.add(
        "prox-carry-gradient",
        ref,
        "iterate:1",
        vec(w0 - 0.25 * np.array([2.0, 8.0])),
        "stepped correctly from their own gradient (2, 8)",
        verdict="consistent",
        entries={"gradient:0": "[2, 8]"},
        source=COURSE,
        tags=["follow-through"],
    )
    ref = "optimizers/gd-blow-up"  # w⁴ from 2, η = 0.25
    gd.add(
        "blowup-power-rule",
        ref,
        "gradient:1",
        sig(4 * (-6.0) ** 4),
        "d w⁴ = 4w⁴",
        ["power-rule"],
        {"gradient:0": "32", "iterate:1": "-6"},
    )
    gd.add(
        "blowup-cube-sign",
        ref,
        "gradient:1",
        "864",
        "lost the sign of (-6)³",
        ["sign-flip", "sign-dropped"],
        {"gradient:0": "32", "iterate:1": "-6"},
    )
    gd.add(
        "blowup-stale",
        ref,
        "iterate:2",
        "-14",
        "used g(0) = 32 again",
        ["stale-gradient"],
        {"gradient:0": "32", "iterate:1": "-6"},
    )
    ref = "optimizers/lr-derivative"
    g0 = np.array([-3.0, -6.0])
    w1 = -0.1 * g0
    r1, r2 = w1[0] + 2 * w1[1] - 3, w1[0] - w1[1]
    g1 = r1 * np.array([1.0, 2.0]) + r2 * np.array([1.0, -1.0])
    up = {"gradient:0": vec(g0), "iterate:1": vec(w1)}
    gd.add(
        "lr-missing-second-term",
        ref,
        "gradient:1",
        vec(r1 * np.array([1.0, 2.0])),
        "dropped the ½(w1 - w2)² term's gradient",
        ["missing-term", "wrong-term"],
        up,
        source=COURSE,
    )
    gd.add(
        "lr-stale",
        ref,
        "iterate:2",
        vec(w1 - 0.1 * g0),
        "stepped with g(0) again",
        ["stale-gradient"],
        {**up, "gradient:1": vec(g1)},
        source=COURSE,
    )
    gd.add(
        "lr-derivative-sign",
        ref,
        "lr_derivative",
        sig(float(g1 @ g0)),
        "dL/dη = +∇L(w(1))·∇L(w(0))",
        ["sign-flip"],
        {**up, "gradient:1": vec(g1)},
        source=COURSE,
    )
    gd.add(
        "lr-derivative-at-w0",
        ref,
        "lr_derivative",
        sig(-float(g0 @ g0)),
        "used ∇L(w(0)) for ∇L(w(1))",
        ["stale-gradient"],
        up,
        source=COURSE,
    )
    return gd.cases


def momentum() -> list[Case]:
    """2(w - 1)² from w = -1, η = 0.05, μ = 0.9: g = 4(w - 1); PyTorch's v = μv + g."""
    gd = Collector("gradient-descent")
    mu, lr = 0.9, 0.05
    w, v, gs, vs, ws = -1.0, 0.0, [], [], [-1.0]
    for t in range(3):
        g = 4 * (w - 1)
        v = g if t == 0 else mu * v + g
        w = w - lr * v
        gs.append(g)
        vs.append(v)
        ws.append(w)
    ref = f"{OWN}#momentum"
    up = {"gradient:0": "-8", "velocity:1": "-8", "iterate:1": sig(ws[1]), "gradient:1": sig(gs[1])}
    gd.add(
        "mom-no-mu",
        ref,
        "velocity:2",
        sig(vs[0] + gs[1]),
        "forgot μ: v(2) = v(1) + g(1)",
        ["momentum-convention", "no-momentum-factor"],
        up,
        source=TORCH,
    )
    gd.add(
        "mom-dampened",
        ref,
        "velocity:2",
        sig(mu * vs[0] + (1 - mu) * gs[1]),
        "wrote an average: μv + (1 - μ)g",
        ["momentum-convention"],
        up,
        source=TORCH,
    )
    gd.add(
        "mom-classic-form",
        ref,
        "velocity:2",
        sig(mu * (lr * 8) - lr * gs[1]),
        "used the textbook v = μv - ηg on a PyTorch sheet",
        ["momentum-convention"],
        {**up, "velocity:1": sig(lr * 8)},
        source="CS231n notes, Momentum update",
    )
    gd.add(
        "mom-no-lr",
        ref,
        "iterate:2",
        sig(ws[1] - vs[1]),
        "w(2) = w(1) - v(2)",
        ["lr-missing", "no-lr"],
        {**up, "velocity:2": sig(vs[1])},
        source=TORCH,
    )
    gd.add(
        "mom-ignored-velocity",
        ref,
        "iterate:2",
        sig(ws[1] - lr * gs[1]),
        "stepped with g(1) as plain GD",
        ["no-momentum", "momentum-convention"],
        {**up, "velocity:2": sig(vs[1])},
        source=TORCH,
    )
    gd.add(
        "mom-stale",
        ref,
        "velocity:3",
        sig(mu * vs[1] + gs[1]),
        "added g(1) again instead of g(2)",
        ["stale-gradient"],
        {**up, "velocity:2": sig(vs[1]), "iterate:2": sig(ws[2]), "gradient:2": sig(gs[2])},
        source=TORCH,
    )
    gd.add(
        "mom-ascent",
        ref,
        "iterate:1",
        sig(-1 + lr * -8),
        "w(1) = w(0) + η·v(1)",
        ["sign-flip"],
        {"gradient:0": "-8", "velocity:1": "-8"},
        source=TORCH,
    )
    gd.add(
        "mom-carry-velocity",
        ref,
        "iterate:2",
        sig(ws[1] - lr * (vs[0] + gs[1])),
        "stepped correctly from their own v(2) = -14.4 (μ forgotten there)",
        verdict="consistent",
        entries={**up, "velocity:2": sig(vs[0] + gs[1])},
        source=TORCH,
        tags=["follow-through"],
    )
    ref = f"{OWN}#nesterov"
    g0 = -8.0
    w1 = -1 - lr * (g0 + mu * g0)
    g1 = 4 * (w1 - 1)
    v2 = mu * g0 + g1
    gd.add(
        "nesterov-as-momentum",
        ref,
        "iterate:1",
        sig(-1 - lr * g0),
        "took the plain momentum step w - ηv",
        ["momentum-convention", "nesterov-as-momentum"],
        {"gradient:0": "-8", "velocity:1": "-8"},
        source=TORCH,
    )
    gd.add(
        "nesterov-as-momentum-2",
        ref,
        "iterate:2",
        sig(w1 - lr * v2),
        "second step without the look-ahead term g + μv",
        ["momentum-convention", "nesterov-as-momentum"],
        {
            "gradient:0": "-8",
            "velocity:1": "-8",
            "iterate:1": sig(w1),
            "gradient:1": sig(g1),
            "velocity:2": sig(v2),
        },
        source=TORCH,
    )
    return gd.cases


def adaptive() -> list[Case]:
    gd = Collector("gradient-descent")
    # RMSprop on 2w1² + w2² from (1, -2), η = 0.1, α = 0.9, ε = 1e-8.
    w0 = np.array([1.0, -2.0])
    grad = lambda w: np.array([4 * w[0], 2 * w[1]])  # noqa: E731
    g0 = grad(w0)
    v1 = 0.1 * g0**2
    w1 = w0 - 0.1 * g0 / (np.sqrt(v1) + 1e-8)
    g1 = grad(w1)
    v2 = 0.9 * v1 + 0.1 * g1**2
    ref = f"{OWN}#rmsprop"
    up = {"gradient:0": vec(g0), "v:1": vec(v1), "iterate:1": vec(w1), "gradient:1": vec(g1)}
    gd.add(
        "rms-no-beta-factor",
        ref,
        "v:1",
        vec(g0**2),
        "v(1) = g² without the (1 - α)",
        ["no-beta-factor"],
        {"gradient:0": vec(g0)},
        source=TORCH,
    )
    gd.add(
        "rms-alpha-swapped",
        ref,
        "v:1",
        vec(0.9 * g0**2),
        "weighted g² by α instead of 1 - α",
        ["beta-swapped", "no-beta-factor"],
        {"gradient:0": vec(g0)},
        source=TORCH,
    )
    gd.add(
        "rms-no-sqrt",
        ref,
        "iterate:1",
        vec(w0 - 0.1 * g0 / v1),
        "divided by v, not √v",
        ["no-sqrt"],
        {"gradient:0": vec(g0), "v:1": vec(v1)},
        source=TORCH,
    )
    gd.add(
        "rms-stale",
        ref,
        "v:2",
        vec(0.9 * v1 + 0.1 * g0**2),
        "averaged in g(0)² again",
        ["stale-gradient"],
        up,
        source=TORCH,
    )
    gd.add(
        "rms-not-squared",
        ref,
        "v:2",
        vec(0.9 * v1 + 0.1 * np.abs(g1)),
        "averaged |g| instead of g²",
        ["accum-not-squared"],
        up,
        source=TORCH,
    )
    gd.add(
        "rms-no-lr",
        ref,
        "iterate:2",
        vec(w1 - g1 / np.sqrt(v2)),
        "left η out",
        ["lr-missing", "no-lr"],
        {**up, "v:2": vec(v2)},
        source=TORCH,
    )
    # Adam on (w - 3)² from 1, η = 0.1, β = (0.9, 0.999).
    b1, b2 = 0.9, 0.999
    g0s = 2 * (1 - 3.0)
    m1, s1 = (1 - b1) * g0s, (1 - b2) * g0s**2
    wa1 = 1 - 0.1 * (m1 / (1 - b1)) / (math.sqrt(s1 / (1 - b2)) + 1e-8)
    g1s = 2 * (wa1 - 3)
    m2, s2 = b1 * m1 + (1 - b1) * g1s, b2 * s1 + (1 - b2) * g1s**2
    mh2, vh2 = m2 / (1 - b1**2), s2 / (1 - b2**2)
    ref = f"{OWN}#adam"
    up1 = {"gradient:0": "-4"}
    up2 = {
        "gradient:0": "-4",
        "m:1": sig(m1),
        "v:1": sig(s1),
        "m_hat:1": "-4",
        "v_hat:1": "16",
        "iterate:1": sig(wa1),
        "gradient:1": sig(g1s),
    }
    gd.add(
        "adam-m-no-beta-factor",
        ref,
        "m:1",
        "-4",
        "m(1) = g without (1 - β1)",
        ["no-beta-factor"],
        up1,
        source=ADAM,
    )
    gd.add(
        "adam-v-no-beta-factor",
        ref,
        "v:1",
        "16",
        "v(1) = g² without (1 - β2)",
        ["no-beta-factor"],
        up1,
        source=ADAM,
    )
    gd.add(
        "adam-mhat-uncorrected",
        ref,
        "m_hat:1",
        sig(m1),
        "m̂ = m (no bias correction)",
        ["no-bias-correction"],
        {**up1, "m:1": sig(m1)},
        source=ADAM,
    )
    gd.add(
        "adam-step-uncorrected",
        ref,
        "iterate:1",
        sig(1 - 0.1 * m1 / math.sqrt(s1)),
        "stepped with m/√v, uncorrected",
        ["no-bias-correction"],
        {**up1, "m:1": sig(m1), "v:1": sig(s1)},
        source=ADAM,
    )
    gd.add(
        "adam-mhat-t-off",
        ref,
        "m_hat:2",
        sig(m2 / (1 - b1)),
        "corrected m(2) with β1¹ instead of β1²",
        ["t-off-by-one"],
        up2,
        source=ADAM,
    )
    gd.add(
        "adam-vhat-t-off",
        ref,
        "v_hat:2",
        sig(s2 / (1 - b2**3)),
        "corrected v(2) with β2³",
        ["t-off-by-one"],
        {**up2, "m:2": sig(m2), "v:2": sig(s2)},
        source=ADAM,
    )
    gd.add(
        "adam-m2-stale",
        ref,
        "m:2",
        sig(b1 * m1 + (1 - b1) * g0s),
        "averaged in g(0) again",
        ["stale-gradient"],
        up2,
        source=ADAM,
    )
    gd.add(
        "adam-ascent",
        ref,
        "iterate:2",
        sig(wa1 + 0.1 * mh2 / math.sqrt(vh2)),
        "added the step",
        ["sign-flip"],
        {**up2, "m:2": sig(m2), "v:2": sig(s2), "m_hat:2": sig(mh2), "v_hat:2": sig(vh2)},
        source=ADAM,
    )
    gd.add(
        "adam-rounded",
        ref,
        "iterate:2",
        sig(wa1 - 0.1 * mh2 / math.sqrt(vh2), 4),
        "4 figures throughout",
        verdict="correct",
        entries={**up2, "m:2": sig(m2), "v:2": sig(s2), "m_hat:2": sig(mh2), "v_hat:2": sig(vh2)},
        source=ADAM,
        tags=["follow-through"],
    )
    ref = f"{OWN}#adam-eps"  # ε = 0.1
    gd.add(
        "adam-eps-inside",
        ref,
        "iterate:1",
        sig(1 + 0.1 * 4 / math.sqrt(16 + 0.1), 5),
        "put ε inside the root: √(v̂ + ε)",
        ["eps-inside-sqrt"],
        {"gradient:0": "-4", "m_hat:1": "-4", "v_hat:1": "16"},
        source=ADAM,
    )
    gd.add(
        "adam-eps-left-out",
        ref,
        "iterate:1",
        "1.1",
        "left ε out: 0.1·4/√16",
        ["eps-missing", "no-eps", "eps-inside-sqrt"],
        {"gradient:0": "-4", "m_hat:1": "-4", "v_hat:1": "16"},
        source=ADAM,
    )
    return gd.cases


def cases() -> list[Case]:
    return [*step_size(), *sgd_and_least_squares(), *proximal_and_lr(), *momentum(), *adaptive()]
