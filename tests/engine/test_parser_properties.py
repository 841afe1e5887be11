"""Provides property tests of the parser: soup fails only with the engine's own errors.

Well-formed expressions built from the grammar parse to the right value and print back
to the same DAG.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from budget import within_calls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.answers import ArrayFormat, NumberFormat, Reading
from engine.checking import Verdict, read_entry
from engine.errors import EvaluationError, MathError
from engine.expr import Expr, evaluate, parse, parse_array
from engine.printing import to_text

VARIABLES = ("x", "y", "w1", "w2")
AT = {"x": 0.7, "y": -1.3, "w1": 1.0, "w2": 2.0}
SUM, PRODUCT, UNARY, POWER, ATOM = 1, 2, 3, 4, 5

# A tree is a tuple: ("num", text) | ("name", text) | ("neg", tree)
# | (op, left, right, spelling) for op in add sub mul div pow | ("call", function, tree).
Tree = tuple[object, ...]

FUNCTIONS: dict[str, Callable[[float], float]] = {
    "exp": math.exp,
    "log": math.log,
    "ln": math.log,
    "sqrt": math.sqrt,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "tanh": math.tanh,
    "sigmoid": lambda t: 1.0 / (1.0 + math.exp(-t)),
    "σ": lambda t: 1.0 / (1.0 + math.exp(-t)),
    "relu": lambda t: max(t, 0.0),
    "softplus": lambda t: math.log1p(math.exp(t)),
    "abs": abs,
}
NAMES = {**AT, "e": math.e, "pi": math.pi, "π": math.pi}
SPELLINGS = {
    "add": ["+", " + "],
    "sub": ["-", " - ", " − "],
    "mul": ["*", "·", " × ", "", "⋅", ""],  # "" is an implicit product
    "div": ["/", " / ", "÷"],
    "pow": ["^", "**", " ^ ", "²"],  # "²" only for the exponent 2
}

numbers = st.sampled_from(["0", "1", "2", "3", "0.5", "2.75", "1e-3", "12", ".5", "5.", "1.5e1"])
leaves = st.one_of(
    numbers.map(lambda text: ("num", text)),
    st.sampled_from(sorted(NAMES)).map(lambda text: ("name", text)),
)


def extend(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    binary = st.sampled_from(sorted(SPELLINGS)).flatmap(
        lambda op: st.tuples(st.just(op), children, children, st.sampled_from(SPELLINGS[op]))
    )
    calls = st.tuples(st.just("call"), st.sampled_from(sorted(FUNCTIONS)), children)
    return st.one_of(binary, calls, children.map(lambda tree: ("neg", tree)))


trees = st.recursive(leaves, extend, max_leaves=12)


def render(tree: Tree) -> tuple[str, int]:
    """Text in the math syntax with the fewest parentheses my own precedence table needs."""
    kind = tree[0]
    if kind in ("num", "name"):
        return str(tree[1]), ATOM
    if kind == "neg":
        text, level = render(tree[1])  # type: ignore[arg-type]
        return "-" + (text if level >= UNARY else f"({text})"), UNARY
    if kind == "call":
        text, _ = render(tree[2])  # type: ignore[arg-type]
        return f"{tree[1]}({text})", ATOM
    op, left_tree, right_tree, spelling = tree
    left, left_level = render(left_tree)  # type: ignore[arg-type]
    right, right_level = render(right_tree)  # type: ignore[arg-type]
    if op == "pow":
        base = left if left_level == ATOM else f"({left})"
        if spelling == "²":
            spelling = "^" if right != "2" else spelling
        if spelling == "²":
            return base + "²", POWER
        return base + str(spelling) + (right if right_level >= UNARY else f"({right})"), POWER
    level = SUM if op in ("add", "sub") else PRODUCT
    if left_level < level:
        left, left_level = f"({left})", ATOM
    if right_level <= level:
        right, right_level = f"({right})", ATOM
    if spelling == "":
        left, right = implicit_operands(left, left_tree, right, right_level)
    return f"{left}{spelling}{right}", level


def implicit_operands(
    left: str, left_tree: object, right: str, right_level: int
) -> tuple[str, str]:
    """Parenthesize so that a product with no sign is one: after a number or ')', before a
    name or '(' at power level (and never `e` right after a number: `2e-3` is a number)."""
    if not (left.endswith(")") or (isinstance(left_tree, tuple) and left_tree[0] == "num")):
        left = f"({left})"
    starts = right[0].isalpha() or right[0] == "("
    if not starts or right_level < POWER or right.startswith(("e", "E")):
        right = f"({right})"
    return left, right


def reference(tree: Tree) -> float:
    """My own float evaluation of the tree; raises ArithmeticError/ValueError where undefined."""
    kind = tree[0]
    if kind == "num":
        return float(str(tree[1]))
    if kind == "name":
        return NAMES[str(tree[1])]
    if kind == "neg":
        return -reference(tree[1])  # type: ignore[arg-type]
    if kind == "call":
        return FUNCTIONS[str(tree[1])](reference(tree[2]))  # type: ignore[arg-type]
    op, left_tree, right_tree, _ = tree
    a, b = reference(left_tree), reference(right_tree)  # type: ignore[arg-type]
    if op == "pow" and a < 0 and b != math.floor(b):
        raise ValueError("complex")
    result = {"add": a + b, "sub": a - b, "mul": a * b}.get(str(op))
    if result is None:
        result = a / b if op == "div" else float(a**b)
    if not math.isfinite(result) or abs(result) > 1e300:
        raise OverflowError
    return result


PERIODIC = frozenset({"sin", "cos", "tan"})


def amplifies_rounding(tree: Tree) -> bool:
    """A periodic function of a large argument (|x| > 1e4): one ulp of x, which two correct
    evaluations may differ by, moves the result by more than the comparison allows."""
    if tree[0] == "call" and str(tree[1]) in PERIODIC:
        try:
            if abs(reference(tree[2])) > 1e4:  # type: ignore[arg-type]
                return True
        except (ArithmeticError, ValueError):
            return False
    return any(isinstance(part, tuple) and amplifies_rounding(part) for part in tree[1:])


#: A bound on one entry's work, in calls (see budget.py), so a loaded machine cannot trip it:
#: the most a draw here needs is about 300 calls; a blow-up (quadratic in 300 tokens, or
#: exponential in the nesting) passes 100,000 at once.
CALLS = 100_000


def bounded(action: Callable[[], object]) -> object:
    with within_calls(CALLS):
        return action()


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees)
def test_well_formed_expressions_parse_to_the_right_value(tree: Tree) -> None:
    text, _ = render(tree)
    expr = parse(text, VARIABLES)
    try:
        expected = reference(tree)
    except (ArithmeticError, ValueError):
        return
    try:
        got = evaluate(expr, AT)
    except EvaluationError:
        return  # the engine's own limits (|value| > 1e300, tan near a pole) may come first
    if amplifies_rounding(tree):
        return
    assert math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12), text


def outcome(expr: Expr) -> float | str:
    try:
        return evaluate(expr, AT)
    except EvaluationError as error:
        return str(error)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees)
def test_print_then_parse_gives_the_same_dag_and_value(tree: Tree) -> None:
    text, _ = render(tree)
    expr = parse(text, VARIABLES)
    printed = to_text(expr)
    again = parse(printed, VARIABLES)
    assert again.key() == expr.key(), (text, printed)
    assert outcome(again) == outcome(expr)
    assert to_text(again) == printed


SOUP = [
    "1", "2.5", "0", "1e3", "1e", "e", "E", ".", "9" * 45, "x", "y", "w1", "w3", "q", "_", "__",
    "import", "os", "sin", "ln", "σ", "σ(", "pi", "π", "+", "-", "−", "*", "**", "·", "×", "/",
    "÷", "^", "²", "³", "(", ")", "[", "]", ",", ";", " ", "\t", "'", '"', "$", "\x00", "\u200b",
    "é", "∂", "=", "!", "%", "&", "@", "{", "}", "\\", "１", "٣",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(SOUP), max_size=40), st.sampled_from(["", " "]))
def test_token_soup_gives_a_value_or_the_engines_error(tokens: list[str], joiner: str) -> None:
    text = joiner.join(tokens)

    def attempt() -> None:
        try:
            value = evaluate(parse(text, VARIABLES), AT)
        except MathError as error:
            assert str(error)
        else:
            assert math.isfinite(value)
        try:
            rows = parse_array(text)
            [[evaluate(item) for item in row] for row in rows]
        except MathError as error:
            assert str(error)

    bounded(attempt)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_read_or_refused_with_a_verdict(text: str) -> None:
    for answer_format in (NumberFormat(), ArrayFormat((2,)), ArrayFormat((2, 2))):
        result = bounded(lambda fmt=answer_format: read_entry(text, fmt))  # type: ignore[misc]
        assert isinstance(result, (Reading, Verdict))
        if isinstance(result, Verdict):
            assert result.status in ("blank", "invalid")
            assert result.status == "blank" or result.message


LONG_SOUP = ["(", ")", "-", "+", "^", "2", "x", "sin(", "e^", "·"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LONG_SOUP), max_size=300))
def test_long_soup_is_bounded(tokens: list[str]) -> None:
    text = "".join(tokens)
    try:
        bounded(lambda: evaluate(parse(text, VARIABLES), AT))
    except MathError as error:
        assert str(error)
