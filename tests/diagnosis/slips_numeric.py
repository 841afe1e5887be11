"""Provides the corpus's slips in finite-difference Jacobians (course problems 7b and 8b).

Sources: CS7643 Problem Set 1 part (b); CS231n notes "Optimization" (numerical gradient,
centered difference); Baydin et al. (JMLR 2018) section 2 on truncation and round-off.
"""

from __future__ import annotations

import math

from cases import PACKS, Case, Collector, sig, sigmoid

OWN = f"{PACKS}/numeric-slips.toml"
CS7643 = "CS7643 Problem Set 1, part (b)"
CS231N = "CS231n notes, Optimization: numerical gradient"


def f1(w1: float, w2: float) -> float:
    return math.cos(w1) * math.cos(w2) + sigmoid(w2)


def f2(w1: float, w2: float) -> float:
    return math.log(w1 + w2) + w1**2 * w2


def g1(w1: float, w2: float) -> float:
    u = math.exp(w1) + math.exp(2 * w2)
    return math.exp(u) + math.sin(u)


def variant() -> list[Case]:
    nd = Collector("numeric-diff")
    ref = "autodiff/variant-finite-diff"
    d = 0.01
    base, p1, p2 = f1(1, 2), f1(1 + d, 2), f1(1, 2 + d)
    vals = {
        "value:f1@base": sig(base),
        "value:f1@w1+": sig(p1),
        "value:f1@w2+": sig(p2),
        "value:f2@base": sig(f2(1, 2)),
        "value:f2@w1+": sig(f2(1 + d, 2)),
        "value:f2@w2+": sig(f2(1, 2 + d)),
    }
    exact6 = {
        k: sig(v, 6)
        for k, v in (("value:f1@base", base), ("value:f1@w1+", p1), ("value:f1@w2+", p2))
    }
    exact = -math.sin(1) * math.cos(2)
    nd.add(
        "fd-exact",
        ref,
        "jacobian:f1:w1",
        sig(exact),
        "gave the exact derivative -sin 1 · cos 2",
        ["exact-derivative"],
        exact6,
        source=CS7643,
    )
    nd.add(
        "fd-no-divide",
        ref,
        "jacobian:f1:w1",
        sig(p1 - base),
        "did not divide by Δw",
        ["no-divide"],
        exact6,
        source=CS231N,
    )
    nd.add(
        "fd-wrong-delta",
        ref,
        "jacobian:f1:w1",
        sig((p1 - base) / 0.1),
        "divided by 0.1 instead of 0.01",
        ["wrong-delta", "power-of-ten"],
        exact6,
        source=CS231N,
    )
    nd.add(
        "fd-reversed",
        ref,
        "jacobian:f1:w1",
        sig((base - p1) / d),
        "subtracted the other way round",
        ["sign-flip", "sign-dropped"],
        exact6,
        source=CS231N,
    )
    nd.add(
        "fd-central",
        ref,
        "jacobian:f1:w1",
        sig((p1 - f1(1 - d, 2)) / (2 * d)),
        "used a centered difference on a forward-difference sheet",
        ["central-for-forward"],
        exact6,
        source=CS231N,
    )
    nd.add(
        "fd-both-perturbed",
        ref,
        "value:f1@w1+",
        sig(f1(1 + d, 2 + d)),
        "stepped both inputs",
        ["both-perturbed", "wrong-point"],
        {"value:f1@base": sig(base)},
        source=CS7643,
    )
    nd.add(
        "fd-degrees",
        ref,
        "value:f1@base",
        sig(math.cos(math.radians(1)) * math.cos(math.radians(2)) + sigmoid(2)),
        "calculator in degrees",
        ["degrees"],
        source=CS7643,
    )
    nd.add(
        "fd-other-output",
        ref,
        "jacobian:f1:w2",
        sig((f2(1, 2 + d) - f2(1, 2)) / d),
        "differenced f2's values in f1's blank",
        ["other-node", "wrong-output"],
        vals,
        source=CS7643,
    )
    nd.add(
        "fd-4-figures",
        ref,
        "jacobian:f1:w1",
        sig((float(sig(p1)) - float(sig(base))) / d),
        "differenced their own 4-figure values",
        verdict="correct",
        entries=vals,
        source=CS7643,
        tags=["follow-through", "precision"],
    )
    nd.add(
        "fd-values-4-figures",
        ref,
        "value:f1@w1+",
        sig(p1),
        "4 figures",
        verdict="correct",
        entries={"value:f1@base": sig(base)},
        source=CS7643,
        tags=["precision"],
    )
    nd.add(
        "fd-estimate-only",
        ref,
        "jacobian:f2:w1",
        sig((f2(1 + d, 2) - f2(1, 2)) / d),
        "gave the estimate only",
        verdict="correct",
        source=CS7643,
        tags=["follow-through"],
    )
    nd.add(
        "fd-carry-value",
        ref,
        "jacobian:f2:w2",
        sig((float(sig(f2(1, 2 + d) + 0.01, 6)) - f2(1, 2)) / d),
        "differenced their own wrong f2(w2 + Δ) (0.4% off)",
        verdict="consistent",
        blamed=["value:f2@w2+"],
        entries={"value:f2@base": sig(f2(1, 2), 6), "value:f2@w2+": sig(f2(1, 2 + d) + 0.01, 6)},
        source=CS7643,
        tags=["follow-through"],
    )
    ref = "autodiff/vector-finite-diff"
    base, p1 = g1(1, 2), g1(1.01, 2)
    nd.add(
        "fd-big-exact",
        ref,
        "jacobian:f1:w1",
        sig(math.exp(1) * math.exp(math.exp(1) + math.exp(4))),
        "gave the exact ∂f1/∂w1, which is 2% off the estimate at this size",
        ["exact-derivative"],
        {"value:f1@base": sig(base), "value:f1@w1+": sig(p1)},
        source=CS7643,
    )
    nd.add(
        "fd-big-no-divide",
        ref,
        "jacobian:f1:w1",
        sig(p1 - base),
        "forgot to divide by 0.01",
        ["no-divide"],
        {"value:f1@base": sig(base, 6), "value:f1@w1+": sig(p1, 6)},
        source=CS7643,
    )
    return nd.cases


def central() -> list[Case]:
    """x²y + tanh(y) at (-1, 0.6), central differences with δ = 0.1."""
    nd = Collector("numeric-diff")
    ref = f"{OWN}#central"

    def f(x: float, y: float) -> float:
        return x * x * y + math.tanh(y)

    d = 0.1
    xp, xm, b = f(-1 + d, 0.6), f(-1 - d, 0.6), f(-1, 0.6)
    yp, ym = f(-1, 0.6 + d), f(-1, 0.6 - d)
    vals = {
        "value:f@base": sig(b),
        "value:f@x+": sig(xp, 5),
        "value:f@x-": sig(xm, 5),
        "value:f@y+": sig(yp, 6),
        "value:f@y-": sig(ym, 6),
    }
    nd.add(
        "cd-forward",
        ref,
        "jacobian:f:x",
        sig((xp - b) / d),
        "used (f(x + δ) - f(x))/δ on a centered sheet",
        ["forward-for-central"],
        vals,
        source=CS231N,
    )
    nd.add(
        "cd-no-two",
        ref,
        "jacobian:f:x",
        sig((xp - xm) / d),
        "divided by δ, not 2δ",
        ["no-divide", "wrong-delta"],
        vals,
        source=CS231N,
    )
    nd.add(
        "cd-backward",
        ref,
        "jacobian:f:x",
        sig((b - xm) / d),
        "used the backward difference",
        ["backward-for-central", "forward-for-central"],
        vals,
        source=CS231N,
    )
    nd.add(
        "cd-minus-sign",
        ref,
        "jacobian:f:y",
        sig((ym - yp) / (2 * d)),
        "f(y - δ) - f(y + δ)",
        ["sign-flip", "sign-dropped"],
        vals,
        source=CS231N,
    )
    nd.add(
        "cd-right",
        ref,
        "jacobian:f:y",
        sig((yp - ym) / (2 * d), 5),
        "5 figures",
        verdict="correct",
        entries=vals,
        source=CS231N,
    )
    nd.add(
        "cd-value-rounded",
        ref,
        "value:f@x-",
        sig(xm, 3),
        "kept 3 figures of 1.26305",
        ["too-imprecise"],
        {"value:f@base": sig(b)},
        source=CS231N,
    )
    return nd.cases


def cases() -> list[Case]:
    return [*variant(), *central()]
