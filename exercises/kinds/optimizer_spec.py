"""Provides the fields of the `gradient-descent` kind: reading and checking an exercise spec."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.answers import ArrayFormat, NumberFormat, Tolerance, show_number
from engine.derivatives import simplified
from engine.errors import MathError
from engine.expr import Builder, parse
from engine.names import is_free_name
from engine.optim import METHODS, SETTINGS_OF, Array, Objective, Settings, vec
from engine.optim_analysis import Convergence, curvature_1d, line_curvature
from engine.printing import to_text
from engine.tokens import GREEK_NAMES
from exercises.kinds.fields import NUMBER_TYPES, read_number, read_point
from exercises.model import Field, Instance, SpecError

MAX_STEPS = 100
ASKS = ("ask_loss", "ask_convergence", "ask_max_lr", "ask_lr_derivative", "ask_best_lr")

FIELDS: dict[str, Field] = {
    "objective": Field((str,), "the function minimised, in the parameters of `start`"),
    "terms": Field((list,), "expressions whose sum is the objective (SGD picks one per step)"),
    "start": Field((dict,), "the starting point: { w = 0 } or { w1 = 0, w2 = 0 } (in order)", True),
    "lr": Field(
        NUMBER_TYPES,
        'the learning rate η: a number, text such as "1/4", or a name ("η") to keep it a symbol',
    ),
    "steps": Field((int,), "how many steps to take (at most 100)", True),
    "method": Field((str,), "gd (default), sgd, momentum, nesterov, adagrad, rmsprop or adam"),
    "momentum": Field(NUMBER_TYPES, "μ of momentum and nesterov (default 0.9)"),
    "dampening": Field(NUMBER_TYPES, "τ of PyTorch's momentum (default 0)"),
    "beta1": Field(NUMBER_TYPES, "β1 of adam (default 0.9)"),
    "beta2": Field(NUMBER_TYPES, "β2 of adam (default 0.999)"),
    "alpha": Field(NUMBER_TYPES, "α of rmsprop (default 0.99)"),
    "eps": Field(NUMBER_TYPES, "ε of adagrad (1e-10), rmsprop (1e-8), adam (1e-8)"),
    "convention": Field((str,), "pytorch (default) or classic: momentum as v = μv - ηg, w = w + v"),
    "order": Field(
        (list,), "the term (from 0) used at each step; repeats when shorter; default 0, 1, 2, ..."
    ),
    "ask_loss": Field((bool,), "also ask f at each iterate: blanks loss:T (T from 0)"),
    "ask_convergence": Field((bool,), "GD on a 1-D quadratic: blanks contraction and converges"),
    "ask_max_lr": Field(
        (bool,), "GD on a 1-D quadratic: blank max_lr, the largest η that converges"
    ),
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
    lr_symbol: str = ""  # the name of a symbolic learning rate ("η"), or "" for a number

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


def _read_objective(fields: Mapping[str, Any], params: tuple[str, ...]) -> tuple[Any, ...]:
    if ("objective" in fields) == ("terms" in fields):
        raise SpecError("objective", "give either 'objective' or 'terms' (not both)")
    builder = Builder()

    def parsed(text: Any, field: str) -> Any:
        if not isinstance(text, str):
            raise SpecError(
                field, f"expected an expression in quotes, got {text!r}", standalone=True
            )
        try:
            return parse(text, params, builder)
        except MathError as error:
            raise SpecError(field, str(error)) from None

    if "objective" in fields:
        expr = parsed(fields["objective"], "objective")
        return expr, (), to_text(simplified(expr)), ()
    texts = fields["terms"]
    if not isinstance(texts, list) or not texts:
        raise SpecError("terms", 'give a list of expressions: terms = ["(w - 2)^2/2", ...]')
    terms = tuple(parsed(t, f"terms[{i}]") for i, t in enumerate(texts))
    total = terms[0]
    for term in terms[1:]:
        total = builder.node("add", total, term)
    shown = tuple(to_text(simplified(t)) for t in terms)
    return total, terms, " + ".join(f"({t})" for t in shown), shown


def _read_settings(fields: Mapping[str, Any]) -> Settings:
    method = fields.get("method", "gd")
    if method not in METHODS:
        raise SpecError(
            "method", f"unknown method {method!r}; use one of {', '.join(METHODS)}", standalone=True
        )
    for name in ("momentum", "dampening", "beta1", "beta2", "alpha", "eps", "convention"):
        if name in fields and name not in SETTINGS_OF[method]:
            users = [m for m in METHODS if name in SETTINGS_OF[m]]
            raise SpecError(
                name,
                f"{name} is a setting of {' and '.join(users)}, not of "
                f"{method}; remove it or change the method",
            )
    values = {
        n: read_number(fields[n], n, standalone=True)
        for n in ("momentum", "dampening", "beta1", "beta2", "alpha", "eps")
        if n in fields
    }
    lr = (
        read_number(fields["lr"], "lr", standalone=True)
        if "lr" in fields and not lr_symbol(fields)
        else 1.0
    )
    settings = Settings(
        method=method, lr=lr, convention=str(fields.get("convention", "pytorch")), **values
    )
    for name, message in settings.problems():
        raise SpecError(name, message)
    return settings


def lr_symbol(fields: Mapping[str, Any]) -> str:
    """The name of a symbolic learning rate (`lr = "eta"` is η), or "" when lr is a number."""
    lr = fields.get("lr")
    if not isinstance(lr, str) or not is_free_name(lr.strip()):
        return ""
    return GREEK_NAMES.get(lr.strip(), lr.strip())


def read_spec(instance: Instance) -> Spec:
    """Read and check the fields; the numbers themselves are checked when the trace runs."""
    fields = instance.fields
    point = read_point(fields.get("start"), "start", "parameter", "{ w = 0 }")
    params = tuple(point)
    expr, terms, text, term_texts = _read_objective(fields, params)
    settings = _read_settings(fields)
    steps = fields.get("steps")
    if isinstance(steps, bool) or not isinstance(steps, int) or not 0 <= steps <= MAX_STEPS:
        raise SpecError(
            "steps",
            f"steps must be a whole number from 0 to {MAX_STEPS}, not {steps!r}",
            standalone=True,
        )
    asks = frozenset(a for a in ASKS if fields.get(a) is True)
    if "lr" not in fields and (steps > 0 or "ask_convergence" in asks):
        raise SpecError("lr", "give the learning rate, e.g. lr = 0.1")
    order = _read_order(fields, settings, len(terms))
    symbol = params[0] if len(params) == 1 else ("θ" if "w" in params else "w")
    objective = Objective(expr, params, terms, order)
    return Spec(
        objective,
        text,
        term_texts,
        settings,
        steps,
        vec(list(point.values())),
        symbol,
        asks,
        lr_symbol(fields),
    )


def _read_order(fields: Mapping[str, Any], settings: Settings, count: int) -> tuple[int, ...]:
    if "order" not in fields:
        if settings.method == "sgd":
            if count == 0:
                raise SpecError(
                    "method", "sgd picks one term per step: give 'terms' rather than 'objective'"
                )
            return tuple(range(count))
        return ()
    if count == 0:
        raise SpecError("order", "order picks among 'terms'; give terms = [...]")
    order = fields["order"]
    if not order or not all(isinstance(k, int) and not isinstance(k, bool) for k in order):
        raise SpecError("order", "order is a list of term indices from 0, e.g. order = [1, 0]")
    for k in order:
        if not 0 <= k < count:
            raise SpecError(
                "order",
                f"term index {k} is out of range: there are {count} terms, "
                f"numbered 0 to {count - 1}",
            )
    return tuple(order)


def show_value(spec: Spec, value: Array) -> str:
    """A number, or a vector in brackets, as the tutor echoes them."""
    if spec.scalar:
        return show_number(float(value[0]))
    return "[" + ", ".join(show_number(float(x)) for x in value) + "]"


def subscript(k: int) -> str:
    return "".join("₀₁₂₃₄₅₆₇₈₉"[int(c)] for c in str(k))


def check_asks(spec: Spec) -> Convergence | None:
    """The convergence analysis when a 1-D quadratic asks for it; errors for impossible asks."""
    wants = spec.asks & {"ask_convergence", "ask_max_lr"}
    convergence = None
    if spec.scalar and spec.settings.method == "gd" and not spec.objective.order:
        curvature = curvature_1d(spec.objective.expr, spec.objective.params[0])
        if curvature is not None:
            convergence = Convergence.of(curvature, spec.settings.lr)
    for ask in sorted(wants):
        if convergence is None:
            raise SpecError(
                ask,
                "convergence is asked for GD on a quadratic in one parameter "
                "(a constant second derivative); this exercise is not one",
            )
    if "ask_max_lr" in wants and convergence is not None and convergence.max_lr is None:
        raise SpecError(
            "ask_max_lr",
            f"f'' = {show_number(convergence.curvature)} is not positive: no step size converges",
        )
    for ask in ("ask_lr_derivative", "ask_best_lr"):
        methods = ("gd", "sgd") if ask == "ask_lr_derivative" else ("gd",)
        if ask in spec.asks and (spec.settings.method not in methods or spec.steps < 1):
            raise SpecError(
                ask, f"{ask[4:]} is asked of {' or '.join(methods)} with at least one step"
            )
    if "ask_best_lr" in spec.asks:
        g0 = spec.objective.gradient(spec.start)
        along = line_curvature(spec.objective.expr, spec.objective.params, spec.start, g0)
        if along is None or along <= 0:
            raise SpecError(
                "ask_best_lr",
                "f is not a convex quadratic along the first "
                "gradient, so no best step has a closed form",
            )
    return convergence
