"""Provides the working of blanks as Rich renderables: for the worked-solution screen and for
`tutor solve --working` (no Textual import)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from exercises.model import Worksheet
from exercises.working import Working

INDENT = "   "


def working_lines(working: Working, answers: Mapping[str, str] | None = None) -> list[str]:
    """The lines of one working, the result as the app shows the key (a simplified expression)
    when it is the key, then the note when it is not."""
    lines = list(working.lines)
    shown = (answers or {}).get(working.blank_id)
    if shown and working.agrees and lines and lines[-1] == f"= {working.result_text}":
        lines[-1] = f"= {shown}"
    if working.note:
        lines.append(f"note: {working.note}")
    return lines


def working_renderable(
    worksheet: Worksheet,
    workings: Sequence[Working],
    answers: Mapping[str, str] | None = None,
    section: str | None = None,
) -> RenderableType:
    """Each blank's label, then its working indented, under the sheet's section headings
    (`section`: the heading already shown above these, not repeated)."""
    parts: list[RenderableType] = []
    for working in workings:
        blank = worksheet.blank(working.blank_id)
        if blank.section and blank.section != section:
            section = blank.section
            parts.append(Text(section, style="bold underline"))
        parts.append(Text(working.label, style="bold"))
        for line in working_lines(working, answers):
            parts.append(Text(INDENT + line, style="italic" if line.startswith("note:") else ""))
    return Group(*parts)
