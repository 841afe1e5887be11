"""Provides FeedbackLine: the verdict on the focused blank, how it was read, the rule, the hints."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
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


class FeedbackLine(Static):
    """Verdict and message on the first line, the reading and acceptance rule, then hints."""

    feedback: reactive[Feedback | None] = reactive(None, layout=True)
    """The feedback for the focused blank; None before a worksheet is shown."""

    def watch_feedback(self, feedback: Feedback | None) -> None:
        status = feedback.status if feedback else None
        for name in STATUS_WORDS:
            self.set_class(status == name, f"-{name}")

    def render(self) -> RenderableType:
        feedback = self.feedback
        if feedback is None:
            return ""
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
        details.append(f"answers {feedback.rule}" if feedback.rule else "")
        text.append(" · ".join(d for d in details if d), style="dim")
        for number, hint in enumerate(feedback.hints, start=1):
            text.append(f"\nHint {number}: ", style="bold")
            text.append(hint)
        return text
