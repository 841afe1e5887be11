"""Tests of honest statuses: new, in progress, revealed, done with hints, done; best results kept.

Each test runs on the store in a file and on the tests' FakeStore (the same store in memory),
so the fake the app tests use cannot count differently from the real one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FakeStore, reverse_sheet

from engine.checking import Verdict
from tutor.progress import STATUSES, ProgressStore
from tutor.session.events import recording_to
from tutor.session.restore import restore

REF = "autodiff/reverse-1"


@pytest.fixture(params=["file", "fake"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ProgressStore]:
    if request.param == "fake":
        yield FakeStore()
        return
    with ProgressStore.open(tmp_path) as opened:
        yield opened


def test_the_statuses_worst_to_best() -> None:
    assert STATUSES == ("not-started", "in-progress", "revealed", "done-with-hints", "done")


def test_a_session_from_new_to_done(store: ProgressStore) -> None:
    store.mark_opened(REF, 0, total_blanks=2)
    assert store.exercise_status(REF) == "not-started"
    store.record_attempt(REF, 0, "a", "1", "incorrect", None, 0)
    assert store.exercise_status(REF) == "in-progress"
    store.record_attempt(REF, 0, "a", "2", "correct", None, 0)
    store.record_attempt(REF, 0, "b", "3", "consistent", None, 0)
    assert store.exercise_status(REF) == "in-progress"  # right given a slip is not right
    store.record_attempt(REF, 0, "b", "4", "correct", None, 0)
    assert store.exercise_status(REF) == "done"


def test_retyping_a_finished_exercise_keeps_its_done_mark(store: ProgressStore) -> None:
    store.mark_opened(REF, 0, total_blanks=2)
    store.record_attempt(REF, 0, "a", "2", "correct", None, 0)
    store.record_attempt(REF, 0, "b", "4", "correct", None, 0)
    store.mark_opened(REF, 0, total_blanks=2)  # reopened later
    store.record_attempt(REF, 0, "b", "5", "incorrect", None, 0)
    assert store.instance_state(REF, 0).statuses["b"] == "incorrect"  # the sheet shows it
    assert store.exercise_status(REF) == "done"
    assert store.instance_state(REF, 0).best == "done"
    assert store.pack_progress([(REF, 2)]) == (1, 1)


def test_a_hint_makes_done_with_hints(store: ProgressStore) -> None:
    store.mark_opened(REF, 0, total_blanks=2)
    store.record_hint(REF, 0, "a", 1, revealed=False)
    assert store.exercise_status(REF) == "in-progress"
    store.record_attempt(REF, 0, "a", "2", "correct", None, 1)
    store.record_attempt(REF, 0, "b", "4", "correct", None, 0)
    assert store.exercise_status(REF) == "done-with-hints"


def test_the_solution_on_an_untouched_exercise_is_revealed_not_done(store: ProgressStore) -> None:
    """F3 on a fresh sheet reveals every blank: finished, but not done and not ✓h."""
    store.mark_opened(REF, 0, total_blanks=3)
    for blank in ("a", "b", "c"):
        store.record_hint(REF, 0, blank, 4, revealed=True)
    assert store.exercise_status(REF) == "revealed"
    assert store.pack_progress([(REF, 3)]) == (0, 1)


def test_a_revealed_blank_typed_in_afterwards_is_still_revealed(store: ProgressStore) -> None:
    store.mark_opened(REF, 0, total_blanks=2)
    store.record_attempt(REF, 0, "a", "2", "correct", None, 0)
    store.record_hint(REF, 0, "b", 4, revealed=True)
    store.record_attempt(REF, 0, "b", "4", "correct", None, 4)
    assert store.exercise_status(REF) == "revealed"


def test_done_stays_done_when_practising_on_new_numbers(store: ProgressStore) -> None:
    store.mark_opened(REF, 0, total_blanks=1)
    store.record_attempt(REF, 0, "a", "1", "correct", None, 0)
    store.mark_opened(REF, 99, total_blanks=1)
    store.record_attempt(REF, 99, "a", "2", "incorrect", None, 0)
    assert store.exercise_status(REF) == "done"


def test_the_best_instance_gives_the_exercise_status(store: ProgressStore) -> None:
    store.record_attempt(REF, 3, "a", "2", "incorrect", None, 0)
    assert store.exercise_status(REF, 1) == "in-progress"
    store.record_hint(REF, 4, "a", 4, revealed=True)
    assert store.exercise_status(REF, 1) == "revealed"
    store.record_hint(REF, 5, "a", 1, revealed=False)
    store.record_attempt(REF, 5, "a", "2", "correct", None, 1)
    assert store.exercise_status(REF, 1) == "done-with-hints"
    store.record_attempt(REF, 6, "a", "2", "correct", None, 0)
    assert store.exercise_status(REF, 1) == "done"


def test_pack_progress_counts_only_done_with_or_without_hints(store: ProgressStore) -> None:
    store.record_attempt("p/done", 0, "x", "1", "correct", None, 0)
    store.record_hint("p/hinted", 0, "x", 1, revealed=False)
    store.record_attempt("p/hinted", 0, "x", "1", "correct", None, 1)
    store.record_hint("p/revealed", 0, "x", 4, revealed=True)
    store.record_attempt("p/started", 0, "x", "1", "correct", None, 0)
    refs = [("p/done", 1), ("p/hinted", 1), ("p/revealed", 1), ("p/started", 2), ("p/new", 3)]
    assert [store.exercise_status(ref, total) for ref, total in refs] == [
        "done",
        "done-with-hints",
        "revealed",
        "in-progress",
        "not-started",
    ]
    assert store.pack_progress(refs) == (2, 5)
    assert store.pack_progress([]) == (0, 0)


def test_a_reset_clears_the_sheet_and_keeps_the_best_result(store: ProgressStore) -> None:
    store.mark_opened(REF, 0, total_blanks=2)
    store.record_hint(REF, 0, "a", 2, revealed=False)
    store.record_attempt(REF, 0, "a", "2", "correct", None, 2)
    store.record_attempt(REF, 0, "b", "4", "correct", None, 0)
    store.reset(REF, 0)
    state = store.instance_state(REF, 0)
    assert (state.entries, state.statuses, state.hints, state.revealed) == ({}, {}, {}, set())
    assert state.best == "done-with-hints"
    assert store.exercise_status(REF) == "done-with-hints"
    assert len(store.attempts(REF, 0)) == 2  # the log keeps what happened
    store.record_attempt(REF, 0, "a", "2", "correct", None, 0)
    store.record_attempt(REF, 0, "b", "4", "correct", None, 0)
    assert store.exercise_status(REF) == "done"  # the fresh try did better


def test_a_reset_of_an_unfinished_exercise_makes_it_new_again(store: ProgressStore) -> None:
    store.mark_opened(REF, 0, total_blanks=2)
    store.record_attempt(REF, 0, "a", "7", "incorrect", None, 0)
    store.reset(REF, 0)
    assert store.exercise_status(REF) == "not-started"
    assert store.instance_state(REF, 0).best == "not-started"


def test_a_reset_on_the_sheet_reaches_the_store(store: ProgressStore) -> None:
    """The session's reset is recorded: reopened, the sheet is fresh and the result kept."""
    sheet = reverse_sheet()
    store.mark_opened(sheet.ref, sheet.seed, total_blanks=len(sheet.blanks))
    session = restore(sheet, None, (), recording_to(lambda: store))
    for blank in sheet.blanks:
        session.select(blank.id)
        session.checked(blank.id, "typed", Verdict("correct"))
    assert store.exercise_status(sheet.ref) == "done"
    session.reset()
    state = store.instance_state(sheet.ref, sheet.seed)
    assert (state.entries, state.hints, state.revealed) == ({}, {}, set())
    assert store.exercise_status(sheet.ref) == "done"


def test_statuses_of_many_refs_come_in_one_query_per_batch(store: ProgressStore) -> None:
    """Home shows every exercise's status on each frame it draws: a query each (218 for the
    built-in packs) cost its first frame a few milliseconds; one per RANKED_AT_ONCE now."""
    from tutor.progress_status import RANKED_AT_ONCE

    store.record_attempt("p/done", 0, "x", "1", "correct", None, 0)
    store.record_hint("p/hinted", 0, "x", 1, revealed=False)
    store.record_attempt("p/hinted", 0, "x", "1", "correct", None, 1)
    store.record_hint("p/revealed", 0, "x", 4, revealed=True)
    store.record_attempt("p/started", 0, "x", "1", "correct", None, 0)
    known = {"p/done": "done", "p/hinted": "done-with-hints", "p/revealed": "revealed",
             "p/started": "in-progress"}  # fmt: skip
    fresh = [f"q/{n}" for n in range(RANKED_AT_ONCE + 37)]
    refs = [*fresh[:200], "p/done", "p/hinted", *fresh[200:], "p/revealed", "p/started"]
    totals = [(ref, 2 if ref == "p/started" else 1) for ref in refs]
    queries = []
    read = store._read
    store._read = lambda sql, params: queries.append(sql) or read(sql, params)  # type: ignore[method-assign]
    statuses = store.exercise_statuses(totals)
    assert len(queries) == 2
    assert statuses == {ref: known.get(ref, "not-started") for ref in refs}
    assert list(statuses) == refs
    assert store.exercise_statuses([]) == {}
