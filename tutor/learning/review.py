"""Provides spaced review of mastered skills, scheduled by FSRS (the `fsrs` package).

A skill enters review the moment its mastery first reaches the BKT threshold (a Good review).
On each later UTC day, the first exercise instance that exercises it is one review, rated
from the first tries of its blanks for that skill: any wrong first try or reveal is Again, a
hint before a right first try is Hard, right first tries only are Good. Fuzzing is off, so the
schedule is a pure function of the log. All times are UTC.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tutor.learning.bkt import MASTERED
from tutor.learning.model import Observation, SkillState

UTC = datetime.timezone.utc


@dataclass(frozen=True)
class Review:
    """A mastered skill's place in the review schedule."""

    skill: str
    due: datetime.datetime
    reviews: int

    def is_due(self, now: datetime.datetime) -> bool:
        return self.due <= now


def rating_of(seen: Iterable[Observation]) -> int:
    """The FSRS rating (1 Again, 2 Hard, 3 Good) of one instance's evidence about one skill."""
    hows = [(o.right, o.how) for o in seen]
    if any(not right and how != "hint" for right, how in hows):
        return 1
    if any(how == "hint" for _, how in hows):
        return 2
    return 3


def schedule(found: Iterable[Observation], states: Mapping[str, SkillState]) -> dict[str, Review]:
    """The review card of every skill that was once mastered, replayed from the evidence.

    Reaching mastery is the card's first review (Good). After it, the instances of later UTC
    days are its reviews; more practice on a day already reviewed is not spaced review and
    does not move the schedule. No learning steps: a skill is only scheduled once mastered.
    """
    from fsrs import Card, Rating, Scheduler

    scheduler = Scheduler(enable_fuzzing=False, learning_steps=(), relearning_steps=())
    mastery_at = _mastered_at(states)
    sessions: dict[tuple[str, str, int], list[Observation]] = {}
    for seen in sorted(found, key=lambda o: o.at):
        start = mastery_at.get(seen.skill)
        if start is not None and _day(seen.at) > _day(start):
            sessions.setdefault((seen.skill, seen.ref, seen.seed), []).append(seen)
    cards: dict[str, Card] = {}
    reviewed: dict[str, list[datetime.date]] = {}
    for number, (skill, start) in enumerate(sorted(mastery_at.items()), start=1):
        cards[skill], _ = scheduler.review_card(Card(card_id=number), Rating.Good, _utc(start))
        reviewed[skill] = [_day(start)]
    for (skill, _ref, _seed), evidence in sorted(sessions.items(), key=lambda item: item[1][0].at):
        day = _day(evidence[0].at)
        if day in reviewed[skill]:
            continue
        when = _utc(evidence[-1].at)
        cards[skill], _ = scheduler.review_card(cards[skill], Rating(rating_of(evidence)), when)
        reviewed[skill].append(day)
    return {
        skill: Review(skill, card.due, len(reviewed[skill]) - 1) for skill, card in cards.items()
    }


def due(reviews: Mapping[str, Review], now: datetime.datetime) -> list[Review]:
    """The reviews due at `now`, the most overdue first."""
    return sorted((r for r in reviews.values() if r.is_due(now)), key=lambda r: r.due)


def _mastered_at(states: Mapping[str, SkillState]) -> dict[str, float]:
    """When each skill's mastery first reached the threshold."""
    found = {}
    for skill, state in states.items():
        for at, value in state.history:
            if value >= MASTERED:
                found[skill] = at
                break
    return found


def _day(at: float) -> datetime.date:
    return _utc(at).date()


def _utc(at: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(at, UTC)
