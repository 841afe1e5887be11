"""Follow-through over the whole worksheet graph (DIAGNOSIS.md §1), with the issue's numbers.

Every expected value is worked by hand here: GD on L(w) = ½(w - 100)² steps
w ← w - α(w - 100).
"""

from __future__ import annotations

import math
from typing import Any

from exercises.kinds.optimizer import build
from exercises.loader import resolve_ref
from exercises.model import Instance, Worksheet

QUADRATIC = {"objective": "(w - 100)^2/2", "start": {"w": 0}, "steps": 4}


def gd(lr: float) -> Worksheet:
    fields: dict[str, Any] = {**QUADRATIC, "lr": lr}
    return build(Instance("test/gd", "gradient-descent", 0, "test", fields))


def test_iterates_alone_imply_the_gradients_between_them() -> None:
    """α = 2.5: w(t+1) = -1.5·w(t) + 250. From 0 the key is 250, -125, 437.5, -406.25.

    The student slipped at w(3) (687.5) and then stepped right from it: -1.5·687.5 + 250 =
    -781.25. The gradient blanks are empty: g(3) is implied by their own w(3) = 687.5.
    """
    sheet = gd(2.5)
    assert [sheet.blank(f"iterate:{t}").expected for t in (1, 2, 3, 4)] == [
        250,
        -125,
        437.5,
        -406.25,
    ]
    entries = {"iterate:1": "250", "iterate:2": "-125", "iterate:3": "687.5",
               "iterate:4": "-781.25"}  # fmt: skip
    verdict = sheet.check("iterate:4", "-781.25", entries)
    assert verdict.status == "consistent"
    assert verdict.blamed == ("iterate:3",)
    assert sheet.check("iterate:3", "687.5", entries).status == "incorrect"
    assert sheet.check("iterate:2", "-125", entries).status == "correct"


def test_a_gradient_of_zero_at_the_students_own_minimum_is_not_a_gamed_zero() -> None:
    """α = 0.5: key w(3) = 87.5. The student has w(3) = 100, so g(3) = 100 - 100 = 0 and
    w(4) = 100 - 0.5·0 = 100: both follow from their w(3)."""
    sheet = gd(0.5)
    assert sheet.blank("iterate:3").expected == 87.5
    entries = {"iterate:3": "100", "gradient:3": "0", "iterate:4": "100"}
    assert sheet.check("gradient:3", "0", entries).status == "consistent"
    verdict = sheet.check("iterate:4", "100", entries)
    assert verdict.status == "consistent"
    assert "iterate:3" in verdict.blamed
    assert verdict.mistake is None


def test_a_gamed_zero_upstream_still_earns_nothing() -> None:
    """α = 0.5: a gradient of 0 typed at w(3) = 87.5 (where it is -12.5) is no path to credit."""
    sheet = gd(0.5)
    entries = {"iterate:3": "87.5", "gradient:3": "0", "iterate:4": "87.5"}
    assert sheet.check("gradient:3", "0", entries).status == "incorrect"
    assert sheet.check("iterate:4", "87.5", entries).status == "incorrect"


def test_a_consistent_message_names_only_the_blanks_that_are_off() -> None:
    """α = 0.5, key w(1) = 50, g(1) = -50, w(2) = 75. The student has w(1) = 60, right g(1)
    would be -40 from it; they give g(1) = -40 and w(2) = 60 + 0.5·40 = 80."""
    sheet = gd(0.5)
    entries = {"iterate:1": "60", "gradient:1": "-40", "iterate:2": "80"}
    verdict = sheet.check("iterate:2", "80", entries)
    assert verdict.status == "consistent"
    assert set(verdict.blamed) <= {"iterate:1", "gradient:1"}
    assert "iterate:1" in verdict.blamed


def test_empty_blanks_take_the_key_only_when_nothing_upstream_was_entered() -> None:
    """α = 0.5: with nothing entered before it, w(2) is judged against the key (75)."""
    sheet = gd(0.5)
    assert sheet.check("iterate:2", "75", {}).status == "correct"
    assert sheet.check("iterate:2", "80", {}).status == "incorrect"


def test_rounding_is_accepted_at_every_depth() -> None:
    """autodiff/vector-values at w1 = 1, w2 = 2: v4 = e + e⁴ = 57.3164, v5 = e^v4.

    The student rounds v4 to 57.32 (within 0.1%), then computes v5 = e^57.32 from it: that is
    0.36% above e^57.3164, outside the tolerance, but right from an accepted entry. v7 =
    v5 + v6 from those is right too, not merely consistent.
    """
    sheet = resolve_ref("autodiff/vector-values").instance(0)
    v4 = math.e + math.e**4
    v5 = math.exp(57.32)
    v6 = math.sin(57.32)
    assert abs(v5 / math.exp(v4) - 1) > 1e-3
    entries = {
        "value:v1": "2.71828", "value:v2": "4", "value:v3": "54.5982", "value:v4": "57.32",
        "value:v5": f"{v5:.6g}", "value:v6": f"{v6:.6g}", "value:v7": f"{v5 + v6:.6g}",
    }  # fmt: skip
    assert sheet.check("value:v5", entries["value:v5"], entries).status == "correct"
    assert sheet.check("value:v7", entries["value:v7"], entries).status == "correct"
    graded = {b.id: v.status for b, _, v in sheet.grade(entries)}
    assert [graded[f"value:v{i}"] for i in range(1, 8)] == ["correct"] * 7
