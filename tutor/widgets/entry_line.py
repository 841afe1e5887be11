"""Provides EntryLine: the focused blank's label and the one input the student types into."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label

from engine.controls import visible
from tutor.ascii_screen import ascii_text
from tutor.session.marks import symbol


class EntryInput(Input):
    """The entry: no blinking cursor (1.7 KB/s idle over SSH), and `?` is left to the help key.

    No answer uses `?`, so the screen's `?` binding may take it while the entry has focus.
    """

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character != "?" and super().check_consume_key(key, character)

    def validate_value(self, value: str) -> str:
        """A pasted control character (ESC could drive the terminal) is kept as its picture."""
        return visible(value)

    submit_to: Callable[[str], None] | None = None
    """Checks an entry; called from the Enter key itself, in the order keys were typed."""

    def on_key(self, event: events.Key) -> None:
        """Enter checks the entry before the next key is read, so keys typed fast or pasted
        (`3⏎3⏎9⏎`) each go to the blank they were meant for. As a binding, Enter would run
        only once the key had bubbled up to the app, after the keys typed behind it had
        already landed in the entry being checked."""
        if event.key == "enter" and self.submit_to is not None:
            event.stop()
            event.prevent_default()
            self.submit_to(self.value)

    def _on_paste(self, event: events.Paste) -> None:
        """A paste of several lines (a column of answers) fills blank after blank, as typing
        them with Enter between does; Textual's entry kept the first line and dropped the
        rest without a word. A last line without a newline waits in the entry for Enter."""
        lines = event.text.splitlines()
        if len(lines) < 2 or self.submit_to is None:
            return  # Input's own handler (Textual calls each class's in turn) inserts it
        event.stop()
        event.prevent_default()
        for number, line in enumerate(lines):
            if self.selection.is_empty:
                self.insert_text_at_cursor(line)
            else:
                self.replace(line, *self.selection)
            if number < len(lines) - 1 or event.text.endswith(("\n", "\r")):
                self.submit_to(self.value)
                self.select_all()  # a check still running keeps the focus: replace its text

    async def action_submit(self) -> None:
        if self.submit_to is None:
            await super().action_submit()
        else:
            self.submit_to(self.value)


class EntryLine(Horizontal):
    """`a = x + y ❯ 3.5`: typing goes here; Enter calls `submit_to` with the entry."""

    ascii = False
    """Draw the prompt mark in ASCII (`>` for `❯`)."""

    def __init__(self, submit_to: Callable[[str], None], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._label = ""
        self._submit_to = submit_to

    def compose(self) -> ComposeResult:
        yield Label("", id="entry-label")
        yield Label(f" {symbol('prompt')}", id="entry-mark")
        entry = EntryInput(
            id="entry", select_on_focus=False, placeholder="type an answer, Enter checks"
        )
        entry.cursor_blink = False
        entry.submit_to = self._submit_to
        yield entry

    @property
    def input(self) -> Input:
        return self.query_one("#entry", Input)

    def show(self, label: str, text: str) -> None:
        """Switch to another blank: its label, and its entry selected so typing replaces it.

        A label as wide as the last one needs no new layout (most moves on a grid). The prompt
        mark is a label of its own: a long label is cut short (…), the mark stays.
        """
        if self.ascii:
            label = ascii_text(label)
        self.query_one("#entry-label", Label).update(
            label, layout=cell_len(label) != cell_len(self._label)
        )
        self._label = label
        if self.ascii:  # set by the screen after compose
            self.query_one("#entry-mark", Label).update(f" {symbol('prompt', ascii=True)}")
        entry = self.input
        entry.value = text
        entry.cursor_position = len(text)
        if text:
            entry.select_all()

    def select_entry(self) -> None:
        """Select the whole entry, so that the next keystroke replaces it."""
        self.input.select_all()
