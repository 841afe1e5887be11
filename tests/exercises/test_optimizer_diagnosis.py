"""Grading truth and diagnosis of optimizer iterates, in the student's own numbers.

The network of `tiny-network-step` is worked by hand here: h = σ(w1), ŷ = w2·h,
L = ½(ŷ - 0.5)², so ∂L/∂w2 = r·h and ∂L/∂w1 = r·w2·h(1 - h) with r = ŷ - 0.5.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from exercises.kinds.optimizer import build
from exercises.loader import resolve_ref
from exercises.model import Instance, Verdict, Worksheet

LR = 0.3
P3 = {"objective": "(w*1 - 100)^2/2", "start": {"w": 0}, "steps": 4}
P4 = {"objective": "(2*w1 + w2 - 2)^2", "start": {"w1": 0, "w2": 0}, "steps": 2}


def sheet(**fields: Any) -> Worksheet:
    return build(Instance("test/x", "gradient-descent", 0, "test", fields))


def network() -> Worksheet:
    return resolve_ref("optimizers/tiny-network-step").instance(0)


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def backprop(w1: float, w2: float) -> tuple[float, float]:
    h = sigmoid(w1)
    r = w2 * h - 0.5
    return r * w2 * h * (1 - h), r * h


def vector(values: Any) -> str:
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def ids(verdict: Verdict) -> tuple[str, ...]:
    return verdict.mistakes


def test_the_network_key_is_backprop_by_hand() -> None:
    ws = network()
    g1, g2 = backprop(3, 1)
    assert ws.blank("gradient:0").expected == pytest.approx((g1, g2))
    assert ws.blank("iterate:1").expected == pytest.approx((3 - LR * g1, 1 - LR * g2))
    # the hidden weight moves by 0.2% of itself: a 40% slip in its step is 0.08% of w1
    assert abs(LR * g1) < 0.0025 * 3


def test_a_hidden_update_40_percent_too_small_is_wrong() -> None:
    ws = network()
    g1, g2 = backprop(3, 1)
    entry = vector((3 - 0.6 * LR * g1, 1 - LR * g2))
    assert abs(0.4 * LR * g1) < 1e-3 * 3  # within 0.1% of w1(1): a weight-relative check passes
    assert ws.check("iterate:1", entry, {}).status == "incorrect"


def test_hidden_gradient_from_the_updated_output_weight_is_wrong_and_named() -> None:
    """The student moved w2 to 1 - η·∂L/∂w2 first, then back-propagated to w1 through the
    moved w2: the hidden step comes out 25% too small."""
    ws = network()
    g1, g2 = backprop(3, 1)
    moved_w2 = 1 - LR * g2
    late_g1, _ = backprop(3, moved_w2)
    assert abs(late_g1 / g1 - 1) > 0.1
    verdict = ws.check("iterate:1", vector((3 - LR * late_g1, moved_w2)), {})
    assert verdict.status == "incorrect"
    assert "gradient-after-update" in ids(verdict)
    assert "w1" in verdict.message and "w2" in verdict.message
    gradient = ws.check("gradient:0", vector((late_g1, g2)), {})
    assert "gradient-after-update" in ids(gradient)


def test_the_revealed_iterate_is_accepted_and_six_figures_are_enough_here() -> None:
    ws = network()
    entries = {b.id: b.answer_text for b in ws.blanks}
    for blank in ws.blanks:
        assert ws.check(blank.id, entries[blank.id], entries).status == "correct", blank.id
    g1, g2 = backprop(3, 1)
    six = vector((round(3 - LR * g1, 6), round(1 - LR * g2, 6)))
    assert ws.check("iterate:1", six, {}).status == "correct"


def test_a_rounded_iterate_is_right_but_a_rounded_slip_is_not() -> None:
    """w1(1) = 2.993866 written 2.994 is the value rounded at its own last decimal; the 40% slip
    2.996321 written 2.996 is not, although both are within 0.1% of w1(1)."""
    ws = network()
    g1, g2 = backprop(3, 1)
    w2 = round(1 - LR * g2, 3)
    assert ws.check("iterate:1", vector((round(3 - LR * g1, 3), w2)), {}).status == "correct"
    slip = round(3 - 0.6 * LR * g1, 3)
    assert abs(slip / (3 - LR * g1) - 1) < 1e-3
    assert ws.check("iterate:1", vector((slip, w2)), {}).status == "incorrect"


def test_an_unmoved_weight_is_not_taken_for_a_rounded_one() -> None:
    """f = 0.001(w - 40)², w(0) = 30, η = 0.3: g(0) = -0.02, w(1) = 30.006. '30' is within
    0.1% and rounds it, but it has not moved; '30.01' is the step rounded."""
    ws = sheet(objective="0.001*(w - 40)^2", start={"w": 30}, lr=0.3, steps=1)
    assert ws.blank("iterate:1").expected == pytest.approx(30 + 0.3 * 0.02)
    assert ws.check("iterate:1", "30", {}).status == "incorrect"
    assert ws.check("iterate:1", "30.01", {}).status == "correct"
    assert ws.check("iterate:1", "30.0072", {}).status == "incorrect"  # a step 20% too large


def test_an_iterate_cut_to_three_figures_is_too_imprecise() -> None:
    ws = network()
    _, g2 = backprop(3, 1)
    verdict = ws.check("iterate:1", vector((2.99, round(1 - LR * g2, 4))), {})
    assert verdict.status == "incorrect"
    assert ids(verdict) == ("too-imprecise",)
    assert "at least 4 significant figures" in verdict.message


def test_the_next_step_from_the_students_own_rounded_iterate_is_right() -> None:
    """w(1) to 6 decimals, then w(2) = w(1) - η·∇L(w(1)) from those very digits."""
    ws = network()
    g1, g2 = backprop(3, 1)
    mine = (round(3 - LR * g1, 6), round(1 - LR * g2, 6))
    h1, h2 = backprop(*mine)
    entry = vector((mine[0] - LR * h1, mine[1] - LR * h2))
    verdict = ws.check("iterate:2", entry, {"iterate:1": vector(mine)})
    assert verdict.status == "correct"


def test_an_iterate_far_from_a_small_weight_is_judged_as_before() -> None:
    """Course problem 3, α = 0.5: w(1) = 50; 50.04 is within 0.1% of the step 50 as well."""
    ws = sheet(**P3, lr=0.5)
    assert ws.check("iterate:1", "50.04", {}).status == "correct"
    assert ws.check("iterate:1", "50.1", {}).status == "incorrect"


# method slips -------------------------------------------------------------------------------


def test_adam_first_moment_without_its_one_minus_beta_weight() -> None:
    """m(1) = β1·0 + (1 - β1)·g(0) = 0.1·(-8, -4); without the weight: (-8, -4)."""
    ws = sheet(**P4, lr=0.1, method="adam")
    verdict = ws.check("m:1", "[-8, -4]", {})
    assert ids(verdict)[0] == "no-beta-factor"
    assert "(1 - β1)" in verdict.message


def test_a_moving_average_without_its_weight_from_the_students_own_m() -> None:
    """The student's m(1) = (-0.8, -0.4), g(1) = (4, 2): m(2) = 0.9·m(1) + g(1) = (3.28, 1.64)."""
    ws = sheet(**P4, lr=0.1, method="adam")
    entries = {"m:1": "[-0.8, -0.4]", "gradient:1": "[4, 2]"}
    verdict = ws.check("m:2", "[3.28, 1.64]", entries)
    assert ids(verdict)[0] == "no-beta-factor"


@pytest.mark.parametrize("method", ["rmsprop", "adam"])
def test_a_squared_average_without_its_weight(method: str) -> None:
    """v(1) = (1 - β)·g(0)² with g(0) = (-8, -4); without (1 - β): (64, 16)."""
    ws = sheet(**P4, lr=0.1, method=method)
    assert ids(ws.check("v:1", "[64, 16]", {}))[0] == "no-beta-factor"


def test_eta_left_out_and_stale_gradient_can_give_the_same_iterate() -> None:
    """α = 0.5: w(1) = 50, g(1) = -50, g(0) = -100. w(1) - g(1) = 100 = w(1) - α·g(0)."""
    ws = sheet(**P3, lr=0.5)
    verdict = ws.check("iterate:2", "100", {"gradient:1": "-50"})
    assert ids(verdict) == ("lr-missing", "stale-gradient")
    assert verdict.message.startswith("either")
    assert "g(1) = -50" in verdict.message  # the stale gradient, by its value


def test_sigmoid_helper_is_the_logistic_function() -> None:
    assert sigmoid(0) == 0.5 and np.isclose(sigmoid(3), 1 / (1 + np.exp(-3)))


# more method slips, each worked by hand --------------------------------------------------------

SLIPS = [
    # (what the student did, fields, blank, entry, extra entries, id)
    (
        "AdaGrad divided by G(1) = (64, 16), not its root: 0.1·(8, 4)/(64, 16)",
        {**P4, "lr": 0.1, "method": "adagrad"},
        "iterate:1",
        "[0.0125, 0.025]",
        {},
        "no-sqrt",
    ),
    (
        "G(2) = g(1)² = (9, 1) alone, without G(1) = (64, 16)",
        {**P4, "lr": 0.1, "method": "adagrad"},
        "accum:2",
        "[9, 1]",
        {"gradient:1": "[3, 1]"},
        "no-accumulation",
    ),
    (
        "w(2) = w(1) - η·g(1)/√G(1) with the student's w(1) = (0.1, 0.1), g(1) = (-3, -1)",
        {**P4, "lr": 0.1, "method": "adagrad"},
        "iterate:2",
        vector(np.array([0.1, 0.1]) + 0.1 * np.array([3, 1]) / np.sqrt([64, 16])),
        {"iterate:1": "[0.1, 0.1]", "gradient:1": "[-3, -1]"},
        "stale-accumulator",
    ),
    ("w(1) = 0 - (1/0.5)·(-100) = 200", {**P3, "lr": 0.5}, "iterate:1", "200", {}, "lr-inverted"),
    (
        "v(2) = v(1) + g(1) = -100 - 50: μ = 0.9 left out",
        {**P3, "lr": 0.5, "method": "momentum"},
        "velocity:2",
        "-150",
        {},
        "no-momentum-factor",
    ),
    (
        "v(2) = 0.9·(-100) + 0.1·(-50) = -95, Adam's average for PyTorch's buffer",
        {**P3, "lr": 0.5, "method": "momentum"},
        "velocity:2",
        "-95",
        {},
        "momentum-convention",
    ),
    (
        "w(2) = w(1) - η·g(1) = 50 + 25 = 75: the velocity ignored",
        {**P3, "lr": 0.5, "method": "momentum"},
        "iterate:2",
        "75",
        {},
        "no-momentum",
    ),
    (
        "v(1) = 0.99·g(0)² = 0.99·(64, 16): α and 1 - α swapped",
        {**P4, "lr": 0.1, "method": "rmsprop"},
        "v:1",
        vector(0.99 * np.array([64, 16])),
        {},
        "beta-swapped",
    ),
    (
        "∇f at (2, 1) without the cross term w1·w2: (2·(2 - 1), 4·(1 + 1)) = (2, 8)",
        {"objective": "(w1 - 1)^2 + 2*(w2 + 1)^2 + w1*w2", "start": {"w1": 2, "w2": 1},
         "lr": 0.25, "steps": 1},
        "gradient:0",
        "[2, 8]",
        {},
        "missing-term",
    ),
    (
        "f(w(1)) = (50 - 100)² = 2500: the ½ dropped",
        {**P3, "lr": 0.5, "ask_loss": True},
        "loss:1",
        "2500",
        {},
        "constant-factor",
    ),
    (
        "SGD on f₁ stepped with the whole gradient (0 - 2) + (0 + 1) = -1: w = 0.5",
        {"terms": ["(w - 2)^2/2", "(w + 1)^2/2"], "start": {"w": 0}, "lr": 0.5, "steps": 1,
         "method": "sgd", "order": [1]},
        "iterate:1",
        "0.5",
        {},
        "wrong-term",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("did", "fields", "blank_id", "entry", "others", "mistake"), SLIPS, ids=[s[-1] for s in SLIPS]
)
def test_a_method_slip_is_named(did, fields, blank_id, entry, others, mistake) -> None:
    verdict = sheet(**fields).check(blank_id, entry, others)
    assert verdict.status == "incorrect", did
    assert mistake in ids(verdict), (did, verdict.message)


def test_a_wrong_local_rule_in_the_gradient() -> None:
    """f = w⁴ from w = 2, η = 0.25: w(1) = 2 - 0.25·32 = -6; d w⁴ taken as 4w⁴ gives 5184."""
    ws = sheet(objective="w^4", start={"w": 2}, lr=0.25, steps=2)
    assert ws.blank("iterate:1").expected == -6
    assert "power-rule" in ids(ws.check("gradient:1", "5184", {}))


def test_sigma_prime_taken_as_sigma_in_backprop() -> None:
    """∂L/∂w1 = r·w2·σ'(w1) with σ' = σ(1 - σ); with σ' taken as σ: r·w2·σ(3)."""
    ws = network()
    h = sigmoid(3)
    _, g2 = backprop(3, 1)
    wrong = vector(((h - 0.5) * 1 * h, g2))
    assert "sigmoid-derivative" in ids(ws.check("gradient:0", wrong, {}))


def test_the_inner_factor_left_out_of_softplus_in_the_gradient() -> None:
    """f(w) = softplus(-2w) + w²/10 at w = 2: f'(2) = -2σ(-4) + 0.4 = 0.364028. The student took
    softplus(-2w)' as σ(-2w), leaving out the -2: σ(-4) + 0.4 = 0.417986."""
    ws = sheet(objective="softplus(-2*w) + w^2/10", start={"w": 2}, lr=0.1, steps=1)
    assert ws.check("gradient:0", "0.364028", {}).status == "correct"
    verdict = ws.check("gradient:0", "0.417986", {})
    assert verdict.status == "incorrect" and verdict.mistakes[0] == "missing-chain-factor"
    assert "for softplus of u = -2·w" in verdict.message


def test_the_inner_gradient_left_out_of_a_least_squares_loss() -> None:
    """(2w1 + w2 - 2)² at 0: ∇ = 2·(-2)·(2, 1) = (-8, -4); without the inner (2, 1): (-4, -4)."""
    ws = sheet(**P4, lr=0.1)
    assert ws.check("gradient:0", "[-8, -4]", {}).status == "correct"
    assert "missing-chain-factor" in ws.check("gradient:0", "[-4, -4]", {}).mistakes
