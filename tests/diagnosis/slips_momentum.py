"""Provides the corpus's slips in proximal and learning-rate steps, momentum and Nesterov.

Sources: course problems 1 and 5; PyTorch's torch.optim SGD (momentum, nesterov); CS231n notes
"Parameter updates" (the textbook momentum form).
"""

from __future__ import annotations

import numpy as np
from cases import PACKS, Case, Collector, sig, vec

OWN = f"{PACKS}/optim-slips.toml"
COURSE = "course problems 1-5 (first homeworks of CS7643 / CSC413 / CS5242)"
TORCH = "PyTorch torch.optim documentation (update rules)"


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
        blamed=["gradient:0"],
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
        blamed=["velocity:2"],
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


def cases() -> list[Case]:
    return [*proximal_and_lr(), *momentum()]
