"""The worked solution in the session model: steps in sheet order, each step of a blank not yet
correct revealed (not done), the student's own right answers shown for nothing, reset clears.

GD on f(w) = w⁴ from w(0) = 2, η = 0.01 (by hand: g(0) = 32, w(1) = 1.68).
"""

from __future__ import annotations

from exercises.kinds import KINDS
from exercises.model import Instance
from tutor.session import solution
from tutor.session.feedback import feedback_of
from tutor.session.worksheet_session import WorksheetSession

GD = {"objective": "w^4", "start": {"w": 2}, "lr": 0.01, "steps": 2}


def session() -> WorksheetSession:
    sheet = KINDS["gradient-descent"].build(Instance("t/gd", "gradient-descent", 0, "GD", GD))
    return WorksheetSession(sheet)


def test_each_step_reveals_the_next_blank_in_sheet_order() -> None:
    s = session()
    assert solution.next_step(s).blanks[0] == "gradient:0"
    assert s.revealed == {"gradient:0"} and s.status("gradient:0") == "revealed"
    solution.next_step(s)
    assert s.steps == ["gradient:0", "iterate:1"]
    assert [w.lines[-1] for w in solution.shown_working(s)] == ["= 32", "= 1.68"]
    assert solution.steps_left(s) == 2


def test_right_answers_on_the_way_are_shown_without_a_reveal() -> None:
    s = session()
    s.checked("gradient:0", "32", s.check("gradient:0", "32"))
    solution.next_step(s)
    assert s.steps == ["gradient:0", "iterate:1"] and s.revealed == {"iterate:1"}


def test_no_summary_after_a_step_even_on_the_last_blank() -> None:
    s = session()
    for _ in range(4):
        assert not solution.next_step(s).finished
    assert s.all_done() and len(s.steps) == 4


def test_whole_solution_shows_every_step_and_reset_clears_them() -> None:
    s = session()
    solution.whole(s)
    assert s.steps == [b.id for b in s.worksheet.blanks] and solution.steps_left(s) == 0
    s.reset()
    assert s.steps == [] and solution.shown_working(s) == []


def test_a_revealed_blank_carries_its_working_in_the_feedback() -> None:
    s = session()
    s.checked("gradient:0", "30", s.check("gradient:0", "30"))  # off: 32
    solution.reveal(s, "iterate:1")
    feedback = feedback_of(s, "iterate:1")
    assert feedback.working[:3] == ("w(1) = w(0) - η·g(0)", "= 2 - 0.01·30", "= 1.7")
    assert "the key is 1.68" in feedback.working[-1]


def test_a_working_that_only_repeats_the_hints_is_not_shown_again() -> None:
    questions = [{"id": "q", "ask": "2 + 2?", "type": "number", "answer": 4, "hints": ["Add."]}]
    sheet = KINDS["questions"].build(Instance("t/q", "questions", 0, "Q", {"questions": questions}))
    s = WorksheetSession(sheet)
    solution.reveal(s, "question:q")
    assert feedback_of(s, "question:q").working == ()
