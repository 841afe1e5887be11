"""Provides the corpus's slips on the survey's example and the warm-up graph: traces, tangents,
adjoints.

Sources: Baydin et al. (JMLR 2018) Tables 2-3 (the survey's example); CSC413 Homework 1 (the
warm-up graph); CS231n's backprop notes ("gradients add at forks", the product gate swapping
its inputs).
"""

from __future__ import annotations

import math

from cases import PACKS, Case, Collector, sig, swap_digits

SURVEY = "Baydin et al., Automatic differentiation in machine learning (JMLR 2018)"
CS231N = "CS231n notes, Backpropagation, intuitions"
OPS = f"{PACKS}/autodiff-slips.toml"


def survey() -> list[Case]:
    """f(x1, x2) = ln(x1) + x1·x2 - sin(x2) at (2, 5): v1 = ln v-1, v2 = v-1·v0, v3 = sin v0."""
    x1, x2 = 2.0, 5.0
    v1, v2, v3 = math.log(x1), x1 * x2, math.sin(x2)
    v4 = v1 + v2
    values = {"value:v1": sig(v1), "value:v2": "10", "value:v3": sig(v3), "value:v4": sig(v4)}
    # Reverse: v5b = v4b = v1b = v2b = 1, v3b = -1.
    b_v0 = x1 - math.cos(x2)  # v2 path: x1·1; v3 path: -1·cos x2
    rev, fwd = Collector("reverse-ad"), Collector("forward-ad")
    ref_r, ref_f = "autodiff/survey-reverse", "autodiff/survey-forward"
    up = {**values, "adjoint:f:v5": "1", "adjoint:f:v4": "1", "adjoint:f:v3": "-1"}
    up2 = {**up, "adjoint:f:v2": "1", "adjoint:f:v1": "1"}
    rev.add(
        "survey-sin-sign",
        ref_r,
        "adjoint:f:v0",
        sig(x1 + math.cos(x2)),
        "took d sin u/du = -cos u, so the v3 term came out +cos 5",
        ["sign-flip", "sin-derivative"],
        up2,
        source=SURVEY,
    )
    rev.add(
        "survey-v0-only-v2-path",
        ref_r,
        "adjoint:f:v0",
        "2",
        "x2 feeds v2 and v3; added only the v2 path",
        ["missing-path"],
        up2,
        source=SURVEY,
    )
    rev.add(
        "survey-v0-only-v3-path",
        ref_r,
        "adjoint:f:v0",
        sig(-math.cos(x2)),
        "kept only the path through v3 = sin v0",
        ["missing-path"],
        up2,
        source=SURVEY,
    )
    rev.add(
        "survey-v0-product-of-paths",
        ref_r,
        "adjoint:f:v0",
        sig(x1 * -math.cos(x2)),
        "multiplied the two paths' contributions instead of adding them",
        ["sum-as-product"],
        up2,
        source=SURVEY,
    )
    rev.add(
        "survey-ln-at-output",
        ref_r,
        "adjoint:f:v-1",
        sig(1 / v1 + x2),
        "took d ln u = 1/u at ln's output 0.6931 instead of its input 2",
        ["partial-at-output"],
        up2,
        source=SURVEY,
    )
    rev.add(
        "survey-vm1-missing-ln-path",
        ref_r,
        "adjoint:f:v-1",
        "5",
        "x1 feeds v1 = ln x1 and v2 = x1·x2; forgot the ln path",
        ["missing-path"],
        up2,
        source=SURVEY,
    )
    rev.add(
        "survey-vm1-product",
        ref_r,
        "adjoint:f:v-1",
        "2.5",
        "multiplied 0.5 and 5 instead of adding them",
        ["sum-as-product"],
        up2,
        source=SURVEY,
    )
    rev.add(
        "survey-sub-sign",
        ref_r,
        "adjoint:f:v3",
        "1",
        "took ∂(v4 - v3)/∂v3 = +1",
        ["sign-flip", "sub-sign"],
        {**values, "adjoint:f:v5": "1"},
        source=SURVEY,
    )
    rev.add(
        "survey-jacobian-only",
        ref_r,
        "jacobian:f:x2",
        sig(b_v0),
        "gave only the Jacobian, every adjoint blank",
        verdict="correct",
        source=SURVEY,
        tags=["follow-through"],
    )
    rev.add(
        "survey-jacobian-sign",
        ref_r,
        "jacobian:f:x2",
        sig(-b_v0),
        "copied v0-bar into the Jacobian with its sign dropped",
        ["sign-flip", "sign-dropped"],
        {**up2, "adjoint:f:v0": sig(b_v0), "adjoint:f:v-1": "5.5"},
        source=SURVEY,
    )
    rev.add(
        "survey-jacobian-swapped",
        ref_r,
        "jacobian:f:x1",
        sig(b_v0),
        "wrote ∂f/∂x2 into the ∂f/∂x1 blank",
        ["other-node", "transposed-jacobian"],
        {**up2, "adjoint:f:v0": sig(b_v0), "adjoint:f:v-1": "5.5"},
        source=SURVEY,
    )
    rev.add(
        "survey-vm1-value",
        ref_r,
        "adjoint:f:v-1",
        "2",
        "wrote x1's value for its adjoint",
        ["value-for-derivative"],
        up2,
        source=SURVEY,
    )
    rev.add(
        "survey-rounded-v0",
        ref_r,
        "adjoint:f:v0",
        "1.7",
        "rounded 1.71634 to two figures",
        ["too-imprecise"],
        up2,
        source=SURVEY,
    )
    rev.add(
        "survey-v0-digits",
        ref_r,
        "adjoint:f:v0",
        swap_digits(sig(b_v0, 5)),
        "copied 1.7163 as 1.1763",
        ["digits-swapped"],
        up2,
        source=SURVEY,
    )
    # Values.
    fwd.add(
        "survey-log10",
        ref_f,
        "value:v1",
        sig(math.log10(x1)),
        "pressed the calculator's log (base 10) for ln",
        ["log10"],
        source=SURVEY,
    )
    fwd.add(
        "survey-degrees",
        ref_f,
        "value:v3",
        sig(math.sin(math.radians(x2))),
        "calculator in degrees",
        ["degrees"],
        {"value:v1": "0.6931", "value:v2": "10"},
        source=SURVEY,
    )
    fwd.add(
        "survey-v1-power-of-ten",
        ref_f,
        "value:v1",
        "6.931",
        "misplaced the decimal point of ln 2",
        ["power-of-ten"],
        source=SURVEY,
    )
    fwd.add(
        "survey-v5-sub-as-add",
        ref_f,
        "value:v5",
        sig(v4 + v3),
        "added v3 instead of subtracting it",
        ["sign-flip", "sub-sign", "sub-as-add"],
        values,
        source=SURVEY,
    )
    fwd.add(
        "survey-carry-log10",
        ref_f,
        "value:v4",
        sig(math.log10(x1) + 10),
        "v1 = log10 2 (an earlier slip) carried correctly into v4",
        verdict="consistent",
        blamed=["value:v1"],
        entries={"value:v1": sig(math.log10(x1)), "value:v2": "10"},
        source=SURVEY,
        tags=["follow-through"],
    )
    # Tangents seeded on x1: v-1' = 1, v0' = 0.
    t = {"tangent:x1:v-1": "1", "tangent:x1:v0": "0"}
    fwd.add(
        "survey-dln-at-output",
        ref_f,
        "tangent:x1:v1",
        sig(1 / v1),
        "d ln u = 1/u taken at ln's output",
        ["partial-at-output"],
        {**values, **t},
        source=SURVEY,
    )
    fwd.add(
        "survey-tangent-value",
        ref_f,
        "tangent:x1:v1",
        sig(v1),
        "wrote v1's value in its tangent's blank",
        ["value-for-derivative"],
        {**values, **t},
        source=SURVEY,
    )
    fwd.add(
        "survey-dropped-seed-v2",
        ref_f,
        "tangent:x1:v2",
        "7",
        "seeded both inputs with 1: v2' = 1·5 + 2·1",
        ["dropped-seed"],
        {**values, "tangent:x1:v1": "0.5"},
        source=SURVEY,
    )
    fwd.add(
        "survey-dropped-seed-v5",
        ref_f,
        "tangent:x1:v5",
        sig(7.5 - math.cos(x2)),
        "seeded both inputs with 1 all the way to the output",
        ["dropped-seed"],
        {**values},
        source=SURVEY,
    )
    fwd.add(
        "survey-times-value",
        ref_f,
        "tangent:x1:v4",
        sig(5.5 * v4),
        "multiplied v4's tangent by v4's value",
        ["times-value"],
        {**values, **t, "tangent:x1:v1": "0.5", "tangent:x1:v2": "5"},
        source=SURVEY,
    )
    fwd.add(
        "survey-v1-tangent-sign",
        ref_f,
        "tangent:x1:v1",
        "-0.5",
        "wrote d ln u as -1/u",
        ["sign-flip", "sign-dropped"],
        {**values, **t},
        source=SURVEY,
    )
    fwd.add(
        "survey-rounded-every-step",
        ref_f,
        "tangent:x1:v5",
        "5.5",
        "left every tangent blank, gave only the last",
        verdict="correct",
        source=SURVEY,
        tags=["follow-through"],
    )
    return rev.cases + fwd.cases


def warmup() -> list[Case]:
    """(x + y)(y + 1) at (1, 2) (CSC413) and at (2, 3) (a pack of our own)."""
    rev = Collector("reverse-ad")
    ref = "autodiff/warmup-reverse"
    up = {
        "value:a": "3",
        "value:b": "3",
        "value:f": "9",
        "adjoint:f:f": "1",
        "adjoint:f:b": "3",
        "adjoint:f:a": "3",
    }
    rev.add(
        "warmup-y-one-path",
        ref,
        "adjoint:f:y",
        "3",
        "y feeds a and b; took only one of them",
        ["missing-path"],
        up,
        source="CSC413 Homework 1",
    )
    rev.add(
        "warmup-y-product",
        ref,
        "adjoint:f:y",
        "9",
        "multiplied the two paths' adjoints",
        ["sum-as-product", "other-node"],
        up,
        source="CSC413 Homework 1",
    )
    own = f"{OPS}#warmup-23"
    a, b = 5.0, 4.0  # x = 2, y = 3
    up = {"value:a": "5", "value:b": "4", "value:f": "20", "adjoint:f:f": "1"}
    rev.add(
        "warmup23-product-not-swapped",
        own,
        "adjoint:f:b",
        "4",
        "∂(a·b)/∂b taken as b",
        ["value-for-derivative", "partial-swapped", "other-node"],
        up,
        source=CS231N,
    )
    up = {**up, "adjoint:f:b": "5", "adjoint:f:a": "4", "adjoint:f:x": "4"}
    rev.add(
        "warmup23-y-one-path",
        own,
        "adjoint:f:y",
        "5",
        "dropped the a path",
        ["missing-path"],
        up,
        source=CS231N,
    )
    rev.add(
        "warmup23-y-product",
        own,
        "adjoint:f:y",
        sig(a * b),
        "multiplied the two consumers' adjoints",
        ["sum-as-product", "other-node"],
        up,
        source=CS231N,
    )
    rev.add(
        "warmup23-y-blank-sheet",
        own,
        "adjoint:f:y",
        "9",
        "wrote only the answer",
        verdict="correct",
        source=CS231N,
        tags=["follow-through"],
    )
    rev.add(
        "warmup23-carry-b",
        own,
        "adjoint:f:y",
        "8",
        "b-bar = 4 (an earlier slip) carried correctly: 4 + 4",
        verdict="consistent",
        blamed=["adjoint:f:b"],
        entries={**up, "adjoint:f:b": "4"},
        source=CS231N,
        tags=["follow-through"],
    )
    return rev.cases


def cases() -> list[Case]:
    return [*survey(), *warmup()]
