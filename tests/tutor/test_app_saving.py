"""Pilot tests of saving: a failing disk is said on the sheet at once, and so is its recovery."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from conftest import FlakyDisk, fake_packs, fake_resolve, feedback_text, glyph, open_ref, submit
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


async def test_a_wrong_entry_is_logged_with_the_message_shown(app_factory, store) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        screen.select("adjoint:f:y")
        await submit(pilot, "3")
        shown = feedback_text(screen)
    logged = store.log[-1]
    assert logged.mistakes == ("missing-path",)
    assert logged.message and logged.message in shown


async def test_a_later_screen_shows_the_logged_message(app_factory, store) -> None:
    """Not the catalogue's words today: what this student was told then, in their numbers."""
    said = "this is 3 = ∂f/∂a·1: the path through b (y feeds two nodes) is missing"
    store.record_attempt(REF, 0, "adjoint:f:y", "3", "incorrect", "missing-path", 0, message=said)
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        assert [met.message for met in screen.session.mistakes] == [said]
