"""Provides KeyTexts: the answer key of each blank as the app shows it (simplified once known).

An expression blank (one whose `extra` holds its key as an engine Expr, `key_expr`) shows its
key as the engine prints it until the simplest equivalent form is known; finding that form
(sympy, in a helper process with a time limit) is the screen's job, in a worker thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from engine.expr import Expr
from exercises.model import Worksheet

KeyList = tuple[tuple[str, Expr], ...]


@dataclass
class KeyTexts:
    """The key text of every blank, with the simplified forms that have come back so far."""

    worksheet: Worksheet
    simplified: dict[str, str] = field(default_factory=dict)
    requested: bool = False
    expressions: dict[str, Expr] = field(init=False)
    """The blanks whose key is an expression, with that expression."""

    def __post_init__(self) -> None:
        self.expressions = {
            blank.id: blank.extra["key_expr"]
            for blank in self.worksheet.blanks
            if isinstance(blank.extra.get("key_expr"), Expr)
        }

    def text(self, blank_id: str) -> str:
        """The key as shown: simplified once that is known, else as the engine prints it."""
        return self.simplified.get(blank_id) or self.worksheet.blank(blank_id).answer_text

    def to_request(self, blank_ids: Iterable[str]) -> KeyList:
        """The expression keys to simplify, once per worksheet, when one of `blank_ids` shows."""
        expressions = self.expressions
        if self.requested or not any(b in expressions for b in blank_ids):
            return ()
        self.requested = True
        return tuple((b, key) for b, key in expressions.items() if b not in self.simplified)
