"""Provides a benchmark: how long the engine takes to refuse each hostile entry.

The hostile texts of tests/engine/test_hostile_inputs.py (`9^9^9^9`, ten thousand
parentheses, ...) are parsed and evaluated, checked as a number entry and as a vector entry.
The tests bound their work in calls (a loaded machine cannot trip that); the seconds are
measured here. Prints the median and the worst case, each the best of three rounds.
Budget: the worst case under 0.1 s (a student's Enter answers in well under a second, and
DESIGN.md asks 20 ms at p99 for ordinary entries). Exit status 1 when over budget.

Run: .venv/bin/python tests/bench/bench_hostile.py
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "engine")]

from test_hostile_inputs import HOSTILE  # noqa: E402

from engine.answers import ArrayFormat, NumberFormat  # noqa: E402
from engine.checking import Expectation, check  # noqa: E402
from engine.errors import MathError  # noqa: E402
from engine.expr import evaluate, parse  # noqa: E402

WORST_BUDGET = 0.1
ROUNDS = 3


def _evaluate(text: str) -> None:
    with contextlib.suppress(MathError):
        evaluate(parse(text, ("x",)), {"x": 1.0})


def actions() -> list[tuple[str, Callable[[], object]]]:
    number, vector = Expectation(2.5, NumberFormat()), Expectation((1.0, 2.0), ArrayFormat((2,)))
    found: list[tuple[str, Callable[[], object]]] = []
    for text, _, _ in HOSTILE:
        name = repr(text[:24])
        found.append((f"parse {name}", lambda t=text: _evaluate(t)))
        found.append((f"number {name}", lambda t=text: check(t, number, {}, {})))
        found.append((f"vector {name}", lambda t=text: check(f"[{t}, 1]", vector, {}, {})))
    return found


def best_time(action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    timed = sorted((best_time(action), name) for name, action in actions())
    median = statistics.median(t for t, _ in timed)
    worst, worst_name = timed[-1]
    print(
        f"{len(timed)} hostile checks: median {median * 1e3:.2f} ms, worst {worst * 1e3:.1f} ms"
        f" ({worst_name}); budget {WORST_BUDGET * 1e3:.0f} ms"
    )
    return 0 if worst <= WORST_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
