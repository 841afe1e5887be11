"""Provides the engine's exceptions: every one carries a message meant for a person."""

from __future__ import annotations


class MathError(Exception):
    """Base of the engine's errors; str() is a complete sentence for the user."""


class ParseError(MathError):
    """Text that is not in the math syntax; knows the column (1-based) it points at."""

    def __init__(self, message: str, text: str = "", column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        self.column = column

    def pointer(self) -> str:
        """The text with a caret under the offending character, on two lines."""
        if not self.text or self.column <= 0:
            return ""
        shown = self.text if len(self.text) <= 120 else self.text[:120] + "…"
        caret_at = min(self.column, len(shown) + 1)
        return f"{shown}\n{' ' * (caret_at - 1)}^"


class EvaluationError(MathError):
    """A value that cannot be computed: overflow, division by zero, outside a function's domain."""
