"""Provides the names of the math syntax: its constants, which names an exercise may declare, and
how a name typed in an entry is read (a declared variable, a function, a constant, or a run of
declared names written together, `βx` for β·x)."""

from __future__ import annotations

import math
from collections.abc import Collection

from engine.errors import ParseError
from engine.ops import FUNCTION_NAMES
from engine.tokens import Token, spelled, split_before_call, split_name, tokenize

MAX_SPLIT = 12  # the longest run of juxtaposed names (`βx`, `xy`) read as a product

CONSTANTS: dict[str, tuple[float, str]] = {
    "e": (math.e, "e"),
    "pi": (math.pi, "π"),
    "π": (math.pi, "π"),
}


def spelled_name(text: str, variables: Collection[str] | None) -> str:
    """The name as the syntax knows it: `beta` is β where β is declared, `sigma` is σ; a
    variable's spelling first, then a function's, then a constant's, else the text itself."""
    known = variables if variables is not None else ()
    found = spelled(text, known) or spelled(text, FUNCTION_NAMES) or spelled(text, CONSTANTS)
    return found or text


def split_run(
    token: Token, text: str, variables: Collection[str], following: Token | None
) -> list[Token] | None:
    """A run of declared names (`βx`), or of names then the function called after them
    (`βσ(`), as one token per name, so that a power binds to the last name alone (βx^2 is
    β·x^2) and βσ(x) calls σ; None when the text is no such run."""
    if len(text) > MAX_SPLIT:
        return None
    parts = split_name(text, variables)
    if parts is None and following is not None and following.kind in "(^":
        parts = split_before_call(text, variables, FUNCTION_NAMES)
    if parts is None:
        return None
    column, pieces = token.column, list[Token]()
    for typed, _ in parts:
        pieces.append(Token("name", typed, column, token.space_before and not pieces))
        column += len(typed)
    return pieces


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
