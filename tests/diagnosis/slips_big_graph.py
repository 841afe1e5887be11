"""Provides the corpus's slips on the graph of course problem 7 (CS7643 Problem Set 1): f1 of order
10^24 at (1, 2), where a dropped term can vanish below the tolerance, and f2 = w1·w2 + σ(w1).
"""

from __future__ import annotations

import math

from cases import Case, Collector, sig, sigmoid

CS7643 = "CS7643 Problem Set 1 (course problems 7-8)"


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


def cases() -> list[Case]:
    return vector()
