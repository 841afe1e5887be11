"""Provides LearningLoop: the app's part of the learning loop (tutor.learning), as a mixin.

It keeps the learner's report, recomputed off the UI thread whenever home is shown, and answers
"practise next", the progress screen and the skills an instance moved for its summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message

from tutor.screens.messages import SkillPractiseRequested

if TYPE_CHECKING:
    from exercises.model import Worksheet
    from tutor.screens.home import HomeScreen


class ReportReady(Message):
    """The learner's report was computed from the log (in a thread)."""

    def __init__(self, report: Any) -> None:
        super().__init__()
        self.report = report


class LearningLoop:
    """Mixed into TutorApp, which provides the store, the catalogue, home and the screens."""

    report: Any = None
    """The learner's report, once computed after the packs are read."""

    if TYPE_CHECKING:  # what TutorApp provides
        store: Any
        catalog: Any
        ascii: bool
        _home: HomeScreen
        _home_model: Any
        notify: Any
        open_exercise: Any
        push_screen: Any
        post_message: Any

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def load_report(self) -> None:
        """Replay the log again into mastery, reviews and the next exercise, off the UI thread."""
        self.post_message(ReportReady(self._compute_report(self.catalog.packs)))

    def _compute_report(self, packs: Sequence[Any]) -> Any:
        """The learner's report now, from the store's log; in a worker thread (it builds the
        exercises' instances, a second or so for all the built-in packs)."""
        import datetime

        from tutor.learning.report import learner_report, log_events

        now = datetime.datetime.now(datetime.timezone.utc)
        return learner_report(log_events(self.store), packs, now)

    def on_report_ready(self, message: ReportReady) -> None:
        self.report = message.report
        self._home.model = self._home_model()

    def on_skill_practise_requested(self, message: SkillPractiseRequested) -> None:
        suggestion = self.report.practise(message.skill) if self.report is not None else None
        if suggestion is None:
            words = "reading your progress…" if self.report is None else "nothing to practise"
            self.notify(f"Practise next: {words}", timeout=4)
            return
        self.notify(suggestion.reason, title="Practise next", timeout=6)
        self.open_exercise(suggestion.ref, suggestion.seed)

    def skills_moved(self, worksheet: Worksheet) -> list[tuple[str, float, float]]:
        """The skills this instance moved, for its summary (the log against the last report)."""
        from tutor.learning.model import Tried
        from tutor.learning.report import skills_moved

        ref, seed = worksheet.ref, worksheet.seed
        tries = [Tried(ref, seed, a.blank_id, a.status, tuple(a.mistakes), a.hint_rung, a.at)
                 for a in self.store.attempts(ref, seed)]  # fmt: skip
        return skills_moved(self.report, worksheet, tries)

    def on_progress_requested(self) -> None:
        if self.report is None:
            self.notify("Reading your progress…", timeout=3)
            return
        from tutor.screens.progress import ProgressScreen

        self.push_screen(ProgressScreen(self.report, ascii=self.ascii))
