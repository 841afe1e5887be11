"""Provides ascii_screen and ascii_text: the app's frames and the exercise's words in ASCII.

In ASCII mode (`--ascii`, TERM=linux, a non-UTF-8 locale) the widgets draw their own marks in
ASCII (tutor.session.marks); what Textual and Rich draw besides (scrollbars, borders, table
rules, the tree's guides, the footer's separator, the palette's icon) is translated here, on
the way out to the terminal (tutor.driver), one cell for one cell so the layout stays. A few
signs of the math have a faithful one-cell form and get it there (`∂f/∂x` reads `df/dx`, `a·b`
`a*b`, `v₋₁` `v-1`).

The exercise's other signs (Greek letters, `²`, `∇`, `‖`, `½`) have no one-cell form: a
non-UTF-8 terminal shows their bytes as garbage and the console's 256-glyph fonts lack most
of them. `ascii_text` spells them the way the math syntax reads them (`η` eta, `x²` x^2, `∇f`
grad f, `wᵗ` w_t), and the screens apply it to the exercise's words before laying them out.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from tutor.session.marks import MARKS, SYMBOLS

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text


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


MATH_WORDS: dict[str, str] = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi",
    "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi", "χ": "chi", "ψ": "psi",
    "ω": "omega", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Σ": "sum", "Φ": "Phi",
    "Ω": "Omega", "∇": "grad", "∑": "sum", "√": "sqrt", "∞": "inf", "½": "1/2", "¼": "1/4",
    "‖": "||", "⌊": "floor(", "⌋": ")", "⌈": "ceil(", "⌉": ")", "⟨": "<", "⟩": ">",
    "≤": "<=", "≥": ">=", "≠": "!=", "±": "+-", "°": " deg", "→": "->", "←": "<-", "…": "...",
    "⊙": "(.)", "∈": " in ", "ŷ": "yhat", "\u0302": "hat", "ᵗ": "_t", "ₖ": "k", "ᵢ": "i",
    "ⱼ": "j",
}  # fmt: skip
"""Each sign of the exercises' math that has no one-cell ASCII form, spelled as the math
syntax reads it; superscripts are `^` powers (SUPERSCRIPTS)."""

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁿᵀ", "0123456789-+nT")
"""A superscript's ASCII character: `x²` is x^2, `x⁻¹` x^(-1), `Aᵀ` A^T."""

_SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁿᵀ]+")
_TYPE_AS = re.compile("type ([α-ωΑ-Ω]) as (\\w+)")
"""`type β as beta` says nothing once β reads beta: it becomes `type beta`."""
_NABLA_BEFORE_NAME = re.compile("∇(?=[^\\W_])")


def _power(run: re.Match[str]) -> str:
    exponent = run.group().translate(SUPERSCRIPTS)
    return f"^{exponent}" if len(exponent) == 1 else f"^({exponent})"


def ascii_text(text: str) -> str:
    """`text` with every sign in MATH_WORDS spelled out and superscripts as powers; what has
    a one-cell form (∂, ·, subscripts, box drawing) is left to `ascii_screen`."""
    if text.isascii():
        return text
    text = _TYPE_AS.sub("type \\2", text)
    text = _SUPERSCRIPT_RUN.sub(_power, _NABLA_BEFORE_NAME.sub("grad ", text))
    return "".join(MATH_WORDS.get(character, character) for character in text)


def ascii_renderable(renderable: RenderableType) -> RenderableType:
    """A visual's renderable with `ascii_text` applied to its words, styles kept: a Text, a
    Tree's labels, a Table's headers and cells, a Group's parts (other renderables draw
    numbers and their own ASCII forms, and are returned as they are)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

    if isinstance(renderable, str):
        return ascii_text(renderable)
    if isinstance(renderable, Text):
        return _ascii_rich_text(renderable)
    if isinstance(renderable, Tree):
        renderable.label = ascii_renderable(renderable.label)
        for child in renderable.children:
            ascii_renderable(child)
        return renderable
    if isinstance(renderable, Table):
        for column in renderable.columns:
            column.header = ascii_renderable(column.header)
            column._cells = [ascii_renderable(cell) for cell in column._cells]
        return renderable
    if isinstance(renderable, Group):
        return Group(*(ascii_renderable(part) for part in renderable.renderables))
    return renderable


def _ascii_rich_text(text: Text) -> Text:
    """A Rich Text in ASCII words, cut at its spans' edges so each piece keeps its styles."""
    if text.plain.isascii():
        return text
    edges = sorted({edge for span in text.spans for edge in (span.start, span.end)})
    spelled = text.blank_copy()
    for piece in text.divide(edges):
        part = type(text)(ascii_text(piece.plain), style=piece.style)
        for span in piece.spans:
            part.stylize(span.style)
        spelled.append_text(part)
    return spelled
