"""Tests of `tutor new KIND` (an example that validates) and of `tutor serve`'s set-up."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest
from test_cli import run

from exercises.examples import example, example_kinds
from exercises.kinds import KINDS
from exercises.loader import load_pack_file
from exercises.validation import validate_exercises
from tutor import serve


def test_every_kind_has_an_example() -> None:
    assert set(example_kinds()) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_example_is_a_pack_of_its_kind_that_validates(kind: str, tmp_path: Path) -> None:
    text = example(kind)
    assert text is not None and text.lstrip().startswith("#")
    path = tmp_path / "pack.toml"
    path.write_text(text, encoding="utf-8")
    pack, errors = load_pack_file(str(path))
    assert pack is not None and not errors
    assert [e.kind for e in pack.exercises] == [kind]
    assert validate_exercises(pack.exercises, 3) == []


def test_tutor_new_prints_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "new", "pooling")
    assert status == 0 and out == example("pooling")


def test_tutor_new_without_a_kind_lists_the_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "new")
    assert status == 0 and all(kind in out for kind in KINDS)


def test_tutor_new_of_an_unknown_kind_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(capsys, "new", "backprop")
    assert status == 2 and "no kind 'backprop'" in err and "reverse-ad" in err


def test_the_served_app_runs_this_python_isolated_on_the_chosen_data_dir(tmp_path: Path) -> None:
    words = shlex.split(serve.app_command(tmp_path / "my data"))
    assert words[:4] == [sys.executable, "-I", "-m", "tutor.cli"]
    assert words[4:] == ["--data-dir", str(tmp_path / "my data")]


class FakeServer:
    made: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, command: str, **options: Any) -> None:
        self.made.append({"command": command, **options})

    def serve(self) -> None:
        pass


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> type[FakeServer]:
    import textual_serve.server

    FakeServer.made = []
    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    return FakeServer


def test_serve_defaults_to_loopback_without_a_warning(
    fake_server: type[FakeServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "serve", "--data-dir", str(tmp_path))
    assert status == 0 and "warning" not in err
    assert fake_server.made[0]["host"] == "127.0.0.1"
    assert fake_server.made[0]["port"] == 8000


def test_serving_on_another_address_warns_that_there_is_no_authentication(
    fake_server: type[FakeServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["serve", "--host", "0.0.0.0", "--port", "9000", "--data-dir", str(tmp_path)]
    status, _, err = run(capsys, *argv)
    assert status == 0 and "no authentication" in err
    assert (fake_server.made[0]["host"], fake_server.made[0]["port"]) == ("0.0.0.0", 9000)
