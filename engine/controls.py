"""Provides the one test of a control character, and the text shown in its place.

Text from a pack or an entry is shown in a terminal, where a control character could drive
it (set the window title, clear the screen, move the cursor) and a bidirectional override
reorders what the reader sees. Packs refuse such characters; entries are shown with each
replaced by a visible stand-in of the same width (so a caret under an entry still points
at the right character).
"""

from __future__ import annotations

import unicodedata

#: Newline and tab are the only control characters text may hold.
ALLOWED = frozenset("\n\t")
_NAMES = {0x07: "BEL", 0x08: "BACKSPACE", 0x0D: "CARRIAGE RETURN", 0x1B: "ESC", 0x7F: "DEL"}


def is_control(character: str) -> bool:
    """C0 and C1 controls and DEL (except newline and tab), bidirectional overrides and
    isolates, and lone surrogates; other format characters (a soft hyphen) are fine."""
    if character in ALLOWED:
        return False
    category = unicodedata.category(character)
    if category in ("Cc", "Cs"):
        return True
    return "\u202a" <= character <= "\u202e" or "\u2066" <= character <= "\u2069"


def control_characters(text: str) -> list[str]:
    """The control characters in `text`, in order."""
    return [c for c in text if is_control(c)]


def describe(character: str) -> str:
    """`U+001B (ESC)`: how a message names a character."""
    name = _NAMES.get(ord(character)) or unicodedata.name(character, "a control character")
    return f"U+{ord(character):04X} ({name})"


def visible(text: str) -> str:
    """The text with each control character replaced by one visible character: its picture
    (␛ for ESC, ␇ for BEL) for C0 and DEL, � otherwise. Newline and tab are kept."""
    if not any(is_control(c) for c in text):
        return text
    return "".join(_stand_in(c) if is_control(c) else c for c in text)


def _stand_in(character: str) -> str:
    code = ord(character)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def json_escaped(text: str) -> str:
    """JSON text with every control character written as a `\\uXXXX` escape.

    `json.dumps(..., ensure_ascii=False)` escapes C0 controls but leaves C1 controls, the
    bidirectional overrides and lone surrogates raw; in JSON they can only stand inside
    strings, where the escape reads back as the same character.
    """
    if not any(is_control(c) for c in text):
        return text
    return "".join(f"\\u{ord(c):04x}" if is_control(c) else c for c in text)
