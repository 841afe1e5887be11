"""Provides the `derivative` kind: the student types f′ as an expression, checked at random points.

The key is the engine's own symbolic derivative. Catalogued mistakes are wrong
derivatives built the same way, from the function, with one rule changed (a chain
factor dropped, σ′ with a plus sign, another variable, a constant factor).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

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
from engine.expr import Builder, Expr, evaluate, parse, postorder
from engine.names import is_free_name
from engine.printing import to_text
from engine.tokens import greek_spellings
from exercises.kinds import register
from exercises.kinds.derivative_faults import catalogue
from exercises.kinds.derivative_hints import hint_ladder
from exercises.model import Blank, Degenerate, Field, Instance, Kind, SpecError, Worksheet


@dataclass(frozen=True)
class DerivativeVisual:
    """What the app shows beside the blank: the function, and the key for a simplified display.

    `key` is an engine Expr: pass it to engine.simplify.simplified_text in a worker thread.
    """

    function: str
    wrt: str
    variables: tuple[str, ...]
    key: Expr


def _read_domain(
    value: Any, variables: Sequence[str]
) -> tuple[tuple[str, tuple[float, float]], ...]:
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        raise SpecError(
            "domain", "domain is a table of intervals: domain = { x = [0.1, 3] }", standalone=True
        )
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
                f"domain.{name}",
                f"an interval is [low, high] with low < high, not {interval!r}",
                standalone=True,
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
            "variables",
            f'variables is a list of names, like ["x", "w"], not {declared!r}',
            standalone=True,
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
