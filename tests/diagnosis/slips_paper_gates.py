"""Provides the corpus's slips on a max gate (its gradient sent to both inputs, as an add gate
would) and on ln and sin in forward mode (the forward value taken for the local derivative,
degrees, log10), with blanks skipped and values rounded as on paper.
"""

from __future__ import annotations

import math

from cases import Case, Collector
from slips_paper_graphs import CS231N, OPS, PAPER, SKIP, dec, num


def max_gate() -> list[Case]:
    """max(x, y)·z at (2, -1, 3): m = 2, the max gate routes m̄ = 3 to x only."""
    rev = Collector("reverse-ad")
    ref = f"{OPS}#max-gate"
    up = {"value:m": "2", "value:f": "6", "adjoint:f:f": "1", "adjoint:f:m": "3"}
    rev.add(
        "max-both-inputs",
        ref,
        "adjoint:f:y",
        "3",
        "sent m̄ = 3 to both inputs of the max gate, as an add gate would",
        ["max-routes-all"],
        up,
        source=CS231N + ": 'the max gate routes the gradient' to the larger input only",
    )
    rev.add(
        "max-both-inputs-skipped",
        ref,
        "jacobian:f:y",
        "3",
        "gave only the Jacobian: ∂f/∂y = z = 3, as if max passed the gradient to y too",
        ["max-routes-all"],
        {"value:m": "2"},
        source=CS231N,
    )
    rev.add(
        "max-right-x",
        ref,
        "adjoint:f:x",
        "3",
        "x = 2 is the larger input: it gets m̄ = 3",
        verdict="correct",
        entries=up,
        source=CS231N,
    )
    return rev.cases


def ln_sin_forward() -> list[Case]:
    """ln(x)·sin(y) at (4, 0.5), tangents seeded on x and on y."""
    fwd = Collector("forward-ad")
    ref = f"{OPS}#ln-sin"
    a, b = math.log(4), math.sin(0.5)
    vals = {"value:a": dec(a, 3), "value:b": dec(b, 3), "value:f": dec(a * b, 3)}
    fwd.add(
        "lnsin-value-for-local-ln",
        ref,
        "tangent:x:a",
        vals["value:a"],
        "took d ln x as ln x itself (the forward value 1.386, not 1/x = 0.25)",
        ["value-as-partial", "value-for-derivative", "other-node"],
        {**vals, "tangent:x:x": "1"},
        source="Baydin et al. (2018), Table 2: the tangent trace uses 1/x, not ln x",
    )
    fwd.add(
        "lnsin-value-for-local-sin",
        ref,
        "tangent:y:b",
        vals["value:b"],
        "took d sin y as sin y (the forward value 0.479, not cos y = 0.878)",
        ["value-as-partial", "value-for-derivative", "other-node"],
        {**vals, "tangent:y:y": "1"},
        source="Baydin et al. (2018), Table 2",
    )
    fwd.add(
        "lnsin-degrees-tangent",
        ref,
        "tangent:y:b",
        dec(math.cos(math.radians(0.5)), 4),
        "calculator in degrees: cos(0.5°) = 0.99996",
        ["degrees"],
        {**vals, "tangent:y:y": "1"},
        source="issue 9: degrees for radians on paper",
    )
    fwd.add(
        "lnsin-log10-value",
        ref,
        "value:a",
        dec(math.log10(4), 3),
        "pressed log (base 10): log10 4 = 0.602",
        ["log10"],
        {},
        source="issue 9: ln versus log10",
    )
    fwd.add(
        "lnsin-f-tangent-product-one-term",
        ref,
        "tangent:y:f",
        dec(num(vals["value:a"]) * 0.878, 3),
        "ḟ = a·ḃ only: the ȧ·b term (0 here) happens to vanish, so this is right",
        verdict="correct",
        entries={**vals, "tangent:y:a": "0", "tangent:y:b": "0.878"},
        source=PAPER,
        tags=["follow-through", "precision"],
    )
    fwd.add(
        "lnsin-skipped-then-f",
        ref,
        "tangent:x:f",
        dec(0.25 * num(vals["value:b"]), 4),
        "skipped ȧ and ḃ, wrote ḟ = (1/x)·sin y = 0.25·0.479 = 0.1198",
        verdict="correct",
        entries=vals,
        source=SKIP,
        tags=["follow-through"],
    )
    return fwd.cases


def reverse_value_as_partial() -> list[Case]:
    """Going back through sin and tanh with the node's own value for its local derivative."""
    rev = Collector("reverse-ad")
    own = {
        "adjoint:f:v5": "1",
        "adjoint:f:v4": "1",
        "adjoint:f:v3": "-1",
        "adjoint:f:v2": "1",
    }
    rev.add(
        "survey-sin-value-as-partial",
        "autodiff/survey-reverse",
        "adjoint:f:v0",
        dec(2 - math.sin(5), 3),
        "v̄0 = v̄2·x1 + v̄3·sin(x2): took d sin u/du as sin u itself (2 + 0.959)",
        ["value-as-partial"],
        own,
        source="Baydin et al. (2018), Table 3 (the adjoint trace uses cos x2)",
    )
    x, y = 0.5, 2.0
    rev.add(
        "ops-tanh-value-as-partial",
        f"{OPS}#ops-reverse",
        "adjoint:f:c",
        dec(math.tanh(x * y), 4),
        "c̄ = d̄·tanh(c): the forward value 0.7616 for tanh'(c) = 1 - tanh²(c)",
        ["value-as-partial", "value-for-derivative", "other-node"],
        {"value:c": "1", "value:d": "0.7616", "adjoint:f:f": "1", "adjoint:f:d": "1"},
        source=CS231N,
    )
    return rev.cases


def cases() -> list[Case]:
    return [*max_gate(), *ln_sin_forward(), *reverse_value_as_partial()]
