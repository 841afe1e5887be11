"""Provides the baseline of the terminal benchmarks: a bare Textual app showing one Static.

`x` and Esc each rewrite the Static, so a keystroke's cost to the next frame can be measured
the same way as the tutor's. Run: python tests/bench/bare_app.py
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    """One Static; `x` and Esc count themselves on it."""

    BINDINGS = [("x", "poke('x')", "poke"), ("escape", "poke('esc')", "escape")]  # noqa: RUF012

    def __init__(self) -> None:
        super().__init__()
        self.pokes = 0

    def compose(self) -> ComposeResult:
        yield Static("Hello from a bare Textual app", id="hello")

    def action_poke(self, key: str) -> None:
        self.pokes += 1
        self.query_one(Static).update(f"{key} pressed {self.pokes} times")


if __name__ == "__main__":
    BareApp().run()
