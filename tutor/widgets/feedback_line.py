"""Provides FeedbackLine: the verdict on the focused blank, how it was read, the rule, the hints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.visual import visualize
from textual.widgets import Static

STATUS_WORDS = {
    "correct": "✓ correct",
    "consistent": "~ consistent",
    "incorrect": "✗ incorrect",
    "invalid": "? unreadable",
    "checking": "… checking",
    "revealed": "✓ revealed",
}


@dataclass(frozen=True)
class Feedback:
    """What the line shows for one blank; built by the screen from the worksheet's verdict."""

    label: str
    rule: str
    status: str | None = None
    message: str = ""
    read_as: str | None = None
    hints: tuple[str, ...] = ()
    blamed: tuple[str, ...] = ()


def feedback_for(
    state: Any,
    blank_id: str,
    status: str | None = None,
    message: str = "",
    *,
    answer: str | None = None,
) -> Feedback:
    """The feedback for one blank of a SheetState: `status` and `message` override the
    blank's own verdict (an empty entry, a check still running). `answer` is the key as
    the app shows it (simplified), for the value rung of a revealed blank's hints."""
    blank = state.worksheet.blank(blank_id)
    hints = state.shown_hints(blank_id)
    if answer is not None and hints and blank_id in state.revealed:
        hints = (*hints[:-1], hints[-1].replace(blank.answer_text, answer))
    verdict = state.verdicts.get(blank_id)
    if status is not None:
        return Feedback(blank.label, blank.rule, status, message, hints=hints)
    if blank_id in state.revealed:
        shown = "the answer was shown; the blank counts as revealed"
        return Feedback(blank.label, blank.rule, "revealed", shown, hints=hints)
    if verdict is not None:
        return Feedback(blank.label, blank.rule, verdict.status, verdict.message,
                        verdict.read_as, hints, verdict.blamed)  # fmt: skip
    if blank_id in state.statuses:
        earlier = "(from an earlier session)"
        return Feedback(blank.label, blank.rule, state.statuses[blank_id], earlier, hints=hints)
    return Feedback(blank.label, blank.rule, hints=hints)


class FeedbackLine(Static):
    """Verdict and message on the first line, the reading and acceptance rule, then hints."""

    feedback: reactive[Feedback | None] = reactive(None)
    """The feedback for the focused blank; None before a worksheet is shown. A new one is
    laid out again only when it takes a different number of lines."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._measured: tuple[int, int] | None = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        height = super().get_content_height(container, viewport, width)
        self._measured = (width, height)
        return height

    def watch_feedback(self, feedback: Feedback | None) -> None:
        status = feedback.status if feedback else None
        for name in STATUS_WORDS:
            self.set_class(status == name, f"-{name}")
        width = self.content_region.width
        rules = self.styles.get_rules()
        height = visualize(self, self.render()).get_height(rules, width) if width else 0
        if (width, height) != self._measured:
            self.refresh(layout=True)

    def render(self) -> Text:
        feedback = self.feedback
        if feedback is None:
            return Text("")
        text = Text()
        if feedback.status:
            text.append(STATUS_WORDS.get(feedback.status, feedback.status), style="bold")
            message = feedback.message
            if feedback.read_as and message.startswith(f"read as {feedback.read_as}"):
                message = message[len(f"read as {feedback.read_as}") :].lstrip(":").strip()
            if message:
                text.append(f": {message}")
            text.append("\n")
        details = []
        if feedback.read_as is not None:
            details.append(f"read as {feedback.read_as}")
        details.append(f"accepted: {feedback.rule}" if feedback.rule else "")
        text.append(" · ".join(d for d in details if d), style="dim")
        for number, hint in enumerate(feedback.hints, start=1):
            text.append(f"\nHint {number}: ", style="bold")
            text.append(hint)
        return text
