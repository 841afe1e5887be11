"""Provides Rich renderables of worksheets: the graph as a tree, Baydin-style trace tables, keys.

No Textual here: the CLI prints these, the app puts them in a Static.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from engine.graph import Graph, display_name
from exercises.kinds.graphs import GraphVisual
from exercises.model import Worksheet
from tutor.session.marks import VERDICT_STATUSES, glyph, rich_style

ENTRY_CELLS = 24
"""At most this many characters of an entry are drawn in a tree or a table cell (a pasted
page of digits would fill the panel); a longer one ends in `…`."""


def short_entry(entry: str) -> str:
    """An entry as a cell of a visual shows it: at most ENTRY_CELLS characters."""
    return entry if len(entry) <= ENTRY_CELLS else entry[: ENTRY_CELLS - 1] + "…"


def _columns(visual: GraphVisual) -> list[tuple[str, str]]:
    """(heading, blank id prefix) for each derivative column: one per seed or output."""
    if visual.mode == "forward":
        return [(f"∂·/∂{x}", f"tangent:{x}:") for x in visual.seeds]
    if visual.mode == "reverse":
        return [(f"∂{f}/∂·", f"adjoint:{f}:") for f in visual.outputs]
    return []


def _cell(
    worksheet: Worksheet,
    blank_id: str,
    entries: Mapping[str, str] | None,
    statuses: Mapping[str, str] | None,
) -> Text:
    if not worksheet.has_blank(blank_id):
        return Text("")
    if entries is None:
        return Text(worksheet.blank(blank_id).answer_text)
    entry = short_entry(entries.get(blank_id, ""))
    status = (statuses or {}).get(blank_id, "")
    text = Text(entry or "·", style="dim" if not entry else "")
    if status in VERDICT_STATUSES:
        text.append(f" {glyph(status)}", style=rich_style(status))
    return text


def _node_label(
    graph: Graph,
    node: str,
    visual: GraphVisual,
    worksheet: Worksheet,
    entries: Mapping[str, str] | None,
    statuses: Mapping[str, str] | None,
) -> Text:
    variable = graph.variable_of(node)
    if variable is not None:
        name = display_name(node)
        head = f"{name} = {variable}" if name != variable else name
        label = Text(f"{head} = {visual.values[node]:.6g}", style="bold")
    else:
        label = Text(graph.step(node).label, style="bold")
        value = _cell(worksheet, f"value:{node}", entries, statuses)
        if value.plain:
            label.append("   value ")
            label.append(value)
    for heading, prefix in _columns(visual):
        cell = _cell(worksheet, prefix + node, entries, statuses)
        if cell.plain:
            label.append(f"   {heading.replace('·', display_name(node))} ")
            label.append(cell)
    return label


def graph_tree(
    worksheet: Worksheet,
    entries: Mapping[str, str] | None = None,
    statuses: Mapping[str, str] | None = None,
    focus: str | None = None,
) -> RenderableType:
    """The graph as a tree: root = the outputs, children = each node's arguments.

    A node used twice is drawn in full once and as `↑ name` elsewhere. With `entries`, cells
    show the student's entries and glyphs; without, the key. The focused blank's node and
    the nodes above it are highlighted.
    """
    visual = worksheet.visual
    if not isinstance(visual, GraphVisual):
        return Text("")
    graph = visual.graph
    focus_node = worksheet.blank(focus).node if focus and worksheet.has_blank(focus) else None
    lit = _above(graph, focus_node) if focus_node else set()
    root = Tree(Text(worksheet.title, style="bold"), guide_style="dim")
    drawn: set[str] = set()

    def add(parent: Tree, node: str) -> None:
        style = "reverse" if node == focus_node else ("underline" if node in lit else "")
        if node in drawn:
            parent.add(Text(f"↑ {display_name(node)}", style=f"dim {style}".strip()))
            return
        drawn.add(node)
        label = _node_label(graph, node, visual, worksheet, entries, statuses)
        if style:
            label.stylize(style)
        branch = parent.add(label)
        if graph.variable_of(node) is None:
            for ref in graph.step(node).refs:
                add(branch, ref)

    for output, node in graph.outputs.items():
        if output != node:
            branch = root.add(Text(f"{output} = {display_name(node)}", style="bold cyan"))
            add(branch, node)
        else:
            add(root, node)
    return root


def _above(graph: Graph, node: str) -> set[str]:
    """The node and every node that uses it, directly or not (its parents in the tree)."""
    found = {node}
    for step in graph.steps:
        if found.intersection(step.refs):
            found.add(step.name)
    return found


def trace_table(
    worksheet: Worksheet,
    entries: Mapping[str, str] | None = None,
    statuses: Mapping[str, str] | None = None,
) -> RenderableType:
    """The evaluation trace in the style of Baydin et al.: node, definition, value, derivatives."""
    visual = worksheet.visual
    if not isinstance(visual, GraphVisual):
        return Text("")
    graph = visual.graph
    table = Table(title="Evaluation trace", title_justify="left", expand=False)
    table.add_column("node", style="bold")
    table.add_column("definition")
    table.add_column("value", justify="right")
    columns = _columns(visual)
    for heading, _ in columns:
        table.add_column(heading, justify="right")
    for variable, node in graph.variables.items():
        cells = [_cell(worksheet, prefix + node, entries, statuses) for _, prefix in columns]
        table.add_row(
            Text(display_name(node)), Text(variable), f"{visual.values[node]:.6g}", *cells
        )
    for step in graph.steps:
        cells = [_cell(worksheet, prefix + step.name, entries, statuses) for _, prefix in columns]
        value = _cell(worksheet, f"value:{step.name}", entries, statuses)
        table.add_row(Text(display_name(step.name)), Text(step.text), value, *cells)
    return table


def blanks_table(worksheet: Worksheet) -> RenderableType:
    """The answer key of any kind: each blank's label and answer, grouped by section."""
    table = Table(title="Answer key", title_justify="left")
    table.add_column("blank", style="dim")
    table.add_column("asks")
    table.add_column("answer", justify="right")
    section = None
    for blank in worksheet.blanks:
        if blank.section != section:
            section = blank.section
            table.add_row(Text(section, style="bold"), "", "")
        table.add_row(Text(blank.id), Text(blank.label), Text(blank.answer_text))
    return table


def prompt_renderable(markdown: str, dark: bool = True) -> RenderableType:
    """A prompt with its markdown rendered (**emphasis**, code blocks for the matrices), the
    same on the app's sheet and in `tutor solve`."""
    from tutor.prompt_markdown import PromptMarkdown  # markdown-it: not at start-up

    theme = "ansi_dark" if dark else "ansi_light"
    return PromptMarkdown(markdown, code_theme=theme, hyperlinks=False)


class _Trimmed:
    """A renderable without the spaces its lines are padded with (a code block's box), so
    that `tutor solve > key.txt` holds no trailing blanks."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in console.render_lines(self.renderable, options, pad=False):
            while line and not line[-1].text.rstrip():
                line.pop()
            if line:
                last = line[-1]
                line[-1] = Segment(last.text.rstrip(), last.style, last.control)
            yield from line
            yield Segment.line()


def solve_renderable(worksheet: Worksheet) -> RenderableType:
    """What `tutor solve` prints: header, prompt, the trace table and tree, then the key."""
    header = Text(f"{worksheet.ref}  ({worksheet.kind}, seed {worksheet.seed})", style="bold")
    parts: list[RenderableType] = [
        header,
        Text(worksheet.title),
        Text(""),
        _Trimmed(prompt_renderable(worksheet.prompt)),
        Text(""),
    ]
    if isinstance(worksheet.visual, GraphVisual):
        parts += [trace_table(worksheet), Text(""), graph_tree(worksheet), Text("")]
    parts.append(blanks_table(worksheet))
    return Group(*parts)
