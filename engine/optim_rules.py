"""Provides the optimizer update rules: GD, SGD, momentum, Nesterov, AdaGrad, RMSprop and Adam.

Each method is a table of rules (one per state quantity, then the iterate) with PyTorch's
formulas and defaults, or the textbook form of momentum when `convention` is "classic".
The same rules compute the trace (engine.optim), the follow-through of a student's own
entries, and, perturbed, the catalogue of known mistakes (engine.optim_mistakes).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
Vector = tuple[float, ...]
Env = Mapping[str, Array]

METHODS = ("gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
CONVENTIONS = ("pytorch", "classic")
#: The largest |parameter| before the iterates count as diverged.
DIVERGENCE_LIMIT = 1e12
#: PyTorch's default eps of each adaptive method.
DEFAULT_EPS = {"adagrad": 1e-10, "rmsprop": 1e-8, "adam": 1e-8}
#: The state each method carries from step to step (all start at zero), then derived state.
STATE_NAMES: dict[str, tuple[str, ...]] = {
    "gd": (),
    "sgd": (),
    "momentum": ("velocity",),
    "nesterov": ("velocity",),
    "adagrad": ("accum",),
    "rmsprop": ("v",),
    "adam": ("m", "v", "m_hat", "v_hat"),
}
#: Which settings each method reads (the others are errors in an exercise).
SETTINGS_OF: dict[str, tuple[str, ...]] = {
    "gd": (),
    "sgd": (),
    "momentum": ("momentum", "dampening", "convention"),
    "nesterov": ("momentum", "convention"),
    "adagrad": ("eps",),
    "rmsprop": ("alpha", "eps"),
    "adam": ("beta1", "beta2", "eps"),
}


def vec(value: object) -> Array:
    """A float64 vector from a number or a sequence of numbers."""
    return np.atleast_1d(np.asarray(value, dtype=np.float64)).reshape(-1)


def as_vector(array: Array) -> Vector:
    return tuple(float(x) for x in array)


@dataclass(frozen=True)
class Settings:
    """A method and its hyperparameters; `eps` None means the method's PyTorch default."""

    method: str = "gd"
    lr: float = 0.1
    momentum: float = 0.9
    dampening: float = 0.0
    beta1: float = 0.9
    beta2: float = 0.999
    alpha: float = 0.99
    eps: float | None = None
    convention: str = "pytorch"

    @property
    def epsilon(self) -> float:
        return DEFAULT_EPS.get(self.method, 0.0) if self.eps is None else self.eps

    @property
    def classic(self) -> bool:
        return self.convention == "classic" and self.method in ("momentum", "nesterov")

    def problems(self) -> list[tuple[str, str]]:
        """(setting, message) for every value outside its range; empty when all are usable."""
        found: list[tuple[str, str]] = []
        if self.method not in METHODS:
            found.append(
                ("method", f"unknown method {self.method!r}; use one of {', '.join(METHODS)}")
            )
        if self.convention not in CONVENTIONS:
            found.append(
                (
                    "convention",
                    f"unknown convention {self.convention!r}; use 'pytorch' or 'classic'",
                )
            )
        if not self.lr > 0 or not math.isfinite(self.lr):
            found.append(("lr", f"the learning rate must be positive, not {self.lr:g}"))
        unit = {"momentum": self.momentum, "beta1": self.beta1, "beta2": self.beta2}
        for name, value in unit.items():
            if not 0 <= value < 1:
                found.append((name, f"{name} must be in [0, 1), not {value:g}"))
        for name, value in {"dampening": self.dampening, "alpha": self.alpha}.items():
            if not 0 <= value <= 1:
                found.append((name, f"{name} must be in [0, 1], not {value:g}"))
        if self.eps is not None and not self.eps >= 0:
            found.append(("eps", f"eps must be zero or positive, not {self.eps:g}"))
        if self.method in ("momentum", "nesterov") and self.momentum == 0:
            found.append(
                (
                    "momentum",
                    f"{self.method} with momentum 0 is plain gradient descent (PyTorch keeps no "
                    'velocity then): use method = "gd", or a momentum in (0, 1)',
                )
            )
        if self.classic and self.dampening != 0:
            found.append(
                ("dampening", "dampening is a PyTorch setting; the classic convention has none")
            )
        return found


RuleFunction = Callable[[Settings, int, Env], Array]


@dataclass(frozen=True)
class Rule:
    """One quantity of a step: its name, the names it reads, its formula, how it is computed.

    Input names: `w` (the previous iterate), `g` (the gradient used at this step),
    `prev_X` (state X after the previous step, zero before the first), and `X` (state X
    of this step, computed by an earlier rule). `formula` uses `{w}` for the parameter.
    """

    name: str
    inputs: tuple[str, ...]
    formula: str
    fn: RuleFunction


def _sgd_iterate(s: Settings, t: int, e: Env) -> Array:
    return e["w"] - s.lr * e["g"]


def _buffer(s: Settings, t: int, e: Env) -> Array:
    if t == 1:  # PyTorch starts the buffer at the first gradient, undamped
        return e["g"].copy()
    return s.momentum * e["prev_velocity"] + (1.0 - s.dampening) * e["g"]


def _classic_velocity(s: Settings, t: int, e: Env) -> Array:
    return s.momentum * e["prev_velocity"] - s.lr * e["g"]


def _buffer_iterate(s: Settings, t: int, e: Env) -> Array:
    return e["w"] - s.lr * e["velocity"]


def _nesterov_iterate(s: Settings, t: int, e: Env) -> Array:
    return e["w"] - s.lr * (e["g"] + s.momentum * e["velocity"])


def _classic_iterate(s: Settings, t: int, e: Env) -> Array:
    return e["w"] + e["velocity"]


def _accum(s: Settings, t: int, e: Env) -> Array:
    return e["prev_accum"] + e["g"] ** 2


def _adaptive_iterate(state: str) -> RuleFunction:
    def fn(s: Settings, t: int, e: Env) -> Array:
        return e["w"] - s.lr * e["g"] / (np.sqrt(e[state]) + s.epsilon)

    return fn


def _rms_v(s: Settings, t: int, e: Env) -> Array:
    return s.alpha * e["prev_v"] + (1.0 - s.alpha) * e["g"] ** 2


def _adam_m(s: Settings, t: int, e: Env) -> Array:
    return s.beta1 * e["prev_m"] + (1.0 - s.beta1) * e["g"]


def _adam_v(s: Settings, t: int, e: Env) -> Array:
    return s.beta2 * e["prev_v"] + (1.0 - s.beta2) * e["g"] ** 2


def _m_hat(s: Settings, t: int, e: Env) -> Array:
    return e["m"] / (1.0 - s.beta1**t)


def _v_hat(s: Settings, t: int, e: Env) -> Array:
    return e["v"] / (1.0 - s.beta2**t)


def _adam_iterate(s: Settings, t: int, e: Env) -> Array:
    return e["w"] - s.lr * e["m_hat"] / (np.sqrt(e["v_hat"]) + s.epsilon)


_GD = Rule("iterate", ("w", "g"), "{w}(t) = {w}(t-1) - η·g(t-1)", _sgd_iterate)
_ADAGRAD_ITERATE = "{w}(t) = {w}(t-1) - η·g(t-1) / (√G(t) + ε)"
_RMS_ITERATE = "{w}(t) = {w}(t-1) - η·g(t-1) / (√v(t) + ε)"
_RULES: dict[tuple[str, str], tuple[Rule, ...]] = {
    ("gd", "pytorch"): (_GD,),
    ("sgd", "pytorch"): (_GD,),
    ("momentum", "pytorch"): (
        Rule("velocity", ("prev_velocity", "g"), "v(t) = μ·v(t-1) + g(t-1)", _buffer),
        Rule("iterate", ("w", "velocity"), "{w}(t) = {w}(t-1) - η·v(t)", _buffer_iterate),
    ),
    ("nesterov", "pytorch"): (
        Rule("velocity", ("prev_velocity", "g"), "v(t) = μ·v(t-1) + g(t-1)", _buffer),
        Rule(
            "iterate",
            ("w", "g", "velocity"),
            "{w}(t) = {w}(t-1) - η·(g(t-1) + μ·v(t))",
            _nesterov_iterate,
        ),
    ),
    ("momentum", "classic"): (
        Rule("velocity", ("prev_velocity", "g"), "v(t) = μ·v(t-1) - η·g(t-1)", _classic_velocity),
        Rule("iterate", ("w", "velocity"), "{w}(t) = {w}(t-1) + v(t)", _classic_iterate),
    ),
    ("nesterov", "classic"): (
        Rule("velocity", ("prev_velocity", "g"), "v(t) = μ·v(t-1) - η·g(t-1)", _classic_velocity),
        Rule("iterate", ("w", "velocity"), "{w}(t) = {w}(t-1) + v(t)", _classic_iterate),
    ),
    ("adagrad", "pytorch"): (
        Rule("accum", ("prev_accum", "g"), "G(t) = G(t-1) + g(t-1)²", _accum),
        Rule("iterate", ("w", "g", "accum"), _ADAGRAD_ITERATE, _adaptive_iterate("accum")),
    ),
    ("rmsprop", "pytorch"): (
        Rule("v", ("prev_v", "g"), "v(t) = α·v(t-1) + (1 - α)·g(t-1)²", _rms_v),
        Rule("iterate", ("w", "g", "v"), _RMS_ITERATE, _adaptive_iterate("v")),
    ),
    ("adam", "pytorch"): (
        Rule("m", ("prev_m", "g"), "m(t) = β1·m(t-1) + (1 - β1)·g(t-1)", _adam_m),
        Rule("v", ("prev_v", "g"), "v(t) = β2·v(t-1) + (1 - β2)·g(t-1)²", _adam_v),
        Rule("m_hat", ("m",), "m̂(t) = m(t) / (1 - β1^t)", _m_hat),
        Rule("v_hat", ("v",), "v̂(t) = v(t) / (1 - β2^t)", _v_hat),
        Rule(
            "iterate",
            ("w", "m_hat", "v_hat"),
            "{w}(t) = {w}(t-1) - η·m̂(t) / (√v̂(t) + ε)",
            _adam_iterate,
        ),
    ),
}


def rules(settings: Settings) -> tuple[Rule, ...]:
    """The update rules of the settings' method and convention, state first, iterate last."""
    convention = "classic" if settings.classic else "pytorch"
    found = _RULES[(settings.method, convention)]
    if settings.method == "momentum" and not settings.classic and settings.dampening != 0:
        damped = "v(t) = μ·v(t-1) + (1 - τ)·g(t-1) for t > 1, v(1) = g(0)"
        found = (replace(found[0], formula=damped), *found[1:])
    return found


def gradient_point_formula(settings: Settings) -> str:
    """Where the gradient of step t is taken, as a formula in `{w}`."""
    if settings.classic and settings.method == "nesterov":
        return "g(t) = ∇f({w}(t) + μ·v(t))"
    return "g(t) = ∇f({w}(t))"


def gradient_point(settings: Settings, w: Array, velocity: Array) -> Array:
    """The point the gradient is taken at: the look-ahead w + μv for classic Nesterov."""
    if settings.classic and settings.method == "nesterov":
        return w + settings.momentum * velocity
    return w
