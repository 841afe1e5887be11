"""Provides the reading of answers files: one student's `{"BLANK_ID": entry}` as JSON.

An entry is text as the student typed it, a number, or a JSON list for a vector or a matrix
(`[1.5, -2]`, `[[1, 2], [3, 4]]`), written back in the math syntax. `graph` may hold a list of
lines (the student's own decomposition). Every problem is an `AnswersError` naming the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MAX_ANSWERS_BYTES = 10_000_000
#: Keys whose value is a list of lines rather than one entry.
LINE_LIST_KEYS = frozenset({"graph"})


class AnswersError(Exception):
    """An answers file that cannot be used; the message names the file and the fix."""


def read_answers(path: Path) -> dict[str, str]:
    """The entries of one answers file, each as the text the checker reads."""
    try:
        if path.stat().st_size > MAX_ANSWERS_BYTES:
            raise AnswersError(f"{path} is too large for an answers file (at most 10 MB)")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise AnswersError(f"cannot read the answers file {path}: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AnswersError(f"{path} is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise AnswersError(f'{path} must hold a JSON object: {{"BLANK_ID": "entry", ...}}')
    return {str(key): _entry_text(path, str(key), value) for key, value in data.items()}


def _entry_text(path: Path, key: str, value: Any) -> str:
    if key in LINE_LIST_KEYS and isinstance(value, list):
        if not all(isinstance(line, str) for line in value):
            raise AnswersError(f"{path}: every line of {key!r} must be text")
        return "\n".join(value)
    if isinstance(value, str):
        return value
    written = _math_text(value)
    if written is None:
        raise AnswersError(
            f"{path}: the entry for {key!r} must be text, a number, or a list of numbers "
            "(a vector) or of lists of numbers (a matrix)"
        )
    return written


def _math_text(value: Any) -> str | None:
    """A JSON number or (nested) list of numbers in the math syntax, or None if it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list) and value:
        parts = [_math_text(item) for item in value]
        if any(part is None for part in parts):
            return None
        nested = [isinstance(item, list) for item in value]
        if any(nested) and not all(nested):
            return None
        return "[" + ", ".join(part for part in parts if part is not None) + "]"
    return None


def submissions_in(directory: Path) -> dict[str, Path]:
    """The answers files of a class: every `*.json` in the directory, by student (the stem)."""
    if not directory.is_dir():
        raise AnswersError(f"{directory} is not a directory")
    found = {p.stem: p for p in sorted(directory.glob("*.json")) if p.is_file()}
    if not found:
        raise AnswersError(f"{directory} holds no answers files (*.json)")
    return found
