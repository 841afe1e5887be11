"""Provides Pane: a program run in a real terminal (tmux, 80x24), watched by polling its screen.

Each pane runs on a tmux server of its own (a socket named for this process), so a benchmark
never touches anyone's sessions. Times are taken with time.monotonic() around `send-keys` and
`capture-pane -p` polls; the polling itself costs a few milliseconds per look, the same for the
program measured and the baseline it is divided by.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

SOCKET = f"dl-tutor-bench-{os.getpid()}"
WIDTH, HEIGHT = 80, 24


def have_tmux() -> bool:
    return shutil.which("tmux") is not None


def compile_bytecode(root: Path) -> None:
    """Compile the project's modules, as an install does: a start-up never pays for it."""
    folders = [str(root / name) for name in ("engine", "exercises", "tutor")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], check=False)


def _tmux(*args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False
    )
    if check and done.returncode != 0:
        raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


class Pane:
    """One program in a detached 80x24 tmux session."""

    def __init__(self, command: Sequence[str], env: dict[str, str] | None = None) -> None:
        self.name = f"p{time.monotonic_ns()}"
        settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        line = (
            "exec env -u PYTHONDONTWRITEBYTECODE TERM=xterm-256color "
            f"{settings} {shlex.join(command)}"
        )
        self.started = time.monotonic()
        _tmux("new-session", "-d", "-s", self.name, "-x", str(WIDTH), "-y", str(HEIGHT), line)
        self.pid = int(_tmux("list-panes", "-t", self.name, "-F", "#{pane_pid}").split()[0])

    def screen(self) -> str:
        return _tmux("capture-pane", "-p", "-t", self.name, check=False)

    def wait_for(
        self, seen: Callable[[str], bool], since: float, timeout: float = 20.0
    ) -> tuple[float, str]:
        """Seconds from `since` until the screen satisfies `seen`, and that screen."""
        while True:
            screen = self.screen()
            now = time.monotonic()
            if seen(screen):
                return now - since, screen
            if now - since > timeout:
                raise TimeoutError(f"not seen within {timeout} s:\n{screen}")
            time.sleep(0.001)

    def settle(self, quiet: float = 0.05, timeout: float = 2.0) -> None:
        """Wait until the screen has not changed for `quiet` seconds (at most `timeout`): the
        frames a key set off are all drawn before the next key is sent (not timed)."""
        start = last_change = time.monotonic()
        shown = self.screen()
        while time.monotonic() - last_change < quiet and time.monotonic() - start < timeout:
            time.sleep(0.005)
            screen = self.screen()
            if screen != shown:
                shown, last_change = screen, time.monotonic()

    def press(self, *keys: str) -> float:
        """Send keys (tmux names: Enter, Escape, or literal text with `-l`); the time sent."""
        sent = time.monotonic()
        _tmux("send-keys", "-t", self.name, *keys)
        return sent

    def type(self, text: str) -> float:
        sent = time.monotonic()
        _tmux("send-keys", "-t", self.name, "-l", "--", text)
        return sent

    def peak_rss_mb(self) -> float:
        """The program's peak resident memory so far (VmHWM)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        _tmux("kill-session", "-t", self.name, check=False)


def start_server() -> None:
    """A server with one idle session, so that it outlives the panes opened and closed."""
    _tmux("new-session", "-d", "-s", "keep", "sleep 86400")


def stop_server() -> None:
    _tmux("kill-server", check=False)
