"""Matrix expressions: parsing with shapes, shape errors, printing; evaluation and gradients."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from engine.errors import ParseError
from engine.matrix_answers import complex_step_gradient, evaluate
from engine.matrix_expr import ShapeError, as_shape, parse_matrix, shape_text, to_text

SHAPES = {
    "A": (3, 3),
    "x": (3, 1),
    "z": (3, 1),
    "W": (2, 3),
    "b": (2, 1),
    "y": (2, 1),
    "X": (4, 3),
    "t": (4, 1),
    "s": (),
    "λ": (),
}


def random_env(seed: int = 0) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    return {
        n: (rng.standard_normal(shape) if shape else float(rng.standard_normal()))
        for n, shape in SHAPES.items()
    }


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("x^T(Ax + z)", (1, 1)),
        ("(A + A^T)x + z", (3, 1)),
        ("xᵀAx", (1, 1)),
        ("x'A'", (1, 3)),
        ("A @ x", (3, 1)),
        ("A*x", (3, 1)),
        ("x^TAx", (1, 1)),
        ("½‖Wx + b - y‖²", ()),
        ("||Wx + b - y||^2", ()),
        ("norm(x)", ()),
        ("2(Wx + b - y)x^T", (2, 3)),
        ("(x^T z)^2 x", (3, 1)),
        ("λ/2 (x - z)", (3, 1)),
        ("s + x^T z", (1, 1)),
        ("-x^T A x / 2", (1, 1)),
    ],
)
def test_shapes_are_inferred(text: str, shape: tuple[int, ...]) -> None:
    assert parse_matrix(text, SHAPES).shape == shape


def test_declared_shapes() -> None:
    assert as_shape([]) == ()
    assert as_shape([3]) == (3, 1)
    assert as_shape([2, 3]) == (2, 3)
    with pytest.raises(ValueError, match="positive"):
        as_shape([2, 0])
    assert shape_text((3, 1)) == "3×1"
    assert shape_text(()) == "a scalar"


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("x^TA + z", ["x^TA (1×3)", "z (3×1)", "add"]),
        ("Wx @ x", ["Wx (2×1)", "x (3×1)", "multiply"]),
        ("A x + z + x^T A", ["A x + z (3×1)", "x^T A (1×3)"]),
        ("x / z", ["divide by a scalar", "z is 3×1"]),
        ("A^2", ["only a scalar", "A is 3×3"]),
    ],
)
def test_shape_errors_name_the_pieces_as_typed(text: str, pieces: list[str]) -> None:
    with pytest.raises(ShapeError) as caught:
        parse_matrix(text, SHAPES)
    for piece in pieces:
        assert piece in caught.value.message


def test_shape_error_carries_both_shapes() -> None:
    with pytest.raises(ShapeError) as caught:
        parse_matrix("x^TA + z", SHAPES)
    assert caught.value.parts == (("x^TA", (1, 3)), ("z", (3, 1)))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Ax + q", "unknown name 'q' at column 6"),
        ("A % x", "unexpected character '%' at column 3"),
        ("(Ax", "expected ')'"),
        ("x^", "expected a number or T"),
        ("", "empty"),
        ("(" * 200 + "x" + ")" * 200, "nested too deeply"),
        ("+".join(["x"] * 300), "too long"),
        ("A" * 1999, "too long"),  # 1,999 juxtaposed names: split without recursion
        ("A" * 1999 + "q", "unknown name"),
        ("s^2^2", "a power of a power is ambiguous"),
        ("1e999 x", "too large"),
    ],
)
def test_unreadable_text_is_a_parse_error(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=re.escape(message)):
        parse_matrix(text, SHAPES)


def test_transpose_cannot_be_a_variable() -> None:
    with pytest.raises(ValueError, match="transpose"):
        parse_matrix("T", {"T": (2, 1)})


def test_evaluation_matches_numpy_written_out() -> None:
    env = random_env(1)
    A, x, z, W, b, y = (env[n] for n in "AxzWby")
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("x^T(Ax + z)", lambda: x.T.dot(A.dot(x) + z)),
        ("(A + A^T)x + z", lambda: (A + A.T).dot(x) + z),
        ("½‖Wx + b - y‖²", lambda: 0.5 * sum(float(v) ** 2 for v in (W.dot(x) + b - y).ravel())),
        ("2(Wx + b - y)x^T", lambda: 2 * np.outer(W.dot(x) + b - y, x)),
        ("norm(x)", lambda: np.linalg.norm(x)),
        ("λ/2 (x - z)", lambda: env["λ"] / 2 * (x - z)),
        ("(x^T z)^2 x", lambda: float(x.ravel().dot(z.ravel())) ** 2 * x),
    ]
    for text, reference in cases:
        got = np.asarray(evaluate(parse_matrix(text, SHAPES), env), dtype=float)
        want = np.asarray(reference(), dtype=float)
        assert np.allclose(got.reshape(want.shape), want, rtol=1e-12), text


@pytest.mark.parametrize(
    "text",
    [
        "x^T(Ax + z)",
        "(A + A^T)x + z",
        "½‖Wx + b - y‖²",
        "2(Wx + b - y)x^T",
        "λ/2 (x - z)",
        "-x^T A x / 2",
        "(x^T z)^2 x",
        "x'A'",
    ],
)
def test_printed_text_reads_back_to_the_same_values(text: str) -> None:
    expr = parse_matrix(text, SHAPES)
    again = parse_matrix(to_text(expr), SHAPES)
    env = random_env(2)
    assert again.shape == expr.shape
    assert np.allclose(np.asarray(evaluate(again, env)), np.asarray(evaluate(expr, env)))


def test_a_parenthesized_power_may_be_raised_again() -> None:
    assert to_text(parse_matrix("(‖x‖^2)^2", SHAPES)) == "(‖x‖²)²"
    assert to_text(parse_matrix("(s^2)^3", SHAPES)) == "(s²)^3"


def test_printing_uses_juxtaposition_and_superscripts() -> None:
    assert to_text(parse_matrix("x^T * (A @ x + z)", SHAPES)) == "xᵀ(Ax + z)"
    assert to_text(parse_matrix("(A + A^T) x + z", SHAPES)) == "(A + Aᵀ)x + z"
    assert to_text(parse_matrix("0.5*||X w - t||^2", {**SHAPES, "w": (3, 1)})) == "½‖Xw - t‖²"


# -- gradients: the complex step against central differences and hand derivations --------


def central_differences(f: Callable[[np.ndarray], float], at: np.ndarray) -> np.ndarray:
    """∂f/∂at entry by entry, written with explicit loops (an independent reference)."""
    h = 1e-6
    grad = np.zeros_like(at)
    for i in range(at.shape[0]):
        for j in range(at.shape[1]):
            plus, minus = at.copy(), at.copy()
            plus[i, j] += h
            minus[i, j] -= h
            grad[i, j] = (f(plus) - f(minus)) / (2 * h)
    return grad


def test_gradient_of_the_quadratic_form() -> None:
    env = random_env(3)
    A, x, z = env["A"], env["x"], env["z"]
    got = complex_step_gradient(parse_matrix("x^T(Ax + z)", SHAPES), "x", env)
    by_hand = (A + A.T) @ x + z
    numeric = central_differences(lambda v: (v.T @ (A @ v + z)).item(), x)
    assert np.allclose(got, by_hand, rtol=1e-10)
    assert np.allclose(got, numeric, rtol=1e-6)


def test_gradient_of_the_regression_loss() -> None:
    shapes = {"w": (3, 1), "x": (3, 1), "y": ()}
    rng = np.random.default_rng(4)
    env = {"w": rng.standard_normal((3, 1)), "x": rng.standard_normal((3, 1)), "y": 0.7}
    got = complex_step_gradient(parse_matrix("½(w^T x - y)^2", shapes), "w", env)
    w, x, y = env["w"], env["x"], env["y"]
    by_hand = ((w.T @ x).item() - y) * x
    numeric = central_differences(lambda v: 0.5 * ((v.T @ x).item() - y) ** 2, w)
    assert np.allclose(got, by_hand, rtol=1e-10)
    assert np.allclose(got, numeric, rtol=1e-6)


def test_gradient_of_least_squares() -> None:
    env = random_env(5)
    env["w"] = np.random.default_rng(6).standard_normal((3, 1))
    X, t, w = env["X"], env["t"], env["w"]
    got = complex_step_gradient(parse_matrix("½‖Xw - t‖^2", {**SHAPES, "w": (3, 1)}), "w", env)
    numeric = central_differences(lambda v: 0.5 * float(np.sum((X @ v - t) ** 2)), w)
    assert np.allclose(got, X.T @ (X @ w - t), rtol=1e-10)
    assert np.allclose(got, numeric, rtol=1e-6)


def test_gradient_with_respect_to_a_weight_matrix() -> None:
    env = random_env(7)
    W, x, b, y = env["W"], env["x"], env["b"], env["y"]
    got = complex_step_gradient(parse_matrix("‖Wx + b - y‖^2", SHAPES), "W", env)
    numeric = central_differences(lambda M: float(np.sum((M @ x + b - y) ** 2)), W)
    assert got.shape == (2, 3)
    assert np.allclose(got, 2 * (W @ x + b - y) @ x.T, rtol=1e-10)
    assert np.allclose(got, numeric, rtol=1e-6)


def test_freezing_an_occurrence_drops_its_product_rule_term() -> None:
    env = random_env(8)
    A, x, z = env["A"], env["x"], env["z"]
    f = parse_matrix("x^T(Ax + z)", SHAPES)
    first, second = f.occurrences("x")
    without_second = complex_step_gradient(f, "x", env, frozen={id(second)})
    without_first = complex_step_gradient(f, "x", env, frozen={id(first)})
    assert np.allclose(without_second, A @ x + z)
    assert np.allclose(without_first, A.T @ x)
