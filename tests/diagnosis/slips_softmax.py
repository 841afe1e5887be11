"""Provides the corpus's slips in the softmax Jacobian, by reverse mode (course problem 10; CS231n
notes, softmax classifier: ∂s_i/∂x_j = s_i(δ_ij - s_j)).
"""

from __future__ import annotations

import math

from cases import PACKS, Case, Collector, sig

SOFTMAX = "course problem 10 (softmax); CS231n notes, softmax classifier"


def softmax() -> list[Case]:
    """Softmax of (1, 2, 0.5) by reverse mode: s_i = a_i/Z."""
    sm = Collector("softmax-jacobian")
    ref = "derivatives/softmax-reverse"
    x = (1.0, 2.0, 0.5)
    a = [math.exp(v) for v in x]
    z = sum(a)
    s = [v / z for v in a]
    vals = {
        "value:a1": sig(a[0]),
        "value:a2": sig(a[1]),
        "value:a3": sig(a[2]),
        "value:Z": sig(z),
        "value:s1": sig(s[0]),
        "value:s2": sig(s[1]),
        "value:s3": sig(s[2]),
    }
    sm.add(
        "sm-plus",
        ref,
        "jacobian:s1:x1",
        sig(s[0] * (1 + s[0])),
        "s_i(δ_ij + s_j)",
        ["softmax-sign"],
        vals,
        source=SOFTMAX,
    )
    sm.add(
        "sm-off-diagonal-sign",
        ref,
        "jacobian:s1:x2",
        sig(s[0] * s[1]),
        "dropped the minus off the diagonal",
        ["softmax-sign", "sign-flip"],
        vals,
        source=SOFTMAX,
    )
    sm.add(
        "sm-no-delta-diag",
        ref,
        "jacobian:s2:x2",
        sig(-s[1] * s[1]),
        "forgot δ_ii = 1 on the diagonal",
        ["missing-delta"],
        vals,
        source=SOFTMAX,
    )
    sm.add(
        "sm-delta-off-diag",
        ref,
        "jacobian:s3:x1",
        sig(s[2] * (1 - s[0])),
        "used δ = 1 off the diagonal",
        ["missing-delta"],
        vals,
        source=SOFTMAX,
    )
    sm.add(
        "sm-value",
        ref,
        "jacobian:s2:x2",
        sig(s[1]),
        "wrote s2 for ∂s2/∂x2",
        ["value-for-derivative"],
        vals,
        source=SOFTMAX,
    )
    sm.add(
        "sm-quotient-plus",
        ref,
        "adjoint:s1:Z",
        sig(a[0] / z**2),
        "quotient rule with +: ∂(a1/Z)/∂Z = +a1/Z²",
        ["quotient-rule", "sign-flip"],
        {**vals, "adjoint:s1:s1": "1"},
        source=SOFTMAX,
    )
    sm.add(
        "sm-a1-one-path",
        ref,
        "adjoint:s1:a1",
        sig(1 / z),
        "a1 feeds s1 and Z; took only the direct path",
        ["missing-path"],
        {**vals, "adjoint:s1:s1": "1", "adjoint:s1:Z": sig(-a[0] / z**2)},
        source=SOFTMAX,
    )
    sm.add(
        "sm-x1-local-only",
        ref,
        "adjoint:s1:x1",
        sig(a[0]),
        "wrote ∂a1/∂x1 = e^x1 alone",
        ["local-only", "other-node"],
        {**vals, "adjoint:s1:a1": sig(1 / z - a[0] / z**2)},
        source=SOFTMAX,
    )
    sm.add(
        "sm-jacobian-only",
        ref,
        "jacobian:s3:x3",
        sig(s[2] * (1 - s[2])),
        "used s_i(δ_ij - s_j) straight away",
        verdict="correct",
        source=SOFTMAX,
        tags=["follow-through"],
    )
    sm.add(
        "sm-jacobian-rounded-s",
        ref,
        "jacobian:s2:x3",
        sig(-0.629 * 0.140, 3),
        "from s rounded to 3 figures",
        verdict="correct",
        entries={**vals, "value:s2": "0.629", "value:s3": "0.140"},
        source=SOFTMAX,
        tags=["follow-through"],
    )
    sm.add(
        "sm-transposed-pair",
        ref,
        "jacobian:s1:x3",
        sig(-s[0] * s[1]),
        "took s_j from the wrong column (x2 for x3)",
        ["other-node", "softmax-index"],
        vals,
        source=SOFTMAX,
    )
    return sm.cases


def softmax_forward() -> list[Case]:
    """Softmax of (0.5, -1, 2) by forward mode seeded on x1: ∂s_i/∂x1 = s_i(δ_i1 - s_1)."""
    sm = Collector("softmax-jacobian")
    ref = f"{PACKS}/autodiff-slips.toml#softmax-forward"
    a = [math.exp(v) for v in (0.5, -1.0, 2.0)]
    z = sum(a)
    s = [v / z for v in a]
    vals = {
        "value:a1": sig(a[0]),
        "value:a2": sig(a[1]),
        "value:a3": sig(a[2]),
        "value:Z": sig(z),
        "value:s1": sig(s[0]),
        "value:s2": sig(s[1]),
        "value:s3": sig(s[2]),
    }
    seeds = {
        "tangent:x1:x1": "1",
        "tangent:x1:x2": "0",
        "tangent:x1:x3": "0",
        "tangent:x1:a1": sig(a[0]),
        "tangent:x1:a2": "0",
        "tangent:x1:a3": "0",
        "tangent:x1:Z": sig(a[0]),
    }
    up = {**vals, **seeds}
    sm.add(
        "smf-quotient-plus",
        ref,
        "tangent:x1:s1",
        sig(a[0] * (z + a[0]) / z**2),
        "quotient rule with + in the numerator",
        ["quotient-rule", "sign-flip", "softmax-sign"],
        up,
        source=SOFTMAX,
    )
    sm.add(
        "smf-missing-z-path",
        ref,
        "tangent:x1:s1",
        sig(a[0] / z),
        "differentiated a1/Z holding Z fixed",
        ["missing-path", "value-for-derivative"],
        up,
        source=SOFTMAX,
    )
    sm.add(
        "smf-off-diagonal-sign",
        ref,
        "tangent:x1:s2",
        sig(s[0] * s[1]),
        "lost the minus of -a2·Z'/Z²",
        ["sign-flip", "quotient-rule"],
        up,
        source=SOFTMAX,
    )
    sm.add(
        "smf-jacobian-delta",
        ref,
        "jacobian:s2:x1",
        sig(s[1] * (1 - s[0])),
        "used δ = 1 off the diagonal",
        ["missing-delta"],
        up,
        source=SOFTMAX,
    )
    sm.add(
        "smf-jacobian-only",
        ref,
        "jacobian:s3:x1",
        sig(-s[2] * s[0]),
        "wrote -s3·s1 straight away",
        verdict="correct",
        source=SOFTMAX,
        tags=["follow-through"],
    )
    return sm.cases


def cases() -> list[Case]:
    return [*softmax(), *softmax_forward()]
