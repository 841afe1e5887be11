"""Provides the start-up benchmark: the pack list on screen, in a real terminal, against a bare app.

Each round starts a bare Textual app showing one Static and `tutor` (home) in tmux at 80x24,
alternating which goes first, and polls the screen: the bare app counts from spawn to its
Static on screen; `tutor` from spawn to the first frame that shows the packs, the first pack's
exercises and the progress bars (the first *useful* frame, not an empty one). Peak memory
(VmHWM) is read at that moment. The data directory is shared by the rounds and warmed by one
start first, as a student's is; the very first start on an empty data directory is reported
apart.

Run: .venv/bin/python tests/bench/bench_startup.py [--rounds N] (15 by default: with 7, the
median moved by 0.1x between quiet runs of the same code).
Budgets: start-up <= 1.3x bare, memory at home <= 1.5x bare. Exit status 1 when missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from terminal import (  # noqa: E402
    Pane,
    compile_bytecode,
    have_tmux,
    start_server,
    stop_server,
)

STARTUP_RATIO, MEMORY_RATIO = 1.3, 1.5
BARE = [sys.executable, str(ROOT / "tests" / "bench" / "bare_app.py")]
TUTOR_MAIN = "import sys; from tutor.cli import main; sys.exit(main())"


def tutor_command(data_dir: str, *args: str) -> list[str]:
    """`tutor` as a student runs it (the console script does the same import)."""
    return [sys.executable, "-c", TUTOR_MAIN, "--data-dir", data_dir, *args]


def home_seen() -> Callable[[str], bool]:
    """Whether a screen shows home in use: first pack, its first exercise, progress bars."""
    from exercises.loader import load_builtin_packs

    pack = load_builtin_packs().packs[0]
    first = pack.exercises[0].listed_title[:24]

    def seen(screen: str) -> bool:
        return pack.title in screen and first in screen and "░" in screen

    return seen


def bare_seen(screen: str) -> bool:
    return "Hello from a bare Textual app" in screen


def start(command: list[str], seen: Callable[[str], bool]) -> tuple[float, float]:
    """Seconds from spawn to the wanted screen, and peak memory (MB) at that moment."""
    pane = Pane(command)
    try:
        seconds, _ = pane.wait_for(seen, pane.started)
        return seconds, pane.peak_rss_mb()
    finally:
        pane.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    if not have_tmux():
        print("tmux is not installed: start-up not measured (apt-get install tmux)")
        return 0
    compile_bytecode(ROOT)
    home = home_seen()
    data_dir = tempfile.mkdtemp(prefix="tutor-bench-")
    start_server()
    try:
        first_ever = start(tutor_command(data_dir), home)
        bare: list[tuple[float, float]] = []
        tutor: list[tuple[float, float]] = []
        for round_ in range(args.rounds):
            order = ("bare", "tutor") if round_ % 2 == 0 else ("tutor", "bare")
            for which in order:
                if which == "bare":
                    bare.append(start(BARE, bare_seen))
                else:
                    tutor.append(start(tutor_command(data_dir), home))
    finally:
        stop_server()
    bare_s, bare_mb = (statistics.median(x[i] for x in bare) for i in (0, 1))
    tutor_s, tutor_mb = (statistics.median(x[i] for x in tutor) for i in (0, 1))
    time_ratio, memory_ratio = tutor_s / bare_s, tutor_mb / bare_mb
    print(f"start-up in tmux 80x24, median of {args.rounds} alternating rounds:")
    print(f"  bare Textual app, Static on screen   {bare_s * 1000:7.0f} ms  {bare_mb:6.1f} MB")
    print(
        f"  tutor, packs and progress on screen  {tutor_s * 1000:7.0f} ms  {tutor_mb:6.1f} MB"
        f"   {time_ratio:.2f}x time (budget {STARTUP_RATIO}x), "
        f"{memory_ratio:.2f}x memory (budget {MEMORY_RATIO}x)"
    )
    print(
        f"  tutor, first start on an empty data directory  {first_ever[0] * 1000:.0f} ms  "
        f"{first_ever[1]:.1f} MB"
    )
    ok = time_ratio <= STARTUP_RATIO and memory_ratio <= MEMORY_RATIO
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
