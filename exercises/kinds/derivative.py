"""Provides the `derivative` kind: the student types f′ as an expression, checked at random points.

The key is the engine's own symbolic derivative. Catalogued mistakes are wrong
derivatives built the same way, from the function, with one rule changed (a chain
factor dropped, σ′ with a plus sign, another variable, a constant factor).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.answers import show_number
from engine.checking import Mistake, constant
from engine.derivatives import derivative, simplified
from engine.equivalence import (
    DEFAULT_INTERVAL,
    POINTS_NEEDED,
    SYMBOLIC_TOLERANCE,
    ExpressionFormat,
    Formula,
    sample_points,
)
from engine.errors import MathError
from engine.expr import Builder, Expr, evaluate, is_free_name, parse, postorder
from engine.ops import DISPLAY
from engine.printing import to_text
from engine.tokens import greek_spellings
from exercises.kinds import register
from exercises.kinds.derivative_hints import hint_ladder
from exercises.model import Blank, Degenerate, Field, Instance, Kind, SpecError, Worksheet

_FUNCTION_OPS = frozenset(DISPLAY) - {"step", "sign"}
_FROZEN = "\u2063frozen"  # a name no one can type: the variable held fixed
MAX_CHAIN_MISTAKES = 6


@dataclass(frozen=True)
class DerivativeVisual:
    """What the app shows beside the blank: the function, and the key for a simplified display.

    `key` is an engine Expr: pass it to engine.simplify.simplified_text in a worker thread.
    """

    function: str
    wrt: str
    variables: tuple[str, ...]
    key: Expr


def _rebuild(
    expr: Expr,
    b: Builder,
    replace: Mapping[int, Expr] = {},
    rename: Mapping[str, str] = {},
) -> Expr:
    """A copy of the DAG with some nodes replaced and some inputs renamed."""
    new: dict[int, Expr] = {}
    for node in postorder(expr):
        if id(node) in replace:
            new[id(node)] = replace[id(node)]
        elif node.op == "input":
            new[id(node)] = b.input(rename.get(node.name, node.name))
        else:
            args = (new[id(a)] for a in node.args)
            new[id(node)] = b.node(node.op, *args, value=node.value, name=node.name)
    return new[id(expr)]


class Variants:
    """Wrong derivatives of one function: the same rules, with one rule changed at one node."""

    def __init__(self, function: Expr, wrt: str) -> None:
        self.function, self.wrt, self.b = function, wrt, Builder()

    def freeze(self, expr: Expr) -> Expr:
        return _rebuild(expr, self.b, rename={self.wrt: _FROZEN})

    def outer(self, node: Expr, at: Expr) -> Expr:
        """g′ evaluated at `at`, for the node g(u) (or u^c)."""
        t = self.b.input(_FROZEN + "t")
        applied = self.b.node(node.op, t, *node.args[1:], value=node.value, name=node.name)
        return _rebuild(derivative(applied, t.name, self.b), self.b, replace={id(t): at})

    def with_slope(self, node: Expr, slope: Expr, along: Expr) -> Expr:
        """d/dx of f with `node` replaced by node(x̄) + slope(x̄)·(along − along(x̄)), then x̄ = x."""
        b = self.b
        linear = b.node(
            "add",
            self.freeze(node),
            b.node("mul", self.freeze(slope), b.node("sub", along, self.freeze(along))),
        )
        changed = _rebuild(self.function, b, replace={id(node): linear})
        return _rebuild(derivative(changed, self.wrt, b), b, rename={_FROZEN: self.wrt})

    def without_chain(self, node: Expr) -> Expr:
        return self.with_slope(node, self.outer(node, node.args[0]), self.b.input(self.wrt))

    def sigmoid_plus(self, node: Expr) -> Expr:
        """σ′(u) taken as σ(u)(1 + σ(u))."""
        b = self.b
        return self.with_slope(
            node, b.node("mul", node, b.node("add", b.const(1.0), node)), node.args[0]
        )

    def tanh_plus(self, node: Expr) -> Expr:
        b = self.b
        return self.with_slope(
            node, b.node("add", b.const(1.0), b.node("pow", node, b.const(2.0))), node.args[0]
        )


def _depends(expr: Expr, name: str) -> bool:
    return name in expr.variables()


def _chain_nodes(function: Expr, wrt: str) -> list[Expr]:
    """Function applications whose inside is more than the variable itself, outermost first."""
    found = [
        n
        for n in postorder(function)
        if (n.op in _FUNCTION_OPS or (n.op == "pow" and n.args[1].is_constant()))
        and _depends(n.args[0], wrt)
        and n.args[0].op != "input"
    ]
    return list(reversed(found))[:MAX_CHAIN_MISTAKES]


def _factor_text(factor: float) -> str:
    if abs(factor) < 1 and (1 / factor).is_integer():
        return f"{'-' if factor < 0 else ''}1/{show_number(abs(1 / factor))}"
    return show_number(factor)


def _factors(function: Expr) -> list[float]:
    bases = [2.0, 3.0, 4.0]
    for node in postorder(function):
        if node.op == "const" and not node.name and abs(node.value) not in (0.0, 1.0):
            bases.append(abs(node.value))
    factors: list[float] = []
    for base in dict.fromkeys(bases):
        for factor in (base, 1 / base, -base, -1 / base):
            if factor not in factors:
                factors.append(factor)
    return factors[:24]


def catalogue(function: Expr, wrt: str, variables: Sequence[str], key: Formula) -> list[Mistake]:
    """The known wrong answers for d function / d wrt, most specific first."""
    variants = Variants(function, wrt)
    found: list[tuple[str, str, Expr | Formula]] = []
    for node in postorder(function):
        if node.op == "sigmoid" and _depends(node, wrt):
            found.append(
                (
                    "sigmoid-derivative",
                    "σ′(u) = σ(u)(1 − σ(u)), with a minus sign: "
                    f"σ({to_text(node.args[0])})(1 + σ(…)) has a plus",
                    variants.sigmoid_plus(node),
                )
            )
        if node.op == "tanh" and _depends(node, wrt):
            found.append(
                (
                    "tanh-derivative",
                    "tanh′(u) = 1 − tanh(u)², with a minus sign",
                    variants.tanh_plus(node),
                )
            )
    for node in _chain_nodes(function, wrt):
        inside = node.args[0]
        inner = to_text(derivative(inside, wrt))
        name = "the power" if node.op == "pow" else DISPLAY[node.op]
        found.append(
            (
                "missing-chain-factor",
                f"the chain rule also multiplies by the derivative of the inside: for "
                f"{name} of u = {to_text(inside)}, multiply by du/d{wrt} = {inner}",
                variants.without_chain(node),
            )
        )
    found.append(
        ("self-instead-of-derivative", "this is the function itself, not its derivative", function)
    )
    found.append(("sign-flip", "the sign is flipped", key.scaled(-1, "-key")))
    for other in variables:
        if other != wrt and _depends(function, other):
            found.append(
                (
                    "wrong-variable",
                    f"this is the derivative with respect to {other}; "
                    f"differentiate with respect to {wrt}, holding {other} fixed",
                    derivative(function, other),
                )
            )
    mistakes = [
        Mistake(i, m, constant(Formula.of(e) if isinstance(e, Expr) else e)) for i, m, e in found
    ]
    for factor in _factors(function):
        if factor == -1:
            continue
        text = _factor_text(factor)
        mistakes.append(
            Mistake(
                "constant-factor",
                f"right up to a constant factor: this is {text} times the derivative. Check the "
                "constant in front and the exponent brought down by the power rule",
                constant(key.scaled(factor, f"{factor}·key")),
            )
        )
    return mistakes


def _read_domain(
    value: Any, variables: Sequence[str]
) -> tuple[tuple[str, tuple[float, float]], ...]:
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        raise SpecError("domain", "domain is a table of intervals: domain = { x = [0.1, 3] }")
    domain = []
    for name, interval in value.items():
        if name not in variables:
            raise SpecError(
                f"domain.{name}",
                f"{name!r} is not a variable of the function ({', '.join(variables)})",
            )
        if (
            not isinstance(interval, list)
            or len(interval) != 2
            or not all(isinstance(v, (int, float)) for v in interval)
            or interval[0] >= interval[1]
        ):
            raise SpecError(
                f"domain.{name}", f"an interval is [low, high] with low < high, not {interval!r}"
            )
        domain.append((name, (float(interval[0]), float(interval[1]))))
    return tuple(domain)


def fold_integers(expr: Expr) -> Expr:
    """Constant sub-expressions with a whole-number value become that number (-1·2 - 3 → -5).

    Randomized packs substitute numbers into formulas; folding keeps their keys readable.
    """
    b = Builder()
    new: dict[int, Expr] = {}
    for node in postorder(expr):
        args = [new[id(a)] for a in node.args]
        if args and all(a.op == "const" and not a.name for a in args):
            try:
                value = evaluate(b.node(node.op, *args))
            except MathError:
                value = 0.5
            if value == int(value) and abs(value) < 1e9:
                new[id(node)] = b.const(value)
                continue
        if node.op == "input":
            new[id(node)] = b.input(node.name)
        else:
            new[id(node)] = b.node(node.op, *args, value=node.value, name=node.name)
    return new[id(expr)]


def _parse_function(fields: Mapping[str, Any]) -> tuple[Expr, tuple[str, ...], str]:
    text, wrt = fields["function"], fields["wrt"]
    declared = fields.get("variables")
    if declared is not None and not all(isinstance(n, str) and is_free_name(n) for n in declared):
        raise SpecError(
            "variables", f'variables is a list of names, like ["x", "w"], not {declared!r}'
        )
    try:
        function = fold_integers(parse(text, declared))
    except MathError as error:
        raise SpecError("function", f"cannot read {text!r}: {error}") from None
    variables = tuple(declared) if declared is not None else function.variables()
    if wrt not in variables:
        raise SpecError(
            "wrt",
            f"{wrt!r} is not a variable of {text!r} "
            f"(its variables: {', '.join(variables) or 'none'})",
        )
    return function, variables, wrt


def _check_key(
    key: Formula,
    variables: Sequence[str],
    context: str,
    domain: Mapping[str, Any],
    function: Expr,
    wrt: str,
) -> None:
    import numpy as np

    points = sample_points(context, "key", 0, variables, domain)
    values = key.values(points)
    usable = np.isfinite(values) & (np.abs(values) < 1e12)
    at_function = Formula.of(function).values(points)
    defined = usable & np.isfinite(at_function) & (np.abs(at_function) < 1e12)
    if int(defined.sum()) < POINTS_NEEDED:
        interval = domain.get(wrt, DEFAULT_INTERVAL)
        raise SpecError(
            "domain",
            f"{to_text(function)} or its derivative is undefined at most "
            f"points of {wrt} in [{interval[0]:g}, {interval[1]:g}]; set a "
            f"domain where both are defined, e.g. domain = {{ {wrt} = "
            "[0.1, 3] }",
        )
    if np.all(values[usable] == 0):
        raise Degenerate(f"{to_text(function)} does not depend on {wrt}: its derivative is 0")


def _typed_greek(variables: tuple[str, ...]) -> str:
    spellings = greek_spellings(variables)
    return f" (on a plain keyboard type {spellings})" if spellings else ""


def build(instance: Instance) -> Worksheet:
    fields = instance.fields
    function, variables, wrt = _parse_function(fields)
    domain = _read_domain(fields.get("domain"), variables)
    context = f"{instance.ref}#{instance.seed}"
    key_expr = derivative(function, wrt)
    key = Formula.of(key_expr)
    _check_key(key, variables, context, dict(domain), function, wrt)
    answer_format = ExpressionFormat(
        variables, context, domain, instance.tolerance or SYMBOLIC_TOLERANCE
    )
    several = len(variables) > 1
    label = f"∂f/∂{wrt}" if several else f"df/d{wrt}"
    shown = to_text(simplified(function))
    blank = Blank(
        id="derivative",
        label=label,
        expected=key,
        format=answer_format,
        mistakes=tuple(catalogue(function, wrt, variables, key)),
        hints=hint_ladder(function, wrt, variables),
        section="Derivative",
        extra={"key_expr": key_expr, "variables": variables},
    )
    names = ", ".join(variables)
    prompt = instance.prompt or (
        f"Differentiate f({names}) = {shown} with respect to {wrt}.\n\n"
        f"Type an expression in {names}{_typed_greek(variables)}: "
        "`exp ln sqrt sin cos tan tanh σ softplus relu`, "
        "powers with `^`, products as `2x` or `σ(x)(1 - σ(x))`. Any equivalent form is accepted."
    )
    return instance.worksheet(
        prompt,
        (blank,),
        {"derivative": key.text, "function": shown, "wrt": wrt},
        DerivativeVisual(shown, wrt, variables, key_expr),
    )


register(
    Kind(
        "derivative",
        {
            "function": Field((str,), "the function to differentiate, in the math syntax", True),
            "wrt": Field((str,), "the variable to differentiate by", True),
            "variables": Field((list,), "the variables (default: the names used in function)"),
            "domain": Field(
                (dict,), "intervals the sample points are drawn from, { x = [0.1, 3] }"
            ),
        },
        build,
    )
)
