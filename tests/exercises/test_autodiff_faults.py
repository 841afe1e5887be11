"""Generated diagnosis on autodiff blanks: each test says what the student did, in their numbers.

Expected values are worked by hand (or with math on the student's own numbers), never read
from the engine.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from engine.answers import ArrayFormat, NumberFormat, Tolerance
from engine.slips import arithmetic_slips
from exercises.kinds.autodiff import build_forward, build_reverse
from exercises.kinds.chain_rule import MAX_FAULTS
from exercises.kinds.hidden_faults import MAX_HIDDEN
from exercises.model import Instance, Worksheet


def reverse(function: str, **at: float) -> Worksheet:
    fields: dict[str, Any] = {"function": function, "at": at}
    return build_reverse(Instance("t/r", "reverse-ad", 0, "t", fields))


def named(sheet: Worksheet, blank_id: str, entry: str, **others: str) -> tuple[str, ...]:
    entries = {k.replace("__", ":"): v for k, v in others.items()}
    verdict = sheet.check(blank_id, entry, entries)
    assert verdict.status == "incorrect", verdict
    return verdict.mistakes


def test_cos_derivative_taken_as_plus_sin() -> None:
    """f = cos(x) at x = 5: the student took d cos = +sin and enters sin(5) = -0.958924."""
    sheet = reverse("cos(x)", x=5)
    assert sheet.blank("adjoint:f:v0").expected == -math.sin(5)
    assert named(sheet, "adjoint:f:v0", "-0.958924")[0] == "cos-derivative"


def test_the_log_partial_taken_at_the_nodes_output() -> None:
    """f = ln(x) at x = 3: d ln u = 1/u at u = 3 is 1/3; the student used ln's output 1.0986:
    1/1.0986 = 0.910239 (typed to 4 figures, matched like a right answer)."""
    sheet = reverse("ln(x)", x=3)
    assert "partial-at-output" in named(sheet, "adjoint:f:v0", "0.9102")


def test_a_rounded_value_for_a_derivative_whose_key_is_an_integer() -> None:
    """f = ln(x) + x at x = 3: ∂f/∂v1 = 1 exactly; the student wrote v1's value ln 3 = 1.0986."""
    sheet = reverse("ln(x) + x", x=3)
    assert sheet.blank("value:v1").label == "v1 = ln(v0)"
    assert sheet.blank("adjoint:f:v1").expected == 1
    assert "value-for-derivative" in named(sheet, "adjoint:f:v1", "1.0986")


def test_sigmoid_derivative_with_a_plus() -> None:
    """f = σ(x) at x = 0.5: σ = 0.622459; σ(1 + σ) = 0.622459·1.622459 = 1.009915."""
    sheet = reverse("σ(x)", x=0.5)
    assert named(sheet, "adjoint:f:v0", "1.009915")[0] == "sigmoid-derivative"


def test_sigmoid_partial_with_the_input_in_place_of_sigma() -> None:
    """f = σ(z)·2 with z = -1 … the student wrote z(1 - z) = -1·2 = -2 for σ'(z), times 2: -4."""
    sheet = reverse("2*σ(z)", z=-1)
    assert "partial-at-input" in named(sheet, "adjoint:f:v0", "-4")


def test_power_rule_without_lowering_the_exponent() -> None:
    """f = x^3 at x = 2: 3·2² = 12; the student wrote 3·2³ = 24, or forgot the 3: 2² = 4."""
    sheet = reverse("x^3", x=2)
    assert named(sheet, "adjoint:f:v0", "24")[0] == "power-rule"
    assert named(sheet, "adjoint:f:v0", "4")[0] == "power-rule"


def test_quotient_rule_with_a_plus() -> None:
    """f = x/y at (1, 4): ∂f/∂y = -1/16; the student took +x/y² = 0.0625."""
    sheet = reverse("x/y", x=1, y=4)
    mistakes = named(sheet, "adjoint:f:v0", "0.0625")
    assert mistakes[0] == "quotient-rule" and "sign-flip" in mistakes


def test_sum_of_two_paths_taken_as_their_product() -> None:
    """f = (x + y)(y + 1) at (1, 2): ȳ = ā·1 + b̄·1 = 3 + 3 = 6; the student multiplied: 9."""
    sheet = reverse("(x + y)*(y + 1)", x=1, y=2)
    y_node = next(b for b in sheet.blanks if b.id.startswith("adjoint:f:") and b.expected == 6)
    assert "sum-as-product" in named(sheet, y_node.id, "9")


def test_derivative_times_the_nodes_value() -> None:
    """f = exp(x) at x = 2: f̄ = 1, x̄ = e² = 7.38906; the student multiplied by x = 2: 14.7781."""
    sheet = reverse("exp(x)", x=2)
    assert "times-value" in named(sheet, "adjoint:f:v0", "14.7781")


def test_another_nodes_adjoint_copied() -> None:
    """f = exp(2·w) at w = 1: v1 = 2w, v̄1 = e² = 7.38906, w̄ = 2e² = 14.7781. The student
    forgot the factor 2 and copied v̄1 = 7.38906 (they entered it above)."""
    sheet = reverse("exp(2*w)", w=1)
    mistakes = named(sheet, "adjoint:f:v0", "7.38906", adjoint__f__v1="7.38906")
    assert "other-node" in mistakes


def test_jacobian_transposed_and_sign_flipped() -> None:
    """f1 = x·y, f2 = x + 3y at (2, 5): J = [[5, 2], [1, 3]]. In the ∂f1/∂y cell the student
    wrote ∂f2/∂x = 1; in ∂f1/∂x they wrote -5."""
    fields: dict[str, Any] = {"functions": {"f1": "x*y", "f2": "x + 3*y"}, "at": {"x": 2, "y": 5}}
    sheet = build_reverse(Instance("t/j", "reverse-ad", 0, "t", fields))
    assert sheet.blank("jacobian:f1:y").expected == 2
    assert named(sheet, "jacobian:f1:y", "1")[0] == "transposed-jacobian"
    assert "sign-flip" in named(sheet, "jacobian:f1:x", "-5")


def test_a_flipped_derivative_is_named_once() -> None:
    """f1 = x·y at (2, 5): ∂f1/∂x = 5; the student wrote -5. The kind's "the sign is flipped"
    says it: the generic "the right size with the wrong sign" is not added to it."""
    fields: dict[str, Any] = {"functions": {"f1": "x*y", "f2": "x + 3*y"}, "at": {"x": 2, "y": 5}}
    sheet = build_reverse(Instance("t/j", "reverse-ad", 0, "t", fields))
    verdict = sheet.check("jacobian:f1:x", "-5", {})
    assert verdict.mistakes == ("sign-flip",)
    assert verdict.message == "the sign is flipped"


def test_forward_jacobian_entries_are_diagnosed_too() -> None:
    """Forward mode on f = x·y at (2, 5): ∂f/∂x = 5; the student wrote f's value, 10."""
    fields: dict[str, Any] = {"function": "x*y", "at": {"x": 2, "y": 5}}
    sheet = build_forward(Instance("t/f", "forward-ad", 0, "t", fields))
    assert "value-for-derivative" in named(sheet, "jacobian:f:x", "10")


def test_generic_slips_on_a_value_blank() -> None:
    """f = ln(x)·2 at x = 2: v1 = ln 2 = 0.693147. Decimal point moved: 6.931; digits: 0.6391;
    sign: -0.693147."""
    sheet = reverse("2*ln(x)", x=2)
    assert named(sheet, "value:v1", "6.931") == ("power-of-ten",)
    assert named(sheet, "value:v1", "0.6391") == ("digits-swapped",)
    assert named(sheet, "value:v1", "-0.693147") == ("sign-dropped",)


def test_generic_slips_on_a_vector() -> None:
    """The right vector is [0.8, 0.4]; the student wrote [-0.8, 0.4] and [0.8, 4]."""
    fmt = ArrayFormat((2,), Tolerance())
    sign = arithmetic_slips(fmt, (-0.8, 0.4), [(0.8, 0.4)])
    assert list(sign) == ["sign-dropped"] and "element [1]" in sign["sign-dropped"]
    assert list(arithmetic_slips(fmt, (0.8, 4.0), [(0.8, 0.4)])) == ["power-of-ten"]
    assert arithmetic_slips(fmt, (0.5, 0.4), [(0.8, 0.4)]) == {}


def test_a_wrong_guess_is_worse_than_none() -> None:
    """An entry no single fault explains says so plainly: f = x^3 at 2, the student wrote 7."""
    sheet = reverse("x^3", x=2)
    verdict = sheet.check("adjoint:f:v0", "7", {})
    assert verdict.mistakes == () and verdict.message == "not the expected value"
    assert arithmetic_slips(NumberFormat(), 7.0, [12.0]) == {}


def test_the_search_is_bounded() -> None:
    sheet = reverse("x*y + x*exp(y) + sin(x*y) + x/y", x=0.5, y=1.5)
    assert all(len(b.mistakes) <= MAX_FAULTS + MAX_HIDDEN for b in sheet.blanks)


# -- a wrong local rule hidden in blanks the student left empty -------------------------------

RELU_LAYER = "relu(w1*x + b1) + relu(w2*x + b2)"
#: x = -2, w1 = -1, b1 = 0, w2 = 2, b2 = -2: v3 = w1·x + b1 = 2 (live), v4 = w2·x + b2 = -6 (dead)
RELU_POINT = {"x": -2.0, "w1": -1.0, "b1": 0.0, "w2": 2.0, "b2": -2.0}
RELU_VALUES = {"value:v1": "2", "value:v2": "-4", "value:v3": "2", "value:v4": "-6",
               "value:v5": "2", "value:v6": "0", "value:v7": "2"}  # fmt: skip


def test_relu_taken_as_one_on_a_dead_unit_whose_blanks_were_left_empty() -> None:
    """Only values and the Jacobian entered: ∂f/∂w2 = relu'(-6)·x = 0, but with relu' = 1 on
    the dead unit the student gets x = -2."""
    sheet = reverse(RELU_LAYER, **RELU_POINT)
    assert sheet.blank("jacobian:f:w2").expected == 0
    entries = {k.replace(":", "__"): v for k, v in RELU_VALUES.items()}
    assert "relu-derivative" in named(sheet, "jacobian:f:w2", "-2", **entries)


def test_relu_on_the_dead_unit_reaches_x_through_both_paths() -> None:
    """∂f/∂x = w1·1 + w2·relu'(-6) = -1; the live path entered right (v̄3 = v̄1 = 1), the dead
    one left empty and taken with relu' = 1: -1 + 2 = 1."""
    sheet = reverse(RELU_LAYER, **RELU_POINT)
    x_node = "adjoint:f:" + sheet.visual.graph.variables["x"]
    assert sheet.blank(x_node).expected == -1
    entries = {**RELU_VALUES, "adjoint:f:v7": "1", "adjoint:f:v6": "1", "adjoint:f:v5": "1",
               "adjoint:f:v3": "1", "adjoint:f:v1": "1"}  # fmt: skip
    verdict = sheet.check(x_node, "1", entries)
    assert verdict.status == "incorrect" and "relu-derivative" in verdict.mistakes


def test_a_right_sweep_through_the_dead_unit_is_not_called_a_relu_slip() -> None:
    """The same sheet, ∂f/∂w2 entered as 1 (not -2): no fault of relu explains it."""
    sheet = reverse(RELU_LAYER, **RELU_POINT)
    verdict = sheet.check("jacobian:f:w2", "1", RELU_VALUES)
    assert "relu-derivative" not in verdict.mistakes


def test_the_neurons_sigma_prime_left_out_of_back_propagation() -> None:
    """f = (σ(w·x + b) - t)² at w = 1, x = 2, b = -1, t = 0: z = 1, s = σ(1) = 0.731059,
    s̄ = 2s = 1.462117; z̄ = s̄·s(1 - s) = 0.287580. The student went back through σ without σ′:
    z̄ = s̄, and w̄ = s̄·x = 2.924234 with the blanks between left empty."""
    s = 1 / (1 + math.exp(-1))
    sheet = reverse("(σ(w*x + b) - t)^2", w=1, x=2, b=-1, t=0)
    s_bar = next(b for b in sheet.blanks if b.label.startswith("∂f/∂") and b.expected == 2 * s)
    z_bar = next(b for b in sheet.blanks if b.expected == pytest.approx(2 * s * s * (1 - s)))
    values = {b.id: repr(b.expected) for b in sheet.blanks if b.id.startswith("value:")}
    entries = {**values, s_bar.id: "1.462117"}
    verdict = sheet.check(z_bar.id, "1.462117", entries)
    assert verdict.status == "incorrect" and verdict.mistakes[0] == "sigmoid-skipped"
    hidden = sheet.check("jacobian:f:w", "2.924234", values)
    assert hidden.status == "incorrect" and "sigmoid-skipped" in hidden.mistakes
