"""Tests of the learner model, the review schedule and the chooser, on hand-made logs.

Times are fixed (2026-11-02 09:00 UTC onwards): nothing here reads the clock.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping

import pytest

from tutor.learning.bkt import DEFAULT, update
from tutor.learning.chooser import Candidate, practise_next
from tutor.learning.model import (
    Revealed,
    Tried,
    mastery,
    minutes_by_day,
    mistakes_met,
    moved,
    observations,
)
from tutor.learning.review import due, rating_of, schedule

DAY0 = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.timezone.utc).timestamp()
HOUR, DAY = 3600.0, 86400.0

# The warm-up sheet's skills as the skill derivation gives them (written out by hand).
WARMUP = {
    "value:a": ("forward-pass",),
    "adjoint:f:a": ("product-rule", "chain-rule"),
    "adjoint:f:y": ("sum-rule", "chain-rule", "merging-paths"),
}


def skills_of(ref: str, seed: int) -> Mapping[str, tuple[str, ...]]:
    return WARMUP if ref == "w" else {}


def tried(
    blank: str, status: str, at: float, *mistakes: str, hint: int = 0, seed: int = 0
) -> Tried:
    return Tried("w", seed, blank, status, mistakes, hint, at)


def test_only_the_first_try_of_a_blank_counts() -> None:
    log = [tried("value:a", "incorrect", DAY0), tried("value:a", "correct", DAY0 + 60)]
    found = observations(log, skills_of)
    assert [(o.skill, o.right) for o in found] == [("forward-pass", False)]


def test_a_right_first_try_counts_for_every_skill_of_the_blank() -> None:
    found = observations([tried("adjoint:f:y", "correct", DAY0)], skills_of)
    assert {o.skill for o in found if o.right} == {"sum-rule", "chain-rule", "merging-paths"}


def test_a_consistent_entry_counts_as_right_for_its_own_blank() -> None:
    found = observations([tried("adjoint:f:a", "consistent", DAY0)], skills_of)
    assert all(o.right for o in found)


def test_a_diagnosed_mistake_counts_against_the_skill_it_names() -> None:
    found = observations([tried("adjoint:f:y", "incorrect", DAY0, "missing-path")], skills_of)
    assert [(o.skill, o.right, o.mistake) for o in found] == [
        ("merging-paths", False, "missing-path")
    ]


def test_an_unnamed_slip_counts_against_the_blanks_own_skill() -> None:
    found = observations([tried("adjoint:f:y", "incorrect", DAY0)], skills_of)
    assert [(o.skill, o.right) for o in found] == [("sum-rule", False)]


def test_a_hint_first_or_a_reveal_is_a_miss_and_an_unreadable_entry_nothing() -> None:
    log = [
        tried("adjoint:f:a", "correct", DAY0, hint=1),
        Revealed("w", 0, "value:a", DAY0 + 1),
        tried("adjoint:f:y", "invalid", DAY0 + 2),
    ]
    found = observations(log, skills_of)
    assert [(o.skill, o.right, o.how) for o in found] == [
        ("product-rule", False, "hint"),
        ("forward-pass", False, "reveal"),
    ]


def test_each_instance_is_evidence_again_on_new_numbers() -> None:
    log = [tried("value:a", "correct", DAY0, seed=s) for s in (1, 2, 3)]
    states = mastery(observations(log, skills_of))
    expected = DEFAULT.prior
    for _ in range(3):
        expected = update(expected, True)
    assert states["forward-pass"].attempts == 3
    assert states["forward-pass"].mastery == pytest.approx(expected)


def test_mastery_follows_bkt_by_hand_and_remembers_mistakes() -> None:
    # prior 0.1; wrong: 0.1·0.08/(0.008 + 0.9·0.9) = 0.0097799, then +(1 - ·)·0.1 = 0.1088019
    log = [tried("adjoint:f:y", "incorrect", DAY0, "missing-path")]
    state = mastery(observations(log, skills_of))["merging-paths"]
    assert state.mastery == pytest.approx(0.1088019559, abs=1e-9)
    assert state.mistakes == {"missing-path": 1}
    assert state.history == [(DAY0, state.mastery)]


def test_moved_says_which_skills_changed() -> None:
    before = mastery(observations([tried("value:a", "correct", DAY0)], skills_of))
    log = [tried("value:a", "correct", DAY0), tried("adjoint:f:a", "correct", DAY0 + 5)]
    after = mastery(observations(log, skills_of))
    assert set(moved(before, after)) == {"product-rule", "chain-rule"}


def test_mistakes_met_counts_each_mistake_with_where_it_was_met() -> None:
    log = [tried("adjoint:f:y", "incorrect", DAY0 + s, "missing-path", seed=s) for s in range(3)]
    assert mistakes_met(observations(log, skills_of)) == {("missing-path", "w"): 3}


def test_time_per_day_adds_the_gaps_between_entries_capped_at_five_minutes() -> None:
    times = [DAY0, DAY0 + 60, DAY0 + 120, DAY0 + 2 * HOUR, DAY0 + DAY]
    log = [tried("value:a", "correct", t, seed=i) for i, t in enumerate(times)]
    assert minutes_by_day(log) == {"2026-11-02": 1 + 1 + 5, "2026-11-03": 0.0}


def master(skill_blank: str, start: float, count: int) -> list[Tried]:
    return [tried(skill_blank, "correct", start + i * HOUR, seed=i) for i in range(count)]


def test_a_skill_enters_review_at_mastery_and_later_days_are_its_reviews() -> None:
    found = observations(master("value:a", DAY0, 3), skills_of)
    states = mastery(found)
    # 0.1 -> 0.5549 -> 0.9278 -> 0.9925: mastered at the third try (11:00), rated Good then
    assert [round(m, 4) for _, m in states["forward-pass"].history] == [0.5549, 0.9278, 0.9925]
    first = schedule(found, states)["forward-pass"]
    assert first.reviews == 0
    assert first.due == datetime.datetime(2026, 11, 4, 11, 0, tzinfo=datetime.timezone.utc)
    same_day = observations(master("value:a", DAY0, 6), skills_of)  # more practice that day
    assert schedule(same_day, mastery(same_day))["forward-pass"] == first
    later = [*master("value:a", DAY0, 3), tried("value:a", "correct", DAY0 + 2 * DAY, seed=7),
             tried("value:a", "correct", DAY0 + 2 * DAY + HOUR, seed=8)]  # fmt: skip
    reviewed = schedule(observations(later, skills_of), mastery(observations(later, skills_of)))
    assert reviewed["forward-pass"].reviews == 1  # one review a day
    assert reviewed["forward-pass"].due > first.due


def test_reviews_become_due_with_a_fixed_clock() -> None:
    found = observations(master("value:a", DAY0, 5), skills_of)
    states = mastery(found)
    reviews = schedule(found, states)
    card = reviews["forward-pass"]
    before = card.due - datetime.timedelta(seconds=1)
    assert due(reviews, before) == []
    assert [r.skill for r in due(reviews, card.due)] == ["forward-pass"]


def test_a_wrong_review_brings_the_skill_back_sooner_than_a_right_one() -> None:
    base = master("value:a", DAY0, 5)
    later = DAY0 + 3 * DAY
    right = observations([*base, tried("value:a", "correct", later, seed=99)], skills_of)
    wrong = observations([*base, tried("value:a", "incorrect", later, seed=99)], skills_of)
    due_right = schedule(right, mastery(right))["forward-pass"].due
    due_wrong = schedule(wrong, mastery(wrong))["forward-pass"].due
    assert due_wrong < due_right


def test_ratings_from_first_tries_and_hints() -> None:
    found = observations(
        [
            tried("adjoint:f:a", "correct", DAY0),
            tried("adjoint:f:y", "correct", DAY0, hint=2),
            tried("value:a", "incorrect", DAY0),
        ],
        skills_of,
    )
    by = {o.skill: o for o in found}
    assert rating_of([by["product-rule"]]) == 3  # Good
    assert rating_of([by["sum-rule"]]) == 2  # Hard: a hint came first
    assert rating_of([by["forward-pass"]]) == 1  # Again


CANDIDATES = [
    Candidate("autodiff/warmup-reverse", False, frozenset({"forward-pass", "product-rule"})),
    Candidate("autodiff/merge-random", True, frozenset({"merging-paths", "sum-rule"})),
    Candidate("convnets/conv", True, frozenset({"conv-cell"})),
]


def test_the_chooser_targets_the_skill_missed_most_on_fresh_numbers() -> None:
    log = [tried("adjoint:f:y", "incorrect", DAY0 + s, "missing-path", seed=s) for s in range(2)]
    states = mastery(observations(log, skills_of))
    choice = practise_next(CANDIDATES, states, rng=random.Random(7))
    assert choice is not None
    assert (choice.ref, choice.skill) == ("autodiff/merge-random", "merging-paths")
    assert choice.reason == "you missed merging paths at a node twice"
    assert choice.seed != 0


def test_the_chooser_prefers_a_due_review() -> None:
    found = observations(master("value:a", DAY0, 5), skills_of)
    states = mastery(found)
    reviews = due(
        schedule(found, states), datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
    )
    choice = practise_next(CANDIDATES, states, reviews, random.Random(1))
    assert choice is not None and choice.ref == "autodiff/warmup-reverse"
    assert choice.reason.startswith("review:")


def test_the_chooser_says_nothing_when_everything_is_mastered() -> None:
    found = observations(master("value:a", DAY0, 6), skills_of)
    only = [Candidate("autodiff/warmup-reverse", False, frozenset({"forward-pass"}))]
    assert practise_next(only, mastery(found), rng=random.Random(1)) is None


def test_a_skill_that_went_wrong_outranks_one_never_tried() -> None:
    log = [
        tried("value:a", "incorrect", DAY0, seed=1),
        tried("value:a", "correct", DAY0 + 9, seed=2),
    ]
    states = mastery(observations(log, skills_of))
    candidates = [
        Candidate("convnets/conv", True, frozenset({"conv-cell"})),
        Candidate("autodiff/values-random", True, frozenset({"forward-pass"})),
    ]
    choice = practise_next(candidates, states, rng=random.Random(3))
    assert choice is not None and choice.ref == "autodiff/values-random"
    assert choice.reason == "evaluating a node: 1 of 2 first tries right"


def test_pack_parameters_override_the_defaults_per_skill() -> None:
    from tutor.learning.bkt import BKTParams, pack_params

    params = pack_params([{"merging-paths": {"prior": 0.5}}, {"merging-paths": {"slip": 0.2}}])
    assert params == {"merging-paths": BKTParams(prior=0.5, learn=0.1, slip=0.2, guess=0.1)}
    log = [tried("adjoint:f:y", "incorrect", DAY0, "missing-path")]
    state = mastery(observations(log, skills_of), params)["merging-paths"]
    # prior 0.5, slip 0.2: 0.5·0.2 / (0.1 + 0.5·0.9) = 0.181818..., + (1 - ·)·0.1 = 0.263636...
    assert state.mastery == pytest.approx(0.2636363636, abs=1e-9)


def test_a_newcomer_starts_with_the_first_sheet_on_new_numbers() -> None:
    choice = practise_next(CANDIDATES, {}, rng=random.Random(2))
    assert choice is not None
    assert (choice.ref, choice.reason) == (
        "autodiff/merge-random",
        "start here: the first sheet of the first pack",
    )
