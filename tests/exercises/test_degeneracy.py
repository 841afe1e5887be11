"""Provides tests that no drawn instance has a section of blanks that teaches nothing."""

from __future__ import annotations

import pytest

from exercises.loader import load_pack_text, resolve_ref
from exercises.validation import validate_exercises

DEAD_RELUS = """
[pack]
id = "t"
title = "T"

[[exercise]]
id = "dead"
kind = "reverse-ad"
title = "Both ReLUs inactive"
function = "relu(w1*x + b1) + relu(w2*x + b2)"
at = { x = 1, w1 = -2, b1 = -1, w2 = -1, b2 = 0.5 }
"""


@pytest.mark.parametrize("seed", [0, 2, 6, 8])
def test_relu_reverse_draws_a_live_unit(seed: int) -> None:
    """At these seeds the first draw had w·x + b < 0 for both units (every adjoint 0)."""
    result = resolve_ref("autodiff/relu-reverse").instance(seed).result
    at = result["inputs"]
    pre_activations = [at["w1"] * at["x"] + at["b1"], at["w2"] * at["x"] + at["b2"]]
    assert any(z > 0 for z in pre_activations), at
    assert any(value != 0 for value in result["jacobian"][0])


def test_validate_reports_a_fixed_exercise_whose_jacobian_is_all_zero() -> None:
    pack, errors = load_pack_text(DEAD_RELUS, "t.toml")
    assert pack is not None and not errors
    problems = validate_exercises(pack.exercises, seeds=1)
    assert any("every answer in 'Jacobian' is 0" in p for p in problems), problems
    assert all("t.toml" in p for p in problems)
