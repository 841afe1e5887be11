"""The closed-forms pack (course problems 15-22) against references computed independently.

Each key is checked by numpy code that does the computation the problem describes (a GD step,
finite differences, a least-squares solver, a grid search), or by hand-worked values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import exercises
from engine.matrix_answers import MatrixAnswer
from exercises.loader import Exercise, load_pack_file
from exercises.model import Worksheet
from exercises.randomize import draw, generator

PACK = Path(exercises.__file__).parent / "packs" / "closed-forms.toml"


def _exercises() -> dict[str, Exercise]:
    pack, errors = load_pack_file(PACK)
    assert pack is not None and not errors, errors
    return {e.id: e for e in pack.exercises}


EXERCISES = _exercises()


def sheet(exercise_id: str, seed: int = 0) -> Worksheet:
    return EXERCISES[exercise_id].instance(seed)


def drawn(exercise_id: str, seed: int) -> dict[str, float]:
    """The numbers drawn for an instance (these exercises never redraw)."""
    exercise = EXERCISES[exercise_id]
    values = draw(exercise.random, generator(f"{exercise.pack}/{exercise.id}", seed, 0))
    return {k: float(v) for k, v in values.items()}


def status(s: Worksheet, blank_id: str, typed: str, **others: str) -> tuple[str, str | None]:
    verdict = s.check(blank_id, typed, {blank_id: typed, **others})
    return verdict.status, verdict.mistake


def test_every_problem_from_15_to_22_has_a_sourced_exercise() -> None:
    sources = " ".join(e.source or "" for e in EXERCISES.values())
    for problem in range(15, 23):
        assert f"Course problem {problem}" in sources, problem
    assert sum(e.randomized for e in EXERCISES.values()) >= 7


def test_the_proximal_minimiser_and_its_value() -> None:
    s = sheet("proximal-minimiser")
    assert status(s, "answer", "w_t - (1/λ) g") == ("correct", None)
    assert status(s, "value", "0.5") == ("correct", None)  # 1 - 2/4
    assert status(s, "answer", "w_t + g/λ") == ("incorrect", "sign-flip")


def test_the_regret_bound_at_its_best_step_size() -> None:
    """Minimise the bound over η on a fine grid (numpy), for B = 2, ρ = 3, T = 16."""
    b, rho, t = 2.0, 3.0, 16.0
    etas = np.linspace(1e-3, 2.0, 200_001)
    bound = b**2 / (2 * etas) + etas / 2 * t * rho**2
    best = etas[np.argmin(bound)]
    assert best == pytest.approx(b / (rho * np.sqrt(t)), rel=1e-4)
    assert bound.min() / t == pytest.approx(b * rho / np.sqrt(t), rel=1e-6)
    s = sheet("regret-bound")
    written_out = "(B^2/(2 B/(ρ sqrt(T))) + B/(ρ sqrt(T)) T ρ^2/2)/T"
    assert status(s, "question:average", written_out) == ("correct", None)
    assert status(s, "question:average", "B ρ/(2 sqrt(T))") == ("incorrect", "constant-factor")
    assert status(s, "question:best-eta", "sqrt(B^2/(ρ^2 T))") == ("correct", None)
    assert status(s, "question:step", "λ^-1") == ("correct", None)


def _gd_converges(alpha: float, x: float, y: float) -> bool:
    w = 0.0
    for _ in range(3000):
        w -= alpha * x * (w * x - y)
    return abs(w - y / x) < 1e-6


@pytest.mark.parametrize("seed", range(4))
def test_the_convergence_interval_matches_running_gd(seed: int) -> None:
    s = sheet("gd-convergence-random", seed)
    key = s.blank("question:range").expected
    x, y = drawn("gd-convergence-random", seed)["x"], drawn("gd-convergence-random", seed)["y"]
    assert _gd_converges(key.high * 0.95, x, y)
    assert not _gd_converges(key.high * 1.05, x, y)
    assert _gd_converges(key.high * 0.01, x, y)
    assert (key.low, key.low_closed, key.high_closed) == (0.0, False, False)


def test_gd_at_the_edge_and_beyond() -> None:
    s = sheet("gd-convergence")
    assert status(s, "question:range", "α ∈ (0, 2)") == ("correct", None)
    assert status(s, "question:range", "0 < α ≤ 2") == ("incorrect", "closed-end")
    assert status(s, "question:at-two", "converges") == ("incorrect", "known-mistake")
    assert status(s, "question:factor", "0.5") == ("correct", None)


def test_one_sgd_step_on_the_second_term() -> None:
    """w1 = 0 - η·(0 + 1) = -η; f(-η) - f(0) = ½(η + 2)² + ½(1 - η)² - 2.5 = η² + η > 0."""
    s = sheet("sgd-second-term")
    assert status(s, "question:w1", "-η") == ("correct", None)
    assert status(s, "question:w1", "η") == ("incorrect", "sign-flip")
    assert status(s, "question:change", "positive") == ("correct", None)


@pytest.mark.parametrize("seed", range(4))
def test_the_sign_of_the_loss_change_matches_numpy(seed: int) -> None:
    s = sheet("sgd-second-term-random", seed)
    values = drawn("sgd-second-term-random", seed)
    a, b, eta = values["a"], values["b"], values["eta"]
    f = lambda w: 0.5 * (w - a) ** 2 + 0.5 * (w + b) ** 2  # noqa: E731
    w1 = 0.0 - eta * (0.0 + b)
    change = f(w1) - f(0.0)
    expected = "positive" if change > 1e-12 else "negative" if change < -1e-12 else "zero"
    assert s.blank("question:change").expected == expected


@pytest.mark.parametrize("seed", range(4))
def test_the_minimum_norm_solution_matches_lstsq(seed: int) -> None:
    s = sheet("min-norm-random", seed)
    values = drawn("min-norm-random", seed)
    x, t = np.array([[values["a"], values["b"]]]), values["t"]
    reference = np.linalg.lstsq(x, np.array([[t]]), rcond=None)[0].reshape(-1)
    assert np.allclose(s.blank("value").expected, reference)


def test_the_directions_of_the_first_steps() -> None:
    s = sheet("first-steps")
    # ∇J(0) = 2·xᵀ(x·0 - 2) = (-8, -4): GD moves along (8, 4) ∝ (2, 1)
    assert status(s, "question:gd", "[8, 4]") == ("correct", None)
    assert status(s, "question:gd", "[-8, -4]") == ("incorrect", "opposite-direction")
    # AdaGrad's first step is -η·g/|g| = η·(1, 1)
    assert status(s, "question:adagrad", "(0.1, 0.1)") == ("correct", None)
    assert status(s, "question:stays", "no") == ("correct", None)


def _env(seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    return {
        "X": rng.standard_normal((3, 2)),
        "w0": rng.standard_normal((2, 1)),
        "t": rng.standard_normal((3, 1)),
        "η": float(rng.uniform(0.1, 1.0)),
        "n": float(rng.integers(1, 5)),
    }


def _loss_after_step(env: dict[str, Any], eta: float) -> float:
    x, t, w0, n = env["X"], env["t"], env["w0"], env["n"]
    w1 = w0 - eta * (2.0 / n) * x.T @ (x @ w0 - t)
    r = x @ w1 - t
    return float(np.sum(r * r)) / n


def _key_at(s: Worksheet, blank_id: str, env: dict[str, Any]) -> float:
    key = s.blank(blank_id).expected
    assert isinstance(key, MatrixAnswer) and key.compute is not None
    return float(np.asarray(key.compute(env)).reshape(-1)[0])


@pytest.mark.parametrize("seed", range(3))
def test_the_loss_after_one_step_its_derivatives_and_best_eta(seed: int) -> None:
    s, env = sheet("one-step-in-eta"), _env(seed)
    eta, h = env["η"], 1e-4
    loss = lambda e: _loss_after_step(env, e)  # noqa: E731
    assert _key_at(s, "question:loss", env) == pytest.approx(loss(eta), rel=1e-9)
    slope = (loss(eta + h) - loss(eta - h)) / (2 * h)
    assert _key_at(s, "question:slope", env) == pytest.approx(slope, rel=1e-5)
    curvature = (loss(eta + h) - 2 * loss(eta) + loss(eta - h)) / h**2
    assert _key_at(s, "question:curvature", env) == pytest.approx(curvature, rel=1e-3)
    etas = np.linspace(0.0, 20.0, 400_001)
    best = etas[np.argmin([loss(e) for e in etas[::100]]) * 100]
    assert _key_at(s, "question:best", env) == pytest.approx(best, abs=0.01)


def test_the_gradient_at_zero() -> None:
    """∇J(0) = (2/1)·(2, 1)ᵀ·(0 - 2) = (-8, -4)."""
    s = sheet("gradient-at-zero")
    assert status(s, "answer", "2/n X^T X w - 2/n X^T t") == ("correct", None)
    assert status(s, "value", "[-8, -4]") == ("correct", None)


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max())
    return e / e.sum()


def test_the_softmax_keys_are_the_numeric_jacobian() -> None:
    s = sheet("softmax-indexed")
    x = np.array([0.5, -0.3, 1.1])
    h = 1e-6
    jac = np.stack(
        [(_softmax(x + h * e) - _softmax(x - h * e)) / (2 * h) for e in np.eye(3)], axis=1
    )
    key = s.blank("question:jacobian").expected.expr
    diagonal = s.blank("question:diagonal").expected.expr
    from engine.expr import evaluate

    sv = _softmax(x)
    for i in range(3):
        assert evaluate(diagonal, {"s_i": sv[i]}) == pytest.approx(jac[i, i], abs=1e-8)
        for j in range(3):
            env = {"s_i": sv[i], "s_j": sv[j], "δ_ij": float(i == j)}
            assert evaluate(key, env) == pytest.approx(jac[i, j], abs=1e-8)
    assert status(s, "question:jacobian", "-s_i s_j") == ("incorrect", "missing-delta")
    assert status(s, "question:jacobian", "s_i(δ_ij + s_j)") == ("incorrect", "softmax-sign")


def test_the_linear_layer_gradient_matches_finite_differences() -> None:
    rng = np.random.default_rng(3)
    env = {
        "W": rng.standard_normal((2, 3)),
        "x": rng.standard_normal((3, 1)),
        "b": rng.standard_normal((2, 1)),
        "y": rng.standard_normal((2, 1)),
    }

    def loss(w: np.ndarray) -> float:
        r = w @ env["x"] + env["b"] - env["y"]
        return float(np.sum(r * r))

    numeric = np.zeros((2, 3))
    for index in np.ndindex(2, 3):
        step = np.zeros((2, 3))
        step[index] = 1e-6
        numeric[index] = (loss(env["W"] + step) - loss(env["W"] - step)) / 2e-6
    s = sheet("linear-layer-indexed")
    key = s.blank("question:dW-matrix").expected
    assert np.allclose(key.compute(env), numeric, atol=1e-6)
    z = (env["W"] @ env["x"] + env["b"]).reshape(-1)
    from engine.expr import evaluate

    indexed = s.blank("question:dW").expected.expr
    for i in range(2):
        for j in range(3):
            values = {"z_i": z[i], "y_i": env["y"][i, 0], "x_j": env["x"][j, 0]}
            assert evaluate(indexed, values) == pytest.approx(numeric[i, j], abs=1e-6)
    assert status(s, "question:dW", "2(z_j - y_j) x_i") == ("incorrect", "indices-swapped")
    assert status(s, "question:dW-shape", "2x3") == ("correct", None)


def test_the_memory_of_the_two_modes() -> None:
    s = sheet("mode-memory")
    assert status(s, "question:forward", "O(1)") == ("correct", None)
    assert status(s, "question:forward", "O(T)") == ("incorrect", "known-mistake")
    assert status(s, "question:reverse", "O(2T + 3)") == ("correct", None)
