"""Pilot tests of saving: a failing disk is said on the sheet at once, and so is its recovery."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from conftest import FlakyDisk, fake_packs, fake_resolve, glyph, open_ref, submit
from textual.widgets import Static

from tutor.app import TutorApp, make_app

REF = "autodiff-basics/f-sum-product"


def real_app(data_dir: Path) -> TutorApp:
    return make_app(data_dir=data_dir, packs_loader=fake_packs, ref_resolver=fake_resolve)


def save_status(screen: object) -> str:
    status = screen.query_one("#save-status", Static)  # type: ignore[attr-defined]
    return str(status.render()) if status.has_class("-shown") else ""


async def test_a_full_disk_is_said_on_the_sheet_and_so_is_the_recovery(
    tmp_path: Path, flaky_disk: FlakyDisk
) -> None:
    async with real_app(tmp_path).run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_ref(pilot, REF)
        assert save_status(screen) == ""
        flaky_disk.error = "database or disk is full"
        await submit(pilot, "3")
        for _ in range(500):
            if save_status(screen):
                break
            await pilot.pause(0.01)
        assert save_status(screen) == (
            "⚠ your last entry was not saved: the disk is full; it is kept and retried"
        )
        assert glyph(screen, "value:a") == "✓"  # the entry stays on the sheet, unsaved
        flaky_disk.error = None
        for _ in range(500):
            if "works again" in save_status(screen):
                break
            await pilot.pause(0.01)
        assert save_status(screen) == "✓ saving works again: all your work is saved"
    with contextlib.closing(sqlite3.connect(tmp_path / "progress.sqlite3")) as saved:
        assert saved.execute("SELECT blank, entry FROM attempt").fetchall() == [("value:a", "3")]
