"""Provides the student's implied computation on a worksheet (DIAGNOSIS.md §1).

Every blank has an implied value for one set of entries: the student's readable entry; else
its `recompute` applied to the implied values of its dependencies, transitively; the key only
where nothing upstream was entered. Follow-through compares an entry with the value
recomputed from these, and blames the entered blanks that are off, however far upstream.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.answers import Reading
from engine.checking import judge, read_entry
from engine.errors import MathError

if TYPE_CHECKING:
    from exercises.model import Blank


@dataclass(frozen=True)
class Implied:
    """One blank's implied value and what stands behind it.

    `source` is "entry" (a readable entry), "computed" (recomputed from entries upstream) or
    "key" (nothing upstream entered). `status` is the entry's status without diagnosis
    (correct, consistent, incorrect), "" otherwise. `off` are the entered blanks that are off
    and feed this value; `trusted` is False when an incorrect entry feeds it.
    """

    value: Any
    source: str
    status: str = ""
    off: tuple[str, ...] = ()
    trusted: bool = True


@dataclass(frozen=True)
class Upstream:
    """What checking one blank needs of its dependencies: the key, implied values, blame."""

    key: dict[str, Any]
    implied: dict[str, Any]
    off: tuple[str, ...]
    untrusted: tuple[str, ...]
    labels: dict[str, str]


class ImpliedValues:
    """The implied value of every blank for one set of entries, computed on demand, memoized."""

    def __init__(self, blank: Callable[[str], Blank], has: Callable[[str], bool],
                 entries: Mapping[str, str]) -> None:  # fmt: skip
        self._blank, self._has, self._entries = blank, has, entries
        self._memo: dict[str, Implied] = {}

    def upstream(self, blank: Blank) -> Upstream:
        """The dependencies of a blank as checking sees them."""
        deps = [d for d in blank.depends_on if self._has(d)]
        infos = {d: self.of(d) for d in deps}
        off = tuple(dict.fromkeys(b for info in infos.values() for b in info.off))
        return Upstream(
            key={d: self._blank(d).expected for d in deps},
            implied={d: info.value for d, info in infos.items()},
            off=off,
            untrusted=tuple(d for d, info in infos.items() if not info.trusted),
            labels={b: self._blank(b).label for b in (*deps, *off)},
        )

    def of(self, blank_id: str) -> Implied:
        """The implied value of one blank (iteratively, so that long chains do not recurse)."""
        stack = [blank_id]
        while stack:
            current = stack[-1]
            if current in self._memo:
                stack.pop()
                continue
            blank = self._blank(current)
            reading = self._reading(blank)
            if reading is not None and blank.format.agrees(reading.value, blank.expected):
                self._memo[current] = Implied(reading.value, "entry", "correct")
                stack.pop()
                continue
            missing = [d for d in blank.depends_on if self._has(d) and d not in self._memo]
            if missing:
                stack.extend(missing)
                continue
            self._memo[current] = self._implied(blank, reading)
            stack.pop()
        return self._memo[blank_id]

    def _reading(self, blank: Blank) -> Reading | None:
        reading = read_entry(self._entries.get(blank.id, ""), blank.format)
        return reading if isinstance(reading, Reading) else None

    def _implied(self, blank: Blank, reading: Reading | None) -> Implied:
        up = self.upstream(blank)
        if reading is not None:
            verdict = judge(reading, blank.expectation, up.key, up.implied, up.off, up.labels,
                            up.untrusted)  # fmt: skip
            status = verdict.status if verdict is not None else "incorrect"
            off = () if status == "correct" else (blank.id,)
            return Implied(reading.value, "entry", status, off, status != "incorrect")
        infos = [self._memo[d] for d in blank.depends_on if self._has(d)]
        if blank.recompute is None or all(info.source == "key" for info in infos):
            return Implied(blank.expected, "key")
        try:
            value = blank.recompute(up.implied)
        except (MathError, ArithmeticError, ValueError, KeyError, TypeError, IndexError):
            return Implied(blank.expected, "key")
        if value is None:
            return Implied(blank.expected, "key")
        return Implied(value, "computed", "", up.off, all(info.trusted for info in infos))
