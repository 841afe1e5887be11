"""Provides a benchmark: checking one symbolic entry (a derivative, a matrix gradient).

Prints, for the same run and machine: the baseline (checking a numeric entry of an
autodiff worksheet), then the median and 99th percentile of checking a derivative entry
that is right, one that is a catalogued mistake, and one that is wrong in no known way (the
worst case: every mistake of the catalogue is evaluated), and the same for a matrix
gradient. Every entry is a new text, so no cached sample points are reused. Budget:
median under 5 ms for every symbolic check. Exit status 1 when over budget.

Run: .venv/bin/python tests/bench/bench_symbolic.py
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

BUDGET_MS = 5.0
RUNS = 300


def sheet(kind: str, **fields: object) -> Worksheet:
    return KINDS[kind].build(Instance(f"bench/{kind}", kind, 0, "bench", fields))


def timings(action: Callable[[int], object]) -> tuple[float, float]:
    """(median, 99th percentile) in milliseconds over RUNS calls, after a few warm-up calls."""
    for i in range(5):
        action(-1 - i)
    times = []
    for i in range(RUNS):
        start = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.99 * (len(times) - 1))]


def main() -> int:
    numeric = sheet("reverse-ad", function="(x + y)*(y + 1)", at={"x": 1, "y": 2})
    softplus = sheet("derivative", function="(1/2)*ln(1 + e^(2*x))", wrt="x")
    quadratic = sheet(
        "matrix-gradient",
        shapes={"A": [3, 3], "x": [3, 1], "z": [3, 1]},
        function="x^T(Ax + z)",
        wrt="x",
        gradient="(A + A^T)x + z",
    )
    # "+ 0·i" makes every entry a new text (new sample points) without changing its value.
    cases: list[tuple[str, Callable[[int], object]]] = [
        ("numeric entry (baseline)", lambda i: numeric.check("adjoint:f:v0", f"6 + 0*{i}", {})),
        ("derivative, right", lambda i: softplus.check("derivative", f"σ(2x) + 0*{i}", {})),
        ("derivative, catalogued mistake",
         lambda i: softplus.check("derivative", f"σ(2x)/2 + 0*{i}", {})),
        ("derivative, unknown wrong (worst)",
         lambda i: softplus.check("derivative", f"σ(x) + 0*{i}", {})),
        ("matrix gradient, right",
         lambda i: quadratic.check("gradient", f"(A + A^T)x + z + 0*{i}x", {})),
        ("matrix gradient, missing term",
         lambda i: quadratic.check("gradient", f"Ax + z + 0*{i}x", {})),
        ("matrix gradient, unknown wrong (worst)",
         lambda i: quadratic.check("gradient", f"Ax - z + 0*{i}x", {})),
    ]  # fmt: skip
    print(f"{'check':40s} {'median ms':>10s} {'p99 ms':>8s} {'x baseline':>11s}")
    baseline = 0.0
    over = False
    for name, action in cases:
        median, p99 = timings(action)
        if not baseline:
            baseline = median
        ratio = median / baseline
        symbolic = "baseline" not in name
        flag = "  OVER BUDGET" if symbolic and median >= BUDGET_MS else ""
        over = over or bool(flag)
        print(f"{name:40s} {median:10.3f} {p99:8.3f} {ratio:10.1f}x{flag}")
    print(f"budget: median under {BUDGET_MS} ms for every symbolic check: "
          f"{'MISSED' if over else 'met'}")  # fmt: skip
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
