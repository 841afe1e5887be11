"""Provides KeyTexts: the answer key as the worksheet shows it, simplified in a worker thread.

An expression blank (one whose `extra` holds its key as an engine Expr, `key_expr`) shows its
key as the engine prints it until the simplest equivalent form comes back from sympy, which
engine.simplify runs in a helper process with a time limit. Nothing here imports
engine.simplify or sympy: `simplify_keys` imports it in the worker thread, so neither is ever
on the app's start-up path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from textual.message import Message
from textual.worker import get_current_worker

from engine.expr import Expr
from exercises.model import Worksheet

SIMPLIFY_SECONDS = 3.0
"""How long sympy may take over one key before the engine's own printing is kept."""

KeyList = tuple[tuple[str, Expr], ...]


class KeySimplified(Message):
    """The simplest form of a blank's key came back from the worker thread."""

    def __init__(self, blank_id: str, text: str) -> None:
        super().__init__()
        self.blank_id = blank_id
        self.text = text


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


def simplify_keys(keys: KeyList, post: Callable[[Message], object]) -> None:
    """Runs in a worker thread: post each key's simplest form as a KeySimplified message."""
    from engine.simplify import simplified_text

    worker = get_current_worker()
    for blank_id, key in keys:
        if worker.is_cancelled:
            return
        text = simplified_text(key, timeout=SIMPLIFY_SECONDS)
        if not worker.is_cancelled:
            post(KeySimplified(blank_id, text))
