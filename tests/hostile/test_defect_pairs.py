"""Provides the test that `tutor validate`'s errors past the first are never spurious.

Two-defect exercises drawn from the built-in packs (`defect_pairs.py`): every error reported
past the first must also be reported, word for word, when its field is the only one broken.
"""

from __future__ import annotations

import pytest
from defect_pairs import outcomes


@pytest.mark.parametrize("typed", [False, True], ids=["hostile", "same-type"])
def test_no_error_past_the_first_is_spurious(typed: bool) -> None:
    results = list(outcomes(150, seed=1, typed=typed))
    spurious = [(r.name, r.spurious) for r in results if r.spurious]
    assert spurious == []
    gained = [r for r in results if r.both_now and not r.both_before]
    assert gained, "no pair had its second defect found past the first"
