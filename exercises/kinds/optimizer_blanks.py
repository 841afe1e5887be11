"""Provides the step blanks of the `gradient-descent` kind: each step's gradient, state and
iterate (and loss), with follow-through from the student's own entries and known mistakes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from engine.answers import NumberFormat, Tolerance, show_number
from engine.checking import Mistake
from engine.derivatives import derivative, simplified
from engine.expr import Expr
from engine.optim import Array, Trace, gradient_point, rules, vec
from engine.optim_mistakes import STALE_GRADIENT, STALE_MESSAGE, perturbations
from engine.printing import to_text
from engine.step_format import StepFormat
from exercises.kinds.optimizer_faults import (
    after_update,
    missing_chain_slips,
    other_term_steps,
    slipped_terms,
    wrong_rule_slips,
)
from exercises.kinds.optimizer_spec import Spec, show_value, subscript
from exercises.model import Blank
from exercises.working.optimizer import gradient_working, loss_working, rule_working

Deps = Mapping[str, Any]

CONCEPTS = {
    "gradient": "The gradient collects the partial derivative of f in each parameter, "
    "evaluated at the current iterate.",
    "iterate": "Each step moves the parameters against the gradient (downhill), scaled by the "
    "learning rate η.",
    "velocity": "Momentum keeps a velocity: the earlier steps, decayed by μ each step, plus "
    "the new gradient.",
    "accum": "AdaGrad adds up the squared gradients of every step so far, element by element.",
    "v": "A running average of the squared gradients, element by element: the old value "
    "decayed, plus the new squared gradient weighted by one minus the decay.",
    "m": "Adam's first moment: a running average of the gradients.",
    "m_hat": "Bias correction: m starts at 0, so its early averages are too small; dividing "
    "by 1 - β1^t undoes that.",
    "v_hat": "Bias correction: v starts at 0, so its early averages are too small; dividing "
    "by 1 - β2^t undoes that.",
    "loss": "The loss is the whole objective evaluated at the iterate.",
    "contraction": "On a quadratic, each GD step multiplies the distance to the minimum by "
    "the same factor.",
}
_SYMBOLS = {"velocity": "v", "accum": "G", "v": "v", "m": "m", "m_hat": "m̂", "v_hat": "v̂"}


def state_symbol(name: str) -> str:
    return _SYMBOLS[name]


def at_step(formula: str, t: int, symbol: str) -> str:
    """A rule's formula for step t: `w(t) = w(t-1) - η·g(t-1)` becomes `w(2) = w(1) - η·g(1)`."""
    text = formula.replace("{w}", symbol).replace("(t-1)", f"({t - 1})")
    return text.replace("(t)", f"({t})").replace("^t", f"^{t}")


class Sheet:
    """The key trace of one exercise and the blanks built on it."""

    def __init__(self, spec: Spec, trace: Trace, tolerance: Tolerance | None) -> None:
        self.spec, self.trace, self.settings = spec, trace, spec.settings
        self.format = spec.answer_format(tolerance)
        self.tolerance = tolerance
        self.key: dict[int, dict[str, Array]] = {}
        for step in trace.steps:
            env = {
                "w": vec(trace.iterates[step.t - 1]),
                "g": vec(step.gradient),
                "iterate": vec(step.iterate),
            }
            env.update({k: vec(v) for k, v in step.state.items()})
            if step.t >= 2:
                env[STALE_GRADIENT] = vec(trace.steps[step.t - 2].gradient)
                env.update({f"prev_{k}": vec(v) for k, v in trace.steps[step.t - 2].state.items()})
            else:
                env.update({f"prev_{k}": np.zeros(len(spec.start)) for k in step.state})
            self.key[step.t] = env

    # -- ids and environments ----------------------------------------------------------
    @staticmethod
    def source(name: str, t: int) -> str | None:
        """The blank holding input `name` of step t, or None where it is given (t = 1)."""
        if name == "w":
            return f"iterate:{t - 1}" if t >= 2 else None
        if name == "g":
            return f"gradient:{t - 1}"
        if name.startswith("prev_"):
            return f"{name[5:]}:{t - 1}" if t >= 2 else None
        return f"{name}:{t}"

    def env(self, t: int, deps: Deps) -> dict[str, Array]:
        env = dict(self.key[t])
        for name in list(env):
            blank_id = self.source(name, t)
            if blank_id is not None and blank_id in deps:
                env[name] = vec(deps[blank_id])
        return env

    def name_of(self, name: str, t: int) -> str:
        sym = self.spec.symbol
        if name in ("w", "iterate"):
            return f"{sym}({t - 1 if name == 'w' else t})"
        if name == "g":
            return f"g({t - 1})"
        if name.startswith("prev_"):
            return f"{state_symbol(name[5:])}({t - 1})"
        return f"{state_symbol(name)}({t})"

    # -- blanks ------------------------------------------------------------------------
    def rule_blanks(self, t: int) -> list[Blank]:
        blanks = []
        for rule in rules(self.settings):
            deps = tuple(d for n in rule.inputs if (d := self.source(n, t)) is not None)

            def recompute(deps: Deps, fn: Any = rule.fn, t: int = t) -> Any:
                return self.spec.pack(fn(self.settings, t, self.env(t, deps)))

            mistakes = tuple(
                Mistake(
                    p.id,
                    self._with_inputs(p.id, p.message, rule.inputs, t),
                    self._perturbed(p.fn, t),
                )
                for p in perturbations(self.settings, rule.name)
            )
            if rule.name == "iterate":
                mistakes += after_update(self, t, iterate=True) + other_term_steps(self, t)
            formula = at_step(rule.formula, t, self.spec.symbol)
            numbers = ", ".join(
                [f"{self.name_of(n, t)} = {self._show(self.key[t][n])}" for n in rule.inputs]
                + self.setting_values(formula)
            )
            blanks.append(
                Blank(
                    id=f"{rule.name}:{t}",
                    label=self.name_of(rule.name, t),
                    expected=self.spec.pack(self.key[t][rule.name]),
                    format=self._step_format(t) if rule.name == "iterate" else self.format,
                    depends_on=deps,
                    recompute=recompute,
                    mistakes=mistakes,
                    hints=(CONCEPTS[rule.name], formula, f"{formula}, with {numbers}"),
                    section=f"Step {t}",
                    extra={"t": t, "quantity": rule.name},
                    working=rule_working(self, rule, formula, t),
                )
            )
        return blanks

    def _step_format(self, t: int) -> StepFormat:
        """An iterate is judged on its step from the one before (docs/checking.md)."""
        before = self.spec.pack(self.key[t]["w"])
        label = f"{self.spec.symbol}({t - 1})"
        return StepFormat(self.format, before, label, self.source("w", t))

    def setting_values(self, formula: str) -> list[str]:
        """The settings a formula uses, with their values: ["η = 0.1", "μ = 0.9"]."""
        s = self.settings
        values = {
            "η": s.lr,
            "μ": s.momentum,
            "τ": s.dampening,
            "α": s.alpha,
            "β1": s.beta1,
            "β2": s.beta2,
            "ε": s.epsilon,
        }
        return [f"{k} = {show_number(v)}" for k, v in values.items() if k in formula]

    def gradient_rule(self, term: int | None) -> str:
        """The partial derivatives of f (or of one term), printed: "∂f/∂w = 2·(w - 2)"."""
        name = "f" if term is None else f"f{subscript(term)}"
        try:
            partials = self.partials(term)
        except ValueError:
            return f"∇{name} collects the partial derivatives of {name}"
        params = self.spec.objective.params
        return ", ".join(f"∂{name}/∂{p} = {to_text(d)}" for p, d in zip(params, partials,
                                                                      strict=True))  # fmt: skip

    def partials(self, term: int | None) -> list[Expr]:
        """The partial derivatives of f (or of one term) as a person writes them (numbers
        gathered: `w - 100`, not `2·(w·1 - 100)/2`); ValueError for an op with no rule."""
        objective = self.spec.objective
        expr = objective.expr if term is None else objective.terms[term]
        return [simplified(derivative(expr, p)) for p in objective.params]

    def _with_inputs(
        self, mistake: str, message: str, inputs: tuple[str, ...], t: int
    ) -> Callable[[Deps], str]:
        """The message, then the student's own values it was computed from: "(from w(2) = 75,
        g(2) = -25)"; the inputs given with the exercise (w(0), a zero state) are left out."""

        def explain(deps: Deps) -> str:
            env = self.env(t, deps)
            if mistake == "stale-gradient" and STALE_GRADIENT in env:
                return (
                    f"this steps with g({t - 2}) = {self._show(env[STALE_GRADIENT])}, the "
                    f"gradient of the step before; step {t} uses g({t - 1}), taken at the newest "
                    f"iterate {self.name_of('w', t)}"
                )
            shown = [
                f"{self.name_of(name, t)} = {self._show(env[name])}"
                for name in inputs
                if self.source(name, t) is not None
            ]
            return f"{message} (from {', '.join(shown)})" if shown else message

        return explain

    def _perturbed(self, fn: Callable[..., Array | None], t: int) -> Callable[[Deps], Any]:
        def compute(deps: Deps) -> Any:
            value = fn(self.settings, t, self.env(t, deps))
            return None if value is None else self.spec.pack(value)

        return compute

    def _show(self, value: Array) -> str:
        return show_value(self.spec, value)

    def gradient_blank(self, t: int) -> Blank:
        """gradient:t, taken at iterate t (t from 0): used by step t + 1."""
        step = self.trace.steps[t]
        objective, sym, s = self.spec.objective, self.spec.symbol, self.settings
        look_ahead = s.classic and s.method == "nesterov"
        deps = (f"iterate:{t}", *((f"velocity:{t}",) if look_ahead else ())) if t else ()
        term_name = "" if step.term is None else subscript(step.term)
        at = f"{sym}({t}) + μ·v({t})" if look_ahead else f"{sym}({t})"

        def point(d: Deps) -> Array:
            w = vec(d.get(f"iterate:{t}", self.trace.iterates[t]))
            v = (
                vec(d.get(f"velocity:{t}", self.trace.steps[t - 1].state["velocity"]))
                if look_ahead and t
                else np.zeros(len(w))
            )
            return gradient_point(s, w, v)

        def of_term(term: int | None) -> Callable[[Deps], Any]:
            return lambda d: self.spec.pack(objective.gradient(point(d), term))

        mistakes = []
        if step.term is not None:
            for k in range(len(objective.terms)):
                if k != step.term:
                    mistakes.append(
                        Mistake(
                            "wrong-term",
                            f"this is the gradient of f{subscript(k)}; step {t + 1} uses "
                            f"f{subscript(step.term)}",
                            of_term(k),
                        )
                    )
            mistakes.append(
                Mistake(
                    "wrong-term",
                    "this is the gradient of the whole objective; step "
                    f"{t + 1} uses only the term f{subscript(step.term)}",
                    of_term(None),
                )
            )
        if look_ahead and t:
            mistakes.append(
                Mistake(
                    "momentum-convention",
                    f"this is the gradient at {sym}({t}); classic Nesterov takes it at the "
                    f"look-ahead point {sym}({t}) + μ·v({t})",
                    lambda d: self.spec.pack(objective.gradient(vec(d[f"iterate:{t}"]), step.term)),
                )
            )
        if t:
            stale = self.trace.steps[t - 1].gradient
            mistakes.append(
                Mistake("stale-gradient", STALE_MESSAGE, lambda d: self.spec.pack(vec(stale)))
            )
        mistakes.extend(after_update(self, t + 1, iterate=False))
        expr = objective.expr if step.term is None else objective.terms[step.term]
        mistakes.extend(
            slipped_terms(
                self,
                expr,
                lambda d: objective.gradient(point(d), step.term),
                lambda term, d: term.gradient(objective.params, point(d)),
                "gradient",
            )
        )
        mistakes.extend(wrong_rule_slips(self, expr, point, "gradient"))
        mistakes.extend(missing_chain_slips(self, expr, point))
        mistakes.append(
            Mistake(
                "sign-flip",
                "the sign of the gradient is flipped",
                lambda d: self.spec.pack(-objective.gradient(point(d), step.term)),
            )
        )
        rule = f"g({t}) = ∇f{term_name}({at})"
        return Blank(
            id=f"gradient:{t}",
            label=rule,
            expected=self.spec.pack(vec(step.gradient)),
            format=self.format,
            depends_on=deps,
            recompute=of_term(step.term),
            mistakes=tuple(mistakes),
            hints=(
                CONCEPTS["gradient"],
                f"{rule}, where {self.gradient_rule(step.term)}",
                f"{rule}, at {at} = {self._show(vec(step.point))}",
            ),
            section=f"Step {t + 1}",
            extra={"t": t, "quantity": "gradient", "term": step.term},
            working=gradient_working(self, rule, t, step.term),
        )

    def loss_blank(self, t: int) -> Blank:
        objective, sym = self.spec.objective, self.spec.symbol
        deps = (f"iterate:{t}",) if t else ()

        def at(d: Deps) -> Array:
            return vec(d.get(f"iterate:{t}", self.trace.iterates[t]))

        def term_loss(k: int) -> Callable[[Deps], float]:
            return lambda d: objective.value(at(d), k)

        mistakes = [
            Mistake(
                "wrong-term",
                f"this is f{subscript(k)} alone; the loss is the whole objective, the sum of "
                "every term",
                term_loss(k),
            )
            for k in range(len(objective.terms))
        ]
        mistakes.extend(
            slipped_terms(
                self,
                objective.expr,
                lambda d: vec(objective.value(at(d))),
                lambda term, d: vec(term.value(objective.params, at(d))),
                "loss",
            )
        )
        mistakes.extend(wrong_rule_slips(self, objective.expr, at, "loss"))
        rule = f"f({sym}({t}))"
        return Blank(
            id=f"loss:{t}",
            label=rule,
            expected=self.trace.losses[t],
            format=NumberFormat(self.tolerance or Tolerance()),
            depends_on=deps,
            recompute=lambda d: objective.value(at(d)),
            mistakes=tuple(mistakes),
            hints=(
                CONCEPTS["loss"],
                f"f({sym}) = {self.spec.objective_text}",
                f"{rule}, at {self._show(vec(self.trace.iterates[t]))}",
            ),
            section="Start" if t == 0 else f"Step {t}",
            extra={"t": t, "quantity": "loss"},
            working=loss_working(self, t),
        )

    def blanks(self) -> list[Blank]:
        found: list[Blank] = []
        if "ask_loss" in self.spec.asks:
            found.append(self.loss_blank(0))
        for step in self.trace.steps:
            found.append(self.gradient_blank(step.t - 1))
            found.extend(self.rule_blanks(step.t))
            if "ask_loss" in self.spec.asks:
                found.append(self.loss_blank(step.t))
        return found
