"""Provides ConfirmDialog: a yes/no question (showing an answer, the worked solution)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tutor.ascii_screen import ascii_text
from tutor.widgets.key_footer import KeyFooter


class ConfirmDialog(ModalScreen[bool]):
    """Asks before something that cannot be taken back; dismisses with True or False."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, action_name: str) -> None:
        super().__init__()
        self.question = question
        self.action_name = action_name

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.action_name, id="dialog-title", markup=False)
            ascii = getattr(self.app, "ascii", False)  # the question names a blank's label
            question = ascii_text(self.question) if ascii else self.question
            yield Static(question, id="dialog-question", markup=False)
            yield Static("y / Enter: yes     n / Esc: no", id="dialog-keys")
        yield KeyFooter()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
