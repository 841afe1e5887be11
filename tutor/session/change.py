"""Provides what a session's transitions hand back: a Change to redraw, a PendingCheck to run in
a thread, a Notice about the focused blank. Plain Python, no Textual."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from engine.checking import Verdict
from exercises.model import Worksheet


@dataclass(frozen=True)
class Notice:
    """A passing word about the focused blank that is not a verdict (an empty entry, a check
    still running); it goes when the focus moves or the blank is checked."""

    status: str
    message: str


#: The notice while the student edits away from a word about other text: nothing to say.
EDITING = Notice("", "")


@dataclass(frozen=True)
class Change:
    """What a transition changed: the blanks whose mark or entry to redraw, and whether every
    blank has just been done (the summary is due, once per instance)."""

    blanks: tuple[str, ...] = ()
    finished: bool = False
    reloaded: bool = False
    """The worksheet itself changed (the student's own graph is right): show it afresh."""


@dataclass(frozen=True)
class PendingCheck:
    """A check that may be slow (an expression answer): run it off the UI thread, then hand
    the verdict to `WorksheetSession.checked`."""

    worksheet: Worksheet
    blank_id: str
    text: str
    entries: Mapping[str, str]

    def run(self) -> Verdict:
        """The verdict; never raises (a bug in a kind is an unreadable entry, not a crash)."""
        try:
            return self.worksheet.check(self.blank_id, self.text, self.entries)
        except Exception as error:
            return Verdict("invalid", f"this entry could not be checked: {error}")


HintStep = Literal["shown", "ask-reveal", "exhausted"]
