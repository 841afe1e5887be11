"""Provides the learner model: mastery per skill, replayed from the attempt log in time order.

Each blank counts once per instance, at its first try: a right (or consistent) first try
without a hint is evidence for every skill of the blank; a wrong first try is evidence
against the skill its diagnosed mistake names (the blank's own first skill when none is named);
a hint before the first try, or a reveal without a try, counts as a miss of the blank's own
skill. Mastered skills then come back for review (see `review`).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from exercises.skills import mistake_skill
from tutor.learning.bkt import DEFAULT, MASTERED, BKTParams, update

RIGHT = frozenset({"correct", "consistent"})


@dataclass(frozen=True)
class Tried:
    """A checked entry of the log (the store's attempt row)."""

    ref: str
    seed: int
    blank_id: str
    status: str
    mistakes: tuple[str, ...]
    hint_rung: int
    at: float


@dataclass(frozen=True)
class Revealed:
    """A blank whose answer was shown (by the last hint rung or the worked solution)."""

    ref: str
    seed: int
    blank_id: str
    at: float


Event = Tried | Revealed
SkillsOf = Callable[[str, int], Mapping[str, tuple[str, ...]]]
"""(ref, seed) -> {blank id: its skills}; empty for an instance that no longer builds."""


@dataclass(frozen=True)
class Observation:
    """One piece of evidence about one skill."""

    skill: str
    right: bool
    at: float
    ref: str
    seed: int = 0
    mistake: str | None = None
    how: str = "tried"
    """"tried" (a first try), "hint" (a hint came first) or "reveal" (the answer was shown)."""


@dataclass
class SkillState:
    """What is known of one skill: mastery, tries, mistakes met, and mastery after each try."""

    mastery: float
    attempts: int = 0
    right: int = 0
    mistakes: Counter[str] = field(default_factory=Counter)
    history: list[tuple[float, float]] = field(default_factory=list)
    """(unix time, mastery after that try)."""

    @property
    def mastered(self) -> bool:
        return self.mastery >= MASTERED


def observations(events: Iterable[Event], skills_of: SkillsOf) -> list[Observation]:
    """The evidence in a log: one judgement per blank and instance, at its first try."""
    seen: set[tuple[str, int, str]] = set()
    found: list[Observation] = []
    for event in sorted(events, key=lambda e: e.at):
        key = (event.ref, event.seed, event.blank_id)
        if key in seen:
            continue
        skills = skills_of(event.ref, event.seed).get(event.blank_id, ())
        if not skills:
            continue
        seen.add(key)
        found.extend(_judge(event, skills))
    return found


def _judge(event: Event, skills: tuple[str, ...]) -> list[Observation]:
    def against(
        skill: str | None, mistake: str | None = None, how: str = "tried"
    ) -> list[Observation]:
        return (
            [Observation(skill, False, event.at, event.ref, event.seed, mistake, how)]
            if skill
            else []
        )

    if isinstance(event, Revealed):
        return against(skills[0], how="reveal")
    if event.hint_rung > 0:
        return against(skills[0], how="hint")
    if event.status in RIGHT:
        return [Observation(skill, True, event.at, event.ref, event.seed) for skill in skills]
    if event.status != "incorrect":
        return []  # an unreadable entry says nothing about the skill
    mistake = event.mistakes[0] if event.mistakes else None
    return against(mistake_skill(mistake, skills), mistake)


def mastery(
    found: Iterable[Observation], params: Mapping[str, BKTParams] | None = None
) -> dict[str, SkillState]:
    """Every skill met, traced through its observations in order."""
    states: dict[str, SkillState] = {}
    overrides = params or {}
    for seen in found:
        skill_params = overrides.get(seen.skill, DEFAULT)
        state = states.setdefault(seen.skill, SkillState(skill_params.prior))
        state.mastery = update(state.mastery, seen.right, skill_params)
        state.attempts += 1
        state.right += seen.right
        if seen.mistake:
            state.mistakes[seen.mistake] += 1
        state.history.append((seen.at, state.mastery))
    return states


def moved(before: Mapping[str, SkillState], after: Mapping[str, SkillState]) -> dict[str, float]:
    """How much each skill's mastery changed (for an exercise's summary)."""
    changes = {}
    for skill, state in after.items():
        old = before[skill].mastery if skill in before else DEFAULT.prior
        if abs(state.mastery - old) > 1e-9:
            changes[skill] = state.mastery - old
    return changes


def mistakes_met(found: Iterable[Observation]) -> Counter[tuple[str, str]]:
    """(mistake id, ref where last met) -> how often: the mistakes met most often."""
    counts: Counter[str] = Counter()
    where: dict[str, str] = {}
    for seen in found:
        if seen.mistake:
            counts[seen.mistake] += 1
            where[seen.mistake] = seen.ref
    return Counter({(mistake, where[mistake]): n for mistake, n in counts.items()})


#: A gap between two entries counts at most this long as work (a student who walked away).
IDLE_CAP_SECONDS = 300.0


def minutes_by_day(events: Iterable[Event]) -> dict[str, float]:
    """Minutes of work per UTC day (YYYY-MM-DD): the gaps between consecutive entries of a
    day, each at most IDLE_CAP_SECONDS."""
    days: defaultdict[str, float] = defaultdict(float)
    last: dict[str, float] = {}
    for event in sorted(events, key=lambda e: e.at):
        day = utc_day(event.at)
        if day in last:
            days[day] += min(event.at - last[day], IDLE_CAP_SECONDS) / 60
        else:
            days[day] += 0.0
        last[day] = event.at
    return dict(days)


def utc_day(at: float) -> str:
    return datetime.datetime.fromtimestamp(at, datetime.timezone.utc).date().isoformat()
