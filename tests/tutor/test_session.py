"""Tests of the headless worksheet session: its transitions, without an app.

The sheet is conftest's f = (x + y)(y + 1) at x = 1, y = 2, worked on paper: a = 3, b = 3,
f = 9, ∂f/∂a = b = 3, ∂f/∂b = a = 3, ∂f/∂y = a + b = 6.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from conftest import reverse_sheet, slow_sheet

from tutor.session.change import Change, PendingCheck
from tutor.session.events import AttemptMade, HintShown, SessionEvent, TimeSpent
from tutor.session.feedback import feedback_of
from tutor.session.restore import restore
from tutor.session.solution import reveal, whole
from tutor.session.worksheet_session import IDLE_CAP_SECONDS, WorksheetSession, fresh_seed


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Saved:
    """What a store keeps of an instance."""

    entries: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    hints: dict[str, int] = field(default_factory=dict)
    revealed: set[str] = field(default_factory=set)
    seconds: float = 0.0


def session_with_log() -> tuple[WorksheetSession, list[SessionEvent]]:
    events: list[SessionEvent] = []
    return WorksheetSession(reverse_sheet(), events.append, clock=Clock()), events


def enter(session: WorksheetSession, blank_id: str, text: str) -> Change:
    session.select(blank_id)
    outcome = session.enter(text)
    assert isinstance(outcome, Change)
    return outcome


def test_a_right_entry_is_recorded_and_the_focus_moves_to_the_next_blank() -> None:
    session, events = session_with_log()
    change = enter(session, "value:a", "3")
    assert change.blanks == ("value:a",)
    assert session.status("value:a") == "correct"
    assert session.focus == "value:b"
    attempts = [e for e in events if isinstance(e, AttemptMade)]
    assert [(a.blank_id, a.entry, a.verdict.status, a.first_try) for a in attempts] == [
        ("value:a", "3", "correct", True)
    ]


def test_a_wrong_entry_keeps_the_focus_and_a_second_try_is_not_a_first_try() -> None:
    session, events = session_with_log()
    enter(session, "value:b", "5")
    assert session.status("value:b") == "incorrect" and session.focus == "value:b"
    session.enter("3")
    attempts = [e for e in events if isinstance(e, AttemptMade)]
    assert [a.first_try for a in attempts] == [True, False]
    assert session.first_try == {"value:b": False}


def test_fixing_an_earlier_slip_checks_its_dependents_again() -> None:
    session, _ = session_with_log()
    enter(session, "value:a", "3")
    enter(session, "value:b", "5")
    enter(session, "value:f", "15")  # 3·5: right from the student's own b
    assert session.status("value:f") == "consistent"
    change = enter(session, "value:b", "3")
    assert change.blanks == ("value:b", "value:f")
    assert session.status("value:f") == "incorrect"  # 15 is not 3·3


def test_an_empty_entry_is_a_notice_not_an_attempt() -> None:
    session, events = session_with_log()
    change = session.enter("   ")
    assert change == Change()
    assert session.status("value:a") is None and not events
    assert feedback_of(session, "value:a").status == "invalid"
    session.move(1)
    assert session.notice is None


def test_a_known_mistake_is_named_and_kept_for_the_summary() -> None:
    session, _ = session_with_log()
    enter(session, "adjoint:f:y", "3")  # only the path through b
    verdict = session.verdicts["adjoint:f:y"]
    assert (verdict.status, verdict.mistake) == ("incorrect", "missing-path")
    assert [m.mistake for m in session.summary().mistakes] == ["missing-path"]


def test_the_hint_ladder_ends_in_a_reveal_that_is_asked_for() -> None:
    session, events = session_with_log()
    ladder = session.ladder("value:a")
    assert len(ladder) == 3  # the blank's own two (no general hint), the answer
    assert [session.hint() for _ in range(2)] == ["shown"] * 2
    assert session.shown_hints("value:a") == ladder[:2]
    assert session.hint() == "ask-reveal"
    assert "value:a" not in session.revealed
    change = reveal(session, "value:a")
    assert change.blanks == ("value:a",)
    assert session.status("value:a") == "revealed" and session.entry("value:a") == "3"
    assert session.hint() == "exhausted"
    shown = [(e.rung, e.revealed) for e in events if isinstance(e, HintShown)]
    assert shown == [(1, False), (2, False), (3, True)]


def test_enter_on_a_revealed_blank_moves_on() -> None:
    session, events = session_with_log()
    reveal(session, "value:a")
    session.select("value:a")
    session.enter("7")
    assert session.focus == "value:b"
    assert session.entry("value:a") == "3"
    assert not [e for e in events if isinstance(e, AttemptMade)]


def test_the_summary_is_due_once_when_the_last_blank_is_done() -> None:
    session, _ = session_with_log()
    answers = {"value:a": "3", "value:b": "3", "value:f": "9", "adjoint:f:f": "1",
               "adjoint:f:a": "3", "adjoint:f:b": "3", "adjoint:f:x": "3"}  # fmt: skip
    finished = [enter(session, blank_id, text).finished for blank_id, text in answers.items()]
    assert not any(finished)
    assert enter(session, "adjoint:f:y", "6").finished
    assert not enter(session, "adjoint:f:y", "6").finished
    summary = session.summary()
    assert (summary.first_try_right, summary.first_try_seen, summary.blanks) == (8, 8, 8)


def test_the_worked_solution_reveals_what_is_not_correct_and_shows_no_summary() -> None:
    session, _ = session_with_log()
    enter(session, "value:a", "3")
    enter(session, "value:b", "5")
    change = whole(session)
    assert not change.finished
    assert session.revealed == {b.id for b in session.worksheet.blanks} - {"value:a"}
    assert session.all_done()


def test_a_restored_instance_checks_stale_verdicts_again_and_focuses_the_first_to_do() -> None:
    saved = Saved(
        entries={"value:a": "3", "value:b": "5", "value:f": "15"},
        statuses={"value:a": "correct", "value:b": "incorrect", "value:f": "correct"},
        hints={"value:a": 1},
        seconds=30.0,
    )
    session = restore(reverse_sheet(), saved)
    assert session.status("value:f") == "consistent"  # 15 = 3·5, but b = 5 is wrong
    assert session.focus == "value:b"
    assert session.shown_hints("value:a") == session.ladder("value:a")[:1]
    assert session.seconds_spent == 30.0


def test_a_slow_check_is_pending_until_its_verdict_comes_back() -> None:
    session = WorksheetSession(slow_sheet())
    pending = session.enter("6")
    assert isinstance(pending, PendingCheck)
    assert session.status("derivative") == "checking"
    assert session.entry("derivative") == "6"
    change = session.checked(pending.blank_id, pending.text, pending.run())
    assert change.blanks == ("derivative",) and change.finished
    assert session.status("derivative") == "correct"


def test_time_between_actions_is_capped_and_reported() -> None:
    clock = Clock()
    events: list[SessionEvent] = []
    session = WorksheetSession(reverse_sheet(), events.append, clock=clock)
    clock.now += 40
    assert session.spend_time() == 40
    clock.now += 10_000
    assert session.spend_time() == IDLE_CAP_SECONDS
    clock.now += 50
    session.restart_clock()
    assert session.spend_time() == 0
    assert [e.seconds for e in events if isinstance(e, TimeSpent)] == [40, IDLE_CAP_SECONDS]


def test_reset_starts_the_same_numbers_over() -> None:
    session, _ = session_with_log()
    enter(session, "value:a", "3")
    enter(session, "value:b", "5")
    session.hint()
    change = session.reset()
    assert set(change.blanks) == {"value:a", "value:b"}
    assert not session.entries and not session.hints and session.focus == "value:a"
    assert session.first_try == {"value:a": True, "value:b": False}


def test_new_numbers_never_give_the_same_seed() -> None:
    assert all(fresh_seed(seed) != seed for seed in range(1, 50))
