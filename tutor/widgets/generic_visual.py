"""Provides GenericVisual: what an unknown kind's visual looks like (its fields, pretty-printed)."""

from __future__ import annotations

import dataclasses
from typing import Any

from rich.console import RenderableType
from rich.pretty import Pretty
from rich.text import Text

from tutor.widgets.sheet_visual import SheetVisual

SHOWN_FIELDS = ("function", "wrt", "variables")


class GenericVisual(SheetVisual):
    """Shows the simple fields of a visual this app has no drawing for."""

    def render(self) -> RenderableType:
        view = self.view
        if view is None:
            return Text("")
        visual: Any = view.worksheet.visual
        if not dataclasses.is_dataclass(visual):
            return Pretty(visual, max_length=12, max_string=200)
        text = Text()
        for item in dataclasses.fields(visual):
            value = getattr(visual, item.name)
            if isinstance(value, (str, int, float)) or (
                isinstance(value, tuple) and all(isinstance(v, str) for v in value)
            ):
                shown = ", ".join(value) if isinstance(value, tuple) else str(value)
                text.append(f"{item.name}: ", style="bold")
                text.append(f"{shown}\n")
        return self.drawn(text or Text(type(visual).__name__))
