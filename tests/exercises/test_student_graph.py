"""`graph = "student"`: the student's own decomposition, then blanks on their own nodes.

Reference values are computed here with the math module, node by node, as a student would
(course problem 7 at w = (1, 2), problem 6 at (1, 2)), never taken from the engine.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from exercises.kinds.student_graph import StudentGraphSheet, sheet_for
from exercises.loader import load_builtin_packs, load_pack_text
from exercises.pack import PackError

PACK = {p.id: p for p in load_builtin_packs().packs}["autodiff"]
OWN = [
    "w3 = exp(w1)",
    "w4 = exp(2*w2)",
    "w5 = w3 + w4",
    "w6 = exp(w5)",
    "w7 = exp(w1)",
    "w8 = exp(2*w2)",
    "w9 = w7 + w8",
    "w10 = sin(w9)",
    "f1 = w6 + w10",
    "c = w1*w2",
    "d = σ(w1)",
    "f2 = c + d",
]


def _own_sheet() -> StudentGraphSheet:
    sheet = PACK.exercise("vector-own-graph").instance(0)
    assert isinstance(sheet, StudentGraphSheet)
    mine = sheet_for(sheet, {"graph": "\n".join(OWN)})
    assert isinstance(mine, StudentGraphSheet)
    return mine


def test_the_sheet_starts_with_the_graph_and_the_book_graph_is_the_key() -> None:
    sheet = PACK.exercise("vector-own-graph").instance(0)
    assert sheet.blanks[0].id == "graph"
    key = sheet.blanks[0].format.show(sheet.blanks[0].expected)
    assert sheet.check("graph", key, {}).status == "correct"
    assert "Write the computation graph first" in sheet.prompt


def test_blanks_come_on_the_students_own_nodes_with_their_values() -> None:
    sheet = _own_sheet()
    ids = [b.id for b in sheet.blanks]
    assert ids[0] == "graph" and "value:w9" in ids and "adjoint:f1:w9" in ids and "value:c" in ids
    w3, w4 = math.exp(1), math.exp(4)
    w5 = w3 + w4
    assert sheet.blank("value:w5").expected == pytest.approx(w5)
    assert sheet.blank("value:w10").expected == pytest.approx(math.sin(w5))
    # f1 = w6 + w10, w10 = sin(w9): ∂f1/∂w9 = cos(w9), while ∂f1/∂w5 = e^w5 through w6 only
    assert sheet.blank("adjoint:f1:w9").expected == pytest.approx(math.cos(w5))
    assert sheet.blank("adjoint:f1:w5").expected == pytest.approx(math.exp(w5))
    sigma = 1 / (1 + math.exp(-1))
    assert sheet.blank("jacobian:f2:w1").expected == pytest.approx(2 + sigma * (1 - sigma))


def test_follow_through_and_diagnosis_on_the_students_nodes() -> None:
    sheet = _own_sheet()
    entries = {"graph": "\n".join(OWN), "value:w3": "3"}
    assert sheet.check("value:w5", str(3 + math.exp(4)), entries).status == "consistent"
    verdict = sheet.check("adjoint:f2:w1", "2", entries)  # only the path through c
    assert (verdict.status, verdict.mistake) == ("incorrect", "missing-path")


def test_a_graph_that_is_off_keeps_the_book_blanks_and_says_where() -> None:
    sheet = PACK.exercise("vector-own-graph").instance(0)
    wrong = [*OWN[:2], "w5 = w3*w4", *OWN[3:]]
    verdict = sheet.check("graph", "\n".join(wrong), {})
    assert (verdict.status, verdict.mistake) == ("incorrect", "graph-off")
    assert "from line 3 'w5 = w3·w4' on" in verdict.message
    assert sheet_for(sheet, {"graph": "\n".join(wrong)}) is sheet
    unreadable = sheet.check("graph", "w3 = exp(w1)\nw5 = exp(w3) + 1 + w3", {})
    assert unreadable.status == "invalid" and "line 2" in unreadable.message


def test_forward_mode_and_finite_differences_on_own_graphs() -> None:
    survey = PACK.exercise("survey-own-graph").instance(0)
    lines = "a = ln(x1)\nb = x1*x2\nc = sin(x2)\nd = a + b\nf = d - c"
    mine = sheet_for(survey, {"graph": lines})
    # seeded on x1 at (2, 5): ḃ = x2 = 5, ȧ = 1/2, ḟ = 5.5
    assert mine.blank("tangent:x1:b").expected == pytest.approx(5.0)
    assert mine.blank("tangent:x1:f").expected == pytest.approx(5.5)
    fd = PACK.exercise("vector-own-graph-finite-diff").instance(0)
    assert sheet_for(fd, {"graph": "\n".join(OWN)}).blanks[0].id == "graph"


def test_tutor_grade_takes_the_graph_as_a_list(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = {
        "graph": ["s = x + y", "t = y + 1", "f = s*t"],
        "value:s": 3,
        "adjoint:f:s": "3",
        "adjoint:f:y": "3",
    }
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    from tutor.cli import main

    status = main(["grade", "autodiff/warmup-own-graph", "--answers", str(path), "--json"])
    assert status == 0
    data = json.loads(capsys.readouterr().out)
    rows = {row["id"]: row for row in data["blanks"]}
    assert rows["graph"]["verdict"] == "correct"
    assert rows["value:s"]["verdict"] == "correct"
    assert rows["adjoint:f:s"]["verdict"] == "correct"  # ∂f/∂s = t = 3
    assert rows["adjoint:f:y"]["mistake"] == "missing-path"  # t + s = 6, one path gives 3
    assert data["unknown_ids"] == []


@pytest.mark.parametrize(
    ("extra", "field", "says"),
    [
        ('graph = "teacher"', "graph", "only mode"),
        ('graph = "student"\ntrace = ["f = (x + y)*(y + 1)"]', "graph", "leave out 'trace'"),
    ],
)
def test_bad_graph_fields_are_named(extra: str, field: str, says: str) -> None:
    text = (
        '[pack]\nid = "t"\ntitle = "T"\n\n[[exercise]]\nid = "e"\nkind = "reverse-ad"\n'
        f'title = "T"\nfunction = "(x + y)*(y + 1)"\nat = {{ x = 1, y = 2 }}\n{extra}\n'
    )
    pack, errors = load_pack_text(text, "t.toml")
    assert pack is not None and not errors
    with pytest.raises(PackError) as raised:
        pack.exercise("e").instance(0)
    assert raised.value.field == field and says in raised.value.message
    assert raised.value.line == text.splitlines().index(extra.splitlines()[0]) + 1
