"""SIGTERM and SIGHUP in the middle of a session: the app quits as its quit key does.

The real `tutor` runs in a pseudo-terminal; an entry is typed and its verdict seen, then the
signal comes. The entry must be on disk, and after SIGTERM the terminal must be given back
(the alternate screen left, the cursor shown), not left in raw mode for the shell.
"""

from __future__ import annotations

import asyncio
import os
import select
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")

REF = "autodiff/warmup-reverse"  # a = x + y at x = 1, y = 2: 3 is right


def _read_until(fd: int, wanted: bytes, seconds: float) -> bytes:
    """Read the terminal until `wanted` has been seen (or the time is up)."""
    seen = b""
    deadline = time.monotonic() + seconds
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def _drain(fd: int, seconds: float) -> bytes:
    """Everything the app still writes until it closes the terminal."""
    seen = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def _start(data_dir: Path) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real app on the pseudo-terminal
        env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": ""}
        env.pop("TEXTUAL_DRIVER", None)
        argv = [sys.executable, "-m", "tutor.cli", "--data-dir", str(data_dir), REF]
        os.execve(sys.executable, argv, env)
    return pid, fd


def _entries(data_dir: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(data_dir / "progress.sqlite3") as connection:
        return list(connection.execute("SELECT blank, entry, status FROM attempt"))


def _wait(pid: int, seconds: float) -> int | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def _work_one_entry(fd: int) -> None:
    assert b"a = x + y" in _read_until(fd, b"a = x + y", 60), "the sheet never showed"
    os.write(fd, b"3\r")
    assert "✓".encode() in _read_until(fd, "✓".encode(), 20), "no verdict on screen"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_mid_session_quits_with_the_entry_on_disk(
    tmp_path: Path, signum: signal.Signals
) -> None:
    pid, fd = _start(tmp_path)
    try:
        _work_one_entry(fd)
        os.kill(pid, signum)
        if signum == signal.SIGHUP:  # the terminal is gone: nothing reads it any more
            os.close(fd)
            fd = -1
        else:
            after = _drain(fd, 20)
            assert b"\x1b[?1049l" in after, "the alternate screen was not left"
            assert b"\x1b[?25h" in after, "the cursor was left hidden"
        status = _wait(pid, 20)
        assert status is not None, "the app did not quit"
        assert os.WIFEXITED(status), f"killed by signal {os.WTERMSIG(status)}"
    finally:
        if fd >= 0:
            os.close(fd)
    assert ("value:a", "3", "correct") in _entries(tmp_path)


def test_serve_with_a_browser_connected_ends_at_sigterm_and_so_does_its_app(
    tmp_path: Path,
) -> None:
    """`tutor serve` waited for every browser to leave (aiohttp gives them a minute) before
    SIGTERM took effect: a service stop hung, then killed the apps. The sessions are ended
    (each app quits as Ctrl+Q does) and the server exits at once; the bound only ends a hang."""
    aiohttp = pytest.importorskip("aiohttp")
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data_dir = tmp_path / "served"
    server = subprocess.Popen(
        [sys.executable, "-m", "tutor.cli", "serve", "--port", str(port), "--data-dir",
         str(data_dir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip

    async def session() -> int | None:
        async with aiohttp.ClientSession() as client:
            for _ in range(300):  # the server starting
                try:
                    websocket = await client.ws_connect(f"http://127.0.0.1:{port}/ws")
                    break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
            else:
                raise AssertionError("the server never listened")
            async with websocket:
                seen = b""
                while b"Autodiff by hand" not in seen:  # the app's home screen
                    message = await asyncio.wait_for(websocket.receive(), 60)
                    assert message.type == aiohttp.WSMsgType.BINARY, message
                    seen += message.data
                server.send_signal(signal.SIGTERM)
                return await asyncio.to_thread(_status_within, server, 12)

    try:
        status = asyncio.run(session())
        assert status is not None, "tutor serve still ran 12 s after SIGTERM (it took 24 s)"
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def _status_within(process: subprocess.Popen[bytes], seconds: float) -> int | None:
    try:
        return process.wait(seconds)
    except subprocess.TimeoutExpired:
        return None
