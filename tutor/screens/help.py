"""Provides HelpScreen: the keys of the screen underneath, the math syntax, what ✓ ~ ✗ ? mean."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tutor.ascii_screen import ascii_renderable
from tutor.session.marks import MARKS
from tutor.widgets.key_footer import KeyFooter

SYNTAX = (
    ("3   -2.5   1e-3   7.802×10^24", "numbers"),
    ("+ - * / ^   (also · × − **)", "operators; 2w2 and 2(x+1) multiply"),
    ("exp log ln sqrt sin cos tan", "functions: exp(2), ln(3)"),
    ("tanh sigmoid σ relu softplus abs", "σ(1)(1 - σ(1)) works"),
    ("e   pi   π", "constants: e^2, pi/4"),
    ("beta  lambda  eta  sigma(x)", "Greek on a plain keyboard: β λ η σ(x)"),
    ("βx  betax  |x - 1|  tanh^2(x)", "β·x when β is declared; abs; tanh(x)²"),
    ("2.731   138,357,544", "a point for decimals; commas group thousands"),
    ("[1.5, -2]   (1.5, -2)", "a vector"),
    ("[[1, 2], [3, 4]]   [1 2; 3 4]", "a matrix"),
    ("64x56x56   [64, 56, 56]", "a shape"),
    ("yes   no", "a yes/no answer"),
)
MARKS_SHOWN = tuple(
    (MARKS[s].glyph, f"{MARKS[s].word}: {MARKS[s].meaning}")
    for s in ("correct", "consistent", "incorrect", "invalid", "checking", "revealed")
)
MOVING = (
    ("type, then Enter", "check the focused blank and move on to the next one to do"),
    ("↑ ↓  Tab  Shift+Tab", "move between blanks freely, in any order"),
    ("PgUp PgDn", "ten blanks at a time"),
    ("← → Home End", "edit the entry"),
    ("Ctrl+↑ Ctrl+↓", "scroll the prompt (or the panel, when it is open)"),
    ("Shift+↑ Shift+↓", "scroll the hints and feedback"),
    ("Ctrl+P", "command palette: open any exercise by title, pack or tag; change theme"),
    ("Ctrl+Q", "quit (progress is saved as you go)"),
)


def _two_columns(rows: tuple[tuple[str, str], ...], title: str) -> Table:
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        show_header=False,
        box=None,
        padding=(0, 2, 0, 0),
    )
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for left, right in rows:
        table.add_row(left, right)
    return table


def key_rows(screen: Screen[Any]) -> tuple[tuple[str, str], ...]:
    """The screen's and the app's keys with what they do, in binding order; the entry's own
    editing keys are summed up under "Moving and typing" instead."""
    rows: dict[str, list[str]] = {}
    for node in (screen, screen.app):
        for bindings in node._bindings.key_to_bindings.values():
            for binding in bindings:
                if not binding.description or binding.system:
                    continue
                action = binding.action.rpartition(".")[2].partition("(")[0]
                if binding.action.startswith("app.") or node is not screen:
                    enabled = screen.app.check_action(action, ())
                else:
                    enabled = screen.check_action(action, ())
                if enabled is False:
                    continue
                what = binding.tooltip or binding.description
                keys = rows.setdefault(what, [])
                shown = screen.app.get_key_display(binding)
                if shown not in keys:
                    keys.append(shown)
    return tuple((" / ".join(keys), description) for description, keys in rows.items())


class HelpScreen(ModalScreen[None]):
    """Help over the current screen; Esc, q or F1 closes it."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1,question_mark", "dismiss", "Close help", id="help.close"),
        Binding("up", "scroll(-1)", "Up", id="help.up", show=False),
        Binding("down", "scroll(1)", "Down", id="help.down", show=False),
        Binding("pageup", "scroll(-10)", "Page up", id="help.page_up", show=False),
        Binding("pagedown", "scroll(10)", "Page down", id="help.page_down", show=False),
    ]

    def __init__(self, underneath: Screen[Any]) -> None:
        super().__init__()
        self.keys = key_rows(underneath)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text("dl-tutor help", style="bold"), id="help-title")
            yield Static(_two_columns(self.keys, "Keys here"), classes="help-section")
            yield Static(_two_columns(MOVING, "Moving and typing"), classes="help-section")
            yield Static(_two_columns(MARKS_SHOWN, "What the marks mean"), classes="help-section")
            syntax: RenderableType = _two_columns(SYNTAX, "Math syntax")
            if getattr(self.app, "ascii", False):  # σ, π, β, ² spelled as they are typed
                syntax = ascii_renderable(syntax)
            yield Static(syntax, classes="help-section")
        yield KeyFooter()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_relative(y=lines, animate=False)
