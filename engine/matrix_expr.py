"""Provides matrix expressions: a parser with shape checking, and a printer.

The syntax extends the math syntax with transpose (`x^T`, `xᵀ`, `x'`), matrix products
(`A @ x`, `A*x` or juxtaposition `Ax`, `xᵀAx`), sums, scalar factors (`2x`, `½`, `x/2`),
powers of scalars (`(wᵀx - y)^2`) and norms (`‖v‖`, `||v||`, `norm(v)`; `‖v‖^2` is vᵀv).
Juxtaposed declared names are split (`Ax` is A times x). Shapes are checked while parsing:
a mismatch is a ShapeError naming the sub-expressions, as typed, and both shapes.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from engine.errors import MathError, ParseError
from engine.expr import MAX_DEPTH
from engine.matrix_tokens import FUNCTIONS, MatrixToken, tokenize

Shape = tuple[int, ...]  # () for a scalar, (rows, columns) otherwise
MAX_HEIGHT = 200  # keeps the recursive evaluator and printer far from the recursion limit


def shape_text(shape: Shape) -> str:
    """`3×1`, or `a scalar`."""
    return "×".join(str(n) for n in shape) if shape else "a scalar"


def as_shape(declared: Collection[int]) -> Shape:
    """A declared shape: [] is a scalar, [n] a column vector n×1, [m, n] a matrix."""
    dims = tuple(int(n) for n in declared)
    if len(dims) == 1:
        return (dims[0], 1)
    if len(dims) > 2 or any(n < 1 for n in dims):
        raise ValueError(
            f"a shape is [], [n] or [rows, columns] with positive sizes, not {list(dims)}"
        )
    return dims


def scalar_like(shape: Shape) -> bool:
    """() or 1×1: a shape that multiplies anything as a number."""
    return shape in ((), (1, 1))


class ShapeError(MathError):
    """Shapes that do not fit; `parts` holds (text as typed, shape) of the pieces involved."""

    def __init__(self, message: str, parts: tuple[tuple[str, Shape], ...]) -> None:
        super().__init__(message)
        self.message = message
        self.parts = parts


@dataclass(frozen=True, eq=False)
class MatrixExpr:
    """A node: op, arguments, its shape, and the text it was read from.

    Ops: num, var, add, sub, neg, matmul, scale, div, transpose, power, inverse, norm, sqnorm.
    Every occurrence of a variable is its own node (the gradient's mistakes drop one).
    """

    op: str
    args: tuple[MatrixExpr, ...]
    shape: Shape
    source: str = ""
    value: float = 0.0
    name: str = ""

    def occurrences(self, name: str) -> tuple[MatrixExpr, ...]:
        """The nodes of variable `name`, left to right."""
        return tuple(n for n in self.walk() if n.op == "var" and n.name == name)

    def walk(self) -> list[MatrixExpr]:
        found: list[MatrixExpr] = []
        stack = [self]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed(node.args))
        return found


class _Parser:
    def __init__(self, text: str, shapes: Mapping[str, Shape]) -> None:
        self.text, self.shapes = text, shapes
        self.tokens = tokenize(text, shapes)
        self.pos = self.depth = 0
        self.in_norm = False

    def peek(self) -> MatrixToken | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def error(self, message: str, token: MatrixToken | None) -> ParseError:
        column = token.start + 1 if token else len(self.text) + 1
        return ParseError(f"{message} at column {column}", self.text, column)

    def node(
        self, op: str, args: tuple[MatrixExpr, ...], shape: Shape, start: int, **extra: Any
    ) -> MatrixExpr:
        end = self.tokens[self.pos - 1].end
        return MatrixExpr(op, args, shape, self.text[start:end].strip(), **extra)

    def parse(self) -> MatrixExpr:
        if not self.tokens:
            raise ParseError("the entry is empty", self.text, 1)
        expr = self.sum()
        if (token := self.peek()) is not None:
            raise self.error(f"unexpected {token.text!r}", token)
        if _height(expr) > MAX_HEIGHT:
            raise ParseError(
                f"the expression is too long (more than {MAX_HEIGHT} terms in a row)", self.text, 1
            )
        return expr

    def sum(self) -> MatrixExpr:
        start = self.tokens[self.pos].start if self.peek() else len(self.text)
        left = self.product()
        while (token := self.peek()) is not None and token.kind in "+-":
            self.pos += 1
            right = self.product()
            if left.shape != right.shape and not (
                scalar_like(left.shape) and scalar_like(right.shape)
            ):
                verb = "add" if token.kind == "+" else "subtract"
                raise ShapeError(
                    f"cannot {verb} {left.source} ({shape_text(left.shape)}) and {right.source} "
                    f"({shape_text(right.shape)}): a sum needs equal shapes",
                    ((left.source, left.shape), (right.source, right.shape)),
                )
            shape = left.shape if len(left.shape) >= len(right.shape) else right.shape
            left = self.node("add" if token.kind == "+" else "sub", (left, right), shape, start)
        return left

    def product(self) -> MatrixExpr:
        start = self.tokens[self.pos].start if self.peek() else len(self.text)
        left = self.unary()
        while (token := self.peek()) is not None:
            if token.kind in "*/":
                self.pos += 1
                right = self.unary()
            elif token.kind in ("name", "(") or (token.kind == "‖" and not self.in_norm):
                right = self.postfix()
            else:
                break
            left = self.combine(left, right, token.kind == "/", start)
        return left

    def combine(self, left: MatrixExpr, right: MatrixExpr, divide: bool, start: int) -> MatrixExpr:
        if divide:
            if not scalar_like(right.shape):
                raise ShapeError(
                    f"can only divide by a scalar; {right.source} is {shape_text(right.shape)}",
                    ((right.source, right.shape),),
                )
            return self.node("div", (left, right), left.shape, start)
        if not left.shape or not right.shape:
            return self.node("scale", (left, right), left.shape or right.shape, start)
        if left.shape[1] == right.shape[0]:
            return self.node("matmul", (left, right), (left.shape[0], right.shape[1]), start)
        if scalar_like(left.shape) or scalar_like(right.shape):
            shape = right.shape if scalar_like(left.shape) else left.shape
            return self.node("scale", (left, right), shape, start)
        raise ShapeError(
            f"cannot multiply {left.source} ({shape_text(left.shape)}) by {right.source} "
            f"({shape_text(right.shape)}): the columns of the left ({left.shape[1]}) must "
            f"match the rows of the right ({right.shape[0]})",
            ((left.source, left.shape), (right.source, right.shape)),
        )

    def unary(self) -> MatrixExpr:
        token = self.peek()
        if token is not None and token.kind in "+-":
            self.pos += 1
            self.descend(token)
            operand = self.unary()
            self.depth -= 1
            if token.kind == "+":
                return operand
            return self.node("neg", (operand,), operand.shape, token.start)
        return self.postfix()

    def descend(self, token: MatrixToken | None) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(
                f"the expression is nested too deeply (at most {MAX_DEPTH} levels)", token
            )

    def postfix(self) -> MatrixExpr:
        first = self.peek()
        start = first.start if first else len(self.text)
        base = self.atom()
        grouped = base if first is not None and first.kind == "(" else None
        while (token := self.peek()) is not None and token.kind in ("T", "^"):
            self.pos += 1
            if token.kind == "T":
                shape = base.shape[::-1]
                base = self.node("transpose", (base,), shape, start)
                continue
            if base.op in ("power", "sqnorm") and base is not grouped:
                raise self.error("a power of a power is ambiguous: add parentheses", token)
            exponent = self.exponent(token)
            if exponent == -1 and not scalar_like(base.shape):
                base = self.inverse(base, start)
            elif base.op == "norm" and exponent == 2:
                base = self.node("sqnorm", base.args, (), start)
            elif scalar_like(base.shape):
                base = self.node("power", (base,), base.shape, start, value=exponent)
            else:
                raise ShapeError(
                    f"only a scalar can be raised to a power; {base.source} is "
                    f"{shape_text(base.shape)}",
                    ((base.source, base.shape),),
                )
        return base

    def inverse(self, base: MatrixExpr, start: int) -> MatrixExpr:
        """inv(A) or A^-1: only a square matrix has one (a scalar's is its reciprocal)."""
        if scalar_like(base.shape):
            return self.node("power", (base,), base.shape, start, value=-1.0)
        if base.shape[0] != base.shape[1]:
            raise ShapeError(
                f"only a square matrix has an inverse; {base.source} is {shape_text(base.shape)}",
                ((base.source, base.shape),),
            )
        return self.node("inverse", (base,), base.shape, start)

    def exponent(self, caret: MatrixToken) -> float:
        sign = 1.0
        if (token := self.peek()) is not None and token.kind == "-":
            self.pos, sign = self.pos + 1, -1.0
        token = self.peek()
        if token is None or token.kind != "num":
            raise self.error("expected a number or T after '^'", token or caret)
        self.pos += 1
        return sign * float(token.text)

    def atom(self) -> MatrixExpr:
        token = self.peek()
        if token is None:
            raise self.error("expected an expression", None)
        self.pos += 1
        if token.kind == "num":
            if math.isinf(value := float(token.text)):
                raise self.error(f"the number {token.text} is too large", token)
            return MatrixExpr("num", (), (), token.text, value=value)
        if token.kind == "name" and token.text == "inv":
            inner = self.enclosed(token, "(", ")", "")
            return self.inverse(inner, token.start)
        if token.kind == "name" and token.text in FUNCTIONS:
            return self.enclosed(token, "(", ")", "norm")
        if token.kind == "name":
            return MatrixExpr("var", (), self.shapes[token.text], token.text, name=token.text)
        if token.kind == "(":
            return self.enclosed(token, None, ")", "")
        if token.kind == "‖" and not self.in_norm:
            return self.enclosed(token, None, "‖", "norm")
        raise self.error(f"expected an expression, found {token.text!r}", token)

    def enclosed(
        self, first: MatrixToken, opening: str | None, closing: str, op: str
    ) -> MatrixExpr:
        if opening is not None:
            token = self.peek()
            if token is None or token.kind != opening:
                raise self.error(f"expected {opening!r} after {first.text}", token)
            self.pos += 1
        self.descend(first)
        saved, self.in_norm = self.in_norm, self.in_norm or closing == "‖"
        inner = self.sum()
        self.in_norm = saved
        token = self.peek()
        if token is None or token.kind != closing:
            raise self.error(f"expected {closing!r} to close {first.text!r}", token)
        self.pos += 1
        self.depth -= 1
        if not op:
            return inner
        return self.node(op, (inner,), (), first.start)


def _height(expr: MatrixExpr) -> int:
    heights: dict[int, int] = {}
    for node in reversed(expr.walk()):
        heights[id(node)] = 1 + max((heights[id(a)] for a in node.args), default=0)
    return heights[id(expr)]


def parse_matrix(text: str, shapes: Mapping[str, Shape]) -> MatrixExpr:
    """Parse and shape-check a matrix expression; ParseError or ShapeError (both MathError)."""
    if "T" in shapes:
        raise ValueError("T cannot be a variable: it means transpose")
    return _Parser(text, shapes).parse()


_LEVEL = {
    "add": 1,
    "sub": 1,
    "matmul": 2,
    "scale": 2,
    "div": 2,
    "neg": 3,
    "power": 4,
    "transpose": 4,
    "inverse": 4,
}


def to_text(expr: MatrixExpr) -> str:
    """Print with ᵀ and juxtaposed products: `(A + Aᵀ)x + z`, `xᵀAx`, `½‖Xw - y‖²`."""
    return _print(expr)[0]


def _print(expr: MatrixExpr) -> tuple[str, int]:
    op = expr.op
    if op == "num":
        value = expr.value
        return ("½" if value == 0.5 else str(int(value)) if value == int(value) else repr(value)), 5
    if op == "var":
        return expr.name, 5
    parts = [_print(a) for a in expr.args]
    if op in ("norm", "sqnorm"):
        return f"‖{parts[0][0]}‖" + ("²" if op == "sqnorm" else ""), 4 if op == "sqnorm" else 5
    level = _LEVEL[op]
    if op in ("transpose", "power", "inverse"):
        text, inner = parts[0]
        text = text if inner == 5 else f"({text})"
        suffix = (
            "ᵀ"
            if op == "transpose"
            else "⁻¹"
            if op == "inverse"
            else "⁻¹"
            if expr.value == -1
            else "²"
            if expr.value == 2
            else f"^{expr.value:g}"
        )
        return text + suffix, level
    if op == "neg":
        text, inner = parts[0]
        return "-" + (text if inner > 3 else f"({text})"), 3
    (left, left_level), (right, right_level) = parts
    if left_level < level:
        left = f"({left})"
    if right_level <= level or expr.args[1].op == "neg":  # g(-(gᵀg)), not g-(gᵀg)
        right = f"({right})"
    if op in ("add", "sub"):
        return f"{left} {'+' if op == 'add' else '-'} {right}", level
    if op == "div":
        return f"{left}/{right}", level
    glue = (
        "·"
        if right[0].isdigit() or len(expr.args[0].name) > 1 or len(expr.args[1].name) > 1
        else ""
    )
    return f"{left}{glue}{right}", level
