"""Provides the prompt, the `result` JSON and the visual of a `gradient-descent` worksheet."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from engine.answers import show_number
from engine.optim import (
    SETTINGS_OF,
    STATE_NAMES,
    Settings,
    Trace,
    Vector,
    gradient_point_formula,
    rules,
)
from engine.optim_analysis import Convergence, sample_curve, sample_grid
from exercises.kinds.optimizer_blanks import state_symbol
from exercises.kinds.optimizer_spec import ASKS, Spec, subscript

METHOD_NAMES = {
    "gd": "gradient descent",
    "sgd": "stochastic gradient descent (one term per step)",
    "momentum": "SGD with momentum",
    "nesterov": "SGD with Nesterov momentum",
    "adagrad": "AdaGrad",
    "rmsprop": "RMSprop",
    "adam": "Adam",
}
TORCH_NAMES = {
    "gd": "torch.optim.SGD",
    "sgd": "torch.optim.SGD",
    "momentum": "torch.optim.SGD with momentum=μ",
    "nesterov": "torch.optim.SGD with momentum=μ, nesterov=True",
    "adagrad": "torch.optim.Adagrad",
    "rmsprop": "torch.optim.RMSprop",
    "adam": "torch.optim.Adam",
}


@dataclass(frozen=True)
class OptimizerVisual:
    """What the app draws beside the blanks: the path of the iterates over the objective.

    One parameter: f sampled on `curve_x` (None where f is undefined). Two: f on the grid
    `grid_x` x `grid_y`, rows `grid_f[j][i] = f(grid_x[i], grid_y[j])`. More: the path only.
    """

    params: tuple[str, ...]
    iterates: tuple[Vector, ...]
    losses: tuple[float, ...]
    diverged: bool
    curve_x: tuple[float, ...] = ()
    curve_f: tuple[float | None, ...] = ()
    grid_x: tuple[float, ...] = ()
    grid_y: tuple[float, ...] = ()
    grid_f: tuple[tuple[float | None, ...], ...] = ()


def visual_of(spec: Spec, trace: Trace) -> OptimizerVisual:
    expr, params = spec.objective.expr, spec.objective.params
    visual = OptimizerVisual(params, trace.iterates, trace.losses, trace.diverged)
    if len(params) == 1:
        xs, fs = sample_curve(expr, params[0], [w[0] for w in trace.iterates])
        return replace(visual, curve_x=xs, curve_f=fs)
    if len(params) == 2:
        xs, ys, rows = sample_grid(expr, (params[0], params[1]), trace.iterates)
        return replace(visual, grid_x=xs, grid_y=ys, grid_f=rows)
    return visual


def _settings_text(s: Settings) -> str:
    shown = {
        "momentum": f"μ = {s.momentum:g}",
        "dampening": f"τ = {s.dampening:g}",
        "alpha": f"α = {s.alpha:g}",
        "beta1": f"β1 = {s.beta1:g}",
        "beta2": f"β2 = {s.beta2:g}",
        "eps": f"ε = {s.epsilon:g}",
    }
    names = [n for n in SETTINGS_OF[s.method] if n in shown]
    if "dampening" in names and s.dampening == 0:
        names.remove("dampening")
    return "".join(f", {shown[n]}" for n in names)


def _task(spec: Spec) -> str:
    parts = ["the gradient g"] + [_STATE_WORDS[n] for n in STATE_NAMES[spec.settings.method]]
    if spec.settings.method == "adam":
        parts[2] = "the second moment v"
    parts.append("the new iterate")
    asked = ", ".join(parts[:-1]) + f" and {parts[-1]}"
    noun = "step" if spec.steps == 1 else "steps"
    name = METHOD_NAMES[spec.settings.method]
    if not spec.steps:
        return f"Study {name} on f below."
    also = (
        " Also give the loss f at the start and after each step."
        if ("ask_loss" in spec.asks)
        else ""
    )
    return f"Take {spec.steps} {noun} of {name} on f below. For each step give {asked}.{also}"


_STATE_WORDS = {
    "velocity": "the velocity v",
    "accum": "the sum of squared gradients G",
    "v": "the running average of squared gradients v",
    "m": "the first moment m",
    "m_hat": "the corrected m̂",
    "v_hat": "the corrected v̂",
}
_ASK_TEXT = {
    "ask_convergence": "the contraction factor |1 - η·f''| by which each GD step shrinks the "
    "distance to the minimum (f'' is constant on a quadratic), and whether GD converges",
    "ask_max_lr": "the largest η for which GD converges (the supremum: 0 < η < η_max)",
    "ask_lr_derivative": "the derivative d f({w}(1))/dη of the loss after one step in the "
    "learning rate",
    "ask_best_lr": "the learning rate η* that minimises f({w}(1)) (exact line search)",
}


def prompt_text(spec: Spec, trace: Trace, custom: str | None) -> str:
    """The pack's prompt (or a generated task), then f, the start and the update rules."""
    s, sym, objective = spec.settings, spec.symbol, spec.objective
    lines = [custom.strip() if custom else _task(spec), ""]
    if spec.term_texts:
        total = " + ".join(f"f{subscript(k)}" for k in range(len(spec.term_texts)))
        lines.append(f"f({sym}) = {total}, with")
        lines += [f"- f{subscript(k)}({sym}) = {text}" for k, text in enumerate(spec.term_texts)]
        if objective.order:
            used = ", ".join(f"step {s.t}: f{subscript(s.term or 0)}" for s in trace.steps)
            lines.append(
                f"\nEach step uses the gradient of one term ({used}); the loss is "
                "always the whole f."
            )
    else:
        lines.append(f"f({sym}) = {spec.objective_text}")
    if not spec.scalar:
        lines.append(
            f"\n{sym} = ({', '.join(objective.params)}): enter vectors in this order, "
            "like [1.5, -2]."
        )
    start = (
        show_number(float(spec.start[0]))
        if spec.scalar
        else "[" + ", ".join(show_number(float(x)) for x in spec.start) + "]"
    )
    lr = (
        f", learning rate η = {show_number(s.lr)}"
        if spec.steps or "ask_convergence" in spec.asks
        else ""
    )
    lines.append(f"\nStart: {sym}(0) = {start}{lr}{_settings_text(s)}.")
    if spec.steps:
        form = (
            "the classic textbook form"
            if s.classic
            else f"PyTorch's form ({TORCH_NAMES[s.method]})"
        )
        lines.append(f"\nUpdate rules of {METHOD_NAMES[s.method]}, in {form}, for t = 1, 2, ...:")
        where = "the look-ahead point" if "μ" in gradient_point_formula(s) else "iterate t"
        formula = gradient_point_formula(s).replace("{w}", sym)
        if objective.order:
            formula = formula.replace("∇f(", "∇fₖ(")
            where += " of the term fₖ that step t + 1 uses"
        lines.append(f"- {formula}, the gradient at {where}")
        lines += [f"- {r.formula.replace('{w}', sym)}" for r in rules(s)]
        kept = [n for n in STATE_NAMES[s.method] if "_hat" not in n]
        if kept:
            lines.append(
                "\nThe state starts at zero: "
                + ", ".join(f"{state_symbol(n)}(0) = 0" for n in kept)
                + "."
            )
        if not spec.scalar and s.method in ("adagrad", "rmsprop", "adam"):
            lines.append("Squares, square roots and divisions act element by element.")
    asked = [_ASK_TEXT[a].replace("{w}", sym) for a in ASKS if a in spec.asks and a in _ASK_TEXT]
    if asked:
        lines.append(("\nThen give " if spec.steps else "\nGive ") + "; ".join(asked) + ".")
    if trace.stopped:
        lines.append(f"\n**The trace stops after step {len(trace.steps)}**: {trace.stop_reason}.")
    return "\n".join(lines)


def result_json(
    spec: Spec, trace: Trace, conv: Convergence | None, extras: Mapping[str, Any]
) -> dict[str, Any]:
    s = spec.settings
    result: dict[str, Any] = {
        "params": list(spec.objective.params),
        "method": s.method,
        "convention": "classic" if s.classic else "pytorch",
        "lr": s.lr if spec.steps or "ask_convergence" in spec.asks else None,
        "iterates": [list(w) for w in trace.iterates],
        "gradients": [list(step.gradient) for step in trace.steps],
        "losses": list(trace.losses),
        "diverged": trace.diverged,
        "stopped": trace.stopped,
        "stop_reason": trace.stop_reason or None,
        "state": {n: [list(step.state[n]) for step in trace.steps] for n in STATE_NAMES[s.method]},
    }
    if s.classic and s.method == "nesterov":
        result["gradient_points"] = [list(step.point) for step in trace.steps]
    if spec.objective.order:
        result["terms_used"] = [step.term for step in trace.steps]
    if conv is not None:
        has_lr = result["lr"] is not None
        result["convergence"] = {
            "curvature": conv.curvature,
            "contraction": conv.contraction if has_lr else None,
            "converges": conv.converges if has_lr else None,
            "max_lr": conv.max_lr,
        }
    result.update(extras)
    return result
