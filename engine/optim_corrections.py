"""Provides Adam's bias corrections taken with the wrong t: the moment itself, and the whole step
(for a student who skipped m̂ and v̂ and corrected in their head at the wrong step).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine.optim_rules import Array, Env, Settings

Perturbed = Callable[[Settings, int, Env], Array | None]


def corrected_at(raw: str, beta: str, delta: int) -> Perturbed:
    """m̂ or v̂ divided by 1 - β^(t + delta); None where that power is below 1."""

    def fn(s: Settings, t: int, e: Env) -> Array | None:
        power = t + delta
        if power < 1:
            return None
        return e[raw] / (1.0 - float(getattr(s, beta)) ** power)

    return fn


def step_corrected_at(delta: int) -> Perturbed:
    """Adam's step with both moments corrected at t + delta."""
    m_hat, v_hat = corrected_at("m", "beta1", delta), corrected_at("v", "beta2", delta)

    def fn(s: Settings, t: int, e: Env) -> Array | None:
        m, v = m_hat(s, t, e), v_hat(s, t, e)
        if m is None or v is None:
            return None
        return e["w"] - s.lr * m / (np.sqrt(v) + s.epsilon)

    return fn
