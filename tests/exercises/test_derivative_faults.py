"""Generated faults of the `derivative` kind: what the student did, in their own symbols."""

from __future__ import annotations

from exercises.kinds.derivative import build
from exercises.model import Instance, Worksheet


def sheet(function: str, wrt: str = "x") -> Worksheet:
    fields = {"function": function, "wrt": wrt}
    return build(Instance("t/d", "derivative", 0, "t", fields))


def mistakes(ws: Worksheet, entry: str) -> tuple[str, ...]:
    verdict = ws.check("derivative", entry, {})
    assert verdict.status == "incorrect", verdict
    return verdict.mistakes


def test_quotient_rule_without_the_square() -> None:
    """d/dx 1/(1 + e^(-x)) = e^(-x)/(1 + e^(-x))²; the student did not square the bottom."""
    ws = sheet("1/(1 + e^(-x))")
    assert ws.check("derivative", "e^(-x)/(1 + e^(-x))^2", {}).status == "correct"
    assert "quotient-rule" in mistakes(ws, "e^(-x)/(1 + e^(-x))")


def test_tanh_derivative_without_the_square() -> None:
    assert mistakes(sheet("tanh(x)"), "1 - tanh(x)")[0] == "tanh-derivative"


def test_one_term_of_a_sum_dropped_negated_or_halved() -> None:
    """d/dw [3w + 2(w - 1)²] = 3 + 4(w - 1). The student dropped the 3, flipped the second
    term's sign, or forgot the 2 brought down by the square."""
    ws = sheet("3*w + 2*(w - 1)^2", "w")
    assert ws.check("derivative", "3 + 4(w - 1)", {}).status == "correct"
    assert mistakes(ws, "4(w - 1)")[0] == "missing-term"
    assert "sign-flip" in mistakes(ws, "3 - 4(w - 1)")
    assert "constant-factor" in mistakes(ws, "3 + 2(w - 1)")


def test_a_symbolic_constant_factor_left_out_of_softplus() -> None:
    """d/dx (1/β)·ln(1 + e^(βx)) = σ(βx): the student brought the inner β down but dropped
    the 1/β in front (β·σ(βx)), or divided by β twice (σ(βx)/β)."""
    fields = {"function": "(1/β)*ln(1 + e^(β*x))", "wrt": "x", "domain": {"β": [0.5, 3]}}
    ws = build(Instance("t/d", "derivative", 0, "t", fields))
    assert ws.check("derivative", "σ(βx)", {}).status == "correct"
    verdict = ws.check("derivative", "β·σ(βx)", {})
    assert verdict.mistakes == ("constant-factor",)
    assert "this is β times the derivative" in verdict.message
    assert "constant-factor" in ws.check("derivative", "σ(βx)/β", {}).mistakes


def test_a_parameter_factor_is_not_offered_for_the_variable_itself() -> None:
    """x·σ(x) is not 'x times the derivative' of softplus(x): x is what is differentiated."""
    ws = sheet("ln(1 + e^x)")
    assert "constant-factor" not in ws.check("derivative", "x·σ(x)", {}).mistakes
