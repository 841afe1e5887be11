"""Provides SummaryScreen: first-try accuracy, hints used, mistakes met and time, then what next."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from exercises.model import Worksheet
from exercises.skills import skill_name
from tutor.ascii_screen import ascii_renderable
from tutor.screens.messages import HomeRequested, NextExerciseRequested
from tutor.session.summary import Summary
from tutor.widgets.key_footer import KeyFooter


def minutes(seconds: float) -> str:
    """`45 s`, `3 min`, `1 h 05 min`."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    total = round(seconds / 60)
    return f"{total} min" if total < 60 else f"{total // 60} h {total % 60:02d} min"


def summary_text(
    worksheet: Worksheet,
    summary: Summary,
    seconds: float,
    moved: Sequence[tuple[str, float, float]] = (),
) -> Text:
    """The summary as text that reads the same with and without colour."""
    text = Text()
    text.append(f"Done: {worksheet.title}\n\n", style="bold")
    if summary.first_try_seen:
        percent = 100 * summary.first_try_right / summary.first_try_seen
        text.append(
            f"First-try accuracy  {summary.first_try_right} of "
            f"{summary.first_try_seen} blanks ({percent:.0f}%)\n"
        )
    unseen = summary.blanks - summary.first_try_seen
    if unseen > 0:
        text.append(
            f"                    {unseen} blank{'s' * (unseen != 1)} not checked (revealed)\n",
            style="dim",
        )
    text.append(
        f"Hints used          on {summary.hints_used} blank"
        f"{'s' * (summary.hints_used != 1)}; {summary.revealed} revealed\n"
    )
    text.append(f"Time spent          {minutes(seconds)}\n")
    met = list({m.mistake: m for m in reversed(summary.mistakes)}.values())[::-1]
    if met:
        text.append("\nMistakes met\n", style="bold")
        for mistake in met:
            label = worksheet.blank(mistake.blank_id).label
            text.append(f"✗ {mistake.mistake}", style="bold")
            text.append(f" ({label})")
            if mistake.message:
                text.append(f": {mistake.message}")
            text.append("\n")
    else:
        text.append("\nNo known mistake met.\n")
    if moved:
        text.append("\nSkills moved\n", style="bold")
        for skill, before, after in moved:
            arrow = "up" if after > before else "down"
            text.append(f"{skill_name(skill)}: {before:.0%} -> {after:.0%} ({arrow})\n")
    return text


class SummaryScreen(ModalScreen[None]):
    """Shown once every blank is done; Enter goes to the next exercise."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,n", "next", "Next exercise", id="summary.next"),
        Binding("escape", "dismiss", "Back to the worksheet", id="summary.back"),
        Binding("h", "home", "Home", id="summary.home"),
    ]

    def __init__(
        self,
        worksheet: Worksheet,
        summary: Summary,
        seconds: float,
        moved: Sequence[tuple[str, float, float]] = (),
    ) -> None:
        super().__init__()
        self.worksheet = worksheet
        self.summary = summary
        self.seconds = seconds
        self.moved = moved

    def compose(self) -> ComposeResult:
        text: RenderableType = summary_text(self.worksheet, self.summary, self.seconds, self.moved)
        if getattr(self.app, "ascii", False):  # the title and labels' math signs spelled out
            text = ascii_renderable(text)
        with Vertical(id="summary-box"):
            yield Static(text, id="summary-text")
            yield Static(
                "Enter: next exercise   Esc: back to the worksheet   h: home", id="summary-keys"
            )
        yield KeyFooter()

    def action_next(self) -> None:
        self.dismiss()
        self.app.post_message(NextExerciseRequested(self.worksheet.ref))

    def action_home(self) -> None:
        self.dismiss()
        self.app.post_message(HomeRequested())
