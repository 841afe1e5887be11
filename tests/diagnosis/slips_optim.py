"""Provides the corpus's slips in gradient descent, SGD, momentum, Nesterov, AdaGrad, RMSprop, Adam.

Sources: course problems 1-5 (CS7643 / CSC413 / CS5242 first homeworks), PyTorch's documented
update rules (torch.optim: SGD with momentum and Nesterov, Adagrad, RMSprop, Adam), Kingma & Ba
(2015) Algorithm 1 for Adam's bias correction, CS231n notes "Parameter updates".
"""

from __future__ import annotations

import numpy as np
from cases import Case, Collector, sig, vec

COURSE = "course problems 1-5 (first homeworks of CS7643 / CSC413 / CS5242)"
TORCH = "PyTorch torch.optim documentation (update rules)"


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
        all_of=["stale-gradient", "lr-missing"],
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
        blamed=["iterate:3"],
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
        blamed=["iterate:3"],
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


def cases() -> list[Case]:
    return [*step_size(), *sgd_and_least_squares()]
