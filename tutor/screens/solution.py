"""Provides SolutionScreen: the worked solution of a whole exercise (every blank and its answer)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from exercises.model import Worksheet


def solution_table(worksheet: Worksheet) -> Table:
    """Each blank's label and answer, grouped by section, with the last hint rung as the why."""
    table = Table(expand=True, show_edge=False, pad_edge=False)
    table.add_column("blank", ratio=2)
    table.add_column("answer", ratio=1, justify="right")
    table.add_column("how", ratio=3)
    section = None
    for blank in worksheet.blanks:
        if blank.section and blank.section != section:
            section = blank.section
            table.add_row(Text(section, style="bold underline"), "", "")
        how = blank.hints[-1] if blank.hints else ""
        table.add_row(blank.label, blank.answer_text, Text(how, style="dim"))
    return table


class SolutionScreen(ModalScreen[None]):
    """The answer key with the reasoning the hint ladders give; Esc goes back."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Back", id="solution.back"),
        Binding("up", "scroll(-1)", "Up", id="solution.up", show=False),
        Binding("down", "scroll(1)", "Down", id="solution.down", show=False),
        Binding("pageup", "scroll(-10)", "Page up", id="solution.page_up", show=False),
        Binding("pagedown", "scroll(10)", "Page down", id="solution.page_down", show=False),
    ]

    def __init__(self, worksheet: Worksheet) -> None:
        super().__init__()
        self.worksheet = worksheet

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="solution-box"):
            yield Static(
                f"Worked solution: {self.worksheet.title}", id="solution-title", markup=False
            )
            yield Static(solution_table(self.worksheet), id="solution-table")
        yield Footer()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#solution-box", VerticalScroll).scroll_relative(y=lines, animate=False)
