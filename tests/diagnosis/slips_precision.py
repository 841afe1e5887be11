"""Provides the corpus's rounding cases: a student who rounds every entry to 4 figures and computes
each next one from their own rounded values must be marked right at every depth (issue 9, 1).

Sources: course problem 7 (f1 of order 10^24, where rounding the exponent's argument moves the
value by more than the tolerance), course problems 8 and 3; WeBWorK's relative tolerance 0.1%.
"""

from __future__ import annotations

import math

from cases import PACKS, Case, Collector, sig, sigmoid

ISSUE = "issue 9, section 1 (rounding at every step)"


def vector_values() -> list[Case]:
    """Each of v1 ... v10 computed from the student's own 4-figure entries."""
    fwd = Collector("forward-ad")
    ref = "autodiff/vector-values"
    own: dict[str, str] = {"value:v1": sig(math.exp(1)), "value:v2": "4"}
    own["value:v3"] = sig(math.exp(4))
    own["value:v4"] = sig(float(own["value:v1"]) + float(own["value:v3"]))
    v4 = float(own["value:v4"])
    own["value:v5"] = sig(math.exp(v4))
    own["value:v6"] = sig(math.sin(v4))
    own["value:v7"] = sig(float(own["value:v5"]) + float(own["value:v6"]))
    own["value:v8"] = "2"
    own["value:v9"] = sig(sigmoid(1))
    own["value:v10"] = sig(2 + float(own["value:v9"]))
    for node in ("v5", "v6", "v7", "v10"):
        blank = f"value:{node}"
        fwd.add(
            f"round4-{node}",
            ref,
            blank,
            own[blank],
            f"{node} from their own 4-figure entries (v4 = {own['value:v4']})",
            verdict="correct",
            entries=own,
            source=ISSUE,
            tags=["follow-through", "precision"],
        )
    return fwd.cases


def variant_tangents() -> list[Case]:
    """Tangents seeded on w2 at (1, 2), each from the student's own 4-figure entries."""
    fwd = Collector("forward-ad")
    ref = "autodiff/variant-forward"
    v1, v2, v3 = sig(math.cos(1)), sig(math.cos(2)), sig(sigmoid(2))
    own = {
        "value:v1": v1,
        "value:v2": v2,
        "value:v3": v3,
        "tangent:w2:v-1": "0",
        "tangent:w2:v0": "1",
        "tangent:w2:v1": "0",
    }
    own["tangent:w2:v2"] = sig(-math.sin(2))
    s = float(v3)
    own["tangent:w2:v3"] = sig(s * (1 - s))
    own["tangent:w2:v4"] = sig(float(v1) * float(own["tangent:w2:v2"]))
    own["tangent:w2:v5"] = sig(float(own["tangent:w2:v4"]) + float(own["tangent:w2:v3"]))
    for node in ("v4", "v5"):
        blank = f"tangent:w2:{node}"
        fwd.add(
            f"round4-tangent-{node}",
            ref,
            blank,
            own[blank],
            f"∂{node}/∂w2 from their own 4-figure entries",
            verdict="correct",
            entries=own,
            source=ISSUE,
            tags=["follow-through", "precision"],
        )
    fwd.add(
        "round2-tangent-v5",
        "autodiff/variant-forward",
        "tangent:w2:v5",
        "-0.39",
        "rounded ∂f1/∂w2 to two figures",
        ["too-imprecise"],
        own,
        source=ISSUE,
    )
    return fwd.cases


def iterates() -> list[Case]:
    """GD with α = 2.5 on ½(w - 100)², iterates only, each rounded to 4 figures."""
    gd = Collector("gradient-descent")
    ref = "optimizers/step-size-2-5"
    own: dict[str, str] = {}
    w = 0.0
    for t in range(1, 6):
        w = float(sig(w - 2.5 * (w - 100), 4))
        own[f"iterate:{t}"] = sig(w, 4)
    gd.add(
        "round4-iterate-5",
        ref,
        "iterate:5",
        own["iterate:5"],
        "4-figure iterates, each from the one before",
        verdict="correct",
        entries=own,
        source=ISSUE,
        tags=["follow-through", "precision"],
    )
    gd.add(
        "round-vector-early",
        "optimizers/min-norm-adagrad",
        "iterate:2",
        "[0.62, 0.62]",
        "rounded AdaGrad's second iterate to 2 figures",
        ["too-imprecise"],
        {
            "gradient:0": "[-8, -4]",
            "accum:1": "[64, 16]",
            "iterate:1": "[0.5, 0.5]",
            "gradient:1": "[-2, -1]",
            "accum:2": "[68, 17]",
        },
        source=ISSUE,
    )
    return gd.cases


def matched_like_answers() -> list[Case]:
    """A mistake is matched with the precision rules of a right answer (issue 9, section 2)."""
    rev = Collector("reverse-ad")
    ref = "autodiff/variant-reverse"  # v8 = ln(v6) = ln 3, ∂f2/∂v8 = 1
    rev.add(
        "ln3-rounded-for-adjoint",
        ref,
        "adjoint:f2:v8",
        sig(math.log(3), 5),
        "wrote v8's value ln 3 = 1.0986 for its adjoint 1",
        ["value-for-derivative"],
        {"value:v6": "3", "value:v8": sig(math.log(3), 5), "adjoint:f2:v10": "1"},
        source="issue 9, section 2",
    )
    return rev.cases


def step_truth() -> list[Case]:
    """L = ½(0.6·u·v)² from (u, v) = (100, 1), η = 2e-5: the weights dwarf the step (issue 9, 3).

    g = (0.36·u·v², 0.36·u²·v) = (36, 3600); w(1) = (100 - 0.00072, 1 - 0.072).
    """
    gd = Collector("gradient-descent")
    ref = f"{PACKS}/optim-slips.toml#two-layer-linear"
    lr, u, v = 2e-5, 100.0, 1.0
    v1 = v - lr * 0.36 * u * u * v
    stale = u - lr * 0.36 * u * v1 * v1  # hidden gradient from the already-updated v
    gd.add(
        "hidden-from-updated-output",
        ref,
        "iterate:1",
        f"[{stale:.7g}, {v1:.4g}]",
        "took u's gradient with the already-updated v: the step on u is 14% short",
        ["gradient-after-update", "stale-weights", "stale-gradient"],
        source="issue 9, section 3",
    )
    small = u - 0.6 * lr * 0.36 * u * v * v
    gd.add(
        "hidden-step-short",
        ref,
        "iterate:1",
        f"[{small:.7g}, {v1:.4g}]",
        "used 0.6 for 0.6² in u's gradient: the step on u is 40% short",
        ["constant-factor", "missing-chain-factor"],
        source="issue 9, section 3",
    )
    gd.add(
        "hidden-step-right",
        ref,
        "iterate:1",
        f"[{u - lr * 36:.7g}, {v1:.4g}]",
        "the step, 7 figures",
        verdict="correct",
        source="issue 9, section 3",
    )
    return gd.cases


def cases() -> list[Case]:
    return [
        *vector_values(),
        *variant_tangents(),
        *iterates(),
        *matched_like_answers(),
        *step_truth(),
    ]
