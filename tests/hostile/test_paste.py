"""A paste that holds an escape character (copied from a terminal, a web page's hidden text)
stays one paste: Textual 8.2.8's parser ended the paste at the ESC and read what followed as
keys, so `\\x07` toggled the panel, a tab moved to the next blank and the rest was typed."""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser

from tutor.driver import PasteGuard

START, END = "\x1b[200~", "\x1b[201~"


def _events(*chunks: str) -> list[object]:
    guard, parser = PasteGuard(), XTermParser()
    seen: list[object] = []
    for chunk in chunks:
        seen += parser.feed(guard.feed(chunk))
    return seen


def test_an_escape_inside_a_paste_is_kept_as_its_picture_in_the_one_paste() -> None:
    pasted = "3\x1b]0;pwned\x07\x1b[31mred\tend"
    seen = _events(START + pasted + END)
    assert [type(event) for event in seen] == [events.Paste]
    assert seen[0].text == pasted.replace("\x1b", "␛")  # type: ignore[attr-defined]


def test_a_paste_split_across_reads_and_its_end_marker_split_too() -> None:
    seen = _events(START + "1\x1b[3", "1m2\x1b[20", "1~")
    assert [type(event) for event in seen] == [events.Paste]
    assert seen[0].text == "1␛[31m2"  # type: ignore[attr-defined]


def test_keys_outside_a_paste_are_untouched() -> None:
    seen = _events("\x1b[A", "x", "\x1b")  # an arrow, a letter, a lone Esc (not held back)
    keys = [event.key for event in seen if isinstance(event, events.Key)]
    assert keys[:2] == ["up", "x"]
    assert PasteGuard().feed("\x1b") == "\x1b"
