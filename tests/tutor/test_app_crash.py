"""Tests that a bug in the app ends it with one line on stderr and a non-zero exit status."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.app import make_app


def crash_in_a_handler() -> object:
    async def auto_pilot(pilot: object) -> None:
        def boom() -> None:
            raise RuntimeError("boom \x1b]0;pwned\x07")

        pilot.app.call_later(boom)  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]

    return auto_pilot


def test_a_crash_is_one_line_and_a_failing_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TUTOR_DEBUG", raising=False)
    app = make_app(data_dir=tmp_path)
    app.run(headless=True, auto_pilot=crash_in_a_handler())
    err = capsys.readouterr().err
    assert app.return_code == 1
    assert err.splitlines() == [
        "tutor: internal error (RuntimeError: boom ␛]0;pwned␇); "
        "run again with TUTOR_DEBUG=1 for the details and please report it"
    ]


def test_tutor_debug_keeps_the_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUTOR_DEBUG", "1")
    app = make_app(data_dir=tmp_path)
    app.run(headless=True, auto_pilot=crash_in_a_handler())
    assert app.return_code == 1
    assert "Traceback" in capsys.readouterr().err
