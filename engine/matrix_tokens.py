"""Provides the tokenizer of matrix expressions: transposes, norms, and split juxtaposed names.

`Ax` becomes A times x when both are declared; `x^T`, `xᵀ` and `x'` are transposes.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from engine.errors import ParseError
from engine.tokens import MAX_DIGITS, MAX_LENGTH, NAME, NUMBER, split_name

FUNCTIONS = frozenset({"norm", "inv"})
_SYMBOLS = {
    "+": "+",
    "-": "-",
    "−": "-",
    "*": "*",
    "·": "*",
    "×": "*",
    "⋅": "*",
    "@": "*",
    "/": "/",
    "^": "^",
    "(": "(",
    ")": ")",
    "‖": "‖",
    "ᵀ": "T",
    "⊤": "T",
    "'": "T",
}


@dataclass(frozen=True)
class MatrixToken:
    kind: str
    text: str
    start: int  # 0-based offsets into the text
    end: int


def tokenize(text: str, names: Collection[str]) -> list[MatrixToken]:
    """Tokens of a matrix expression; unknown characters and names are ParseErrors."""
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the text is too long ({len(text)} characters; at most {MAX_LENGTH})")
    known = set(names) | FUNCTIONS
    tokens: list[MatrixToken] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif text.startswith("||", i) or text.startswith("**", i):
            tokens.append(MatrixToken("‖" if ch == "|" else "^", text[i : i + 2], i, i + 2))
            i += 2
        elif text.startswith("⁻¹", i):
            tokens.append(MatrixToken("^", ch, i, i))
            tokens.append(MatrixToken("-", ch, i, i + 1))
            tokens.append(MatrixToken("num", "1", i + 1, i + 2))
            i += 2
        elif ch in "²½":
            if ch == "²":
                tokens.append(MatrixToken("^", ch, i, i))
            tokens.append(MatrixToken("num", "2" if ch == "²" else "0.5", i, i + 1))
            i += 1
        elif ch in _SYMBOLS:
            tokens.append(MatrixToken(_SYMBOLS[ch], ch, i, i + 1))
            i += 1
        elif m := NUMBER.match(text, i):
            if sum(c.isdigit() for c in m.group(1)) > MAX_DIGITS:
                raise ParseError(f"number too long at column {i + 1}", text, i + 1)
            tokens.append(MatrixToken("num", m.group(0), i, m.end()))
            i = m.end()
        elif m := NAME.match(text, i):
            word, i = m.group(0), m.end()
            if tokens and tokens[-1].kind == "^" and word.startswith("T"):
                caret = tokens.pop()
                tokens.append(MatrixToken("T", "^T", caret.start, m.start() + 1))
                word, offset = word[1:], m.start() + 1
            else:
                offset = m.start()
            parts = split_name(word, known) if word else []
            if parts is None:
                listed = ", ".join(sorted(names)) or "none"
                raise ParseError(
                    f"unknown name {word!r} at column {offset + 1}; this exercise uses {listed}",
                    text,
                    offset + 1,
                )
            for typed, part in parts:
                tokens.append(MatrixToken("name", part, offset, offset + len(typed)))
                offset += len(typed)
        else:
            shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
            raise ParseError(f"unexpected character {shown} at column {i + 1}", text, i + 1)
    return tokens
