"""Provides a benchmark: grading a 32x32 convolution output worksheet (1,024 cells).

Prints, for the same run and machine: the baseline (reading 1,024 numbers with float()),
building the worksheet, and grading every entry right and every entry wrong (the worst case:
each wrong entry is compared with every known mistake). Budget: grading under 1 s, opening
under 0.5 s. Exit status 1 when over budget.

Run: .venv/bin/python tests/bench/bench_conv_grade.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from exercises.kinds import KINDS
from exercises.model import Instance, Worksheet

SIDE = 32
GRADE_BUDGET = 1.0
OPEN_BUDGET = 0.5
REPEATS = 5


def build() -> Worksheet:
    """A 3-channel 32x32 input, two 3x3 filters with biases, padding 1: 2,048 cells, 1,024 asked."""
    fields = {
        "input": {"shape": [3, SIDE, SIDE], "int": [-3, 3]},
        "kernel": {"shape": [2, 3, 3, 3], "int": [-2, 2]},
        "bias": [1, -1],
        "padding": 1,
        "ask": SIDE * SIDE,
    }
    return KINDS["convolution"].build(Instance("bench/conv32", "convolution", 0, "bench", fields))


def best_of(action: Callable[[], object]) -> tuple[float, float]:
    """(median, fastest) wall time of REPEATS runs, in seconds."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> int:
    sheet = build()
    cells = [b for b in sheet.blanks if b.id.startswith("output:")]
    assert len(cells) == SIDE * SIDE, len(cells)
    right = {b.id: b.answer_text for b in cells}
    wrong = {b.id: str(float(b.expected) + 1000.5) for b in cells}
    texts = list(right.values())

    baseline, _ = best_of(lambda: [float(t) for t in texts])
    opening, _ = best_of(build)
    graded_right, _ = best_of(lambda: sheet.grade(right))
    graded_wrong, _ = best_of(lambda: sheet.grade(wrong))
    assert all(v.status == "correct" for b, _, v in sheet.grade(right) if b.id in right)
    assert all(v.status == "incorrect" for b, _, v in sheet.grade(wrong) if b.id in wrong)

    per_entry = []
    for blank in cells[:200]:
        start = time.perf_counter()
        sheet.check(blank.id, wrong[blank.id], wrong)
        per_entry.append(time.perf_counter() - start)
    per_entry.sort()

    def line(name: str, seconds: float) -> str:
        return f"{name:<44} {seconds * 1000:9.2f} ms  ({seconds / baseline:8.0f}x baseline)"

    print(f"32x32 convolution worksheet: {len(sheet.blanks)} blanks, median of {REPEATS} runs")
    print(line("baseline: float() on 1,024 numbers", baseline))
    print(line("open: build the worksheet", opening))
    print(line("grade 1,024 right entries", graded_right))
    print(line("grade 1,024 wrong entries (every mistake)", graded_wrong))
    print(f"{'one wrong entry: median / p99':<44} {per_entry[len(per_entry) // 2] * 1000:9.3f} ms"
          f" / {per_entry[int(len(per_entry) * 0.99)] * 1000:.3f} ms")  # fmt: skip
    over = max(graded_right, graded_wrong) > GRADE_BUDGET or opening > OPEN_BUDGET
    print(
        "over budget"
        if over
        else f"within budget (grade < {GRADE_BUDGET} s, open < {OPEN_BUDGET} s)"
    )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
