"""Provides ProgressScreen: mastery per skill with its trend, reviews due, what to practise next,
the mistakes met most often (each with "practise this"), and time per day.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from engine.catalogue import CATALOGUE
from exercises.skills import MISTAKE_SKILLS
from tutor.learning.render import report_lines, skill_lines
from tutor.learning.report import Report
from tutor.screens.messages import SkillPractiseRequested
from tutor.widgets.key_footer import KeyFooter


class ProgressScreen(Screen[None]):
    """The learner's report; Enter on a skill or a mistake practises it on new numbers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="progress.back"),
        Binding("n", "practise_next", "Practise next", id="progress.next"),
    ]

    def __init__(self, report: Report, *, ascii: bool = False) -> None:
        super().__init__()
        self.report = report
        self.ascii = ascii

    def compose(self) -> ComposeResult:
        yield Static("Your progress · Enter on a skill or a mistake: practise it", id="home-title")
        with VerticalScroll(id="progress-body"):
            yield Static(
                "Skills, weakest first (mastery, tries, recent trend)", classes="column-title"
            )
            yield OptionList(*self._skill_options(), id="skills")
            yield Static("Mistakes met most often", classes="column-title")
            yield OptionList(*self._mistake_options(), id="mistakes")
            yield Static(self._other_lines(), id="progress-notes")
        yield KeyFooter()

    def _skill_options(self) -> list[Option]:
        lines = skill_lines(self.report, ascii=self.ascii)
        if not lines:
            return [Option("Nothing tried yet: open an exercise from home.", disabled=True)]
        return [Option(line, id=f"skill:{skill}") for skill, line in lines]

    def _mistake_options(self) -> list[Option]:
        options = []
        for (mistake, ref), count in self.report.mistakes.most_common(8):
            meaning = CATALOGUE[mistake].meaning if mistake in CATALOGUE else mistake
            options.append(Option(f"{count}x {meaning}  (last in {ref})", id=f"mistake:{mistake}"))
        return options or [Option("No mistake named yet.", disabled=True)]

    def _other_lines(self) -> str:
        skip = ("Skills", "  ", "Mistakes met")
        return "\n".join(line for line in report_lines(self.report, ascii=self.ascii)
                         if not line.startswith(skip) or line.startswith("  20"))  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#skills", OptionList).focus()

    @on(OptionList.OptionSelected)
    def _practise(self, event: OptionList.OptionSelected) -> None:
        what, _, name = (event.option.id or "").partition(":")
        skill = MISTAKE_SKILLS.get(name) if what == "mistake" else name
        if skill:
            self.post_message(SkillPractiseRequested(skill))

    def action_practise_next(self) -> None:
        self.post_message(SkillPractiseRequested(None))
