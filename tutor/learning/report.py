"""Provides the learner's report: everything the skills and progress screens and `tutor progress`
show, computed from the progress store's log and the exercises at hand.
"""

from __future__ import annotations

import datetime
import functools
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from exercises.blank_skills import blank_skills
from exercises.skills import skill_name
from tutor.learning.bkt import DEFAULT, pack_params
from tutor.learning.chooser import Candidate, Suggestion, practise_next, practise_skill
from tutor.learning.model import (
    Event,
    Observation,
    Revealed,
    SkillState,
    Tried,
    mastery,
    minutes_by_day,
    mistakes_met,
    moved,
    observations,
)
from tutor.learning.review import Review, due, schedule


@dataclass(frozen=True)
class Report:
    """What the student's log says: per skill, reviews, the next exercise, time and mistakes."""

    skills: Mapping[str, SkillState]
    reviews: Mapping[str, Review]
    due: tuple[Review, ...]
    next: Suggestion | None
    minutes: Mapping[str, float]
    mistakes: Counter[tuple[str, str]]
    observations: tuple[Observation, ...]
    candidates: tuple[Candidate, ...] = ()
    """Every exercise the student can be sent to, with its skills."""

    def mastery_of(self, refs: Sequence[str]) -> float | None:
        """The mean mastery of the skills the exercises `refs` work (untried: the prior);
        None when none of them was tried yet."""
        wanted = set(refs)
        skills = {s for c in self.candidates if c.ref in wanted for s in c.skills}
        if not skills & set(self.skills):
            return None
        known = [self.skills[s].mastery if s in self.skills else DEFAULT.prior for s in skills]
        return sum(known) / len(known)

    def practise(self, skill: str | None, rng: random.Random | None = None) -> Suggestion | None:
        """What to open for `skill` (None: the next suggestion)."""
        if skill is None:
            return self.next
        reason = f"practise {skill_name(skill)}"
        return practise_skill(self.candidates, skill, reason, rng)

    def to_json(self) -> dict[str, Any]:
        return {
            "skills": {
                skill: {
                    "name": skill_name(skill),
                    "mastery": round(state.mastery, 4),
                    "mastered": state.mastered,
                    "attempts": state.attempts,
                    "right": state.right,
                    "mistakes": dict(state.mistakes),
                    "review_due": self.reviews[skill].due.isoformat()
                    if skill in self.reviews
                    else None,
                }
                for skill, state in sorted(self.skills.items())
            },
            "reviews_due": [review.skill for review in self.due],
            "next": None
            if self.next is None
            else {
                "ref": self.next.ref,
                "title": self.next.title,
                "seed": self.next.seed,
                "reason": self.next.reason,
            },
            "minutes_per_day": {day: round(m, 1) for day, m in sorted(self.minutes.items())},
            "mistakes": [
                {"mistake": mistake, "ref": ref, "count": count}
                for (mistake, ref), count in self.mistakes.most_common()
            ],
        }


class SkillIndex:
    """The skills of the blanks of every instance met, built once each (worksheets cost ms)."""

    def __init__(self, exercises: Sequence[Any]) -> None:
        self.exercises = {exercise.ref: exercise for exercise in exercises}

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one index per report, dropped with it
    def of(self, ref: str, seed: int) -> Mapping[str, tuple[str, ...]]:
        from exercises.kinds.student_graph import split_own_graph, with_own_graph

        base, own_graph = split_own_graph(ref)
        exercise = self.exercises.get(base)
        if exercise is None:
            return {}
        if own_graph:  # an autodiff exercise worked in the own-graph mode
            exercise = with_own_graph(exercise)
        try:
            return blank_skills(exercise.instance(seed))
        except Exception:  # an exercise that no longer builds says nothing about skills
            return {}

    def candidates(self) -> list[Candidate]:
        found = []
        for ref, exercise in self.exercises.items():
            skills = {s for blank in self.of(ref, 0).values() for s in blank}
            if skills:
                title = str(getattr(exercise, "listed_title", ref))
                found.append(Candidate(ref, bool(exercise.randomized), frozenset(skills), title))
        return found


def log_events(store: Any) -> list[Event]:
    """The store's log as events: every checked entry, and every reveal."""
    events: list[Event] = [
        Tried(a.ref, a.seed, a.blank_id, a.status, tuple(a.mistakes), a.hint_rung, a.at)
        for a in store.attempt_log()
    ]
    events.extend(Revealed(r.ref, r.seed, r.blank_id, r.at) for r in store.reveal_log())
    return events


def learner_report(
    events: Sequence[Event],
    packs: Sequence[Any],
    now: datetime.datetime,
    rng: random.Random | None = None,
) -> Report:
    """The report at `now` (UTC) from a log and the packs the student can be sent to (their
    exercises, and the knowledge-tracing parameters they set per skill)."""
    index = SkillIndex([exercise for pack in packs for exercise in pack.exercises])
    found = observations(events, index.of)
    states = mastery(found, pack_params(getattr(pack, "bkt", {}) for pack in packs))
    reviews = schedule(found, states)
    due_now = tuple(due(reviews, now))
    candidates = tuple(index.candidates())
    suggestion = practise_next(candidates, states, due_now, rng)
    return Report(
        states, reviews, due_now, suggestion, minutes_by_day(events), mistakes_met(found),
        tuple(found), candidates,
    )  # fmt: skip


def skills_moved(
    report: Report | None, worksheet: Any, events: Sequence[Event]
) -> list[tuple[str, float, float]]:
    """(skill, mastery before, after) for each skill an instance's events moved, weakest
    after first: what the summary of an exercise says. `report` is the state before it."""
    skills = blank_skills(worksheet)
    found = observations(events, lambda ref, seed: skills)
    earlier = report.observations if report is not None else ()
    before, after = mastery(earlier), mastery([*earlier, *found])
    changes = moved(before, after)
    rows = [(s, after[s].mastery - changes[s], after[s].mastery) for s in changes]
    return sorted(rows, key=lambda row: row[2])
