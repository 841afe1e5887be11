"""Provides the corpus's case record and the number formatting a student would use.

Every wrong value in the corpus is computed here, in the builder's own plain Python (math,
numpy), from the described mistake: never by calling the engine's mistake code.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: The kinds the corpus must cover (the softmax Jacobian is an autodiff exercise of its own).
KINDS = (
    "forward-ad",
    "reverse-ad",
    "numeric-diff",
    "gradient-descent",
    "convolution",
    "pooling",
    "network-size",
    "derivative",
    "matrix-gradient",
    "softmax-jacobian",
)

VERDICTS = ("correct", "consistent", "incorrect", "invalid", "blank")

PACKS = "tests/diagnosis/packs"


@dataclass(frozen=True)
class Case:
    """One student slip: the sheet as the student left it, the entry under test, what to expect.

    `ids` are the acceptable mistake ids (any one named counts); `all_of` are ids that must all
    be named, where several catalogued mistakes give the same entry and the tutor should say so
    (issue 9: "ambiguity is reported, not hidden"). A case whose expected verdict is not
    `incorrect` is measured on its verdict, and for `consistent`, on `blamed` where given: the
    earlier blanks that are off, which the message must name (and no others).
    """

    id: str
    kind: str
    ref: str
    blank: str
    typed: str
    did: str
    verdict: str = "incorrect"
    ids: tuple[str, ...] = ()
    entries: Mapping[str, str] = field(default_factory=dict)
    seed: int = 0
    source: str = ""
    tags: tuple[str, ...] = ()
    all_of: tuple[str, ...] = ()
    blamed: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "ref": self.ref,
            "seed": self.seed,
            "blank": self.blank,
            "typed": self.typed,
            "did": self.did,
            "verdict": self.verdict,
            "ids": list(self.ids),
            "entries": dict(self.entries),
        }
        if self.source:
            data["source"] = self.source
        if self.tags:
            data["tags"] = list(self.tags)
        if self.all_of:
            data["all_of"] = list(self.all_of)
        if self.blamed:
            data["blamed"] = list(self.blamed)
        return data


def sig(x: float, figures: int = 4) -> str:
    """x written to `figures` significant figures, as a student copies it from a calculator."""
    if x == 0:
        return "0"
    if not math.isfinite(x):
        raise ValueError(f"not a finite number: {x}")
    text = f"{x:.{figures}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}e{int(exponent)}"
    return text


def exact(x: float) -> str:
    """x to 6 significant figures: what a careful student keeps."""
    return sig(x, 6)


def vec(values: Iterable[float], figures: int = 4) -> str:
    return "[" + ", ".join(sig(float(v), figures) for v in values) + "]"


def shape(values: Sequence[int]) -> str:
    return "[" + ", ".join(str(int(v)) for v in values) + "]"


def matrix(rows: Iterable[Iterable[float]], figures: int = 4) -> str:
    return "[" + ", ".join(vec(r, figures) for r in rows) + "]"


def swap_digits(text: str) -> str:
    """The first two adjacent different digits after the leading one swapped (a copying slip)."""
    chars = list(text)
    digits = [i for i, c in enumerate(chars) if c.isdigit()]
    for a, b in itertools.pairwise(digits):
        if b == a + 1 and chars[a] != chars[b]:
            chars[a], chars[b] = chars[b], chars[a]
            return "".join(chars)
    raise ValueError(f"no adjacent digits to swap in {text}")


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class Collector:
    """Collects the cases of one kind, numbering their ids."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.cases: list[Case] = []

    def add(
        self,
        name: str,
        ref: str,
        blank: str,
        typed: str,
        did: str,
        ids: Sequence[str] = (),
        entries: Mapping[str, str] | None = None,
        verdict: str = "incorrect",
        seed: int = 0,
        source: str = "",
        tags: Sequence[str] = (),
        kind: str | None = None,
        all_of: Sequence[str] = (),
        blamed: Sequence[str] = (),
    ) -> None:
        self.cases.append(
            Case(
                id=f"{kind or self.kind}/{name}",
                kind=kind or self.kind,
                ref=ref,
                blank=blank,
                typed=typed,
                did=did,
                verdict=verdict,
                ids=tuple(ids),
                entries={k: v for k, v in (entries or {}).items() if k != blank},
                seed=seed,
                source=source,
                tags=tuple(tags),
                all_of=tuple(all_of),
                blamed=tuple(blamed),
            )
        )
