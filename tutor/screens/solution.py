"""Provides SolutionScreen: the worked solution of a whole exercise (every blank and its answer)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from exercises.model import Worksheet


def solution_table(worksheet: Worksheet, answers: Mapping[str, str] | None = None) -> Table:
    """Each blank's label and answer, grouped by section, with the last hint rung as the why.

    `answers` holds key texts to show instead of `answer_text` (simplified expressions).
    """
    answers = answers or {}
    table = Table(expand=True, show_edge=False, pad_edge=False)
    table.add_column("blank", ratio=2)
    table.add_column("answer", ratio=1, justify="right", overflow="fold")
    table.add_column("how", ratio=3)
    section = None
    for blank in worksheet.blanks:
        if blank.section and blank.section != section:
            section = blank.section
            table.add_row(Text(section, style="bold underline"), "", "")
        how = blank.hints[-1] if blank.hints else ""
        answer = answers.get(blank.id) or blank.answer_text
        table.add_row(blank.label, answer, Text(how, style="dim"))
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

    answers: reactive[Mapping[str, str]] = reactive(MappingProxyType({}), init=False)
    """Key texts shown instead of the plain keys, as the simplified forms come in."""

    def __init__(self, worksheet: Worksheet, answers: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.worksheet = worksheet
        self.set_reactive(SolutionScreen.answers, MappingProxyType(dict(answers or {})))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="solution-box"):
            yield Static(
                f"Worked solution: {self.worksheet.title}", id="solution-title", markup=False
            )
            yield Static(solution_table(self.worksheet, self.answers), id="solution-table")
        yield Footer()

    def watch_answers(self, answers: Mapping[str, str]) -> None:
        self.query_one("#solution-table", Static).update(solution_table(self.worksheet, answers))

    def action_scroll(self, lines: int) -> None:
        self.query_one("#solution-box", VerticalScroll).scroll_relative(y=lines, animate=False)
