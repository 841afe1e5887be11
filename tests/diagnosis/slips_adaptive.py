"""Provides the corpus's slips in RMSprop and Adam (PyTorch's update rules; Kingma & Ba 2015,
Algorithm 1).
"""

from __future__ import annotations

import math

import numpy as np
from cases import PACKS, Case, Collector, sig, vec

OWN = f"{PACKS}/optim-slips.toml"
TORCH = "PyTorch torch.optim documentation (update rules)"
ADAM = "Kingma & Ba, Adam (ICLR 2015), Algorithm 1"


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
    gd.cases += softplus_inner_factor()
    return gd.cases


def softplus_inner_factor() -> list[Case]:
    """optimizers/adam-large-eps, seed 0 (from `tutor solve`): f(w) = softplus(-2w) + w²/10
    from w = 2. f'(w) = -2σ(-2w) + w/5, so g(0) = -2σ(-4) + 0.4."""
    gd = Collector("gradient-descent")
    ref = "optimizers/adam-large-eps"
    sigma = 1 / (1 + math.exp(4))  # σ(-4)
    gd.add(
        "softplus-anchor-gradient",
        ref,
        "gradient:0",
        sig(-2 * sigma + 0.4, 6),
        "f'(2) = -2σ(-4) + 0.4",
        verdict="correct",
        source=ADAM,
    )
    gd.add(
        "softplus-inner-factor-dropped",
        ref,
        "gradient:0",
        sig(sigma + 0.4, 6),
        "softplus(-2w)' taken as σ(-2w): the inner -2 left out",
        ["missing-chain-factor"],
        source=ADAM,
    )
    return gd.cases


def cases() -> list[Case]:
    return [*adaptive()]
