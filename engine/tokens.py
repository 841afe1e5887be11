"""Provides the tokenizer of the math syntax: text to tokens, each knowing its column."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from engine.errors import ParseError

MAX_LENGTH = 2000
MAX_DIGITS = 40

_SYMBOLS = {
    "+": "+",
    "-": "-",
    "−": "-",
    "–": "-",
    "*": "*",
    "·": "*",
    "×": "*",
    "⋅": "*",
    "/": "/",
    "÷": "/",
    "^": "^",
    "(": "(",
    ")": ")",
    "[": "[",
    "]": "]",
    ",": ",",
    ";": ";",
    "|": "|",
}
NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
NAME = re.compile(r"[A-Za-z_\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*")
_SUPERSCRIPTS = {"²": "2", "³": "3"}

#: What a lab keyboard types for a Greek letter: `beta` is β wherever β is declared.
GREEK_NAMES: dict[str, str] = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "eta": "η",
    "lambda": "λ",
    "mu": "μ",
    "sigma": "σ",
    "pi": "π",
    "theta": "θ",
    "epsilon": "ε",
    "rho": "ρ",
    "tau": "τ",
}
_ASCII_NAMES = {greek: ascii_name for ascii_name, greek in GREEK_NAMES.items()}


def greek_spellings(names: Iterable[str]) -> str:
    """How to type the Greek names among `names` on a plain keyboard: "β as beta"."""
    typed = [f"{name} as {_ASCII_NAMES[name]}" for name in names if name in _ASCII_NAMES]
    return ", ".join(typed)


def spelled(name: str, known: Collection[str]) -> str | None:
    """The known name `name` stands for: itself, or its other spelling (`beta` for β and
    β for `beta`, also inside a longer name: `w_beta`); None when neither is known."""
    if name in known:
        return name
    for other in (GREEK_NAMES.get(name), _ASCII_NAMES.get(name)):
        if other is not None and other in known:
            return other
    return None


def split_name(text: str, known: Collection[str]) -> list[tuple[str, str]] | None:
    """`βx` -> [(β, β), (x, x)] when both are known: each piece as typed and the known name it
    stands for (a piece may be spelled in ASCII: `betax` -> [(beta, β), (x, x)]), preferring
    the longest name at each position; None when the text is not a run of known names.

    A table over prefixes (no recursion, no backtracking blow-up on long runs of letters).
    """
    whole = spelled(text, known)
    if whole is not None:
        return [(text, whole)]
    spellings = {name: name for name in known}
    spellings.update({a: g for a, g in GREEK_NAMES.items() if g in known and a not in known})
    spellings.update({g: a for a, g in GREEK_NAMES.items() if a in known and g not in known})
    lengths = sorted({len(k) for k in spellings}, reverse=True)
    split: list[list[tuple[str, str]] | None] = [None] * (len(text) + 1)
    split[0] = []
    for start in range(len(text)):
        before = split[start]
        if before is None:
            continue
        for size in lengths:
            end = start + size
            piece = text[start:end]
            if end <= len(text) and split[end] is None and piece in spellings:
                split[end] = [*before, (piece, spellings[piece])]
    return split[len(text)]


def split_before_call(
    text: str, known: Collection[str], functions: Collection[str]
) -> list[tuple[str, str]] | None:
    """`βσ` before `(` -> [(β, β), (σ, σ)]: known names, then a function applied to what follows
    (`xsin(x)`, `betasigma(betax)`); None when the text does not end in a function's name."""
    for size in range(len(text) - 1, 0, -1):
        function = spelled(text[size:], functions)
        if function is not None and (parts := split_name(text[:size], known)) is not None:
            return [*parts, (text[size:], function)]
    return None


@dataclass(frozen=True)
class Token:
    kind: str  # "num", "name", or the symbol itself
    text: str
    column: int  # 1-based
    space_before: bool


def tokenize(text: str) -> list[Token]:
    """Split text into tokens; an unknown character is a ParseError pointing at it."""
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the text is too long ({len(text)} characters; at most {MAX_LENGTH})")
    tokens: list[Token] = []
    i, space = 0, False
    while i < len(text):
        ch = text[i]
        if ch in " \t\n\r":
            i, space = i + 1, True
            continue
        if ch == "*" and text.startswith("**", i):
            tokens.append(Token("^", "**", i + 1, space))
            i += 2
        elif ch in _SUPERSCRIPTS:
            tokens.append(Token("^", "^", i + 1, space))
            tokens.append(Token("num", _SUPERSCRIPTS[ch], i + 1, False))
            i += 1
        elif ch in _SYMBOLS:
            tokens.append(Token(_SYMBOLS[ch], ch, i + 1, space))
            i += 1
        elif m := NUMBER.match(text, i):
            digits = sum(c.isdigit() for c in m.group(1))
            if digits > MAX_DIGITS:
                raise ParseError(
                    f"number too long at column {i + 1} ({digits} digits; at most {MAX_DIGITS})",
                    text,
                    i + 1,
                )
            tokens.append(Token("num", m.group(0), i + 1, space))
            i = m.end()
        elif m := NAME.match(text, i):
            end = m.end() if not text.startswith("π", i) else i + 1  # 2πx is 2·π·x
            tokens.append(Token("name", text[i:end], i + 1, space))
            i = end
        else:
            shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
            raise ParseError(f"unexpected character {shown} at column {i + 1}", text, i + 1)
        space = False
    return tokens
