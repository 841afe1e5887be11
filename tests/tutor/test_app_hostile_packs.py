"""Pilot tests: the app opened on hostile packs shows their errors and keeps running."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.app import make_app

FIXTURES = Path(__file__).parent.parent / "fixtures" / "hostile_packs"


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("output-name-markup", "'[/]' cannot name an output"),  # the message holds markup
        ("window-title", "U+001B (ESC)"),
        ("nested-3000", "nested too deeply"),
        ("exercise-single-brackets", "write [[exercise]] with two brackets"),
    ],
)
async def test_opening_a_hostile_pack_shows_its_error(
    tmp_path: Path, name: str, fragment: str
) -> None:
    path = str(FIXTURES / f"{name}.toml")
    app = make_app(data_dir=tmp_path, ref=f"{path}#bad", pack_files=(path,))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause(0.05)
            if any(fragment in str(n.message) for n in app._notifications):
                break
        messages = [str(n.message) for n in app._notifications]
        assert any(fragment in m for m in messages), messages
        assert app.is_running
    assert app.return_code in (0, None)
