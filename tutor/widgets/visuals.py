"""Provides visual_for: the widget that draws a worksheet's visual, chosen by the visual's type.

Every kind shows up without a screen of its own. A visual whose type (or a base of it) has no
widget here is drawn by GenericVisual, by design: a new kind works before it has a drawing.
"""

from __future__ import annotations

from exercises.kinds.derivative import DerivativeVisual
from exercises.kinds.graphs import GraphVisual
from exercises.kinds.matrix_gradient import MatrixGradientVisual
from exercises.kinds.network import NetworkVisual
from exercises.kinds.optimizer_text import OptimizerVisual
from exercises.kinds.output_cells import GridVisual
from exercises.model import Worksheet
from tutor.widgets.convolution_grid import ConvolutionGrid
from tutor.widgets.expression_panel import ExpressionPanel
from tutor.widgets.generic_visual import GenericVisual
from tutor.widgets.graph_panel import GraphPanel
from tutor.widgets.network_table import NetworkTable
from tutor.widgets.optimizer_plot import OptimizerPlot
from tutor.widgets.sheet_visual import SheetVisual

VISUALS: dict[type, type[SheetVisual]] = {
    GraphVisual: GraphPanel,
    GridVisual: ConvolutionGrid,
    OptimizerVisual: OptimizerPlot,
    NetworkVisual: NetworkTable,
    DerivativeVisual: ExpressionPanel,
    MatrixGradientVisual: ExpressionPanel,
}
"""The widget that draws each type of visual."""


def visual_for(worksheet: Worksheet) -> SheetVisual | None:
    """A fresh widget for the worksheet's visual, or None when the kind has nothing to draw."""
    visual = worksheet.visual
    if visual is None:
        return None
    for cls in type(visual).__mro__:
        widget = VISUALS.get(cls)
        if widget is not None:
            return widget(classes="visual")
    return GenericVisual(classes="visual")
