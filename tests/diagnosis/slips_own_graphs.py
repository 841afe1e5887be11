"""Provides the corpus's slips on graphs of our own with a power, a quotient and tanh, and on the
sigmoid neuron of CS5242 Lecture 3 / the CS231n backprop notes, with fixed numbers.
"""

from __future__ import annotations

import math

from cases import PACKS, Case, Collector, exact, sig, sigmoid

OPS = f"{PACKS}/autodiff-slips.toml"


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
        blamed=["adjoint:f:c"],
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
        ["sigmoid-derivative", "softmax-sign"],
        up,
        source=src,
    )
    rev.add(
        "neuron-sigma-skipped",
        ref,
        "adjoint:f:z",
        sig(rb),
        "went back through s = σ(z) without σ'(z): z̄ = s̄",
        ["sigmoid-skipped"],
        up,
        source=src,
    )
    rev.add(
        "neuron-sigma-skipped-hidden",
        ref,
        "adjoint:f:w2",
        sig(rb * 2),
        "left r̄, s̄, z̄ blank and skipped σ'(z) on the way to w2 (x2 = 2)",
        ["sigmoid-skipped"],
        {**vals, "adjoint:f:f": "1"},
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
        ["sign-flip", "sub-sign"],
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
        blamed=["adjoint:f:z"],
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
    return [*ops_pack(), *neuron()]
