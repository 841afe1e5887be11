"""`ask` on the autodiff kinds: only some blanks shown, the others kept for diagnosis.

Hand-worked: f = (x + y)(y + 1) at (1, 2) has a = 3, b = 3, f = 9, ∂f/∂x = b = 3 and
∂f/∂y = b + a = 6 (y feeds both a and b); dropping one of y's paths gives 3.
"""

from __future__ import annotations

import pytest

from exercises.loader import load_pack_text
from exercises.model import Worksheet
from exercises.pack import PackError

HEADER = '[pack]\nid = "t"\ntitle = "T"\n\n'


def _exercise(kind: str, ask: str, extra: str = "") -> str:
    return f"""[[exercise]]
id = "e"
kind = "{kind}"
title = "Warm-up"
function = "(x + y)*(y + 1)"
at = {{ x = 1, y = 2 }}
ask = {ask}
{extra}
"""


def _sheet(kind: str, ask: str, extra: str = "") -> Worksheet:
    pack, errors = load_pack_text(HEADER + _exercise(kind, ask, extra), "t.toml")
    assert pack is not None and not errors, errors
    return pack.exercise("e").instance(0)


def test_only_the_jacobian_is_shown_and_graded() -> None:
    sheet = _sheet("reverse-ad", '["jacobian"]')
    assert [b.id for b in sheet.blanks] == ["jacobian:f:x", "jacobian:f:y"]
    assert {b.id for b in sheet.hidden} >= {"value:v1", "adjoint:f:v-1", "adjoint:f:v0"}
    assert "Asked here: Jacobian." in sheet.prompt
    graded = sheet.grade({"jacobian:f:x": "3", "jacobian:f:y": "6"})
    assert [v.status for _, _, v in graded] == ["correct", "correct"]


def test_a_jacobian_asked_alone_is_diagnosed_from_the_chain_rule() -> None:
    sheet = _sheet("reverse-ad", '["jacobian"]')
    verdict = sheet.check("jacobian:f:y", "3", {"jacobian:f:y": "3"})
    assert (verdict.status, verdict.mistake) == ("incorrect", "missing-path")


def test_forward_mode_values_and_one_jacobian_entry() -> None:
    sheet = _sheet(
        "forward-ad", '["values", "jacobian:f:y"]', 'trace = ["a = x + y", "b = y + 1", "f = a*b"]'
    )
    assert [b.id for b in sheet.blanks] == ["value:a", "value:b", "value:f", "jacobian:f:y"]
    assert sheet.check("value:f", "9", {}).status == "correct"
    verdict = sheet.check("jacobian:f:y", "3", {})
    assert (verdict.status, verdict.mistake) == ("incorrect", "missing-path")


def test_an_id_prefix_asks_one_seed() -> None:
    sheet = _sheet("forward-ad", '["tangent:y"]', 'trace = ["a = x + y", "b = y + 1", "f = a*b"]')
    assert [b.id for b in sheet.blanks] == [
        "tangent:y:x",
        "tangent:y:y",
        "tangent:y:a",
        "tangent:y:b",
        "tangent:y:f",
    ]


def test_numeric_diff_asks_the_estimates_only() -> None:
    sheet = _sheet("numeric-diff", '["jacobian"]')
    assert [b.id for b in sheet.blanks] == ["jacobian:f:x", "jacobian:f:y"]
    # forward differences with δ = 0.01: ((1 + 2.01)(3.01) - 9)/0.01 = 6.01
    assert sheet.check("jacobian:f:y", "6.01", {}).status == "correct"
    assert sheet.check("jacobian:f:y", "6", {}).status == "incorrect"


@pytest.mark.parametrize(
    ("ask", "message"),
    [
        ('["jacobians"]', "'jacobians' names no blank"),
        ('"jacobian"', "expected a list"),
        ("[]", "ask is a list"),
    ],
)
def test_a_bad_ask_names_the_field_and_line(ask: str, message: str) -> None:
    text = HEADER + _exercise("reverse-ad", ask)
    pack, errors = load_pack_text(text, "t.toml")
    if pack is not None and not errors:
        with pytest.raises(PackError) as raised:
            pack.exercise("e").instance(0)
        errors = [raised.value]
    line = text.splitlines().index(f"ask = {ask}") + 1
    assert [(e.field, e.line) for e in errors] == [("ask", line)]
    assert message in str(errors[0])
