"""Provides visual_for: the widget that draws a worksheet's visual, chosen by the visual's type.

Every kind shows up without a screen of its own; an unknown visual is drawn generically.
"""

from __future__ import annotations

import sys
from typing import Any

from tutor.widgets.convolution_grid import ConvolutionGrid
from tutor.widgets.expression_panel import ExpressionPanel
from tutor.widgets.generic_visual import GenericVisual
from tutor.widgets.graph_panel import GraphPanel
from tutor.widgets.network_table import NetworkTable
from tutor.widgets.optimizer_plot import OptimizerPlot
from tutor.widgets.sheet_view import SheetVisual

VISUALS: tuple[tuple[str, str, type[SheetVisual]], ...] = (
    ("exercises.kinds.graphs", "GraphVisual", GraphPanel),
    ("exercises.kinds.convolution", "GridVisual", ConvolutionGrid),
    ("exercises.kinds.optimizer_text", "OptimizerVisual", OptimizerPlot),
    ("exercises.kinds.network", "NetworkVisual", NetworkTable),
    ("exercises.kinds.derivative", "DerivativeVisual", ExpressionPanel),
    ("exercises.kinds.matrix_gradient", "MatrixGradientVisual", ExpressionPanel),
)
"""(module, class, widget): a visual is drawn by the widget of the first class it belongs to."""


def _is_instance(visual: Any, module: str, name: str) -> bool:
    """isinstance without importing: a visual's class is loaded if the visual exists."""
    loaded = sys.modules.get(module)
    cls = getattr(loaded, name, None) if loaded is not None else None
    return isinstance(cls, type) and isinstance(visual, cls)


def visual_for(worksheet: Any) -> SheetVisual | None:
    """A fresh widget for the worksheet's visual, or None when the kind has nothing to draw."""
    visual = worksheet.visual
    if visual is None:
        return OptimizerPlot(classes="visual") if worksheet.kind == "gradient-descent" else None
    for module, name, widget in VISUALS:
        if _is_instance(visual, module, name):
            return widget(classes="visual")
    return GenericVisual(classes="visual")
