"""Provides tests of checking one entry: verdicts, follow-through, the 0-or-1 rule, mistakes."""

from __future__ import annotations

import math

import pytest

from engine.answers import INTEGER, ArrayFormat, NumberFormat, Tolerance
from engine.checking import DepValues, Expectation, Mistake, Verdict, check, read_entry

# A two-step chain in the style of the survey example: v1 = ln(v-1) at v-1 = 2, then
# v4 = v1 + v2 with v2 = 10. The key and the recomputation are written here by hand.
V1 = math.log(2.0)
V4 = V1 + 10.0


def v4_from(deps: DepValues) -> float:
    return float(deps["v1"]) + float(deps["v2"])


V4_BLANK = Expectation(
    expected=V4,
    format=NumberFormat(),
    depends_on=("v1", "v2"),
    recompute=v4_from,
    mistakes=(
        Mistake("dropped-term", "v4 adds v1 and v2: did you drop v1?", lambda d: d["v2"]),
        Mistake("sign-flip", "v4 = v1 + v2, not v2 - v1", lambda d: d["v2"] - d["v1"]),
    ),
)
KEY = {"v1": V1, "v2": 10.0}
LABELS = {"v1": "v1 = ln(v₋₁)", "v2": "v2 = v₋₁·v0"}


def check_v4(text: str, student: dict[str, float] | None = None) -> Verdict:
    student_deps = {**KEY, **(student or {})}
    wrong = [d for d in student_deps if not NumberFormat().agrees(student_deps[d], KEY[d])]
    return check(text, V4_BLANK, KEY, student_deps, wrong, LABELS)


def test_a_correct_entry_echoes_how_it_was_read() -> None:
    verdict = check_v4("ln(2) + 10")
    assert verdict.status == "correct"
    assert verdict.read_as == "10.6931"
    assert "read as" not in verdict.message  # the UI and the CLI compose the echo


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_an_empty_entry_is_blank(text: str) -> None:
    assert check_v4(text).status == "blank"


def test_an_unreadable_entry_is_invalid_and_points_at_the_character() -> None:
    verdict = check_v4("sin(")
    assert verdict.status == "invalid"
    assert "expected an expression after '(' at column 5" in verdict.message
    assert verdict.message.endswith("sin(\n    ^")
    assert check_v4("1/0").status == "invalid"
    assert "division by zero" in check_v4("1/0").message


def test_a_wrong_entry_is_incorrect() -> None:
    verdict = check_v4("12")
    assert verdict.status == "incorrect"
    assert verdict.mistake is None
    assert verdict.message == "not the expected value"
    assert verdict.read_as == "12"
    assert verdict.mistakes == ()


def test_consistent_names_the_earlier_blank_that_is_off() -> None:
    # The student took v1 = ln(2) as 0.5 and added correctly: 10.5.
    verdict = check_v4("10.5", {"v1": 0.5})
    assert verdict.status == "consistent"
    assert verdict.blamed == ("v1",)
    assert "'v1 = ln(v₋₁)'" in verdict.message
    assert "which is off" in verdict.message


def test_rounded_earlier_entries_that_were_accepted_make_a_drift_correct() -> None:
    # v1 = 0.6935 is within 0.1% of ln 2, so the sum from it is right, not just consistent.
    verdict = check(
        "10.6935", V4_BLANK, KEY, {"v1": 0.6935, "v2": 10.0}, wrong_deps=(), dep_labels=LABELS
    )
    assert verdict.status == "correct"


@pytest.mark.parametrize("upstream", [0.0, 1.0])
def test_an_upstream_zero_or_one_earns_no_follow_through(upstream: float) -> None:
    verdict = check_v4(str(10.0 + upstream), {"v1": upstream})
    assert verdict.status == "incorrect"
    assert verdict.blamed == ()


def test_an_upstream_zero_earns_follow_through_where_the_key_is_zero_or_one() -> None:
    blank = Expectation(3.0, NumberFormat(), ("a",), lambda d: d["a"] + 2.0)
    verdict = check("2", blank, {"a": 1.0}, {"a": 0.0}, wrong_deps=("a",))
    assert verdict.status == "consistent"
    assert verdict.blamed == ("a",)


def test_follow_through_needs_a_recompute_and_dependencies() -> None:
    blank = Expectation(V4, NumberFormat(), ("v1", "v2"))
    assert check("10.5", blank, KEY, {**KEY, "v1": 0.5}, ("v1",)).status == "incorrect"


def test_follow_through_from_rounded_entries_uses_a_relative_tolerance_for_integers() -> None:
    blank = Expectation(640.0, INTEGER, ("n",), lambda d: d["n"] * 10)
    verdict = check("641", blank, {"n": 64.0}, {"n": 64.1}, wrong_deps=("n",))
    assert verdict.status == "consistent"


def test_mistakes_are_matched_in_order() -> None:
    # From the key, the dropped term gives 10 and the sign flip 10 - ln 2.
    assert check_v4("10").mistake == "dropped-term"
    verdict = check_v4(str(10.0 - V1))
    assert verdict.mistake == "sign-flip"
    assert verdict.status == "incorrect"
    assert "not v2 - v1" in verdict.message
    assert verdict.read_as == "9.30685"


def test_the_first_matching_mistake_wins() -> None:
    same = (
        Mistake("specific", "the most specific message", lambda d: 7.0),
        Mistake("general", "a more general message", lambda d: 7.0),
    )
    blank = Expectation(5.0, NumberFormat(), mistakes=same)
    assert check("7", blank, {}, {}).mistake == "specific"
    blank = Expectation(5.0, NumberFormat(), mistakes=tuple(reversed(same)))
    assert check("7", blank, {}, {}).mistake == "general"


def test_every_matching_mistake_is_listed_most_specific_first() -> None:
    # Two causes give the student's 7 for a key of 5: both are named, in the blank's order.
    same = (
        Mistake("specific", "the most specific message", lambda d: 7.0),
        Mistake("general", "a more general message", lambda d: 7.0),
        Mistake("other", "gives 9", lambda d: 9.0),
    )
    verdict = check("7", Expectation(5.0, NumberFormat(), mistakes=same), {}, {})
    assert verdict.mistakes == ("specific", "general")
    assert verdict.mistake == "specific"
    assert verdict.messages == ("the most specific message", "a more general message")
    assert verdict.message == "either the most specific message; or a more general message"


def test_a_mistake_from_the_students_own_entries_comes_before_one_from_the_key() -> None:
    # Key a = 2, key answer 2a = 4. The student wrote a = 3 (off), then 3 for 2a: that is
    # "forgot the factor" at their own a = 3, and "added 1" only at the key's a = 2.
    mistakes = (
        Mistake("added-one", "added 1", lambda d: d["a"] + 1.0),
        Mistake("forgot-factor", "forgot the 2", lambda d: d["a"]),
    )
    blank = Expectation(4.0, NumberFormat(), ("a",), mistakes=mistakes)
    verdict = check("3", blank, {"a": 2.0}, {"a": 3.0}, wrong_deps=("a",))
    assert verdict.mistakes == ("forgot-factor", "added-one")


def test_a_message_can_be_written_from_the_students_numbers() -> None:
    mistake = Mistake(
        "halved", lambda d: f"this is half of your a = {d['a']:g}", lambda d: d["a"] / 2
    )
    blank = Expectation(6.0, NumberFormat(), ("a",), mistakes=(mistake,))
    verdict = check("3.5", blank, {"a": 6.0}, {"a": 7.0}, wrong_deps=("a",))
    assert verdict.messages == ("this is half of your a = 7",)


def test_a_mistake_that_gives_the_key_is_ignored() -> None:
    blank = Expectation(
        5.0,
        NumberFormat(),
        mistakes=(
            Mistake("harmless", "gives the key here", lambda d: 5.0),
            Mistake("real", "a real mistake", lambda d: 7.0),
        ),
    )
    assert check("5", blank, {}, {}).status == "correct"
    assert check("7", blank, {}, {}).mistake == "real"


def test_a_mistake_that_cannot_be_computed_is_skipped() -> None:
    def broken(deps: DepValues) -> float:
        return 1.0 / 0.0

    blank = Expectation(
        5.0,
        NumberFormat(),
        mistakes=(
            Mistake("broken", "never shown", broken),
            Mistake("none", "never shown", lambda d: None),
            Mistake("real", "a real mistake", lambda d: 7.0),
        ),
    )
    assert check("7", blank, {}, {}).mistake == "real"


def test_mistakes_are_also_tried_from_the_key() -> None:
    # The student's v1 is off, but their v4 is the key's v2 alone: still a dropped term.
    verdict = check_v4("10", {"v1": 0.5})
    assert verdict.mistake == "dropped-term"


def test_too_imprecise_is_incorrect_with_its_own_mistake() -> None:
    blank = Expectation(2.1966119332414817, NumberFormat())
    verdict = check("2.2", blank, {}, {})
    assert verdict.status == "incorrect"
    assert verdict.mistake == "too-imprecise"
    assert "give at least 4 significant figures" in verdict.message
    assert check("2.197", blank, {}, {}).status == "correct"


def test_a_coarser_tolerance_accepts_fewer_figures() -> None:
    blank = Expectation(2.1966119332414817, NumberFormat(Tolerance(rel=0.05)))
    assert check("2.2", blank, {}, {}).status == "correct"


def test_vectors_are_checked_elementwise() -> None:
    blank = Expectation(
        (1.5, -2.0),
        ArrayFormat((2,)),
        ("g",),
        lambda d: (d["g"], -2.0),
        (Mistake("swapped", "the elements are swapped", lambda d: (-2.0, 1.5)),),
    )
    assert check("[1.5 -2]", blank, {"g": 1.5}, {"g": 1.5}).status == "correct"
    assert check("[-2, 1.5]", blank, {"g": 1.5}, {"g": 1.5}).mistake == "swapped"
    assert check("[3, -2]", blank, {"g": 1.5}, {"g": 3.0}, ("g",)).status == "consistent"
    assert check("[1.5, -2, 3]", blank, {"g": 1.5}, {"g": 1.5}).status == "invalid"


def test_read_entry_never_raises() -> None:
    assert isinstance(read_entry("9^9^9^9", NumberFormat()), Verdict)
    assert isinstance(read_entry("[1, 2", ArrayFormat((2,))), Verdict)
    assert read_entry("", NumberFormat()) == Verdict("blank")
