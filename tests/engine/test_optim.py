"""Optimizer iterates against hand-worked values and small numpy references written here.

The references follow PyTorch's own implementation (a momentum buffer created from the
first gradient, Adam's step size lr/(1 - β1^t) and denominator √v/√(1 - β2^t) + ε), not
the engine's rule tables, and take hand-written gradients, not the engine's reverse mode.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from engine.expr import evaluate, parse
from engine.optim import Objective, Settings, at_kink, rules, run
from engine.optim_analysis import (
    Convergence,
    curvature_1d,
    line_curvature,
    sample_curve,
    sample_grid,
)
from engine.optim_mistakes import perturbations

Grad = Callable[[np.ndarray], np.ndarray]

# f(w) = ½wᵀAw - bᵀw, written out for the engine; its gradient is Aw - b.
A = np.array([[3.0, 1.0], [1.0, 2.0]])
B = np.array([1.0, -2.0])
QUADRATIC = "1.5*w1^2 + w1*w2 + w2^2 - w1 + 2*w2"


def quadratic_grad(w: np.ndarray) -> np.ndarray:
    return A @ w - B


# f(w) = softplus(w1·w2) + w1²/2: not a quadratic.
SMOOTH = "softplus(w1*w2) + w1^2/2"


def smooth_grad(w: np.ndarray) -> np.ndarray:
    s = 1.0 / (1.0 + np.exp(-w[0] * w[1]))
    return np.array([w[1] * s + w[0], w[0] * s])


CASES = [(QUADRATIC, quadratic_grad, [1.0, -1.0]), (SMOOTH, smooth_grad, [0.5, 1.5])]


def engine_run(text: str, start: list[float], settings: Settings, steps: int = 5):
    params = ("w1", "w2")[: len(start)] if len(start) > 1 else ("w",)
    return run(Objective(parse(text, params), params), settings, steps, start)


def torch_sgd(grad: Grad, w, lr, steps, momentum=0.0, dampening=0.0, nesterov=False):
    """torch.optim.SGD, step by step: returns the iterates and the momentum buffers."""
    w = np.array(w, dtype=float)
    buf = None
    iterates, buffers = [w.copy()], []
    for _ in range(steps):
        d_p = grad(w)
        if momentum != 0:
            buf = d_p.copy() if buf is None else buf * momentum + d_p * (1 - dampening)
            buffers.append(buf.copy())
            d_p = d_p + momentum * buf if nesterov else buf
        w = w + (-lr) * d_p
        iterates.append(w.copy())
    return iterates, buffers


def classic_momentum(grad: Grad, w, lr, mu, steps, look_ahead=False):
    """v = μv - η∇f(w) (or ∇f(w + μv), Sutskever's Nesterov); w = w + v."""
    w = np.array(w, dtype=float)
    v = np.zeros_like(w)
    iterates, velocities = [w.copy()], []
    for _ in range(steps):
        g = grad(w + mu * v) if look_ahead else grad(w)
        v = mu * v - lr * g
        w = w + v
        iterates.append(w.copy())
        velocities.append(v.copy())
    return iterates, velocities


def torch_adagrad(grad: Grad, w, lr, steps, eps=1e-10):
    w = np.array(w, dtype=float)
    state_sum = np.zeros_like(w)
    iterates, sums = [w.copy()], []
    for _ in range(steps):
        g = grad(w)
        state_sum = state_sum + g * g
        std = np.sqrt(state_sum) + eps
        w = w - lr * (g / std)
        iterates.append(w.copy())
        sums.append(state_sum.copy())
    return iterates, sums


def torch_rmsprop(grad: Grad, w, lr, steps, alpha=0.99, eps=1e-8):
    w = np.array(w, dtype=float)
    square_avg = np.zeros_like(w)
    iterates, avgs = [w.copy()], []
    for _ in range(steps):
        g = grad(w)
        square_avg = alpha * square_avg + (1 - alpha) * g * g
        w = w - lr * g / (np.sqrt(square_avg) + eps)
        iterates.append(w.copy())
        avgs.append(square_avg.copy())
    return iterates, avgs


def torch_adam(grad: Grad, w, lr, steps, betas=(0.9, 0.999), eps=1e-8):
    w = np.array(w, dtype=float)
    exp_avg, exp_avg_sq = np.zeros_like(w), np.zeros_like(w)
    iterates, moments = [w.copy()], []
    for step in range(1, steps + 1):
        g = grad(w)
        exp_avg = exp_avg + (g - exp_avg) * (1 - betas[0])  # torch's lerp_
        exp_avg_sq = exp_avg_sq * betas[1] + (1 - betas[1]) * g * g
        bias_correction1 = 1 - betas[0] ** step
        bias_correction2_sqrt = np.sqrt(1 - betas[1] ** step)
        step_size = lr / bias_correction1
        denom = np.sqrt(exp_avg_sq) / bias_correction2_sqrt + eps
        w = w - step_size * exp_avg / denom
        iterates.append(w.copy())
        moments.append((exp_avg.copy(), exp_avg_sq.copy()))
    return iterates, moments


def assert_iterates(trace, expected) -> None:
    got = np.array(trace.iterates)
    np.testing.assert_allclose(got, np.array(expected), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("alpha", [0.5, 1.5, 2.5])
def test_step_size_sweep_has_the_closed_form(alpha: float) -> None:
    """Course problem 3: w_t = 100(1 - (1 - α)^t) on L(w) = ½(w·1 - 100)², w0 = 0."""
    trace = engine_run("(w*1 - 100)^2/2", [0.0], Settings("gd", alpha), steps=5)
    for t, w in enumerate(trace.iterates):
        assert w[0] == pytest.approx(100 * (1 - (1 - alpha) ** t), rel=1e-12)
        assert trace.losses[t] == pytest.approx(0.5 * (w[0] - 100) ** 2)
    assert not trace.diverged


@pytest.mark.parametrize(("text", "grad", "start"), CASES)
def test_gd_matches_reference(text, grad, start) -> None:
    trace = engine_run(text, start, Settings("gd", 0.1))
    iterates, _ = torch_sgd(grad, start, 0.1, 5)
    assert_iterates(trace, iterates)
    for step, w in zip(trace.steps, iterates, strict=False):
        np.testing.assert_allclose(step.gradient, grad(w), rtol=1e-12)


@pytest.mark.parametrize(("text", "grad", "start"), CASES)
@pytest.mark.parametrize("nesterov", [False, True])
def test_pytorch_momentum_matches_reference(text, grad, start, nesterov) -> None:
    method = "nesterov" if nesterov else "momentum"
    trace = engine_run(text, start, Settings(method, 0.1, momentum=0.8))
    iterates, buffers = torch_sgd(grad, start, 0.1, 5, momentum=0.8, nesterov=nesterov)
    assert_iterates(trace, iterates)
    for step, buf in zip(trace.steps, buffers, strict=True):
        np.testing.assert_allclose(step.state["velocity"], buf, rtol=1e-12)


def test_pytorch_dampening_leaves_the_first_step_undamped() -> None:
    trace = engine_run(
        QUADRATIC, [1.0, -1.0], Settings("momentum", 0.1, momentum=0.9, dampening=0.5)
    )
    iterates, buffers = torch_sgd(quadratic_grad, [1.0, -1.0], 0.1, 5, 0.9, dampening=0.5)
    assert_iterates(trace, iterates)
    np.testing.assert_allclose(trace.steps[0].state["velocity"], quadratic_grad(np.array([1, -1])))
    np.testing.assert_allclose(trace.steps[3].state["velocity"], buffers[3], rtol=1e-12)


@pytest.mark.parametrize(("text", "grad", "start"), CASES)
@pytest.mark.parametrize("look_ahead", [False, True])
def test_classic_momentum_matches_reference(text, grad, start, look_ahead) -> None:
    method = "nesterov" if look_ahead else "momentum"
    trace = engine_run(text, start, Settings(method, 0.1, momentum=0.8, convention="classic"))
    iterates, velocities = classic_momentum(grad, start, 0.1, 0.8, 5, look_ahead)
    assert_iterates(trace, iterates)
    for step, v in zip(trace.steps, velocities, strict=True):
        np.testing.assert_allclose(step.state["velocity"], v, rtol=1e-12)


def test_the_two_momentum_forms_give_the_same_iterates() -> None:
    """With a constant η, v_classic = -η·b_pytorch: same path, different velocity blanks."""
    pytorch = engine_run(SMOOTH, [0.5, 1.5], Settings("momentum", 0.2, momentum=0.9))
    classic = engine_run(
        SMOOTH, [0.5, 1.5], Settings("momentum", 0.2, momentum=0.9, convention="classic")
    )
    np.testing.assert_allclose(pytorch.iterates, classic.iterates, rtol=1e-12)
    for a, b in zip(pytorch.steps, classic.steps, strict=True):
        np.testing.assert_allclose(
            np.array(b.state["velocity"]), -0.2 * np.array(a.state["velocity"]), rtol=1e-12
        )


@pytest.mark.parametrize(("text", "grad", "start"), CASES)
def test_adagrad_matches_reference(text, grad, start) -> None:
    trace = engine_run(text, start, Settings("adagrad", 0.5))
    iterates, sums = torch_adagrad(grad, start, 0.5, 5)
    assert_iterates(trace, iterates)
    np.testing.assert_allclose(trace.steps[-1].state["accum"], sums[-1], rtol=1e-12)


@pytest.mark.parametrize(("text", "grad", "start"), CASES)
@pytest.mark.parametrize("alpha", [0.99, 0.9])
def test_rmsprop_matches_reference(text, grad, start, alpha) -> None:
    trace = engine_run(text, start, Settings("rmsprop", 0.01, alpha=alpha))
    iterates, avgs = torch_rmsprop(grad, start, 0.01, 5, alpha=alpha)
    assert_iterates(trace, iterates)
    np.testing.assert_allclose(trace.steps[2].state["v"], avgs[2], rtol=1e-12)


@pytest.mark.parametrize(("text", "grad", "start"), CASES)
@pytest.mark.parametrize("eps", [None, 0.1])
def test_adam_matches_reference(text, grad, start, eps) -> None:
    trace = engine_run(text, start, Settings("adam", 0.1, eps=eps))
    iterates, moments = torch_adam(grad, start, 0.1, 5, eps=1e-8 if eps is None else eps)
    assert_iterates(trace, iterates)
    for t, (step, (m, v)) in enumerate(zip(trace.steps, moments, strict=True), start=1):
        np.testing.assert_allclose(step.state["m"], m, rtol=1e-12)
        np.testing.assert_allclose(step.state["v"], v, rtol=1e-12)
        np.testing.assert_allclose(step.state["m_hat"], m / (1 - 0.9**t), rtol=1e-12)
        np.testing.assert_allclose(step.state["v_hat"], v / (1 - 0.999**t), rtol=1e-12)


def test_adams_first_step_moves_each_coordinate_by_about_lr() -> None:
    """m̂(1) = g and v̂(1) = g², so the first step is η·g/(|g| + ε) ≈ η·sign(g)."""
    trace = engine_run(QUADRATIC, [1.0, -1.0], Settings("adam", 0.3), steps=1)
    g = quadratic_grad(np.array([1.0, -1.0]))
    moved = np.array(trace.iterates[1]) - np.array([1.0, -1.0])
    np.testing.assert_allclose(moved, -0.3 * np.sign(g), rtol=1e-7)


def test_sgd_uses_one_term_and_reports_the_full_loss() -> None:
    """Course problem 2 by hand: f = ½(w-2)² + ½(w+1)², w0 = 0, η = 0.5, term 1 first."""
    terms = (parse("(w - 2)^2/2", ("w",)), parse("(w + 1)^2/2", ("w",)))
    full = parse("(w - 2)^2/2 + (w + 1)^2/2", ("w",))
    objective = Objective(full, ("w",), terms, (1, 0))
    trace = run(objective, Settings("sgd", 0.5), 2, [0.0])
    assert [s.term for s in trace.steps] == [1, 0]
    assert trace.steps[0].gradient == (1.0,)  # d/dw ½(w+1)² at 0
    assert trace.iterates[1] == (-0.5,)
    assert trace.losses[:2] == (2.5, 3.25)  # the step increased f
    assert trace.steps[1].gradient == (-2.5,)  # d/dw ½(w-2)² at -0.5
    assert trace.iterates[2] == (0.75,)


def test_gd_reaches_the_minimum_norm_solution_and_adagrad_does_not() -> None:
    """Course problem 4: J = (2w1 + w2 - 2)², w0 = 0; ∇J(0) = (-8, -4)."""
    gd = engine_run("(2*w1 + w2 - 2)^2", [0.0, 0.0], Settings("gd", 0.1), steps=1)
    assert gd.steps[0].gradient == (-8.0, -4.0)
    np.testing.assert_allclose(gd.iterates[1], [0.8, 0.4])  # Xᵀ(XXᵀ)⁻¹t = (2, 1)·2/5
    ada = engine_run("(2*w1 + w2 - 2)^2", [0.0, 0.0], Settings("adagrad", 0.5), steps=3)
    for w in ada.iterates[1:]:
        assert w[0] == pytest.approx(w[1], rel=1e-9)  # every step along (1, 1)
    assert ada.iterates[1][0] == pytest.approx(0.5, rel=1e-9)


def test_divergence_stops_the_trace_without_an_error() -> None:
    trace = engine_run("w^4", [2.0], Settings("gd", 0.25), steps=6)
    assert [w[0] for w in trace.iterates] == [2.0, -6.0, 210.0, 210.0 - 210.0**3]
    assert trace.diverged and trace.stopped and "10^12" in trace.stop_reason
    assert len(trace.losses) == len(trace.iterates)


def test_leaving_the_domain_stops_the_trace() -> None:
    """f = ln(w) + w², w0 = 2, η = 0.3: w1 = 2 - 0.3·4.5 = 0.65, then w2 < 0 where ln fails."""
    trace = engine_run("log(w) + w^2", [2.0], Settings("gd", 0.3), steps=3)
    assert trace.iterates[1][0] == pytest.approx(0.65)
    assert 0.65 - 0.3 * (1 / 0.65 + 1.3) < 0
    assert trace.stopped and not trace.diverged and len(trace.steps) == 1
    assert "step 2 cannot be computed" in trace.stop_reason


def test_gradient_at_a_kink_is_reported() -> None:
    assert at_kink(parse("relu(w) + w^2", ("w",)), np.array([0.0]), ("w",)) == "relu"
    trace = engine_run("abs(w - 1) + w^2", [1.0], Settings("gd", 0.1), steps=1)
    assert trace.kinks == ("abs at step 1",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("(w*1 - 100)^2/2", 1.0), ("(3*w - 2)^2", 18.0), ("w^4", None), ("exp(w)", None)],
)
def test_curvature_of_a_one_dimensional_quadratic(text: str, expected: float | None) -> None:
    assert curvature_1d(parse(text, ("w",)), "w") == expected


def test_convergence_of_gd_on_a_quadratic() -> None:
    for alpha, contraction, converges in [
        (0.5, 0.5, True),
        (1.5, 0.5, True),
        (2.5, 1.5, False),
        (2.0, 1.0, False),
    ]:
        found = Convergence.of(1.0, alpha)
        assert (found.contraction, found.converges, found.max_lr) == (contraction, converges, 2.0)
    assert Convergence.of(-1.0, 0.1).max_lr is None


def test_line_curvature_is_g_h_g() -> None:
    g = quadratic_grad(np.array([1.0, -1.0]))
    along = line_curvature(parse(QUADRATIC, ("w1", "w2")), ("w1", "w2"), np.array([1.0, -1.0]), g)
    assert along == pytest.approx(float(g @ A @ g), rel=1e-9)
    assert (
        line_curvature(
            parse(SMOOTH, ("w1", "w2")),
            ("w1", "w2"),
            np.array([0.5, 1.5]),
            smooth_grad(np.array([0.5, 1.5])),
        )
        is None
    )


def test_samples_cover_the_iterates_and_skip_undefined_points() -> None:
    xs, fs = sample_curve(parse("log(w)", ("w",)), "w", [0.5, 2.0])
    assert xs[0] < 0.5 and xs[-1] > 2.0 and len(xs) == len(fs)
    assert all((f is None) == (x <= 0) for x, f in zip(xs, fs, strict=True))
    gx, gy, rows = sample_grid(parse(QUADRATIC, ("w1", "w2")), ("w1", "w2"), [(1, -1), (0, 2)])
    assert len(rows) == len(gy) and all(len(r) == len(gx) for r in rows)
    w = np.array([gx[3], gy[7]])
    assert rows[7][3] == pytest.approx(0.5 * w @ A @ w - B @ w)


def test_every_rule_has_a_mistake_catalogue() -> None:
    for method in ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"):
        settings = Settings(method, 0.1)
        for rule in rules(settings):
            ids = {p.id for p in perturbations(settings, rule.name)}
            assert ids, (method, rule.name)
            if rule.name == "iterate":
                assert {"sign-flip", "lr-missing"} <= ids


def test_samples_agree_with_the_scalar_evaluation_of_every_op() -> None:
    text = "sigmoid(w) + softplus(w) + tanh(w) + relu(w) + abs(w) + sqrt(w^2 + 1) + exp(w/10)"
    expr = parse(text + " + cos(w) - sin(w)/2 + tan(w/10) + log(w + 5)", ("w",))
    xs, fs = sample_curve(expr, "w", [-3.0, 4.0])
    for x, f in zip(xs, fs, strict=True):
        assert f == pytest.approx(evaluate(expr, {"w": x}), rel=1e-12)
