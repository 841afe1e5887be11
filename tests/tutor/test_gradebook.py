"""Tests of the instructor's tools: `tutor blanks`, a class graded to CSV and to Gradescope."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from test_cli import WARMUP, run, run_json

from exercises.loader import resolve_ref
from tutor import gradebook
from tutor.answers_file import AnswersError, read_answers

# f = (x + y)(y + 1) at x = 1, y = 2, worked by hand: a = 3, b = 3, f = 9; f̄ = 1,
# ā = b = 3, b̄ = a = 3, x̄ = ā = 3, ȳ = ā + b̄ = 6.
RIGHT = {
    "value:a": "3",
    "value:b": "3",
    "value:f": "9",
    "adjoint:f:f": "1",
    "adjoint:f:b": "3",
    "adjoint:f:a": "3",
    "adjoint:f:x": "3",
    "adjoint:f:y": "6",
    "jacobian:f:x": "3",
    "jacobian:f:y": "6",
}


def write_class(directory: Path, students: dict[str, object]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, answers in students.items():
        text = answers if isinstance(answers, str) else json.dumps(answers)
        (directory / f"{name}.json").write_text(text, encoding="utf-8")
    return directory


def test_blanks_lists_every_blank_without_giving_an_answer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    template = run_json(capsys, "blanks", WARMUP)
    key = run_json(capsys, "solve", WARMUP)
    assert [b["id"] for b in template["blanks"]] == [b["id"] for b in key["blanks"]]
    assert all("answer" not in b for b in template["blanks"])
    assert {b["type"] for b in template["blanks"]} == {"integer"}
    assert template["blanks"][0] == {
        "id": "value:a",
        "label": "a = x + y",
        "section": "Values",
        "type": "integer",
        "accepted": "exact integer",
    }


def test_blanks_names_vector_and_expression_answers(capsys: pytest.CaptureFixture[str]) -> None:
    vectors = run_json(capsys, "blanks", "optimizers/min-norm-adagrad")
    symbolic = run_json(capsys, "blanks", "derivatives/sigmoid")
    assert "vector" in {b["type"] for b in vectors["blanks"]}
    assert [b["type"] for b in symbolic["blanks"]] == ["expression"]


def test_a_class_is_graded_to_one_csv_row_per_student(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    slipped = dict(RIGHT, **{"adjoint:f:y": "-6"})  # the student flipped the sign of ȳ
    folder = write_class(tmp_path / "class", {"ada": RIGHT, "bob": slipped, "cy": {}})
    out = tmp_path / "book.csv"
    status, _, err = run(capsys, "grade", WARMUP, "--answers", str(folder), "--output", str(out))
    assert status == 0, err
    rows = {row["student"]: row for row in csv.DictReader(io.StringIO(out.read_text()))}
    assert sorted(rows) == ["ada", "bob", "cy"]
    assert (rows["ada"]["correct"], rows["ada"]["total"]) == ("10", "10")
    assert rows["bob"]["adjoint:f:y"] == "incorrect:sign-flip"
    assert rows["bob"]["correct"] == "9"
    assert rows["cy"]["value:a"] == "blank" and rows["cy"]["correct"] == "0"


def test_one_unreadable_submission_does_not_stop_the_class(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_class(tmp_path / "class", {"ada": RIGHT, "broken": "{not json"})
    status, out, err = run(capsys, "grade", WARMUP, "--answers", str(folder))
    assert status == 0
    rows = {row["student"]: row for row in csv.DictReader(io.StringIO(out))}
    assert rows["ada"]["correct"] == "10"
    assert "is not JSON" in rows["broken"]["error"]
    assert "broken" in err


def test_a_directory_without_submissions_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    status, _, err = run(capsys, "grade", WARMUP, "--answers", str(tmp_path / "empty"))
    assert status == 2 and "no answers files" in err


def test_gradescope_results_has_one_test_per_blank_naming_the_mistake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = dict(RIGHT, **{"adjoint:f:y": "-6", "value:a": "4", "value:f": "12"})
    path = tmp_path / "submission.json"
    path.write_text(json.dumps(answers))
    results = tmp_path / "results"
    argv = ["grade", WARMUP, "--answers", str(path), "--gradescope", "--output", str(results)]
    status, _, err = run(capsys, *argv)
    assert status == 0, err
    data = json.loads((results / "results.json").read_text())
    tests = {t["name"]: t for t in data["tests"]}
    assert data["max_score"] == 10.0 and len(tests) == 10
    # a = 4 is wrong, f = 12 follows from it (consistent: its point is kept), ȳ = -6 is wrong
    assert data["score"] == 8.0
    assert tests["∂f/∂y (adjoint:f:y)"]["status"] == "failed"
    assert "sign-flip" in tests["∂f/∂y (adjoint:f:y)"]["output"]
    assert tests["f = a·b (value:f)"]["status"] == "passed"


def test_gradescope_for_a_class_writes_a_folder_per_student(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_class(tmp_path / "class", {"ada": RIGHT, "bob": {"value:a": "3"}})
    out = tmp_path / "out"
    argv = ["grade", WARMUP, "--answers", str(folder), "--gradescope", "--output", str(out)]
    assert run(capsys, *argv)[0] == 0
    assert json.loads((out / "ada" / "results.json").read_text())["score"] == 10.0
    assert json.loads((out / "bob" / "results.json").read_text())["score"] == 1.0


def test_parallel_grading_gives_the_serial_result(tmp_path: Path) -> None:
    students = {f"s{i:03d}": dict(RIGHT, **{"value:a": str(i % 5)}) for i in range(80)}
    folder = write_class(tmp_path / "class", students)
    files = gradebook.submissions_in(folder)
    serial = gradebook.grade_class(WARMUP, 0, files, workers=1)
    parallel = gradebook.grade_class(WARMUP, 0, files, workers=2)
    assert serial == parallel
    assert [g.student for g in parallel] == sorted(students)


def test_vectors_and_matrices_may_be_json_lists(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"v": [1.5, -2], "m": [[1, 2], [3, 4]], "n": 3, "t": "2+1"}))
    assert read_answers(path) == {"v": "[1.5, -2]", "m": "[[1, 2], [3, 4]]", "n": "3", "t": "2+1"}


@pytest.mark.parametrize("value", [[1, "x"], [[1], 2], [], {"a": 1}, True, None])
def test_other_json_values_are_refused_with_the_blank_named(tmp_path: Path, value: object) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"value:a": value}))
    with pytest.raises(AnswersError, match="value:a"):
        read_answers(path)


def test_a_vector_given_as_a_list_is_graded_like_the_typed_vector(tmp_path: Path) -> None:
    worksheet = resolve_ref("optimizers/min-norm-adagrad").instance(0)
    blank = next(b for b in worksheet.blanks if b.format.show(b.expected).startswith("["))
    typed = gradebook.grade_report(worksheet, {blank.id: blank.format.show(blank.expected)})
    path = tmp_path / "a.json"
    path.write_text(json.dumps({blank.id: list(blank.format.to_json(blank.expected))}))
    listed = gradebook.grade_report(worksheet, read_answers(path))
    verdict = {r["id"]: r["verdict"] for r in listed["blanks"]}[blank.id]
    assert verdict == {r["id"]: r["verdict"] for r in typed["blanks"]}[blank.id] == "correct"


def test_an_answers_file_with_absurdly_many_entries_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({f"b{i}": "1" for i in range(100_001)}))
    with pytest.raises(AnswersError, match="100,001 entries"):
        read_answers(path)
