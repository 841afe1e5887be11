"""Pilot tests of ASCII mode (`--ascii`, TERM=linux, a non-UTF-8 locale): no ✓ ✗ ◐ ❯ ░ or
braille on screen, the same information in ASCII."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import real_app, screen_text, submit

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


@pytest.mark.parametrize(
    ("text", "spelled"),
    [
        ("Step size η = 0.5 on f(w) = ½(wx - y)²", "Step size eta = 0.5 on f(w) = 1/2(wx - y)^2"),
        ("g(0) = ∇f(w(0))", "g(0) = grad f(w(0))"),
        ("∇_x f", "grad_x f"),
        ("σ(βx)", "sigma(betax)"),
        ("x⁻¹ Aᵀ, wᵗ", "x^(-1) A^T, w_t"),
        ("‖w - wᵗ‖²", "||w - w_t||^2"),
        ("⌊(H + 2p - k)/s⌋ + 1", "floor((H + 2p - k)/s) + 1"),
        ("ŷ = w2·h", "yhat = w2·h"),  # the middle dot has a one-cell form (ascii_screen)
        ("an expression in β, x; type β as beta", "an expression in beta, x; type beta"),
        ("plain text", "plain text"),
    ],
)
def test_the_exercise_signs_are_spelled_as_the_math_syntax_reads_them(
    text: str, spelled: str
) -> None:
    from tutor.ascii_screen import ascii_text

    assert ascii_text(text) == spelled


async def test_an_exercise_with_greek_and_powers_reaches_the_console_in_ascii(
    tmp_path: Path,
) -> None:
    """Title, prompt, blank labels, hints, working and the reveal dialog: on a Linux console
    or under LANG=C, η, ², ½ and ∇ would be garbage; every character reaches it as ASCII."""
    app = real_app(tmp_path, ascii=True)
    seen: dict[str, str] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_exercise("optimizers/step-size-0-5", 0)
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen["sheet"] = screen_text(app)
        for keys, name in ((("f2", "f2", "f2"), "hints"), (("f2",), "dialog"),
                           (("y",), "revealed"), (("f3", "y", "a"), "solution"),
                           (("escape", "f1", "end"), "help")):  # fmt: skip
            await pilot.press(*keys)
            await app.workers.wait_for_complete()
            await pilot.pause()
            seen[name] = screen_text(app)
    shown = {name: ascii_screen(text) for name, text in seen.items()}
    left = {name: {c for c in text if not c.isascii()} for name, text in shown.items()}
    assert not any(left.values()), left
    assert "Step size eta = 0.5" in shown["sheet"] and "1/2(wx - y)^2" in shown["sheet"]
    assert "g(0) = grad f(w(0)) >" in shown["sheet"]
    assert "Show the answer to g(0) = grad f(w(0))?" in shown["dialog"]
    assert "Worked solution: Step size eta = 0.5" in shown["solution"]


async def test_the_side_panels_spell_the_exercise_signs_in_ascii(tmp_path: Path) -> None:
    """The function beside a derivative sheet and the graph tree keep their styles, in ASCII."""
    app = real_app(tmp_path, ascii=True)
    shown: dict[str, str] = {}
    async with app.run_test(size=(120, 30)) as pilot:
        for ref in ("autodiff/neuron-reverse", "derivatives/softplus-symbolic"):
            app.open_exercise(ref, 0)
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.pause()
            shown[ref] = ascii_screen(screen_text(app))
        await submit(pilot, "sigma(betax)")  # the one blank of the last sheet: its summary
        shown["summary"] = ascii_screen(screen_text(app))
    left = {ref: {c for c in text if not c.isascii()} for ref, text in shown.items()}
    assert not any(left.values()), left
    assert "f(beta, x) = ln(1 + e^(beta*x))/beta" in shown["derivatives/softplus-symbolic"]
    assert "Done: Softplus with a symbolic beta" in shown["summary"]
