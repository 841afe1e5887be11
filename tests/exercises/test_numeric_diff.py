"""Tests of the numeric-diff kind: forward and central differences worked by hand."""

from __future__ import annotations

import math

import pytest

from exercises.loader import PackError, load_pack_text, resolve_ref
from exercises.model import Worksheet


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def sheet(body: str) -> Worksheet:
    text = (
        '[pack]\nid = "t"\ntitle = "T"\n\n[[exercise]]\nid = "e"\ntitle = "E"\n'
        'kind = "numeric-diff"\n' + body
    )
    pack, errors = load_pack_text(text, "t.toml")
    assert pack is not None and not errors, [str(e) for e in errors]
    return pack.exercises[0].instance(0)


CUBE = 'function = "x^3"\nat = { x = 1 }\ndelta = 0.1\n'


def test_forward_difference_by_hand() -> None:
    """f = x³ at 1, δ = 0.1: f(1) = 1, f(1.1) = 1.331, (1.331 - 1)/0.1 = 3.31."""
    worksheet = sheet(CUBE)
    assert [b.id for b in worksheet.blanks] == ["value:f@base", "value:f@x+", "jacobian:f:x"]
    assert worksheet.blank("value:f@base").expected == pytest.approx(1)
    assert worksheet.blank("value:f@x+").expected == pytest.approx(1.331)
    assert worksheet.blank("jacobian:f:x").expected == pytest.approx(3.31)
    assert worksheet.blank("jacobian:f:x").depends_on == ("value:f@x+", "value:f@base")
    result = worksheet.result
    assert (result["delta"], result["scheme"]) == (0.1, "forward")
    assert result["jacobian"] == [[pytest.approx(3.31)]]
    assert result["exact_jacobian"] == [[pytest.approx(3.0)]]


def test_central_difference_by_hand() -> None:
    """f(0.9) = 0.729; (1.331 - 0.729)/0.2 = 3.01."""
    worksheet = sheet(CUBE + 'scheme = "central"\n')
    ids = [b.id for b in worksheet.blanks]
    assert ids == ["value:f@base", "value:f@x+", "value:f@x-", "jacobian:f:x"]
    assert worksheet.blank("value:f@x-").expected == pytest.approx(0.729)
    assert worksheet.blank("jacobian:f:x").expected == pytest.approx(3.01)
    assert worksheet.blank("jacobian:f:x").depends_on == ("value:f@x+", "value:f@x-")
    assert worksheet.result["scheme"] == "central"


def test_labels_name_the_moved_point() -> None:
    worksheet = sheet(CUBE + 'scheme = "central"\n')
    assert worksheet.blank("value:f@base").label == "f at x = 1"
    assert worksheet.blank("value:f@x+").label == "f at x = 1.1"
    assert worksheet.blank("value:f@x-").label == "f at x = 0.9"
    assert worksheet.blank("jacobian:f:x").label.startswith("∂f/∂x")


def test_two_inputs_move_one_at_a_time() -> None:
    """f = x·y at (2, 3), δ = 0.5, central: f(2.5, 3) = 7.5, f(1.5, 3) = 4.5, f(2, 3.5) = 7,
    f(2, 2.5) = 5; the estimates are exactly 3 and 2."""
    worksheet = sheet('function = "x*y"\nat = { x = 2, y = 3 }\ndelta = 0.5\nscheme = "central"\n')
    expected = {
        "value:f@base": 6,
        "value:f@x+": 7.5,
        "value:f@x-": 4.5,
        "value:f@y+": 7,
        "value:f@y-": 5,
        "jacobian:f:x": 3,
        "jacobian:f:y": 2,
    }
    assert {b.id: b.expected for b in worksheet.blanks} == pytest.approx(expected)


def test_the_default_delta_is_a_hundredth() -> None:
    worksheet = sheet('function = "x^2"\nat = { x = 3 }\n')
    assert worksheet.result["delta"] == 0.01
    assert worksheet.blank("jacobian:f:x").expected == pytest.approx(6.01)


def test_function_values_are_judged_like_any_value() -> None:
    """A correctly rounded 4-figure value is within 0.1%: f(1.1) = 1.331, e² = 7.389056..."""
    worksheet = sheet(CUBE)
    assert worksheet.check("value:f@x+", "1.331", {}).status == "correct"
    assert worksheet.check("value:f@x+", "1.3311", {}).status == "correct"
    assert worksheet.check("value:f@x+", "1.34", {}).status == "incorrect"  # 0.68% off
    exponential = sheet('function = "exp(x)"\nat = { x = 2 }\n')
    assert exponential.check("value:f@base", "7.389", {}).status == "correct"


# --- mistakes --------------------------------------------------------------------------------


def test_central_for_forward() -> None:
    worksheet = sheet(CUBE)
    result = worksheet.check("jacobian:f:x", "3.01", {})
    assert (result.status, result.mistake) == ("incorrect", "central-for-forward")


def test_forward_for_central() -> None:
    worksheet = sheet(CUBE + 'scheme = "central"\n')
    result = worksheet.check("jacobian:f:x", "3.31", {})
    assert (result.status, result.mistake) == ("incorrect", "forward-for-central")


def test_no_divide_forward() -> None:
    """The difference 1.331 - 1 = 0.331 not divided by δ."""
    worksheet = sheet(CUBE)
    result = worksheet.check("jacobian:f:x", "0.331", {})
    assert (result.status, result.mistake) == ("incorrect", "no-divide")
    assert "δ" in result.message


def test_no_divide_central_by_two() -> None:
    """(1.331 - 0.729)/0.1 = 6.02: divided by δ, not 2δ."""
    worksheet = sheet(CUBE + 'scheme = "central"\n')
    result = worksheet.check("jacobian:f:x", "6.02", {})
    assert (result.status, result.mistake) == ("incorrect", "no-divide")
    assert "2δ" in result.message


def test_the_exact_derivative_is_not_the_estimate() -> None:
    worksheet = sheet('function = "x^3"\nat = { x = 2 }\ndelta = 0.1\n')
    # (2.1³ - 8)/0.1 = 12.61, exact 3·4 = 12.
    assert worksheet.blank("jacobian:f:x").expected == pytest.approx(12.61)
    assert worksheet.check("jacobian:f:x", "12", {}).status == "incorrect"


def test_degrees_in_a_function_value() -> None:
    worksheet = sheet('function = "sin(x)"\nat = { x = 2 }\n')
    result = worksheet.check("value:f@base", repr(math.sin(math.radians(2))), {})
    assert (result.status, result.mistake) == ("incorrect", "degrees")


def test_log10_in_a_function_value() -> None:
    worksheet = sheet('function = "ln(x)"\nat = { x = 5 }\n')
    result = worksheet.check("value:f@x+", repr(math.log10(5.01)), {})
    assert (result.status, result.mistake) == ("incorrect", "log10")


def test_an_estimate_from_rounded_function_values_is_right_from_them() -> None:
    """f(1.1) = 1.331 entered as 1.33 (correct to 0.1%): (1.33 - 1)/0.1 = 3.3 follows from it,
    although it is 0.3% from the estimate 3.31."""
    worksheet = sheet(CUBE)
    assert worksheet.check("value:f@x+", "1.33", {}).status == "correct"
    result = worksheet.check("jacobian:f:x", "3.3", {"value:f@x+": "1.33", "value:f@base": "1"})
    assert result.status == "correct"
    # 5 figures: 1.331 - 1 = 0.331 must be right to 0.1%, each value to ±0.000165 at most
    assert "at least 5 significant figures" in result.message
    assert "f at x = 1.1 and f at x = 1" in result.message


def test_the_figures_to_keep_for_values_near_e_squared() -> None:
    """e^2.01 - e^2 ≈ 0.0743 of 7.46: 0.1% of it is 7.4e-5, so 6 figures (±5e-6) are needed."""
    worksheet = sheet('function = "exp(x)"\nat = { x = 2 }\n')
    plus, base = round(math.exp(2.01), 3), round(math.exp(2), 3)  # 4 figures each
    estimate = (plus - base) / 0.01
    assert abs(estimate / ((math.exp(2.01) - math.exp(2)) / 0.01) - 1) > 1e-3
    entries = {"value:f@x+": repr(plus), "value:f@base": repr(base)}
    result = worksheet.check("jacobian:f:x", repr(estimate), entries)
    assert result.status == "correct"
    assert "at least 6 significant figures" in result.message


def test_an_estimate_from_a_wrong_function_value_is_consistent() -> None:
    """f(1.1) entered as 1.32 (0.8% off): (1.32 - 1)/0.1 = 3.2 is right given it."""
    worksheet = sheet(CUBE)
    assert worksheet.check("value:f@x+", "1.32", {}).status == "incorrect"
    result = worksheet.check("jacobian:f:x", "3.2", {"value:f@x+": "1.32", "value:f@base": "1"})
    assert result.status == "consistent"
    assert result.blamed == ("value:f@x+",)
    assert "f at x = 1.1" in result.message


def test_hint_ladder_substitutes_the_values() -> None:
    worksheet = sheet(CUBE)
    concept, formula, numbers, value = worksheet.hint_ladder("jacobian:f:x")
    assert "forward difference" in concept
    assert "δ" in formula
    assert "1.331" in numbers and "0.1" in numbers
    assert value == "The answer is 3.31 (revealed)."


def test_a_moved_point_outside_the_domain_is_reported() -> None:
    text = (
        '[pack]\nid = "t"\ntitle = "T"\n\n[[exercise]]\nid = "e"\ntitle = "E"\n'
        'kind = "numeric-diff"\nfunction = "ln(x)"\nat = { x = 0.005 }\nscheme = "central"\n'
    )
    pack, _ = load_pack_text(text, "t.toml")
    assert pack is not None
    with pytest.raises(PackError, match="cannot be used"):
        pack.exercises[0].instance(0)


# --- course problems 7(b) and 8(b) -----------------------------------------------------------


def problem7(w1: float, w2: float) -> tuple[float, float]:
    u = math.exp(w1) + math.exp(2 * w2)
    return math.exp(u) + math.sin(u), w1 * w2 + sigmoid(w1)


def problem8(w1: float, w2: float) -> tuple[float, float]:
    return (
        math.cos(w1) * math.cos(w2) + sigmoid(w2),
        math.log(w1 + w2) + w1**2 * w2,
    )


@pytest.mark.parametrize(("name", "f"), [("vector", problem7), ("variant", problem8)])
def test_course_forward_differences(name: str, f: object) -> None:
    worksheet = resolve_ref(f"autodiff/{name}-finite-diff").instance(0)
    function = f  # a (w1, w2) -> (f1, f2) reference written out above
    delta = 0.01
    base = function(1.0, 2.0)  # type: ignore[operator]
    moved = {"w1": function(1.0 + delta, 2.0), "w2": function(1.0, 2.0 + delta)}  # type: ignore[operator]
    for row, output in enumerate(("f1", "f2")):
        blank = worksheet.blank(f"value:{output}@base")
        assert blank.expected == pytest.approx(base[row], rel=1e-12)
        for column, variable in enumerate(("w1", "w2")):
            value = worksheet.blank(f"value:{output}@{variable}+").expected
            assert value == pytest.approx(moved[variable][row], rel=1e-12)
            estimate = (moved[variable][row] - base[row]) / delta
            assert worksheet.blank(f"jacobian:{output}:{variable}").expected == pytest.approx(
                estimate, rel=1e-9
            )
            assert worksheet.result["jacobian"][row][column] == pytest.approx(estimate, rel=1e-9)


def test_problem7_estimate_differs_visibly_from_the_exact_derivative() -> None:
    """f1 ≈ 7.8×10²⁴ grows so steeply in w2 that the forward difference is far off."""
    worksheet = resolve_ref("autodiff/vector-finite-diff").instance(0)
    u = math.e + math.exp(4)
    exact = (math.exp(u) + math.cos(u)) * 2 * math.exp(4)
    assert worksheet.result["exact_jacobian"][0][1] == pytest.approx(exact, rel=1e-12)
    estimate = worksheet.blank("jacobian:f1:w2").expected
    assert estimate / exact > 1.5
    result = worksheet.check("jacobian:f1:w2", repr(exact), {})
    assert (result.status, result.mistake) == ("incorrect", "exact-derivative")


def test_the_difference_taken_the_other_way_round() -> None:
    """(1 - 1.331)/0.1 = -3.31."""
    assert "sign-flip" in sheet(CUBE).check("jacobian:f:x", "-3.31", {}).mistakes


def test_the_backward_difference_for_the_central_one() -> None:
    """(f(1) - f(0.9))/0.1 = (1 - 0.729)/0.1 = 2.71."""
    worksheet = sheet(CUBE + 'scheme = "central"\n')
    assert "backward-for-central" in worksheet.check("jacobian:f:x", "2.71", {}).mistakes


def test_both_inputs_moved_for_a_partial_difference() -> None:
    """f = x·y at (1, 2), δ = 0.1: f(1.1, 2) = 2.2 is asked; f(1.1, 2.1) = 2.31 moves both."""
    worksheet = sheet('function = "x*y"\nat = { x = 1, y = 2 }\ndelta = 0.1\n')
    assert "both-perturbed" in worksheet.check("value:f@x+", "2.31", {}).mistakes


def test_another_outputs_estimate() -> None:
    """f1 = x², f2 = x³ at 1, δ = 0.1: f2's estimate 3.31 typed for f1's (2.1)."""
    worksheet = sheet('functions = { f1 = "x^2", f2 = "x^3" }\nat = { x = 1 }\ndelta = 0.1\n')
    assert worksheet.blank("jacobian:f1:x").expected == pytest.approx(2.1)
    assert "wrong-output" in worksheet.check("jacobian:f1:x", "3.31", {}).mistakes
