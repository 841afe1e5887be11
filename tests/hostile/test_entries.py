"""Provides tests of matrix entries that broke the checker: a 1×1 factor computed as a number,
complex values, and the echo of a negated factor.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.matrix_answers import evaluate
from engine.matrix_expr import parse_matrix, to_text
from exercises.loader import resolve_ref

SHAPES = {"g": (3, 1), "w": (3, 1), "w_t": (3, 1), "λ": ()}


@pytest.fixture(scope="module")
def proximal():  # the built-in sheet where `g(gᵀg λ)` was an internal error
    return resolve_ref("derivatives/proximal-vector").instance(0)


def test_a_1x1_factor_times_a_scalar_is_scaled_not_matrix_multiplied() -> None:
    rng = np.random.default_rng(7)
    g, lam = rng.normal(size=(3, 1)), float(rng.normal())
    value = evaluate(parse_matrix("g(g^T g λ)", SHAPES), {"g": g, "λ": lam})
    by_hand = g * float(np.dot(g[:, 0], g[:, 0])) * lam  # gᵀg as a dot product, then scaled
    assert np.allclose(value, by_hand)


def test_g_gtg_lambda_on_proximal_vector_is_checked(proximal) -> None:
    verdict = proximal.check("gradient", "g(g^T g λ)", {})
    assert verdict.status == "incorrect"


@pytest.mark.parametrize(
    "entry",
    [
        "g + λ(w - w_t) + (-1)^0.5 g",  # its real part is the key plus about 6e-17 g
        "g + λ(w - w_t)((-1)^0.5)^4",  # 1 in complex numbers; no real number
        "(g + λ(w - w_t))((-1)^0.5)^2(-1)",
    ],
)
def test_complex_values_are_never_correct(proximal, entry: str) -> None:
    assert proximal.check("gradient", entry, {}).status != "correct"


def test_the_key_itself_still_grades_correct(proximal) -> None:
    assert proximal.check("gradient", "g + λ(w - w_t)", {}).status == "correct"


@pytest.mark.parametrize(
    ("entry", "echo"),
    [
        ("g(-(g^T g))", "g(-(gᵀg))"),
        ("g(-(g^T g)) + g", "g(-(gᵀg)) + g"),
        ("g/(-(g^T g))", "g/(-(gᵀg))"),
        ("g - (-g)", "g - (-g)"),
    ],
)
def test_the_echo_keeps_the_parentheses_of_a_negated_factor(entry: str, echo: str) -> None:
    assert to_text(parse_matrix(entry, SHAPES)) == echo


def test_the_echo_reads_back_as_the_same_value() -> None:
    rng = np.random.default_rng(3)
    env = {"g": rng.normal(size=(3, 1))}
    entry = parse_matrix("g(-(g^T g))", SHAPES)
    again = parse_matrix(to_text(entry).replace("ᵀ", "^T"), SHAPES)
    assert np.allclose(evaluate(entry, env), evaluate(again, env))
    assert np.allclose(evaluate(entry, env), -env["g"] * float(np.sum(env["g"] ** 2)))
