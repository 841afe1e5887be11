"""Pilot tests of progress: restored after restart, two apps at once, corrupt or read-only store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import fake_packs, fake_resolve, glyph, open_ref, ready, submit

from tutor.app import make_app

REF = "autodiff-basics/f-sum-product"


def real_app(data_dir: Path):
    """The app on the real SQLite store in `data_dir` and the hand-built catalogue."""
    return make_app(data_dir=data_dir, packs_loader=fake_packs, ref_resolver=fake_resolve)


async def test_state_is_restored_after_a_restart(tmp_path: Path) -> None:
    async with real_app(tmp_path).run_test(size=(80, 24)) as pilot:
        await open_ref(pilot, REF)
        await submit(pilot, "3")
        await submit(pilot, "5")
    async with real_app(tmp_path).run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        assert screen.session.entries == {"value:a": "3", "value:b": "5"}
        assert (glyph(screen, "value:a"), glyph(screen, "value:b")) == ("✓", "✗")
        assert screen.session.focus == "value:b"


async def test_two_apps_on_one_data_directory_lose_nothing(tmp_path: Path) -> None:
    first, second = real_app(tmp_path), real_app(tmp_path)
    async with first.run_test(size=(80, 24)) as one, second.run_test(size=(80, 24)) as two:
        await open_ref(one, REF)
        await open_ref(two, REF)
        for text in ("3", "3", "9"):
            await submit(one, text)
            await submit(two, text)
        assert first.store.flush() and second.store.flush()
        logged = first.store.attempts(REF, 0)
    assert len(logged) == 6
    assert sum(attempt.status == "correct" for attempt in logged) == 6


async def test_a_corrupt_database_is_set_aside_and_the_app_runs(tmp_path: Path) -> None:
    (tmp_path / "progress.sqlite3").write_bytes(b"this is not a database" * 100)
    async with real_app(tmp_path).run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_ref(pilot, REF)
        await submit(pilot, "3")
        assert glyph(screen, "value:a") == "✓"
        assert pilot.app.store.notice
        assert any("corrupt" in n.message.lower() or "moved" in n.message.lower()
                   for n in pilot.app._notifications)  # fmt: skip
    assert pilot.app.store.saving


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only directory")
async def test_a_read_only_data_directory_still_runs_without_saving(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        async with real_app(tmp_path).run_test(size=(80, 24)) as pilot:
            screen = await open_ref(pilot, REF)
            await submit(pilot, "3")
            assert glyph(screen, "value:a") == "✓"
            assert not pilot.app.store.saving and pilot.app.store.notice
    finally:
        tmp_path.chmod(0o700)


async def test_theme_choice_is_remembered(app_factory, store) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await open_ref(pilot, REF)
        pilot.app.theme = "ansi-light"
        await pilot.pause()
    assert store.settings["theme"] == "ansi-light"
    async with app_factory().run_test(size=(80, 24)) as pilot:
        await open_ref(pilot, REF)
        assert pilot.app.theme == "ansi-light"


async def test_time_spent_is_recorded_on_leaving(app_factory, store) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        screen.session.last_action -= 42
        await pilot.press("escape")
        await pilot.pause()
    assert store.states[(REF, 0)].seconds >= 42


async def test_a_remembered_theme_costs_start_up_one_more_parse_of_the_app_css(
    app_factory, store, monkeypatch
) -> None:
    """Restoring the theme parses the CSS again with its colours. Done before the screens add
    their widgets' CSS (on load), it parses only the app's own two sources again; once home
    was composed, it parsed all of them twice (8 more, about 13 ms of start-up)."""
    import textual.css.stylesheet as stylesheet

    parse, parsed = stylesheet.parse, []
    monkeypatch.setattr(stylesheet, "parse", lambda *a, **k: parsed.append(1) or parse(*a, **k))

    async def sources_parsed() -> tuple[int, str]:
        parsed.clear()
        async with app_factory().run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            theme = pilot.app.theme
        return len(parsed), theme

    plain, _ = await sources_parsed()
    store.set_setting("theme", "ansi-light")
    themed, theme = await sources_parsed()
    assert theme == "ansi-light"
    assert themed - plain <= 2
