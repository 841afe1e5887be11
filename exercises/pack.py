"""Provides the pack model: Pack and Exercise (which computes instances), and pack errors."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.answers import Tolerance
from engine.errors import MathError
from exercises.degeneracy import trivial_sections
from exercises.kinds import KINDS
from exercises.model import Degenerate, Instance, SpecError, Worksheet
from exercises.randomize import RandomSpecError, draw, generator, substitute
from exercises.wording import as_written, listed

MAX_ATTEMPTS = 50


class PackError(Exception):
    """A problem in a pack, formatted `file:line: exercise 'id': field 'f': message`."""

    def __init__(
        self,
        file: str,
        line: int | None,
        message: str,
        exercise: str | None = None,
        field: str | None = None,
        standalone: bool = False,
    ) -> None:
        self.file, self.line, self.exercise, self.field = file, line, exercise, field
        self.message = message
        self.standalone = standalone  # as in SpecError: wrong whatever the other fields hold
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.exercise is not None:
            parts.append(f"exercise {self.exercise!r}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return ": ".join(parts) + f": {self.message}"


def top_field(field: str | None) -> str:
    """The top-level field of a dotted one: `at` for `at.x`, `hints` for `hints[1]`."""
    return (field or "").split(".")[0].split("[")[0]


class RefError(Exception):
    """A REF that names no exercise; the message suggests what exists."""


def did_you_mean(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


@dataclass(frozen=True)
class Exercise:
    """One exercise of a pack, checked for shape; `instance(seed)` computes its worksheet."""

    ref: str
    pack: str
    id: str
    kind: str
    title: str
    fields: Mapping[str, Any]
    file: str
    lines: Mapping[str, int]
    prompt: str | None = None
    hints: tuple[str, ...] = ()
    tolerance: Tolerance | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()
    random: Mapping[str, Any] = field(default_factory=dict)

    @property
    def randomized(self) -> bool:
        return bool(self.random)

    @property
    def listed_title(self) -> str:
        """The title for lists, before any number is drawn: `σ({a}x + {b})` reads `σ(ax + b)`."""
        return listed(self.title)

    def error(self, field_name: str | None, message: str, standalone: bool = False) -> PackError:
        return PackError(
            self.file, self.line_of(field_name), message, self.id, field_name, standalone
        )

    def line_of(self, field_name: str | None) -> int | None:
        """The line of a field, or of the nearest enclosing one (`questions[1].answer`)."""
        name = field_name or ""
        while name:
            if name in self.lines:
                return self.lines[name]
            cut = max(name.rfind("."), name.rfind("["))
            name = name[:cut] if cut > 0 else ""
        return self.lines.get("")

    def instance(self, seed: int = 0, patch: Mapping[str, Any] | None = None) -> Worksheet:
        """The worksheet for a seed; degenerate draws are redrawn deterministically.

        `patch` replaces fields after the draw (`REMOVED` drops one): validation uses it to
        look past a field that failed for the errors of the others.
        """
        last = ""
        for attempt in range(MAX_ATTEMPTS if self.random else 1):
            try:
                rng = generator(f"{self.pack}/{self.id}", seed, attempt)
                drawn = draw(self.random, rng) if self.random else {}
                fields = substitute(dict(self.fields), drawn) if drawn else self.fields
                title = (
                    substitute(as_written(self.title, drawn), drawn, "title")
                    if drawn
                    else self.title
                )
                prompt = (
                    substitute(as_written(self.prompt, drawn), drawn, "prompt")
                    if drawn and self.prompt
                    else self.prompt
                )
                if patch:
                    fields = {k: v for k, v in {**fields, **patch}.items() if v is not REMOVED}
                check_types(self, fields)
                worksheet = KINDS[self.kind].build(
                    Instance(
                        ref=self.ref,
                        kind=self.kind,
                        seed=seed,
                        title=title,
                        fields=fields,
                        prompt=prompt,
                        hints=self.hints,
                        tolerance=self.tolerance,
                        source=self.source,
                    )
                )
                trivial = trivial_sections(worksheet) if self.random else ()
                if trivial:
                    raise Degenerate(trivial[0])
                return worksheet
            except RandomSpecError as error:
                raise self.error(error.field, str(error)) from None
            except SpecError as error:
                raise self.error(error.field, error.message, error.standalone) from None
            except (Degenerate, MathError) as error:  # a MathError a kind let through: the same
                last = str(error)
            except (ArithmeticError, ValueError, TypeError, LookupError, RecursionError) as error:
                # A check a kind lacks: the pack is reported, the others and the app go on.
                raise self.error(
                    None,
                    f"this exercise cannot be built ({type(error).__name__}: {error}); "
                    "check its fields against docs/packs.md",
                ) from None
        if self.random:
            raise self.error(
                "random",
                f"no usable instance in {MAX_ATTEMPTS} draws (the last: {last}); widen the ranges",
            )
        raise self.error(None, f"the numbers cannot be used: {last}")


@dataclass(frozen=True)
class Draft:
    """An exercise the loader refused, built without the fields in error (`changed`), so that
    `tutor validate` can still report the errors of its other fields."""

    exercise: Exercise
    changed: frozenset[str]


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    exercises: tuple[Exercise, ...]
    file: str
    description: str = ""
    builtin: bool = False
    bkt: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    """Per-skill knowledge-tracing parameters the pack sets (skill -> {prior, learn, ...})."""
    drafts: tuple[Draft, ...] = ()
    """Exercises refused at load, kept for `tutor validate` only."""

    def exercise(self, exercise_id: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        known = [e.id for e in self.exercises]
        raise RefError(
            f"pack {self.id!r} has no exercise {exercise_id!r}{did_you_mean(exercise_id, known)}"
        )


@dataclass(frozen=True)
class LoadResult:
    packs: tuple[Pack, ...]
    errors: tuple[PackError, ...]


def check_types(exercise: Exercise, fields: Mapping[str, Any]) -> None:
    """Raises the first field whose TOML type the kind does not take."""
    for problem in type_problems(exercise.kind, fields, exercise.error):
        raise problem


class _Removed:
    def __repr__(self) -> str:
        return "REMOVED"


#: In `Exercise.instance(patch=...)`: the field is left out.
REMOVED: Any = _Removed()


def type_problems(
    kind_name: str, fields: Mapping[str, Any], error: Callable[[str, str], PackError]
) -> list[PackError]:
    """Every field whose TOML type the kind does not take."""
    kind = KINDS[kind_name]
    found = []
    for key, value in fields.items():
        spec = kind.fields.get(key)
        if spec is None:
            continue
        ok = isinstance(value, spec.types) and not (
            isinstance(value, bool) and bool not in spec.types
        )
        if not ok:
            names = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in spec.types)
            shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
            problem = error(key, f"expected {names} ({spec.doc}), got {shown}")
            problem.standalone = True
            found.append(problem)
    return found


_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    list: "a list",
    dict: "a table",
    bool: "true/false",
}
