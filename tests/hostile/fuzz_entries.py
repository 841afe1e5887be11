"""Provides a seeded fuzzer of entries: random text checked against every built-in blank.

Every blank of every built-in exercise (seed 0, and seed 1 of a randomized one) is a target,
so every answer format is covered: numbers, integers, vectors and matrices, shapes, yes/no,
expressions of a derivative, matrix expressions of a gradient, and the formats of the other
kinds. Each case checks one random entry on one random blank, with the other blanks holding
the key, random entries or nothing (so follow-through and the fault search run on hostile
values too). A crash is any exception; the CPU time of each check is measured (CPU, not wall
time: on a shared machine a wall clock measures the neighbours).

`python tests/hostile/fuzz_entries.py [CASES] [SEED]` prints the figures (`make fuzz`: 10^5).
"""

from __future__ import annotations

import random
import string
import sys
import time
import traceback
from dataclasses import dataclass
from functools import cache

from exercises.loader import load_builtin_packs
from exercises.model import Blank, Worksheet
from exercises.validation import exact_entry

ATOMS = (
    *"0123456789",
    "0.5", "-1", "1e-3", "7.802e24", "1e308", "1e-320", "9" * 39, ".", "e", "pi", "π",
    "x", "y", "w", "g", "A", "X", "λ", "lambda", "β", "σ", "w_t", "v-1", "v0",
)  # fmt: skip
FUNCTIONS = ("exp", "log", "ln", "sqrt", "sin", "cos", "tan", "tanh", "sigmoid", "σ", "relu",
             "softplus", "abs", "max", "min", "det", "tr")  # fmt: skip
OPERATORS = (" + ", " - ", "*", "/", "^", "**", "·", "×", "−", " @ ", "", " ", ",", ";")
SUFFIXES = ("^T", "ᵀ", "^-1", "⁻¹", "²", "'", "!")
HOSTILE = (
    "9^9^9^9", "exp(exp(exp(1000)))", "(" * 500 + "1" + ")" * 500, "-" * 300 + "1",
    "1" * 3000, "[" * 200 + "1" + "]" * 200, "(-1)^0.5", "0/0", "1/0", "0^-1", "log(0)",
    "\x1b]0;pwned\x07", "\x9b2J", "\u202e1", "\ud800", "\x00", "nan", "inf", "-inf", "NaN",
    "[[1, 2], [3]]", "[1 2; 3]", "[]", "[[]]", "3 x 1", "3x1", "yes", "no", "true", "(3, 1)",
    "‖g‖²", "||g||^2", "g(g^T g λ)", "g(-(g^T g))", "x^T(Ax + z)", "σ(x)(1 - σ(x))",
)  # fmt: skip


@dataclass(frozen=True)
class Target:
    worksheet: Worksheet
    blank: Blank
    key: str  # the key as a student could type it


@cache
def targets() -> tuple[Target, ...]:
    found = []
    for pack in load_builtin_packs().packs:
        for exercise in pack.exercises:
            for seed in (0, 1) if exercise.randomized else (0,):
                sheet = exercise.instance(seed)
                found += [Target(sheet, b, exact_entry(b)) for b in sheet.blanks]
    return tuple(found)


def random_expression(rng: random.Random, depth: int = 0) -> str:
    roll = rng.random()
    if depth > 4 or roll < 0.3:
        return rng.choice(ATOMS)
    if roll < 0.5:
        return f"{rng.choice(FUNCTIONS)}({random_expression(rng, depth + 1)})"
    if roll < 0.6:
        return f"({random_expression(rng, depth + 1)}){rng.choice(SUFFIXES)}"
    if roll < 0.7:
        items = [random_expression(rng, depth + 2) for _ in range(rng.randint(0, 4))]
        return "[" + rng.choice((", ", " ", "; ")).join(items) + "]"
    left, right = random_expression(rng, depth + 1), random_expression(rng, depth + 1)
    return f"{left}{rng.choice(OPERATORS)}{right}"


def mutate(text: str, rng: random.Random) -> str:
    """The key with a few characters inserted, deleted or replaced."""
    chars = list(text)
    alphabet = string.printable + "ᵀ⁻¹²·×−‖λσπβ√∂≤≥–—\u00a0\u200b\ufeff"
    for _ in range(rng.randint(1, 4)):
        position = rng.randint(0, len(chars))
        action = rng.random()
        if action < 0.4:
            chars.insert(position, rng.choice(alphabet))
        elif chars and action < 0.7:
            del chars[min(position, len(chars) - 1)]
        elif chars:
            chars[min(position, len(chars) - 1)] = rng.choice(alphabet)
    return "".join(chars)


def random_entry(target: Target, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.35:
        return mutate(target.key, rng)
    if roll < 0.7:
        return random_expression(rng)
    if roll < 0.85:
        return rng.choice(HOSTILE)
    if roll < 0.95:  # the key combined with something
        return f"{target.key}{rng.choice(OPERATORS)}{random_expression(rng)}"
    return "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(1, 30)))


def other_entries(target: Target, rng: random.Random) -> dict[str, str]:
    """What the student wrote elsewhere: the key, a random entry or nothing, blank by blank."""
    entries = {}
    for blank in target.worksheet.blanks:
        roll = rng.random()
        if roll < 0.4:
            entries[blank.id] = exact_entry(blank)
        elif roll < 0.6:
            entries[blank.id] = random_entry(
                Target(target.worksheet, blank, exact_entry(blank)), rng
            )
    return entries


@dataclass(frozen=True)
class Report:
    cases: int
    crashes: list[str]
    worst_seconds: float
    worst_case: str
    p99_seconds: float


def fuzz(cases: int, seed: int = 0) -> Report:
    rng = random.Random(seed)
    by_format: dict[str, list[Target]] = {}
    for target in targets():  # each format as often as any other, whatever its blank count
        by_format.setdefault(type(target.blank.format).__name__, []).append(target)
    formats = sorted(by_format)
    crashes: list[str] = []
    times: list[float] = []
    worst = (0.0, "")
    for _ in range(cases):
        target = rng.choice(by_format[rng.choice(formats)])
        entry = random_entry(target, rng)
        entries = other_entries(target, rng)
        entries[target.blank.id] = entry
        start = time.process_time()
        try:
            target.worksheet.check(target.blank.id, entry, entries)
        except Exception as error:  # the point: any exception is a crash
            last = traceback.format_exception_only(type(error), error)[-1].strip()
            crashes.append(f"{target.worksheet.ref} {target.blank.id} {entry!r}: {last}")
        elapsed = time.process_time() - start
        times.append(elapsed)
        if elapsed > worst[0]:
            worst = (elapsed, f"{target.worksheet.ref} {target.blank.id} {entry[:60]!r}")
    times.sort()
    p99 = times[int(0.99 * (len(times) - 1))] if times else 0.0
    return Report(cases, crashes, worst[0], worst[1], p99)


def formats_covered() -> set[str]:
    return {type(t.blank.format).__name__ for t in targets()}


def main(argv: list[str]) -> int:
    cases = int(argv[0]) if argv else 100_000
    seed = int(argv[1]) if len(argv) > 1 else 0
    start = time.perf_counter()
    report = fuzz(cases, seed)
    for crash in report.crashes[:20]:
        print("CRASH", crash)
    print(
        f"{report.cases} entries over {len(targets())} blanks "
        f"({', '.join(sorted(formats_covered()))}), seed {seed}: "
        f"{len(report.crashes)} crash(es); CPU per entry p99 {report.p99_seconds * 1e3:.1f} ms, "
        f"worst {report.worst_seconds * 1e3:.1f} ms ({report.worst_case}); "
        f"{time.perf_counter() - start:.0f} s in all"
    )
    return 1 if report.crashes else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
