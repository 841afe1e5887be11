"""Provides "practise next": the exercise, on fresh numbers, that works the weakest skills.

A review that is due comes first. Otherwise each exercise is scored by the weakest skill it
exercises that is not mastered, weighted up by the misses and the mistakes met in it: a skill
the student got wrong twice outranks one never tried. Among equals, an exercise with random
numbers is preferred (fresh numbers are the point), then the one with the fewest other skills:
practice aims at the weak skill, and a newcomer starts with the simplest sheet.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from exercises.skills import skill_name
from tutor.learning.bkt import DEFAULT, MASTERED
from tutor.learning.model import SkillState
from tutor.learning.review import Review

TIMES = {1: "once", 2: "twice"}


@dataclass(frozen=True)
class Candidate:
    """An exercise the chooser may pick: its ref, whether its numbers are drawn, its skills."""

    ref: str
    randomized: bool
    skills: frozenset[str]
    title: str = ""


@dataclass(frozen=True)
class Suggestion:
    """What to practise next, on which numbers, and why, in words."""

    ref: str
    seed: int
    skill: str
    reason: str
    title: str = ""


#: An untried skill weighs this much of its (1 - prior): practise what went wrong first.
NEW_SKILL_WEIGHT = 0.5


def weakness(skill: str, states: Mapping[str, SkillState]) -> float:
    """How much a skill needs practice: 0 when mastered; more for every miss and more again
    for every mistake met in it; an untried skill weighs less than one that went wrong."""
    state = states.get(skill)
    if state is None:
        return (1.0 - DEFAULT.prior) * NEW_SKILL_WEIGHT
    if state.mastery >= MASTERED:
        return 0.0
    misses = state.attempts - state.right
    return (1.0 - state.mastery) * (1 + misses + sum(state.mistakes.values()))


def practise_next(
    candidates: Sequence[Candidate],
    states: Mapping[str, SkillState],
    due: Sequence[Review] = (),
    rng: random.Random | None = None,
) -> Suggestion | None:
    """The next exercise and a fresh seed, or None when every skill here is mastered."""
    draw = rng or random.SystemRandom()
    for review in due:
        reason = f"review: {skill_name(review.skill)} (mastered, due again)"
        suggestion = practise_skill(candidates, review.skill, reason, draw)
        if suggestion is not None:
            return suggestion
    if not states:  # nothing tried yet: the curriculum's first sheet, on new numbers
        first = next((c for c in candidates if c.randomized), candidates[0] if candidates else None)
        if first is None:
            return None
        start = min(first.skills)
        reason = "start here: the first sheet of the first pack"
        return Suggestion(first.ref, draw.randrange(1, 2**31), start, reason, first.title)
    best: tuple[tuple[float, bool, int, str], Candidate, str] | None = None
    for candidate in candidates:
        scores = {skill: weakness(skill, states) for skill in candidate.skills}
        skill = max(sorted(scores), key=lambda s: scores[s], default="")
        if not skill or scores[skill] == 0.0:
            continue
        key = (scores[skill], candidate.randomized, -len(candidate.skills), candidate.ref)
        if best is None or key > best[0]:
            best = (key, candidate, skill)
    if best is None:
        return None
    _, candidate, skill = best
    seed = draw.randrange(1, 2**31)
    return Suggestion(candidate.ref, seed, skill, _why(skill, states), candidate.title)


def practise_skill(
    candidates: Sequence[Candidate], skill: str, reason: str, rng: random.Random | None = None
) -> Suggestion | None:
    """An exercise that works `skill`, on fresh numbers: random numbers and few other skills
    first, so the practice is about that skill."""
    fitting = [c for c in candidates if skill in c.skills]
    if not fitting:
        return None
    candidate = min(fitting, key=lambda c: (not c.randomized, len(c.skills), c.ref))
    seed = (rng or random.SystemRandom()).randrange(1, 2**31)
    return Suggestion(candidate.ref, seed, skill, reason, candidate.title)


def _why(skill: str, states: Mapping[str, SkillState]) -> str:
    state = states.get(skill)
    name = skill_name(skill)
    if state is None:
        return f"new to you: {name}"
    missed = sum(state.mistakes.values())
    if missed:
        return f"you missed {name} {TIMES.get(missed, f'{missed} times')}"
    return f"{name}: {state.right} of {state.attempts} first tries right"
