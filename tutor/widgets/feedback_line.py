"""Provides FeedbackLine: the verdict on the focused blank, how it was read, the rule, the hints.

The words come composed from the session (`tutor.session.feedback`); this draws them. In a
scrolling box (the screen's `#feedback-box`), which grows with hints shown (up to half the
screen): a new rung is brought into view, so every rung can be read at 80x24 before the
reveal is offered."""

from __future__ import annotations

from rich.text import Text
from textual.containers import ScrollableContainer
from textual.geometry import Size
from textual.reactive import reactive
from textual.visual import visualize
from textual.widgets import Static

from tutor.ascii_screen import ascii_text
from tutor.session.feedback import Feedback
from tutor.session.marks import MARKS


class FeedbackLine(Static):
    """Verdict and message on the first line, the reading and acceptance rule, then hints."""

    feedback: reactive[Feedback | None] = reactive(None)
    """The feedback for the focused blank; None before a worksheet is shown. A new one is
    laid out again only when it takes a different number of lines."""

    ascii = False
    """Draw the marks in their ASCII forms."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._measured: tuple[int, int] | None = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        height = super().get_content_height(container, viewport, width)
        self._measured = (width, height)
        return height

    def watch_feedback(self, old: Feedback | None, feedback: Feedback | None) -> None:
        status = feedback.status if feedback else None
        for name in MARKS:
            self.set_class(status == name, f"-{name}")
        hints = feedback.hints if feedback else ()
        box = self.parent if isinstance(self.parent, ScrollableContainer) else None
        if box is not None:
            box.set_class(bool(hints), "-hints")
            if old is None or feedback is None or old.label != feedback.label:
                box.scroll_home(animate=False, immediate=True)
            elif feedback.working and not old.working:  # just revealed: its working in view
                self.call_after_refresh(box.scroll_end, animate=False)
            elif len(hints) > len(old.hints):
                self.call_after_refresh(self.scroll_to_hint, box, len(hints))
        width = self.content_region.width
        rules = self.styles.get_rules()
        height = visualize(self, self.render()).get_height(rules, width) if width else 0
        if (width, height) != self._measured:
            self.refresh(layout=True)

    def scroll_to_hint(self, box: ScrollableContainer, number: int) -> None:
        """Bring rung `number` into view in the scrolling `box`: its first line at the top
        when the rung is taller than the box, else the end (the new rung is the last one)."""
        lines = self.render().wrap(self.app.console, max(1, self.content_region.width))
        start = next(
            (i for i, line in enumerate(lines) if line.plain.startswith(f"Hint {number}: ")), 0
        )
        start += self.region.y - box.scrollable_content_region.y + int(box.scroll_y)
        tall = self.region.height - start > box.scrollable_content_region.height
        box.scroll_to(y=start if tall else box.max_scroll_y, animate=False)

    def render(self) -> Text:
        feedback = self.feedback
        if feedback is None:
            return Text("")
        said = ascii_text if self.ascii else str  # the exercise's math signs, in ASCII mode
        text = Text()
        words = feedback.words(ascii=self.ascii)
        if words:
            text.append(words, style="bold")
            text.append(f": {said(feedback.message)}" if feedback.message else "")
            text.append("\n")
        text.append(said(feedback.details()), style="dim")
        for number, hint in enumerate(feedback.hints, start=1):
            text.append(f"\nHint {number}: ", style="bold")
            text.append(said(hint))
        if feedback.working:
            text.append("\nWorking:", style="bold")
            for line in feedback.working:
                text.append(f"\n  {said(line)}")
        return text
