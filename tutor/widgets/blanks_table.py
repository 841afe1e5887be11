"""Provides BlanksTable: every blank of a worksheet in one virtualised table (status, label, entry).

One DataTable row per blank, with a heading row per section; 1,024 blanks stay one widget.
The table never takes focus: the entry line keeps it, and the screen moves the cursor.

DataTable keys its caches by a table-wide update count and by the cursor position, so one
changed cell or a cursor move draws every visible row again. The table keeps its own drawn
lines by row, and DataTable draws only a row whose content, cursor or hover has changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import DataTable

from exercises.model import Worksheet
from tutor.ascii_screen import ascii_text
from tutor.session.marks import MARKS, glyph

LABEL_WIDTH = 28
ENTRY_WIDTH = 22
SECTION_KEY = "§"
LINE_CACHE_SIZE = 4096


class BlanksTable(DataTable[Any]):
    """Status glyph, label and entry of every blank; heading rows name the sections."""

    can_focus = False
    ascii = False
    """Draw the marks in their ASCII forms."""

    class BlankClicked(Message):
        """The student clicked the row of a blank."""

        def __init__(self, blank_id: str) -> None:
            super().__init__()
            self.blank_id = blank_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", cursor_foreground_priority="renderable")
        self._row_of: dict[str, int] = {}
        self._blank_at: list[str | None] = []
        self._styles: dict[str, Style] = {}
        self._lines: dict[tuple[Any, ...], Strip] = {}
        self._row_versions: dict[int, int] = {}
        self._generation = 0
        self._line_context: tuple[Any, ...] = ()

    def load(self, worksheet: Worksheet, statuses: Mapping[str, str | None],
             entries: Mapping[str, str]) -> None:  # fmt: skip
        """Fill the table from scratch: one row per blank, a heading row per new section.

        A status is a mark's name ("correct", "revealed", "checking", ...) or None."""
        self.clear(columns=True)
        self._forget_lines()
        self._styles = self._status_styles()
        # Without colour a greyed glyph vanishes on the cursor row: let the cursor style win.
        self.cursor_foreground_priority = "css" if self.app.no_color else "renderable"
        said = ascii_text if self.ascii else str  # the exercise's math signs, in ASCII mode
        widest = max(
            (max(len(said(b.label)), len(said(b.section))) for b in worksheet.blanks), default=8
        )
        label_width = min(LABEL_WIDTH, widest)
        self.add_column(" ", width=1, key="status")
        self.add_column("blank", width=max(label_width, 5), key="label")
        self.add_column("entry", width=ENTRY_WIDTH, key="entry")
        rows: list[tuple[Any, ...]] = []
        keys: list[str] = []
        self._row_of.clear()
        self._blank_at = []
        section = None
        for blank in worksheet.blanks:
            if blank.section and blank.section != section:
                section = blank.section
                keys.append(f"{SECTION_KEY}{len(keys)}")
                rows.append(("", Text(said(section), style="bold underline"), ""))
                self._blank_at.append(None)
            self._row_of[blank.id] = len(keys)
            self._blank_at.append(blank.id)
            keys.append(blank.id)
            status = statuses.get(blank.id)
            rows.append(
                (
                    self._mark(status),
                    said(blank.label),
                    self._entry(entries.get(blank.id, ""), status),
                )
            )
        for key, row in zip(keys, rows, strict=True):
            self.add_row(*row, key=key)

    def _status_styles(self) -> dict[str, Style]:
        """Bold marks in the theme's colour for their tone (ANSI themes too), by status."""
        theme = self.app.current_theme
        styles = {}
        for status, found in MARKS.items():
            colour = getattr(theme, found.tone, None)  # "text-muted" is no theme field
            rich_colour = Color.parse(colour).rich_color if isinstance(colour, str) else None
            styles[status] = Style(color=rich_colour, bold=True)
        return styles

    def _mark(self, status: str | None) -> Text:
        return Text(glyph(status, ascii=self.ascii), style=self._styles.get(status or "", ""))

    @staticmethod
    def _entry(entry: str, status: str | None) -> Text:
        if status == "revealed":
            return Text.assemble(entry, (" revealed", "italic dim"))
        return Text(entry)

    def show_blank(self, blank_id: str, status: str | None, entry: str) -> None:
        """Update one blank's mark and entry."""
        row = self._row_of[blank_id]
        self._row_versions[row] = self._row_versions.get(row, 0) + 1
        self.update_cell(blank_id, "status", self._mark(status))
        self.update_cell(blank_id, "entry", self._entry(entry, status))

    def point_at(self, blank_id: str) -> None:
        """Move the row cursor to a blank (scrolling it into view)."""
        row = self._row_of[blank_id]
        if self.cursor_row != row:
            self.move_cursor(row=row, animate=False)

    def blank_at(self, row: int) -> str | None:
        return self._blank_at[row] if 0 <= row < len(self._blank_at) else None

    # -- drawing ---------------------------------------------------------------------------

    def _forget_lines(self) -> None:
        self._lines.clear()
        self._row_versions.clear()
        self._generation += 1

    def notify_style_update(self) -> None:
        self._forget_lines()
        super().notify_style_update()

    def render_lines(self, crop: Region) -> list[Strip]:
        """What every line of this frame has in common, worked out once per frame."""
        self._line_context = (
            self._generation,
            self.size.width,
            self.scroll_x,
            self.rich_style,
            self.get_pseudo_class_state(),
            self.show_cursor,
            self.cursor_type,
            getattr(self, "_show_hover_cursor", None),
        )
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """A line from the cache, drawn by DataTable only when its row has changed."""
        header = self.header_height if self.show_header else 0
        row = y - header + int(self.scroll_y) if y >= header else -1
        key = (
            self._line_context,
            row,
            self._row_versions.get(row, 0),
            row == self.cursor_row,
            row == self.hover_row,
        )
        line = self._lines.get(key)
        if line is None:
            if len(self._lines) >= LINE_CACHE_SIZE:
                self._lines.clear()
            line = self._lines[key] = super().render_line(y)
        return line

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        blank_id = self.blank_at(event.cursor_row)
        if blank_id is not None:
            self.post_message(self.BlankClicked(blank_id))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
