"""Matrix inverses and abbreviations in closed forms, against numpy written differently."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from engine.closed_forms import MatrixClosedFormat, ScalarClosedFormat, read_lets, read_matrix_lets
from engine.equivalence import Formula
from engine.expr import parse
from engine.matrix_answers import MatrixAnswer, MatrixFormat, evaluate
from engine.matrix_expr import ShapeError, parse_matrix, to_text

WIDE = {"X": (2, 4), "t": (2, 1), "A": (3, 3)}


def _min_norm(env: dict[str, Any]) -> Any:
    """The least-squares solution of smallest norm, by numpy's SVD-based solver."""
    return np.linalg.lstsq(env["X"], env["t"], rcond=None)[0]


@pytest.mark.parametrize(
    "typed", ["X^T inv(X X^T) t", "Xᵀ(XXᵀ)⁻¹t", "X^T (X @ X^T)^-1 @ t", "(inv(X Xᵀ) Xᵀ')' t"]
)
def test_the_minimum_norm_solution_typed_with_an_inverse(typed: str) -> None:
    fmt = MatrixFormat(tuple(WIDE.items()), "inverse-test")
    reference = MatrixAnswer("lstsq", (4, 1), _min_norm)
    assert fmt.agrees(fmt.read(typed).value, reference)


def test_an_inverse_without_its_transpose_is_a_different_matrix() -> None:
    fmt = MatrixFormat(tuple(WIDE.items()), "inverse-test")
    reference = MatrixAnswer("lstsq", (4, 1), _min_norm)
    assert not fmt.agrees(fmt.read("X^T (X X^T) t").value, reference)


def test_inverse_of_a_square_matrix_solves_it() -> None:
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((3, 3)), rng.standard_normal((3, 1))
    value = evaluate(parse_matrix("A^-1 b", {"A": (3, 3), "b": (3, 1)}), {"A": a, "b": b})
    assert np.allclose(value, np.linalg.solve(a, b))


@pytest.mark.parametrize("typed", ["inv(X)", "X^-1", "inv(t)"])
def test_only_a_square_matrix_has_an_inverse(typed: str) -> None:
    with pytest.raises(ShapeError, match="square"):
        parse_matrix(typed, WIDE)


def test_the_inverse_prints_as_a_superscript_and_reads_back() -> None:
    expr = parse_matrix("X^T inv(X X^T) t", WIDE)
    assert to_text(expr) == "Xᵀ(XXᵀ)⁻¹t"
    assert to_text(parse_matrix(to_text(expr), WIDE)) == "Xᵀ(XXᵀ)⁻¹t"


def test_a_singular_inverse_is_undefined_not_a_crash() -> None:
    fmt = MatrixFormat((("A", (2, 2)),), "singular")
    answer = fmt.read("inv(A - A)").value
    assert np.all(np.isnan(answer.at("k", {"A": np.eye(2)})))


def test_scalar_abbreviations_expand_before_comparing() -> None:
    lets = read_lets({"g": "2x - 1", "h": "g^2"}, ["x"])
    fmt = ScalarClosedFormat(("x",), "lets", lets=lets)
    key = Formula.of(parse("(2x - 1)^2 + 1", ["x"]))
    assert fmt.agrees(fmt.read("h + 1").value, key)
    assert fmt.agrees(fmt.read("g·g + 1").value, key)
    assert not fmt.agrees(fmt.read("g + 1").value, key)
    assert fmt.read("h + 1").shown == "h + 1"


def _loss_after_one_step(env: dict[str, Any]) -> float:
    """J(w1) for J(w) = (1/n)‖Xw - t‖², w1 = w0 - η∇J(w0): one GD step taken in numpy."""
    x, t, w0, eta, n = env["X"], env["t"], env["w0"], env["η"], env["n"]
    gradient = (2.0 / n) * x.T @ (x @ w0 - t)
    w1 = w0 - eta * gradient
    residual = x @ w1 - t
    return float(np.sum(residual * residual)) / n


def test_matrix_abbreviations_give_the_loss_after_one_step() -> None:
    shapes = {"X": (3, 2), "w0": (2, 1), "t": (3, 1), "η": (), "n": ()}
    lets = read_matrix_lets({"a0": "X w0 - t"}, shapes)
    fmt = MatrixClosedFormat(tuple(shapes.items()), "loss-after-step", lets=lets)
    reference = MatrixAnswer("numpy", (), _loss_after_one_step)
    for typed in ("(1/n)‖a0 - (2η/n) X Xᵀ a0‖²", "‖X w0 - t - 2η/n X Xᵀ(X w0 - t)‖²/n"):
        assert fmt.agrees(fmt.read(typed).value, reference), typed
    assert not fmt.agrees(fmt.read("(1/n)‖a0 - (η/n) X Xᵀ a0‖²").value, reference)
