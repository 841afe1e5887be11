"""Tests of the BKT update against hand-worked updates."""

from __future__ import annotations

import pytest

from tutor.learning.bkt import DEFAULT, MASTERED, BKTParams, update

PARAMS = BKTParams(prior=0.3, learn=0.2, slip=0.1, guess=0.25)


def test_a_right_try_is_bayes_then_learning() -> None:
    # P(L|right) = 0.3·0.9 / (0.3·0.9 + 0.7·0.25) = 0.27 / 0.445 = 0.606742...
    # then learning: 0.606742 + 0.393258·0.2 = 0.685393...
    assert update(0.3, True, PARAMS) == pytest.approx(0.6853932584, abs=1e-9)


def test_a_wrong_try_is_bayes_then_learning() -> None:
    # P(L|wrong) = 0.3·0.1 / (0.3·0.1 + 0.7·0.75) = 0.03 / 0.555 = 0.054054...
    # then learning: 0.054054 + 0.945946·0.2 = 0.243243...
    assert update(0.3, False, PARAMS) == pytest.approx(0.2432432432, abs=1e-9)


def test_right_tries_reach_mastery_and_a_wrong_one_takes_it_back() -> None:
    known, tries = DEFAULT.prior, 0
    while known < MASTERED:
        known, tries = update(known, True), tries + 1
    assert 3 <= tries <= 6  # a few right first tries in a row, not one lucky guess
    assert update(known, False) < MASTERED


@pytest.mark.parametrize("name", ["prior", "learn", "slip", "guess"])
def test_parameters_are_probabilities(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        BKTParams(**{name: 1.5})
