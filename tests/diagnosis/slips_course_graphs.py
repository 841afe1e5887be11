"""Provides the corpus's slips on the graph of course problem 8 (CS7643 Problem Set 1, second
variant): f1 = cos(w1)cos(w2) + σ(w2), f2 = ln(w1 + w2) + w1²·w2 at (1, 2).
"""

from __future__ import annotations

import math

from cases import Case, Collector, sig, sigmoid, swap_digits

CS7643 = "CS7643 Problem Set 1 (course problems 7-8)"
CS231N = "CS231n notes, Backpropagation, intuitions"


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
        ["cos-derivative", "sign-flip"],
        up1,
        source=CS7643,
    )
    rev.add(
        "variant-cos-plus-sin-w2",
        ref_r,
        "adjoint:f1:v0",
        sig(b2 * math.sin(w2) + ds),
        "took d cos u = +sin u on the cos(w2) path",
        ["cos-derivative", "sign-flip"],
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
        ["sigmoid-derivative", "softmax-sign"],
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
        ["cos-derivative", "sign-flip"],
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
        blamed=["tangent:w1:v0"],
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
        blamed=["tangent:w2:v2"],
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


def cases() -> list[Case]:
    return variant()
