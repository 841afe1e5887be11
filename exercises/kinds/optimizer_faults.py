"""Provides the optimizer faults that need the objective: gradients taken at a partly updated point.

Backprop by hand invites one slip the update rules cannot see: updating the output weights
first, then back-propagating the hidden gradients through the already-updated weights. In a
GD step every gradient is taken at the same point, the iterate before the step.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engine.catalogue import message
from engine.optim import Array, Objective

#: Objectives with more parameters than this are not searched (2^n - 2 orders of update).
MAX_PARAMS = 4


@dataclass(frozen=True)
class PartialUpdate:
    """The parameters updated first (`moved`) and those whose gradient was taken after them."""

    moved: tuple[int, ...]
    late: tuple[int, ...]

    def message(self, params: Sequence[str], symbol: str, t: int) -> str:
        return message(
            "gradient-after-update",
            late=", ".join(params[i] for i in self.late),
            moved=", ".join(params[i] for i in self.moved),
            point=f"{symbol}({t})",
        )

    def gradient(self, objective: Objective, term: int | None, lr: float) -> Callable[..., Array]:
        """g' at w: the moved parameters' partials at w, the late ones after the move."""

        def wrong(w: Array, g: Array) -> Array:
            ahead = w.copy()
            for i in self.moved:
                ahead[i] = w[i] - lr * g[i]
            late = objective.gradient(ahead, term)
            found = g.copy()
            for i in self.late:
                found[i] = late[i]
            return found

        return wrong


def partial_updates(count: int) -> tuple[PartialUpdate, ...]:
    """Every split of the parameters into those updated first and the rest (none when 1 or many)."""
    if not 2 <= count <= MAX_PARAMS:
        return ()
    found = []
    for size in range(1, count):
        for moved in itertools.combinations(range(count), size):
            late = tuple(i for i in range(count) if i not in moved)
            found.append(PartialUpdate(moved, late))
    return tuple(found)
