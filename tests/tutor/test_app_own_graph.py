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
