"""Indexed answers (s_i, W_ij, δ_ij) against numpy Jacobians computed by finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from engine.equivalence import Formula
from engine.errors import MathError
from engine.expr import evaluate, parse
from engine.indexed import IndexedFormat

SOFTMAX = IndexedFormat(("i", "j"), vectors=("s",), context="softmax")


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max())
    return e / e.sum()


def _numeric_softmax_jacobian(x: np.ndarray) -> np.ndarray:
    """Central differences, column j = ∂s/∂x_j."""
    h = 1e-6
    columns = []
    for j in range(len(x)):
        step = np.zeros_like(x)
        step[j] = h
        columns.append((_softmax(x + step) - _softmax(x - step)) / (2 * h))
    return np.stack(columns, axis=1)


@pytest.mark.parametrize("typed", ["s_i(δ_ij - s_j)", "s_i δ_ij - s_i s_j", "s_j(delta_ij - s_i)"])
def test_forms_of_the_softmax_jacobian_match_numpy(typed: str) -> None:
    expr = SOFTMAX.read(typed).value.expr
    x = np.array([0.3, -1.2, 0.8, 0.1])
    s, numeric = _softmax(x), _numeric_softmax_jacobian(x)
    for i in range(4):
        for j in range(4):
            env = {"s_i": s[i], "s_j": s[j], "δ_ij": float(i == j), "delta_ij": float(i == j)}
            env = {k: v for k, v in env.items() if k in expr.variables()}
            assert evaluate(expr, env) == pytest.approx(numeric[i, j], abs=1e-8)


@pytest.mark.parametrize(
    "typed", ["s_i(δ_ij + s_j)", "-s_i s_j", "s_i(1 - s_j)", "s_i(δ_ii - s_j)", "δ_ij - s_j"]
)
def test_wrong_forms_of_the_softmax_jacobian_are_refused(typed: str) -> None:
    key = SOFTMAX.read("s_i(δ_ij - s_j)").value
    assert not SOFTMAX.agrees(SOFTMAX.read(typed).value, key)


def test_equal_forms_are_accepted() -> None:
    key = SOFTMAX.read("s_i(δ_ij - s_j)").value
    assert SOFTMAX.agrees(SOFTMAX.read("s_i δ_ij - s_i s_j").value, key)


def test_matrix_entries_and_swapped_indices() -> None:
    fmt = IndexedFormat(("i", "j"), vectors=("x",), matrices=("W",), context="w")
    key = fmt.read("W_ij x_j").value
    assert fmt.agrees(fmt.read("x_j W_ij").value, key)
    assert not fmt.agrees(fmt.read("W_ji x_j").value, key)
    swapped = fmt.swapped(key, "i", "j")
    assert fmt.agrees(fmt.read("W_ji x_i").value, swapped)


def test_an_undeclared_entry_is_a_parse_error() -> None:
    with pytest.raises(MathError, match="unknown name"):
        SOFTMAX.read("s_k")
    with pytest.raises(MathError, match="unknown name"):
        SOFTMAX.read("x_i")


def test_scalars_are_drawn_once_per_instance() -> None:
    fmt = IndexedFormat(("i",), vectors=("z",), scalars=("η",), context="eta")
    key = Formula.of(parse("η z_i", ["η", "z_i"]))
    assert fmt.agrees(fmt.read("z_i η").value, key)
    assert not fmt.agrees(fmt.read("z_i").value, key)
