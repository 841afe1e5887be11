"""Provides the key benchmark: opening an exercise, Enter to verdict and Esc to home, in tmux.

The tutor runs in tmux at 80x24 on a fresh data directory, as a student would use it: from
home, Enter opens the highlighted exercise (timed to the frame that shows the worksheet), then
each of its first blanks gets a wrong entry and then the key's answer, typed and shown before
Enter is pressed (Enter is timed to the frame that shows the verdict: the blank's row with its
mark and the entry; the next entry is typed only then), then Esc goes home (timed to home on
screen). Two exercises of every built-in pack are worked. The
bare Textual app of bench_startup, in the same run, gives the baseline: a key rewriting its
Static, and Esc doing the same (Textual waits for a lone Esc to be no escape sequence).

Run: .venv/bin/python tests/bench/bench_keys.py
Budgets: opening and Esc under 100 ms (median), Enter under 50 ms (p99). Exit 1 when missed.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from bench_startup import BARE, bare_seen, home_seen, tutor_command  # noqa: E402
from terminal import (  # noqa: E402
    Pane,
    compile_bytecode,
    have_tmux,
    start_server,
    stop_server,
)

OPEN_BUDGET, ESC_BUDGET, ENTER_BUDGET = 0.100, 0.100, 0.050
PER_PACK, BLANKS = 2, 5
WRONG = "12345"
VERDICT_MARKS = ("✓", "~", "✗", "?")


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def bare_keys(rounds: int = 20) -> dict[str, list[float]]:
    pane = Pane(BARE)
    try:
        pane.wait_for(bare_seen, pane.started)
        times: dict[str, list[float]] = {"key": [], "esc": []}
        for count in range(1, 2 * rounds + 1):
            key, word = ("x", "x") if count % 2 else ("Escape", "esc")
            sent = pane.press(key)
            seconds, _ = pane.wait_for(lambda s, w=f"{word} pressed {count} times": w in s, sent)
            times["key" if key == "x" else "esc"].append(seconds)
        return times
    finally:
        pane.close()


def verdict_seen(label: str, text: str) -> Callable[[str], bool]:
    """Whether a screen shows the blank's row with a verdict mark and the entry checked.

    Any other change (a frame still catching up on the key before) is not the verdict; and
    typing on before the verdict would race the check."""

    def seen(screen: str) -> bool:
        return any(
            line.lstrip().startswith(VERDICT_MARKS) and label[:10] in line and text[:10] in line
            for line in screen.splitlines()
        )

    return seen


def enter(pane: Pane, label: str, text: str) -> float:
    """Type `text` once the screen is settled, wait until it shows, press Enter: seconds to
    the verdict on screen."""
    pane.settle()
    pane.wait_for(lambda s: text[:12] in s, pane.type(text))
    sent = pane.press("Enter")
    seconds, _ = pane.wait_for(verdict_seen(label, text), sent)
    return seconds


def navigate(pane: Pane, *keys: str) -> None:
    """Move on home, leaving the app time to draw (not timed)."""
    for key in keys:
        pane.press(key)
        time.sleep(0.3)


def work_exercise(pane: Pane, exercise: Any, times: dict[str, list[float]]) -> None:
    """Open the highlighted exercise, enter a few blanks (wrong, then right), go home."""
    sheet = exercise.instance(0)
    title = sheet.title[:20]
    sent = pane.press("Enter")
    seconds, _ = pane.wait_for(lambda s: "❯" in s and title in s, sent)
    times["open"].append(seconds)
    for blank in sheet.blanks[: min(BLANKS, len(sheet.blanks) - 1)]:
        times["enter"].append(enter(pane, blank.label, WRONG))
        times["enter"].append(enter(pane, blank.label, blank.answer_text))
    sent = pane.press("Escape")
    seconds, _ = pane.wait_for(lambda s: "❯" not in s and "○ new" in s, sent)
    times["esc"].append(seconds)


def tutor_keys() -> dict[str, list[float]]:
    from exercises.loader import load_builtin_packs

    packs = load_builtin_packs().packs
    data_dir = tempfile.mkdtemp(prefix="tutor-bench-keys-")
    times: dict[str, list[float]] = {"open": [], "enter": [], "esc": []}
    pane = Pane(tutor_command(data_dir))
    try:
        pane.wait_for(home_seen(), pane.started)
        for number, pack in enumerate(packs):
            if number:  # the next pack, then back to its exercises (not timed)
                navigate(pane, "Left", "Down", "Right")
            for index, exercise in enumerate(pack.exercises[:PER_PACK]):
                if index:
                    navigate(pane, "Down")
                work_exercise(pane, exercise, times)
        return times
    finally:
        pane.close()


def main() -> int:
    if not have_tmux():
        print("tmux is not installed: keys not measured (apt-get install tmux)")
        return 0
    compile_bytecode(ROOT)
    start_server()
    try:
        bare = bare_keys()
        tutor = tutor_keys()
    finally:
        stop_server()
    key, esc = statistics.median(bare["key"]), statistics.median(bare["esc"])

    def line(name: str, values: list[float], base: float, budget: float, stat: str) -> bool:
        shown = p99(values) if stat == "p99" else statistics.median(values)
        print(
            f"  {name:<26} {stat} {shown * 1000:6.1f} ms  (max {max(values) * 1000:6.1f}, "
            f"n={len(values)})  {shown / base:5.2f}x bare  budget {budget * 1000:.0f} ms"
        )
        return shown < budget

    print("keys in tmux 80x24, key sent -> frame on screen:")
    print(f"  bare app, a key            median {key * 1000:6.1f} ms   (n={len(bare['key'])})")
    print(f"  bare app, Esc              median {esc * 1000:6.1f} ms   (n={len(bare['esc'])})")
    ok = line("open an exercise", tutor["open"], key, OPEN_BUDGET, "median")
    ok &= line("Enter to verdict", tutor["enter"], key, ENTER_BUDGET, "p99")
    ok &= line("Esc to home", tutor["esc"], esc, ESC_BUDGET, "median")
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
