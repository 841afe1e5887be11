"""Provides the math syntax: the grammar that parses text into an expression DAG (engine.dag).

The grammar is the engine's own (never eval, sympify or parse_expr). Limits on length,
nesting depth and number size make hostile text fail fast with a readable message. Tokens
come from engine.tokens and names are read by engine.names; the DAG's types and evaluation
are handed on from here, where most of the engine has always imported them.
"""

from __future__ import annotations

import math
from collections.abc import Collection

from engine.dag import Builder, Expr, evaluate, evaluate_all, postorder
from engine.errors import ParseError
from engine.names import CONSTANTS, spelled_name, split_run, unknown_name_message
from engine.ops import ARITY, FUNCTION_NAMES
from engine.tokens import MAX_DIGITS, MAX_LENGTH, Token, tokenize

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_LENGTH",
    "Builder",
    "Expr",
    "Token",
    "evaluate",
    "evaluate_all",
    "parse",
    "parse_array",
    "postorder",
    "tokenize",
]

MAX_DEPTH = 80


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
        text = spelled_name(token.text, self.variables)
        if self.variables is not None and text in self.variables:
            return self.builder.input(text)
        if text in FUNCTION_NAMES:
            return self.call(text)
        if text in CONSTANTS:
            value, label = CONSTANTS[text]
            return self.builder.const(value, label)
        if self.variables is None:
            return self.builder.input(text)
        pieces = split_run(token, text, self.variables, self.peek())
        if pieces is None:
            raise ParseError(unknown_name_message(text, self.variables), self.text, token.column)
        self.tokens[self.pos - 1 : self.pos] = pieces
        self.pos -= 1
        return self.name(pieces[0])

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


def parse(
    text: str, variables: Collection[str] | None = (), builder: Builder | None = None
) -> Expr:
    """Parse text in the math syntax. `variables=None` accepts any name as an input."""
    return Parser(text, variables, builder).parse()


def parse_array(text: str) -> list[list[Expr]]:
    """Parse a vector or matrix literal of number expressions into rows."""
    return Parser(text, ()).parse_array()
