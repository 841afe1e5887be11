"""The check of a student's own graph, line by line and output by output (course problem 7)."""

from __future__ import annotations

import pytest

from engine.decomposition import check_decomposition

FUNCTIONS = {
    "f1": "exp(exp(w1) + exp(2*w2)) + sin(exp(w1) + exp(2*w2))",
    "f2": "w1*w2 + sigmoid(w1)",
}
POINT = {"w1": 1.0, "w2": 2.0}
OWN = [
    "c = exp(w1)",
    "d = exp(2*w2)",
    "g = c + d",
    "h = exp(g)",
    "k = sin(g)",
    "f1 = h + k",
    "m = w1*w2",
    "n = σ(w1)",
    "f2 = m + n",
]


def _check(lines: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    found = check_decomposition(lines, ["w1", "w2"], FUNCTIONS, POINT, "test")
    return found.line_problems, found.output_problems


def test_a_graph_with_own_names_computes_the_functions() -> None:
    assert _check(OWN) == ((), ())


def test_repeated_nodes_other_names_and_an_alias_for_the_output() -> None:
    lines = [
        "w3 = exp(w1)",
        "w4 = exp(2*w2)",
        "w5 = w3 + w4",
        "w6 = exp(w5)",
        "w7 = exp(w1)",
        "w8 = exp(2*w2)",
        "w9 = w7 + w8",
        "w10 = sin(w9)",
        "w11 = w6 + w10",
        "f1 = w11",
        "a = σ(w1)",
        "b = w1*w2",
        "f2 = a + b",
    ]
    assert _check(lines) == ((), ())


@pytest.mark.parametrize(
    ("index", "line", "says"),
    [
        (2, "g = c + d + 1 + c", "give c + d a node of its own"),
        (3, "h = exp(g) + sin(g)", "holds 3 operations"),
        (2, "g = c + q", "'q' is not an input or an earlier node"),
        (2, "g = c + h", "'h' is defined on a later line; move this line after it"),
        (2, "c = c + d", "'c' is already an input or an earlier node"),
        (2, "sin = c + d", "cannot name a node"),
        (2, "pi = c + d", "'pi' is a constant"),
        (2, "g c + d", "write it as 'name = expression'"),
        (2, "g = 3", "uses no input"),
    ],
)
def test_each_bad_line_says_what_is_wrong(index: int, line: str, says: str) -> None:
    lines = [*OWN[:index], line, *OWN[index + 1 :]]
    problems, _ = _check(lines)
    assert problems and problems[0].startswith(f"line {index + 1} ")
    assert says in problems[0]


def test_a_constant_factor_rides_along_with_one_operation() -> None:
    assert _check(["u = 2*w2 - 1", *OWN])[0] == ()
    assert _check([*OWN[:1], "d = 3*exp(2*w2)/2", *OWN[2:]])[0] == ()


def test_each_line_is_reported_not_only_the_first() -> None:
    lines = [*OWN[:3], "h = exp(g) + 1 + sin(g)", "k = sin(g)", "f1 = h + k", "f2 = w1*w2 + σ(w1)"]
    problems, _ = _check(lines)
    assert [p.split(" ")[1] for p in problems] == ["4", "7"]


def test_an_output_that_is_off_names_the_first_node_that_is_no_part_of_it() -> None:
    lines = [*OWN[:2], "g = c*d", *OWN[3:]]
    problems, off = _check(lines)
    assert problems == ()
    assert off == (
        "f1 is not the function: from line 3 'g = c·d' on, the graph computes something that "
        "is no part of it",
    )
    wrong_f2 = [*OWN[:7], "n = σ(w2)", "f2 = m + n"]
    assert _check(wrong_f2)[1][0].startswith("f2 is not the function: from line 8")


def test_a_missing_output_is_named() -> None:
    _, off = _check([*OWN[:6], "g2 = w1*w2 + 1"])
    assert off == ("no line computes f2: name the node that does f2",)
