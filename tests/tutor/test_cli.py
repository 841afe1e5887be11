"""Tests of `tutor list/solve/grade/validate`: exit codes, the JSON contract, readable errors."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tutor.cli import main

TUTOR = Path(sys.executable).with_name("tutor")
WARMUP = "autodiff/warmup-reverse"
PACK = '[pack]\nid = "demo"\ntitle = "Demo"\n'
GOOD = (
    '\n[[exercise]]\nid = "e"\ntitle = "E"\nkind = "forward-ad"\n'
    'function = "a*b + x"\ntrace = ["p = a*b", "f = p + x"]\nat = { a = 2, b = 3, x = 1 }\n'
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
EMOJI = ("🅰", "🅱", "❌", "⭕", "Ⓜ", "✌")


@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """main(argv) in-process: (exit status, stdout, stderr), with ANSI codes removed."""
    try:
        status = main(list(argv))
    except SystemExit as exit_:  # argparse's own usage errors
        status = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return status, ANSI.sub("", out), ANSI.sub("", err)


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    status, out, err = run(capsys, *argv, "--json")
    assert status == 0, err
    return json.loads(out)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def assert_usage_error(status: int, out: str, err: str, *words: str) -> None:
    assert status == 2
    assert "Traceback" not in out + err
    assert err.startswith("tutor: ") or err.startswith("usage: ")
    for word in words:
        assert word in err


# --- list ------------------------------------------------------------------------------------


def test_list_shows_every_builtin_ref(capsys: pytest.CaptureFixture[str]) -> None:
    from exercises.loader import load_builtin_packs

    status, out, _ = run(capsys, "list")
    assert status == 0
    for pack in load_builtin_packs().packs:
        for exercise in pack.exercises:
            assert exercise.ref in out


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "list")
    assert data["errors"] == []
    autodiff = next(p for p in data["packs"] if p["id"] == "autodiff")
    assert {"id", "title", "file", "exercises"} <= set(autodiff)
    first = autodiff["exercises"][0]
    assert {"ref", "id", "kind", "title", "randomized", "tags"} <= set(first)
    warmup = next(e for e in autodiff["exercises"] if e["ref"] == WARMUP)
    assert (warmup["id"], warmup["kind"], warmup["randomized"]) == (
        "warmup-reverse",
        "reverse-ad",
        False,
    )


def test_list_files_reports_a_broken_one_and_lists_the_good_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = write(tmp_path, "good.toml", PACK + GOOD)
    broken = write(tmp_path, "broken.toml", PACK + GOOD + "kind = 3\n")
    status, out, _ = run(capsys, "list", str(good), str(broken))
    assert status == 0
    assert f"{good}#e" in out
    assert "broken.toml:" in out and "not valid TOML" in out


def test_list_keeps_brackets_in_titles(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = PACK.replace('"Demo"', '"[draft] Demo"') + GOOD.replace('"E"', '"Fill [b]this[/b] in"')
    status, out, _ = run(capsys, "list", str(write(tmp_path, "p.toml", text)))
    assert status == 0
    assert "[draft] Demo" in out
    assert "Fill [b]this[/b] in" in out


# --- solve -----------------------------------------------------------------------------------


def test_solve_json_pins_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "solve", WARMUP)
    assert {"exercise", "kind", "seed", "blanks", "result"} <= set(data)
    assert (data["exercise"], data["kind"], data["seed"]) == (WARMUP, "reverse-ad", 0)
    blanks = {b["id"]: b for b in data["blanks"]}
    assert blanks["value:a"] == {
        **blanks["value:a"],
        "id": "value:a",
        "label": "a = x + y",
        "answer": 3.0,
        "depends_on": [],
    }
    assert blanks["adjoint:f:a"]["label"] == "∂f/∂a"
    assert blanks["adjoint:f:a"]["answer"] == 3.0
    assert sorted(blanks["adjoint:f:a"]["depends_on"]) == ["adjoint:f:f", "value:b"]
    answers = {b["id"]: b["answer"] for b in data["blanks"]}
    assert answers == {
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
    for blank in data["blanks"]:
        assert isinstance(blank["answer"], (int, float)) and not isinstance(blank["answer"], bool)
        assert isinstance(blank["depends_on"], list)


def test_solve_json_result_of_reverse_mode(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "solve", WARMUP)["result"]
    assert result["inputs"] == {"x": 1, "y": 2}
    assert result["outputs"] == {"f": 9}
    assert result["jacobian"] == [[3, 6]]
    assert result["adjoints"] == {"f": {"f": 1, "a": 3, "b": 3, "x": 3, "y": 6}}
    names: list[str] = []
    for entry in result["trace"]:
        assert {"name", "op", "args", "value"} <= set(entry)
        assert all(arg in names for arg in entry["args"]), entry
        if entry["op"] == "const":
            assert isinstance(entry["value"], (int, float))
        names.append(entry["name"])
    steps = {e["name"]: (e["op"], e["args"], e["value"]) for e in result["trace"]}
    assert steps["x"] == ("input", [], 1)
    assert steps["a"] == ("add", ["x", "y"], 3)
    assert steps["f"] == ("mul", ["a", "b"], 9)
    assert steps["b"][0] == "add" and steps["b"][1][0] == "y" and steps["b"][2] == 3


def test_solve_json_result_of_forward_mode(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "solve", "autodiff/survey-forward")["result"]
    assert set(result["tangents"]) == {"x1"}
    assert result["tangents"]["x1"]["v2"] == 5
    assert result["tangents"]["x1"]["v5"] == pytest.approx(5.5)
    assert result["jacobian"][0][0] == pytest.approx(5.5)


def test_solve_json_result_of_numeric_diff(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (
        PACK + '\n[[exercise]]\nid = "cube"\ntitle = "Cube"\nkind = "numeric-diff"\n'
        'function = "x^3"\nat = { x = 1 }\ndelta = 0.1\n'
    )
    path = write(tmp_path, "nd.toml", text)
    data = run_json(capsys, "solve", f"{path}#cube")
    result = data["result"]
    assert (result["delta"], result["scheme"]) == (0.1, "forward")
    assert result["jacobian"] == [[pytest.approx(3.31)]]
    assert result["exact_jacobian"] == [[pytest.approx(3.0)]]
    assert data["exercise"] == f"{path}#cube"


def test_solve_renders_the_prompts_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    """The convolution prompt says the kernel slides **as written**: emphasis, never asterisks,
    and the matrices' code blocks leave no trailing blanks in a file."""
    status, out, _ = run(capsys, "solve", "convnets/laplacian-5x5")
    assert status == 0
    assert "the kernel slides as written" in " ".join(out.split())
    assert "**" not in out and "```" not in out
    assert " 0 -1  0\n" in out  # the kernel's rows, as the pack's matrix block wrote them
    prompt = out.split("Answer key")[0].splitlines()
    assert [line for line in prompt if line != line.rstrip()] == []


def test_a_prompts_emphasis_is_bold_on_a_terminal() -> None:
    from rich.console import Console

    from tutor.render import prompt_renderable

    console = Console(file=io.StringIO(), force_terminal=True, color_system="standard", width=60)
    console.print(prompt_renderable("the kernel slides **as written**"))
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[1mas written" in shown and "**" not in shown


def test_solve_seed(capsys: pytest.CaptureFixture[str]) -> None:
    ref = "autodiff/warmup-reverse-random"
    first = run_json(capsys, "solve", ref, "--seed", "3")
    assert first["seed"] == 3
    assert run_json(capsys, "solve", ref, "--seed", "3") == first
    points = {
        json.dumps(run_json(capsys, "solve", ref, "--seed", str(s))["result"]["inputs"])
        for s in range(4)
    }
    assert len(points) > 1
    assert run_json(capsys, "solve", ref)["seed"] == 0


def test_solve_renders_the_trace_tree_and_key(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "solve", WARMUP)
    assert (status, err) == (0, "")
    assert "Evaluation trace" in out and "Answer key" in out
    assert "adjoint:f:y" in out and "∂f/∂y" in out
    assert "a = x + y" in out


def test_solve_output_keeps_blank_ids_literal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Inputs named a, b and x give ids like tangent:a:v1 that Rich could turn into emoji."""
    path = write(tmp_path, "p.toml", PACK + GOOD)
    status, out, _ = run(capsys, "solve", f"{path}#e")
    assert status == 0
    for blank_id in ("tangent:a:a", "tangent:b:b", "tangent:x:x", "jacobian:f:a"):
        assert blank_id in out
    assert not any(glyph in out for glyph in EMOJI)


def test_solve_output_keeps_brackets_in_labels(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (
        PACK + '\n[[exercise]]\nid = "pool"\ntitle = "Pool [draft]"\nkind = "pooling"\n'
        "input = [[1, 2], [3, 4]]\nsize = 2\n"
    )
    path = write(tmp_path, "p.toml", text)
    status, out, err = run(capsys, "solve", f"{path}#pool")
    assert status == 0, err
    data = run_json(capsys, "solve", f"{path}#pool")
    for blank in data["blanks"]:
        assert blank["label"] in out
    assert "Pool [draft]" in out


# --- grade -----------------------------------------------------------------------------------


def answers_file(tmp_path: Path, answers: object) -> str:
    return str(write(tmp_path, "answers.json", json.dumps(answers)))


def test_grade_json_pins_the_contract(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    answers = {"value:a": "3", "value:b": "4", "value:f": "12", "adjoint:f:y": "3"}
    data = run_json(capsys, "grade", WARMUP, "--answers", answers_file(tmp_path, answers))
    assert {"exercise", "seed", "blanks", "score"} <= set(data)
    assert (data["exercise"], data["seed"]) == (WARMUP, 0)
    assert data["score"] == {"correct": 1, "total": 10}
    rows = {b["id"]: b for b in data["blanks"]}
    assert len(rows) == 10
    for row in data["blanks"]:
        assert {"id", "entry", "verdict", "message", "mistake", "mistakes"} <= set(row)
        assert row["verdict"] in ("correct", "consistent", "incorrect", "invalid", "blank")
        assert isinstance(row["message"], str)
        assert row["mistake"] == (row["mistakes"][0] if row["mistakes"] else None)
    assert {k: rows["value:a"][k] for k in ("entry", "verdict", "mistake")} == {
        "entry": "3",
        "verdict": "correct",
        "mistake": None,
    }
    assert (rows["value:b"]["verdict"], rows["value:b"]["mistake"]) == ("incorrect", None)
    assert rows["value:f"]["verdict"] == "consistent"
    assert "b = y + 1" in rows["value:f"]["message"]
    assert (rows["adjoint:f:y"]["verdict"], rows["adjoint:f:y"]["mistake"]) == (
        "incorrect",
        "missing-path",
    )
    assert rows["adjoint:f:y"]["mistakes"][0] == "missing-path"
    assert rows["adjoint:f:x"] == {
        **rows["adjoint:f:x"],
        "entry": "",
        "verdict": "blank",
        "mistake": None,
    }


def test_grade_of_an_empty_answers_file_exits_zero(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = run_json(capsys, "grade", WARMUP, "--answers", answers_file(tmp_path, {}))
    assert data["score"] == {"correct": 0, "total": 10}
    assert {b["verdict"] for b in data["blanks"]} == {"blank"}


def test_grade_accepts_numbers_and_expressions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = {"value:a": 3, "value:b": 3.0, "value:f": "3*3", "adjoint:f:y": "abc"}
    data = run_json(capsys, "grade", WARMUP, "--answers", answers_file(tmp_path, answers))
    rows = {b["id"]: b for b in data["blanks"]}
    assert [rows[i]["verdict"] for i in ("value:a", "value:b", "value:f")] == ["correct"] * 3
    assert rows["adjoint:f:y"]["verdict"] == "invalid"
    assert rows["adjoint:f:y"]["message"]


def test_grade_with_a_seed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ref = "autodiff/warmup-reverse-random"
    key = run_json(capsys, "solve", ref, "--seed", "2")
    answers = {b["id"]: repr(b["answer"]) for b in key["blanks"]}
    data = run_json(
        capsys, "grade", ref, "--answers", answers_file(tmp_path, answers), "--seed", "2"
    )
    assert data["seed"] == 2
    assert data["score"]["correct"] == data["score"]["total"] == len(key["blanks"])


def test_grade_rich_output_keeps_mistake_ids_visible(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = {"value:a": "3", "value:b": "4", "value:f": "12", "adjoint:f:y": "3", "[bold]x": "1"}
    status, out, _ = run(capsys, "grade", WARMUP, "--answers", answers_file(tmp_path, answers))
    assert status == 0
    assert "[missing-path" in out
    assert "✓" in out and "✗" in out and "~" in out
    assert "score: 1/10" in out
    assert "[bold]x" in out


def test_grade_of_an_own_graph_says_how_it_was_read_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    graph = ["p = x + y", "q = y + 1", "f = p*q"]
    for lines, verdict in (
        (graph, "correct: read as 3 nodes: it computes the function"),
        ([*graph[:2], "f = p + q"], "incorrect [graph-off]: read as 3 nodes: "),
    ):
        answers = tmp_path / "own.json"
        answers.write_text(json.dumps({"graph": lines}))
        status, out, _ = run(
            capsys, "grade", "autodiff/warmup-own-graph", "--answers", str(answers)
        )
        flat = " ".join(out.replace("│", " ").split())
        assert status == 0 and verdict in flat
        assert flat.count("read as 3 nodes") == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "cannot read the answers file"),
        ("{not json", "is not JSON"),
        ("[1, 2]", "must hold a JSON object"),
        ('"text"', "must hold a JSON object"),
        ('{"value:a": [3, "x"]}', "must be text, a number"),
        ('{"value:a": true}', "must be text, a number"),
        ('{"value:a": null}', "must be text, a number"),
        (b"\xff\xfe{", "is not JSON"),
    ],
)
def test_grade_bad_answers_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | bytes | None, words: str
) -> None:
    path = tmp_path / "answers.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "grade", WARMUP, "--answers", str(path))
    assert_usage_error(status, out, err, words)


# --- bad REF or pack -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ("autodiff/warmup-revers", "did you mean 'warmup-reverse'"),
        ("autodif/warmup-reverse", "did you mean 'autodiff'"),
        ("nothing", "is not a REF"),
        ("missing.toml#e", "cannot read the file"),
    ],
)
@pytest.mark.parametrize("command", ["solve", "grade"])
def test_bad_ref(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, ref: str, words: str
) -> None:
    extra = ["--answers", answers_file(tmp_path, {})] if command == "grade" else []
    status, out, err = run(capsys, command, ref, *extra)
    assert_usage_error(status, out, err, words)


def test_broken_pack_file_names_file_line_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "p.toml", PACK + GOOD.replace('kind = "forward-ad"', 'kind = "forward"'))
    status, out, err = run(capsys, "solve", f"{path}#e")
    assert_usage_error(status, out, err, f"{path}:8: exercise 'e': field 'kind'", "forward-ad")


def test_an_unusable_function_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "p.toml", PACK + GOOD.replace("a*b + x", "a*b + ("))
    status, out, err = run(capsys, "solve", f"{path}#e")
    assert_usage_error(status, out, err, "field 'function'")


def test_a_bad_seed_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "solve", WARMUP, "--seed", "abc")
    assert status == 2 and "Traceback" not in out + err


@pytest.mark.parametrize("seeds", ["0", "-2", "x"])
def test_validate_needs_at_least_one_seed(capsys: pytest.CaptureFixture[str], seeds: str) -> None:
    status, out, err = run(capsys, "validate", "--seeds", seeds)
    assert_usage_error(status, out, err, "--seeds")


def test_opening_the_app_on_a_bad_ref_exits_before_the_app(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "nothing/here")
    assert_usage_error(status, out, err, "no built-in pack 'nothing'")


# --- validate --------------------------------------------------------------------------------


def test_validate_builtin_packs(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate")
    assert status == 0
    assert "all valid" in out


def test_validate_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "p.toml", PACK + GOOD)
    status, out, _ = run(capsys, "validate", str(path), "--json")
    assert status == 0
    assert json.loads(out) == {"packs": ["demo"], "exercises": 1, "errors": []}


def test_validate_reports_a_bad_field_and_exits_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = write(tmp_path, "good.toml", PACK + GOOD)
    bad = write(tmp_path, "bad.toml", PACK + GOOD + "fucntion = 'x'\n")
    status, out, _ = run(capsys, "validate", str(good), str(bad))
    assert status == 1
    flat = " ".join(out.split())
    assert f"{bad}:12: exercise 'e': field 'fucntion'" in flat
    assert "did you mean 'function'?" in flat
    assert "1 error(s)" in flat


def test_validate_finds_a_trace_that_disagrees(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    body = (
        '\n[[exercise]]\nid = "t"\ntitle = "T"\nkind = "reverse-ad"\n'
        'function = "(x + y)*(y + 1)"\ntrace = ["a = x + y", "b = y + 2", "f = a*b"]\n'
        "at = { x = 1, y = 2 }\n"
    )
    path = write(tmp_path, "p.toml", PACK + body)
    status, out, _ = run(capsys, "validate", str(path), "--json")
    assert status == 1
    (error,) = json.loads(out)["errors"]
    assert error.startswith(f"{path}:10: exercise 't': field 'trace[1]'")
    assert "b = y + 2" in error


def test_validate_finds_random_rules_with_no_usable_draw(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    body = (
        '\n[[exercise]]\nid = "r"\ntitle = "R"\nkind = "reverse-ad"\nfunction = "ln(x)"\n'
        'random = { x = { int = [-3, 0] } }\nat = { x = "{x}" }\n'
    )
    path = write(tmp_path, "p.toml", PACK + body)
    status, out, _ = run(capsys, "validate", str(path), "--json")
    assert status == 1
    assert "no usable instance" in json.loads(out)["errors"][0]


def test_validate_a_missing_file_exits_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, "validate", str(tmp_path / "nope.toml"))
    assert status == 1
    assert "cannot read the file" in out and "Traceback" not in out + err


# --- the installed console script ------------------------------------------------------------


def test_console_script_solve_json_matches_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert TUTOR.exists(), "the `tutor` console script is not installed in this environment"
    done = subprocess.run(
        [str(TUTOR), "solve", WARMUP, "--json"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == run_json(capsys, "solve", WARMUP)


def test_console_script_bad_answers_file_has_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(TUTOR), "grade", WARMUP, "--answers", str(tmp_path / "none.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("tutor: cannot read the answers file")
    assert "Traceback" not in done.stderr


def test_rendered_key_is_literal_even_on_a_console_with_emoji(tmp_path: Path) -> None:
    """The renderables carry Text, not markup, so any console shows ids and labels as they are."""
    from rich.console import Console

    from exercises.loader import resolve_ref
    from tutor.render import solve_renderable

    path = write(tmp_path, "p.toml", PACK + GOOD)
    console = Console(color_system=None, width=100, emoji=True, record=True, file=io.StringIO())
    console.print(solve_renderable(resolve_ref(f"{path}#e").instance(0)))
    text = console.export_text()
    assert "tangent:a:a" in text and "tangent:x:p" in text
    assert not any(glyph in text for glyph in EMOJI)


def test_solve_shows_a_symbolic_key_in_a_simpler_equivalent_form(capsys: Any) -> None:
    """The softplus key 2·(0.5·e^(0.5x)/(1 + e^(0.5x))) is shown simplified, and equal to it."""
    import math

    from engine.expr import evaluate, parse

    assert main(["solve", "derivatives/softplus", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)["result"]
    simplified, key = result["simplified"], result["derivative"]
    assert len(simplified) < len(key)
    for x in (-2.0, -0.3, 0.0, 1.7):
        sigmoid_half = 1 / (1 + math.exp(-x / 2))  # d/dx of 2·softplus(x/2), by hand
        assert evaluate(parse(simplified, ["x"]), {"x": x}) == pytest.approx(sigmoid_half)


def test_an_unexpected_error_is_one_line_not_a_traceback(
    capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor import commands

    def broken(*_: Any) -> int:
        raise RuntimeError("a bug")

    monkeypatch.delenv("TUTOR_DEBUG", raising=False)
    monkeypatch.setattr(commands, "list_packs", broken)
    assert main(["list"]) == 1
    err = capsys.readouterr().err
    assert "internal error (RuntimeError: a bug)" in err and "Traceback" not in err
