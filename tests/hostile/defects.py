"""Provides single-defect packs: each built-in exercise with one field made hostile.

`single_defect_packs()` yields (name, TOML text) pairs: a pack holding one built-in exercise
in which one field (or one value inside a table field) is replaced by a hostile value
(inf, nan, text for a number, a list for a name, a tiny or huge number, a control
character, deep nesting, ...), plus whole-file defects (`[exercise]`, `[[exercises]]`).
`run_pack(text)` puts a pack through everything a student or instructor can do with it
(load, instance over two seeds, solve and render the key, grade the key, a wrong and an
empty entry, validate) and says whether it crashed: any exception that is not a PackError.

Run as a script for the figures: `python tests/hostile/defects.py [--limit N]`.
"""

from __future__ import annotations

import io
import json
import math
import sys
import time
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from exercises.loader import load_pack_text
from exercises.pack import PackError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEEP = 400  # levels of nesting: past the 332 that broke the loader
#: The values a field is replaced by, one at a time.
HOSTILE_VALUES: tuple[Any, ...] = (
    math.inf,
    -math.inf,
    math.nan,
    "two",
    [1],
    "[/]",
    1e-310,
    1e300,
    -1,
    0,
    True,
    {},
    "\x1b]0;pwned\x07",
    10**6,
    [100000, 100000],
)


def toml_value(value: Any) -> str:
    """One TOML value, inline (tables as inline tables)."""
    if isinstance(value, Nested):
        return "[" * value.depth + "1" + "]" * value.depth
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
        )
    raise TypeError(value)


def pack_text(pack_id: str, exercise: Mapping[str, Any], table: str = "[[exercise]]") -> str:
    lines = ["[pack]", f'id = "{pack_id}"', 'title = "Hostile"', "", table]
    lines += [f"{json.dumps(k)} = {toml_value(v)}" for k, v in exercise.items()]
    return "\n".join(lines) + "\n"


def builtin_exercises() -> list[tuple[str, dict[str, Any]]]:
    folder = resources.files("exercises").joinpath("packs")
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            found += [(f"{data['pack']['id']}/{e['id']}", e) for e in data["exercise"]]
    return found


@dataclass(frozen=True)
class Nested:
    """A list nested `depth` levels deep, written out directly (no recursion to build it)."""

    depth: int


def _mutations(exercise: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    from exercises.kinds import KINDS
    from exercises.loader import COMMON_FIELDS

    kind = KINDS.get(exercise.get("kind", ""))
    optional = sorted((set(kind.fields) if kind else set()) | COMMON_FIELDS)
    for key in optional:  # a field the exercise leaves out, given a hostile value
        if key not in exercise and key != "id":
            for value in HOSTILE_VALUES:
                yield f"+{key}={_short(value)}", {**exercise, key: value}
    for key, old in exercise.items():
        if isinstance(old, dict):  # a table whose first name is hostile
            for name in ("[/]", "\x1b[2J", "1", ""):
                renamed = {(name if i == 0 else k): v for i, (k, v) in enumerate(old.items())}
                yield f"{key}.{json.dumps(name)}", {**exercise, key: renamed}
        if key == "id":
            continue
        targets: list[tuple[str, Any]] = [(key, None)]
        if isinstance(old, dict):
            targets += [(f"{key}.{k}", k) for k in old]
        for where, inner in targets:
            for value in (*HOSTILE_VALUES, Nested(DEEP)):
                changed = dict(exercise)
                if inner is None:
                    changed[key] = value
                else:
                    changed[key] = {**old, inner: value}
                yield f"{where}={_short(value)}", changed
    for name, rule in (exercise.get("random") or {}).items():
        for extra in ({"not": 5}, {"digits": math.inf}, {"digits": "two"}, {"not": [rule]}):
            changed = dict(exercise)
            changed["random"] = {**exercise["random"], name: {**rule, **extra}}
            yield f"random.{name}+{next(iter(extra))}={_short(next(iter(extra.values())))}", changed


def _short(value: Any) -> str:
    text = toml_value(value)
    return text if len(text) < 24 else text[:20] + "..."


def single_defect_packs(limit: int | None = None) -> Iterator[tuple[str, str]]:
    """(name, pack text) for every single defect of every built-in exercise."""
    count = 0
    for ref, exercise in builtin_exercises():
        for table in ("[exercise]", "[[exercises]]"):
            yield f"{ref} {table}", pack_text("hostile", exercise, table)
        for name, changed in _mutations(exercise):
            yield f"{ref} {name}", pack_text("hostile", changed)
            count += 1
            if limit is not None and count >= limit:
                return


@dataclass(frozen=True)
class Outcome:
    crash: str | None  # the exception's type and message, None when every step ended well
    seconds: float
    errors: int  # pack errors reported


def run_pack(text: str, file: str = "hostile.toml") -> Outcome:
    """Load, instance, solve, render, grade and validate one pack; a crash is any non-PackError."""
    from rich.console import Console

    from exercises.validation import check_instance, exact_entry
    from tutor.commands import solve_json
    from tutor.render import solve_renderable

    start = time.perf_counter()
    errors = 0
    try:
        pack, found = load_pack_text(text, file)
        errors += len(found)
        for exercise in pack.exercises if pack else ():
            for seed in (0, 1):
                try:
                    worksheet = exercise.instance(seed)
                except PackError:
                    errors += 1
                    break
                json.dumps(solve_json(worksheet), allow_nan=False)
                Console(file=io.StringIO(), width=80).print(solve_renderable(worksheet))
                key = {b.id: exact_entry(b) for b in worksheet.blanks}
                worksheet.grade(key)
                worksheet.grade({b.id: "12345.678" for b in worksheet.blanks})
                worksheet.grade({})
                check_instance(worksheet)
    except PackError:
        errors += 1
    except Exception as error:  # the point: anything else is a crash
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        return Outcome(detail[:300], time.perf_counter() - start, errors)
    return Outcome(None, time.perf_counter() - start, errors)


def main(argv: list[str]) -> int:
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else None
    verbose = "-v" in argv
    total = crashes = slow = 0
    worst = (0.0, "")
    for name, text in single_defect_packs(limit):
        outcome = run_pack(text)
        total += 1
        if outcome.seconds > worst[0]:
            worst = (outcome.seconds, name)
        if outcome.seconds > 1.0:
            slow += 1
            if verbose:
                print(f"SLOW {outcome.seconds:.1f}s {name}")
        if outcome.crash:
            crashes += 1
            if verbose:
                print(f"CRASH {name}: {outcome.crash.splitlines()[-1]}")
    print(
        f"{total} single-defect packs: {crashes} crash, {slow} take over 1 s "
        f"(worst {worst[0]:.2f} s: {worst[1]})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
