"""Follow-through on the student's own node names and across skipped blanks, and mistakes named
at the precision the student writes (issue 9: real written solutions round at every step, skip
blanks and name their own nodes).

Reference values are worked here with the math module, node by node, as a student would.
"""

from __future__ import annotations

import math

from build_corpus import HERE
from measure import Sheets
from slips_paper_own import VARIANT

from engine.answers import NumberFormat
from engine.checking import read_entry
from engine.decomposition import check_decomposition, split_lines
from engine.written import written_places
from exercises.kinds.student_graph import sheet_for

OPS = f"{HERE.relative_to(HERE.parents[1])}/packs/autodiff-slips.toml"
SHEETS = Sheets()


def _grade(ref: str, entries: dict[str, str], blank: str) -> tuple[str, tuple[str, ...], tuple]:
    sheet = sheet_for(SHEETS.get(ref, 0), entries)
    for b, _entry, verdict in sheet.grade(entries):
        if b.id == blank:
            return verdict.status, verdict.mistakes, verdict.blamed
    raise AssertionError(f"no blank {blank} on the sheet: the student's graph was not taken")


def test_a_node_named_e_carries_values_and_blame_by_the_students_names() -> None:
    c, d = math.cos(1), math.cos(2)
    own = {"graph": VARIANT, "value:c": "0.540", "value:d": "-0.416"}
    assert _grade("autodiff/variant-own-graph", {**own, "value:e": "-0.225"}, "value:e")[0] == (
        "correct"
    )
    assert abs(0.540 * -0.416 - c * d) / abs(c * d) < 1e-3  # the rounded product is in tolerance
    off = {**own, "value:c": "0.6", "value:e": str(0.6 * -0.416)}  # c off, e from it
    assert _grade("autodiff/variant-own-graph", off, "value:e") == (
        "consistent",
        (),
        ("value:c",),
    )
    tangent = {**own, "tangent:w2:w2": "1", "tangent:w2:d": str(round(math.sin(2), 3))}
    status, mistakes, _ = _grade("autodiff/variant-own-graph", tangent, "tangent:w2:d")
    assert status == "incorrect" and "cos-derivative" in mistakes  # d cos as +sin, on node d


def test_e_is_eulers_number_until_a_node_takes_the_name() -> None:
    # line 1's e^x is exp(x); line 3's e^2 squares the node e = e^x + x
    lines = ["a = e^x", "e = a + x", "f = e^2"]
    assert check_decomposition(lines, ["x"], {"f": "(exp(x) + x)^2"}, {"x": 0.7}).right
    assert not check_decomposition(lines, ["x"], {"f": "(exp(x) + x)*e"}, {"x": 0.7}).right


def test_skipped_blanks_take_the_key_and_blame_only_what_was_entered() -> None:
    ref = f"{OPS}#sub-div"  # (x - y)/(y + z) at (3, 1, 2): u = 2, w = 3
    u, w = 2.0, 3.0
    y_bar = -1 / w - u / w**2
    assert _grade(ref, {"adjoint:f:y": f"{y_bar:.4f}"}, "adjoint:f:y")[0] == "correct"
    # w̄ entered with the quotient rule's sign slip (+u/w²), ū skipped: ȳ = -1/w + w̄
    entries = {"adjoint:f:w": "0.2222", "adjoint:f:y": f"{-1 / w + 0.2222:.4f}"}
    assert _grade(ref, entries, "adjoint:f:y") == ("consistent", (), ("adjoint:f:w",))
    # the same slip with w̄ skipped is named on ȳ itself
    status, mistakes, _ = _grade(ref, {"adjoint:f:y": f"{-1 / w + u / w**2:.4f}"}, "adjoint:f:y")
    assert status == "incorrect" and "quotient-rule" in mistakes


def test_a_max_gate_slip_is_named_with_the_blank_before_it_skipped() -> None:
    status, mistakes, _ = _grade(f"{OPS}#max-gate", {"adjoint:f:y": "3"}, "adjoint:f:y")
    assert status == "incorrect" and mistakes[0] == "max-routes-all"


def test_a_slip_is_named_at_three_written_figures_and_not_at_two() -> None:
    ref = f"{OPS}#neuron"  # s = σ(-1), written 0.269; s̄ = -1.462; σ' taken as σ: z̄ = s̄·s
    own = {"value:z": "-1", "value:s": "0.269", "adjoint:f:s": "-1.462"}
    wrong = -1.462 * 0.269  # -0.393278
    status, mistakes, _ = _grade(ref, {**own, "adjoint:f:z": f"{wrong:.3f}"}, "adjoint:f:z")
    assert status == "incorrect" and "sigmoid-derivative" in mistakes
    status, mistakes, _ = _grade(ref, {**own, "adjoint:f:z": f"{wrong:.2f}"}, "adjoint:f:z")
    assert status == "incorrect" and "sigmoid-derivative" not in mistakes


def test_an_entry_rounded_from_own_values_is_imprecise_not_a_wrong_method() -> None:
    # v4 = v1·v2 from the student's 0.54 and -0.42 is -0.2268; written -0.23 (1.4% off it)
    entries = {"value:v1": "0.54", "value:v2": "-0.42", "value:v4": "-0.23"}
    status, mistakes, _ = _grade("autodiff/variant-reverse", entries, "value:v4")
    assert (status, mistakes) == ("incorrect", ("too-imprecise",))


def test_the_marks_of_written_work_read_as_the_number() -> None:
    for text, value in [
        ("≈ 0.35", 0.35),
        ("= -0.2875", -0.2875),
        ("0.333...", 0.333),
        ("1.2 x 10^-3", 0.0012),
        ("√2/2", math.sqrt(2) / 2),
        ("1 792", 1792),
        ("51.4M", 51.4e6),
        ("1.792k", 1792),
    ]:
        reading = read_entry(text, NumberFormat())
        assert getattr(reading, "value", None) == value, text
    assert getattr(read_entry("≈", NumberFormat()), "status", None) == "invalid"


def test_a_slip_written_with_approx_is_named() -> None:
    ref = f"{OPS}#neuron"
    own = {"value:z": "-1", "value:s": "0.269", "adjoint:f:s": "-1.462"}
    status, mistakes, _ = _grade(ref, {**own, "adjoint:f:z": "≈ -0.393"}, "adjoint:f:z")
    assert status == "incorrect" and "sigmoid-derivative" in mistakes
    assert _grade(ref, {**own, "adjoint:f:z": "≈ -0.2875"}, "adjoint:f:z")[0] == "correct"


def test_written_precision_is_read_from_the_text_as_typed() -> None:
    assert written_places("-0.597") == ((3, 0.0005),)
    assert written_places("[0.499, -1.474]") == ((3, 0.0005), (4, 0.0005))
    ((figures, half),) = written_places("7.802e24")
    assert figures == 4 and math.isclose(half, 5e20)
    assert written_places("1/3") == () and written_places("sqrt(2)") == ()


def test_a_graph_that_ends_in_its_own_name_for_the_one_output_is_taken() -> None:
    lines = "v1 = ln(x1)\nv2 = x1*x2\nv3 = sin(x2)\nv4 = v1 + v2\nv5 = v4 - v3"
    value = math.log(2) + 10 - math.sin(5)
    entries = {"graph": lines, "value:v5": f"{value:.4f}"}
    assert _grade("autodiff/survey-own-graph", entries, "value:v5")[0] == "correct"
    reading = check_decomposition(lines.split("\n"), ["x1", "x2"], {"f": "ln(x1) + x1*x2 + 1"}, {})
    assert not reading.right  # a last node that is not the function is not taken for it


def test_the_surveys_negative_indices_name_nodes() -> None:
    text = "v-1 = x1\nv0 = x2\nv1 = ln(v-1)\nv2 = v-1*v0\nv3 = sin(v0)\nv4 = v1 + v2\nv5 = v4 - v3"
    assert split_lines(text)[2] == "v1 = ln(vm1)"
    assert split_lines("a = x1\nb = a-1") == ("a = x1", "b = a-1")  # a minus 1, no name
    entries = {"graph": text, "value:v2": "10", "tangent:x1:v2": "5"}
    assert _grade("autodiff/survey-own-graph", entries, "tangent:x1:v2")[0] == "correct"


def test_subscripts_and_bare_calls_read_as_typed_names_and_calls() -> None:
    typeset = "v₋₁ = x₁\nv₀ = x₂\nv₁ = ln v₋₁\nv₃ = sin v₀"
    assert split_lines(typeset) == ("vm1 = x1", "v0 = x2", "v1 = ln(vm1)", "v3 = sin(v0)")
    assert split_lines("a = ln x1 + 2") == ("a = ln(x1) + 2",)  # ln binds the name after it
