"""Provides ascii_screen: the app's frames with every drawing character in its ASCII form.

In ASCII mode (`--ascii`, TERM=linux, a non-UTF-8 locale) the widgets draw their own marks in
ASCII (tutor.session.marks); what Textual and Rich draw besides (scrollbars, borders, table
rules, the tree's guides, the footer's separator, the palette's icon) is translated here, on
the way out to the terminal (tutor.driver), one cell for one cell so the layout stays. A few
signs of the math have a faithful one-cell form and get it (`∂f/∂x` reads `df/dx`, `a·b`
`a*b`, `v₋₁` `v-1`); the exercise's other symbols (Greek letters, `²`, `∇`, `‖`) have none
and are kept: the Linux console's fonts show them.
"""

from __future__ import annotations

from functools import cache

from tutor.session.marks import MARKS, SYMBOLS


def _box(character: str) -> str:
    """A box-drawing character (U+2500-257F) as `-`, `|`, `+` (a corner, tee or cross) or a
    diagonal, by the directions its name gives."""
    import unicodedata

    name = unicodedata.name(character, "")
    if "DIAGONAL" in name:
        return {"╱": "/", "╲": "\\"}.get(character, "X")
    words = set(name.split())
    across = bool(words & {"HORIZONTAL", "LEFT", "RIGHT"})
    down = bool(words & {"VERTICAL", "UP", "DOWN"})
    return "+" if across and down else "-" if across else "|" if down else "+"


@cache
def ascii_table() -> dict[int, str]:
    """Each drawing character the app may show, by code point, to its ASCII form (same
    width); built on first use (only ASCII mode needs it)."""
    table = {code: _box(chr(code)) for code in range(0x2500, 0x2580)}
    blocks = {
        "▀▄█▓": "#",  # the thick border of the dialogs; a full cell
        "▒": ":",
        "▁▂▃▅▆▇▉▋▌▍": " ",  # the ends of a scrollbar's thumb (its body is coloured spaces)
        "▔": "-",  # the line over the feedback
        "▏▎▊▐▕": "|",  # the footer's separator, tall and vkey borders
        "▖▗▘▙▚▛▜▝▞▟": "#",
    }
    for characters, plain in blocks.items():
        table.update((ord(c), plain) for c in characters)
    table.update({ord(m.glyph): m.ascii for m in MARKS.values() if len(m.glyph) == 1})
    table.update({ord(unicode): plain for unicode, plain in SYMBOLS.values()})
    signs = str.maketrans("←→↑↓↳↵·•∙×−–—‘’“”′″∂≈₀₁₂₃₄₅₆₇₈₉₋₊❮",
                          "<>^v>>***x---''\"\"'\"d~0123456789-+<")  # fmt: skip
    table.update((code, chr(plain)) for code, plain in signs.items() if isinstance(plain, int))
    table[ord("🔎")] = "> "  # the palette's search icon: two cells
    table[ord("⏎")] = ">"
    return table


def ascii_screen(text: str) -> str:
    """`text` (a frame, with its escape sequences, which are ASCII) in ASCII drawing."""
    return text.translate(ascii_table())
