"""Provides spaced review of mastered skills, scheduled by FSRS (the `fsrs` package).

A skill enters review the moment its mastery first reaches the BKT threshold. From then on,
every exercise instance (an exercise on given numbers) that exercises it is one review, rated
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
    """The review card of every skill that was once mastered, replayed from the evidence."""
    from fsrs import Card, Rating, Scheduler

    scheduler = Scheduler(enable_fuzzing=False)
    ordered = sorted(found, key=lambda o: o.at)
    mastery_at = _mastered_at(states)
    cards: dict[str, Card] = {}
    counts: dict[str, int] = {}
    sessions: dict[tuple[str, str, int], list[Observation]] = {}
    for seen in ordered:
        start = mastery_at.get(seen.skill)
        if start is None or seen.at <= start:
            continue
        sessions.setdefault((seen.skill, seen.ref, seen.seed), []).append(seen)
    for skill, start in mastery_at.items():
        cards[skill] = Card(card_id=len(cards) + 1, due=_utc(start))
        counts[skill] = 0
    for (skill, _ref, _seed), evidence in sorted(sessions.items(), key=lambda item: item[1][0].at):
        when = _utc(evidence[-1].at)
        cards[skill], _ = scheduler.review_card(cards[skill], Rating(rating_of(evidence)), when)
        counts[skill] += 1
    first = {skill: _utc(at) for skill, at in mastery_at.items()}
    return {
        skill: Review(
            skill, card.due if counts[skill] else first[skill] + _FIRST_GAP, counts[skill]
        )
        for skill, card in cards.items()
    }


#: A skill just mastered comes back after this long for its first review.
_FIRST_GAP = datetime.timedelta(days=1)


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


def _utc(at: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(at, UTC)
