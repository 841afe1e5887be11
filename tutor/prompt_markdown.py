"""Provides PromptMarkdown: a prompt's Markdown as the sheet draws it, data under its caption.

Rich frames a code block with a blank line above and below, and puts another between a
paragraph and the block after it; in a prompt box of five lines at 80x24 that leaves "Input:"
over empty lines and the grid out of sight. Here a block of data (an input, a kernel, a table)
starts on the line under its caption (a line ending in a colon).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import CodeBlock, Markdown, MarkdownElement
from rich.segment import Segment
from rich.syntax import Syntax


class DataBlock(CodeBlock):
    """A fenced block of the prompt: its lines, indented by one, with no blank line around."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        code = str(self.text).rstrip()
        yield Syntax(code, self.lexer_name, theme=self.theme, word_wrap=True, padding=(0, 1))


class PromptMarkdown(Markdown):
    """Rich's Markdown with DataBlock for fenced and indented blocks, each right under its
    caption."""

    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **Markdown.elements,
        "fence": DataBlock,
        "code_block": DataBlock,
    }

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from _under_captions(super().__rich_console__(console, options))


def _under_captions(segments: Iterator[Segment] | RenderResult) -> Iterator[Segment]:
    """The lines, less each blank line between a caption (ending in `:`) and what follows."""
    lines = list(Segment.split_lines(s for s in segments if isinstance(s, Segment)))
    for index, line in enumerate(lines):
        text = "".join(segment.text for segment in line).strip()
        before = "".join(s.text for s in lines[index - 1]).rstrip() if index else ""
        if not text and before.endswith(":") and index + 1 < len(lines):
            continue
        yield from line
        yield Segment.line()
