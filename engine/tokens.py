"""Provides the tokenizer of the math syntax: text to tokens, each knowing its column."""

from __future__ import annotations

import re
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
}
NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
NAME = re.compile(r"[A-Za-z_\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*")
_SUPERSCRIPTS = {"²": "2", "³": "3"}


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
