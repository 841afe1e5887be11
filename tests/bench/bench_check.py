"""Provides a benchmark: checking one numeric entry with Worksheet.check on the built-in worksheets.

Every number blank of every built-in exercise (seed 0) is checked with three entries: the key
(correct), a far-off number (incorrect: the worst case, compared with every known mistake)
and the key written as an expression (`(k)*1`), with the key entered for every other blank
so follow-through is computed. Prints the median and p99 per check, and the same figures
for float(text) on the same texts as a baseline from the same run.
Budget (DESIGN.md): median under 2 ms, p99 under 20 ms. Exit status 1 when over budget.

Run: .venv/bin/python tests/bench/bench_check.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine.answers import NumberFormat
from exercises.loader import load_builtin_packs
from exercises.model import Worksheet

MEDIAN_BUDGET = 0.002
P99_BUDGET = 0.020
ROUNDS = 3


def percentile(sorted_times: list[float], fraction: float) -> float:
    index = min(len(sorted_times) - 1, round(fraction * (len(sorted_times) - 1)))
    return sorted_times[index]


Case = tuple[Worksheet, str, str, str, dict[str, str]]


def cases() -> list[Case]:
    """(worksheet, blank id, entry, its number as text, other entries): three per number blank."""
    found = []
    for pack in load_builtin_packs().packs:
        for exercise in pack.exercises:
            sheet = exercise.instance(0)
            numbers = [b for b in sheet.blanks if isinstance(b.format, NumberFormat)]
            key = {b.id: repr(float(b.expected)) for b in numbers}
            for blank in numbers:
                value = float(blank.expected)
                wrong = repr(value + 1.0 + abs(value))
                for entry, number in (
                    (key[blank.id], key[blank.id]),
                    (wrong, wrong),
                    (f"({key[blank.id]})*1", key[blank.id]),
                ):
                    found.append((sheet, blank.id, entry, number, key))
    return found


def main() -> int:
    work = cases()
    check_times: list[float] = []
    float_times: list[float] = []
    for _ in range(ROUNDS):
        for sheet, blank_id, entry, number, entries in work:
            start = time.perf_counter()
            sheet.check(blank_id, entry, entries)
            check_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            float(number)
            float_times.append(time.perf_counter() - start)
    check_times.sort()
    float_times.sort()
    median, p99 = statistics.median(check_times), percentile(check_times, 0.99)
    base_median, base_p99 = statistics.median(float_times), percentile(float_times, 0.99)

    def line(name: str, seconds: float, baseline: float, budget: float | None = None) -> str:
        verdict = "" if budget is None else ("  ok" if seconds < budget else "  OVER BUDGET")
        limit = "" if budget is None else f"  (budget {budget * 1000:g} ms)"
        ratio = seconds / baseline
        return f"{name:<24} {seconds * 1e3:9.4f} ms  {ratio:9.0f}x float(){limit}{verdict}"

    sheets = len({id(case[0]) for case in work})
    print(f"{len(check_times)} checks ({len(work)} entries x {ROUNDS} rounds), {sheets} worksheets")
    print(f"{'baseline float() median':<24} {base_median * 1e3:9.4f} ms")
    print(f"{'baseline float() p99':<24} {base_p99 * 1e3:9.4f} ms")
    print(line("check median", median, base_median, MEDIAN_BUDGET))
    print(line("check p99", p99, base_p99, P99_BUDGET))
    print(line("check max", check_times[-1], base_p99))
    return 0 if median < MEDIAN_BUDGET and p99 < P99_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
