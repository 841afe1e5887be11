"""Tests of the one table of status marks: every status drawn, in Unicode and in ASCII alike."""

from __future__ import annotations

from rich.cells import cell_len

from tutor.session.marks import (
    EXERCISE_STATUSES,
    MARKS,
    VERDICT_STATUSES,
    glyph,
    legend,
    mark,
)


def test_every_verdict_and_exercise_status_has_a_mark() -> None:
    assert set(VERDICT_STATUSES) | set(EXERCISE_STATUSES) <= set(MARKS)


def test_ascii_forms_are_ascii_and_as_wide_as_the_glyphs() -> None:
    for found in MARKS.values():
        assert found.ascii.isascii(), found
        assert cell_len(found.ascii) == cell_len(found.glyph), found


def test_the_four_verdicts_read_apart_without_colour() -> None:
    for ascii in (False, True):
        shown = [glyph(status, ascii=ascii) for status in VERDICT_STATUSES]
        assert len(set(shown)) == len(shown)


def test_an_unknown_or_missing_status_is_a_blank_space() -> None:
    assert glyph(None) == glyph("") == glyph("no-such-status") == " "
    assert mark("no-such-status").word == ""


def test_the_legend_names_each_mark() -> None:
    assert legend(("not-started", "done")) == "○ new  ✓ done"
    assert legend(("not-started", "done"), ascii=True) == "- new  + done"
