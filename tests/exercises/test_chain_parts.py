"""Local-partial and per-path term blanks (`local:N:A`, `term:F:N:C`), asked with `ask`.

The survey's example f = ln(x1) + x1·x2 - sin(x2) at (2, 5) (Baydin et al.), worked by hand
with the math module: v1 = ln v₋₁, v2 = v₋₁·v0, v3 = sin v0, v4 = v1 + v2, v5 = v4 - v3.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from exercises.kinds.autodiff import build_forward, build_reverse
from exercises.kinds.student_graph import sheet_for, student_mode
from exercises.loader import load_pack_file
from exercises.model import Instance, SpecError, Worksheet
from exercises.validation import validate_exercises

SURVEY = {"function": "ln(x1) + x1*x2 - sin(x2)", "at": {"x1": 2, "x2": 5}}
COS5 = math.cos(5.0)


def reverse(**fields: Any) -> Worksheet:
    return build_reverse(Instance("test/x", "reverse-ad", 0, "test", {**SURVEY, **fields}))


def forward(**fields: Any) -> Worksheet:
    return build_forward(Instance("test/x", "forward-ad", 0, "test", {**SURVEY, **fields}))


def check(ws: Worksheet, blank_id: str, text: str, **entries: str):
    typed = {k.replace("__", ":").replace("_m1", "-1"): v for k, v in entries.items()}
    typed[blank_id] = text
    return ws.check(blank_id, text, typed)


def test_off_by_default() -> None:
    for ws in (reverse(), reverse(ask=["adjoints"]), forward()):
        assert not [b.id for b in ws.blanks if b.id.startswith(("local:", "term:"))]
        assert not [b.id for b in ws.hidden if b.id.startswith(("local:", "term:"))]
    deps = reverse().blank("adjoint:f:v0").depends_on
    assert not [d for d in deps if d.startswith(("local:", "term:"))]


def test_the_keys_by_hand() -> None:
    ws = reverse(ask=["locals", "terms", "adjoints"])
    by_hand = {
        "local:v1:v-1": 1 / 2,
        "local:v2:v-1": 5.0,
        "local:v2:v0": 2.0,
        "local:v3:v0": COS5,
        "local:v4:v1": 1.0,
        "local:v5:v3": -1.0,
        "term:f:v0:v2": 1.0 * 2.0,  # ∂f/∂v2 = 1 times ∂v2/∂v0 = x1
        "term:f:v0:v3": -1.0 * COS5,  # ∂f/∂v3 = -1 times cos(x2)
        "term:f:v-1:v1": 1 / 2,
        "term:f:v-1:v2": 5.0,
        "adjoint:f:v0": 2.0 - COS5,
    }
    for blank_id, value in by_hand.items():
        assert ws.blank(blank_id).expected == pytest.approx(value), blank_id
    assert ws.blank("term:f:v0:v3").label == "∂f/∂v3·∂v3/∂v0"


@pytest.mark.parametrize(
    ("blank_id", "entry", "mistake"),
    [
        ("local:v3:v0", repr(math.cos(math.sin(5.0))), "partial-at-output"),  # cos at sin's output
        ("local:v5:v3", "1", "sub-sign"),  # ∂(v4 - v3)/∂v3 taken as +1
        ("local:v3:v0", repr(math.sin(5.0)), "value-for-derivative"),
        ("term:f:v0:v3", repr(COS5), "sign-flip"),
        ("term:f:v0:v3", repr(-math.cos(math.sin(5.0))), "partial-at-output"),
    ],
)
def test_a_wrong_local_partial_is_named_by_the_op_record(
    blank_id: str, entry: str, mistake: str
) -> None:
    verdict = check(reverse(ask=["locals", "terms"]), blank_id, entry)
    assert verdict.status == "incorrect" and mistake in verdict.mistakes, verdict


def test_the_adjoint_follows_through_from_the_students_own_terms() -> None:
    ws = reverse(ask=["terms", "adjoints"])
    own = {"term:f:v0:v3": repr(COS5)}  # a sign slip inside the sum
    assert check(ws, "term:f:v0:v3", repr(COS5)).status == "incorrect"
    verdict = ws.check("adjoint:f:v0", repr(2.0 + COS5), own)
    assert verdict.status == "consistent" and "term:f:v0:v3" in verdict.blamed
    dropped = ws.check("adjoint:f:v0", "2", own)  # the path through v3 left out
    assert dropped.status == "incorrect" and "missing-path" in dropped.mistakes


def test_terms_and_adjoints_follow_through_from_the_students_own_partials() -> None:
    ws = reverse(ask=["locals", "terms", "adjoints"])
    own = {"local:v3:v0": repr(-COS5)}  # the sign of cos' flipped
    term = ws.check("term:f:v0:v3", repr(COS5), {**own, "term:f:v0:v3": repr(COS5)})
    assert term.status == "consistent" and "local:v3:v0" in term.blamed
    adjoint = ws.check("adjoint:f:v0", repr(2.0 + COS5), own)  # terms left empty: implied
    assert adjoint.status == "consistent"


def test_forward_tangents_follow_through_from_local_partials() -> None:
    ws = forward(wrt="x1", ask=["locals", "tangents"])
    assert ws.blank("local:v2:v-1").expected == pytest.approx(5.0)
    own = {"local:v2:v-1": "6"}
    # ∂v2/∂x1 = ∂v2/∂v₋₁·1 with the student's 6
    assert ws.check("tangent:x1:v2", "6", {**own, "tangent:x1:v2": "6"}).status == "consistent"


def test_ask_a_few_by_id_and_a_bad_id_is_a_spec_error() -> None:
    ws = reverse(ask=["term:f:v0", "adjoint:f:v0"])
    assert [b.id for b in ws.blanks] == ["term:f:v0:v2", "term:f:v0:v3", "adjoint:f:v0"]
    with pytest.raises(SpecError) as raised:
        reverse(ask=["term:f:v9"])
    assert raised.value.field == "ask"


def test_bad_ask_has_file_and_line(tmp_path: Path) -> None:
    pack = tmp_path / "p.toml"
    pack.write_text(
        '[pack]\nid = "p"\ntitle = "P"\n\n[[exercise]]\nid = "x"\nkind = "reverse-ad"\n'
        'title = "X"\nfunction = "x*y"\nat = { x = 1, y = 2 }\nask = ["local:zz"]\n',
        encoding="utf-8",
    )
    loaded, errors = load_pack_file(pack)
    assert loaded is not None and not errors
    found = validate_exercises(loaded.exercises, seeds=1)
    assert any("p.toml:11:" in e and "'ask'" in e for e in found), found


def test_on_the_students_own_graph() -> None:
    fields = {**SURVEY, "graph": "student", "ask": ["locals", "terms", "adjoints"]}
    ws = student_mode(build_reverse)(Instance("test/x", "reverse-ad", 0, "test", fields))
    lines = ["a = ln(x1)", "b = x1*x2", "c = sin(x2)", "d = a + b", "f = d - c"]
    mine = sheet_for(ws, {"graph": "\n".join(lines)})
    assert mine.blank("term:f:x2:c").expected == pytest.approx(-COS5)
    assert mine.blank("local:c:x2").expected == pytest.approx(COS5)


def test_the_working_sums_the_students_own_terms() -> None:
    from exercises.working import working_of

    ws = reverse(ask=["locals", "terms", "adjoints"])
    working = working_of(ws, "adjoint:f:v0", {"local:v3:v0": "0.5"})
    assert "(-0.5)" in working.lines[1]  # the term through v3: -1 times their own 0.5
    assert working.result == pytest.approx(2.0 - 0.5)  # x1 = 2 through v2, -1·0.5 through v3
