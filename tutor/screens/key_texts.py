"""Provides simplify_keys and KeySimplified: expression keys simplified in a worker thread.

The session's KeyTexts says which keys to simplify and keeps what comes back; finding the
simplest form runs engine.simplify (sympy in a helper process with a time limit), which this
module imports only inside the worker thread, so neither is ever on the app's start-up path.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message
from textual.worker import get_current_worker

from tutor.session.keys import KeyList

SIMPLIFY_SECONDS = 3.0
"""How long sympy may take over one key before the engine's own printing is kept."""


class KeySimplified(Message):
    """The simplest form of a blank's key came back from the worker thread."""

    def __init__(self, blank_id: str, text: str) -> None:
        super().__init__()
        self.blank_id = blank_id
        self.text = text


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
