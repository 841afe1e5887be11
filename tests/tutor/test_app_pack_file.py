"""Pilot and CLI tests of `tutor path/to/pack.toml`: the instructor's pack on home, with the
built-in packs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import FakeStore, ready
from textual.widgets import OptionList

from tutor import cli
from tutor.app import make_app

COURSE_PACK = """
[pack]
id = "course-week-1"
title = "Week 1 of our course"

[[exercise]]
id = "warmup"
kind = "reverse-ad"
title = "Our warm-up"
function = "(x + y)*(y + 1)"
at = { x = 1, y = 2 }
"""


@pytest.fixture
def pack_file(tmp_path: Path) -> Path:
    path = tmp_path / "week1.toml"
    path.write_text(COURSE_PACK, encoding="utf-8")
    return path


async def test_home_shows_the_pack_file_after_the_built_in_packs(
    pack_file: Path, tmp_path: Path
) -> None:
    store = FakeStore()
    app = make_app(data_dir=tmp_path, pack_files=[str(pack_file)], store_opener=lambda _dir: store)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, timeout=20.0)
        packs = pilot.app.screen.query_one("#packs", OptionList)
        ids = [packs.get_option_at_index(i).id for i in range(packs.option_count)]
        assert ids[-1] == "course-week-1"
        assert "autodiff" in ids and "convnets" in ids
        assert f"{pack_file}#warmup" in pilot.app.catalog.by_ref


def test_the_cli_opens_a_pack_file_in_the_app(
    pack_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: dict[str, Any] = {}
    monkeypatch.setattr("tutor.app.run_app", lambda **kwargs: opened.update(kwargs))
    monkeypatch.setattr("tutor.cli.wants_plain", lambda *streams: False)  # as in a terminal
    assert cli.main([str(pack_file)]) == 0
    assert opened["ref"] is None
    assert opened["pack_files"] == (str(pack_file.resolve()),)


def test_a_broken_pack_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[pack\nid = 1", encoding="utf-8")
    assert cli.main([str(broken)]) == 2
    assert "broken.toml" in capsys.readouterr().err
