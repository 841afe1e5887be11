"""Tests of the kind visuals: the tree follows the focus, the plot grows, the window is marked.

Renderables are rendered to a colourless Rich console and compared as plain text, as Rich
tests its own Tree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conftest import gd_sheet, open_ref, submit
from rich.console import Console
from textual.widgets import Static

from exercises.model import Worksheet
from tutor.session.view import SheetView
from tutor.widgets.convolution_grid import grid_text
from tutor.widgets.graph_panel import GraphPanel
from tutor.widgets.optimizer_plot import BraillePlot, OptimizerPlot, shown_steps


def plain(renderable: object, width: int = 60) -> str:
    console = Console(color_system=None, width=width, record=True, file=None, force_terminal=False)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def test_braille_plot_of_a_falling_line_starts_top_left_and_ends_bottom_right() -> None:
    lines = plain(BraillePlot([(0, 8), (1, 4), (2, 0)], (0, 2), height=4), width=30).splitlines()
    assert lines[0].startswith("8┤") and lines[3].startswith("0┤")
    first_row, last_row = lines[0][2:], lines[3][2:]
    assert first_row[0] != "⠀" and first_row[-1] == "⠀"
    assert last_row[-1] != "⠀" and last_row[0] == "⠀"
    assert lines[4].split() == ["t=0", "t=2"]


def test_window_cells_are_bracketed_and_the_rest_plain() -> None:
    grid = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    text = grid_text(grid, (1, 2), (0, 1), (0, 0), 40, 10).plain.splitlines()
    assert [line.rstrip() for line in text] == [" 1  2  3", "[4][5] 6", "[7][8] 9"]


def test_large_grids_are_cropped_around_the_window() -> None:
    grid = [[float(i * 40 + j) for j in range(40)] for i in range(40)]
    text = grid_text(grid, (30, 31, 32), (35, 36, 37), (0, 0), 30, 5).plain
    assert "rows 29-33" in text and "[1235]" in text and "  0 " not in text


def test_loss_plot_never_shows_a_loss_the_student_must_still_enter() -> None:
    sheet = gd_sheet()
    view = SheetView(sheet, {}, {"iterate:1": "correct"})
    assert shown_steps(view, 4) == [0, 1]
    from dataclasses import replace

    from engine.answers import NumberFormat
    from exercises.model import Blank

    loss = Blank("loss:1", "f(w(1))", 2.0, NumberFormat())
    asked = replace(sheet, blanks=(*sheet.blanks, loss), _index={})
    assert shown_steps(SheetView(asked, {}, {"iterate:1": "correct"}), 4) == [0]


async def test_loss_plot_grows_as_iterates_are_filled(app_factory) -> None:
    async with app_factory().run_test(size=(120, 30)) as pilot:
        screen = await open_ref(pilot, "optimizers/gd-quadratic")
        plot = screen.query_one(OptimizerPlot)
        assert "(1 of 4 iterates)" in plain(plot.render(), 50)
        await submit(pilot, "-4")
        await submit(pilot, "2")
        assert "(2 of 4 iterates)" in plain(plot.render(), 50)


async def test_graph_tree_highlights_the_focus_and_f6_shows_the_trace(app_factory) -> None:
    from test_snapshots import snapshot_app

    async with snapshot_app().run_test(size=(120, 30)) as pilot:
        screen = await open_ref(pilot, "snap/reverse")
        panel = screen.query_one(GraphPanel)
        screen.select("value:b")
        await pilot.pause()
        assert panel.view.focus == "value:b"
        assert "└── ↑ y" in plain(panel.render(), 60)
        await pilot.press("f6")
        await pilot.pause()
        assert panel.mode == "trace" and "Evaluation trace" in plain(panel.render(), 80)
        assert isinstance(screen.query_one("#prompt"), Static)


def grid_sheet(kind: str, fields: dict[str, object]) -> Worksheet:
    from exercises.kinds import KINDS
    from exercises.model import Instance

    return KINDS[kind].build(Instance(f"t/{kind}", kind, 0, kind, fields))


async def grid_headers(
    app_factory: Callable[..., Any], sheet: Worksheet, blank_ids: tuple[str, ...]
) -> list[str]:
    """The first line of the grid visual with each blank focused, in a 120x40 app; then,
    once the shape blank is answered right, the first line with it focused."""
    from conftest import ready

    from tutor.screens.worksheet import WorksheetScreen
    from tutor.session.worksheet_session import WorksheetSession
    from tutor.widgets.convolution_grid import ConvolutionGrid

    headers = []
    async with app_factory().run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = WorksheetScreen(WorksheetSession(sheet))
        await pilot.app.push_screen(screen)
        await pilot.pause()
        for blank_id in blank_ids:
            screen.select(blank_id)
            await pilot.pause()
            headers.append(plain(screen.query_one(ConvolutionGrid).render(), 80).splitlines()[0])
        screen.select("shape")
        await pilot.press(*"x".join(str(n) for n in sheet.blank("shape").expected), "enter")
        await pilot.pause()
        screen.select("shape")
        await pilot.pause()
        headers.append(plain(screen.query_one(ConvolutionGrid).render(), 80).splitlines()[0])
    return headers


RAMP = [[(i * 5 + j) % 7 - 3 for j in range(5)] for i in range(5)]
EDGE = [[1, 0, -1], [1, 0, -1], [1, 0, -1]]


async def test_single_channel_convolution_header_has_the_shape_of_the_blanks(
    app_factory: Callable[..., Any],
) -> None:
    sheet = grid_sheet("convolution", {"input": RAMP, "kernel": EDGE, "padding": 1})
    assert sheet.blank("output:1:2").label == "out[1, 2]"
    headers = await grid_headers(app_factory, sheet, ("shape", "output:1:2"))
    assert headers == [
        "convolution: shape to find",  # the shape is a blank: not given away
        "out[1, 2] reads the marked window",
        "convolution: output 5x5",  # once the shape blank is done
    ]


async def test_two_filter_convolution_header_keeps_the_channels(
    app_factory: Callable[..., Any],
) -> None:
    kernel = [[EDGE], [[[0, 1, 0], [1, -4, 1], [0, 1, 0]]]]
    sheet = grid_sheet("convolution", {"input": RAMP, "kernel": kernel})
    headers = await grid_headers(app_factory, sheet, ("shape", "output:1:2:0"))
    assert headers == [
        "convolution: shape to find",
        "out[1, 2, 0] reads the marked window",
        "convolution: output 2x3x3",
    ]


async def test_single_channel_pooling_header_has_the_shape_of_the_blanks(
    app_factory: Callable[..., Any],
) -> None:
    image = [[1, 5, 2, 0], [3, 4, 8, 6], [7, 0, 1, 2], [9, 6, 3, 5]]
    sheet = grid_sheet("pooling", {"input": image, "size": 2})
    headers = await grid_headers(app_factory, sheet, ("shape", "output:1:0"))
    assert headers == [
        "max-pool: shape to find",
        "out[1, 0] reads the marked window",
        "max-pool: output 2x2",
    ]


async def test_grid_is_laid_out_again_when_its_height_changes(
    app_factory: Callable[..., Any],
) -> None:
    """Two-channel pooling: the shape blank shows both channels, a cell only its own (the
    channels are too wide to stand side by side)."""
    from conftest import ready

    from tutor.screens.worksheet import WorksheetScreen
    from tutor.session.worksheet_session import WorksheetSession
    from tutor.widgets.convolution_grid import ConvolutionGrid

    image = [[1, 5, 2, 0] * 3, [3, 4, 8, 6] * 3, [7, 0, 1, 2] * 3, [9, 6, 3, 5] * 3]
    sheet = grid_sheet("pooling", {"input": [image, image[::-1]], "size": 2})
    async with app_factory().run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = WorksheetScreen(WorksheetSession(sheet))
        await pilot.app.push_screen(screen)
        await pilot.pause()
        grid = screen.query_one(ConvolutionGrid)
        heights = []
        for blank_id in ("shape", "output:1:0:1", "output:1:1:1", "shape"):
            screen.select(blank_id)
            await pilot.pause()
            drawn = plain(grid.render(), 80).rstrip("\n").splitlines()
            assert grid.size.height == len(drawn)
            heights.append(grid.size.height)
        assert heights[0] == heights[3] == heights[1] + 5 == heights[2] + 5


async def test_network_table_fills_in_the_students_entries_with_their_glyphs(
    app_factory: Callable[..., Any],
) -> None:
    """conv3-2 on 1x4x4: the shape 2x4x4 is right (✓); 18 parameters forgot the 2 biases (✗)."""
    from conftest import ready

    from tutor.screens.worksheet import WorksheetScreen
    from tutor.session.worksheet_session import WorksheetSession
    from tutor.widgets.network_table import NetworkTable

    sheet = grid_sheet(
        "network-size", {"input_shape": [1, 4, 4], "layers": ["conv3-2", "maxpool", "fc-3"]}
    )
    async with app_factory().run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.app.push_screen(WorksheetScreen(WorksheetSession(sheet)))
        await pilot.pause()
        await submit(pilot, "2x4x4")
        await submit(pilot, "18")
        await pilot.pause()
        rows = plain(pilot.app.screen.query_one(NetworkTable).render(), 100).splitlines()
    conv_row = next(line for line in rows if "conv3-2" in line)
    assert "2x4x4 ✓" in conv_row and "18 ✗" in conv_row
    pool_row = next(line for line in rows if "maxpool" in line)
    assert "·" in pool_row and "✓" not in pool_row
    assert any("total" in line for line in rows)
    assert any("input" in line and "1x4x4" in line for line in rows)


def test_a_very_long_entry_takes_one_line_of_the_tree_and_the_trace() -> None:
    """A pasted entry of 10,000 digits filled 130 lines of the graph panel: it is cut short."""
    from tutor.render import graph_tree, trace_table

    sheet = grid_sheet("reverse-ad", {"function": "(x + y)*(y + 1)", "at": {"x": 1, "y": 2}})
    entries = {"adjoint:f:v3": "9" * 10_000}
    statuses = {"adjoint:f:v3": "invalid"}
    tree = plain(graph_tree(sheet, entries, statuses), 80).splitlines()
    assert len(tree) < 12 and max(map(len, tree)) <= 80
    assert any("99999…" in line for line in tree)
    table = plain(trace_table(sheet, entries, statuses), 80)
    assert "9" * 40 not in table and "99999…" in table


def test_a_very_long_entry_is_cut_short_in_the_layer_table() -> None:
    from tutor.widgets.network_table import entry_cell

    layers = {"input_shape": [3, 32, 32], "layers": ["conv3-16", "fc-10"]}
    sheet = grid_sheet("network-size", layers)
    blank = sheet.blanks[0].id
    cell = entry_cell(SheetView(sheet, {blank: "1" * 10_000}, {blank: "incorrect"}), blank)
    assert len(cell.plain) < 30 and "111…" in cell.plain
