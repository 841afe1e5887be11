"""Provides a benchmark: the wall time of `tutor validate` on every built-in pack, in a subprocess.

The baseline is `python -c pass` with the same interpreter in the same run, so the ratio says
how much the command costs beyond starting Python. Budget (DESIGN.md): under 1 s (median of
RUNS). Exit status 1 when over budget or when validate does not exit 0.

Run: .venv/bin/python tests/bench/bench_validate.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUDGET = 1.0
RUNS = 5


def tutor_command() -> list[str]:
    """The installed console script, or the module when the project is not installed."""
    script = Path(sys.executable).with_name("tutor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tutor.cli"]


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    return time.perf_counter() - start, done


def median_of(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """(median, fastest, last result) over RUNS runs, after one warm-up run."""
    _, done = timed(command)
    times = []
    for _ in range(RUNS):
        seconds, done = timed(command)
        times.append(seconds)
    return statistics.median(times), min(times), done


def main() -> int:
    baseline, baseline_best, _ = median_of([sys.executable, "-c", "pass"])
    command = [*tutor_command(), "validate"]
    median, best, done = median_of(command)
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()
    print(f"command: {' '.join(command)}  ->  exit {done.returncode}: {summary}")
    print(f"{'baseline python -c pass':<26} {baseline:7.3f} s (fastest {baseline_best:.3f} s)")
    verdict = "ok" if median < BUDGET else "OVER BUDGET"
    print(
        f"{'tutor validate':<26} {median:7.3f} s (fastest {best:.3f} s)  "
        f"{median / baseline:5.1f}x baseline  budget {BUDGET:g} s  {verdict}"
    )
    return 0 if median < BUDGET and done.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
