"""Provides ExpressionPanel: the function of a derivative or matrix-gradient sheet, and its keys.

The key of a blank appears only once the blank is done (✓ or ~) or revealed, in the form the
screen passes down in `SheetView.answers` (the simplest form, once a worker has found it).
"""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.text import Text

from engine.matrix_expr import shape_text
from tutor.session.view import SheetView
from tutor.widgets.sheet_visual import SheetVisual


def function_lines(visual: Any) -> Text:
    """The function, the variable and (for matrix calculus) the shapes of a visual."""
    text = Text()
    variables = tuple(getattr(visual, "variables", ()))
    name = f"f({', '.join(variables)})" if variables else "f"
    text.append(f"{name} = ", style="bold")
    text.append(f"{getattr(visual, 'function', '')}\n")
    text.append("with respect to ", style="dim")
    text.append(f"{getattr(visual, 'wrt', '')}\n")
    shapes = tuple(getattr(visual, "shapes", ()))
    if shapes:
        text.append("shapes ", style="dim")
        text.append(", ".join(f"{n} {shape_text(s)}" for n, s in shapes) + "\n")
    return text


def answer_lines(view: SheetView) -> Text:
    """Each blank's key once it is done or revealed; a dim placeholder before."""
    text = Text()
    text.append("\nAnswer key\n", style="bold")
    for blank in view.worksheet.blanks:
        text.append(f"{blank.label} = ")
        if view.is_done(blank.id):
            text.append(view.answer(blank.id))
            text.append(f" {view.glyph(blank.id)}\n", style="bold")
        else:
            text.append("shown once answered\n", style="dim italic")
    text.rstrip()
    return text


class ExpressionPanel(SheetVisual):
    """The visual of the derivative and matrix-gradient kinds."""

    def render(self) -> RenderableType:
        view = self.view
        if view is None:
            return Text("")
        return self.drawn(Text.assemble(function_lines(view.worksheet.visual), answer_lines(view)))
