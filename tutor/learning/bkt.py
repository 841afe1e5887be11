"""Provides Bayesian knowledge tracing: the probability that a skill is mastered, per try.

The four standard parameters (Corbett & Anderson, 1995): P(L0) the prior, P(T) the chance to
learn at each opportunity, P(S) a slip by someone who knows, P(G) a guess by someone who does
not. The defaults are the usual starting values of the literature, kept inside the bounds that
avoid degenerate models (guess below 0.3, slip below 0.1; Baker, Corbett & Aleven, 2008):
a numeric answer is hard to guess, so G is low. A skill counts as mastered at 0.95, Corbett and
Anderson's criterion. A pack may override them per skill.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class BKTParams:
    """The four parameters of one skill."""

    prior: float = 0.1
    learn: float = 0.1
    slip: float = 0.08
    guess: float = 0.1

    def __post_init__(self) -> None:
        for name in ("prior", "learn", "slip", "guess"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"BKT {name} must be a probability, not {value}")


DEFAULT = BKTParams()
#: Mastery at or above this probability counts as mastered.
MASTERED = 0.95


def update(known: float, correct: bool, params: BKTParams = DEFAULT) -> float:
    """P(mastered) after one observed try: Bayes on the observation, then the chance to learn."""
    if correct:
        evidence = known * (1 - params.slip)
        posterior = evidence / (evidence + (1 - known) * params.guess)
    else:
        evidence = known * params.slip
        posterior = evidence / (evidence + (1 - known) * (1 - params.guess))
    return posterior + (1 - posterior) * params.learn


def pack_params(overrides: Iterable[Mapping[str, Mapping[str, float]]]) -> dict[str, BKTParams]:
    """The parameters packs set per skill (their `bkt` tables), over the defaults; a later pack
    wins where two set the same skill."""
    params: dict[str, BKTParams] = {}
    for table in overrides:
        for skill, values in table.items():
            params[skill] = replace(params.get(skill, DEFAULT), **values)
    return params
