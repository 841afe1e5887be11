"""Provides equivalence of expressions by evaluation at random points, and the expression format.

Two formulas are equal when they agree, within a relative tolerance, at several points
drawn from a domain where both are defined, the way WeBWorK compares formulas. Points
that make either side undefined or huge are skipped and more are drawn. The points are
a pure function of (exercise, seed, entry), so a verdict never changes between runs.
No sympy here: one check costs a few numpy evaluations.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from engine.answers import Reading, Tolerance
from engine.arrays import Array, evaluate_array
from engine.expr import Expr, parse
from engine.printing import to_text
from engine.tokens import greek_spellings

#: Symbolic keys are exact, so the default tolerance is tighter than for typed numbers.
SYMBOLIC_TOLERANCE = Tolerance(rel=1e-6, abs=1e-10)
#: Where no domain is given, every variable is drawn from this interval (WeBWorK's default).
DEFAULT_INTERVAL = (-2.0, 2.0)
#: A value larger than this is "huge": the point is skipped, as an undefined one is.
HUGE = 1e12
POINTS_NEEDED = 6
BATCH_SIZE = 12
MAX_BATCHES = 4


@dataclass(frozen=True)
class SamplePoints:
    """Values for every variable at a batch of points; `key` identifies the batch for caching."""

    key: str
    env: Mapping[str, Array]
    size: int


def evaluate_at(expr: Expr, points: SamplePoints) -> Array:
    """The values of an expression at every sample point (nan or inf where undefined)."""
    return evaluate_array(expr, points.env)


@dataclass(frozen=True, eq=False)
class Formula:
    """An expression as an answer value: the DAG, its printed text, and cached sample values.

    `scaled(c)` is the same formula times a constant, evaluated from the original's cache,
    so a catalogue of constant-factor mistakes costs one evaluation, not one each.
    """

    expr: Expr
    text: str
    factor: float = 1.0
    base: Formula | None = None
    _cache: dict[str, Array] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, expr: Expr) -> Formula:
        return cls(expr, to_text(expr))

    def values(self, points: SamplePoints) -> Array:
        if self.base is not None:
            return self.factor * self.base.values(points)
        found = self._cache.get(points.key)
        if found is None:
            if len(self._cache) > 64:
                self._cache.clear()
            found = self._cache[points.key] = evaluate_at(self.expr, points)
        return found

    def scaled(self, factor: float, text: str) -> Formula:
        root = self.base or self
        return Formula(root.expr, text, factor * self.factor, root)


def _seed(*parts: str) -> int:
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


_POINTS_CACHE: dict[tuple[str, ...], SamplePoints] = {}


def sample_points(
    context: str,
    text: str,
    batch: int,
    variables: Collection[str],
    domain: Mapping[str, tuple[float, float]] | None = None,
) -> SamplePoints:
    """A batch of points, a pure function of (context, entry text, batch number)."""
    names = tuple(sorted(variables))
    bounds = tuple((domain or {}).get(n, DEFAULT_INTERVAL) for n in names)
    cache_key = (context, text, str(batch), repr(names), repr(bounds))
    found = _POINTS_CACHE.get(cache_key)
    if found is not None:
        return found
    rng = np.random.default_rng(_seed(*cache_key))
    env = {n: rng.uniform(lo, hi, BATCH_SIZE) for n, (lo, hi) in zip(names, bounds, strict=True)}
    points = SamplePoints(str(_seed("points", *cache_key)), env, BATCH_SIZE)
    if len(_POINTS_CACHE) > 512:
        _POINTS_CACHE.clear()
    _POINTS_CACHE[cache_key] = points
    return points


def _usable(values: Array) -> npt.NDArray[np.bool_]:
    with np.errstate(all="ignore"):
        return np.isfinite(values) & (np.abs(values) < HUGE)


def formulas_agree(
    entry: Formula,
    expected: Formula,
    variables: Collection[str],
    context: str = "",
    domain: Mapping[str, tuple[float, float]] | None = None,
    tolerance: Tolerance = SYMBOLIC_TOLERANCE,
) -> bool:
    """True when the two formulas agree at POINTS_NEEDED points where both are defined.

    An entry undefined at a third or more of the points where the key is defined does not
    agree, even if it matches where it is defined (sqrt(x)^2 for the key x on [-2, 2]).
    """
    compared = key_only = 0
    for batch in range(MAX_BATCHES):
        points = sample_points(context, entry.text, batch, variables, domain)
        mine, key = entry.values(points), expected.values(points)
        mine_ok, key_ok = _usable(mine), _usable(key)
        both = mine_ok & key_ok
        a, b = mine[both], key[both]
        scale = 1.0 + float(np.max(np.abs(b))) if b.size else 1.0
        allowed = np.maximum(
            tolerance.rel * np.maximum(np.abs(a), np.abs(b)), tolerance.abs * scale
        )
        if np.any(np.abs(a - b) > allowed):
            return False
        compared += int(both.sum())
        key_only += int((key_ok & ~mine_ok).sum())
        if compared >= POINTS_NEEDED:
            break
    return compared >= POINTS_NEEDED and 2 * key_only <= compared


def equivalent(
    first: Expr, second: Expr, variables: Collection[str] | None = None, context: str = ""
) -> bool:
    """Whether two expressions are equal as functions (by evaluation at random points)."""
    names = variables if variables is not None else {*first.variables(), *second.variables()}
    return formulas_agree(Formula.of(first), Formula.of(second), names, context)


@dataclass(frozen=True)
class ExpressionFormat:
    """An expression in the exercise's variables, accepted when equivalent to the key.

    `context` (the exercise ref and seed) seeds the sample points; `domain` maps a
    variable to the interval its points are drawn from.
    """

    variables: tuple[str, ...]
    context: str = ""
    domain: tuple[tuple[str, tuple[float, float]], ...] = ()
    tolerance: Tolerance = SYMBOLIC_TOLERANCE

    def read(self, text: str) -> Reading:
        expr = parse(text, self.variables)
        formula = Formula.of(expr)
        return Reading(formula, formula.text)

    def agrees(self, entry: Any, expected: Any) -> bool:
        if not isinstance(entry, Formula) or not isinstance(expected, Formula):
            return False
        return formulas_agree(
            entry, expected, self.variables, self.context, dict(self.domain), self.tolerance
        )

    def describe(self) -> str:
        names = ", ".join(self.variables)
        greek = greek_spellings(self.variables)
        typing = f"; type {greek}" if greek else ""
        return f"an expression in {names} equal to the key at random points{typing}"

    def show(self, value: Any) -> str:
        return value.text if isinstance(value, Formula) else str(value)

    def to_json(self, value: Any) -> Any:
        return self.show(value)
