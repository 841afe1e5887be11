"""Provides the reading of answers files: one student's `{"BLANK_ID": entry}` as JSON.

An entry is text as the student typed it, a number, or a JSON list for a vector or a matrix
(`[1.5, -2]`, `[[1, 2], [3, 4]]`), written back in the math syntax. `graph` may hold a list of
lines (the student's own decomposition). Every problem is an `AnswersError` naming the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from exercises.loader import read_text_file

MAX_ANSWERS_BYTES = 10_000_000
#: More entries than the largest worksheet has blanks (a 128x128 grid) many times over.
MAX_ANSWERS_ENTRIES = 100_000
_SURROGATES = ("\ud800", "\udfff")
#: Keys whose value is a list of lines rather than one entry.
LINE_LIST_KEYS = frozenset({"graph"})


class AnswersError(Exception):
    """An answers file that cannot be used; the message names the file and the fix."""


def read_answers(path: Path) -> dict[str, str]:
    """The entries of one answers file, each as the text the checker reads."""
    try:
        text = read_text_file(path, MAX_ANSWERS_BYTES, "an answers file")
    except OSError as error:
        raise AnswersError(f"cannot read the answers file {path}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise AnswersError(f"{path} is not JSON: {error}") from None
    except ValueError as error:  # too large, not a regular file (a FIFO, a device), not UTF-8
        raise AnswersError(f"cannot use the answers file {path}: {error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise AnswersError(f"{path} is not JSON: {error}") from None
    except ValueError:  # past Python's limit on the digits of an int (4300)
        raise AnswersError(f"{path} holds a number with thousands of digits") from None
    except RecursionError:
        raise AnswersError(f"{path} is nested too deeply (a matrix is a list of lists)") from None
    if not isinstance(data, dict):
        raise AnswersError(f'{path} must hold a JSON object: {{"BLANK_ID": "entry", ...}}')
    if len(data) > MAX_ANSWERS_ENTRIES:
        raise AnswersError(
            f"{path} holds {len(data):,} entries; no exercise has more than "
            f"{MAX_ANSWERS_ENTRIES:,} blanks"
        )
    answers = {str(key): _entry_text(path, str(key), value) for key, value in data.items()}
    for key, entry in answers.items():
        if any(_SURROGATES[0] <= c <= _SURROGATES[1] for c in key + entry):
            raise AnswersError(
                f"{path}: the entry for {key!a} holds a lone surrogate (a broken \\u escape)"
            )
    return answers


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
