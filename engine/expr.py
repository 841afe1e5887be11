"""Provides the math syntax: a tokenizer and parser into an expression DAG, and its evaluation.

The grammar is the engine's own (never eval, sympify or parse_expr). Limits on length,
nesting depth and number size make hostile text fail fast with a readable message.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from engine.errors import EvaluationError, ParseError
from engine.ops import ARITY, EVALUATE, FUNCTION_NAMES, evaluate_op
from engine.tokens import (
    MAX_DIGITS,
    MAX_LENGTH,
    Token,
    spelled,
    split_before_call,
    split_name,
    tokenize,
)

__all__ = ["MAX_DEPTH", "MAX_DIGITS", "MAX_LENGTH", "Token", "tokenize"]

MAX_DEPTH = 80
MAX_SPLIT = 12  # the longest run of juxtaposed names (`βx`, `xy`) read as a product

CONSTANTS: dict[str, tuple[float, str]] = {
    "e": (math.e, "e"),
    "pi": (math.pi, "π"),
    "π": (math.pi, "π"),
}


@dataclass(frozen=True, eq=False)
class Expr:
    """One node of the DAG: an op, its arguments in order, a constant's value, an input's name.

    Within one parse, equal sub-expressions are the same object (shared nodes).
    """

    op: str
    args: tuple[Expr, ...] = ()
    value: float = 0.0
    name: str = ""

    def key(self) -> tuple[object, ...]:
        """A structural key: equal for two DAGs that compute the same thing the same way."""
        memo: dict[int, tuple[object, ...]] = {}
        for node in postorder(self):
            memo[id(node)] = (node.op, node.value, node.name, tuple(memo[id(a)] for a in node.args))
        return memo[id(self)]

    def variables(self) -> tuple[str, ...]:
        """Names of the inputs, in order of first appearance."""
        return self._variables

    @cached_property
    def _postorder(self) -> tuple[Expr, ...]:
        """The nodes below this one in evaluation order, computed once (nodes are immutable)."""
        return tuple(_walk((self,)))

    @cached_property
    def _variables(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for node in postorder(self):
            if node.op == "input":
                seen.setdefault(node.name, None)
        return tuple(seen)

    def is_constant(self) -> bool:
        """True when no input appears below this node."""
        return not self.variables()


def postorder(*roots: Expr) -> Iterator[Expr]:
    """Every node below the roots once, arguments before the nodes that use them."""
    if len(roots) == 1:
        return iter(roots[0]._postorder)
    return _walk(roots)


def _walk(roots: tuple[Expr, ...]) -> Iterator[Expr]:
    done: set[int] = set()
    stack: list[tuple[Expr, bool]] = [(r, False) for r in reversed(roots)]
    while stack:
        node, expanded = stack.pop()
        if id(node) in done:
            continue
        if expanded:
            done.add(id(node))
            yield node
            continue
        stack.append((node, True))
        stack.extend((a, False) for a in reversed(node.args) if id(a) not in done)


@dataclass
class Builder:
    """Makes nodes, sharing equal sub-expressions (hash-consing)."""

    _nodes: dict[tuple[object, ...], Expr] = field(default_factory=dict)

    def node(self, op: str, *args: Expr, value: float = 0.0, name: str = "") -> Expr:
        key = (op, tuple(id(a) for a in args), value, name)
        found = self._nodes.get(key)
        if found is None:
            found = self._nodes[key] = Expr(op, tuple(args), value, name)
        return found

    def const(self, value: float, label: str = "") -> Expr:
        return self.node("const", value=value, name=label)

    def input(self, name: str) -> Expr:
        return self.node("input", name=name)


class Parser:
    """Recursive descent over the tokens, with a depth limit (no RecursionError, ever)."""

    def __init__(
        self, text: str, variables: Collection[str] | None, builder: Builder | None = None
    ) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0
        self.depth = 0
        self.variables = variables
        self.builder = builder or Builder()
        self.space_separated = False  # inside [1 -2] a spaced sign starts a new element
        self.bars = 0  # inside |...| a bar closes, it does not open a product

    # -- token helpers -------------------------------------------------------------------
    def peek(self, offset: int = 0) -> Token | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def error(self, message: str, token: Token | None = None) -> ParseError:
        column = token.column if token else len(self.text) + 1
        return ParseError(f"{message} at column {column}", self.text, column)

    def expect(self, kind: str, after: str) -> Token:
        token = self.peek()
        if token is None or token.kind != kind:
            found = f", found {token.text!r}" if token else ""
            raise self.error(f"expected {kind!r} after {after}{found}", token)
        self.pos += 1
        return token

    def descend(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(
                f"the expression is nested too deeply (at most {MAX_DEPTH} levels)", self.peek()
            )

    # -- grammar -------------------------------------------------------------------------
    def parse(self) -> Expr:
        if not self.tokens:
            raise ParseError("the entry is empty", self.text, 1)
        expr = self.sum()
        self.finish()
        return expr

    def finish(self) -> None:
        token = self.peek()
        if token is not None:
            raise self.error(f"unexpected {token.text!r}", token)

    def sum(self) -> Expr:
        left = self.product()
        while (token := self.peek()) is not None and token.kind in "+-":
            if self.space_separated and token.space_before and not self._spaced_after():
                break
            self.pos += 1
            right = self.product_after(token)
            left = self.builder.node("add" if token.kind == "+" else "sub", left, right)
        return left

    def _spaced_after(self) -> bool:
        following = self.peek(1)
        return following is not None and following.space_before

    def product_after(self, operator: Token) -> Expr:
        if self.peek() is None:
            raise self.error(f"expected an expression after {operator.text!r}")
        return self.product()

    def product(self) -> Expr:
        left = self.unary()
        while (token := self.peek()) is not None:
            if token.kind in "*/":
                self.pos += 1
                right = self.unary_after(token)
                left = self.builder.node("mul" if token.kind == "*" else "div", left, right)
            elif self._implicit_product(token):
                left = self.builder.node("mul", left, self.power())
            else:
                break
        return left

    def _implicit_product(self, token: Token) -> bool:
        """2w2, 2(x+1), σ(x)(1 - σ(x)), x(1 - x): a product with no sign written."""
        previous = self.tokens[self.pos - 1]
        if self.space_separated and token.space_before:
            return False
        if token.kind == "|" and self.bars > 0:
            return False  # the bar closes |...|
        if token.kind not in ("name", "(", "|"):
            return False
        if previous.kind in ("num", ")", "|"):
            return True
        return previous.kind == "name" and previous.text not in FUNCTION_NAMES

    def unary_after(self, operator: Token) -> Expr:
        if self.peek() is None:
            raise self.error(f"expected an expression after {operator.text!r}")
        return self.unary()

    def unary(self) -> Expr:
        token = self.peek()
        if token is not None and token.kind in "+-":
            self.pos += 1
            self.descend()
            operand = self.unary_after(token)
            self.depth -= 1
            if token.kind == "+":
                return operand
            if operand.op == "const" and not operand.name and operand.value > 0:
                return self.builder.const(-operand.value)
            return self.builder.node("neg", operand)
        return self.power()

    def power(self) -> Expr:
        base = self.atom()
        token = self.peek()
        if token is None or token.kind != "^":
            return base
        self.pos += 1
        self.descend()
        exponent = self.unary_after(token)
        self.depth -= 1
        if base.op == "const" and base.name == "e":
            return self.builder.node("exp", exponent)
        return self.builder.node("pow", base, exponent)

    def atom(self) -> Expr:
        token = self.peek()
        if token is None:
            previous = self.tokens[self.pos - 1] if self.pos else None
            after = f" after {previous.text!r}" if previous else ""
            raise self.error(f"expected an expression{after}")
        if token.kind == "num":
            self.pos += 1
            value = float(token.text)
            if math.isinf(value):
                raise self.error(f"the number {token.text} is too large", token)
            return self.builder.const(value)
        if token.kind == "(":
            self.pos += 1
            self.descend()
            saved, self.space_separated = self.space_separated, False
            inner = self.sum() if self.peek() is not None else None
            if inner is None:
                raise self.error("expected an expression after '('")
            self.expect(")", "the expression")
            self.space_separated = saved
            self.depth -= 1
            return inner
        if token.kind == "name":
            return self.name(token)
        if token.kind == "|":
            return self.absolute(token)
        if token.kind == "[":
            raise self.error("a vector or matrix cannot be part of an expression", token)
        raise self.error(f"expected an expression, found {token.text!r}", token)

    def name(self, token: Token) -> Expr:
        self.pos += 1
        known = self.variables if self.variables is not None else ()
        text = spelled(token.text, known) or spelled(token.text, FUNCTION_NAMES)
        text = text or spelled(token.text, CONSTANTS) or token.text
        if self.variables is not None and text in self.variables:
            return self.builder.input(text)
        if text in FUNCTION_NAMES:
            return self.call(text)
        if text in CONSTANTS:
            value, label = CONSTANTS[text]
            return self.builder.const(value, label)
        if self.variables is None:
            return self.builder.input(text)
        parts = self._split(text)
        if parts is None:
            raise ParseError(unknown_name_message(text, self.variables), self.text, token.column)
        # βx is β·x when β and x are declared: the run becomes one token per name, so that a
        # power binds to the last name alone (βx^2 is β·x^2) and βσ(x) calls σ.
        column, pieces = token.column, list[Token]()
        for typed, _ in parts:
            pieces.append(Token("name", typed, column, token.space_before and not pieces))
            column += len(typed)
        self.tokens[self.pos - 1 : self.pos] = pieces
        self.pos -= 1
        return self.name(pieces[0])

    def _split(self, text: str) -> list[tuple[str, str]] | None:
        """A run of declared names (`βx`), or of names then a function called (`βσ(`)."""
        if len(text) > MAX_SPLIT or self.variables is None:
            return None
        parts = split_name(text, self.variables)
        following = self.peek()
        if parts is None and following is not None and following.kind in "(^":
            return split_before_call(text, self.variables, FUNCTION_NAMES)
        return parts

    def call(self, function: str) -> Expr:
        """`tanh(x)`, and `tanh^2(x)` or `tanh²(x)` for tanh(x)^2."""
        power = None
        caret, exponent = self.peek(), self.peek(1)
        if (
            caret is not None
            and caret.kind == "^"
            and exponent is not None
            and (exponent.kind == "num" and float(exponent.text).is_integer())
        ):
            power = self.builder.const(float(exponent.text))
            self.pos += 2
        opening = self.peek()
        if opening is None or opening.kind != "(":
            raise self.error(f"expected '(' after {function}", opening)
        self.pos += 1
        self.descend()
        if self.peek() is None or self.peek().kind == ")":  # type: ignore[union-attr]
            raise self.error("expected an expression after '('", self.peek())
        saved, self.space_separated = self.space_separated, False
        arguments = [self.sum()]
        for _ in range(ARITY[FUNCTION_NAMES[function]] - 1):  # max(a, b), min(a, b)
            self.expect(",", f"the first argument of {function} (it takes two)")
            arguments.append(self.sum())
        self.expect(")", f"the argument of {function}")
        self.space_separated = saved
        self.depth -= 1
        applied = self.builder.node(FUNCTION_NAMES[function], *arguments)
        return applied if power is None else self.builder.node("pow", applied, power)

    def absolute(self, bar: Token) -> Expr:
        """`|x - 1|` is abs(x - 1)."""
        self.pos += 1
        self.descend()
        saved, self.space_separated = self.space_separated, False
        self.bars += 1
        if self.peek() is None:
            raise self.error("expected an expression after '|'")
        inner = self.sum()
        self.expect("|", "the expression inside |...|")
        self.bars -= 1
        self.space_separated = saved
        self.depth -= 1
        return self.builder.node("abs", inner)

    # -- arrays --------------------------------------------------------------------------
    def parse_array(self) -> list[list[Expr]]:
        """`[1, 2]`, `[[1, 2], [3, 4]]` or `[1 2; 3 4]`: rows of scalar expressions."""
        self.expect("[", "the start")
        if self.peek() is not None and self.peek().kind == "[":  # type: ignore[union-attr]
            rows = [self.bracket_row()]
            while self.peek() is not None and self.peek().kind == ",":  # type: ignore[union-attr]
                self.pos += 1
                rows.append(self.bracket_row())
            self.expect("]", "the last row")
        else:
            rows = self.flat_rows()
            self.expect("]", "the last element")
        self.finish()
        return rows

    def bracket_row(self) -> list[Expr]:
        self.expect("[", "','")
        row = self.flat_rows()
        if len(row) != 1:
            raise self.error("use either nested brackets or ';' between rows, not both")
        self.expect("]", "the row")
        return row[0]

    def flat_rows(self) -> list[list[Expr]]:
        rows: list[list[Expr]] = [[]]
        self.space_separated = True
        while True:
            token = self.peek()
            if token is None or token.kind == "]":
                if not rows[-1]:
                    raise self.error("expected a number before ']'", token)
                break
            rows[-1].append(self.sum())
            token = self.peek()
            if token is not None and token.kind == ",":
                self.pos += 1
            elif token is not None and token.kind == ";":
                self.pos += 1
                rows.append([])
        self.space_separated = False
        return rows


def is_free_name(name: str) -> bool:
    """True when `name` can be declared as a variable: it tokenizes as one name and is not a
    function or a constant (so `x1`, `w_2`, `β` are free; `sin`, `e`, `πx`, `2x` are not)."""
    try:
        tokens = tokenize(name)
    except ParseError:
        return False
    return (
        len(tokens) == 1
        and tokens[0].kind == "name"
        and name not in FUNCTION_NAMES
        and name not in CONSTANTS
    )


def unknown_name_message(name: str, variables: Collection[str]) -> str:
    name = name if len(name) <= 30 else name[:30] + "…"
    if not variables:
        return f"unknown name {name!r}; only numbers are expected here"
    return f"unknown name {name!r}; this exercise uses {', '.join(sorted(variables))}"


def parse(
    text: str, variables: Collection[str] | None = (), builder: Builder | None = None
) -> Expr:
    """Parse text in the math syntax. `variables=None` accepts any name as an input."""
    return Parser(text, variables, builder).parse()


def parse_array(text: str) -> list[list[Expr]]:
    """Parse a vector or matrix literal of number expressions into rows."""
    return Parser(text, ()).parse_array()


def evaluate(expr: Expr, env: Mapping[str, float] | None = None) -> float:
    """The float64 value of an expression; errors are EvaluationError with a clear message."""
    return evaluate_all((expr,), env or {})[id(expr)]


def evaluate_all(
    roots: tuple[Expr, ...],
    env: Mapping[str, float],
    table: Mapping[str, Callable[..., float]] = EVALUATE,
) -> dict[int, float]:
    """Values of every node below the roots, keyed by node identity (with an op table)."""
    values: dict[int, float] = {}
    for node in postorder(*roots):
        if node.op == "const":
            values[id(node)] = node.value
        elif node.op == "input":
            if node.name not in env:
                raise EvaluationError(f"no value for {node.name!r}")
            values[id(node)] = float(env[node.name])
        else:
            args = tuple(values[id(a)] for a in node.args)
            values[id(node)] = evaluate_op(node.op, args, table)
    return values
