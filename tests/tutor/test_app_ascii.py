"""Pilot tests of ASCII mode (`--ascii`, TERM=linux, a non-UTF-8 locale): no ✓ ✗ ◐ ❯ ░ or
braille on screen, the same information in ASCII."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import real_app, screen_text

from tutor.session.marks import wants_ascii
from tutor.widgets.optimizer_plot import BraillePlot

UNICODE_ONLY = set("✓✗◐○❯░█┤…") | {chr(c) for c in range(0x2801, 0x2900)}


@pytest.mark.parametrize(
    ("term", "encoding", "ascii"),
    [
        ("linux", "utf-8", True),
        ("xterm-256color", "utf-8", False),
        ("xterm", "UTF-8", False),
        ("xterm", "ANSI_X3.4-1968", True),
        ("screen", "latin-1", True),
        (None, None, True),
    ],
)
def test_ascii_is_automatic_on_the_linux_console_and_without_utf8(
    term: str | None, encoding: str | None, ascii: bool
) -> None:
    assert wants_ascii(term, encoding) is ascii


async def test_a_wrong_entry_and_the_prompt_mark_read_in_ascii(tmp_path: Path) -> None:
    app = real_app(tmp_path, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_exercise("autodiff/warmup-reverse", 0)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("9", "9", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "x incorrect" in text and " > " in text
        assert not UNICODE_ONLY & set(text), UNICODE_ONLY & set(text)


def test_the_loss_plot_draws_stars_in_ascii() -> None:
    from rich.console import Console

    console = Console(width=40, color_system=None, file=None, record=True)
    console.print(BraillePlot([(0, 4.0), (1, 1.0), (2, 0.25)], (0.0, 2.0), 4, ascii=True))
    drawn = console.export_text()
    assert "*" in drawn and "|" in drawn
    assert not UNICODE_ONLY & set(drawn)
