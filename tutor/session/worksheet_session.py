"""Provides WorksheetSession: one worksheet instance being worked, and every way it changes.

Plain Python, no Textual. The session owns what the student has done (entries, verdicts,
hints shown, reveals, the focused blank, time spent) and the transitions between them: enter,
check, hint, reset. Revealing the key and the worked solution's steps are in `solution`,
rebuilding a session from the store in `restore`. Each transition returns a Change saying which
blanks to redraw (see `change`); every fact worth keeping goes to the session's listener (see
`events`). Every number comes from the worksheet: the session never computes an answer itself.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from engine.answers import ArrayFormat, NumberFormat, ShapeFormat, YesNoFormat
from engine.checking import Verdict
from exercises.model import Worksheet
from tutor.session.change import EDITING, Change, HintStep, Notice, PendingCheck
from tutor.session.events import AttemptMade, HintShown, Listener, SheetReset, TimeSpent, ignore
from tutor.session.keys import KeyTexts
from tutor.session.summary import MistakeMet, Summary
from tutor.session.view import SheetView

IDLE_CAP_SECONDS = 300.0
"""Time between two actions counts at most this much (a student who walked away)."""
DONE_STATUSES = ("correct", "consistent")
FAST_FORMATS = (NumberFormat, ArrayFormat, ShapeFormat, YesNoFormat)
EMPTY_ENTRY = "the entry is empty: type an answer, then Enter"
NO_MORE_HINTS = "the answer is already shown: no more hints"


class WorksheetSession:
    """What the student has done on one instance; restored from the store on open."""

    def __init__(
        self,
        worksheet: Worksheet,
        listener: Listener = ignore,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.worksheet = worksheet
        self.listener = listener
        self.entries: dict[str, str] = {}
        self.statuses: dict[str, str] = {}
        self.verdicts: dict[str, Verdict] = {}
        self.hints: dict[str, int] = {}
        self.revealed: set[str] = set()
        self.steps: list[str] = []
        """The blanks whose working the worked solution shows, a prefix of the sheet's order."""
        self.pending: dict[str, str] = {}
        """Entries being checked in a thread, by blank."""
        self.first_try: dict[str, bool] = {}
        self.mistakes: list[MistakeMet] = []
        self.keys = KeyTexts(worksheet)
        self.notice: Notice | None = None
        self.focus = worksheet.blanks[0].id if worksheet.blanks else ""
        self.summary_shown = False
        self.seconds_before = 0.0
        self.seconds_here = 0.0
        self._clock = clock
        self.last_action = clock()

    # -- reading -----------------------------------------------------------------------------

    def status(self, blank_id: str) -> str | None:
        """ "revealed", "checking", a verdict's status, or None when nothing was checked."""
        if blank_id in self.revealed:
            return "revealed"
        if blank_id in self.pending:
            return "checking"
        return self.statuses.get(blank_id)

    def entry(self, blank_id: str) -> str:
        """What the blank's entry shows: the student's entry, or the key (as shown) if revealed."""
        if blank_id in self.revealed:
            return self.keys.text(blank_id)
        return self.pending.get(blank_id) or self.entries.get(blank_id, "")

    def is_done(self, blank_id: str) -> bool:
        """Done for moving on: right, right given an earlier slip, or revealed."""
        return blank_id in self.revealed or self.statuses.get(blank_id) in DONE_STATUSES

    def is_correct(self, blank_id: str) -> bool:
        """Done for good: right against the key, or revealed (as the store counts it)."""
        return blank_id in self.revealed or self.statuses.get(blank_id) == "correct"

    def all_done(self) -> bool:
        return all(self.is_correct(b.id) for b in self.worksheet.blanks)

    def is_fast(self, blank_id: str) -> bool:
        """Number, array, shape and yes/no checks take microseconds; any other format (an
        expression, a subclass that may do more) is checked in a thread."""
        return type(self.worksheet.blank(blank_id).format) in FAST_FORMATS

    def first_open(self) -> str:
        """The blank to focus when the worksheet opens: the first one not done."""
        for blank in self.worksheet.blanks:
            if not self.is_done(blank.id):
                return blank.id
        return self.worksheet.blanks[0].id

    def next_suggested(self, after: str) -> str:
        """The next blank not done after `after`, wrapping round; `after` itself if all are."""
        ids = [b.id for b in self.worksheet.blanks]
        start = ids.index(after)
        for blank_id in ids[start + 1 :] + ids[: start + 1]:
            if not self.is_done(blank_id):
                return blank_id
        return after

    def ladder(self, blank_id: str) -> tuple[str, ...]:
        return self.worksheet.hint_ladder(blank_id)

    def shown_hints(self, blank_id: str) -> tuple[str, ...]:
        """The rungs shown so far; the answer rung with the key as the app shows it."""
        ladder = self.ladder(blank_id)[: self.hints.get(blank_id, 0)]
        if blank_id in self.revealed and ladder and blank_id in self.keys.simplified:
            plain = self.worksheet.blank(blank_id).answer_text
            ladder = (*ladder[:-1], ladder[-1].replace(plain, self.keys.text(blank_id)))
        return ladder

    def next_rung(self, blank_id: str) -> int | None:
        """The 1-based rung the hint key shows next, or None when the answer is already out."""
        if blank_id in self.revealed:
            return None
        rung = self.hints.get(blank_id, 0) + 1
        return rung if rung <= len(self.ladder(blank_id)) else None

    def view(self, *, ascii: bool = False) -> SheetView:
        """A frozen snapshot for the kind visuals; revealed blanks count as correct."""
        statuses = dict(self.statuses)
        statuses.update({blank_id: "correct" for blank_id in self.revealed})
        return SheetView(self.worksheet, dict(self.entries), statuses, self.focus,
                         dict(self.keys.simplified), ascii)  # fmt: skip

    def summary(self) -> Summary:
        """The figures the summary shows (time is added from `seconds_spent`)."""
        return Summary(
            blanks=len(self.worksheet.blanks),
            first_try_right=sum(self.first_try.values()),
            first_try_seen=len(self.first_try),
            hints_used=sum(1 for n in self.hints.values() if n > 0),
            revealed=len(self.revealed),
            mistakes=tuple(self.mistakes),
        )

    @property
    def seconds_spent(self) -> float:
        return self.seconds_before + self.seconds_here

    # -- moving ------------------------------------------------------------------------------

    def select(self, blank_id: str) -> None:
        """Focus a blank (any blank, in any order)."""
        self.worksheet.blank(blank_id)
        self.focus = blank_id
        self.notice = None

    def edited(self, text: str) -> bool:
        """The student changed the text in the entry. A word about text no longer there (an
        Enter on an empty entry, an entry that could not be read) goes, leaving the label and
        rule; a right or wrong answer's verdict stays, as its row still shows it. True when the
        feedback changed."""
        verdict = self.verdicts.get(self.focus)
        unreadable = verdict is not None and verdict.status == "invalid"
        empty_enter = self.notice is not None and self.notice.message == EMPTY_ENTRY
        if empty_enter or (self.notice is None and unreadable and text != self.entry(self.focus)):
            self.notice = EDITING
            return True
        return False

    def move(self, delta: int) -> str:
        """Focus the blank `delta` places away in worksheet order (clamped); returns it."""
        ids = [b.id for b in self.worksheet.blanks]
        index = max(0, min(len(ids) - 1, ids.index(self.focus) + delta))
        self.select(ids[index])
        return self.focus

    # -- checking ----------------------------------------------------------------------------

    def enter(self, text: str) -> Change | PendingCheck:
        """The student pressed Enter on the focused blank with `text` in the entry.

        A fast check is done at once; a slow one comes back as a PendingCheck to run in a
        thread. On a revealed blank, Enter just moves on."""
        blank_id = self.focus
        if blank_id in self.revealed:
            self.select(self.next_suggested(blank_id))
            return Change()
        if not text.strip():
            self.notice = Notice("invalid", EMPTY_ENTRY)
            return Change()
        if self.is_fast(blank_id):
            return self.checked(blank_id, text, self.check(blank_id, text))
        self.pending[blank_id] = text
        self.notice = Notice("checking", f"checking {text} …")
        return PendingCheck(self.worksheet, blank_id, text, {**self.entries, blank_id: text})

    def check(self, blank_id: str, text: str) -> Verdict:
        """The worksheet's verdict on `text`, given the other entries (follow-through)."""
        return self.worksheet.check(blank_id, text, {**self.entries, blank_id: text})

    def checked(self, blank_id: str, text: str, verdict: Verdict) -> Change:
        """Record the verdict on `text`, check again what depends on it, and move on from the
        focused blank when it is done."""
        if self.pending.get(blank_id) == text:
            del self.pending[blank_id]
        first = blank_id not in self.first_try
        self.entries[blank_id] = text
        self.statuses[blank_id] = verdict.status
        self.verdicts[blank_id] = verdict
        self.first_try.setdefault(blank_id, verdict.status in DONE_STATUSES)
        if verdict.mistake:
            self.mistakes.append(MistakeMet(blank_id, verdict.mistake, verdict.message))
        sheet = self.worksheet
        self.listener(AttemptMade(sheet.ref, sheet.seed, blank_id, text, verdict,
                                  self.hints.get(blank_id, 0), first))  # fmt: skip
        self.spend_time()
        if blank_id == "graph" and verdict.status == "correct" and self._on_own_graph():
            return Change((blank_id,), reloaded=True)
        changed = (blank_id, *self.recheck_dependents(blank_id))
        if blank_id == self.focus:
            self.notice = None
            if verdict.status in DONE_STATUSES:
                self.select(self.next_suggested(blank_id))
        return Change(changed, self.finishing())

    def _on_own_graph(self) -> bool:
        """Move the sheet onto the student's own graph; False when it is already there."""
        from exercises.kinds.student_graph import sheet_for

        rebuilt = sheet_for(self.worksheet, self.entries)
        if rebuilt is self.worksheet:
            return False
        self.worksheet = rebuilt
        self.keys = KeyTexts(rebuilt)
        self.steps.clear()
        for blank_id in list(self.entries):
            if not rebuilt.has_blank(blank_id):
                self.entries.pop(blank_id)
                self.statuses.pop(blank_id, None)
                self.verdicts.pop(blank_id, None)
        self.select(self.next_suggested("graph"))
        return True

    # -- hints, reset ------------------------------------------------------------------------

    def hint(self) -> HintStep:
        """Show the focused blank's next rung: "shown"; "ask-reveal" when that rung is the
        answer itself (ask first, then `solution.reveal`); "exhausted" when the answer is out."""
        blank_id = self.focus
        rung = self.next_rung(blank_id)
        if rung is None:
            self.notice = Notice("revealed", NO_MORE_HINTS)
            return "exhausted"
        if rung == len(self.ladder(blank_id)):
            return "ask-reveal"
        self.hints[blank_id] = max(rung, self.hints.get(blank_id, 0))
        self.notice = None
        self.listener(HintShown(self.worksheet.ref, self.worksheet.seed, blank_id, rung, False))
        return "shown"

    def reset(self) -> Change:
        """Clear the entries, verdicts, hints and reveals: the same numbers, from the start.

        The attempt log (first tries, mistakes met) and the time spent are kept."""
        ids = (b.id for b in self.worksheet.blanks)
        changed = tuple(b for b in ids if self.status(b) or self.entry(b))
        self.entries.clear()
        self.statuses.clear()
        self.verdicts.clear()
        self.hints.clear()
        self.revealed.clear()
        self.steps.clear()
        self.pending.clear()
        self.notice = None
        self.summary_shown = False
        self.focus = self.first_open()
        self.listener(SheetReset(self.worksheet.ref, self.worksheet.seed))
        return Change(changed)

    # -- time --------------------------------------------------------------------------------

    def spend_time(self) -> float:
        """Count the seconds since the last action (at most IDLE_CAP_SECONDS) as spent, and
        report them."""
        now = self._clock()
        seconds = max(0.0, min(now - self.last_action, IDLE_CAP_SECONDS))
        self.last_action = now
        self.seconds_here += seconds
        if seconds > 0:
            self.listener(TimeSpent(self.worksheet.ref, self.worksheet.seed, seconds))
        return seconds

    def restart_clock(self) -> None:
        """Time away (another screen on top, say) is not counted."""
        self.last_action = self._clock()

    # -- after a change (also for reveals and restores) --------------------------------------

    def finishing(self) -> bool:
        """Every blank is done and the summary has not been shown yet (it is now due)."""
        if self.summary_shown or not self.all_done():
            return False
        self.summary_shown = True
        self.spend_time()
        return True

    def recheckable(self, blank_id: str) -> bool:
        """A verdict that may be worked out again at once (not revealed, a fast check)."""
        return blank_id not in self.revealed and self.is_fast(blank_id)

    def recheck_dependents(self, blank_id: str) -> list[str]:
        """Check again the checked blanks that depend on `blank_id`, transitively."""
        changed, found = {blank_id}, []
        for blank in self.worksheet.blanks:
            touched = changed.intersection(blank.depends_on) and blank.id in self.statuses
            if touched and self.recheckable(blank.id):
                self.recheck(blank.id)
                found.append(blank.id)
                changed.add(blank.id)
        return found

    def recheck(self, blank_id: str) -> None:
        """Check the blank's entry again against the other entries as they are now."""
        verdict = self.worksheet.check(blank_id, self.entries.get(blank_id, ""), self.entries)
        self.statuses[blank_id] = verdict.status
        self.verdicts[blank_id] = verdict


def fresh_seed(current: int, rng: random.Random | None = None) -> int:
    """A seed for new numbers: random, and never the one the student has now."""
    draw = rng or random.SystemRandom()
    seed = draw.randrange(1, 2**31)
    while seed == current:
        seed = draw.randrange(1, 2**31)
    return seed
