"""Provides tests of graphs and traces on the course problems, against sympy and by hand."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pytest
import sympy as sp

from engine.errors import EvaluationError
from engine.graph import Graph, GraphError, graph_from_functions, graph_from_trace
from engine.trace import (
    adjoints,
    build_graph,
    evaluate_graph,
    finite_differences,
    jacobian,
    kinks,
    tangents,
)

w1, w2, x, y, x1, x2 = sp.symbols("w1 w2 x y x1 x2")


def sigmoid(t: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-t))


# Each course problem: functions as the student reads them, the same built in sympy, the point.
PROBLEM_6 = ({"f": "(x + y)(y + 1)"}, {"f": (x + y) * (y + 1)}, {"x": 1.0, "y": 2.0})
_INNER = sp.exp(w1) + sp.exp(2 * w2)
PROBLEM_7 = (
    {"f1": "e^(e^w1 + e^(2w2)) + sin(e^w1 + e^(2w2))", "f2": "w1 w2 + σ(w1)"},
    {"f1": sp.exp(_INNER) + sp.sin(_INNER), "f2": w1 * w2 + sigmoid(w1)},
    {"w1": 1.0, "w2": 2.0},
)
PROBLEM_8 = (
    {"f1": "cos(w1)cos(w2) + σ(w2)", "f2": "ln(w1 + w2) + w1²·w2"},
    {"f1": sp.cos(w1) * sp.cos(w2) + sigmoid(w2), "f2": sp.log(w1 + w2) + w1**2 * w2},
    {"w1": 1.0, "w2": 2.0},
)
PROBLEM_9 = (
    {"f": "ln(x1) + x1 x2 - sin(x2)"},
    {"f": sp.log(x1) + x1 * x2 - sp.sin(x2)},
    {"x1": 2.0, "x2": 5.0},
)
PROBLEMS = {"6": PROBLEM_6, "7": PROBLEM_7, "8": PROBLEM_8, "9": PROBLEM_9}


def sympy_jacobian(
    functions: Mapping[str, sp.Expr], point: Mapping[str, float]
) -> list[list[float]]:
    symbols = [sp.Symbol(name) for name in point]
    at = {s: sp.Float(point[s.name], 30) for s in symbols}
    return [[float(sp.diff(f, s).subs(at).evalf(30)) for s in symbols] for f in functions.values()]


def assert_matrix_close(got: Sequence[Sequence[float]], want: Sequence[Sequence[float]]) -> None:
    assert len(got) == len(want)
    for got_row, want_row in zip(got, want, strict=True):
        assert list(got_row) == pytest.approx(list(want_row), rel=1e-11, abs=1e-12)


def assert_matrix_close_by(
    got: Sequence[Sequence[float]], want: Sequence[Sequence[float]], rel: float
) -> None:
    for got_row, want_row in zip(got, want, strict=True):
        assert list(got_row) == pytest.approx(list(want_row), rel=rel)


def forward_jacobian(graph: Graph, point: Mapping[str, float]) -> list[list[float]]:
    """One forward sweep per input: column j is the output tangents seeded on input j."""
    evaluation = evaluate_graph(graph, point)
    columns = []
    for node in graph.inputs:
        tangent = tangents(graph, evaluation, {node: 1.0})
        columns.append([tangent[graph.outputs[o]] for o in graph.outputs])
    return [list(row) for row in zip(*columns, strict=True)]


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
def test_reverse_mode_jacobian_matches_sympy(problem: str) -> None:
    texts, symbolic, point = PROBLEMS[problem]
    graph = graph_from_functions(texts, list(point))
    reverse = jacobian(graph, evaluate_graph(graph, point))
    assert_matrix_close(reverse, sympy_jacobian(symbolic, point))


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
def test_forward_mode_jacobian_matches_sympy(problem: str) -> None:
    texts, symbolic, point = PROBLEMS[problem]
    graph = graph_from_functions(texts, list(point))
    assert_matrix_close(forward_jacobian(graph, point), sympy_jacobian(symbolic, point))


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
def test_output_values_match_sympy(problem: str) -> None:
    texts, symbolic, point = PROBLEMS[problem]
    graph = graph_from_functions(texts, list(point))
    values = evaluate_graph(graph, point).values
    at = {sp.Symbol(k): v for k, v in point.items()}
    for output, function in symbolic.items():
        assert values[graph.outputs[output]] == pytest.approx(float(function.subs(at)), rel=1e-13)


def test_a_seed_on_both_inputs_gives_the_directional_derivative() -> None:
    texts, symbolic, point = PROBLEM_8
    graph = graph_from_functions(texts, list(point))
    tangent = tangents(graph, evaluate_graph(graph, point), {"v-1": 0.3, "v0": -2.0})
    want = sympy_jacobian(symbolic, point)
    for row, output in zip(want, graph.outputs, strict=True):
        assert tangent[graph.outputs[output]] == pytest.approx(0.3 * row[0] - 2.0 * row[1])


def test_survey_example_baydin_names_and_steps() -> None:
    texts, _, point = PROBLEM_9
    graph = graph_from_functions(texts, list(point))
    assert graph.inputs == ("v-1", "v0")
    assert dict(graph.variables) == {"x1": "v-1", "x2": "v0"}
    assert dict(graph.outputs) == {"f": "v5"}
    steps = {step.name: (step.op, step.refs) for step in graph.steps}
    assert steps == {
        "v1": ("log", ("v-1",)),
        "v2": ("mul", ("v-1", "v0")),
        "v3": ("sin", ("v0",)),
        "v4": ("add", ("v1", "v2")),
        "v5": ("sub", ("v4", "v3")),
    }
    assert [step.label for step in graph.steps] == [
        "v1 = ln(v₋₁)",
        "v2 = v₋₁·v0",
        "v3 = sin(v0)",
        "v4 = v1 + v2",
        "v5 = v4 - v3",
    ]


def test_survey_example_matches_the_hand_worked_tables() -> None:
    """Baydin et al. (2018), tables 2 and 3, rounded to three decimals as printed there."""
    texts, _, point = PROBLEM_9
    graph = graph_from_functions(texts, list(point))
    evaluation = evaluate_graph(graph, point)
    values = {k: round(v, 3) for k, v in evaluation.values.items()}
    assert values == {
        "v-1": 2.0, "v0": 5.0, "v1": 0.693, "v2": 10.0, "v3": -0.959, "v4": 10.693, "v5": 11.652,
    }  # fmt: skip
    tangent = {k: round(v, 3) for k, v in tangents(graph, evaluation, {"v-1": 1.0}).items()}
    assert tangent == {"v-1": 1.0, "v0": 0.0, "v1": 0.5, "v2": 5.0, "v3": 0.0, "v4": 5.5, "v5": 5.5}
    adjoint = {k: round(v, 3) for k, v in adjoints(graph, evaluation, "f").items()}
    assert adjoint == {
        "v5": 1.0, "v4": 1.0, "v3": -1.0, "v2": 1.0, "v1": 1.0, "v0": 1.716, "v-1": 5.5,
    }  # fmt: skip


def test_problem_7_shares_the_inner_sum_and_numbers_by_depth() -> None:
    texts, _, point = PROBLEM_7
    graph = graph_from_functions(texts, list(point))
    labels = [step.label for step in graph.steps]
    assert labels == [
        "v1 = e^v₋₁",
        "v2 = 2·v0",
        "v3 = e^v2",
        "v4 = v1 + v3",
        "v5 = e^v4",
        "v6 = sin(v4)",
        "v7 = v5 + v6",
        "v8 = v₋₁·v0",
        "v9 = σ(v₋₁)",
        "v10 = v8 + v9",
    ]
    assert dict(graph.outputs) == {"f1": "v7", "f2": "v10"}
    sums_of_exps = [s for s in graph.steps if s.op == "add" and set(s.refs) == {"v1", "v3"}]
    assert len(sums_of_exps) == 1
    assert [s.name for s in graph.consumers("v4")] == ["v5", "v6"]
    assert [s.name for s in graph.consumers("v-1")] == ["v1", "v8", "v9"]


def test_outputs_share_nodes_and_constants_are_not_steps() -> None:
    graph = graph_from_functions({"f1": "sin(x y)", "f2": "x y + 2·3"}, ["x", "y"])
    assert [step.label for step in graph.steps] == ["v1 = v₋₁·v0", "v2 = sin(v1)", "v3 = v1 + 2·3"]
    assert [s.name for s in graph.consumers("v1")] == ["v2", "v3"]
    assert graph.constants == (("2·3", 6.0),)
    assert graph.node_names() == ("v-1", "v0", "v1", "v2", "v3")
    assert graph.variable_of("v0") == "y" and graph.variable_of("v2") is None
    problem_7 = graph_from_functions(PROBLEM_7[0], ["w1", "w2"])
    assert problem_7.constants == (("2", 2.0),)


def test_adjoints_sum_over_every_use() -> None:
    texts, _, point = PROBLEM_7
    graph = graph_from_functions(texts, list(point))
    evaluation = evaluate_graph(graph, point)
    inner = math.exp(1.0) + math.exp(4.0)
    bar = adjoints(graph, evaluation, "f1")
    assert bar["v4"] == pytest.approx(math.exp(inner) + math.cos(inner), rel=1e-13)
    s = 1 / (1 + math.exp(-1.0))
    bar2 = adjoints(graph, evaluation, "f2")
    assert bar2["v-1"] == pytest.approx(2.0 + s * (1 - s), rel=1e-13)  # two paths: v8 and v9
    assert bar2["v4"] == 0.0


def test_problem_6_with_named_trace_lines() -> None:
    texts, _, point = PROBLEM_6
    graph = build_graph(texts, list(point), point, ["a = x + y", "b = y + 1", "f = a b"])
    assert [step.name for step in graph.steps] == ["a", "b", "f"]
    evaluation = evaluate_graph(graph, point)
    assert evaluation.values == {"x": 1.0, "y": 2.0, "a": 3.0, "b": 3.0, "f": 9.0}
    # y feeds two nodes: its adjoint is b + a = 6, not 3.
    assert adjoints(graph, evaluation, "f") == {
        "x": 3.0, "y": 6.0, "a": 3.0, "b": 3.0, "f": 1.0
    }  # fmt: skip


def test_a_line_with_several_operations_has_partials_by_reference() -> None:
    texts, symbolic, point = PROBLEM_7
    trace = ["a = e^w1 + e^(2w2)", "f1 = e^a + sin(a)", "f2 = w1 w2 + σ(w1)"]
    graph = build_graph(texts, list(point), point, trace)
    assert graph.step("a").op == "expr"
    evaluation = evaluate_graph(graph, point)
    assert dict(evaluation.partials["a"]) == pytest.approx({"w1": math.e, "w2": 2 * math.e**4})
    assert_matrix_close(jacobian(graph, evaluation), sympy_jacobian(symbolic, point))
    assert_matrix_close(forward_jacobian(graph, point), sympy_jacobian(symbolic, point))


def test_a_node_used_twice_in_one_line() -> None:
    graph = graph_from_trace(["a = sin(x)", "b = a·a", "f = a + b"], ["x"], None)
    evaluation = evaluate_graph(graph, {"x": 0.4})
    want = float(sp.diff(sp.sin(x) + sp.sin(x) ** 2, x).subs(x, 0.4))
    assert adjoints(graph, evaluation, "f")["x"] == pytest.approx(want, rel=1e-14)
    assert tangents(graph, evaluation, {"x": 1.0})["f"] == pytest.approx(want, rel=1e-14)


def test_a_wrong_trace_line_is_named() -> None:
    texts, _, point = PROBLEM_6
    with pytest.raises(GraphError) as caught:
        build_graph(texts, list(point), point, ["a = x + y", "b = y - 1", "f = a b"])
    assert "line 2 'b = y - 1'" in str(caught.value)
    assert caught.value.line == 1 and caught.value.field == "trace"
    with pytest.raises(GraphError, match="line 3 'f = a \\+ b'"):
        build_graph(texts, list(point), point, ["a = x + y", "b = y + 1", "f = a + b"])


def test_a_wrong_line_under_a_huge_output_is_named() -> None:
    texts, _, point = PROBLEM_7
    trace = ["a = e^w1 + e^(2w2)", "c = cos(a)", "f1 = e^a + c", "f2 = w1 w2 + σ(w1)"]
    with pytest.raises(GraphError, match="line 2"):
        build_graph(texts, list(point), point, trace)


@pytest.mark.parametrize(
    ("lines", "fragment"),
    [
        (["a = x +", "f = a"], "line 1 'a = x +': expected an expression after '+'"),
        (["a = x + q"], "line 1 'a = x + q': unknown name 'q'"),
        (["a = x", "a = 2x"], "line 2 'a = 2x': 'a' is already defined"),
        (["sin = x"], "'sin' is a function or constant name"),
        (["a x"], "write it as 'name = expression'"),
        (["a = 2"], "uses no input or earlier line"),
        (["2a = x"], "is not a name"),
        ([], "no lines"),
    ],
)
def test_trace_errors_name_the_line(lines: list[str], fragment: str) -> None:
    with pytest.raises(GraphError) as caught:
        graph_from_trace(lines, ["x"], None)
    assert fragment in str(caught.value)


def test_an_output_without_a_line_is_an_error() -> None:
    with pytest.raises(GraphError, match="no trace line defines the output 'f2'"):
        graph_from_trace(["f1 = 2x"], ["x"], ["f1", "f2"])


def test_a_function_that_does_not_depend_on_the_inputs_is_refused() -> None:
    with pytest.raises(GraphError, match="f does not depend on any input"):
        graph_from_functions({"f": "2 + 3"}, ["x"])


def test_evaluation_errors_name_the_step() -> None:
    graph = graph_from_functions({"f": "ln(x - 3)"}, ["x"])
    with pytest.raises(EvaluationError, match=r"v2 = ln\(v1\): ln is only defined"):
        evaluate_graph(graph, {"x": 1.0})


def test_kinks_are_reported() -> None:
    graph = graph_from_functions({"f": "relu(x - 1) + abs(x)"}, ["x"])
    # depth 1: v1 = v0 - 1 and v2 = abs(v0); depth 2: v3 = relu(v1)
    assert kinks(graph, evaluate_graph(graph, {"x": 1.0})) == ["v3 = relu(v1)"]
    assert kinks(graph, evaluate_graph(graph, {"x": 0.0})) == ["v2 = abs(v0)"]
    assert kinks(graph, evaluate_graph(graph, {"x": 2.0})) == []


def problem_7_by_hand(v1: float, v2: float) -> tuple[float, float]:
    inner = math.exp(v1) + math.exp(2 * v2)
    return math.exp(inner) + math.sin(inner), v1 * v2 + 1 / (1 + math.exp(-v1))


def test_forward_differences_match_my_own_computation() -> None:
    texts, _, point = PROBLEM_7
    fd = finite_differences(graph_from_functions(texts, list(point)), point, 0.01, "forward")
    base = problem_7_by_hand(1.0, 2.0)
    plus = {"w1": problem_7_by_hand(1.01, 2.0), "w2": problem_7_by_hand(1.0, 2.01)}
    assert [fd.base["f1"], fd.base["f2"]] == pytest.approx(list(base), rel=1e-13)
    for variable in ("w1", "w2"):
        assert [fd.plus[variable]["f1"], fd.plus[variable]["f2"]] == pytest.approx(
            list(plus[variable]), rel=1e-13
        )
    want = [[(plus[v][i] - base[i]) / 0.01 for v in ("w1", "w2")] for i in (0, 1)]
    assert_matrix_close_by(fd.jacobian, want, 1e-9)
    assert fd.minus == {}
    assert (fd.delta, fd.scheme) == (0.01, "forward")


def test_central_differences_match_my_own_computation() -> None:
    texts, _, point = PROBLEM_7
    fd = finite_differences(graph_from_functions(texts, list(point)), point, 0.01, "central")
    steps = {"w1": (0.01, 0.0), "w2": (0.0, 0.01)}
    want = [[0.0, 0.0], [0.0, 0.0]]
    for j, (d1, d2) in enumerate(steps.values()):
        ahead, behind = problem_7_by_hand(1 + d1, 2 + d2), problem_7_by_hand(1 - d1, 2 - d2)
        for i in (0, 1):
            want[i][j] = (ahead[i] - behind[i]) / 0.02
    assert_matrix_close_by(fd.jacobian, want, 1e-9)
    assert set(fd.minus) == {"w1", "w2"}


def test_forward_differences_on_problem_7_differ_visibly_for_f1() -> None:
    texts, symbolic, point = PROBLEM_7
    fd = finite_differences(graph_from_functions(texts, list(point)), point, 0.01, "forward")
    exact = sympy_jacobian(symbolic, point)
    f1_errors = [abs(fd.jacobian[0][j] - exact[0][j]) / abs(exact[0][j]) for j in (0, 1)]
    assert min(f1_errors) > 0.01  # far outside a 0.1% tolerance: the lesson of the problem
    assert f1_errors[1] > 0.5  # e^(2·w2) inside e^(...) makes the w2 column the worst
    assert fd.jacobian[1] == pytest.approx(exact[1], rel=1e-2)  # f2 is tame


def test_central_differences_are_closer_than_forward_ones() -> None:
    texts, symbolic, point = PROBLEM_8
    graph = graph_from_functions(texts, list(point))
    exact = sympy_jacobian(symbolic, point)
    forward = finite_differences(graph, point, 0.01, "forward").jacobian
    central = finite_differences(graph, point, 0.01, "central").jacobian
    for i in (0, 1):
        for j in (0, 1):
            assert abs(central[i][j] - exact[i][j]) < abs(forward[i][j] - exact[i][j])
    fine = finite_differences(graph, point, 1e-4, "central").jacobian
    assert_matrix_close_by(fine, exact, 1e-7)


def test_an_unknown_scheme_is_refused() -> None:
    texts, _, point = PROBLEM_6
    with pytest.raises(ValueError, match="unknown scheme 'backward'"):
        finite_differences(graph_from_functions(texts, list(point)), point, 0.01, "backward")
