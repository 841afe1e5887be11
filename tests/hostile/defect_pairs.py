"""Provides packs with two defects in one exercise, to check `tutor validate`'s further errors.

Each pair puts hostile values in two fields of a built-in exercise. Validation reports the
first error the kind raises, then looks past it (`exercises.validation.build_problems`). The
rule for what it finds past the first: never an error that fixing the reported ones could make
go away. `pair_outcome` checks it against the single-defect packs: every further error must be
reported, with the same message, when its own field is the only one broken.

Run as a script for the figures: `python tests/hostile/defect_pairs.py [--pairs N] [--typed]`
(`--typed`: wrong values of each field's own TOML type, which only the kind can refuse).
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from defects import builtin_exercises, pack_text

from exercises.loader import COMMON_FIELDS, load_pack_text
from exercises.pack import PackError, top_field
from exercises.validation import build_problems

VALUES: tuple[Any, ...] = (math.inf, "two", [1], -1, 0, 1e300, True, {}, 10**6, "x +")
#: Wrong values of the right TOML type, which pass the loader's type checks: the kind finds them.
SAME_TYPE: dict[type, tuple[Any, ...]] = {
    int: (-1, 0, 10**6),
    float: (-1.0, 0.0, 1e300),
    str: ("two", "x +", "q"),
    list: ([], [0], ["q"], [[1, 2], [3]]),
    dict: ({}, {"q": "two"}, {"1": 1}),
    bool: (True, False),
}
Error = tuple[str | None, str]  # (field, message)


@dataclass(frozen=True)
class PairOutcome:
    name: str
    reported: tuple[Error, ...]  # every error of the pair past the first
    spurious: tuple[Error, ...]  # those a single-defect pack does not report
    both_alone: bool  # each defect alone is reported on its own field
    both_before: bool  # the first errors name both fields
    both_now: bool  # the first and the further errors name both fields


def defect_pairs(
    count: int, seed: int = 0, typed: bool = False
) -> Iterator[tuple[str, dict[str, Any], tuple[str, str]]]:
    """`count` (name, exercise, (field, field)) with two fields given hostile values (`typed`:
    of the type the field had)."""
    rng = random.Random(seed)
    exercises = builtin_exercises()
    for _ in range(count):
        ref, exercise = rng.choice(exercises)
        fields = sorted(k for k in exercise if k not in COMMON_FIELDS)
        if len(fields) < 2:
            continue
        first, second = rng.sample(fields, 2)
        values = (_hostile(exercise[first], rng, typed), _hostile(exercise[second], rng, typed))
        changed = {**exercise, first: values[0], second: values[1]}
        yield f"{ref} {first}={values[0]!r} {second}={values[1]!r}", changed, (first, second)


def _hostile(old: Any, rng: random.Random, typed: bool) -> Any:
    return rng.choice(SAME_TYPE.get(type(old), VALUES) if typed else VALUES)


def errors_past_the_first(exercise: Mapping[str, Any]) -> tuple[list[Error], list[Error]]:
    """(the first errors: load's and the first build error, the further ones) of seed 0."""
    pack, errors = load_pack_text(pack_text("pair", exercise), "pair.toml")
    first = [(e.field, e.message) for e in errors]
    if pack is None:
        return first, []
    jobs = [(e, frozenset[str]()) for e in pack.exercises]
    jobs += [(d.exercise, d.changed) for d in pack.drafts]
    further: list[Error] = []
    for built, changed in jobs:
        _, found = build_problems(built, 0, changed)
        try:
            built.instance(0)
        except PackError as error:  # the error a plain build raises comes first
            first.append((error.field, error.message))
        further += [(e.field, e.message) for e in found if (e.field, e.message) not in first]
    return first, further


def _all(found: tuple[list[Error], list[Error]]) -> list[Error]:
    return found[0] + found[1]


def pair_outcome(name: str, exercise: Mapping[str, Any], base: Mapping[str, Any],
                 fields: tuple[str, str]) -> PairOutcome:  # fmt: skip
    first, further = errors_past_the_first(exercise)
    alone = {own: _all(errors_past_the_first({**base, own: exercise[own]})) for own in fields}
    spurious = []
    for field, message in further:
        own = top_field(field)
        if own not in fields or (field, message) not in alone[own]:
            spurious.append((field, message))

    def names_both(errors: list[Error]) -> bool:
        return set(fields) <= {top_field(f) for f, _ in errors}

    return PairOutcome(
        name,
        tuple(further),
        tuple(spurious),
        all(own in {top_field(f) for f, _ in alone[own]} for own in fields),
        names_both(first),
        names_both(first + further),
    )


def outcomes(count: int, seed: int = 0, typed: bool = False) -> Iterator[PairOutcome]:
    bases = dict(builtin_exercises())
    for name, exercise, fields in defect_pairs(count, seed, typed):
        base = bases[name.split(" ")[0]]
        yield pair_outcome(name, exercise, base, fields)


def main(argv: list[str]) -> int:
    count = int(argv[argv.index("--pairs") + 1]) if "--pairs" in argv else 500
    total = alone = before = now = spurious = 0
    for outcome in outcomes(count, typed="--typed" in argv):
        total += 1
        spurious += bool(outcome.spurious)
        if outcome.both_alone:
            alone += 1
            before += outcome.both_before
            now += outcome.both_now
        for field, message in outcome.spurious:
            print(f"SPURIOUS {outcome.name}: {field}: {message}")
    print(
        f"{total} two-defect exercises, {spurious} with a spurious error. Of the {alone} whose "
        f"defects are each reported alone, both are reported in {now} ({before} before: "
        "the load's errors and the first of the build)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
