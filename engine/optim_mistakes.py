"""Provides the catalogue of known optimizer mistakes: perturbed versions of the update rules.

Each perturbation recomputes one quantity of a step (a state or the iterate) the way a
student who made that mistake would, from the same environment as the rule itself
(engine.optim.step_env). Mistakes about the objective (a stale or wrong-term gradient)
are the kind's, which knows the objective.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from engine.answers import show_number
from engine.catalogue import message
from engine.optim_corrections import corrected_at, step_corrected_at
from engine.optim_rules import Array, Env, Rule, Settings, rules

#: The environment key holding the gradient of the step before (present from step 2 on).
STALE_GRADIENT = "g_stale"

STALE_MESSAGE = (
    "this uses the previous step's gradient; each step uses the gradient at the newest iterate"
)


@dataclass(frozen=True)
class Perturbation:
    """A mistaken way to compute one quantity: its id, a message that teaches, the value."""

    id: str
    message: str
    fn: Callable[[Settings, int, Env], Array | None]


def _rule(settings: Settings, name: str) -> Rule:
    return next(r for r in rules(settings) if r.name == name)


def _stale(rule: Rule) -> Perturbation:
    def fn(s: Settings, t: int, e: Env) -> Array | None:
        if STALE_GRADIENT not in e:
            return None
        return rule.fn(s, t, {**e, "g": e[STALE_GRADIENT]})

    return Perturbation("stale-gradient", STALE_MESSAGE, fn)


def _root(value: Array) -> Array:
    return np.sqrt(value)


def _iterate(settings: Settings) -> list[Perturbation]:
    rule, method = _rule(settings, "iterate"), settings.method
    found: list[Perturbation] = []
    if method == "adam":
        found.append(
            Perturbation(
                "no-bias-correction",
                "this uses m and v without bias correction; Adam steps with m̂ = m/(1 - β1^t) and "
                "v̂ = v/(1 - β2^t), which undo the pull of their zero start",
                lambda s, t, e: e["w"] - s.lr * e["m"] / (_root(e["v"]) + s.epsilon),
            )
        )
    if method == "adam":
        found.extend(_hats_off_by_one())
    if method in ("adagrad", "rmsprop", "adam"):
        state, top = {"adagrad": ("accum", "g"), "rmsprop": ("v", "g"), "adam": ("v_hat", "m_hat")}[
            method
        ]
        found.append(
            Perturbation(
                "eps-inside-sqrt",
                "ε is added after the square root (√v + ε), not inside it (√(v + ε))",
                lambda s, t, e: e["w"] - s.lr * e[top] / _root(e[state] + s.epsilon),
            )
        )
        found.extend(_adaptive_iterate(method, state, top))
    found.extend(_momentum_iterate(settings))
    # η left out before the stale gradient: a student whose g(t-1) is right more likely
    # dropped η than reached back a step for the gradient (DIAGNOSIS.md §2).
    found.append(
        Perturbation(
            "lr-missing",
            "the learning rate η is missing: the step is η times the update direction",
            lambda s, t, e: rule.fn(replace(s, lr=1.0), t, e),
        )
    )
    found.append(
        Perturbation(
            "lr-inverted",
            "this steps with 1/η; the learning rate η multiplies the update direction",
            lambda s, t, e: rule.fn(replace(s, lr=1.0 / s.lr), t, e) if s.lr != 1 else None,
        )
    )
    if "g" in rule.inputs:
        found.append(_stale(rule))
    found.append(
        Perturbation(
            "sign-flip",
            "this steps up the gradient; descent subtracts the step and moves downhill",
            lambda s, t, e: 2 * e["w"] - rule.fn(s, t, e),
        )
    )
    return found


def _adaptive_iterate(method: str, state: str, top: str) -> list[Perturbation]:
    """The adaptive step divided by the state itself, or by the state of the step before."""
    symbol = {"accum": "G", "v": "v", "v_hat": "v̂"}[state]
    found = [
        Perturbation(
            "no-sqrt",
            f"this divides by {symbol}(t) itself; the step divides by its square root, "
            f"√{symbol}(t) + ε, which has the units of the gradient",
            lambda s, t, e: e["w"] - s.lr * e[top] / (e[state] + s.epsilon),
        )
    ]
    if method in ("adagrad", "rmsprop"):

        def stale(s: Settings, t: int, e: Env) -> Array | None:
            before = e[f"prev_{state}"]
            if not np.any(before):
                return None
            return e["w"] - s.lr * e[top] / (_root(before) + s.epsilon)

        found.append(
            Perturbation(
                "stale-accumulator",
                f"this divides by √{symbol}(t-1), the state of the step before; update "
                f"{symbol}(t) with the new squared gradient first, then divide by its root",
                stale,
            )
        )
    return found


def _hats_off_by_one() -> list[Perturbation]:
    """Adam's step with both bias corrections taken at t - 1 or t + 1 (hats left unwritten)."""
    text = (
        "this step corrects m and v with the wrong t; the bias correction divides by "
        "1 - β^t with t the number of steps taken, counting this one (t = 1 at the first step)"
    )
    return [Perturbation("t-off-by-one", text, step_corrected_at(d)) for d in (-1, 1)]


def _velocity_after_step(settings: Settings) -> Perturbation:
    """The step taken along the velocity of the step before, the velocity updated after it."""

    def fn(s: Settings, t: int, e: Env) -> Array | None:
        before = e["prev_velocity"]
        if not np.any(before):
            return None
        return e["w"] + before if settings.classic else e["w"] - s.lr * before

    return Perturbation(
        "velocity-after-step",
        message("velocity-after-step"),
        fn,
    )


def _momentum_iterate(settings: Settings) -> list[Perturbation]:
    if settings.method not in ("momentum", "nesterov"):
        return []
    plain = Perturbation(
        "no-momentum",
        "this is a plain gradient step w - η·g; with momentum the step is taken along the "
        "velocity, which carries the earlier steps",
        lambda s, t, e: e["w"] - s.lr * e["g"],
    )
    if settings.classic:
        return [
            Perturbation(
                "momentum-convention",
                "this subtracts η·v as PyTorch's form does; in the classic form v already holds "
                "-η·g, so the update is w + v",
                lambda s, t, e: e["w"] - s.lr * e["velocity"],
            ),
            plain,
            _velocity_after_step(settings),
        ]
    found = [
        Perturbation(
            "momentum-convention",
            "this adds v as the classic form does (w + v); with PyTorch's v = μ·v + g the update "
            "is w - η·v",
            lambda s, t, e: e["w"] + e["velocity"],
        ),
    ]
    if settings.method == "nesterov":
        found.append(
            Perturbation(
                "momentum-convention",
                "this is the plain (heavy-ball) momentum update w - η·v; Nesterov's step in "
                "PyTorch's form is w - η·(g + μ·v)",
                lambda s, t, e: e["w"] - s.lr * e["velocity"],
            )
        )
    return [*found, plain, _velocity_after_step(settings)]


def _velocity(settings: Settings) -> list[Perturbation]:
    rule = _rule(settings, "velocity")
    if settings.classic:
        return [
            Perturbation(
                "momentum-convention",
                "this is PyTorch's form v = μ·v + g; the classic form puts the learning rate "
                "and the minus sign into the velocity: v = μ·v - η·g",
                lambda s, t, e: s.momentum * e["prev_velocity"] + e["g"],
            ),
            Perturbation(
                "momentum-convention",
                "this is PyTorch's velocity (μ·v + g); in the classic form v = μ·v - η·g",
                lambda s, t, e: -rule.fn(s, t, e) / s.lr,
            ),
            _stale(rule),
            Perturbation(
                "lr-missing",
                "the learning rate η is missing: the classic velocity is v = μ·v - η·g",
                lambda s, t, e: rule.fn(replace(s, lr=1.0), t, e),
            ),
            Perturbation(
                "sign-flip",
                "the gradient's sign is flipped: v = μ·v - η·g moves against the gradient",
                lambda s, t, e: s.momentum * e["prev_velocity"] + s.lr * e["g"],
            ),
            _no_mu(
                settings.momentum,
                "v(t) = μ·v(t-1) - η·g(t-1)",
                lambda s, e: e["prev_velocity"] - s.lr * e["g"],
            ),
        ]
    return [
        Perturbation(
            "momentum-convention",
            "this is the classic form v = μ·v - η·g; PyTorch's form is v = μ·v + g, and the "
            "learning rate comes in the update w - η·v",
            lambda s, t, e: s.momentum * e["prev_velocity"] - s.lr * e["g"],
        ),
        Perturbation(
            "momentum-convention",
            "this is the classic velocity (-η times PyTorch's); here v = μ·v + g",
            lambda s, t, e: -s.lr * rule.fn(s, t, e),
        ),
        Perturbation(
            "momentum-convention",
            "this averages μ·v + (1 - μ)·g, as Adam's first moment does; PyTorch's momentum "
            "keeps the whole gradient: v = μ·v + g",
            lambda s, t, e: s.momentum * e["prev_velocity"] + (1 - s.momentum) * e["g"],
        ),
        _stale(rule),
        _no_mu(
            settings.momentum, "v(t) = μ·v(t-1) + g(t-1)", lambda s, e: e["prev_velocity"] + e["g"]
        ),
    ]


def _no_mu(mu: float, formula: str, fn: Callable[[Settings, Env], Array]) -> Perturbation:
    """The velocity with the decay μ left out: every earlier gradient kept in full."""

    def perturbed(s: Settings, t: int, e: Env) -> Array | None:
        return fn(s, e) if np.any(e["prev_velocity"]) else None

    return Perturbation(
        "no-momentum-factor",
        f"the old velocity is kept in full; it decays by μ = {show_number(mu)} each step: "
        f"{formula}",
        perturbed,
    )


def _not_squared(settings: Settings, name: str) -> list[Perturbation]:
    rule = _rule(settings, name)
    message = "the running sum or average takes the squared gradient g², not g itself"
    return [
        Perturbation(
            "accum-not-squared",
            message,
            lambda s, t, e: rule.fn(s, t, {**e, "g": np.sqrt(np.abs(e["g"]))}),
        ),
        Perturbation("accum-not-squared", message, lambda s, t, e: _linear(rule, s, t, e)),
        _stale(rule),
    ]


def _linear(rule: Rule, s: Settings, t: int, e: Env) -> Array | None:
    """The rule with g in place of g²: signed, which √|g| cannot reach for a negative g."""
    if np.all(e["g"] >= 0):
        return None
    squared = rule.fn(s, t, {**e, "g": np.zeros_like(e["g"])})
    weight = rule.fn(s, t, {**e, "g": np.ones_like(e["g"])}) - squared
    return squared + weight * e["g"]


#: The decay setting of each moving average, and its symbol on the sheet.
_DECAY = {
    ("adam", "m"): ("beta1", "β1"),
    ("adam", "v"): ("beta2", "β2"),
    ("rmsprop", "v"): ("alpha", "α"),
}


def _no_beta_factor(settings: Settings, name: str) -> list[Perturbation]:
    """A moving average whose new term lacks its weight (1 - β): β·m(t-1) + g, not + (1 - β)·g."""
    decay = _DECAY.get((settings.method, name))
    if decay is None:
        return []
    setting, symbol = decay
    rule = _rule(settings, name)
    new_term = "g(t-1)" if name == "m" else "g(t-1)²"

    def fn(s: Settings, t: int, e: Env) -> Array | None:
        weight = 1.0 - float(getattr(s, setting))
        if weight == 0:
            return None
        old = rule.fn(s, t, {**e, "g": np.zeros_like(e["g"])})
        return old + (rule.fn(s, t, e) - old) / weight

    def swapped(s: Settings, t: int, e: Env) -> Array | None:
        decay = float(getattr(s, setting))
        if decay in (0.0, 1.0):
            return None
        old = rule.fn(s, t, {**e, "g": np.zeros_like(e["g"])})
        new = rule.fn(s, t, e) - old
        return old * (1 - decay) / decay + new * decay / (1 - decay)

    return [
        Perturbation("no-beta-factor", message("no-beta-factor", new=new_term, beta=symbol), fn),
        Perturbation(
            "beta-swapped",
            f"the weights are swapped: this keeps (1 - {symbol}) of the old value and adds "
            f"{symbol} times {new_term}; a moving average keeps {symbol} of the old value",
            swapped,
        ),
    ]


def _no_accumulation(settings: Settings, name: str) -> list[Perturbation]:
    """The running sum or average restarted from the new term alone."""
    rule = _rule(settings, name)
    symbol = "G" if name == "accum" else name

    def fn(s: Settings, t: int, e: Env) -> Array | None:
        before = e[f"prev_{name}"]
        if not np.any(before):
            return None
        return rule.fn(s, t, {**e, f"prev_{name}": np.zeros_like(before)})

    return [
        Perturbation(
            "no-accumulation",
            f"this starts {symbol}(t) afresh from the new squared gradient; {symbol}(t) "
            f"builds on {symbol}(t-1), which carries every earlier step",
            fn,
        )
    ]


def _corrected(name: str, beta: str) -> list[Perturbation]:
    raw, symbol = name[0], "β1" if beta == "beta1" else "β2"
    message = (
        f"the bias correction divides by 1 - {symbol}^t with t the number of "
        "steps taken, counting this one (t = 1 at the first step)"
    )
    return [
        Perturbation(
            "no-bias-correction",
            f"this is {raw}(t) itself; Adam divides it by 1 - {symbol}^t to correct the bias "
            "of its zero start",
            lambda s, t, e: e[raw],
        ),
        *(Perturbation("t-off-by-one", message, corrected_at(raw, beta, d)) for d in (-1, 1)),
    ]


def perturbations(settings: Settings, name: str) -> tuple[Perturbation, ...]:
    """The known mistakes for quantity `name` of the settings' method, most specific first."""
    if name == "iterate":
        return tuple(_iterate(settings))
    if name == "velocity":
        return tuple(_velocity(settings))
    if name in ("accum", "v"):
        return (
            *_no_beta_factor(settings, name),
            *_not_squared(settings, name),
            *_no_accumulation(settings, name),
        )
    if name == "m":
        return (*_no_beta_factor(settings, name), _stale(_rule(settings, name)))
    if name == "m_hat":
        return tuple(_corrected("m_hat", "beta1"))
    if name == "v_hat":
        return tuple(_corrected("v_hat", "beta2"))
    return (_stale(_rule(settings, name)),)
