"""Provides the wrong derivatives of the `derivative` kind, most specific first.

Each is built from the function by the engine's own rules with one rule changed at one
node (a chain factor dropped, σ′ with a plus, a quotient not squared, one term of a sum
dropped, negated or scaled, another variable, a constant factor).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from engine.answers import show_number
from engine.checking import Mistake, constant
from engine.derivatives import derivative
from engine.equivalence import Formula
from engine.expr import Builder, Expr, postorder
from engine.ops import DISPLAY
from engine.printing import to_text

_FUNCTION_OPS = frozenset(DISPLAY) - {"step", "sign"}
_FROZEN = "\u2063frozen"  # a name no one can type: the variable held fixed
MAX_CHAIN_MISTAKES = 6


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

    def tanh_linear(self, node: Expr) -> Expr:
        """tanh′(u) taken as 1 − tanh(u), the square forgotten."""
        b = self.b
        return self.with_slope(node, b.node("sub", b.const(1.0), node), node.args[0])

    def quotient_unsquared(self, node: Expr) -> Expr:
        """(u/v)′ taken as (u′v − uv′)/v: the denominator not squared."""
        b, (u, v) = self.b, node.args
        du, dv = derivative(u, self.wrt, b), derivative(v, self.wrt, b)
        slope = b.node("div", b.node("sub", b.node("mul", du, v), b.node("mul", u, dv)), v)
        return self.with_slope(node, slope, b.input(self.wrt))

    def tanh_plus(self, node: Expr) -> Expr:
        b = self.b
        return self.with_slope(
            node, b.node("add", b.const(1.0), b.node("pow", node, b.const(2.0))), node.args[0]
        )


def _depends(expr: Expr, name: str) -> bool:
    return name in expr.variables()


def chain_nodes(function: Expr, wrt: str) -> list[Expr]:
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


def _terms(function: Expr) -> list[tuple[float, Expr]]:
    """The additive terms of a function with their signs: g + λ(w - v) → [(1, g), (1, λ(w - v))]."""
    if function.op == "add":
        return _terms(function.args[0]) + _terms(function.args[1])
    if function.op == "sub":
        return _terms(function.args[0]) + [(-s, t) for s, t in _terms(function.args[1])]
    return [(1.0, function)]


def _term_faults(function: Expr, wrt: str) -> list[tuple[str, str, Expr]]:
    """One term of a sum dropped, negated, or halved or doubled in the derivative."""
    terms = [(sign, t) for sign, t in _terms(function) if _depends(t, wrt)]
    if len(terms) < 2:
        return []
    b = Builder()
    whole = derivative(function, wrt, b)
    found: list[tuple[str, str, Expr]] = []
    for sign, term in terms[:MAX_CHAIN_MISTAKES]:
        part = b.node("mul", b.const(sign), derivative(term, wrt, b))
        shown = to_text(term)
        found.append(("missing-term", f"the derivative of the term {shown} is missing",
                      b.node("sub", whole, part)))  # fmt: skip
        found.append(("sign-flip", f"the derivative of the term {shown} has the wrong sign",
                      b.node("sub", whole, b.node("mul", b.const(2.0), part))))  # fmt: skip
        for factor, words in ((0.5, "half"), (2.0, "twice")):
            scaled = b.node("add", whole, b.node("mul", b.const(factor - 1), part))
            text = f"the derivative of the term {shown} is {words} what it should be"
            found.append(("constant-factor", text + ": check the exponent brought down", scaled))
    return found


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
            found.append(
                (
                    "tanh-derivative",
                    "tanh′(u) = 1 − tanh(u)², with the square",
                    variants.tanh_linear(node),
                )
            )
        if node.op == "div" and _depends(node.args[1], wrt):
            found.append(
                (
                    "quotient-rule",
                    "the quotient rule divides by the square of the denominator: "
                    "(u/v)′ = (u′·v − u·v′)/v²",
                    variants.quotient_unsquared(node),
                )
            )
    found.extend(_term_faults(function, wrt))
    for node in chain_nodes(function, wrt):
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
    mistakes.extend(_parameter_factors(function, wrt, variables, key))
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


def _parameter_factors(
    function: Expr, wrt: str, variables: Sequence[str], key: Formula
) -> list[Mistake]:
    """The key times a parameter or divided by it: a constant factor that is a symbol (the 1/β
    in front of softplus left out, or the inner β taken twice), constant in `wrt`."""
    builder = Builder()
    found = []
    for name in variables:
        if name == wrt or not _depends(function, name):
            continue
        symbol = builder.input(name)
        for op, text in (("mul", name), ("div", f"1/{name}")):
            scaled = builder.node(op, key.expr, symbol)
            message = (
                f"right up to a constant factor: this is {text} times the derivative. Check "
                f"the constant in front and the factor the chain rule brings down"
            )
            found.append(Mistake("constant-factor", message, constant(Formula.of(scaled))))
    return found
