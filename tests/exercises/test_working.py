"""The working of a blank: the rule, the student's numbers substituted, the result.

Expected lines are worked by hand here (GD on w⁴, a 2x2 window of a 3x3 convolution, an adjoint
with two paths, a Conv2d parameter count, a dilated output size), never read back from the
program; the walk over every built-in exercise checks that the working ends on the key.
"""

from __future__ import annotations

from typing import Any

import pytest

from exercises.kinds import KINDS
from exercises.loader import load_builtin_packs
from exercises.model import Instance, Worksheet
from exercises.working import sheet_working, working_of


def sheet(kind: str, **fields: Any) -> Worksheet:
    return KINDS[kind].build(Instance("test/x", kind, 0, "test", fields))


GD = {"objective": "w^4", "start": {"w": 2}, "lr": 0.01, "steps": 2}


def test_gradient_descent_gradient_then_step() -> None:
    ws = sheet("gradient-descent", **GD)
    # f = w⁴: f'(w) = 4w³ = 32 at w = 2; w(1) = 2 - 0.01·32 = 1.68.
    gradient = working_of(ws, "gradient:0")
    assert gradient.lines == (
        "g(0) = ∇f(w(0)), with ∂f/∂w = 4·w^3",
        "at w = 2",
        "= 4·2^3",
        "= 4·8",
        "= 32",
    )
    assert working_of(ws, "iterate:1").lines == ("w(1) = w(0) - η·g(0)", "= 2 - 0.01·32", "= 1.68")
    assert gradient.note == ""


def test_next_iterate_uses_the_students_own_gradient() -> None:
    ws = sheet("gradient-descent", **GD)
    # The student wrote g(0) = 30 (not 32): w(1) from it is 2 - 0.01·30 = 1.7.
    step = working_of(ws, "iterate:1", {"gradient:0": "30"})
    assert step.lines == ("w(1) = w(0) - η·g(0)", "= 2 - 0.01·30", "= 1.7")
    assert not step.agrees
    assert "g(0)" in step.note and "the key is 1.68" in step.note
    # ... and the next gradient is taken at their 1.7: 4·1.7³ = 4·4.913 = 19.652.
    assert working_of(ws, "gradient:1", {"gradient:0": "30"}).lines[-3:] == (
        "= 4·1.7^3",
        "= 4·4.913",
        "= 19.652",
    )


def test_a_gradient_reads_as_a_person_writes_it() -> None:
    ws = sheet("gradient-descent", objective="(w*1 - 100)^2/2", start={"w": 0}, lr=0.5, steps=1,
               ask_loss=True)  # fmt: skip
    # f = ½(w·1 - 100)²: f'(w) = w - 100, which is -100 at w = 0 (not 2·(0·1 - 100)/2);
    # f(w(1)) at w(1) = 0 - 0.5·(-100) = 50 is (50 - 100)²/2 = 2500/2 = 1250.
    assert working_of(ws, "gradient:0").lines == (
        "g(0) = ∇f(w(0)), with ∂f/∂w = w - 100",
        "at w = 0",
        "= 0 - 100",
        "= -100",
    )
    assert working_of(ws, "loss:1").lines == (
        "f(w) = (w - 100)^2/2",
        "= (50 - 100)^2/2",
        "= 2500/2",
        "= 1250",
    )


def test_a_gradient_of_two_parameters_gathers_its_numbers() -> None:
    ws = sheet("gradient-descent", objective="4*w1^2 + 2*w2^2 + w1*w2",
               start={"w1": -1, "w2": 1}, lr=0.1, steps=1)  # fmt: skip
    # ∂f/∂w1 = 8·w1 + w2 = -8 + 1 = -7 and ∂f/∂w2 = 4·w2 + w1 = 4 - 1 = 3 at (-1, 1).
    assert working_of(ws, "gradient:0").lines == (
        "g(0) = ∇f(w(0)), with ∂f/∂w1 = 8·w1 + w2, ∂f/∂w2 = 4·w2 + w1",
        "at w1 = -1, w2 = 1",
        "= [8·(-1) + 1, 4·1 + (-1)]",
        "= [(-8) + 1, 4 + (-1)]",
        "= [-7, 3]",
    )


def test_momentum_state_then_iterate() -> None:
    ws = sheet("gradient-descent", **{**GD, "method": "momentum", "momentum": 0.9, "steps": 2})
    # PyTorch: v(1) = g(0) = 32; w(1) = 2 - 0.01·32 = 1.68; g(1) = 4·1.68³ = 18.966528;
    # v(2) = 0.9·32 + 18.966528 = 47.766528.
    velocity = working_of(ws, "velocity:2")
    assert velocity.lines[1] == "= 0.9·32 + 18.9665"
    assert velocity.result == pytest.approx(47.766528)


def test_convolution_cell_window_products_sum_bias() -> None:
    ws = sheet(
        "convolution",
        input=[[1, 2, 0], [0, -1, 3], [2, 1, 1]],
        kernel=[[1, 0], [2, -1]],
        bias=[5],
    )
    # out[0, 1]: window rows 0-1, columns 1-2 = [[2, 0], [-1, 3]];
    # 1·2 + 0·0 + 2·(-1) + (-1)·3 = 2 - 2 - 3 = -3, plus bias 5 = 2.
    assert working_of(ws, "output:0:1").lines == (
        "out[0, 1] = Σ kernel · window + bias (padded rows 0–1, columns 1–2)",
        "window = [[2, 0], [-1, 3]]",
        "kernel = [[1, 0], [2, -1]]",
        "= 1·2 + 0·0 + 2·(-1) + (-1)·3 + 5",
        "= 2 + (-2) + (-3) + 5 (the zero products left out)",
        "= -3 + 5",
        "= 2",
    )


def test_output_size_with_dilation() -> None:
    ws = sheet("convolution", input=[[1] * 7] * 7, kernel=[[1, 0, 1]] * 3, dilation=2)
    # A 3-tap kernel dilated by 2 spans 5 cells: ⌊(7 + 0 - 2·2 - 1)/1⌋ + 1 = 3.
    lines = working_of(ws, "shape").lines
    assert lines[0].startswith("H_out = ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1")
    assert lines[1:] == (
        "H_out = ⌊(7 + 2·0 − 2·(3 − 1) − 1)/1⌋ + 1 = 3",
        "W_out = ⌊(7 + 2·0 − 2·(3 − 1) − 1)/1⌋ + 1 = 3",
        "= [3, 3]",
    )


def test_max_pooling_cell() -> None:
    ws = sheet("pooling", input=[[1, 3, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]], size=2)
    assert working_of(ws, "output:1:1").lines == (
        "out[1, 1] = max of the window (padded rows 2–3, columns 2–3)",
        "window = [[1, 0], [3, 4]]",
        "= max(1, 0, 3, 4)",
        "= 4",
    )


def test_adjoint_sums_one_term_per_path() -> None:
    ws = sheet(
        "reverse-ad",
        function="x*y*(y + 1)",
        trace=["a = x*y", "b = y + 1", "f = a*b"],
        at={"x": 3, "y": 2},
    )
    # y feeds a = x·y and b = y + 1: ∂f/∂y = ∂f/∂a·x + ∂f/∂b = b·x + a = 3·3 + 6 = 15.
    assert working_of(ws, "adjoint:f:y").lines == (
        "∂f/∂y = ∂f/∂a·x + ∂f/∂b",
        "= 3·3 + 6",
        "= 9 + 6",
        "= 15",
    )
    # A student who wrote ∂f/∂a = 4: 4·3 + 6 = 18.
    own = working_of(ws, "adjoint:f:y", {"adjoint:f:a": "4"})
    assert own.lines[1:] == ("= 4·3 + 6", "= 12 + 6", "= 18")
    assert "∂f/∂a" in own.note


def test_value_with_the_students_earlier_value() -> None:
    ws = sheet(
        "forward-ad", function="sin(x*y)", trace=["a = x*y", "f = sin(a)"], at={"x": 1, "y": 2}
    )
    assert working_of(ws, "value:f", {"value:a": "3"}).lines[:2] == ("f = sin(a)", "= sin(3)")


def test_conv2d_parameter_count_from_the_students_shape() -> None:
    ws = sheet(
        "network-size",
        input_shape=[3, 32, 32],
        layers=["conv3-16", {"type": "conv2d", "out": 8, "kernel": 5, "padding": 2}],
    )
    # 3x3 kernels over 3 channels, 16 filters: 3·3·3·16 + 16 = 448.
    assert working_of(ws, "params:0").lines == (
        "params = k_h·k_w·C_in·C_out + C_out",
        "= 3·3·3·16 + 16",
        "= 448",
    )
    # The student's first shape has 12 channels: the next layer's 5x5 filters read 12.
    own = working_of(ws, "params:1", {"shape:0": "[12, 32, 32]"})
    assert own.lines[1:] == ("= 5·5·12·8 + 8", "= 2408")


def test_a_kind_without_its_own_working_falls_back_to_the_last_hint() -> None:
    ws = sheet(
        "questions",
        questions=[
            {
                "id": "q",
                "ask": "2 + 2?",
                "type": "number",
                "answer": 4,
                "hints": ["Count on your fingers."],
            }
        ],
    )
    assert working_of(ws, "question:q").lines == ("Count on your fingers.", "= 4")


def test_sheet_working_is_in_sheet_order() -> None:
    ws = sheet("gradient-descent", **GD)
    assert [w.blank_id for w in sheet_working(ws)] == [b.id for b in ws.blanks]


LOADED = load_builtin_packs()
REFS = sorted(e.ref for p in LOADED.packs for e in p.exercises)


@pytest.mark.parametrize("ref", REFS)
def test_every_builtin_blank_has_a_working_that_ends_on_the_key(ref: str) -> None:
    exercise = next(e for p in LOADED.packs for e in p.exercises if e.ref == ref)
    for seed in (0, 1, 2):
        ws = exercise.instance(seed)
        for blank, working in zip(ws.blanks, sheet_working(ws), strict=True):
            assert working.lines, blank.id
            assert working.agrees, (blank.id, working.result_text, blank.answer_text)
            assert working.lines[-1].endswith(f"= {blank.answer_text}"), (blank.id, working.lines)
            assert all(line.strip() for line in working.lines), (blank.id, working.lines)


def test_finite_difference_with_the_students_function_values() -> None:
    ws = sheet("numeric-diff", function="x^2", at={"x": 3}, delta=0.1)
    # (f(3.1) - f(3))/0.1 = (9.61 - 9)/0.1 = 6.1
    assert working_of(ws, "jacobian:f:x").lines == (
        "∂f/∂x ≈ (f(x + δ) - f(x))/δ",
        "with f at x = 3.1: 9.61; f at x = 3: 9",
        "= (9.61 - 9)/0.1",
        "= 6.1",
    )
    # The student's f(3.1) = 9.6: (9.6 - 9)/0.1 = 6
    assert working_of(ws, "jacobian:f:x", {"value:f@x+": "9.6"}).lines[-2:] == (
        "= (9.6 - 9)/0.1",
        "= 6",
    )


def test_adjoint_from_the_students_own_terms_and_partials() -> None:
    ws = sheet(
        "reverse-ad",
        function="x*y*(y + 1)",
        trace=["a = x*y", "b = y + 1", "f = a*b"],
        at={"x": 3, "y": 2},
        ask=["locals", "terms", "adjoints"],
    )
    # ∂a/∂y = x = 3; the term through a is ∂f/∂a·∂a/∂y = 3·3 = 9; the student wrote 10.
    assert working_of(ws, "local:a:y").lines == ("∂a/∂y = x", "= 3")
    assert working_of(ws, "term:f:y:a").lines == ("∂f/∂a·∂a/∂y = ∂f/∂a·x", "= 3·3", "= 9")
    own = working_of(ws, "adjoint:f:y", {"term:f:y:a": "10"})
    assert own.lines[1:] == ("= 10 + 6", "= 16")
    # A student's ∂a/∂y = 4 carries into the term: 3·4 = 12.
    assert working_of(ws, "term:f:y:a", {"local:a:y": "4"}).lines[1:] == ("= 3·4", "= 12")


def test_average_pooling_cell() -> None:
    ws = sheet("pooling", input=[[1, 3], [5, 7]], size=2, op="avg")
    assert working_of(ws, "output:0:0").lines[-3:] == ("= (1 + 3 + 5 + 7)/4", "= 16/4", "= 4")


def test_derivative_by_the_chain_rule_steps() -> None:
    ws = sheet("derivative", function="sin(3*x)", wrt="x")
    # (sin(3x))′ = cos(3x)·3: outer sin, inner 3x with derivative 3.
    lines = working_of(ws, "derivative").lines
    assert "Outer: g(u) = sin(u), g′(u) = cos(u). Inner: u = 3·x, du/dx = 3." in lines
    assert lines[-1] == "= 3·cos(3·x)"


def test_closed_form_value_from_the_students_own_formula() -> None:
    ws = sheet("expression", answer="a*x", variables=["a", "x"], at={"a": 2, "x": 3}, label="y")
    # The student wrote y = a·x + 1: at a = 2, x = 3 that is 7 (the key's a·x is 6).
    own = working_of(ws, "value", {"answer": "a*x + 1"})
    assert own.lines == ("y = a·x + 1", "at a = 2, x = 3", "= 7")
    assert own.note == "this follows from your entry for y, which is off; the key is 6"
