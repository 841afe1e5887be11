"""Tests of the forward-ad and reverse-ad kinds against hand-worked course values.

Every expected number here is worked by hand or written out with `math` in the test; the
mistakes are built as a student would make them, and the verdict must name them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pytest

from exercises.loader import PackError, load_pack_text, resolve_ref
from exercises.model import Worksheet


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def sheet(body: str, kind: str = "reverse-ad", hints: str = "") -> Worksheet:
    """A worksheet from one exercise written as TOML (seed 0)."""
    text = (
        '[pack]\nid = "t"\ntitle = "T"\n\n[[exercise]]\nid = "e"\ntitle = "E"\n'
        f'kind = "{kind}"\n{hints}' + body
    )
    pack, errors = load_pack_text(text, "t.toml")
    assert pack is not None and not errors, [str(e) for e in errors]
    return pack.exercises[0].instance(0)


def builtin(name: str, seed: int = 0) -> Worksheet:
    return resolve_ref(f"autodiff/{name}").instance(seed)


def key(worksheet: Worksheet) -> dict[str, float]:
    return {b.id: float(b.expected) for b in worksheet.blanks}


def verdict(
    worksheet: Worksheet, blank_id: str, entry: str, **entries: str
) -> tuple[str, str | None]:
    """Status and mistake id; keyword names use '__' for ':' (value__b is value:b)."""
    given = {k.replace("__", ":"): v for k, v in entries.items()}
    result = worksheet.check(blank_id, entry, given)
    return result.status, result.mistake


def close(values: Mapping[str, float], expected: Mapping[str, float]) -> None:
    for name, value in expected.items():
        assert values[name] == pytest.approx(value, rel=1e-12, abs=1e-12), name


WARMUP = (
    'function = "(x + y)*(y + 1)"\ntrace = ["a = x + y", "b = y + 1", "f = a*b"]\n'
    "at = { x = 1, y = 2 }\n"
)

# --- course problem 6: the warm-up graph -----------------------------------------------------


def test_warmup_reverse_values_and_adjoints() -> None:
    """f = (x + y)(y + 1) at (1, 2): a = 3, b = 3, f = 9; ∂f/∂a = b = 3, ∂f/∂b = a = 3,
    ∂f/∂x = ∂f/∂a = 3, ∂f/∂y = ∂f/∂a + ∂f/∂b = 6."""
    worksheet = builtin("warmup-reverse")
    assert key(worksheet) == {
        "value:a": 3,
        "value:b": 3,
        "value:f": 9,
        "adjoint:f:f": 1,
        "adjoint:f:a": 3,
        "adjoint:f:b": 3,
        "adjoint:f:x": 3,
        "adjoint:f:y": 6,
        "jacobian:f:x": 3,
        "jacobian:f:y": 6,
    }
    assert worksheet.result["jacobian"] == [[3, 6]]
    assert worksheet.result["adjoints"]["f"] == {"f": 1, "a": 3, "b": 3, "x": 3, "y": 6}
    assert worksheet.result["inputs"] == {"x": 1, "y": 2}
    assert worksheet.result["outputs"] == {"f": 9}


def test_warmup_labels_and_dependencies() -> None:
    worksheet = builtin("warmup-reverse")
    labels = {b.id: b.label for b in worksheet.blanks}
    assert labels["value:a"] == "a = x + y"
    assert labels["value:b"] == "b = y + 1"
    assert labels["value:f"] in ("f = a·b", "f = a*b")
    assert labels["adjoint:f:a"] == "∂f/∂a"
    assert labels["adjoint:f:y"] == "∂f/∂y"
    deps = {b.id: set(b.depends_on) for b in worksheet.blanks}
    assert deps["value:a"] == set()
    assert deps["value:f"] == {"value:a", "value:b"}
    assert deps["adjoint:f:a"] == {"adjoint:f:f", "value:b"}
    assert deps["adjoint:f:y"] == {"adjoint:f:a", "adjoint:f:b"}
    assert deps["jacobian:f:y"] == {"adjoint:f:y"}


def test_blanks_come_in_working_order() -> None:
    """Values first, then adjoints from the output back, then the Jacobian; deps come earlier."""
    worksheet = builtin("warmup-reverse")
    ids = [b.id for b in worksheet.blanks]
    assert ids[:3] == ["value:a", "value:b", "value:f"]
    assert ids[3] == "adjoint:f:f"
    assert ids[-2:] == ["jacobian:f:x", "jacobian:f:y"]
    for index, blank in enumerate(worksheet.blanks):
        assert set(blank.depends_on) <= set(ids[:index]), blank.id


def test_warmup_forward_tangents() -> None:
    """Seeded on x: ȧ = 1, ḃ = 0, ḟ = ȧ·b + a·ḃ = 3. Seeded on y: ȧ = ḃ = 1, ḟ = 3 + 3 = 6."""
    worksheet = sheet(WARMUP, "forward-ad")
    close(
        key(worksheet),
        {
            "tangent:x:x": 1,
            "tangent:x:y": 0,
            "tangent:x:a": 1,
            "tangent:x:b": 0,
            "tangent:x:f": 3,
            "tangent:y:x": 0,
            "tangent:y:y": 1,
            "tangent:y:a": 1,
            "tangent:y:b": 1,
            "tangent:y:f": 6,
            "jacobian:f:x": 3,
            "jacobian:f:y": 6,
        },
    )
    assert worksheet.result["tangents"]["y"]["f"] == 6
    assert worksheet.blank("tangent:x:f").label == "∂f/∂x"
    assert worksheet.blank("tangent:x:x").label == "∂x/∂x (seed)"


# --- course problem 9: Baydin et al.'s tables ------------------------------------------------

X1, X2 = 2.0, 5.0
SURVEY_VALUES = {
    "value:v1": math.log(X1),
    "value:v2": X1 * X2,
    "value:v3": math.sin(X2),
    "value:v4": math.log(X1) + X1 * X2,
    "value:v5": math.log(X1) + X1 * X2 - math.sin(X2),
}


def test_survey_forward_trace_is_table_2() -> None:
    """Seeded on x1: v̇1 = 1/x1 = 0.5, v̇2 = x2 = 5, v̇3 = 0, v̇4 = v̇5 = 5.5."""
    worksheet = builtin("survey-forward")
    close(key(worksheet), SURVEY_VALUES)
    close(
        key(worksheet),
        {
            "tangent:x1:v-1": 1,
            "tangent:x1:v0": 0,
            "tangent:x1:v1": 0.5,
            "tangent:x1:v2": 5,
            "tangent:x1:v3": 0,
            "tangent:x1:v4": 5.5,
            "tangent:x1:v5": 5.5,
            "jacobian:f:x1": 5.5,
        },
    )
    assert not any(b.id.startswith("tangent:x2:") for b in worksheet.blanks)
    assert worksheet.blank("value:v3").label == "v3 = sin(v0)"
    assert worksheet.blank("value:v1").label == "v1 = ln(v₋₁)"
    assert worksheet.blank("tangent:x1:v3").label == "∂v3/∂x1"


def test_survey_reverse_trace_is_table_3() -> None:
    """v̄5 = 1, v̄4 = 1, v̄3 = -1, v̄1 = v̄2 = 1, v̄0 = x1 - cos x2, v̄-1 = 1/x1 + x2."""
    worksheet = builtin("survey-reverse")
    close(key(worksheet), SURVEY_VALUES)
    close(
        key(worksheet),
        {
            "adjoint:f:v5": 1,
            "adjoint:f:v4": 1,
            "adjoint:f:v3": -1,
            "adjoint:f:v2": 1,
            "adjoint:f:v1": 1,
            "adjoint:f:v0": X1 - math.cos(X2),
            "adjoint:f:v-1": 1 / X1 + X2,
            "jacobian:f:x1": 5.5,
            "jacobian:f:x2": 2 - math.cos(5),
        },
    )
    assert worksheet.blank("adjoint:f:v-1").label == "∂f/∂v₋₁"
    assert set(worksheet.blank("adjoint:f:v0").depends_on) == {"adjoint:f:v2", "adjoint:f:v3"}


def test_survey_result_trace_names_earlier_entries() -> None:
    result = builtin("survey-reverse").result
    names: list[str] = []
    for entry in result["trace"]:
        assert {"name", "op", "args", "value"} <= set(entry)
        assert set(entry["args"]) <= set(names), entry
        names.append(entry["name"])
    by_name = {e["name"]: e for e in result["trace"]}
    assert by_name["v-1"]["op"] == "input" and by_name["v-1"]["value"] == X1
    assert by_name["v3"]["op"] == "sin" and by_name["v3"]["args"] == ["v0"]
    assert by_name["v5"]["op"] == "sub" and by_name["v5"]["args"] == ["v4", "v3"]
    assert by_name["v5"]["value"] == pytest.approx(SURVEY_VALUES["value:v5"])


# --- course problems 7 and 8: two outputs, four ways -----------------------------------------


def problem7_jacobian(w1: float, w2: float) -> list[list[float]]:
    u = math.exp(w1) + math.exp(2 * w2)
    outer = math.exp(u) + math.cos(u)
    s = sigmoid(w1)
    return [
        [outer * math.exp(w1), outer * 2 * math.exp(2 * w2)],
        [w2 + s * (1 - s), w1],
    ]


def problem8_jacobian(w1: float, w2: float) -> list[list[float]]:
    s = sigmoid(w2)
    return [
        [-math.sin(w1) * math.cos(w2), -math.cos(w1) * math.sin(w2) + s * (1 - s)],
        [1 / (w1 + w2) + 2 * w1 * w2, 1 / (w1 + w2) + w1**2],
    ]


@pytest.mark.parametrize(
    ("prefix", "reference"), [("vector", problem7_jacobian), ("variant", problem8_jacobian)]
)
@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_course_jacobians(prefix: str, reference: object, mode: str) -> None:
    worksheet = builtin(f"{prefix}-{mode}")
    expected = reference(1.0, 2.0)  # type: ignore[operator]
    for row, output in enumerate(("f1", "f2")):
        for column, variable in enumerate(("w1", "w2")):
            want = expected[row][column]
            assert worksheet.result["jacobian"][row][column] == pytest.approx(want, rel=1e-12)
            blank = worksheet.blank(f"jacobian:{output}:{variable}")
            assert blank.expected == pytest.approx(want, rel=1e-12)


def test_problem7_values_and_the_shared_node() -> None:
    """e^w1 + e^(2·w2) is one node, used by both e^(·) and sin(·) in f1."""
    worksheet = builtin("vector-values")
    u = math.e + math.exp(4)
    assert worksheet.result["outputs"]["f1"] == pytest.approx(math.exp(u) + math.sin(u), rel=1e-12)
    assert worksheet.result["outputs"]["f2"] == pytest.approx(2 + sigmoid(1), rel=1e-12)
    assert 7.80e24 < worksheet.result["outputs"]["f1"] < 7.81e24
    trace = worksheet.result["trace"]
    shared = [e["name"] for e in trace if e["op"] != "input" and e["value"] == pytest.approx(u)]
    assert len(shared) == 1
    users = [e for e in trace if shared[0] in e["args"]]
    assert sorted(e["op"] for e in users) == ["exp", "sin"]
    assert not any(b.id.startswith("tangent:") for b in worksheet.blanks)


def test_reverse_with_two_outputs_has_an_adjoint_sweep_each() -> None:
    worksheet = builtin("variant-reverse")
    ids = {b.id for b in worksheet.blanks}
    assert any(i.startswith("adjoint:f1:") for i in ids)
    assert any(i.startswith("adjoint:f2:") for i in ids)
    assert {"jacobian:f1:w1", "jacobian:f1:w2", "jacobian:f2:w1", "jacobian:f2:w2"} <= ids
    adjoints = worksheet.result["adjoints"]
    # w1 reaches f2 through ln(w1 + w2) and w1²·w2: both paths summed.
    assert adjoints["f2"]["v-1"] == pytest.approx(1 / 3 + 4, rel=1e-12)


def test_outputs_field_limits_the_sweeps() -> None:
    body = 'functions = { f1 = "x*y", f2 = "x + y" }\nat = { x = 2, y = 3 }\noutputs = "f2"\n'
    worksheet = sheet(body)
    ids = [b.id for b in worksheet.blanks]
    assert not any(i.startswith("adjoint:f1:") or i.startswith("jacobian:f1:") for i in ids)
    assert worksheet.blank("jacobian:f2:x").expected == 1
    assert worksheet.result["jacobian"] == [[3, 2], [1, 1]]


# --- the hint ladder -------------------------------------------------------------------------


def test_hint_ladder_has_four_rungs_ending_with_the_value() -> None:
    worksheet = sheet(WARMUP)
    ladder = worksheet.hint_ladder("adjoint:f:y")
    assert len(ladder) == 4
    concept, rule, numbers, value = ladder
    assert "adjoint" in concept.lower()
    assert rule == "∂f/∂y = ∂f/∂a + ∂f/∂b"  # the sheet's own labels, not ȳ = ā + b̄
    assert numbers.count("3") >= 2
    assert "6" in value and "revealed" in value
    for blank_id in ("value:a", "value:f", "adjoint:f:a", "adjoint:f:x"):
        assert len(worksheet.hint_ladder(blank_id)) == 4, blank_id


def test_forward_hint_ladder_substitutes_this_exercises_numbers() -> None:
    worksheet = builtin("survey-forward")
    concept, rule, numbers, value = worksheet.hint_ladder("tangent:x1:v2")
    assert "forward" in concept.lower()
    assert "∂v₋₁/∂x1" in rule and "v0" in rule
    assert "5" in numbers and "2" in numbers
    assert value == "The answer is 5 (revealed)."


def test_an_exercise_hint_on_a_blank_comes_first() -> None:
    hint = '{ text = "y feeds two nodes.", blanks = ["adjoint:f:y"] }'
    worksheet = sheet(WARMUP, hints=f"hints = [{hint}]\n")
    ladder = worksheet.hint_ladder("adjoint:f:y")
    assert ladder[0] == "y feeds two nodes."
    assert len(ladder) == 5
    assert ladder[-1].endswith("(revealed).")


# --- follow-through --------------------------------------------------------------------------


def test_wrong_b_then_f_from_it_is_consistent_and_names_b() -> None:
    worksheet = builtin("warmup-reverse")
    result = worksheet.check("value:f", "12", {"value:a": "3", "value:b": "4"})
    assert result.status == "consistent"
    assert result.blamed == ("value:b",)
    assert "b = y + 1" in result.message


def test_consistent_adjoint_from_a_wrong_upstream_adjoint() -> None:
    worksheet = builtin("warmup-reverse")
    # ā entered as 4 (key 3): ȳ = ā + b̄ = 4 + 3 = 7 follows from it.
    assert verdict(worksheet, "adjoint:f:y", "7", adjoint__f__a="4") == ("consistent", None)


@pytest.mark.parametrize(("b", "f"), [("0", "0"), ("1", "3")])
def test_an_upstream_zero_or_one_earns_no_follow_through(b: str, f: str) -> None:
    worksheet = builtin("warmup-reverse")
    assert verdict(worksheet, "value:f", f, value__b=b)[0] == "incorrect"


def test_follow_through_from_zero_is_allowed_where_the_key_is_one() -> None:
    """∂f/∂f is 1 in the key, so an entry of 0 there still carries (0·b = 0)."""
    worksheet = builtin("warmup-reverse")
    assert verdict(worksheet, "adjoint:f:a", "0", adjoint__f__f="0")[0] == "consistent"


def test_a_rounded_accepted_entry_carries_without_blame() -> None:
    """a = x/3 = 0.33333; f = a - 0.333. a entered as 0.3334 is accepted, then f = 0.0004."""
    worksheet = sheet('trace = ["a = x/3", "f = a - 0.333"]\nat = { x = 1 }\n')
    assert worksheet.check("value:a", "0.3334", {}).status == "correct"
    result = worksheet.check("value:f", "0.0004", {"value:a": "0.3334"})
    assert result.status == "correct"
    assert result.blamed == ()
    assert worksheet.check("value:f", "0.0004", {}).status == "incorrect"


# --- the mistake catalogue -------------------------------------------------------------------

SIN_XY = 'function = "sin(x*y)"\ntrace = ["u = x*y", "f = sin(u)"]\nat = { x = 2, y = 3 }\n'


def test_missing_path_reverse() -> None:
    """y feeds a and b; ∂f/∂y = 3 + 3: entering only one path's 3 is missing-path."""
    worksheet = builtin("warmup-reverse")
    assert verdict(worksheet, "adjoint:f:y", "3") == ("incorrect", "missing-path")


def test_missing_path_judged_from_the_students_own_adjoints() -> None:
    """With ā entered as 4 and b̄ = 3, dropping the b path gives 4."""
    worksheet = builtin("warmup-reverse")
    result = verdict(worksheet, "adjoint:f:y", "4", adjoint__f__a="4", adjoint__f__b="3")
    assert result == ("incorrect", "missing-path")


@pytest.mark.parametrize("entry", ["cos(1)", "sin(1)"])
def test_missing_path_forward(entry: str) -> None:
    """f = u·x with u = sin x at x = 1: ḟ = cos(1)·x + u·1; either term alone is missing-path."""
    worksheet = sheet(
        'function = "sin(x)*x"\ntrace = ["u = sin(x)", "f = u*x"]\nat = { x = 1 }\n', "forward-ad"
    )
    assert worksheet.blank("tangent:x:f").expected == pytest.approx(math.cos(1) + math.sin(1))
    assert verdict(worksheet, "tangent:x:f", entry) == ("incorrect", "missing-path")


def test_local_only() -> None:
    """x̄ = ū·y = 3 cos 6; the local partial alone is y = 3."""
    worksheet = sheet(SIN_XY)
    assert worksheet.blank("adjoint:f:x").expected == pytest.approx(3 * math.cos(6))
    assert verdict(worksheet, "adjoint:f:x", "3") == ("incorrect", "local-only")


def test_dropped_seed() -> None:
    """Seeded on x: u̇ = y = 3, ḟ = 3 cos 6. Every tangent 1: u̇ = 5, ḟ = 5 cos 6."""
    worksheet = sheet(SIN_XY + 'wrt = "x"\n', "forward-ad")
    assert worksheet.blank("tangent:x:f").expected == pytest.approx(3 * math.cos(6))
    assert verdict(worksheet, "tangent:x:f", "5*cos(6)") == ("incorrect", "dropped-seed")


def test_sign_flip_of_the_cosine_derivative() -> None:
    """d cos x = -sin x: at x = 1 the adjoint is -sin 1; the student took +sin and enters sin 1.

    That is the cosine's rule with the wrong sign, and also the whole derivative negated.
    """
    worksheet = sheet('function = "cos(x)"\nat = { x = 1 }\n')
    assert worksheet.blank("adjoint:f:v0").expected == pytest.approx(-math.sin(1))
    assert verdict(worksheet, "adjoint:f:v0", "sin(1)") == ("incorrect", "cos-derivative")
    assert "sign-flip" in worksheet.check("adjoint:f:v0", "sin(1)", {}).mistakes


def test_sign_flip_of_a_subtraction() -> None:
    """f = x - y: ∂f/∂y = -1; the student took ∂(a - b)/∂b = +1 and enters 1."""
    worksheet = sheet('function = "x - y"\nat = { x = 1, y = 4 }\n')
    assert worksheet.blank("jacobian:f:y").expected == -1
    assert verdict(worksheet, "adjoint:f:v0", "1") == ("incorrect", "sub-sign")


def test_whole_sign_flip() -> None:
    worksheet = sheet(SIN_XY)
    assert verdict(worksheet, "adjoint:f:u", "-cos(6)") == ("incorrect", "sign-flip")


def test_value_for_derivative() -> None:
    """ū = cos 6 is asked; u's value is 6."""
    worksheet = sheet(SIN_XY)
    assert verdict(worksheet, "adjoint:f:u", "6") == ("incorrect", "value-for-derivative")


def test_sigmoid_derivative() -> None:
    """σ'(0.5) = σ(0.5)(1 - σ(0.5)) = 0.2350; σ(0.5) = 0.6225 itself is the mistake."""
    worksheet = sheet('function = "σ(x)"\nat = { x = 0.5 }\n')
    s = sigmoid(0.5)
    assert worksheet.blank("jacobian:f:x").expected == pytest.approx(s * (1 - s))
    assert verdict(worksheet, "adjoint:f:v0", repr(s)) == ("incorrect", "sigmoid-derivative")


def test_degrees_in_a_value() -> None:
    worksheet = sheet(SIN_XY)
    assert worksheet.blank("value:f").expected == pytest.approx(math.sin(6))
    degrees = math.sin(math.radians(6))
    assert verdict(worksheet, "value:f", repr(degrees)) == ("incorrect", "degrees")


def test_degrees_in_a_derivative() -> None:
    worksheet = sheet(SIN_XY)
    assert verdict(worksheet, "adjoint:f:u", repr(math.cos(math.radians(6)))) == (
        "incorrect",
        "degrees",
    )


def test_log10_in_a_value_and_a_derivative() -> None:
    """ln 5 = 1.609 but log10 5 = 0.699; d ln x = 1/x = 0.2 but d log10 x = 1/(x ln 10)."""
    worksheet = sheet('function = "ln(x)"\nat = { x = 5 }\n')
    assert worksheet.blank("value:v1").expected == pytest.approx(math.log(5))
    assert verdict(worksheet, "value:v1", repr(math.log10(5))) == ("incorrect", "log10")
    wrong = 1 / (5 * math.log(10))
    assert verdict(worksheet, "adjoint:f:v0", repr(wrong)) == ("incorrect", "log10")


def test_too_imprecise() -> None:
    """sin 5 = -0.95892...; -0.96 is two figures, off by more than 0.1%."""
    worksheet = builtin("survey-reverse")
    result = worksheet.check("value:v3", "-0.96", {})
    assert (result.status, result.mistake) == ("incorrect", "too-imprecise")
    assert "significant figures" in result.message
    assert worksheet.check("value:v3", "-0.9589", {}).status == "correct"


def test_an_unknown_wrong_value_has_no_mistake_id() -> None:
    worksheet = builtin("warmup-reverse")
    assert verdict(worksheet, "adjoint:f:y", "17") == ("incorrect", None)


@pytest.mark.parametrize(
    ("entry", "status"),
    [
        ("", "blank"),
        ("   ", "blank"),
        ("abc", "invalid"),
        ("1/0", "invalid"),
        ("9^9^9^9", "invalid"),
    ],
)
def test_unreadable_entries_never_raise(entry: str, status: str) -> None:
    worksheet = builtin("warmup-reverse")
    result = worksheet.check("value:a", entry, {})
    assert result.status == status
    if status == "invalid":
        assert result.message


def test_entries_may_be_arithmetic() -> None:
    worksheet = builtin("survey-reverse")
    assert worksheet.check("adjoint:f:v0", "2 - cos(5)", {}).status == "correct"
    assert worksheet.check("value:v1", "ln(2)", {}).status == "correct"


def test_a_fractional_power_at_zero_is_refused_like_sqrt() -> None:
    # d/dx x^0.5 is infinite at 0 (it used to come out as 0): no finite key exists
    for function in ("x^0.5 + x", "sqrt(x) + x"):
        body = f'function = "{function}"\nat = {{ x = 0 }}\n'
        with pytest.raises(PackError, match="cannot be used"):
            sheet(body, kind="forward-ad")
