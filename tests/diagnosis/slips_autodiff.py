"""Provides the corpus's slips in evaluation traces, forward tangents and reverse adjoints.

Sources: Baydin et al. (JMLR 2018) Tables 2-3 (the survey's example), CS7643 Problem Set 1
(course problems 7-8), CSC413 Homework 1 (the warm-up graph), CS231n's backprop notes
(the sigmoid neuron, "gradients add at forks", the product gate swapping its inputs).
"""

from __future__ import annotations

import math

from cases import PACKS, Case, Collector, exact, sig, sigmoid, swap_digits

SURVEY = "Baydin et al., Automatic differentiation in machine learning (JMLR 2018)"
CS7643 = "CS7643 Problem Set 1 (course problems 7-8)"
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
        ["sign-flip"],
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
        ["sign-flip"],
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
        ["sign-flip", "sign-dropped"],
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


def variant() -> list[Case]:
    """f1 = cos(w1)cos(w2) + σ(w2), f2 = ln(w1 + w2) + w1²·w2 at (1, 2) (course problem 8)."""
    w1, w2 = 1.0, 2.0
    v1, v2, v3 = math.cos(w1), math.cos(w2), sigmoid(w2)
    v4 = v1 * v2
    v6 = w1 + w2
    v8 = math.log(v6)
    ds = v3 * (1 - v3)
    vals = {
        "value:v1": sig(v1),
        "value:v2": sig(v2),
        "value:v3": sig(v3),
        "value:v4": sig(v4),
        "value:v5": sig(v4 + v3),
        "value:v6": "3",
        "value:v7": "1",
        "value:v8": sig(v8),
        "value:v9": "2",
    }
    rev, fwd = Collector("reverse-ad"), Collector("forward-ad")
    ref_r, ref_f = "autodiff/variant-reverse", "autodiff/variant-forward"
    up1 = {
        **vals,
        "adjoint:f1:v5": "1",
        "adjoint:f1:v4": "1",
        "adjoint:f1:v3": "1",
        "adjoint:f1:v2": sig(v1),
        "adjoint:f1:v1": sig(v2),
    }
    b2, b1 = v1, v2  # adjoints of v2 = cos w2 and v1 = cos w1
    rev.add(
        "variant-cos-plus-sin-w1",
        ref_r,
        "adjoint:f1:v-1",
        sig(b1 * math.sin(w1)),
        "took d cos u = +sin u",
        ["sign-flip"],
        up1,
        source=CS7643,
    )
    rev.add(
        "variant-cos-plus-sin-w2",
        ref_r,
        "adjoint:f1:v0",
        sig(b2 * math.sin(w2) + ds),
        "took d cos u = +sin u on the cos(w2) path",
        ["sign-flip"],
        up1,
        source=CS7643,
    )
    rev.add(
        "variant-sigma-prime-sigma",
        ref_r,
        "adjoint:f1:v0",
        sig(-b2 * math.sin(w2) + v3),
        "took σ'(u) = σ(u)",
        ["sigmoid-derivative"],
        up1,
        source=CS7643,
    )
    rev.add(
        "variant-sigma-prime-plus",
        ref_r,
        "adjoint:f1:v0",
        sig(-b2 * math.sin(w2) + v3 * (1 + v3)),
        "took σ'(u) = σ(u)(1 + σ(u))",
        ["sigmoid-derivative"],
        up1,
        source=CS7643,
    )
    rev.add(
        "variant-w2-missing-sigma",
        ref_r,
        "adjoint:f1:v0",
        sig(-b2 * math.sin(w2)),
        "w2 reaches f1 twice; kept only the cos path",
        ["missing-path"],
        up1,
        source=CS7643,
    )
    rev.add(
        "variant-w2-missing-cos",
        ref_r,
        "adjoint:f1:v0",
        sig(ds),
        "kept only the σ path",
        ["missing-path"],
        up1,
        source=CS7643,
    )
    rev.add(
        "variant-cos-at-output",
        ref_r,
        "adjoint:f1:v0",
        sig(-b2 * math.sin(v2) + ds),
        "took -sin at cos's output v2 = -0.4161 instead of at w2 = 2",
        ["partial-at-output"],
        up1,
        source=CS7643,
    )
    rev.add(
        "variant-product-own-value",
        ref_r,
        "adjoint:f1:v2",
        sig(v2),
        "∂(v1·v2)/∂v2 taken as v2 (the product gate's inputs not swapped)",
        ["value-for-derivative", "other-node", "partial-swapped"],
        up1,
        source=CS231N,
    )
    up2 = {
        **vals,
        "adjoint:f2:v10": "1",
        "adjoint:f2:v9": "1",
        "adjoint:f2:v8": "1",
        "adjoint:f2:v7": "2",
        "adjoint:f2:v6": sig(1 / 3),
    }
    rev.add(
        "variant-ln-at-output",
        ref_r,
        "adjoint:f2:v6",
        sig(1 / v8),
        "d ln u = 1/u taken at ln's output 1.0986",
        ["partial-at-output"],
        {**vals, "adjoint:f2:v8": "1"},
        source=CS7643,
    )
    rev.add(
        "variant-w1-missing-ln",
        ref_r,
        "adjoint:f2:v-1",
        "4",
        "w1 feeds ln(w1 + w2) and w1²; dropped the ln path",
        ["missing-path"],
        up2,
        source=CS7643,
    )
    rev.add(
        "variant-w1-missing-square",
        ref_r,
        "adjoint:f2:v-1",
        sig(1 / 3),
        "dropped the w1² path",
        ["missing-path"],
        up2,
        source=CS7643,
    )
    rev.add(
        "variant-f2-jacobian-sign",
        ref_r,
        "jacobian:f2:w1",
        sig(-(1 / 3 + 4)),
        "copied the adjoint with a minus sign",
        ["sign-flip", "sign-dropped"],
        {**up2, "adjoint:f2:v-1": sig(1 / 3 + 4)},
        source=CS7643,
    )
    rev.add(
        "variant-jacobian-transposed",
        ref_r,
        "jacobian:f1:w2",
        sig(1 / 3 + 4),
        "filled the Jacobian by columns: ∂f2/∂w1 in the ∂f1/∂w2 cell",
        ["transposed-jacobian", "other-node"],
        {},
        source=CS7643,
    )
    rev.add(
        "variant-rounded-chain",
        ref_r,
        "adjoint:f1:v0",
        sig(0.5403 * -0.9093 + 0.105, 4),
        "rounded every factor to 4 figures and σ' to 3",
        verdict="correct",
        entries=up1,
        source=CS7643,
        tags=["follow-through"],
    )
    # Forward.
    fwd.add(
        "variant-dcos-plus",
        ref_f,
        "tangent:w2:v2",
        sig(math.sin(w2)),
        "took d cos u = +sin u",
        ["sign-flip"],
        {**vals, "tangent:w2:v0": "1"},
        source=CS7643,
    )
    fwd.add(
        "variant-dsigma-is-sigma",
        ref_f,
        "tangent:w2:v3",
        sig(v3),
        "took σ' = σ",
        ["sigmoid-derivative"],
        {**vals, "tangent:w2:v0": "1"},
        source=CS7643,
    )
    fwd.add(
        "variant-dln-log10",
        ref_f,
        "tangent:w1:v8",
        sig(1 / (3 * math.log(10))),
        "differentiated log10 instead of ln",
        ["log10"],
        {**vals, "tangent:w1:v6": "1"},
        source=CS7643,
    )
    fwd.add(
        "variant-dln-at-output",
        ref_f,
        "tangent:w1:v8",
        sig(1 / v8),
        "d ln u taken at ln's output",
        ["partial-at-output"],
        {**vals, "tangent:w1:v6": "1"},
        source=CS7643,
    )
    fwd.add(
        "variant-f2-missing-path",
        ref_f,
        "tangent:w1:v10",
        "4",
        "forgot the ln(w1 + w2) term of the sum",
        ["missing-path"],
        {**vals, "tangent:w1:v8": sig(1 / 3), "tangent:w1:v9": "4"},
        source=CS7643,
    )
    fwd.add(
        "variant-dropped-seed-v6",
        ref_f,
        "tangent:w1:v6",
        "2",
        "seeded w2 with 1 as well (seed blanks left empty)",
        ["dropped-seed"],
        vals,
        source=CS7643,
    )
    fwd.add(
        "variant-own-seeds",
        ref_f,
        "tangent:w1:v6",
        "2",
        "wrote both seeds as 1 (off), then v6' = 1 + 1 from them",
        verdict="consistent",
        entries={"tangent:w1:v-1": "1", "tangent:w1:v0": "1"},
        source=CS7643,
        tags=["follow-through"],
    )
    fwd.add(
        "variant-dropped-seed-v10",
        ref_f,
        "tangent:w1:v10",
        sig(2 / 3 + 5),
        "seeded both inputs with 1 throughout",
        ["dropped-seed"],
        vals,
        source=CS7643,
    )
    fwd.add(
        "variant-jacobian-only",
        ref_f,
        "jacobian:f1:w2",
        sig(-v1 * math.sin(w2) + ds),
        "gave only the Jacobian entry, rounded to 4 figures",
        verdict="correct",
        source=CS7643,
        tags=["follow-through"],
    )
    fwd.add(
        "variant-carry-sign",
        ref_f,
        "tangent:w2:v4",
        sig(v1 * math.sin(w2)),
        "carried their own v2' = +sin 2 (earlier slip) correctly",
        verdict="consistent",
        entries={**vals, "tangent:w2:v1": "0", "tangent:w2:v2": sig(math.sin(w2))},
        source=CS7643,
        tags=["follow-through"],
    )
    fwd.add(
        "variant-value-v4-power",
        ref_f,
        "value:v4",
        sig(v4 * 10),
        "slipped a decimal place multiplying v1·v2",
        ["power-of-ten"],
        vals,
        source=CS7643,
    )
    fwd.add(
        "variant-value-digits",
        ref_f,
        "value:v3",
        swap_digits(sig(v3, 4)),
        "copied σ(2) = 0.8808 as 0.8088",
        ["digits-swapped"],
        source=CS7643,
    )
    return rev.cases + fwd.cases


def vector() -> list[Case]:
    """The f1 of course problem 7, of order 10^24 at (1, 2), and f2 = w1·w2 + σ(w1)."""
    w1, w2 = 1.0, 2.0
    v1, v2 = math.exp(w1), 2 * w2
    v3 = math.exp(v2)
    v4 = v1 + v3
    v5, v6 = math.exp(v4), math.sin(v4)
    b4 = v5 + math.cos(v4)
    b2 = b4 * v3
    vals = {
        "value:v1": sig(v1),
        "value:v2": "4",
        "value:v3": sig(v3),
        "value:v4": sig(v4),
        "value:v5": sig(v5),
        "value:v6": sig(v6),
        "value:v7": sig(v5 + v6),
        "value:v8": "2",
        "value:v9": sig(sigmoid(w1)),
        "value:v10": sig(2 + sigmoid(w1)),
    }
    rev, fwd = Collector("reverse-ad"), Collector("forward-ad")
    ref_r, ref_f = "autodiff/vector-reverse", "autodiff/vector-values"
    up = {
        **vals,
        "adjoint:f1:v7": "1",
        "adjoint:f1:v6": "1",
        "adjoint:f1:v5": "1",
        "adjoint:f1:v4": sig(b4),
        "adjoint:f1:v3": sig(b4),
        "adjoint:f1:v2": sig(b2),
    }
    rev.add(
        "vector-forgot-two",
        ref_r,
        "adjoint:f1:v0",
        sig(b2),
        "forgot the factor 2 of v2 = 2·w2: copied v2-bar",
        ["other-node", "missing-factor"],
        up,
        source=CS7643,
    )
    rev.add(
        "vector-sigma-prime",
        ref_r,
        "adjoint:f2:v-1",
        sig(w2 + sigmoid(w1)),
        "took σ' = σ on the σ(w1) path",
        ["sigmoid-derivative"],
        {**vals, "adjoint:f2:v10": "1", "adjoint:f2:v9": "1", "adjoint:f2:v8": "1"},
        source=CS7643,
    )
    rev.add(
        "vector-f2-missing-sigma",
        ref_r,
        "adjoint:f2:v-1",
        "2",
        "dropped the σ(w1) path",
        ["missing-path"],
        {**vals, "adjoint:f2:v10": "1", "adjoint:f2:v9": "1", "adjoint:f2:v8": "1"},
        source=CS7643,
    )
    rev.add(
        "vector-v4-missing-sin",
        ref_r,
        "adjoint:f1:v4",
        sig(v5),
        "v4 feeds e^v4 and sin v4; dropped the sin path (invisible at 10^24)",
        ["missing-path"],
        {**vals, "adjoint:f1:v5": "1", "adjoint:f1:v6": "1"},
        verdict="correct",
        source=CS7643,
        tags=["precision"],
    )
    rev.add(
        "vector-v2-exponent-slip",
        ref_r,
        "adjoint:f1:v2",
        sig(b2 * 1000),
        "wrote 4.260e29 for 4.260e26",
        ["power-of-ten"],
        up,
        source=CS7643,
    )
    fwd.add(
        "vector-e2w2",
        ref_f,
        "value:v3",
        sig(math.exp(2) * 2),
        "read e^(2·w2) as 2·e^w2",
        ["other-node", "wrong-op"],
        {"value:v2": "4"},
        source=CS7643,
    )
    fwd.add(
        "vector-v6-degrees",
        ref_f,
        "value:v6",
        sig(math.sin(math.radians(v4))),
        "calculator in degrees",
        ["degrees"],
        vals,
        source=CS7643,
    )
    fwd.add(
        "vector-v7-six-figures",
        ref_f,
        "value:v7",
        "7.80207e24",
        "6-figure entries all the way down",
        verdict="correct",
        entries={"value:v5": "7.80207e24", "value:v6": "0.694528"},
        source=CS7643,
        tags=["follow-through"],
    )
    fwd.add(
        "vector-v10-rounded",
        ref_f,
        "value:v10",
        sig(2 + 0.731),
        "added σ(1) rounded to 0.731",
        verdict="correct",
        entries={"value:v8": "2", "value:v9": "0.731"},
        source=CS7643,
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
        entries={**up, "adjoint:f:b": "4"},
        source=CS231N,
        tags=["follow-through"],
    )
    return rev.cases


def ops_pack() -> list[Case]:
    """f = x³/y + tanh(x·y) at (0.5, 2): a = x³, b = a/y, c = x·y, d = tanh c, f = b + d."""
    x, y = 0.5, 2.0
    a = x**3
    b, c = a / y, x * y
    d = math.tanh(c)
    f = b + d
    dt = 1 - d**2
    bx = 3 * x**2 / y + dt * y
    by = -a / y**2 + dt * x
    vals = {
        "value:a": sig(a),
        "value:b": sig(b),
        "value:c": "1",
        "value:d": sig(d),
        "value:f": sig(f),
    }
    rev, fwd = Collector("reverse-ad"), Collector("forward-ad")
    ref_r, ref_f = f"{OPS}#ops-reverse", f"{OPS}#ops-forward"
    up = {
        **vals,
        "adjoint:f:f": "1",
        "adjoint:f:d": "1",
        "adjoint:f:b": "1",
        "adjoint:f:c": sig(dt),
        "adjoint:f:a": "0.5",
    }
    rev.add(
        "ops-quotient-plus",
        ref_r,
        "adjoint:f:y",
        sig(a / y**2 + dt * x),
        "quotient rule with + in the numerator: ∂(a/y)/∂y = +a/y²",
        ["quotient-rule", "sign-flip"],
        up,
    )
    rev.add(
        "ops-quotient-no-square",
        ref_r,
        "adjoint:f:y",
        sig(-a / y + dt * x),
        "∂(a/y)/∂y taken as -a/y",
        ["quotient-rule"],
        up,
    )
    rev.add(
        "ops-power-rule",
        ref_r,
        "adjoint:f:x",
        sig(0.5 * 3 * x**3 + dt * y),
        "d x³ = 3x³ (kept the exponent)",
        ["power-rule"],
        up,
    )
    rev.add(
        "ops-power-no-n",
        ref_r,
        "adjoint:f:x",
        sig(0.5 * x**2 + dt * y),
        "d x³ = x² (forgot to bring the 3 down)",
        ["power-rule"],
        up,
    )
    rev.add(
        "ops-x-missing-tanh",
        ref_r,
        "adjoint:f:x",
        sig(0.5 * 3 * x**2),
        "x feeds a and c; dropped the c path",
        ["missing-path"],
        up,
    )
    rev.add(
        "ops-x-local-only",
        ref_r,
        "adjoint:f:x",
        sig(3 * x**2 + y),
        "added the local partials 3x² and y without the carried adjoints",
        ["local-only"],
        up,
    )
    rev.add(
        "ops-tanh-no-square",
        ref_r,
        "adjoint:f:c",
        sig(1 - d),
        "took tanh' = 1 - tanh (square forgotten)",
        ["tanh-derivative"],
        {**vals, "adjoint:f:d": "1"},
    )
    rev.add(
        "ops-tanh-at-output",
        ref_r,
        "adjoint:f:c",
        sig(1 - math.tanh(d) ** 2),
        "took 1 - tanh² at tanh's output 0.7616",
        ["partial-at-output"],
        {**vals, "adjoint:f:d": "1"},
    )
    rev.add(
        "ops-b-value",
        ref_r,
        "adjoint:f:b",
        sig(b),
        "wrote b's value for its adjoint",
        ["value-for-derivative"],
        {**vals, "adjoint:f:f": "1"},
    )
    rev.add(
        "ops-y-sign-dropped",
        ref_r,
        "adjoint:f:y",
        sig(-by),
        "lost the overall sign",
        ["sign-flip", "sign-dropped"],
        up,
    )
    rev.add(
        "ops-y-rounded-early",
        ref_r,
        "adjoint:f:y",
        sig(-0.03 + 0.42 * 0.5, 3),
        "rounded a/y² to 0.03 and tanh' to 0.42 first",
        ["too-imprecise"],
        up,
    )
    rev.add(
        "ops-carry-tanh",
        ref_r,
        "adjoint:f:x",
        sig(3 * x**2 / y + (1 - d) * y),
        "carried their own c-bar = 1 - tanh(1) into x-bar",
        verdict="consistent",
        entries={**up, "adjoint:f:c": sig(1 - d)},
        tags=["follow-through"],
    )
    # Forward, seeded on y then on x.
    ty = {"tangent:y:x": "0", "tangent:y:y": "1", "tangent:y:a": "0"}
    fwd.add(
        "ops-fwd-quotient-plus",
        ref_f,
        "tangent:y:b",
        sig(a / y**2),
        "quotient rule with +",
        ["quotient-rule", "sign-flip"],
        {**vals, **ty},
    )
    fwd.add(
        "ops-fwd-product-one-term",
        ref_f,
        "tangent:y:c",
        "0",
        "product rule with the x·y' term dropped",
        ["missing-path", "product-rule"],
        {**vals, **ty},
    )
    fwd.add(
        "ops-fwd-dropped-seed",
        ref_f,
        "tangent:x:c",
        sig(y + x),
        "seeded y with 1 as well",
        ["dropped-seed"],
        vals,
    )
    fwd.add(
        "ops-fwd-tanh-local-only",
        ref_f,
        "tangent:x:d",
        sig(dt),
        "wrote tanh'(c) without multiplying by c' = 2",
        ["local-only"],
        {**vals, "tangent:x:c": "2"},
    )
    fwd.add(
        "ops-fwd-tanh-no-square",
        ref_f,
        "tangent:x:d",
        sig((1 - d) * 2),
        "tanh' = 1 - tanh",
        ["tanh-derivative"],
        {**vals, "tangent:x:c": "2"},
    )
    fwd.add(
        "ops-fwd-times-value",
        ref_f,
        "tangent:x:f",
        sig(bx * f),
        "multiplied f's tangent by f",
        ["times-value"],
        {**vals, "tangent:x:b": "0.375", "tangent:x:d": sig(2 * dt)},
    )
    fwd.add(
        "ops-fwd-power-rule",
        ref_f,
        "tangent:x:a",
        sig(3 * x**3),
        "d x³ = 3x³",
        ["power-rule"],
        {**vals, "tangent:x:x": "1"},
    )
    fwd.add(
        "ops-fwd-blank-then-last",
        ref_f,
        "tangent:y:f",
        sig(by),
        "left the tangents blank and gave f' only",
        verdict="correct",
        tags=["follow-through"],
    )
    return rev.cases + fwd.cases


def neuron() -> list[Case]:
    """(σ(w1·x1 + w2·x2 + b) - t)² with w = (0.5, -1), b = 0.5, x = (1, 2), t = 1 (CS5242)."""
    z = 0.5 * 1 - 1 * 2 + 0.5
    s = sigmoid(z)
    r = s - 1
    rb = 2 * r
    zb = rb * s * (1 - s)
    vals = {"value:z": "-1", "value:s": sig(s), "value:r": sig(r), "value:f": sig(r * r)}
    up = {**vals, "adjoint:f:f": "1", "adjoint:f:r": sig(rb), "adjoint:f:s": sig(rb)}
    rev = Collector("reverse-ad")
    ref = f"{OPS}#neuron"
    src = "CS5242 Lecture 3; CS231n notes (sigmoid neuron)"
    rev.add(
        "neuron-sigma-is-sigma",
        ref,
        "adjoint:f:z",
        sig(rb * s),
        "σ'(z) = σ(z)",
        ["sigmoid-derivative"],
        up,
        source=src,
    )
    rev.add(
        "neuron-sigma-plus",
        ref,
        "adjoint:f:z",
        sig(rb * s * (1 + s)),
        "σ'(z) = σ(z)(1 + σ(z))",
        ["sigmoid-derivative"],
        up,
        source=src,
    )
    rev.add(
        "neuron-sigma-at-input",
        ref,
        "adjoint:f:z",
        sig(rb * z * (1 - z)),
        "σ(1 - σ) evaluated with z = -1 in place of σ(z)",
        ["partial-at-input"],
        up,
        source=src,
    )
    rev.add(
        "neuron-forgot-two",
        ref,
        "adjoint:f:r",
        sig(r),
        "d r² = r (the 2 forgotten)",
        ["power-rule", "value-for-derivative"],
        {**vals, "adjoint:f:f": "1"},
        source=src,
    )
    rev.add(
        "neuron-w2-wrong-input",
        ref,
        "adjoint:f:w2",
        sig(zb * 1),
        "multiplied by x1 instead of x2",
        ["other-node"],
        {**up, "adjoint:f:z": sig(zb), "adjoint:f:w1": sig(zb)},
        source=src,
    )
    rev.add(
        "neuron-w2-local-only",
        ref,
        "adjoint:f:w2",
        "2",
        "wrote the local partial x2 alone",
        ["local-only"],
        {**up, "adjoint:f:z": sig(zb)},
        source=src,
    )
    rev.add(
        "neuron-t-sign",
        ref,
        "adjoint:f:t",
        sig(rb),
        "∂(s - t)/∂t taken as +1",
        ["sign-flip"],
        up,
        source=src,
    )
    rev.add(
        "neuron-carry-sigma",
        ref,
        "adjoint:f:w2",
        sig(rb * s * 2),
        "carried their own z-bar (σ' = σ slip) into w2-bar",
        verdict="consistent",
        entries={**up, "adjoint:f:z": sig(rb * s)},
        source=src,
        tags=["follow-through"],
    )
    rev.add(
        "neuron-exact-6",
        ref,
        "adjoint:f:b",
        exact(zb),
        "6 figures, all blanks filled",
        verdict="correct",
        entries={**up, "adjoint:f:z": exact(zb)},
        source=src,
    )
    return rev.cases


def cases() -> list[Case]:
    return [*survey(), *variant(), *vector(), *warmup(), *ops_pack(), *neuron()]
