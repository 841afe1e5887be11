"""Provides tests of answer formats: reading entries, tolerances and their descriptions."""

from __future__ import annotations

import math
import re

import pytest

from engine.answers import (
    INTEGER,
    ArrayFormat,
    NumberFormat,
    ShapeFormat,
    Tolerance,
    YesNoFormat,
    number_format,
    read_number,
    round_significant,
    show_number,
)
from engine.errors import MathError, ParseError


@pytest.mark.parametrize(
    ("text", "value", "shown"),
    [
        ("1/3 + 4", 1 / 3 + 4, "4.33333"),
        ("e^2", math.exp(2), "7.38906"),
        ("sqrt(2)/2", math.sqrt(2) / 2, "0.707107"),
        ("-cos(5)", -math.cos(5), "-0.283662"),
        ("7.802×10^24", 7.802e24, "7.802e+24"),
        ("  3 ", 3.0, "3"),
        ("1e-3", 0.001, "0.001"),
        ("−2.5", -2.5, "-2.5"),
        ("2·π", 2 * math.pi, "6.28319"),
    ],
)
def test_read_number(text: str, value: float, shown: str) -> None:
    reading = read_number(text)
    assert reading.value == pytest.approx(value, rel=1e-15)
    assert reading.shown == shown
    assert NumberFormat().read(text) == reading


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("abc", "unknown name 'abc'; only numbers are expected here"),
        ("[1, 2]", "expected one number here, not a vector"),
        ("1,5", "use a point for decimals (1.5), not a comma"),
        ("1, 5", "unexpected ','"),
        ("", "empty"),
    ],
)
def test_unreadable_numbers(text: str, fragment: str) -> None:
    with pytest.raises(ParseError, match=re.escape(fragment)):
        read_number(text)


def test_show_number() -> None:
    assert show_number(3.0) == "3"
    assert show_number(-12.0) == "-12"
    assert show_number(1 / 3) == "0.333333"
    assert show_number(2.1966119332414817) == "2.19661"
    assert show_number(8.519576425751891e26) == "8.51958e+26"


def test_default_tolerance_is_relative_one_in_a_thousand() -> None:
    tolerance = Tolerance()
    assert (tolerance.rel, tolerance.exact) == (1e-3, False)
    assert 0 < tolerance.abs <= 1e-6
    assert tolerance.accepts(1000.9, 1000.0)
    assert not tolerance.accepts(1001.1, 1000.0)
    assert tolerance.accepts(-0.0009995, -0.001)
    assert not tolerance.accepts(0.001, -0.001)
    assert tolerance.accepts(1e-12, 0.0)  # the absolute floor
    assert not tolerance.accepts(1e-3, 0.0)
    big = 8.519576425751891e26
    assert tolerance.accepts(big * 1.0009, big) and not tolerance.accepts(big * 1.0011, big)


def test_exact_tolerance_for_integers() -> None:
    tolerance = Tolerance(exact=True)
    assert tolerance.accepts(64.0, 64.0)
    assert not tolerance.accepts(64.001, 64.0)
    assert not tolerance.accepts(63.0, 64.0)
    assert not tolerance.accepts(1_728_001.0, 1_728_000.0)


@pytest.mark.parametrize(
    ("tolerance", "text"),
    [
        (Tolerance(), "within 0.1%"),
        (Tolerance(exact=True), "exact integer"),
        (Tolerance(rel=0.01), "within 1%"),
        (Tolerance(rel=5e-4), "within 0.05%"),
        (Tolerance(rel=0.0, abs=0.5), "within ±0.5"),
    ],
)
def test_tolerance_descriptions(tolerance: Tolerance, text: str) -> None:
    assert tolerance.describe() == text
    assert NumberFormat(tolerance).describe() == text


@pytest.mark.parametrize("rel", [0.05, 0.01, 5e-3, 1e-3, 5e-4, 1e-4, 1e-5])
def test_figures_needed_always_land_within_the_tolerance(rel: float) -> None:
    figures = Tolerance(rel=rel).figures_needed()
    # The worst rounding to n figures is half a unit in the n-th figure of a value just
    # above a power of ten: 0.5 * 10^(1-n) relative. Fewer figures must sometimes fail.
    assert 0.5 * 10 ** (1 - figures) <= rel
    assert 0.5 * 10 ** (2 - figures) > rel
    for value in (1.00049999, 2.1966119332414817, 9.87654321, 123.456789, 0.0314159):
        assert Tolerance(rel=rel).accepts(round_significant(value, figures), value)


def test_figures_needed_default_is_four() -> None:
    assert Tolerance().figures_needed() == 4


def test_number_format_for_integer_keys_is_exact() -> None:
    assert number_format(64.0) == INTEGER
    assert number_format(64.0).describe() == "exact integer"
    assert number_format(2.5).describe() == "within 0.1%"
    assert number_format(64.0, Tolerance(rel=0.01)).describe() == "within 1%"
    assert INTEGER.to_json(64.0) == 64 and isinstance(INTEGER.to_json(64.0), int)
    assert NumberFormat().to_json(2.5) == 2.5


def test_too_imprecise_names_the_figures_to_give() -> None:
    fmt = NumberFormat()
    message = fmt.imprecision(2.2, 2.1966119332414817)
    assert message is not None
    assert "2 significant figures" in message
    assert "give at least 4 significant figures" in message
    assert "within 0.1%" in message
    assert fmt.imprecision(2.0, 2.1966119332414817) is not None  # 1 figure
    assert fmt.imprecision(2.5, 2.1966119332414817) is None  # simply wrong
    assert fmt.imprecision(-2.2, 2.1966119332414817) is None
    assert INTEGER.imprecision(60.0, 64.0) is None
    assert fmt.imprecision(0.0, 0.0) is None


def test_a_precise_enough_entry_is_accepted() -> None:
    assert NumberFormat().agrees(2.197, 2.1966119332414817)
    assert not NumberFormat().agrees(2.2, 2.1966119332414817)


@pytest.mark.parametrize(
    ("shape", "text", "value"),
    [
        ((2,), "[1.5, -2]", (1.5, -2.0)),
        ((2,), "[1 -2]", (1.0, -2.0)),
        ((2,), "[1; -2]", (1.0, -2.0)),  # a column is a vector too
        ((2,), "[1/2, e^0]", (0.5, 1.0)),
        ((1,), "3", (3.0,)),
        ((2, 2), "[[1, 2], [3, 4]]", ((1.0, 2.0), (3.0, 4.0))),
        ((2, 2), "[1 2; 3 4]", ((1.0, 2.0), (3.0, 4.0))),
        ((2, 3), "[1 2 3; 4 5 6]", ((1.0, 2.0, 3.0), (4.0, 5.0, 6.0))),
    ],
)
def test_array_format_reads(shape: tuple[int, ...], text: str, value: object) -> None:
    assert ArrayFormat(shape).read(text).value == value


@pytest.mark.parametrize(
    ("shape", "text", "fragment"),
    [
        ((2,), "1.5", "expected a vector in brackets, like [1.5, -2]"),
        ((2,), "[1, 2, 3]", "expected 2 numbers, got 3"),
        ((2,), "[1 2; 3 4]", "not a matrix"),
        ((2, 2), "[1 2; 3]", "same number of entries"),
        ((2, 2), "[1 2 3; 4 5 6]", "expected a 2x2 matrix, got 2x3"),
        ((2, 2), "[[1, 2], [3, 4]", "expected ']'"),
    ],
)
def test_array_format_refuses(shape: tuple[int, ...], text: str, fragment: str) -> None:
    with pytest.raises(MathError) as caught:
        ArrayFormat(shape).read(text)
    assert fragment in str(caught.value)


def test_array_format_compares_elementwise() -> None:
    fmt = ArrayFormat((2,))
    assert fmt.agrees((1.0005, -2.0), (1.0, -2.0))
    assert not fmt.agrees((1.0, -2.01), (1.0, -2.0))
    assert not fmt.agrees((1.0,), (1.0, -2.0))
    assert fmt.describe().endswith("each element within 0.1%")
    assert fmt.show((1.5, -2.0)) == "[1.5, -2]"
    assert ArrayFormat((2, 2)).show(((1.0, 2.0), (3.0, 4.5))) == "[[1, 2], [3, 4.5]]"
    assert ArrayFormat((2, 2)).to_json(((1.0, 2.0), (3.0, 4.5))) == [[1.0, 2.0], [3.0, 4.5]]


@pytest.mark.parametrize("text", ["[64, 56, 56]", "(64, 56, 56)", "64x56x56", "64 × 56 × 56"])
def test_shape_format_reads(text: str) -> None:
    fmt = ShapeFormat()
    assert fmt.read(text).value == (64, 56, 56)
    assert fmt.agrees((64, 56, 56), (64, 56, 56)) and not fmt.agrees((64, 56), (64, 56, 56))
    assert fmt.show((64, 56, 56)) == "[64, 56, 56]"
    assert fmt.describe().startswith("exact shape")


@pytest.mark.parametrize("text", ["", "[]", "64 x 5.5", "a, b", "1" * 20])
def test_shape_format_refuses(text: str) -> None:
    with pytest.raises(ParseError):
        ShapeFormat().read(text)


def test_yes_no_format() -> None:
    fmt = YesNoFormat()
    assert [fmt.read(t).value for t in ("yes", "Y", " true ", "no", "n", "False")] == [
        True, True, True, False, False, False,
    ]  # fmt: skip
    with pytest.raises(ParseError, match="answer yes or no"):
        fmt.read("maybe")
    assert fmt.to_json(True) == "yes" and fmt.show(False) == "no"


def test_the_advice_on_figures_never_asks_for_more_than_the_answer_has() -> None:
    """3.75 (an average of 4 cells) rounded to 3.8: the answer itself has 3 figures."""
    message = NumberFormat(Tolerance()).imprecision(3.8, 3.75)
    assert message is not None and "give at least 3 significant figures" in message
    # ln 3 = 1.0986...: within 0.1% needs 4 figures
    ln3 = NumberFormat(Tolerance()).imprecision(1.1, 1.0986122886681098)
    assert ln3 is not None and "give at least 4 significant figures" in ln3
