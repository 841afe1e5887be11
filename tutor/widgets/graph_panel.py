"""Provides GraphPanel: the computation graph as a tree, or the trace table, filling in live."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive

from tutor.widgets.sheet_visual import SheetVisual


class GraphPanel(SheetVisual):
    """The autodiff visual: root = outputs, children = arguments; a key swaps in the trace."""

    mode: reactive[str] = reactive("tree", layout=True)
    """"tree" for the graph as a tree, "trace" for the Baydin-style trace table."""

    def render(self) -> RenderableType:
        from tutor.render import graph_tree, trace_table

        view = self.view
        if view is None:
            return Text("")
        if self.mode == "trace":
            return self.drawn(
                trace_table(view.worksheet, entries=view.entries, statuses=view.statuses)
            )
        return self.drawn(
            graph_tree(
                view.worksheet, entries=view.entries, statuses=view.statuses, focus=view.focus
            )
        )

    def toggle_mode(self) -> None:
        self.mode = "trace" if self.mode == "tree" else "tree"
