"""Provides the app's benchmarks: start-up against a bare Textual app, and a 1,024-blank worksheet.

Start-up: each run starts a fresh interpreter in a pseudo-terminal (80x24, the real driver,
not headless) and times from just before the process is spawned to the first frame written to
the terminal, alternating a bare Textual app showing one Static with `tutor` (home), in the
same run. Peak memory is the child's max RSS at that frame. The time until the packs are
listed (loaded in a thread after the first frame) is reported too.

Worksheet: a 32x32 convolution output (1,024 cells and the shape), built by the real kind,
opened headless at 80x24 and 120x40: the time to build it and to show it, then the latency of
a keystroke (key posted -> the screen's update rendered) and the work it costs; Enter (check,
move to the next blank, update the visual) is reported separately.

Run: .venv/bin/python tests/bench/bench_startup.py [--runs N]
Budgets: start-up <= 1.3x bare, memory <= 1.5x bare, open < 0.5 s, keystroke < 16 ms median.
Exit status 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

STARTUP_RATIO, MEMORY_RATIO, OPEN_BUDGET, KEY_BUDGET = 1.3, 1.5, 0.5, 0.016

CHILD = r"""
import json, os, resource, sys, time
out, which, data_dir = sys.argv[1], sys.argv[2], sys.argv[3]
from textual.app import App
marks = {}
original = App._display

def display(self, screen, renderable):
    original(self, screen, renderable)
    if renderable is None or not self._running:
        return
    now = time.monotonic()
    if "frame" not in marks:
        marks["frame"] = now
        marks["rss_frame_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if which == "bare":
            self.exit()
    catalog = getattr(self, "catalog", None)
    if "home" not in marks and catalog is not None and catalog.loaded:
        marks["home"] = now
        marks["rss_home_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.exit()

App._display = display
if which == "bare":
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            yield Static("Hello")

    app = Bare()
else:
    from pathlib import Path
    from tutor.app import make_app

    app = make_app(data_dir=Path(data_dir))
app.run()
with open(out, "w") as handle:
    json.dump(marks, handle)
"""


def start_once(which: str, data_dir: str) -> dict[str, float]:
    """Spawn one app in an 80x24 pty; seconds from spawn to its first frame (and home)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, out, which, data_dir],
        stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, close_fds=True,
    )  # fmt: skip
    os.close(slave)
    while True:  # drain the terminal so the child never blocks on a full pty
        try:
            if not os.read(master, 65536):
                break
        except OSError:
            break
    child.wait(timeout=30)
    os.close(master)
    with open(out) as handle:
        marks = json.load(handle)
    os.unlink(out)
    result = {"frame": marks["frame"] - started, "rss_mb": marks["rss_frame_kb"] / 1024}
    if "home" in marks:
        result["home"] = marks["home"] - started
        result["rss_home_mb"] = marks["rss_home_kb"] / 1024
    return result


def bench_startup(runs: int) -> dict[str, Any]:
    data_dir = tempfile.mkdtemp(prefix="tutor-bench-")
    start_once("bare", data_dir), start_once("tutor", data_dir)  # warm caches and the store
    bare: list[dict[str, float]] = []
    tutor: list[dict[str, float]] = []
    for run in range(runs):
        order = ("bare", "tutor") if run % 2 == 0 else ("tutor", "bare")
        for which in order:
            (bare if which == "bare" else tutor).append(start_once(which, data_dir))

    def median(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(row[key] for row in rows)

    figures = {
        "bare_frame_s": median(bare, "frame"),
        "tutor_frame_s": median(tutor, "frame"),
        "tutor_home_s": median(tutor, "home"),
        "bare_rss_mb": median(bare, "rss_mb"),
        "tutor_rss_mb": median(tutor, "rss_mb"),
        "tutor_home_rss_mb": median(tutor, "rss_home_mb"),
    }
    figures["frame_ratio"] = figures["tutor_frame_s"] / figures["bare_frame_s"]
    figures["rss_ratio"] = figures["tutor_rss_mb"] / figures["bare_rss_mb"]
    return figures


def conv32() -> Any:
    from exercises.kinds import KINDS
    from exercises.model import Instance

    fields = {
        "input": {"shape": [1, 32, 32], "int": [-3, 3]},
        "kernel": {"shape": [1, 1, 3, 3], "int": [-2, 2]},
        "padding": 1,
        "ask": 1024,
    }
    return KINDS["convolution"].build(Instance("bench/conv32", "convolution", 0, "conv32", fields))


async def bench_sheet(size: tuple[int, int], keys: int = 60) -> dict[str, float]:
    """Open the 1,024-blank sheet at `size`; time typing digits and pressing Enter."""
    from textual.app import App

    from tutor.app import NullStore, make_app
    from tutor.screens.worksheet import WorksheetScreen
    from tutor.session.worksheet_session import WorksheetSession

    started = time.perf_counter()
    sheet = conv32()
    built = time.perf_counter() - started
    assert len(sheet.blanks) == 1025, len(sheet.blanks)
    app = make_app(store_opener=lambda _dir: NullStore(None), packs_loader=list)
    displays: list[float] = []
    original = App._display

    def display(self: App[Any], screen: Any, renderable: Any) -> None:
        if renderable is not None:
            displays.append(time.perf_counter())
        original(self, screen, renderable)

    App._display = display  # type: ignore[method-assign]
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            start = time.perf_counter()
            await app.push_screen(WorksheetScreen(WorksheetSession(sheet)))
            await pilot.pause()
            opened = time.perf_counter() - start
            typing = await _latencies(app, pilot, displays, ["1"] * keys)
            await pilot.press("ctrl+u")
            entering = await _latencies(app, pilot, displays, ["enter"] * 10, before="9")
    finally:
        App._display = original  # type: ignore[method-assign]
    return {"build_s": built, "open_s": opened, **typing, **{f"enter_{k}": v
            for k, v in entering.items()}}  # fmt: skip


async def _latencies(app: Any, pilot: Any, displays: list[float], keys: list[str],
                     before: str | None = None) -> dict[str, float]:  # fmt: skip
    """Median and p90 of key -> next frame, and of the CPU time the key's handling took."""
    from textual import events

    latency, work = [], []
    for key in keys:
        if before is not None:
            await pilot.press(before)
            await pilot.pause()
        await pilot.pause()
        count = len(displays)
        cpu = time.process_time()
        start = time.perf_counter()
        app.post_message(events.Key(key, None if len(key) > 1 else key))
        while len(displays) == count:
            await asyncio.sleep(0)
            if time.perf_counter() - start > 2:
                break
        latency.append(displays[count] - start if len(displays) > count else 2.0)
        await pilot.pause()
        work.append(time.process_time() - cpu)
    return {"key_median_s": statistics.median(latency),
            "key_p90_s": sorted(latency)[int(0.9 * (len(latency) - 1))],
            "key_cpu_median_s": statistics.median(work)}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    figures = bench_startup(args.runs)
    print(f"start-up, median of {args.runs} alternating runs (80x24 pty):")
    print(
        f"  bare Textual app, first frame  {figures['bare_frame_s'] * 1000:7.1f} ms  "
        f"{figures['bare_rss_mb']:6.1f} MB"
    )
    print(
        f"  tutor home, first frame        {figures['tutor_frame_s'] * 1000:7.1f} ms  "
        f"{figures['tutor_rss_mb']:6.1f} MB   ratio {figures['frame_ratio']:.2f}x time, "
        f"{figures['rss_ratio']:.2f}x memory"
    )
    print(
        f"  tutor home, packs listed       {figures['tutor_home_s'] * 1000:7.1f} ms  "
        f"{figures['tutor_home_rss_mb']:6.1f} MB"
    )
    ok = figures["frame_ratio"] <= STARTUP_RATIO and figures["rss_ratio"] <= MEMORY_RATIO
    for size in ((80, 24), (120, 40)):
        sheet = asyncio.run(bench_sheet(size))
        ms = {key: value * 1000 for key, value in sheet.items()}
        print(f"1,025-blank convolution worksheet at {size[0]}x{size[1]}:")
        print(f"  build {ms['build_s']:.0f} ms, open {ms['open_s']:.0f} ms")
        print(
            f"  typing a digit: key -> frame median {ms['key_median_s']:.1f} ms "
            f"(p90 {ms['key_p90_s']:.1f}), handling {ms['key_cpu_median_s']:.1f} ms CPU"
        )
        print(
            f"  Enter (check, move on): key -> frame median {ms['enter_key_median_s']:.1f} ms "
            f"(p90 {ms['enter_key_p90_s']:.1f}), {ms['enter_key_cpu_median_s']:.1f} ms CPU"
        )
        ok = ok and sheet["build_s"] + sheet["open_s"] < OPEN_BUDGET
        ok = ok and sheet["key_median_s"] < KEY_BUDGET
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
