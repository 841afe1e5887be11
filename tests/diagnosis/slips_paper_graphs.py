"""Provides the corpus's slips on graphs as students write them on paper: every value rounded to
2 or 3 decimals and carried, blanks skipped, two mistakes compounding, sign slips of subtraction
and division, a max gate's gradient sent to both inputs, the forward value for a local derivative.

Each wrong entry is computed here, in plain Python, from the student's own (rounded) entries.
Sources are named per case: the CS231n backprop notes (gates, staged computation), Baydin et
al.'s survey (its evaluation trace), CS7643 Problem Set 1, and issue 9's account of real
written solutions (students round at every step, skip blanks, name their own nodes).
"""

from __future__ import annotations

import math

from cases import PACKS, Case, Collector, sigmoid

OPS = f"{PACKS}/autodiff-slips.toml"
CS231N = "CS231n notes, Backpropagation, Intuitions (gates, staged computation)"
CS7643 = "CS7643 Problem Set 1 (course problems 7-8), as written on paper"
PAPER = "issue 9: real written solutions round every value to 2-3 decimals and carry it"
SKIP = "issue 9: real written solutions skip a blank and fill the later ones"


def dec(x: float, places: int) -> str:
    """x rounded to `places` decimals, as a student writes it on paper (0.540 -> "0.54")."""
    text = f"{round(x, places):.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def num(text: str) -> float:
    return float(text)


def neuron_three_decimals() -> list[Case]:
    """(σ(w1·x1 + w2·x2 + b) - t)² at w = (0.5, -1), b = 0.5, x = (1, 2), t = 1 (z = -1): every
    entry to 3 decimals."""
    rev = Collector("reverse-ad")
    ref = f"{OPS}#neuron"
    own = {"value:z": "-1"}
    own["value:s"] = dec(sigmoid(-1), 3)  # 0.269
    s = num(own["value:s"])
    own["value:r"] = dec(s - 1, 3)  # -0.731
    r = num(own["value:r"])
    own["value:f"] = dec(r * r, 3)  # 0.534
    own["adjoint:f:f"] = "1"
    own["adjoint:f:r"] = dec(2 * r, 3)  # -1.462
    own["adjoint:f:s"] = own["adjoint:f:r"]
    sb = num(own["adjoint:f:s"])
    zb = sb * s * (1 - s)  # -0.28749...
    rev.add(
        "paper3-neuron-z",
        ref,
        "adjoint:f:z",
        dec(zb, 3),
        f"z̄ = s̄·s(1 - s) = {own['adjoint:f:s']}·{s}·{1 - s:.3f} = -0.28749 written -0.287: "
        "0.17% off their own value, more than the pack's 0.1%",
        ["too-imprecise"],
        own,
        source=PAPER,
        tags=["precision"],
    )
    rev.add(
        "paper4-neuron-z",
        ref,
        "adjoint:f:z",
        dec(zb, 4),
        "the same z̄ from their own 3-decimal entries, written to 4 decimals",
        verdict="correct",
        entries=own,
        source=PAPER,
        tags=["follow-through", "precision"],
    )
    rev.add(
        "paper3-neuron-z-sigma-plus",
        ref,
        "adjoint:f:z",
        dec(sb * s * (1 + s), 3),
        f"σ' taken as σ(1 + σ) with their own s = {s}: {sb}·{s}·{1 + s:.3f}",
        ["sigmoid-derivative"],
        own,
        source="CS231n notes (σ' = σ(1 - σ)); the plus is a common slip",
    )
    own_z = {**own, "adjoint:f:z": dec(zb, 3)}
    zb3 = num(own_z["adjoint:f:z"])
    rev.add(
        "paper3-neuron-w2-local-only",
        ref,
        "adjoint:f:w2",
        "2",
        "wrote ∂z/∂w2 = x2 = 2 and stopped: not times z̄",
        ["local-only"],
        own_z,
        source=CS231N,
    )
    rev.add(
        "paper3-neuron-w2-carried",
        ref,
        "adjoint:f:w2",
        dec(2 * zb3, 3),
        f"w̄2 = z̄·x2 = {zb3}·2 from their own 3-decimal z̄ (itself too imprecise)",
        verdict="consistent",
        entries=own_z,
        source=PAPER,
        tags=["follow-through", "precision"],
        blamed=["adjoint:f:z"],
    )
    wrong_s = {**own, "adjoint:f:z": dec(sb * s, 3)}  # σ' = σ slip at z̄ (-0.393)
    rev.add(
        "paper3-neuron-compound-w2-sign",
        ref,
        "adjoint:f:w2",
        dec(-2 * num(wrong_s["adjoint:f:z"]), 3),
        "z̄ = s̄·s (σ' = σ, an earlier slip), then w̄2 = z̄·x2 with the sign lost: two slips",
        ["sign-dropped", "sign-flip"],
        wrong_s,
        source=PAPER,
    )
    rev.add(
        "paper3-neuron-compound-carried",
        ref,
        "adjoint:f:b",
        wrong_s["adjoint:f:z"],
        "b̄ = z̄ carried from their own z̄ = s̄·s (the σ' = σ slip upstream)",
        verdict="consistent",
        entries=wrong_s,
        source=PAPER,
        tags=["follow-through"],
        blamed=["adjoint:f:z"],
    )
    return rev.cases


def own_output_values() -> list[Case]:
    """σ′ = σ(1 - σ) and tanh′ = 1 - tanh² worked out from the σ and tanh the student wrote,
    rounded to 2 decimals: follow-through must use their value, not the exact one."""
    rev, fwd = Collector("reverse-ad"), Collector("forward-ad")
    own = {
        "value:z": "-1",
        "value:s": "0.27",
        "value:r": "-0.73",
        "adjoint:f:f": "1",
        "adjoint:f:r": "-1.46",
        "adjoint:f:s": "-1.46",
    }
    rev.add(
        "paper2-neuron-sigma-from-own-s",
        f"{OPS}#neuron",
        "adjoint:f:z",
        dec(-1.46 * 0.27 * 0.73, 4),
        "z̄ = s̄·s(1 - s) = -1.46·0.27·0.73 with their own 2-decimal s = 0.27",
        verdict="consistent",
        entries=own,
        source=PAPER,
        tags=["follow-through", "precision"],
        blamed=["adjoint:f:s", "value:s"],
    )
    ops = {"value:c": "1", "value:d": "0.76", "tangent:x:c": "2"}
    fwd.add(
        "paper2-tanh-from-own-d",
        f"{OPS}#ops-forward",
        "tangent:x:d",
        dec((1 - 0.76**2) * 2, 4),
        "ḋ = (1 - d²)·ċ = (1 - 0.76²)·2 with their own 2-decimal d = tanh 1",
        verdict="consistent",
        entries=ops,
        source=PAPER,
        tags=["follow-through", "precision"],
        blamed=["value:d"],
    )
    fwd.add(
        "paper2-tanh-no-square-own-d",
        f"{OPS}#ops-forward",
        "tangent:x:d",
        dec((1 - 0.76) * 2, 4),
        "ḋ = (1 - d)·ċ with their own d = 0.76: the square of tanh' forgotten",
        ["tanh-derivative"],
        ops,
        source="CS231n notes; tanh' = 1 - tanh²",
    )
    return [*rev.cases, *fwd.cases]


def survey_sign_slip_carried() -> list[Case]:
    """ln(x1) + x1·x2 - sin(x2) at (2, 5): v̄3 written +1 (the subtraction's sign slip), then
    carried into v̄0 = v̄2·x1 + v̄3·cos x2; a second slip on top of it is still named."""
    rev = Collector("reverse-ad")
    ref = "autodiff/survey-reverse"
    own = {
        "adjoint:f:v5": "1",
        "adjoint:f:v4": "1",
        "adjoint:f:v3": "1",
        "adjoint:f:v2": "1",
    }
    cos5 = math.cos(5)
    rev.add(
        "paper-survey-carry-sub-sign",
        ref,
        "adjoint:f:v0",
        dec(2 + cos5, 3),
        "v̄0 = v̄2·x1 + v̄3·cos 5 = 2 + 0.284 from their own v̄3 = +1 (the sign slip upstream)",
        verdict="consistent",
        entries=own,
        source=CS231N + "; issue 9: follow-through across an earlier slip",
        tags=["follow-through"],
        blamed=["adjoint:f:v3"],
    )
    rev.add(
        "paper-survey-carry-sub-sign-then-path",
        ref,
        "adjoint:f:v0",
        dec(cos5, 4),
        "from their own v̄3 = +1, and then dropped the v2 path: v̄0 = v̄3·cos 5 only",
        ["missing-path"],
        own,
        source=CS231N,
    )
    return rev.cases


def variant_two_decimals() -> list[Case]:
    """f1 = cos w1·cos w2 + σ(w2) at (1, 2), a student who writes 2 decimals throughout."""
    rev = Collector("reverse-ad")
    ref = "autodiff/variant-reverse"
    own = {
        "value:v1": dec(math.cos(1), 2),  # 0.54
        "value:v3": dec(sigmoid(2), 2),  # 0.88
        "adjoint:f1:v5": "1",
        "adjoint:f1:v4": "1",
        "adjoint:f1:v3": "1",
    }
    v1 = num(own["value:v1"])
    own["adjoint:f1:v2"] = own["value:v1"]
    rev.add(
        "paper2-variant-v2-bar",
        ref,
        "adjoint:f1:v2",
        own["value:v1"],
        "v̄2 = v̄4·v1 = 0.54 (2 decimals of cos 1 = 0.5403)",
        verdict="correct",
        entries=own,
        source=PAPER,
        tags=["precision"],
    )
    sin2 = num(dec(math.sin(2), 2))  # 0.91
    s3 = num(own["value:v3"])
    # cos' taken as +sin on the cos(w2) path, from their own 2-decimal numbers: 0.4914 + 0.1056
    rev.add(
        "paper2-variant-cos-plus",
        ref,
        "adjoint:f1:v0",
        dec(v1 * sin2 + s3 * (1 - s3), 3),
        f"took d cos u = +sin u: {v1}·{sin2} + {s3}·{1 - s3:.2f}, all to 2 decimals",
        ["cos-derivative", "sign-flip"],
        own,
        source=CS7643,
    )
    vals2 = {"value:v1": "0.54", "value:v2": "-0.42", "value:v3": "0.88"}
    rev.add(
        "paper2-variant-v4-own-rounded",
        ref,
        "value:v4",
        dec(0.54 * -0.42, 2),
        "v4 = 0.54·(-0.42) = -0.2268 from their own 2-decimal values, written -0.23 (1.4% off it)",
        ["too-imprecise"],
        vals2,
        source=PAPER,
        tags=["precision"],
    )
    rev.add(
        "paper2-variant-v5-carried",
        ref,
        "value:v5",
        dec(-0.2268 + 0.88, 4),
        "v5 = v4 + v3 from their own v4 = -0.2268 (0.9% off the key) and 0.88",
        verdict="consistent",
        entries={**vals2, "value:v4": "-0.2268"},
        source=PAPER,
        tags=["follow-through", "precision"],
        blamed=["value:v4"],
    )
    own_f2 = {
        "value:v6": "3",
        "value:v7": "1",
        "value:v8": "1.1",
        "adjoint:f2:v10": "1",
        "adjoint:f2:v9": "1",
        "adjoint:f2:v8": "1",
        "adjoint:f2:v7": "2",
        "adjoint:f2:v6": "0.333",
    }
    rev.add(
        "paper3-variant-f2-w1-missing-ln",
        ref,
        "adjoint:f2:v-1",
        "4",
        "w̄1 = v̄7·2w1 = 4 only: the ln(w1 + w2) path (v̄6 = 0.333) dropped",
        ["missing-path"],
        own_f2,
        source=CS7643,
    )
    rev.add(
        "paper3-variant-f2-w1-carried",
        ref,
        "adjoint:f2:v-1",
        "4.333",
        "w̄1 = 0.333 + 4 from their own 3-decimal v̄6",
        verdict="correct",
        entries=own_f2,
        source=PAPER,
        tags=["follow-through", "precision"],
    )
    return rev.cases


def sub_div() -> list[Case]:
    """(x - y)/(y + z) at (3, 1, 2): u = 2, w = 3, f = u/w; the signs of - and / going back."""
    rev = Collector("reverse-ad")
    ref = f"{OPS}#sub-div"
    vals = {"value:u": "2", "value:w": "3", "value:f": "0.667", "adjoint:f:f": "1"}
    ub, wb = 1 / 3, -2 / 9
    up = {**vals, "adjoint:f:u": "0.333", "adjoint:f:w": "-0.222"}
    rev.add(
        "subdiv-y-sub-sign",
        ref,
        "adjoint:f:y",
        dec(0.333 - 0.222, 3),
        "ȳ = ū·(+1) + w̄: took ∂(x - y)/∂y = +1 (0.333 - 0.222 = 0.111)",
        ["sub-sign", "sign-flip"],
        up,
        source=CS231N,
    )
    rev.add(
        "subdiv-w-quotient-sign",
        ref,
        "adjoint:f:w",
        dec(2 / 9, 3),
        "∂(u/w)/∂w taken as +u/w² = 2/9",
        ["quotient-rule", "sign-flip", "sign-dropped"],
        {**vals, "adjoint:f:u": "0.333"},
        source=CS231N,
    )
    rev.add(
        "subdiv-y-skipped-w-quotient-sign",
        ref,
        "adjoint:f:y",
        dec(-ub + 2 / 9, 3),
        "left w̄ blank and took ∂(u/w)/∂w = +u/w² on the way to y: -0.333 + 0.222",
        ["quotient-rule"],
        {**vals, "adjoint:f:u": "0.333"},
        source=SKIP,
    )
    rev.add(
        "subdiv-y-carried-quotient-sign",
        ref,
        "adjoint:f:y",
        dec(-0.333 + 0.222, 3),
        "ȳ = -ū + w̄ from their own w̄ = +0.222 (the quotient slip upstream)",
        verdict="consistent",
        entries={**up, "adjoint:f:w": "0.222"},
        source=PAPER,
        tags=["follow-through"],
        blamed=["adjoint:f:w"],
    )
    rev.add(
        "subdiv-u-value",
        ref,
        "adjoint:f:u",
        "0.667",
        "wrote f's value u/w for ∂f/∂u = 1/w",
        ["other-node", "value-for-derivative"],
        vals,
        source=CS231N,
    )
    rev.add(
        "subdiv-z-skipped-all",
        ref,
        "adjoint:f:z",
        dec(wb, 3),
        "left every other adjoint blank, gave z̄ = -u/w² directly",
        verdict="correct",
        entries=vals,
        source=SKIP,
        tags=["follow-through"],
    )
    return rev.cases


def cases() -> list[Case]:
    return [
        *neuron_three_decimals(),
        *survey_sign_slip_carried(),
        *own_output_values(),
        *variant_two_decimals(),
        *sub_div(),
    ]
