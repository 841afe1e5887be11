"""`tutor solve --working`: each blank's working as text, and as a "working" list in the JSON.

GD on f(w) = w⁴ from w(0) = 2 with η = 0.01, by hand: g(0) = 4·2³ = 32, w(1) = 2 - 0.01·32 = 1.68.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import run

PACK = (
    '[pack]\nid = "demo"\ntitle = "Demo"\n\n[[exercise]]\nid = "gd4"\ntitle = "GD on w^4"\n'
    'kind = "gradient-descent"\nobjective = "w^4"\nstart = { w = 2 }\nlr = 0.01\nsteps = 1\n'
)


@pytest.fixture
def ref(tmp_path: Path) -> str:
    path = tmp_path / "demo.toml"
    path.write_text(PACK)
    return f"{path}#gd4"


def test_json_gains_a_working_list_per_blank(capsys: pytest.CaptureFixture[str], ref: str) -> None:
    status, out, _ = run(capsys, "solve", ref, "--json", "--working")
    assert status == 0
    blanks = {b["id"]: b for b in json.loads(out)["blanks"]}
    assert blanks["gradient:0"]["working"][-3:] == ["= 4·2^3", "= 4·8", "= 32"]
    assert blanks["iterate:1"]["working"] == ["w(1) = w(0) - η·g(0)", "= 2 - 0.01·32", "= 1.68"]
    assert blanks["iterate:1"]["answer"] == pytest.approx(1.68)


def test_json_without_the_option_is_unchanged(capsys: pytest.CaptureFixture[str], ref: str) -> None:
    _, out, _ = run(capsys, "solve", ref, "--json")
    assert all("working" not in b for b in json.loads(out)["blanks"])


def test_text_prints_the_working_after_the_key(
    capsys: pytest.CaptureFixture[str], ref: str
) -> None:
    status, out, _ = run(capsys, "solve", ref, "--working")
    assert status == 0
    working = out[out.index("Working") :]
    assert "w(1) = w(0) - η·g(0)" in working and "= 2 - 0.01·32" in working
    assert working.index("= 4·2^3") < working.index("= 2 - 0.01·32")


STEPS2 = PACK.replace("steps = 1", "steps = 2")


@pytest.fixture
def two_steps(tmp_path: Path) -> str:
    path = tmp_path / "demo2.toml"
    path.write_text(STEPS2)
    return f"{path}#gd4"


def answers_file(tmp_path: Path, answers: dict[str, str]) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    return str(path)


def test_grade_json_gains_the_working_from_the_students_own_numbers(
    capsys: pytest.CaptureFixture[str], two_steps: str, tmp_path: Path
) -> None:
    # The student wrote g(0) = 30 (the key is 32): from it w(1) = 2 - 0.01·30 = 1.7, and g(1)
    # at their 1.7 is 4·1.7³ = 4·4.913 = 19.652 (the key's, at 1.68, is 18.9665).
    answers = answers_file(tmp_path, {"gradient:0": "30", "iterate:1": "1.7"})
    status, out, _ = run(capsys, "grade", two_steps, "--answers", answers, "--json", "--working")
    assert status == 0
    blanks = {b["id"]: b for b in json.loads(out)["blanks"]}
    assert blanks["iterate:1"]["working"] == [
        "w(1) = w(0) - η·g(0)",
        "= 2 - 0.01·30",
        "= 1.7",
        "(this follows from your entry for g(0) = ∇f(w(0)), which is off; the key is 1.68)",
    ]
    gradient = blanks["gradient:1"]["working"]
    assert gradient[1:5] == ["at w = 1.7", "= 4·1.7^3", "= 4·4.913", "= 19.652"]
    assert gradient[-1].startswith("(this follows from your entry for ")
    assert gradient[-1].endswith("the key is 18.9665)")
    assert blanks["gradient:0"]["working"][-3:] == ["= 4·2^3", "= 4·8", "= 32"]
    assert blanks["iterate:1"]["verdict"] == "consistent"


def test_grade_json_without_the_option_has_no_working(
    capsys: pytest.CaptureFixture[str], ref: str, tmp_path: Path
) -> None:
    _, out, _ = run(capsys, "grade", ref, "--answers", answers_file(tmp_path, {}), "--json")
    assert all("working" not in b for b in json.loads(out)["blanks"])


def test_grade_text_prints_the_working_after_the_verdicts(
    capsys: pytest.CaptureFixture[str], ref: str, tmp_path: Path
) -> None:
    answers = answers_file(tmp_path, {"gradient:0": "30"})
    status, out, _ = run(capsys, "grade", ref, "--answers", answers, "--working")
    assert status == 0
    working = out[out.index("Working") :]
    assert out.index("score:") < out.index("Working")
    assert "= 2 - 0.01·30" in working and "= 1.7" in working
    assert "note: this follows from your entry for g(0) = ∇f(w(0)), which is off" in working


def test_grade_working_goes_with_one_answers_file(
    capsys: pytest.CaptureFixture[str], ref: str, tmp_path: Path
) -> None:
    answers_file(tmp_path, {})
    status, _, err = run(capsys, "grade", ref, "--answers", str(tmp_path), "--working")
    assert status == 2 and "--working goes with one answers file" in err
