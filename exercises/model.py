"""Provides the worksheet model every exercise kind compiles to: Blank, Worksheet, Instance.

The app and the CLI only know worksheets, so a new kind needs no new screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.answers import AnswerFormat, Reading, Tolerance
from engine.checking import Expectation, Mistake, Verdict, check, read_entry
from exercises.implied import ImpliedValues


class SpecError(Exception):
    """A field of an exercise that cannot be used; `field` names it (dotted for nested).

    `standalone`: the field's own value is wrong whatever the other fields hold (not a number,
    out of its fixed range, a missing required table). `tutor validate` reports such an error
    even when another field failed first; any other is reported only when it comes first.
    """

    def __init__(self, field_name: str, message: str, standalone: bool = False) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message
        self.standalone = standalone


class Degenerate(Exception):
    """A randomized instance that must be drawn again (ln of 0, ReLU at its kink, overflow)."""


@dataclass(frozen=True)
class Field:
    """One field a kind accepts: the TOML types it may hold, and a short description."""

    types: tuple[type, ...]
    doc: str
    required: bool = False


@dataclass(frozen=True)
class Instance:
    """An exercise with its random fields drawn: what a kind builds a worksheet from."""

    ref: str
    kind: str
    seed: int
    title: str
    fields: Mapping[str, Any]
    prompt: str | None = None
    hints: tuple[str, ...] = ()
    tolerance: Tolerance | None = None
    source: str | None = None

    def worksheet(
        self,
        prompt: str,
        blanks: Sequence[Blank],
        result: Mapping[str, Any],
        visual: Any = None,
        hidden: Sequence[Blank] = (),
    ) -> Worksheet:
        """The worksheet of this instance: what every kind's builder returns."""
        return Worksheet(
            ref=self.ref,
            kind=self.kind,
            seed=self.seed,
            title=self.title,
            prompt=prompt,
            blanks=tuple(blanks),
            result=result,
            hints=self.hints,
            visual=visual,
            source=self.source,
            hidden=tuple(hidden),
        )


@dataclass(frozen=True)
class Blank:
    """One value the student fills in, with everything needed to check it and to help."""

    id: str
    label: str
    expected: Any
    format: AnswerFormat
    depends_on: tuple[str, ...] = ()
    recompute: Callable[[Mapping[str, Any]], Any] | None = None
    mistakes: tuple[Mistake, ...] = ()
    hints: tuple[str, ...] = ()
    section: str = ""
    node: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    rounding_note: str = ""
    #: The working's lines before the result (the rule, the numbers substituted), from the
    #: implied values of `depends_on`; None: the kind's working (exercises.working) is used.
    working: Callable[[Mapping[str, Any]], Sequence[str]] | None = None

    @property
    def expectation(self) -> Expectation:
        return Expectation(
            self.expected,
            self.format,
            self.depends_on,
            self.recompute,
            self.mistakes,
            self.rounding_note,
        )

    @property
    def answer_text(self) -> str:
        return self.format.show(self.expected)

    @property
    def rule(self) -> str:
        """The acceptance rule, for the student to see ("within 0.1%")."""
        return self.format.describe()


@dataclass(frozen=True)
class Worksheet:
    """An ordered list of blanks plus what the kind shows beside them (graph, grid, plot)."""

    ref: str
    kind: str
    seed: int
    title: str
    prompt: str
    blanks: tuple[Blank, ...]
    result: Mapping[str, Any]
    hints: tuple[str, ...] = ()
    visual: Any = None
    source: str | None = None
    #: Blanks not asked (`ask`): never shown or graded, but there for follow-through and diagnosis.
    hidden: tuple[Blank, ...] = ()
    _index: dict[str, Blank] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update({b.id: b for b in (*self.hidden, *self.blanks)})

    def blank(self, blank_id: str) -> Blank:
        return self._index[blank_id]

    def has_blank(self, blank_id: str) -> bool:
        return blank_id in self._index

    def key(self) -> dict[str, Any]:
        return {b.id: b.expected for b in self.blanks}

    def hint_ladder(self, blank_id: str) -> tuple[str, ...]:
        """The pack's hints, then the blank's own rungs, then the value (flagged as revealed)."""
        blank = self.blank(blank_id)
        return (*self.hints, *blank.hints, f"The answer is {blank.answer_text} (revealed).")

    def read(self, blank_id: str, text: str) -> Reading | None:
        reading = read_entry(text, self.blank(blank_id).format)
        return reading if isinstance(reading, Reading) else None

    def check(
        self, blank_id: str, text: str, entries: Mapping[str, str], implied: Any = None
    ) -> Verdict:
        """Check one entry, following through from the student's implied values upstream.

        `implied` may carry an ImpliedValues for the same entries, shared across checks.
        """
        blank = self.blank(blank_id)
        if implied is None:
            implied = ImpliedValues(self.blank, self.has_blank, entries)
        up = implied.upstream(blank)
        return check(text, blank.expectation, up.key, up.implied, up.off, up.labels, up.untrusted)

    def grade(self, entries: Mapping[str, str]) -> list[tuple[Blank, str, Verdict]]:
        """Every blank with the student's entry (possibly empty) and its verdict."""
        implied = ImpliedValues(self.blank, self.has_blank, entries)
        return [
            (b, entries.get(b.id, ""), self.check(b.id, entries.get(b.id, ""), entries, implied))
            for b in self.blanks
        ]


BuildFunction = Callable[[Instance], Worksheet]


@dataclass(frozen=True)
class Kind:
    """An exercise kind: its fields (for validation) and the function that builds worksheets."""

    name: str
    fields: Mapping[str, Field]
    build: BuildFunction
    one_of: tuple[tuple[str, ...], ...] = ()
