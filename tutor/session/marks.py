"""Provides the status marks: the one table of what ✓ ~ ✗ ? … ○ ◐ mean and how they are drawn.

Every place that shows a status (the blanks table, the kind visuals, home, the help screen,
`tutor grade`, the plain line mode) reads it here. A mark has a Unicode glyph and an ASCII
form of the same width, a word for the feedback line, and a tone (a theme colour name:
Textual styles it as `$success`, Rich as the colour in RICH_COLOURS). Status is never colour
alone: the glyph says it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class Mark(NamedTuple):
    """How one status is shown."""

    status: str
    glyph: str
    ascii: str
    word: str
    meaning: str
    tone: str


MARKS: dict[str, Mark] = {
    mark.status: mark
    for mark in (
        Mark("correct", "✓", "+", "correct",
             'matches the answer within the rule shown ("within 0.1%")', "success"),
        Mark("consistent", "~", "~", "consistent",
             "wrong against the key, but right from your own earlier entry, which is named; "
             "fix that one", "warning"),
        Mark("incorrect", "✗", "x", "incorrect",
             "the message names the likely mistake when it recognises one", "error"),
        Mark("invalid", "?", "?", "unreadable", "the message says where and why", "error"),
        Mark("checking", "…", ".", "checking", "being checked (expression answers)", "secondary"),
        Mark("revealed", "◇", "r", "revealed",
             "the answer was shown (last hint or worked solution): not counted as done",
             "secondary"),
        Mark("not-started", "○", "-", "new", "not started", "text-muted"),
        Mark("in-progress", "◐", "o", "in progress", "started, not every blank done", "warning"),
        Mark("done", "✓", "+", "done", "every blank done", "success"),
        Mark("done-with-hints", "✓h", "+h", "done with hints",
             "every blank done, some after a hint", "success"),
    )
}  # fmt: skip
"""Every status by name: verdicts, the states of a blank, the progress of an exercise."""

BLANK = Mark("", " ", " ", "", "not checked yet", "text-muted")
"""The mark of a blank with no status (nothing entered or checked)."""

VERDICT_STATUSES = ("correct", "consistent", "incorrect", "invalid")
EXERCISE_STATUSES = ("not-started", "in-progress", "revealed", "done", "done-with-hints")

RICH_COLOURS = {
    "success": "green",
    "warning": "yellow",
    "error": "red",
    "secondary": "blue",
    "text-muted": "bright_black",
}
"""A tone as a Rich colour, for output without a Textual theme (the CLI, Rich renderables)."""


SYMBOLS: dict[str, tuple[str, str]] = {
    "prompt": ("❯", ">"),
    "bar-done": ("█", "#"),
    "bar-left": ("░", "-"),
    "axis": ("┤", "|"),
}
"""The other glyphs the app draws, each with its ASCII form (`--ascii`, TERM=linux)."""


def symbol(name: str, *, ascii: bool = False) -> str:
    """One of SYMBOLS, in Unicode or in its ASCII form."""
    unicode, plain = SYMBOLS[name]
    return plain if ascii else unicode


def wants_ascii(term: str | None, encoding: str | None) -> bool:
    """ASCII on the Linux console (TERM=linux: no ✓, no braille) or where the output is not
    UTF-8 (a non-UTF-8 locale)."""
    return term == "linux" or not _utf8(encoding or "")


def locale_encoding(environ: Mapping[str, str]) -> str:
    """The character set the student's locale names: LC_ALL, else LC_CTYPE, else LANG
    (`en_US.UTF-8`: UTF-8; `C`, `POSIX` or nothing set: ASCII; `de_DE` alone: Latin-1).
    Python cannot say it from its own streams: in the C locale it writes UTF-8 anyway (PEP
    540) and sets LC_CTYPE=C.UTF-8 for itself (PEP 538), which is seen through here."""
    lc_all, lc_ctype, lang = (environ.get(name, "") for name in ("LC_ALL", "LC_CTYPE", "LANG"))
    if not lc_all and lc_ctype.lower().replace("-", "") == "c.utf8" and not _utf8(lang):
        lc_ctype = ""  # Python's coercion of the C locale, not the student's choice
    name = lc_all or lc_ctype or lang or "C"
    if name in ("C", "POSIX"):
        return "ANSI_X3.4-1968"
    return name.partition(".")[2].partition("@")[0] or "ISO-8859-1"


def _utf8(name: str) -> bool:
    return name.lower().replace("-", "").replace("_", "").endswith(("utf8", "utf8mb4"))


def mark(status: str | None) -> Mark:
    """The mark of a status; BLANK for None, "" or a status this table does not know."""
    return MARKS.get(status or "", BLANK)


def glyph(status: str | None, *, ascii: bool = False) -> str:
    """The glyph of a status (its ASCII form with `ascii`); a space when there is none."""
    found = mark(status)
    return found.ascii if ascii else found.glyph


def rich_style(status: str | None) -> str:
    """A bold Rich style in the status's colour, for the CLI and Rich renderables."""
    colour = RICH_COLOURS.get(mark(status).tone)
    return f"bold {colour}" if colour else ""


def legend(statuses: tuple[str, ...], *, ascii: bool = False) -> str:
    """`○ new  ◐ in progress  ...`: a one-line key to the marks of `statuses`."""
    return "  ".join(f"{glyph(s, ascii=ascii)} {mark(s).word}" for s in statuses)
