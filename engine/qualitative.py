"""Provides answer formats that are words, not numbers: a choice, a sign, a complexity class.

Each reads what a student types, compares it with the key, and says in its `describe` line
what is accepted, like the numeric formats of engine.answers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.answers import Reading
from engine.errors import ParseError

MAX_WORDS_LENGTH = 200


def _normal(text: str) -> str:
    """Lower case with single spaces: how words are compared."""
    return " ".join(text.lower().split())


def _bounded(text: str) -> str:
    if len(text) > MAX_WORDS_LENGTH:
        raise ParseError(f"the entry is too long ({len(text)} characters; at most 200)")
    stripped = text.strip()
    if not stripped:
        raise ParseError("the entry is empty", text, 1)
    return stripped


@dataclass(frozen=True)
class ChoiceFormat:
    """One of listed options: typed in full, by a prefix only it has, or by its number (1, 2...)."""

    options: tuple[str, ...]

    def read(self, text: str) -> Reading:
        typed = _normal(_bounded(text))
        normal = [_normal(o) for o in self.options]
        if typed in normal:
            option = self.options[normal.index(typed)]
            return Reading(option, option)
        if typed.isdigit() and 1 <= int(typed) <= len(self.options):
            option = self.options[int(typed) - 1]
            return Reading(option, option)
        starting = [o for o, n in zip(self.options, normal, strict=True) if n.startswith(typed)]
        if len(starting) == 1:
            return Reading(starting[0], starting[0])
        listed = ", ".join(self.options)
        if starting:
            raise ParseError(f"{text.strip()!r} starts several options: {listed}", text, 1)
        raise ParseError(f"answer one of: {listed} (or its number)", text, 1)

    def agrees(self, entry: Any, expected: Any) -> bool:
        return isinstance(entry, str) and _normal(entry) == _normal(str(expected))

    def describe(self) -> str:
        return "one of: " + ", ".join(self.options)

    def show(self, value: Any) -> str:
        return str(value)

    def to_json(self, value: Any) -> Any:
        return str(value)


SIGNS = ("positive", "negative", "zero")
_SIGN_WORDS = {
    "positive": "positive",
    "pos": "positive",
    "+": "positive",
    "> 0": "positive",
    ">0": "positive",
    "negative": "negative",
    "neg": "negative",
    "-": "negative",
    "−": "negative",
    "< 0": "negative",
    "<0": "negative",
    "zero": "zero",
    "0": "zero",
    "= 0": "zero",
    "=0": "zero",
}


def sign_of(value: float) -> str:
    """`positive`, `negative` or `zero`."""
    return "positive" if value > 0 else "negative" if value < 0 else "zero"


def opposite_sign(sign: str) -> str | None:
    return {"positive": "negative", "negative": "positive"}.get(sign)


@dataclass(frozen=True)
class SignFormat:
    """The sign of a quantity: positive, negative or zero (`+`, `> 0`, `-`, `< 0`, `0`)."""

    def read(self, text: str) -> Reading:
        typed = _normal(_bounded(text))
        sign = _SIGN_WORDS.get(typed)
        if sign is None:
            raise ParseError("answer positive, negative or zero (or +, -, 0)", text, 1)
        return Reading(sign, sign)

    def agrees(self, entry: Any, expected: Any) -> bool:
        return bool(entry == expected)

    def describe(self) -> str:
        return "positive, negative or zero"

    def show(self, value: Any) -> str:
        return str(value)

    def to_json(self, value: Any) -> Any:
        return str(value)


# A complexity class is a set of monomials, none dominated by another; a monomial is a sorted
# tuple of (variable, power of the variable, power of its logarithm).
Monomial = tuple[tuple[str, float, float], ...]
_COMPLEXITY_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*)"
    r"|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)|(?P<sym>[()^*·×+/ ]))"
)
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_LOGS = ("log", "ln", "lg")


@dataclass(frozen=True)
class Complexity:
    """A complexity class, compared by its dominant terms: O(n² + n) is O(n²)."""

    terms: frozenset[Monomial]

    def text(self) -> str:
        if not self.terms or self.terms == frozenset({()}):
            return "O(1)"
        return "O(" + " + ".join(sorted(_monomial_text(m) for m in self.terms)) + ")"


def _monomial_text(monomial: Monomial) -> str:
    parts = []
    for name, power, logs in monomial:
        if power:
            parts.append(name if power == 1 else f"{name}^{power:g}")
        if logs:
            parts.extend([f"log {name}"] * max(1, round(logs)))
    return "·".join(parts) or "1"


def _dominates(a: Monomial, b: Monomial) -> bool:
    """a grows at least as fast as b in every variable (a power beats any power of a log)."""
    powers_a = {n: (p, q) for n, p, q in a}
    for name, power, logs in b:
        mine = powers_a.get(name, (0.0, 0.0))
        if mine < (power, logs):
            return False
    return True


def _normalise(terms: Sequence[Monomial]) -> frozenset[Monomial]:
    unique = set(terms)
    kept = {t for t in unique if not any(u != t and _dominates(u, t) for u in unique)}
    return frozenset(kept)


class _ComplexityParser:
    """O(...) with sums of products of names, powers, logarithms and square roots."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, int]] = []
        position = 0
        while position < len(text):
            match = _COMPLEXITY_TOKEN.match(text, position)
            if match is None or match.end() == position:
                raise ParseError(
                    f"unexpected character {text[position]!r} at column {position + 1}",
                    text,
                    position + 1,
                )
            kind = match.lastgroup or ""
            value = match.group(kind)
            if kind != "sym" or value != " ":
                self.tokens.append((kind, value, match.start(kind) + 1))
            position = match.end()
        self.pos = 0

    def error(self, message: str) -> ParseError:
        column = self.tokens[self.pos][2] if self.pos < len(self.tokens) else len(self.text) + 1
        return ParseError(f"{message} at column {column}", self.text, column)

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str) -> bool:
        token = self.peek()
        if token is not None and token[1] == value:
            self.pos += 1
            return True
        return False

    def parse(self) -> Complexity:
        wrapped = self.peek()
        if wrapped is not None and wrapped[1] in ("O", "Θ", "Theta") and self._next_is("("):
            self.pos += 2
            terms = self.sum()
            if not self.take(")"):
                raise self.error("expected ')' to close O(")
        else:
            terms = self.sum()
        if (token := self.peek()) is not None:
            raise self.error(f"unexpected {token[1]!r}")
        return Complexity(_normalise(terms))

    def _next_is(self, value: str) -> bool:
        return self.pos + 1 < len(self.tokens) and self.tokens[self.pos + 1][1] == value

    def sum(self) -> list[Monomial]:
        terms = [self.product()]
        while self.take("+"):
            terms.append(self.product())
        return terms

    def product(self) -> Monomial:
        powers: dict[str, tuple[float, float]] = {}
        self.factor(powers)
        while (token := self.peek()) is not None and token[1] not in ("+", ")"):
            if token[1] == "/":
                self.pos += 1
                number = self.peek()
                if number is None or number[0] != "num":
                    raise self.error("divide only by a constant inside O( )")
                self.pos += 1
                continue
            self.take("*") or self.take("·") or self.take("×")
            self.factor(powers)
        return tuple(sorted((n, p, q) for n, (p, q) in powers.items() if (p, q) != (0.0, 0.0)))

    def factor(self, powers: dict[str, tuple[float, float]]) -> None:
        token = self.peek()
        if token is None:
            raise self.error("expected a term")
        kind, value, _ = token
        self.pos += 1
        if kind == "num":
            self.exponent()  # a constant, or a constant power: O(1) either way
            return
        if kind == "name" and value in _LOGS:
            name = self.argument()
            power, logs = powers.get(name, (0.0, 0.0))
            powers[name] = (power, logs + self.exponent())
            return
        if kind == "name" and value == "sqrt":
            name = self.argument()
            power, logs = powers.get(name, (0.0, 0.0))
            powers[name] = (power + 0.5 * self.exponent(), logs)
            return
        if kind == "name":
            power, logs = powers.get(value, (0.0, 0.0))
            powers[value] = (power + self.exponent(), logs)
            return
        raise self.error(f"expected a term, found {value!r}")

    def argument(self) -> str:
        parenthesised = self.take("(")
        token = self.peek()
        if token is None or token[0] != "name":
            raise self.error("expected a variable")
        self.pos += 1
        if parenthesised and not self.take(")"):
            raise self.error("expected ')'")
        return token[1]

    def exponent(self) -> float:
        token = self.peek()
        if token is not None and token[0] == "sup":
            self.pos += 1
            return float(token[1].translate(_SUPERSCRIPT_DIGITS))
        if not self.take("^"):
            return 1.0
        token = self.peek()
        if token is None or token[0] != "num":
            raise self.error("expected a number after '^'")
        self.pos += 1
        return float(token[1])


def read_complexity(text: str) -> Complexity:
    """`O(1)`, `O(T)`, `O(n^2)`, `O(n²)`, `O(n log n)`, `O(nm)`; ParseError otherwise."""
    return _ComplexityParser(_bounded(text)).parse()


@dataclass(frozen=True)
class ComplexityFormat:
    """A complexity class; constants and lower-order terms do not matter (O(2n + 3) is O(n))."""

    def read(self, text: str) -> Reading:
        complexity = read_complexity(text)
        return Reading(complexity, complexity.text())

    def agrees(self, entry: Any, expected: Any) -> bool:
        return isinstance(entry, Complexity) and entry == expected

    def describe(self) -> str:
        return "a class such as O(1), O(T), O(n²), O(n log n); constant factors do not matter"

    def show(self, value: Any) -> str:
        return value.text() if isinstance(value, Complexity) else str(value)

    def to_json(self, value: Any) -> Any:
        return self.show(value)
