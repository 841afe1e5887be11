"""Pilot tests of ASCII mode (`--ascii`, TERM=linux, a non-UTF-8 locale): no ✓ ✗ ◐ ❯ ░ or
braille on screen, the same information in ASCII."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import real_app, screen_text

from tutor.ascii_screen import ascii_screen
from tutor.session.marks import locale_encoding, wants_ascii
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


@pytest.mark.parametrize(
    ("environ", "utf8"),
    [
        ({"LANG": "en_US.UTF-8"}, True),
        ({"LANG": "C.UTF-8"}, True),
        ({"LANG": "C", "LC_CTYPE": "C.UTF-8"}, False),  # Python coerced the C locale
        ({"LANG": "C", "LC_ALL": "C"}, False),
        ({"LANG": "en_US.ISO-8859-1", "LC_CTYPE": "C.UTF-8"}, False),
        ({"LANG": "de_DE"}, False),
        ({"LANG": "C", "LC_ALL": "en_GB.utf8"}, True),
        ({}, False),
    ],
)
def test_a_c_or_latin_locale_asks_for_ascii_though_python_writes_utf8(
    environ: dict[str, str], utf8: bool
) -> None:
    assert wants_ascii("xterm-256color", locale_encoding(environ)) is not utf8


def drawing(text: str) -> set[str]:
    """The drawing characters in `text`: boxes, blocks, arrows, shapes, dingbats, pictographs,
    bullets and the ellipsis (not the exercise's own math: Greek letters, ², ∇)."""
    ranges = ((0x2190, 0x21FF), (0x2500, 0x27BF), (0x1F300, 0x1FAFF))
    return {c for c in text if c in "·•…–—" or any(lo <= ord(c) <= hi for lo, hi in ranges)}


async def test_every_screen_reaches_the_terminal_without_drawing_characters(
    tmp_path: Path,
) -> None:
    """The sheet with hints, the tree panel, the trace table, the confirmation, the worked
    solution's tables, help and the palette: in ASCII mode, what the driver writes of each
    (tutor.ascii_screen) has no box, block, arrow, mark or bullet left; unicode mode has."""
    app = real_app(tmp_path, ascii=True)
    seen: dict[str, str] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_exercise("autodiff/warmup-reverse", 0)
        await app.workers.wait_for_complete()
        await pilot.pause()
        for keys, name in ((("f2", "f2", "f2"), "hints"), (("f5",), "tree"),
                           (("f5", "f6"), "trace"), (("f6", "f3"), "confirm"),
                           (("y",), "solution"), (("escape", "f1"), "help"),
                           (("escape", "ctrl+p"), "palette")):  # fmt: skip
            await pilot.press(*keys)
            await app.workers.wait_for_complete()
            await pilot.pause()
            seen[name] = screen_text(app)
    assert all(drawing(text) for text in seen.values()), "each screen draws in Unicode"
    left = {name: drawing(ascii_screen(text)) for name, text in seen.items()}
    assert not any(left.values()), left
    assert "df/dx" in ascii_screen(seen["trace"] + seen["solution"])


def test_the_driver_writes_frames_in_ascii_in_ascii_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.drivers.linux_driver import LinuxDriver

    from tutor.driver import PromptEscDriver

    class App:
        ascii = True

    written: list[str] = []
    driver = PromptEscDriver.__new__(PromptEscDriver)
    driver._app = App()  # type: ignore[assignment]
    monkeypatch.setattr(LinuxDriver, "write", lambda self, data: written.append(data))
    driver.write("\x1b[1;1H╭─┤ a·b ▏✓")
    App.ascii = False
    driver.write("╭")
    assert written == ["\x1b[1;1H+-| a*b |+", "╭"]


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
