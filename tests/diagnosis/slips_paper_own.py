"""Provides the corpus's slips on graphs the student drew and named: node names such as a ... f
(with `e` among them) or v_1, repeated nodes and no node of its own for 2·w2, values rounded to
3 decimals, blanks skipped, and mistakes that must still be named on the student's own nodes.

Course problems 7-9 ask the student to draw the graph (COURSE-PROBLEMS.md, "The student's own
graph"); issue 9 reports that follow-through broke when students named their own nodes. Wrong
entries are computed here in plain Python from the student's own entries.
"""

from __future__ import annotations

import math

from cases import Case, Collector, sigmoid
from slips_paper_graphs import SKIP, dec

OWN = "COURSE-PROBLEMS.md, the student's own graph (course problems 7-9); issue 9: own names"
SURVEY = "\n".join(["a = ln(x1)", "b = x1*x2", "d = a + b", "e = sin(x2)", "f = d - e"])
SURVEY_UNDERSCORE = "\n".join(
    ["v_1 = ln(x1)", "v_2 = x1*x2", "v_3 = sin(x2)", "v_4 = v_1 + v_2", "f = v_4 - v_3"]
)
VECTOR = "\n".join(
    [
        "w3 = exp(w1)",
        "w4 = exp(2*w2)",
        "w5 = w3 + w4",
        "w6 = exp(w5)",
        "w7 = exp(w1)",
        "w8 = exp(2*w2)",
        "w9 = w7 + w8",
        "w10 = sin(w9)",
        "f1 = w6 + w10",
        "c = w1*w2",
        "d = σ(w1)",
        "f2 = c + d",
    ]
)
VARIANT = "\n".join(
    [
        "c = cos(w1)",
        "d = cos(w2)",
        "e = c*d",
        "g = σ(w2)",
        "f1 = e + g",
        "h = w1 + w2",
        "k = ln(h)",
        "m = w1^2",
        "n = m*w2",
        "f2 = k + n",
    ]
)


def survey() -> list[Case]:
    """ln(x1) + x1·x2 - sin(x2) at (2, 5), seeded on x1, on nodes a, b, d, e, f."""
    fwd = Collector("forward-ad")
    ref = "autodiff/survey-own-graph"
    a, e = math.log(2), math.sin(5)
    vals = {"graph": SURVEY, "value:a": dec(a, 3), "value:b": "10", "value:e": dec(e, 3)}
    fwd.add(
        "own-survey-d-skipped",
        ref,
        "value:f",
        dec(float(vals["value:a"]) + 10 - float(vals["value:e"]), 3),
        "named the sin node e, skipped d, wrote f = a + b - e from their own 3-decimal values",
        verdict="correct",
        entries=vals,
        source=OWN,
        tags=["follow-through", "own-graph"],
    )
    fwd.add(
        "own-survey-sub-as-add",
        ref,
        "value:f",
        dec(float(vals["value:a"]) + 10 + float(vals["value:e"]), 3),
        "f = d - e computed as d + e with their own e = -0.959",
        ["sub-as-add", "sign-flip", "sub-sign"],
        {**vals, "value:d": dec(a + 10, 3)},
        source=OWN,
        tags=["own-graph"],
    )
    seeds = {**vals, "tangent:x1:x1": "1", "tangent:x1:x2": "0"}
    fwd.add(
        "own-survey-ln-at-output",
        ref,
        "tangent:x1:a",
        dec(1 / float(vals["value:a"]), 3),
        "ȧ = 1/a = 1/0.693: d ln u taken at ln's output",
        ["partial-at-output"],
        seeds,
        source=OWN,
        tags=["own-graph"],
    )
    fwd.add(
        "own-survey-dropped-seed",
        ref,
        "tangent:x1:b",
        "7",
        "ḃ = ẋ1·x2 + x1·ẋ2 with both seeds 1 (seed blanks left empty): 5 + 2",
        ["dropped-seed"],
        vals,
        source=OWN,
        tags=["own-graph"],
    )
    fwd.add(
        "own-survey-tangents-skipped",
        ref,
        "tangent:x1:f",
        "5.5",
        "skipped every tangent but ḟ = 1/2 + 5",
        verdict="correct",
        entries=vals,
        source=SKIP,
        tags=["follow-through", "own-graph"],
    )
    under = {"graph": SURVEY_UNDERSCORE, "value:v_1": dec(math.log10(2), 3), "value:v_2": "10"}
    fwd.add(
        "own-survey-underscore-carry-log10",
        ref,
        "value:v_4",
        dec(float(under["value:v_1"]) + 10, 3),
        "v_4 = v_1 + v_2 from their own v_1 = log10 2 = 0.301 (an earlier slip)",
        verdict="consistent",
        entries=under,
        source=OWN,
        tags=["follow-through", "own-graph"],
        blamed=["value:v_1"],
    )
    return fwd.cases


BAYDIN = "\n".join(
    ["v1 = ln(x1)", "v2 = x1*x2", "v3 = sin(x2)", "v4 = v1 + v2", "v5 = v4 - v3", "y = v5"]
)


def survey_baydin_names() -> list[Case]:
    """The survey's example on the survey's own names, ending in v5 (or y = v5), not f."""
    fwd = Collector("forward-ad")
    ref = "autodiff/survey-own-graph"
    last_v5 = BAYDIN.rsplit("\n", 1)[0]
    vals = {"value:v1": "0.693", "value:v2": "10", "value:v3": "-0.959"}
    fwd.add(
        "own-baydin-v5-value",
        ref,
        "value:v5",
        dec(0.693 + 10 + 0.959, 3),
        "a graph ending in v5 (no line named f), v5 = v4 - v3 with v4 skipped",
        verdict="correct",
        entries={"graph": last_v5, **vals},
        source=OWN + "; Baydin et al. (2018), Table 2 names",
        tags=["follow-through", "own-graph"],
    )
    fwd.add(
        "own-baydin-y-tangent-at-output",
        ref,
        "tangent:x1:v1",
        dec(1 / 0.693, 3),
        "a graph ending in y = v5; v̇1 = 1/v1: d ln u taken at ln's output",
        ["partial-at-output"],
        {"graph": BAYDIN, **vals, "tangent:x1:x1": "1"},
        source=OWN + "; Baydin et al. (2018), Table 2 names",
        tags=["own-graph"],
    )
    fwd.add(
        "own-baydin-y-tangent-carried",
        ref,
        "tangent:x1:y",
        "5.5",
        "ẏ = v̇5 = 5.5 on their own alias line y = v5, the tangents before it skipped",
        verdict="correct",
        entries={"graph": BAYDIN, **vals},
        source=OWN,
        tags=["follow-through", "own-graph"],
    )
    survey_names = "\n".join(
        ["v-1 = x1", "v0 = x2", BAYDIN.replace("x1", "v-1").replace("x2", "v0")]
    )
    fwd.add(
        "own-baydin-negative-index-dropped-seed",
        ref,
        "tangent:x1:v2",
        "7",
        "copied the survey's trace (v-1 = x1, v0 = x2, ..., y = v5) and seeded both inputs: "
        "v̇2 = v̇-1·v0 + v-1·v̇0 = 5 + 2",
        ["dropped-seed"],
        {"graph": survey_names, **vals},
        source=OWN + "; Baydin et al. (2018), Table 2 names v-1, v0",
        tags=["own-graph"],
    )
    fwd.add(
        "own-baydin-negative-index-carried",
        ref,
        "tangent:x1:v4",
        "5.5",
        "on the survey's names, v̇4 = v̇1 + v̇2 = 0.5 + 5 with v̇1 and v̇2 skipped",
        verdict="correct",
        entries={"graph": survey_names, **vals},
        source=OWN + "; Baydin et al. (2018), Table 2 names v-1, v0",
        tags=["follow-through", "own-graph"],
    )
    typeset = "v₋₁ = x₁; v₀ = x₂; v₁ = ln v₋₁; v₂ = v₋₁·v₀; v₃ = sin v₀; v₄ = v₁ + v₂; v₅ = v₄ − v₃"
    fwd.add(
        "own-baydin-typeset-ln-at-output",
        ref,
        "tangent:x1:v1",
        dec(1 / 0.693, 3),
        "the survey's trace copied as typeset (v₋₁, ln v₋₁ without brackets); v̇1 = 1/v1",
        ["partial-at-output"],
        {"graph": typeset, **vals, "tangent:x1:vm1": "1"},
        source=OWN + "; Baydin et al. (2018), Table 2 as typeset",
        tags=["own-graph"],
    )
    return fwd.cases


def vector() -> list[Case]:
    """Course problem 7 at (1, 2) on nodes w3 ... w10 (repeated nodes), c, d."""
    rev = Collector("reverse-ad")
    ref = "autodiff/vector-own-graph"
    s = sigmoid(1)
    vals = {"graph": VECTOR, "value:c": "2", "value:d": dec(s, 3)}
    up = {**vals, "adjoint:f2:f2": "1", "adjoint:f2:c": "1", "adjoint:f2:d": "1"}
    rev.add(
        "own-vector-sigma-prime-sigma",
        ref,
        "adjoint:f2:w1",
        dec(2 + float(vals["value:d"]), 3),
        "w̄1 = c̄·w2 + d̄·σ(w1): σ' taken as σ on their node d",
        ["sigmoid-derivative"],
        up,
        source=OWN,
        tags=["own-graph"],
    )
    rev.add(
        "own-vector-c-d-skipped",
        ref,
        "adjoint:f2:w1",
        dec(2 + s * (1 - s), 3),
        "skipped c̄ and d̄, wrote w̄1 = w2 + σ(1)(1 - σ(1))",
        verdict="correct",
        entries=vals,
        source=SKIP,
        tags=["follow-through", "own-graph"],
    )
    w9 = math.e + math.exp(4)
    rev.add(
        "own-vector-w9-degrees",
        ref,
        "adjoint:f1:w9",
        dec(math.cos(math.radians(w9)), 3),
        "w̄9 = cos(w9) with the calculator in degrees: cos(57.32°)",
        ["degrees"],
        {"graph": VECTOR, "value:w9": dec(w9, 2), "adjoint:f1:f1": "1", "adjoint:f1:w10": "1"},
        source=OWN,
        tags=["own-graph"],
    )
    return rev.cases


def variant() -> list[Case]:
    """Course problem 8 at (1, 2), forward mode, on nodes c, d, e (a node named e), g, ..."""
    fwd = Collector("forward-ad")
    ref = "autodiff/variant-own-graph"
    c, d = math.cos(1), math.cos(2)
    vals = {"graph": VARIANT, "value:c": dec(c, 3), "value:d": dec(d, 3)}
    fwd.add(
        "own-variant-node-e-value",
        ref,
        "value:e",
        dec(float(vals["value:c"]) * float(vals["value:d"]), 3),
        "named the product node e (as in a, b, c, d, e): e = c·d from their own values",
        verdict="correct",
        entries=vals,
        source=OWN,
        tags=["follow-through", "own-graph"],
    )
    seeded = {**vals, "tangent:w2:w1": "0", "tangent:w2:w2": "1", "tangent:w2:c": "0"}
    seeded["tangent:w2:d"] = dec(-math.sin(2), 3)
    fwd.add(
        "own-variant-node-e-tangent",
        ref,
        "tangent:w2:e",
        dec(float(vals["value:c"]) * float(seeded["tangent:w2:d"]), 3),
        "ė = c·ḋ on their node e, from their own 3-decimal values",
        verdict="correct",
        entries=seeded,
        source=OWN,
        tags=["follow-through", "own-graph"],
    )
    fwd.add(
        "own-variant-cos-plus",
        ref,
        "tangent:w2:d",
        dec(math.sin(2), 3),
        "ḋ = +sin(w2): d cos taken as +sin on their node d",
        ["cos-derivative", "sign-flip"],
        {**vals, "tangent:w2:w2": "1"},
        source=OWN,
        tags=["own-graph"],
    )
    return fwd.cases


def cases() -> list[Case]:
    return [*survey(), *survey_baydin_names(), *vector(), *variant()]
