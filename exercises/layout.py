"""Provides where things are in a pack's text: the lines of fields and tables, and the
mistakes of table layout (`[exercise]` for `[[exercise]]`, `[[exercises]]`, no exercise).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from exercises.pack import PackError, did_you_mean

_HEADER = re.compile(r"^\[\[?\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?")
TABLES = ("pack", "exercise")
#: `key =`, `"key" =` or `'key' =` at the start of a line.
_KEY = re.compile(r"""^(?:([A-Za-z_][\w-]*)|"([^"\\]*)"|'([^']*)')\s*=""")


def field_lines(text: str) -> tuple[dict[str, int], list[dict[str, int]]]:
    """Line numbers of the pack's keys and of each exercise's fields (1-based)."""
    pack: dict[str, int] = {}
    exercises: list[dict[str, int]] = []
    current: dict[str, int] = pack
    prefix = ""
    counts: dict[str, int] = {}  # sub-tables of the current exercise seen so far, by name
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("[[exercise]]"):
            exercises.append({"": number})
            current, prefix, counts = exercises[-1], "", {}
        elif line.startswith("[pack]"):
            current, prefix = pack, ""
        elif line.startswith("[[exercise.") and exercises:  # [[exercise.questions]]
            sub = line[len("[[exercise.") :].split("]")[0]
            index = counts[sub] = counts.get(sub, -1) + 1
            current, prefix = exercises[-1], f"{sub}[{index}]."
            current.setdefault(sub, number)
            current.setdefault(f"{sub}[{index}]", number)
        elif line.startswith("[exercise.") and exercises:
            sub = line[len("[exercise.") :].split("]")[0]
            current, prefix = exercises[-1], sub + "."
            current.setdefault(sub, number)
        elif match := _KEY.match(line):
            current.setdefault(prefix + next(g for g in match.groups() if g is not None), number)
    return pack, exercises


def table_line(text: str, name: str) -> int | None:
    """The first line that opens table `name` (`[name]`, `[[name]]`, `[name.x]`) or sets it."""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        match = _HEADER.match(line)
        if match and match.group(1).split(".")[0].strip("\"'") == name:
            return number
        if re.match(rf"^{re.escape(name)}\s*[=.]", line):
            return number
    return None


def layout_errors(data: Mapping[str, Any], text: str, file: str) -> Iterator[PackError]:
    """Tables that are not `[pack]` and `[[exercise]]`, and a pack without exercises."""
    for key in data:
        if key not in TABLES:
            yield PackError(
                file,
                table_line(text, key),
                f"unknown table [{key}]{did_you_mean(key, TABLES)}"
                " (a pack has [pack] and one [[exercise]] per exercise)",
            )
    exercises = data.get("exercise")
    if exercises is None and set(data) <= set(TABLES):
        yield PackError(
            file,
            max(1, len(text.splitlines())),
            "the pack has no exercise: add one with [[exercise]] (two brackets)",
        )
    elif exercises is not None and not isinstance(exercises, list):
        yield PackError(
            file,
            table_line(text, "exercise"),
            "write [[exercise]] with two brackets: each exercise is one entry of a list",
            field="exercise",
        )


def deepest_line(text: str, limit: int) -> int:
    """The line where brackets or braces first nest past `limit` (strings are not skipped:
    this only places an error that the TOML reader already found)."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for character in line:
            depth += character in "[{"
            depth -= character in "]}"
            if depth > limit:
                return number
    return 1
