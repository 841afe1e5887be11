"""Provides the corpus's slips on the worked examples of the CS231n backpropagation notes.

Sources: CS231n notes "Backpropagation, Intuitions" (cs231n.github.io/optimization-2): the
circuit (x + y)z at (-2, 5, -4) ("the add gate distributes, the multiply gate swaps"), and the
staged computation of (x + σ(y))/(σ(x) + (x + y)²) at (3, -4), whose notes warn "Notice += !!"
where a variable feeds several gates.
"""

from __future__ import annotations

from cases import PACKS, Case, Collector, sig, sigmoid

OWN = f"{PACKS}/autodiff-slips.toml"
NOTES = "CS231n notes, Backpropagation, Intuitions (cs231n.github.io/optimization-2)"


def circuit() -> list[Case]:
    """(x + y)z at (-2, 5, -4): q = 3, f = -12; q-bar = z = -4, z-bar = q = 3."""
    rev = Collector("reverse-ad")
    ref = f"{OWN}#cs231n-circuit"
    vals = {"value:q": "3", "value:f": "-12", "adjoint:f:f": "1"}
    rev.add(
        "circuit-mul-not-swapped",
        ref,
        "adjoint:f:z",
        "-4",
        "the multiply gate's gradient on z taken as z itself, not q",
        ["value-for-derivative", "partial-swapped", "other-node"],
        vals,
        source=NOTES,
    )
    rev.add(
        "circuit-add-doubles",
        ref,
        "adjoint:f:x",
        "-8",
        "the add gate given local gradient 2",
        ["constant-factor", "sum-as-product"],
        {**vals, "adjoint:f:q": "-4", "adjoint:f:z": "3"},
        source=NOTES,
    )
    rev.add(
        "circuit-local-only",
        ref,
        "adjoint:f:y",
        "1",
        "wrote the add gate's local gradient 1 alone",
        ["local-only"],
        {**vals, "adjoint:f:q": "-4", "adjoint:f:z": "3"},
        source=NOTES,
    )
    rev.add(
        "circuit-right",
        ref,
        "adjoint:f:y",
        "-4",
        "the add gate passes -4 through",
        verdict="correct",
        entries={**vals, "adjoint:f:q": "-4"},
        source=NOTES,
    )
    return rev.cases


def staged() -> list[Case]:
    """sigy = σ(y), num = x + sigy, sigx = σ(x), xpy = x + y, xpysqr = xpy², den = sigx + xpysqr,
    invden = 1/den, f = num·invden, at x = 3, y = -4."""
    x, y = 3.0, -4.0
    sigy, sigx = sigmoid(y), sigmoid(x)
    num, xpy = x + sigy, x + y
    den = sigx + xpy**2
    invden = 1 / den
    dnum, dinvden = invden, num
    dden = -1 / den**2 * dinvden
    dxpy = 2 * xpy * dden
    dx = dxpy + sigx * (1 - sigx) * dden + dnum
    vals = {
        "value:sigy": sig(sigy),
        "value:num": sig(num),
        "value:sigx": sig(sigx),
        "value:xpy": "-1",
        "value:xpysqr": "1",
        "value:den": sig(den),
        "value:invden": sig(invden),
        "value:f": sig(num * invden),
    }
    up = {
        **vals,
        "adjoint:f:f": "1",
        "adjoint:f:invden": sig(dinvden),
        "adjoint:f:num": sig(dnum),
        "adjoint:f:den": sig(dden),
        "adjoint:f:sigx": sig(dden),
        "adjoint:f:xpysqr": sig(dden),
        "adjoint:f:xpy": sig(dxpy),
        "adjoint:f:sigy": sig(dnum),
    }
    rev = Collector("reverse-ad")
    ref = f"{OWN}#cs231n-staged"
    rev.add(
        "staged-no-accumulate",
        ref,
        "adjoint:f:x",
        sig(dnum),
        "overwrote dx with the last gate's contribution instead of +=",
        ["missing-path", "no-accumulate"],
        up,
        source=NOTES,
    )
    rev.add(
        "staged-only-xpy",
        ref,
        "adjoint:f:x",
        sig(dxpy),
        "kept only the (x + y)² path",
        ["missing-path"],
        up,
        source=NOTES,
    )
    rev.add(
        "staged-sigma-prime",
        ref,
        "adjoint:f:x",
        sig(dxpy + sigx * dden + dnum),
        "σ'(x) taken as σ(x)",
        ["sigmoid-derivative"],
        up,
        source=NOTES,
    )
    rev.add(
        "staged-reciprocal-sign",
        ref,
        "adjoint:f:den",
        sig(-dden),
        "d(1/u) = +1/u²",
        ["sign-flip", "quotient-rule", "reciprocal-sign"],
        {**vals, "adjoint:f:f": "1", "adjoint:f:invden": sig(dinvden)},
        source=NOTES,
    )
    rev.add(
        "staged-square-power-rule",
        ref,
        "adjoint:f:xpy",
        sig(2 * 1 * dden),
        "d u² = 2u² (with u² = 1)",
        ["power-rule", "sign-flip"],
        {**vals, "adjoint:f:xpysqr": sig(dden)},
        source=NOTES,
    )
    rev.add(
        "staged-invden-swapped",
        ref,
        "adjoint:f:invden",
        sig(invden),
        "the multiply gate's gradient on invden taken as invden itself",
        ["value-for-derivative", "partial-swapped", "other-node"],
        {**vals, "adjoint:f:f": "1"},
        source=NOTES,
    )
    rev.add(
        "staged-rounded",
        ref,
        "adjoint:f:x",
        sig(1.583 - 0.0452 * 0.7916 + 0.5121, 4),
        "rounded every factor to 3-4 figures",
        verdict="correct",
        entries=up,
        source=NOTES,
        tags=["follow-through"],
    )
    rev.add(
        "staged-dx",
        ref,
        "adjoint:f:x",
        sig(dx, 6),
        "dx accumulated over the three gates (+=)",
        verdict="correct",
        entries=up,
        source=NOTES,
    )
    rev.add(
        "staged-dy",
        ref,
        "adjoint:f:y",
        sig(dxpy + sigy * (1 - sigy) * dnum),
        "dy = dxpy + σ'(y)·dnum",
        verdict="correct",
        entries=up,
        source=NOTES,
    )
    return rev.cases


def cases() -> list[Case]:
    return [*circuit(), *staged()]
