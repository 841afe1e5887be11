"""Pilot test of the own-graph mode: F7, the student's decomposition, blanks on their nodes."""

from __future__ import annotations

from pathlib import Path

from conftest import open_ref, submit

from tutor.app import make_app


async def test_f7_then_a_graph_of_ones_own_moves_the_sheet_onto_its_nodes(
    tmp_path: Path, store
) -> None:
    app = make_app(data_dir=tmp_path, store_opener=lambda _data_dir: store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ref(pilot, "autodiff/warmup-reverse")
        await pilot.press("f7")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        assert [b.id for b in screen.worksheet.blanks] == ["graph"]
        await submit(pilot, "s = x + y; t = y + 1; f = s*t")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        moved = pilot.app.screen
        assert moved is not screen
        ids = [b.id for b in moved.worksheet.blanks]
        assert ids[:3] == ["graph", "value:s", "value:t"] and "adjoint:f:s" in ids
        assert moved.session.status("graph") == "correct"
        assert moved.session.focus == "value:s"
        await submit(pilot, "3")
        await pilot.pause()
        assert moved.session.status("value:s") == "correct"


async def test_the_own_graph_mode_keeps_its_progress_apart_from_the_book_mode(
    tmp_path: Path, store
) -> None:
    """An entry on the book's sheet, then F7 and a graph of one's own: each mode keeps its own
    entries, and opening the mode's ref again comes back to the student's graph."""
    app = make_app(data_dir=tmp_path, store_opener=lambda _data_dir: store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ref(pilot, "autodiff/warmup-reverse")
        await submit(pilot, "3")  # value:a = x + y on the book's sheet
        await pilot.press("f7")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        own = pilot.app.screen.worksheet.ref
        assert own == "autodiff/warmup-reverse@own-graph"
        await submit(pilot, "s = x + y; t = y + 1; f = s*t")
        await submit(pilot, "3")  # value:s
        book = store.instance_state("autodiff/warmup-reverse", 0)
        mine = store.instance_state(own, 0)
        assert book.entries == {"value:a": "3"}
        assert mine.entries["value:s"] == "3" and "graph" in mine.entries
        await open_ref(pilot, "autodiff/warmup-reverse", 0)
        assert pilot.app.screen.session.entries == {"value:a": "3"}
        await open_ref(pilot, own, 0)
        again = pilot.app.screen
        assert again.worksheet.has_blank("value:s") and again.session.entries["value:s"] == "3"
