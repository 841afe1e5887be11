"""Provides indexed answers: formulas in entries such as s_i, W_ij and δ_ij, checked by instances.

∂s_i/∂x_j = s_i(δ_ij - s_j) is typed with index names: a vector entry `s_i`, a matrix entry
`W_ij`, the Kronecker delta `δ_ij` (or `delta_ij`). Two formulas are equal when they agree for
every value of the indices in 1..n, for n = 1, 2, 3, with the vectors and matrices drawn at
random: what "for general n" means for a formula without sums.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.answers import Reading, Tolerance
from engine.closed_forms import substitute
from engine.equivalence import HUGE, SYMBOLIC_TOLERANCE, Formula, SamplePoints
from engine.expr import Builder, Expr, parse

SIZES = (1, 2, 3)
DRAWS = 2
DELTAS = ("δ", "delta")


@dataclass(frozen=True)
class IndexedFormat:
    """A formula in indexed entries of declared vectors and matrices, and plain scalars."""

    indices: tuple[str, ...]
    vectors: tuple[str, ...] = ()
    matrices: tuple[str, ...] = ()
    scalars: tuple[str, ...] = ()
    context: str = ""
    tolerance: Tolerance = SYMBOLIC_TOLERANCE

    def names(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Every name the student may type: name -> (object, its indices)."""
        found: dict[str, tuple[str, tuple[str, ...]]] = {s: (s, ()) for s in self.scalars}
        for vector in self.vectors:
            for index in self.indices:
                found[f"{vector}_{index}"] = (vector, (index,))
        pairs = list(itertools.product(self.indices, repeat=2))
        for matrix in (*self.matrices, *DELTAS):
            for a, b in pairs:
                found[f"{matrix}_{a}{b}"] = (matrix, (a, b))
        return found

    def read(self, text: str) -> Reading:
        formula = Formula.of(parse(text, list(self.names())))
        return Reading(formula, formula.text)

    def points(self) -> SamplePoints:
        """Every assignment of the indices for each n, with random vectors and matrices."""
        material = f"{self.context}\x1findexed".encode()
        rng = np.random.default_rng(
            int.from_bytes(hashlib.blake2b(material, digest_size=8).digest())
        )
        columns: dict[str, list[float]] = {name: [] for name in self.names()}
        for size in SIZES:
            for _ in range(DRAWS):
                values: dict[str, Any] = {v: rng.uniform(-2, 2, size) for v in self.vectors}
                values.update({m: rng.uniform(-2, 2, (size, size)) for m in self.matrices})
                values.update({d: np.eye(size) for d in DELTAS})
                scalars = {s: float(rng.uniform(-2, 2)) for s in self.scalars}
                for assignment in itertools.product(range(size), repeat=len(self.indices)):
                    at = dict(zip(self.indices, assignment, strict=True))
                    for name, (obj, idx) in self.names().items():
                        if not idx:
                            columns[name].append(scalars[obj])
                        else:
                            columns[name].append(float(values[obj][tuple(at[i] for i in idx)]))
        env = {name: np.asarray(column, dtype=np.float64) for name, column in columns.items()}
        size = len(next(iter(env.values()))) if env else 0
        return SamplePoints(f"indexed\x1f{self.context}\x1f{sorted(self.names())}", env, size)

    def agrees(self, entry: Any, expected: Any) -> bool:
        if not isinstance(entry, Formula) or not isinstance(expected, Formula):
            return False
        points = self.points()
        mine, key = entry.values(points), expected.values(points)
        with np.errstate(all="ignore"):
            usable = np.isfinite(key) & (np.abs(key) < HUGE)
        if not usable.any() or not np.all(np.isfinite(mine[usable])):
            return False
        a, b = mine[usable], key[usable]
        scale = 1.0 + float(np.max(np.abs(b)))
        allowed = np.maximum(self.tolerance.rel * np.abs(b), self.tolerance.abs * scale)
        return bool(np.all(np.abs(a - b) <= allowed))

    def describe(self) -> str:
        return (
            "any equal formula in the indexed entries (checked for every i, j up to n = 3, "
            f"{self.tolerance.describe()})"
        )

    def show(self, value: Any) -> str:
        return value.text if isinstance(value, Formula) else str(value)

    def to_json(self, value: Any) -> Any:
        return self.show(value)

    def swapped(self, formula: Formula, first: str, second: str) -> Formula:
        """The formula with two indices exchanged (s_i(δ_ij - s_j) -> s_j(δ_ji - s_i))."""
        names = self.names()
        swap = {first: second, second: first}
        b = Builder()
        renamed: dict[str, Expr] = {}
        for name, (obj, idx) in names.items():
            new_idx = "".join(swap.get(i, i) for i in idx)
            renamed[name] = b.input(f"{obj}_{new_idx}" if idx else obj)
        return Formula.of(substitute(formula.expr, renamed, b))
