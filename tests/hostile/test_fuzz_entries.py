"""Provides the fuzz test of entries in CI: a few thousand random entries over every built-in
blank, every answer format; none may crash the checker (`make fuzz` runs 10^5).
"""

from __future__ import annotations

from fuzz_entries import formats_covered, fuzz

CASES = 3000


def test_every_answer_format_is_fuzzed() -> None:
    covered = formats_covered()
    assert {"NumberFormat", "MatrixFormat", "ShapeFormat", "ExpressionFormat"} <= covered
    assert any("Closed" in name for name in covered)  # matrix-gradient and expression entries


def test_random_entries_never_crash_the_checker() -> None:
    report = fuzz(CASES, seed=0)
    print(f"fuzz: {report.cases} entries, worst {report.worst_seconds * 1e3:.1f} ms")
    assert report.crashes == []
