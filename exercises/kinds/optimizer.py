"""Provides the `gradient-descent` kind: optimizer iterates as blanks, with follow-through.

Each step's gradient, method state and iterate is a blank whose expected value the
student can also reach from their own earlier entries (follow-through). The update rules
are engine.optim's tables, the mistakes engine.optim_mistakes' perturbations of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.answers import ArrayFormat, NumberFormat, Tolerance, YesNoFormat, show_number
from engine.checking import Mistake
from engine.errors import MathError
from engine.expr import CONSTANTS, Builder, evaluate, parse
from engine.ops import FUNCTION_NAMES
from engine.optim import (
    METHODS,
    SETTINGS_OF,
    Array,
    Objective,
    Settings,
    Trace,
    Vector,
    gradient_point,
    rules,
    run,
    vec,
)
from engine.optim_analysis import Convergence, curvature_1d, line_curvature
from engine.optim_mistakes import STALE_GRADIENT, STALE_MESSAGE, perturbations
from engine.printing import to_text
from exercises.kinds import register
from exercises.model import Blank, Degenerate, Field, Instance, Kind, SpecError, Worksheet

Deps = Mapping[str, Any]
_IDENTIFIER = re.compile(r"^[A-Za-z_\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*$")
MAX_STEPS = 100
_NUMBER = (int, float, str)
_ASKS = ("ask_loss", "ask_convergence", "ask_max_lr", "ask_lr_derivative", "ask_best_lr")

FIELDS: dict[str, Field] = {
    "objective": Field((str,), "the function minimised, in the parameters of `start`"),
    "terms": Field((list,), "expressions whose sum is the objective (SGD picks one per step)"),
    "start": Field((dict,), "the starting point: { w = 0 } or { w1 = 0, w2 = 0 } (in order)",
                   True),
    "lr": Field(_NUMBER, "the learning rate η (a number, or text such as \"1/4\")"),
    "steps": Field((int,), "how many steps to take (at most 100)", True),
    "method": Field((str,), "gd (default), sgd, momentum, nesterov, adagrad, rmsprop or adam"),
    "momentum": Field(_NUMBER, "μ of momentum and nesterov (default 0.9)"),
    "dampening": Field(_NUMBER, "τ of PyTorch's momentum (default 0)"),
    "beta1": Field(_NUMBER, "β1 of adam (default 0.9)"),
    "beta2": Field(_NUMBER, "β2 of adam (default 0.999)"),
    "alpha": Field(_NUMBER, "α of rmsprop (default 0.99)"),
    "eps": Field(_NUMBER, "ε of adagrad (1e-10), rmsprop (1e-8), adam (1e-8)"),
    "convention": Field((str,), "pytorch (default) or classic: momentum as v = μv - ηg, w = w + v"),
    "order": Field((list,), "the term (from 0) used at each step; repeats when shorter; "
                            "default 0, 1, 2, ..."),
    "ask_loss": Field((bool,), "also ask f at each iterate: blanks loss:T (T from 0)"),
    "ask_convergence": Field((bool,), "GD on a 1-D quadratic: blanks contraction and converges"),
    "ask_max_lr": Field((bool,), "GD on a 1-D quadratic: blank max_lr, the largest η that "
                                 "converges"),
    "ask_lr_derivative": Field((bool,), "GD or SGD: blank lr_derivative, d f(w(1)) / dη"),
    "ask_best_lr": Field((bool,), "GD, f quadratic: blank best_lr, the η minimising f(w(1))"),
}


@dataclass(frozen=True)
class Spec:
    """The fields of an exercise, read and checked."""

    objective: Objective
    objective_text: str
    term_texts: tuple[str, ...]
    settings: Settings
    steps: int
    start: Array
    symbol: str  # what the parameter vector is called in labels: w, θ, or the one parameter
    asks: frozenset[str]

    @property
    def scalar(self) -> bool:
        return len(self.objective.params) == 1

    def pack(self, value: Array) -> Any:
        """A value in its blank's form: a float for one parameter, else a tuple."""
        return float(value[0]) if self.scalar else tuple(float(x) for x in value)

    def answer_format(self, tolerance: Tolerance | None) -> Any:
        chosen = tolerance or Tolerance()
        if self.scalar:
            return NumberFormat(chosen)
        return ArrayFormat((len(self.objective.params),), chosen)


def _number(value: Any, field: str) -> float:
    if isinstance(value, bool):
        raise SpecError(field, f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return evaluate(parse(value))
        except MathError as error:
            raise SpecError(field, f"expected a number, got {value!r}: {error}") from None
    raise SpecError(field, f"expected a number, got {value!r}")


def _read_start(fields: Mapping[str, Any]) -> dict[str, float]:
    start = fields.get("start")
    if not isinstance(start, dict) or not start:
        raise SpecError("start", "give the starting point as a table, e.g. start = { w = 0 }")
    point: dict[str, float] = {}
    for name, value in start.items():
        if not _IDENTIFIER.match(name) or name in FUNCTION_NAMES or name in CONSTANTS:
            raise SpecError(f"start.{name}", f"{name!r} cannot name a parameter (use letters "
                                             "and digits, not a function or constant)")
        point[name] = _number(value, f"start.{name}")
    return point


def _read_objective(fields: Mapping[str, Any], params: tuple[str, ...]) -> tuple[Any, ...]:
    if ("objective" in fields) == ("terms" in fields):
        raise SpecError("objective", "give either 'objective' or 'terms' (not both)")
    builder = Builder()

    def parsed(text: Any, field: str) -> Any:
        if not isinstance(text, str):
            raise SpecError(field, f"expected an expression in quotes, got {text!r}")
        try:
            return parse(text, params, builder)
        except MathError as error:
            raise SpecError(field, str(error)) from None

    if "objective" in fields:
        expr = parsed(fields["objective"], "objective")
        return expr, (), to_text(expr), ()
    texts = fields["terms"]
    if not isinstance(texts, list) or not texts:
        raise SpecError("terms", "give a list of expressions: terms = [\"(w - 2)^2/2\", ...]")
    terms = tuple(parsed(t, f"terms[{i}]") for i, t in enumerate(texts))
    total = terms[0]
    for term in terms[1:]:
        total = builder.node("add", total, term)
    return total, terms, " + ".join(f"({to_text(t)})" for t in terms), tuple(map(to_text, terms))


def _read_settings(fields: Mapping[str, Any]) -> Settings:
    method = fields.get("method", "gd")
    if method not in METHODS:
        raise SpecError("method", f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    for name in ("momentum", "dampening", "beta1", "beta2", "alpha", "eps", "convention"):
        if name in fields and name not in SETTINGS_OF[method]:
            users = [m for m in METHODS if name in SETTINGS_OF[m]]
            raise SpecError(name, f"{name} is a setting of {' and '.join(users)}, not of "
                                  f"{method}; remove it or change the method")
    values = {n: _number(fields[n], n) for n in ("momentum", "dampening", "beta1", "beta2",
                                                 "alpha", "eps") if n in fields}
    lr = _number(fields["lr"], "lr") if "lr" in fields else 1.0
    settings = Settings(method=method, lr=lr, convention=str(fields.get("convention", "pytorch")),
                        **values)  # type: ignore[arg-type]
    for name, message in settings.problems():
        raise SpecError(name, message)
    return settings


def read_spec(instance: Instance) -> Spec:
    """Read and check the fields; the numbers themselves are checked when the trace runs."""
    fields = instance.fields
    point = _read_start(fields)
    params = tuple(point)
    expr, terms, text, term_texts = _read_objective(fields, params)
    settings = _read_settings(fields)
    steps = fields.get("steps")
    if isinstance(steps, bool) or not isinstance(steps, int) or not 0 <= steps <= MAX_STEPS:
        raise SpecError("steps", f"steps must be a whole number from 0 to {MAX_STEPS}, "
                                 f"not {steps!r}")
    asks = frozenset(a for a in _ASKS if fields.get(a) is True)
    if steps > 0 and "lr" not in fields or "ask_convergence" in asks and "lr" not in fields:
        raise SpecError("lr", "give the learning rate, e.g. lr = 0.1")
    order = _read_order(fields, settings, len(terms))
    symbol = params[0] if len(params) == 1 else ("θ" if "w" in params else "w")
    objective = Objective(expr, params, terms, order)
    return Spec(objective, text, term_texts, settings, steps, vec(list(point.values())), symbol,
                asks)


def _read_order(fields: Mapping[str, Any], settings: Settings, count: int) -> tuple[int, ...]:
    if "order" not in fields:
        if settings.method == "sgd":
            if count == 0:
                raise SpecError("method", "sgd picks one term per step: give 'terms' rather "
                                          "than 'objective'")
            return tuple(range(count))
        return ()
    if count == 0:
        raise SpecError("order", "order picks among 'terms'; give terms = [...]")
    order = fields["order"]
    if not order or not all(isinstance(k, int) and not isinstance(k, bool) for k in order):
        raise SpecError("order", "order is a list of term indices from 0, e.g. order = [1, 0]")
    for k in order:
        if not 0 <= k < count:
            raise SpecError("order", f"term index {k} is out of range: there are {count} terms, "
                                     f"numbered 0 to {count - 1}")
    return tuple(order)


class Sheet:
    """The key trace of one exercise and the blanks built on it."""

    def __init__(self, spec: Spec, trace: Trace, tolerance: Tolerance | None) -> None:
        self.spec, self.trace, self.settings = spec, trace, spec.settings
        self.format = spec.answer_format(tolerance)
        self.tolerance = tolerance
        self.key: dict[int, dict[str, Array]] = {}
        for step in trace.steps:
            env = {"w": vec(trace.iterates[step.t - 1]), "g": vec(step.gradient),
                   "iterate": vec(step.iterate)}
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
            return f"{state_symbol(self.settings, name[5:])}({t - 1})"
        return f"{state_symbol(self.settings, name)}({t})"

    # -- blanks ------------------------------------------------------------------------
    def rule_blanks(self, t: int) -> list[Blank]:
        blanks = []
        for rule in rules(self.settings):
            deps = tuple(d for n in rule.inputs if (d := self.source(n, t)) is not None)

            def recompute(deps: Deps, fn: Any = rule.fn, t: int = t) -> Any:
                return self.spec.pack(fn(self.settings, t, self.env(t, deps)))

            mistakes = tuple(Mistake(p.id, p.message, self._perturbed(p.fn, t))
                             for p in perturbations(self.settings, rule.name))
            formula = at_step(rule.formula, t, self.spec.symbol)
            numbers = ", ".join(f"{self.name_of(n, t)} = {self._show(self.key[t][n])}"
                                for n in rule.inputs)
            blanks.append(Blank(
                id=f"{rule.name}:{t}", label=self.name_of(rule.name, t),
                expected=self.spec.pack(self.key[t][rule.name]), format=self.format,
                depends_on=deps, recompute=recompute, mistakes=mistakes,
                hints=(CONCEPTS[rule.name], formula, f"{formula}, with {numbers}"),
                section=f"Step {t}", extra={"t": t, "quantity": rule.name},
            ))
        return blanks

    def _perturbed(self, fn: Callable[..., Array | None], t: int) -> Callable[[Deps], Any]:
        def compute(deps: Deps) -> Any:
            value = fn(self.settings, t, self.env(t, deps))
            return None if value is None else self.spec.pack(value)

        return compute

    def _show(self, value: Array) -> str:
        packed = self.spec.pack(value)
        return show_number(packed) if self.spec.scalar else self.format.show(packed)

    def gradient_blank(self, t: int) -> Blank:
        """gradient:t, taken at iterate t (t from 0): used by step t + 1."""
        step = self.trace.steps[t]
        objective, sym, s = self.spec.objective, self.spec.symbol, self.settings
        look_ahead = s.classic and s.method == "nesterov"
        deps = (f"iterate:{t}", *((f"velocity:{t}",) if look_ahead else ())) if t else ()
        term_name = "" if step.term is None else _subscript(step.term)
        at = f"{sym}({t}) + μ·v({t})" if look_ahead else f"{sym}({t})"

        def point(d: Deps) -> Array:
            w = vec(d.get(f"iterate:{t}", self.trace.iterates[t]))
            v = vec(d.get(f"velocity:{t}", self.trace.steps[t - 1].state["velocity"])) \
                if look_ahead and t else np.zeros(len(w))
            return gradient_point(s, w, v)

        def of_term(term: int | None) -> Callable[[Deps], Any]:
            return lambda d: self.spec.pack(objective.gradient(point(d), term))

        mistakes = []
        if step.term is not None:
            for k in range(len(objective.terms)):
                if k != step.term:
                    mistakes.append(Mistake("wrong-term", f"this is the gradient of term {k}; "
                                            f"step {t + 1} uses term {step.term}", of_term(k)))
            mistakes.append(Mistake("wrong-term", "this is the gradient of the whole objective; "
                                    f"SGD uses only term {step.term} at this step", of_term(None)))
        if look_ahead and t:
            mistakes.append(Mistake(
                "momentum-convention",
                f"this is the gradient at {sym}({t}); classic Nesterov takes it at the "
                f"look-ahead point {sym}({t}) + μ·v({t})",
                lambda d: self.spec.pack(objective.gradient(vec(d[f"iterate:{t}"]), step.term)),
            ))
        if t:
            stale = self.trace.steps[t - 1].gradient
            mistakes.append(Mistake("stale-gradient", STALE_MESSAGE,
                                    lambda d: self.spec.pack(vec(stale))))
        mistakes.append(Mistake("sign-flip", "the sign of the gradient is flipped",
                                lambda d: self.spec.pack(-objective.gradient(point(d), step.term))))
        rule = f"g({t}) = ∇f{term_name}({at})"
        return Blank(
            id=f"gradient:{t}", label=rule, expected=self.spec.pack(vec(step.gradient)),
            format=self.format, depends_on=deps, recompute=of_term(step.term),
            mistakes=tuple(mistakes),
            hints=(CONCEPTS["gradient"], rule, f"{rule}, at {self._show(vec(step.point))}"),
            section=f"Step {t + 1}", extra={"t": t, "quantity": "gradient", "term": step.term},
        )

    def loss_blank(self, t: int) -> Blank:
        objective, sym = self.spec.objective, self.spec.symbol
        deps = (f"iterate:{t}",) if t else ()

        def at(d: Deps) -> Array:
            return vec(d.get(f"iterate:{t}", self.trace.iterates[t]))

        mistakes = [Mistake("wrong-term", f"this is term {k} alone; the loss is the whole "
                            "objective, the sum of every term",
                            lambda d, k=k: objective.value(at(d), k))
                    for k in range(len(objective.terms))]
        rule = f"f({sym}({t}))"
        return Blank(
            id=f"loss:{t}", label=rule, expected=self.trace.losses[t],
            format=NumberFormat(self.tolerance or Tolerance()), depends_on=deps,
            recompute=lambda d: objective.value(at(d)), mistakes=tuple(mistakes),
            hints=(CONCEPTS["loss"], f"f({sym}) = {self.spec.objective_text}",
                   f"{rule}, at {self._show(vec(self.trace.iterates[t]))}"),
            section="Start" if t == 0 else f"Step {t}", extra={"t": t, "quantity": "loss"},
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


def _subscript(k: int) -> str:
    return "".join("₀₁₂₃₄₅₆₇₈₉"[int(c)] for c in str(k))


def _check_asks(spec: Spec) -> Convergence | None:
    """The convergence analysis when a 1-D quadratic asks for it; errors for impossible asks."""
    wants = spec.asks & {"ask_convergence", "ask_max_lr"}
    convergence = None
    if spec.scalar and spec.settings.method == "gd" and not spec.objective.order:
        curvature = curvature_1d(spec.objective.expr, spec.objective.params[0])
        if curvature is not None:
            convergence = Convergence.of(curvature, spec.settings.lr)
    for ask in sorted(wants):
        if convergence is None:
            raise SpecError(ask, "convergence is asked for GD on a quadratic in one parameter "
                                 "(a constant second derivative); this exercise is not one")
    if "ask_max_lr" in wants and convergence is not None and convergence.max_lr is None:
        raise SpecError("ask_max_lr", f"f'' = {show_number(convergence.curvature)} is not "
                                      "positive: no step size converges")
    for ask in ("ask_lr_derivative", "ask_best_lr"):
        methods = ("gd", "sgd") if ask == "ask_lr_derivative" else ("gd",)
        if ask in spec.asks and (spec.settings.method not in methods or spec.steps < 1):
            raise SpecError(ask, f"{ask[4:]} is asked of {' or '.join(methods)} with at least "
                                 "one step")
    if "ask_best_lr" in spec.asks:
        g0 = spec.objective.gradient(spec.start)
        along = line_curvature(spec.objective.expr, spec.objective.params, spec.start, g0)
        if along is None or along <= 0:
            raise SpecError("ask_best_lr", "f is not a convex quadratic along the first "
                                           "gradient, so no best step has a closed form")
    return convergence


def build(instance: Instance) -> Worksheet:
    spec = read_spec(instance)
    convergence = _check_asks(spec)
    try:
        trace = run(spec.objective, spec.settings, spec.steps, spec.start)
    except MathError as error:
        raise Degenerate(f"f cannot be evaluated at the start: {error}") from None
    if trace.kinks:
        raise Degenerate(f"the gradient is taken exactly at a kink ({trace.kinks[0]})")
    if spec.steps and not trace.steps:
        raise Degenerate(f"the first step already fails: {trace.stop_reason}")
    sheet = Sheet(spec, trace, instance.tolerance)
    blanks = sheet.blanks()
    extras: dict[str, Any] = {}
    if convergence is not None:
        blanks.extend(convergence_blanks(spec, convergence, instance.tolerance, extras))
    blanks.extend(lr_blanks(spec, trace, instance.tolerance, extras))
    if not blanks:
        raise SpecError("steps", "nothing to fill in: take at least one step or ask for "
                                 "something (ask_loss, ask_max_lr, ...)")
    return Worksheet(
        ref=instance.ref, kind=instance.kind, seed=instance.seed, title=instance.title,
        prompt=prompt_text(spec, trace, instance.prompt), blanks=tuple(blanks),
        result=result_json(spec, trace, convergence, extras), hints=instance.hints,
        visual=visual_of(spec, trace), source=instance.source,
    )


register(Kind("gradient-descent", FIELDS, build, one_of=(("objective", "terms"),)))

