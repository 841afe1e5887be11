"""Provides gradient descent with a symbolic learning rate: iterates as formulas in η.

With `lr = "η"`, w(1) = w(0) - η·f'(w(0)) is a formula in η, and so is every later iterate
and gradient. Each blank is an expression checked as `derivative` checks one (random-point
equivalence, engine.equivalence), and each follows through from the student's own earlier
formulas: w(t) from their w(t-1) and g(t-1), g(t) from their w(t).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from engine.answers import show_number
from engine.checking import Mistake
from engine.closed_forms import substitute
from engine.derivatives import derivative, simplified
from engine.equivalence import SYMBOLIC_TOLERANCE, ExpressionFormat, Formula, formulas_agree
from engine.errors import MathError
from engine.expr import Builder, Expr, evaluate
from engine.optim_mistakes import perturbations
from engine.polynomials import expand, polynomial_expr
from engine.printing import to_text
from exercises.kinds.closed_form import constant_factor_mistakes
from exercises.kinds.optimizer_blanks import CONCEPTS
from exercises.kinds.optimizer_spec import Spec, subscript
from exercises.model import Blank, Degenerate, Instance, SpecError, Worksheet

Deps = Mapping[str, Any]
#: A symbolic step size is a handful of steps by hand: the formulas grow with each one.
MAX_SYMBOLIC_STEPS = 5
#: Where the formulas are compared: step sizes that a course would use.
LR_DOMAIN = (0.01, 1.0)
SUPPORTED = ("gd", "sgd")
_ALLOWED_ASKS = {"ask_loss"}


def check_symbolic(spec: Spec) -> None:
    """The loader's errors for what a symbolic step size cannot do."""
    if spec.settings.method not in SUPPORTED:
        raise SpecError(
            "lr", f"a symbolic lr works with method gd or sgd, not {spec.settings.method}"
        )
    if not spec.scalar:
        raise SpecError("lr", "a symbolic lr needs one parameter in start, e.g. start = { w = 1 }")
    if spec.lr_symbol in spec.objective.params:
        raise SpecError("lr", f"{spec.lr_symbol!r} is a parameter; name the step size otherwise")
    if not 1 <= spec.steps <= MAX_SYMBOLIC_STEPS:
        raise SpecError("steps", f"with a symbolic lr take 1 to {MAX_SYMBOLIC_STEPS} steps")
    for ask in sorted(spec.asks - _ALLOWED_ASKS):
        raise SpecError(ask, f"{ask} needs a number for lr; only ask_loss goes with a symbol")


class SymbolicSheet:
    """The formulas of each step, and the blanks built on them."""

    def __init__(self, spec: Spec, context: str) -> None:
        self.spec = spec
        self.eta = spec.lr_symbol
        self.param = spec.objective.params[0]
        self.format = ExpressionFormat(
            (self.eta,), context, ((self.eta, LR_DOMAIN),), SYMBOLIC_TOLERANCE
        )
        self.builder = Builder()
        objective = spec.objective
        self.f_prime = {
            term: derivative(objective.expr if term is None else objective.terms[term], self.param)
            for term in {objective.term_at(t) for t in range(spec.steps + 1)}
        }
        self.iterates: list[Expr] = [self.builder.const(float(spec.start[0]))]
        self.gradients: list[Expr] = []
        for t in range(spec.steps):
            gradient = self.gradient_of(self.iterates[t], objective.term_at(t))
            self.gradients.append(gradient)
            self.iterates.append(self.step(self.iterates[t], gradient))
        self.messages = {p.id: p.message for p in perturbations(spec.settings, "iterate")}

    # -- formulas ------------------------------------------------------------------------
    def gradient_of(self, w: Expr, term: int | None) -> Expr:
        return substitute(self.f_prime[term], {self.param: w}, self.builder)

    def loss_of(self, w: Expr) -> Expr:
        return substitute(self.spec.objective.expr, {self.param: w}, self.builder)

    def step(self, w: Expr, g: Expr, lr: Expr | None = None, sign: str = "sub") -> Expr:
        b = self.builder
        size = b.input(self.eta) if lr is None else lr
        return b.node(sign, w, b.node("mul", size, g))

    def key(self, expr: Expr) -> Formula:
        """The formula as the key: expanded when it is a polynomial in η, else simplified."""
        coefficients = expand(expr, self.eta)
        shown = (
            polynomial_expr(coefficients, self.eta)
            if coefficients is not None
            else simplified(expr)
        )
        return Formula.of(shown)

    def formula(self, expr: Expr) -> Formula:
        """A formula computed from the student's own ones, written as the key is."""
        return self.key(expr)

    def defined(self, formula: Formula) -> bool:
        """Whether a key can be compared at all: defined at enough step sizes in LR_DOMAIN."""
        return formulas_agree(
            formula, formula, (self.eta,), self.format.context, dict(self.format.domain)
        )

    # -- blanks --------------------------------------------------------------------------
    def gradient_blank(self, t: int) -> Blank:
        sym, term = self.spec.symbol, self.spec.objective.term_at(t)
        name = "f" if term is None else f"f{subscript(term)}"
        deps = (f"iterate:{t}",) if t else ()

        def from_iterate(change: Callable[[Expr], Expr]) -> Callable[[Deps], Formula]:
            def compute(d: Deps) -> Formula:
                w = d[f"iterate:{t}"].expr if t else self.iterates[0]
                return self.formula(change(self.gradient_of(w, term)))

            return compute

        recompute = from_iterate(lambda g: g)
        key = self.key(self.gradients[t])
        mistakes = (
            Mistake(
                "sign-flip",
                "the sign of the gradient is flipped",
                from_iterate(lambda g: self.builder.node("neg", g)),
            ),
            *constant_factor_mistakes(key.scaled),
        )
        rule = f"g({t}) = ∇{name}({sym}({t}))"
        f_prime = to_text(simplified(self.f_prime[term]))
        shown_w = to_text(simplified(self.iterates[t])) if t == 0 else f"your {sym}({t})"
        return Blank(
            id=f"gradient:{t}",
            label=rule,
            expected=key,
            format=self.format,
            depends_on=deps,
            recompute=recompute,
            mistakes=mistakes,
            hints=(
                CONCEPTS["gradient"],
                f"{rule}, where ∂{name}/∂{self.param} = {f_prime}",
                f"put {self.param} = {shown_w} into ∂{name}/∂{self.param} = {f_prime}",
            ),
            section=f"Step {t + 1}",
            extra={"t": t, "quantity": "gradient", "term": term},
        )

    def iterate_blank(self, t: int) -> Blank:
        sym, eta, b = self.spec.symbol, self.eta, self.builder
        before, gradient = f"iterate:{t - 1}", f"gradient:{t - 1}"
        deps = (before, gradient) if t >= 2 else (gradient,)

        def parts(d: Deps) -> tuple[Expr, Expr]:
            w = d[before].expr if t >= 2 else self.iterates[0]
            return w, d[gradient].expr

        def step_with(
            lr: Callable[[], Expr | None], sign: str = "sub"
        ) -> Callable[[Deps], Formula]:
            return lambda d: self.formula(self.step(*parts(d), lr(), sign))

        stale = (
            (
                Mistake(
                    "stale-gradient",
                    self.messages["stale-gradient"],
                    lambda d: self.formula(self.step(parts(d)[0], self.gradients[t - 2])),
                ),
            )
            if t >= 2
            else ()
        )
        mistakes = (
            Mistake("lr-missing", self.messages["lr-missing"], step_with(lambda: b.const(1.0))),
            Mistake(
                "lr-inverted",
                self.messages["lr-inverted"],
                step_with(lambda: b.node("div", b.const(1.0), b.input(eta))),
            ),
            *stale,
            Mistake("sign-flip", self.messages["sign-flip"], step_with(lambda: None, "add")),
        )
        formula = f"{sym}({t}) = {sym}({t - 1}) - {eta}·g({t - 1})"
        start = show_number(float(self.spec.start[0]))
        given = f"{sym}(0) = {start}" if t == 1 else f"your {sym}({t - 1})"
        return Blank(
            id=f"iterate:{t}",
            label=f"{sym}({t})",
            expected=self.key(self.iterates[t]),
            format=self.format,
            depends_on=deps,
            recompute=step_with(lambda: None),
            working=lambda d: (
                formula,
                f"= {d[before].text if t >= 2 else start} - {eta}·({d[gradient].text})",
            ),
            mistakes=mistakes,
            hints=(
                CONCEPTS["iterate"],
                formula,
                f"{formula}, with {given} and your g({t - 1}), keeping {eta} as a symbol",
            ),
            section=f"Step {t}",
            extra={"t": t, "quantity": "iterate"},
        )

    def loss_blank(self, t: int) -> Blank:
        sym = self.spec.symbol
        deps = (f"iterate:{t}",) if t else ()

        def recompute(d: Deps) -> Formula:
            w = d[f"iterate:{t}"].expr if t else self.iterates[0]
            return self.formula(self.loss_of(w))

        return Blank(
            id=f"loss:{t}",
            label=f"f({sym}({t}))",
            expected=self.key(self.loss_of(self.iterates[t])),
            format=self.format,
            depends_on=deps,
            recompute=recompute,
            mistakes=constant_factor_mistakes(self.key(self.loss_of(self.iterates[t])).scaled),
            hints=(
                CONCEPTS["loss"],
                f"f({sym}) = {self.spec.objective_text}",
                f"put {sym} = {'your ' if t else ''}{sym}({t}) into f",
            ),
            section="Start" if t == 0 else f"Step {t}",
            extra={"t": t, "quantity": "loss"},
        )

    def blanks(self) -> list[Blank]:
        asks_loss = "ask_loss" in self.spec.asks
        found = [self.loss_blank(0)] if asks_loss else []
        for t in range(1, self.spec.steps + 1):
            found += [self.gradient_blank(t - 1), self.iterate_blank(t)]
            if asks_loss:
                found.append(self.loss_blank(t))
        return found


def build_symbolic(instance: Instance, spec: Spec) -> Worksheet:
    """The worksheet of a gradient-descent exercise whose lr is a symbol."""
    check_symbolic(spec)
    sheet = SymbolicSheet(spec, f"{instance.ref}#{instance.seed}")
    try:
        first = evaluate(sheet.gradients[0])
    except MathError as error:
        raise Degenerate(f"f cannot be differentiated at the start: {error}") from None
    if first == 0:
        raise Degenerate("the start is a stationary point (the first gradient is 0): no step moves")
    blanks = sheet.blanks()
    for blank in blanks:
        if not sheet.defined(blank.expected):
            raise Degenerate(
                f"{blank.label} is undefined for most step sizes in "
                f"({LR_DOMAIN[0]}, {LR_DOMAIN[1]}); choose another f or start"
            )
    return instance.worksheet(_prompt(spec, sheet, instance.prompt), blanks, _result(spec, sheet))


def _prompt(spec: Spec, sheet: SymbolicSheet, custom: str | None) -> str:
    sym, eta, objective = spec.symbol, sheet.eta, spec.objective
    noun = "step" if spec.steps == 1 else "steps"
    method = "SGD" if spec.settings.method == "sgd" else "gradient descent"
    also = " Also give the loss f at the start and after each step." if spec.asks else ""
    task = (
        f"Take {spec.steps} {noun} of {method} on f below with the step size {eta} kept as a "
        f"symbol. For each step give the gradient g and the new iterate, as formulas in {eta}."
        f"{also}"
    )
    lines = [custom.strip() if custom else task, ""]
    if spec.term_texts:
        total = " + ".join(f"f{subscript(k)}" for k in range(len(spec.term_texts)))
        lines.append(f"f({sym}) = {total}, with")
        lines += [f"- f{subscript(k)}({sym}) = {text}" for k, text in enumerate(spec.term_texts)]
        if objective.order:
            used = ", ".join(
                f"step {t + 1}: f{subscript(objective.term_at(t) or 0)}" for t in range(spec.steps)
            )
            lines.append(f"\nEach step uses the gradient of one term ({used}).")
    else:
        lines.append(f"f({sym}) = {spec.objective_text}")
    lines.append(f"\nStart: {sym}(0) = {show_number(float(spec.start[0]))}, step size {eta}.")
    lines.append(
        f"\nFor t = 1, 2, ...: g(t-1) = f'({sym}(t-1)), {sym}(t) = {sym}(t-1) - {eta}·g(t-1)."
    )
    lines.append(
        f"\nType formulas in {eta} (`1 - {eta}`, `(1 - {eta})^2`); any equal formula is accepted."
    )
    return "\n".join(lines)


def _result(spec: Spec, sheet: SymbolicSheet) -> dict[str, Any]:
    def text(expr: Expr) -> str:
        return sheet.key(expr).text

    result: dict[str, Any] = {
        "params": list(spec.objective.params),
        "method": spec.settings.method,
        "convention": "pytorch",
        "lr": sheet.eta,
        "iterates": [[text(w)] for w in sheet.iterates],
        "gradients": [[text(g)] for g in sheet.gradients],
        "losses": [text(sheet.loss_of(w)) for w in sheet.iterates],
        "diverged": False,
        "stopped": False,
        "stop_reason": None,
        "state": {},
    }
    if spec.objective.order:
        result["terms_used"] = [spec.objective.term_at(t) for t in range(spec.steps)]
    return result
