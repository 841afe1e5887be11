"""Provides the pack loader: TOML files to Packs of Exercises; errors name file, line and field.

A broken pack is reported and the others still load. Static checks run at load; an
exercise's numbers are only computed when an instance is asked for.
"""

from __future__ import annotations

import re
import stat
import sys
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from engine.answers import Tolerance
from exercises.kinds import KINDS
from exercises.layout import deepest_line, field_lines, layout_errors
from exercises.model import Field
from exercises.pack import (
    Draft,
    Exercise,
    LoadResult,
    Pack,
    PackError,
    RefError,
    did_you_mean,
    top_field,
    type_problems,
)
from exercises.randomize import has_placeholder, rule_problems
from exercises.skills import read_bkt
from exercises.values import MAX_DEPTH
from exercises.values import problems as value_problems

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PACK_KEYS = {
    "id": "lowercase letters, digits and dashes",
    "title": "a title",
    "description": "one sentence",
    "bkt": "per-skill knowledge-tracing parameters, e.g. { merging-paths = { prior = 0.3 } }",
}
COMMON_FIELDS = {"id", "kind", "title", "prompt", "hints", "tolerance", "source", "tags", "random"}
#: Common fields that only give text: a kind's checks never read them.
_TEXTS = {"title", "prompt", "hints", "source", "tags"}
#: A pack is text a person wrote: 200 KB is hundreds of exercises (the largest built-in pack
#: is 15 KB). Larger files are refused before parsing: TOML is read at about 1 MB a second.
MAX_PACK_BYTES = 200_000
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load_pack_text(
    text: str, file: str, builtin: bool = False
) -> tuple[Pack | None, list[PackError]]:
    """Parse and check one pack; returns the pack (None if unusable) and every error found."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        line = int(match.group(1)) if match else None
        if line is None and "end of document" in str(error):  # tomli on Python 3.10
            line = max(1, len(text.splitlines()))
        return None, [PackError(file, line, f"not valid TOML: {error}")]
    except RecursionError:
        line = deepest_line(text, MAX_DEPTH + 2)
        message = f"nested too deeply (no exercise needs more than {MAX_DEPTH} levels)"
        return None, [PackError(file, line, message)]
    pack_lines, exercise_lines = field_lines(text)
    errors: list[PackError] = []
    header = data.get("pack")
    if not isinstance(header, dict):
        return None, [PackError(file, 1, "missing [pack] table: add [pack] with id and title")]
    for key, value in header.items():
        for where, message in value_problems(value, key):
            errors.append(PackError(file, pack_lines.get(key), message, field=where))
    header = {k: v for k, v in header.items() if not any(value_problems(v, k))}
    for key in header:
        if key not in PACK_KEYS:
            errors.append(
                PackError(
                    file,
                    pack_lines.get(key),
                    f"unknown key in [pack]{did_you_mean(key, PACK_KEYS)}",
                    field=key,
                )
            )
    pack_id = header.get("id")
    if not isinstance(pack_id, str) or not _ID.match(pack_id):
        errors.append(
            PackError(
                file,
                pack_lines.get("id", 1),
                'pack id must be lowercase letters, digits and dashes, e.g. id = "autodiff"',
                field="id",
            )
        )
        pack_id = Path(file).stem
    title = header.get("title")
    if not isinstance(title, str):
        errors.append(
            PackError(file, pack_lines.get("title", 1), "give the pack a title", field="title")
        )
    errors.extend(layout_errors(data, text, file))
    raw_exercises = data.get("exercise", [])
    exercises: list[Exercise] = []
    drafts: list[Draft] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_exercises if isinstance(raw_exercises, list) else []):
        lines = exercise_lines[index] if index < len(exercise_lines) else {}
        exercise, found, changed = _read_checked_exercise(raw, str(pack_id), file, lines, builtin)
        errors.extend(found)
        if exercise is not None and found:
            drafts.append(Draft(exercise, frozenset(changed)))
        if exercise is None or found:
            continue
        if exercise.id in seen:
            errors.append(exercise.error("id", f"duplicate exercise id {exercise.id!r}"))
            continue
        seen.add(exercise.id)
        exercises.append(exercise)
    overrides, bkt_problems = read_bkt(header.get("bkt", {}))
    errors.extend(PackError(file, pack_lines.get("bkt"), message, field=where)
                  for where, message in bkt_problems)  # fmt: skip
    pack = Pack(
        str(pack_id),
        str(title or pack_id),
        tuple(exercises),
        file,
        str(header.get("description", "")),
        builtin,
        overrides,
        tuple(drafts),
    )
    return pack, errors


def _read_checked_exercise(
    raw: Any, pack_id: str, file: str, lines: Mapping[str, int], builtin: bool
) -> tuple[Exercise | None, list[PackError], set[str]]:
    """One exercise, after every value in it passed `value_problems`; never raises.

    With errors, the exercise returned is a draft without the fields named in the third
    element (see `Draft`), or None when nothing can be built.
    """
    error = _error_maker(raw, file, lines)
    if not isinstance(raw, dict):
        return None, [error(None, "an exercise must be a table: [[exercise]]")], set()
    found = [
        error(where, message) for key in raw for where, message in value_problems(raw[key], key)
    ]
    bad = {top_field(e.field) for e in found}
    try:  # the static checks of the other fields still run, so every error is reported
        exercise, more, changed = _read_exercise(
            {k: v for k, v in raw.items() if k not in bad}, pack_id, file, lines, builtin
        )
    except Exception as problem:  # a check we lack must not take the other exercises down
        exercise, more, changed = (
            None,
            [error(None, f"cannot be read ({type(problem).__name__}: {problem})")],
            set(),
        )
    more = [
        e
        for e in more
        if top_field(e.field) not in bad and not any(repr(k) in e.message for k in bad)
    ]
    return exercise, found + more, changed | bad


def _error_maker(raw: Any, file: str, lines: Mapping[str, int]) -> Callable[..., PackError]:
    exercise_id = raw.get("id") if isinstance(raw, dict) else None
    where = str(exercise_id) if isinstance(exercise_id, str) else f"#{len(lines)}"

    def error(field_name: str | None, message: str) -> PackError:
        return PackError(
            file,
            lines.get(field_name or "", lines.get(top_field(field_name), lines.get(""))),
            message,
            where,
            field_name,
        )

    return error


def _read_exercise(
    raw: dict[str, Any], pack_id: str, file: str, lines: Mapping[str, int], builtin: bool
) -> tuple[Exercise | None, list[PackError], set[str]]:
    exercise_id = raw.get("id")
    error = _error_maker(raw, file, lines)
    errors: list[PackError] = []
    if not isinstance(exercise_id, str) or not _ID.match(exercise_id):
        errors.append(error("id", "exercise id must be lowercase letters, digits and dashes"))
    kind_name = raw.get("kind")
    kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        errors.append(
            error(
                "kind",
                f"unknown kind {kind_name!r}{did_you_mean(str(kind_name), KINDS)}"
                f" (kinds: {', '.join(sorted(KINDS))})",
            )
        )
        return None, errors, set()
    for key in raw:
        if key not in COMMON_FIELDS and key not in kind.fields:
            known = list(COMMON_FIELDS | set(kind.fields))
            errors.append(
                error(key, f"unknown field for kind {kind.name!r}{did_you_mean(key, known)}")
            )
    for key, spec in kind.fields.items():
        if spec.required and key not in raw:
            errors.append(error(None, f"missing field {key!r} ({spec.doc})"))
    for group in kind.one_of:
        if not any(k in raw for k in group):
            errors.append(error(None, f"give one of {', '.join(map(repr, group))}"))
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        errors.append(error("title", "give the exercise a title"))
    errors.extend(_check_common(raw, error))
    random_rules = raw.get("random", {})
    errors.extend(error(p.field, str(p)) for p in rule_problems(random_rules))
    fields = {k: v for k, v in raw.items() if k not in COMMON_FIELDS}
    concrete = {k: v for k, v in fields.items() if not has_placeholder(v)}
    errors.extend(type_problems(kind.name, concrete, error))
    changed = _draft_changes(raw, kind.fields, errors)
    if errors and (not isinstance(exercise_id, str) or "random" in changed):
        return None, errors, changed
    tolerance = raw.get("tolerance") if "tolerance" not in changed else None
    fields = {k: v for k, v in fields.items() if k in kind.fields and k not in changed}
    exercise = Exercise(
        ref=f"{pack_id}/{exercise_id}" if builtin else f"{file}#{exercise_id}",
        pack=pack_id,
        id=str(exercise_id),
        kind=kind.name,
        title=str(title) if isinstance(title, str) else str(exercise_id),
        fields=fields,
        file=file,
        lines=dict(lines),
        prompt=raw.get("prompt") if not _in_error("prompt", errors) else None,
        hints=tuple(raw.get("hints", ())) if not _in_error("hints", errors) else (),
        tolerance=Tolerance(
            rel=float(tolerance.get("rel", 0.0 if "abs" in tolerance else 1e-3)),
            abs=float(tolerance.get("abs", 1e-9)),
        )
        if tolerance
        else None,
        source=raw.get("source") if not _in_error("source", errors) else None,
        tags=tuple(raw.get("tags", ())) if not _in_error("tags", errors) else (),
        random=random_rules,
    )
    return exercise, errors, changed


def _in_error(field: str, errors: list[PackError]) -> bool:
    return any(top_field(e.field) == field for e in errors)


def _draft_changes(
    raw: Mapping[str, Any], fields: Mapping[str, Field], errors: list[PackError]
) -> set[str]:
    """What a draft of an exercise with these errors leaves out: each field in error, and every
    absent field when one is missing or misspelt (the fix may add it)."""
    changed = {top_field(e.field) or "exercise" for e in errors} - _TEXTS
    if changed & set(raw) - COMMON_FIELDS - set(fields) or any(e.field is None for e in errors):
        changed |= set(fields) - set(raw)
    return changed


def _check_common(raw: Mapping[str, Any], error: Any) -> list[PackError]:
    errors = []
    for key in ("prompt", "source"):
        if key in raw and not isinstance(raw[key], str):
            errors.append(error(key, f"{key} must be text in quotes"))
    for key in ("hints", "tags"):
        if key in raw and (
            not isinstance(raw[key], list) or not all(isinstance(h, str) for h in raw[key])
        ):
            errors.append(error(key, f'{key} must be a list of texts: {key} = ["..."]'))
    tolerance = raw.get("tolerance")
    if tolerance is not None and not _valid_tolerance(tolerance):
        errors.append(
            error(
                "tolerance",
                "tolerance = { rel = 1e-3, abs = 1e-9 } "
                "(non-negative numbers; either key may be left out)",
            )
        )
    return errors


def _valid_tolerance(tolerance: Any) -> bool:
    return (
        isinstance(tolerance, dict)
        and not set(tolerance) - {"rel", "abs"}
        and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0
            for v in tolerance.values()
        )
    )


def load_pack_file(path: str | Path) -> tuple[Pack | None, list[PackError]]:
    file = str(path)
    try:
        text = read_text_file(Path(path), MAX_PACK_BYTES, "a pack")
    except UnicodeDecodeError as error:
        return None, [PackError(file, None, f"cannot read the file: not UTF-8 text ({error})")]
    except ValueError as error:
        return None, [PackError(file, None, str(error))]
    except OSError as error:
        return None, [PackError(file, None, f"cannot read the file: {error.strerror or error}")]
    return load_pack_text(text, file)


def read_text_file(path: Path, limit: int, what: str) -> str:
    """A regular file's UTF-8 text, refused (ValueError) when it is larger than `limit` bytes
    or not a regular file: a FIFO or a device would be read forever."""
    if not stat.S_ISREG(path.stat().st_mode):
        raise ValueError(f"{path} is not a regular file (a pipe or a device cannot be {what})")
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        size = max(len(data), path.stat().st_size)
        raise ValueError(f"the file is too large for {what} ({size:,} bytes; at most {limit:,})")
    return data.decode("utf-8")  # UnicodeDecodeError (a ValueError) when it is not UTF-8


def load_builtin_packs() -> LoadResult:
    """Every pack shipped in exercises/packs, in name order."""
    packs: list[Pack] = []
    errors: list[PackError] = []
    folder = resources.files("exercises").joinpath("packs")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        pack, found = load_pack_text(
            entry.read_text(encoding="utf-8"), f"exercises/packs/{entry.name}", builtin=True
        )
        errors.extend(found)
        if pack is not None:
            packs.append(pack)
    return LoadResult(tuple(packs), tuple(errors))


def resolve_ref(ref: str, packs: Iterable[Pack] | None = None) -> Exercise:
    """`PACK/EXERCISE` for a built-in pack or `path/to/pack.toml#EXERCISE` for a file."""
    if "#" in ref:
        path, _, exercise_id = ref.rpartition("#")
        pack, errors = load_pack_file(path)
        if pack is None or (errors and not any(e.id == exercise_id for e in pack.exercises)):
            raise RefError("\n".join(map(str, errors)) or f"cannot load {path}")
        return pack.exercise(exercise_id)
    pack_id, slash, exercise_id = ref.partition("/")
    if not slash or not exercise_id:
        raise RefError(
            f"{ref!r} is not a REF: write PACK/EXERCISE (see `tutor list`) "
            "or path/to/pack.toml#EXERCISE"
        )
    available = list(packs) if packs is not None else list(load_builtin_packs().packs)
    for pack in available:
        if pack.id == pack_id:
            return pack.exercise(exercise_id)
    raise RefError(
        f"no built-in pack {pack_id!r}{did_you_mean(pack_id, [p.id for p in available])}"
        f" (packs: {', '.join(p.id for p in available)})"
    )


__all__ = [
    "Exercise",
    "LoadResult",
    "Pack",
    "PackError",
    "RefError",
    "load_builtin_packs",
    "load_pack_file",
    "load_pack_text",
    "resolve_ref",
]
