"""Provides the printer from an expression DAG back to readable Unicode (`σ(w1)`, `e^(2·w2)`).

What it prints parses back to the same DAG.
"""

from __future__ import annotations

from collections.abc import Mapping

from engine.expr import Expr, postorder
from engine.ops import DISPLAY

_INFIX = {"add": (" + ", 1), "sub": (" - ", 1), "mul": ("·", 2), "div": ("/", 2)}
_ATOM = 5


def format_number(value: float) -> str:
    """Integers without a decimal point; other floats in their shortest exact form."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def to_text(expr: Expr, names: Mapping[int, str] | None = None) -> str:
    """Print an expression; `names` maps node ids to names printed in place of those nodes."""
    names = names or {}
    printed: dict[int, tuple[str, int]] = {}
    for node in postorder(expr):
        if id(node) in names:
            printed[id(node)] = (names[id(node)], _ATOM)
            continue
        printed[id(node)] = _print_node(node, [printed[id(a)] for a in node.args])
    return printed[id(expr)][0]


def _print_node(node: Expr, args: list[tuple[str, int]]) -> tuple[str, int]:
    op = node.op
    if op == "const":
        if node.name:
            return node.name, _ATOM
        text = format_number(node.value)
        return text, (3 if node.value < 0 else _ATOM)
    if op == "input":
        return node.name, _ATOM
    if op in _INFIX:
        symbol, level = _INFIX[op]
        (left, left_level), (right, right_level) = args
        if left_level < level:
            left = f"({left})"
        if right_level <= level or right_level == 3:
            right = f"({right})"
        return f"{left}{symbol}{right}", level
    if op == "pow":
        (base, base_level), (exponent, exponent_level) = args
        if base_level < _ATOM:
            base = f"({base})"
        return f"{base}^{_exponent(exponent, exponent_level)}", 4
    if op == "neg":
        operand, level = args[0]
        if level <= 3:
            operand = f"({operand})"
        return f"-{operand}", 3
    if op == "exp":
        operand, level = args[0]
        return f"e^{_exponent(operand, level)}", 4
    return f"{DISPLAY[op]}({', '.join(_unwrapped(text) for text, _ in args)})", _ATOM


def _unwrapped(text: str) -> str:
    """An argument without a pair of parentheses around the whole of it: a function's own
    parentheses already group it (`cos((-4))` -> `cos(-4)`, but `(a)·(b)` is kept)."""
    if not (text.startswith("(") and text.endswith(")")):
        return text
    depth = 0
    for position, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and position < len(text) - 1:
            return text
    return text[1:-1]


def _exponent(text: str, level: int) -> str:
    return text if level == _ATOM else f"({text})"
