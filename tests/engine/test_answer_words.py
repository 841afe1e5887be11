"""Choice, sign, complexity, interval and direction answers: reading, comparing, mistakes.

Expected readings are written by hand from the mathematics (what the entry means), never
taken from the engine's own output.
"""

from __future__ import annotations

import math

import pytest

from engine.checking import Expectation, Mistake, check, constant
from engine.errors import MathError
from engine.qualitative import ChoiceFormat, ComplexityFormat, SignFormat, read_complexity
from engine.regions import (
    Direction,
    DirectionFormat,
    Interval,
    IntervalFormat,
    end_variants,
    read_interval,
)

OPTIONS = ChoiceFormat(("converges", "oscillates", "diverges"))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("oscillates", "oscillates"),
        ("  Oscillates ", "oscillates"),
        ("osc", "oscillates"),
        ("3", "diverges"),
        ("d", "diverges"),
    ],
)
def test_a_choice_is_read_in_full_by_prefix_or_number(typed: str, meant: str) -> None:
    assert OPTIONS.read(typed).value == meant


@pytest.mark.parametrize("typed", ["", "stays", "4", "0"])
def test_a_choice_outside_the_options_is_refused_with_them(typed: str) -> None:
    with pytest.raises(MathError):
        OPTIONS.read(typed)


def test_an_ambiguous_prefix_names_the_options() -> None:
    both = ChoiceFormat(("diverges slowly", "diverges fast"))
    with pytest.raises(MathError, match="starts several options"):
        both.read("div")


@pytest.mark.parametrize(
    ("typed", "sign"),
    [
        ("positive", "positive"),
        ("+", "positive"),
        ("> 0", "positive"),
        ("neg", "negative"),
        ("<0", "negative"),
        ("0", "zero"),
        ("Zero", "zero"),
    ],
)
def test_signs(typed: str, sign: str) -> None:
    assert SignFormat().read(typed).value == sign


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("O(1)", "O(5)"),
        ("O(T)", "T"),
        ("O(n^2)", "O(n²)"),
        ("O(n^2)", "O(3n^2 + 2n + 7)"),
        ("O(n log n)", "O(n·log(n) + n)"),
        ("O(nm)", "O(nm + 1)"),
        ("O(n m)", "O(m·n)"),
        ("O(sqrt(n))", "O(n^0.5)"),
        ("O(T)", "Θ(T)"),
    ],
)
def test_complexity_classes_ignore_constants_and_lower_terms(first: str, second: str) -> None:
    assert read_complexity(first) == read_complexity(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [("O(1)", "O(T)"), ("O(n)", "O(n log n)"), ("O(n^2)", "O(n)"), ("O(n m)", "O(n + m)")],
)
def test_different_complexity_classes_differ(first: str, second: str) -> None:
    assert read_complexity(first) != read_complexity(second)


@pytest.mark.parametrize("typed", ["O(", "O(n", "O(2^n)", "O(n/x)", "O(n) x $"])
def test_unreadable_complexity_is_a_parse_error(typed: str) -> None:
    with pytest.raises(MathError):
        read_complexity(typed)


def test_a_complexity_key_shows_as_a_readable_entry() -> None:
    fmt = ComplexityFormat()
    for typed in ("O(n log n)", "O(T)", "O(1)", "O(n^2 m)"):
        shown = fmt.show(fmt.read(typed).value)
        assert fmt.agrees(fmt.read(shown).value, fmt.read(typed).value)


OPEN_0_2 = Interval(0.0, 2.0, False, False)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("0 < α < 2", OPEN_0_2),
        ("0<alpha<2", OPEN_0_2),
        ("2 > α > 0", OPEN_0_2),
        ("(0, 2)", OPEN_0_2),
        ("α ∈ (0, 2)", OPEN_0_2),
        ("0 ≤ α < 2", Interval(0.0, 2.0, True, False)),
        ("0 <= a <= 4/2", Interval(0.0, 2.0, True, True)),
        ("(0, 2]", Interval(0.0, 2.0, False, True)),
        ("α ≥ 1", Interval(1.0, math.inf, True, False)),
        ("α < 2", Interval(-math.inf, 2.0, False, False)),
        ("0 < η", Interval(0.0, math.inf, False, False)),
        ("[1, inf)", Interval(1.0, math.inf, True, False)),
        ("(-∞, 3)", Interval(-math.inf, 3.0, False, False)),
    ],
)
def test_intervals_as_inequalities_or_brackets(typed: str, meant: Interval) -> None:
    assert IntervalFormat().agrees(read_interval(typed), meant)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("(2, 0)", "empty"),
        ("[0, inf]", "infinite end"),
        ("0 < a > 2", "same way"),
        ("0 < 1 < 2", "variable"),
        ("(0, 1, 2)", "one comma"),
        ("0 < a < b", "cannot read the end"),
    ],
)
def test_malformed_intervals_say_why(typed: str, why: str) -> None:
    with pytest.raises(MathError, match=why):
        read_interval(typed)


def test_interval_ends_use_the_tolerance_and_the_inclusion_must_match() -> None:
    fmt = IntervalFormat()
    assert fmt.agrees(read_interval("0 < α < 1.9999"), OPEN_0_2)
    assert not fmt.agrees(read_interval("0 < α < 1.9"), OPEN_0_2)
    assert not fmt.agrees(read_interval("0 < α ≤ 2"), OPEN_0_2)


def _interval_verdict(typed: str, key: Interval) -> tuple[str, str | None, str]:
    fmt = IntervalFormat()
    mistakes = tuple(Mistake(i, m, constant(v)) for i, m, v in end_variants(key))
    verdict = check(typed, Expectation(key, fmt, mistakes=mistakes), {}, {})
    return verdict.status, verdict.mistake, verdict.message


def test_a_closed_end_for_an_open_one_is_named_with_the_end() -> None:
    status, mistake, message = _interval_verdict("0 < α ≤ 2", OPEN_0_2)
    assert (status, mistake) == ("incorrect", "closed-end")
    assert "the end 2 is not part" in message
    status, mistake, message = _interval_verdict("[0, 2]", OPEN_0_2)
    assert mistake == "closed-end" and "the ends 0 and 2 are" in message


def test_an_open_end_for_a_closed_one_is_named() -> None:
    status, mistake, message = _interval_verdict("1 < x", Interval(1.0, math.inf, True, False))
    assert (status, mistake) == ("incorrect", "open-end")
    assert "the end 1 is part" in message


@pytest.mark.parametrize(
    "typed", ["[1, 1]", "(2, 2)", "0.5, 0.5", "[3; 3]", "[1e-320, 1e-320]", "[1e300, 1e300]"]
)
def test_a_direction_is_any_positive_multiple(typed: str) -> None:
    fmt = DirectionFormat(2)
    assert fmt.agrees(fmt.read(typed).value, Direction((1.0, 1.0)))


@pytest.mark.parametrize("typed", ["[1, 0.9]", "[1, -1]", "[-1, -1]"])
def test_other_directions_are_not_accepted(typed: str) -> None:
    fmt = DirectionFormat(2)
    assert not fmt.agrees(fmt.read(typed).value, Direction((1.0, 1.0)))


@pytest.mark.parametrize(("typed", "why"), [("[0, 0]", "zero vector"), ("[1, 2, 3]", "2")])
def test_a_direction_must_be_a_nonzero_vector_of_its_size(typed: str, why: str) -> None:
    with pytest.raises(MathError, match=why):
        DirectionFormat(2).read(typed)


def test_the_opposite_direction_is_a_named_mistake() -> None:
    key = Direction((2.0, 1.0))
    fmt = DirectionFormat(2)
    opposite = Mistake("opposite-direction", "the other way", constant(key.opposite()))
    verdict = check("[-4, -2]", Expectation(key, fmt, mistakes=(opposite,)), {}, {})
    assert (verdict.status, verdict.mistake) == ("incorrect", "opposite-direction")
