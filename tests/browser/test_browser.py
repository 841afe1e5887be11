"""The app in a real browser: `tutor serve` opened in headless Chromium, worked with the keyboard.

Skipped, with a message, where no Chromium is installed (.ci/run installs Debian's package when
it can). The screenshot is kept in $TUTOR_BROWSER_SHOTS (default: the test's temporary folder).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import Browser, find_chromium, free_port, wait_for_port

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"
)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`tutor serve` on a free loopback port with a fresh data directory; its URL."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tutor.cli",
            "serve",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path / "data"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, 30)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


async def test_a_student_works_an_exercise_in_the_browser(served: str, tmp_path: Path) -> None:
    shots = Path(os.environ.get("TUTOR_BROWSER_SHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    assert CHROMIUM is not None
    async with Browser(CHROMIUM) as browser:
        await browser.call("Page.navigate", url=served)
        await browser.wait_for("Autodiff by hand", 60)  # the home screen, with the packs
        await browser.focus_terminal()
        await browser.press("Enter")  # the first exercise: f = (x + y)(y + 1) at x = 1, y = 2
        start = await browser.wait_for("a = x + y", 30)
        await browser.type_text("3")  # a = 1 + 2: right
        await browser.press("Enter")
        right = await browser.wait_for("✓", 20, after=start)
        await browser.type_text("5")  # b = y + 1 = 3: wrong
        await browser.press("Enter")
        await browser.wait_for("✗", 20, after=right + 1)
        shot = await browser.screenshot(shots / "browser-worksheet.png")
    assert shot.stat().st_size > 10_000
    print(f"browser screenshot: {shot}")
