"""Tests of the pack loader: each error names file, line and field, with a fix or a suggestion."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from exercises import loader
from exercises.loader import (
    PackError,
    RefError,
    load_builtin_packs,
    load_pack_file,
    load_pack_text,
    resolve_ref,
)

PACK = '[pack]\nid = "demo"\ntitle = "Demo"\n'
#: A pack header and the first lines of one exercise: `[[exercise]]` is line 5, `title` line 7.
HEAD = PACK + '\n[[exercise]]\nid = "e"\ntitle = "E"\n'
GOOD = 'kind = "reverse-ad"\nfunction = "x*y"\nat = { x = 2, y = 3 }\n'


def errors_of(text: str, file: str = "p.toml") -> list[str]:
    _, errors = load_pack_text(text, file)
    return [str(e) for e in errors]


def only_error(text: str) -> PackError:
    _, errors = load_pack_text(text, "p.toml")
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def instance_error(text: str) -> PackError:
    """The PackError raised when the (statically valid) exercise is instantiated."""
    pack, errors = load_pack_text(text, "p.toml")
    assert pack is not None and not errors, [str(e) for e in errors]
    with pytest.raises(PackError) as caught:
        pack.exercises[0].instance(0)
    return caught.value


# --- the built-in packs ---------------------------------------------------------------------


def test_builtin_packs_load_without_errors() -> None:
    result = load_builtin_packs()
    assert result.errors == ()
    ids = [p.id for p in result.packs]
    assert "autodiff" in ids
    assert ids == sorted(ids) or len(ids) == len(set(ids))
    assert all(p.builtin for p in result.packs)


def test_builtin_autodiff_pack_has_the_course_problems() -> None:
    pack = next(p for p in load_builtin_packs().packs if p.id == "autodiff")
    assert len(pack.exercises) >= 12
    kinds = {e.kind for e in pack.exercises}
    assert {"forward-ad", "reverse-ad", "numeric-diff"} <= kinds
    assert any(e.randomized for e in pack.exercises)
    assert all(e.source for e in pack.exercises)
    assert all(e.ref == f"autodiff/{e.id}" for e in pack.exercises)


def test_a_valid_pack_text_loads() -> None:
    pack, errors = load_pack_text(HEAD + GOOD, "p.toml")
    assert errors == []
    assert pack is not None
    assert (pack.id, pack.title, pack.file) == ("demo", "Demo", "p.toml")
    (exercise,) = pack.exercises
    assert (exercise.id, exercise.kind, exercise.title) == ("e", "reverse-ad", "E")
    assert exercise.ref == "p.toml#e"
    assert not exercise.randomized
    assert dict(exercise.fields) == {"function": "x*y", "at": {"x": 2, "y": 3}}


def test_error_format_is_file_line_exercise_field_message() -> None:
    error = PackError("p.toml", 12, "expected a table", exercise="e", field="at")
    assert str(error) == "p.toml:12: exercise 'e': field 'at': expected a table"
    assert str(PackError("p.toml", None, "cannot read")) == "p.toml: cannot read"


# --- TOML and the [pack] table --------------------------------------------------------------


def test_bad_toml_is_reported_with_its_line() -> None:
    text = HEAD + 'kind = "reverse-ad"\nat = { x = 1,\n'
    pack, errors = load_pack_text(text, "p.toml")
    assert pack is None
    (error,) = errors
    assert error.line == 9
    assert str(error).startswith("p.toml:9: not valid TOML")


def test_missing_pack_table() -> None:
    pack, errors = load_pack_text('[[exercise]]\nid = "e"\n', "p.toml")
    assert pack is None
    assert "missing [pack] table" in str(errors[0])


def test_unknown_pack_key_suggests_the_right_one() -> None:
    messages = errors_of('[pack]\nid = "demo"\ntitel = "Demo"\n')
    assert "p.toml:3: field 'titel': unknown key in [pack]; did you mean 'title'?" in messages


def test_bad_pack_id() -> None:
    error = only_error('[pack]\nid = "Demo Pack"\ntitle = "Demo"\n' + HEAD[len(PACK) :] + GOOD)
    assert (error.line, error.field) == (2, "id")
    assert "lowercase" in error.message


def test_unknown_table_suggests_exercise() -> None:
    messages = errors_of(PACK + "[exercises]\nx = 1\n")
    assert any("unknown table [exercises]; did you mean 'exercise'?" in m for m in messages)


# --- exercise fields ------------------------------------------------------------------------


def test_unknown_field_names_its_line_and_suggests() -> None:
    text = HEAD + 'kind = "reverse-ad"\nat = { x = 1 }\nfucntion = "x"\n'
    messages = errors_of(text)
    assert (
        "p.toml:10: exercise 'e': field 'fucntion': unknown field for kind 'reverse-ad'; "
        "did you mean 'function'?"
    ) in messages


def test_unknown_kind_suggests_and_lists_kinds() -> None:
    error = only_error(HEAD + 'kind = "reverse-mode"\nfunction = "x"\nat = { x = 1 }\n')
    assert (error.file, error.line, error.exercise, error.field) == ("p.toml", 8, "e", "kind")
    assert "unknown kind 'reverse-mode'; did you mean 'reverse-ad'?" in error.message
    assert "forward-ad" in error.message and "numeric-diff" in error.message


def test_missing_required_field() -> None:
    error = only_error(HEAD + 'kind = "reverse-ad"\nfunction = "x"\n')
    assert error.line == 5
    assert "missing field 'at'" in error.message


def test_missing_function_asks_for_one_of_them() -> None:
    error = only_error(HEAD + 'kind = "reverse-ad"\nat = { x = 1 }\n')
    assert "give one of 'function', 'functions', 'trace'" in error.message


def test_missing_title() -> None:
    text = PACK + '[[exercise]]\nid = "e"\n' + GOOD
    error = only_error(text)
    assert (error.line, error.field) == (4, "title")


@pytest.mark.parametrize(
    ("body", "line", "field", "words"),
    [
        ('kind = "reverse-ad"\nfunction = "x"\nat = 3\n', 10, "at", "expected a table"),
        ('kind = "reverse-ad"\nfunction = 2\nat = { x = 1 }\n', 9, "function", "expected text"),
        (
            'kind = "numeric-diff"\nfunction = "x"\nat = { x = 1 }\ndelta = "big"\n',
            11,
            "delta",
            "got 'big'",
        ),
        (
            'kind = "numeric-diff"\nfunction = "x"\nat = { x = 1 }\ndelta = true\n',
            11,
            "delta",
            "got True",
        ),
        (GOOD + "hints = 'one hint'\n", 11, "hints", "list of texts"),
        (GOOD + "tags = [1, 2]\n", 11, "tags", "list of texts"),
        (GOOD + "source = 3\n", 11, "source", "text in quotes"),
        (GOOD + "tolerance = { rel = -1 }\n", 11, "tolerance", "non-negative"),
        (GOOD + "tolerance = { relative = 0.1 }\n", 11, "tolerance", "rel = 1e-3"),
    ],
)
def test_bad_types(body: str, line: int, field: str, words: str) -> None:
    error = only_error(HEAD + body)
    assert (error.line, error.field, error.exercise) == (line, field, "e")
    assert words in error.message
    assert str(error).startswith(f"p.toml:{line}: exercise 'e': field '{field}': ")


def test_bad_exercise_id() -> None:
    error = only_error(PACK + '[[exercise]]\nid = "Bad Id"\ntitle = "E"\n' + GOOD)
    assert (error.exercise, error.field) == ("Bad Id", "id")


def test_duplicate_id_keeps_the_first_and_names_the_second_line() -> None:
    second = '\n[[exercise]]\nid = "e"\ntitle = "Again"\n' + GOOD
    pack, errors = load_pack_text(HEAD + GOOD + second, "p.toml")
    assert pack is not None
    assert [e.title for e in pack.exercises] == ["E"]
    (error,) = errors
    assert (error.line, error.field) == (13, "id")
    assert "duplicate exercise id 'e'" in error.message


def test_one_bad_exercise_does_not_hide_the_others() -> None:
    bad = '\n[[exercise]]\nid = "bad"\ntitle = "Bad"\nkind = "nope"\nat = { x = 1 }\n'
    good = '\n[[exercise]]\nid = "good"\ntitle = "Good"\n' + GOOD
    pack, errors = load_pack_text(HEAD + GOOD + bad + good, "p.toml")
    assert pack is not None
    assert [e.id for e in pack.exercises] == ["e", "good"]
    assert [e.exercise for e in errors] == ["bad"]


def test_tolerance_and_hints_reach_the_worksheet() -> None:
    body = GOOD + 'tolerance = { abs = 0.5 }\nhints = ["Pack hint."]\n'
    pack, errors = load_pack_text(HEAD + body, "p.toml")
    assert pack is not None and errors == []
    exercise = pack.exercises[0]
    assert exercise.tolerance is not None
    assert (exercise.tolerance.rel, exercise.tolerance.abs) == (0.0, 0.5)
    worksheet = exercise.instance(0)
    # x*y at (2, 3) is 6; within ±0.5 accepts 6.4 and refuses 6.6.
    assert worksheet.check("value:v1", "6.4", {}).status == "correct"
    assert worksheet.check("value:v1", "6.6", {}).status == "incorrect"
    assert worksheet.prompt.endswith("\n\nHint: Pack hint.")  # about the whole exercise
    assert "Pack hint." not in worksheet.hint_ladder("value:v1")


def test_default_prompt_states_the_function_and_point() -> None:
    pack, _ = load_pack_text(HEAD + GOOD, "p.toml")
    assert pack is not None
    prompt = pack.exercises[0].instance(0).prompt
    assert "x*y" in prompt.replace(" ", "") or "x·y" in prompt
    assert "x = 2" in prompt and "y = 3" in prompt


# --- random rules (static checks at load) ---------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "field", "words"),
    [
        ("{ x = { int = [3, 1] } }", "random.x.int", "low <= high"),
        ("{ x = { intt = [1, 3] } }", "random.x", "unknown key 'intt'"),
        ("{ x = { int = [1, 3], choice = [1] } }", "random.x", "exactly one"),
        ("{ x = { int = [0.5, 3] } }", "random.x.int", "whole numbers"),
        ("{ x = { choice = [] } }", "random.x.choice", "non-empty"),
        ("{ x = { int = [0, 1], not = [0, 1] } }", "random.x.not", "every value"),
        ("{ x = 3 }", "random.x", "table"),
        ("3", "random", "table"),
    ],
)
def test_bad_random_rules(rule: str, field: str, words: str) -> None:
    body = f'kind = "reverse-ad"\nfunction = "x"\nrandom = {rule}\nat = {{ x = "{{x}}" }}\n'
    error = only_error(HEAD + body)
    assert (error.field, error.line) == (field, 10)
    assert words in error.message


# --- problems found only when the numbers are computed --------------------------------------


def test_unparsable_function_points_at_the_column() -> None:
    error = instance_error(HEAD + 'kind = "reverse-ad"\nfunction = "sin("\nat = { x = 1 }\n')
    assert (error.line, error.field) == (9, "function")
    assert "column 5" in error.message


def test_unknown_name_in_function_lists_the_inputs() -> None:
    error = instance_error(HEAD + 'kind = "reverse-ad"\nfunction = "x*q"\nat = { x = 1 }\n')
    assert error.field == "function"
    assert "unknown name 'q'" in error.message and "x" in error.message


def test_trace_that_disagrees_with_the_function_names_the_line() -> None:
    body = (
        'kind = "reverse-ad"\nfunction = "(x + y)*(y + 1)"\n'
        'trace = ["a = x + y", "b = y + 2", "f = a*b"]\nat = { x = 1, y = 2 }\n'
    )
    error = instance_error(HEAD + body)
    assert (error.line, error.field) == (10, "trace[1]")
    assert "b = y + 2" in error.message
    assert str(error).startswith("p.toml:10: exercise 'e': field 'trace[1]': ")


def test_trace_line_with_an_unknown_name() -> None:
    body = 'kind = "reverse-ad"\ntrace = ["a = x + y", "f = a*q"]\nat = { x = 1, y = 2 }\n'
    error = instance_error(HEAD + body)
    assert (error.line, error.field) == (9, "trace[1]")
    assert "unknown name 'q'" in error.message


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ('kind = "forward-ad"\nfunction = "x"\nat = { x = 1 }\nwrt = "z"\n', "wrt", "'z'"),
        (
            'kind = "reverse-ad"\nfunction = "x"\nat = { x = 1 }\noutputs = ["g"]\n',
            "outputs",
            "'g'",
        ),
        ('kind = "reverse-ad"\nfunction = "x"\nat = { sin = 1 }\n', "at.sin", "cannot name"),
        (
            'kind = "reverse-ad"\nfunction = "x"\nfunctions = { f1 = "x" }\nat = { x = 1 }\n',
            "functions",
            "not both",
        ),
        (
            'kind = "numeric-diff"\nfunction = "x"\nat = { x = 1 }\nscheme = "backward"\n',
            "scheme",
            "forward",
        ),
        ('kind = "numeric-diff"\nfunction = "x"\nat = { x = 1 }\ndelta = 0\n', "delta", "positive"),
    ],
)
def test_unusable_fields_name_the_field(body: str, field: str, words: str) -> None:
    error = instance_error(HEAD + body)
    assert error.field == field
    assert words in error.message
    assert error.line is not None and error.line > 7


def test_outputs_error_speaks_of_outputs() -> None:
    body = 'kind = "reverse-ad"\nfunction = "x"\nat = { x = 1 }\noutputs = ["g"]\n'
    error = instance_error(HEAD + body)
    assert "output" in error.message and "input" not in error.message


def test_fixed_numbers_at_a_kink_are_reported() -> None:
    error = instance_error(HEAD + 'kind = "reverse-ad"\nfunction = "relu(x)"\nat = { x = 0 }\n')
    assert "cannot be used" in error.message and "relu" in error.message


def test_fixed_numbers_outside_the_domain_are_reported() -> None:
    error = instance_error(HEAD + 'kind = "reverse-ad"\nfunction = "ln(x)"\nat = { x = 0 }\n')
    assert "ln" in error.message and "positive" in error.message


def test_an_objective_undefined_at_the_start_is_reported() -> None:
    body = 'kind = "gradient-descent"\nobjective = "ln(w)"\nstart = { w = 0 }\nlr = 0.1\n'
    error = instance_error(HEAD + body + "steps = 1\nask_best_lr = true\n")
    assert "cannot be used" in error.message and "positive" in error.message


# --- files, several packs, refs -------------------------------------------------------------


def test_load_pack_file_reads_a_path(tmp_path: Path) -> None:
    path = tmp_path / "demo.toml"
    path.write_text(HEAD + GOOD, encoding="utf-8")
    pack, errors = load_pack_file(path)
    assert errors == [] and pack is not None
    assert pack.exercises[0].ref == f"{path}#e"


def test_load_pack_file_missing_and_undecodable(tmp_path: Path) -> None:
    pack, errors = load_pack_file(tmp_path / "nope.toml")
    assert pack is None and "cannot read the file" in str(errors[0])
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    pack, errors = load_pack_file(binary)
    assert pack is None and "cannot read the file" in str(errors[0])


def test_a_bad_builtin_pack_is_reported_and_the_others_still_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "a-good.toml").write_text(HEAD + GOOD, encoding="utf-8")
    (packs / "b-broken.toml").write_text("[pack\nid = 1\n", encoding="utf-8")
    (packs / "c-also-good.toml").write_text(
        HEAD.replace('"demo"', '"other"') + GOOD, encoding="utf-8"
    )
    (packs / "README.md").write_text("not a pack", encoding="utf-8")
    monkeypatch.setattr(loader, "resources", SimpleNamespace(files=lambda package: tmp_path))
    result = load_builtin_packs()
    assert [p.id for p in result.packs] == ["demo", "other"]
    (error,) = result.errors
    assert str(error).startswith("exercises/packs/b-broken.toml:1: not valid TOML")


def test_resolve_builtin_ref() -> None:
    exercise = resolve_ref("autodiff/warmup-reverse")
    assert (exercise.pack, exercise.id, exercise.kind) == (
        "autodiff",
        "warmup-reverse",
        "reverse-ad",
    )


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ("autodiff/warmup-revers", "did you mean 'warmup-reverse'?"),
        ("autodif/warmup-reverse", "did you mean 'autodiff'?"),
        ("nothing-like-it/x", "packs: "),
        ("autodiff", "is not a REF"),
        ("autodiff/", "is not a REF"),
    ],
)
def test_bad_builtin_refs_explain(ref: str, words: str) -> None:
    with pytest.raises(RefError, match=words.replace("?", r"\?")):
        resolve_ref(ref)


def test_resolve_file_ref(tmp_path: Path) -> None:
    path = tmp_path / "demo.toml"
    path.write_text(HEAD + GOOD, encoding="utf-8")
    assert resolve_ref(f"{path}#e").id == "e"
    with pytest.raises(RefError, match="did you mean 'e'"):
        resolve_ref(f"{path}#ee")
    with pytest.raises(RefError, match="cannot read"):
        resolve_ref(f"{tmp_path / 'missing.toml'}#e")


def test_file_ref_to_a_broken_pack_reports_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(HEAD + 'kind = "nope"\nat = { x = 1 }\n', encoding="utf-8")
    with pytest.raises(RefError, match=r"broken\.toml:8: exercise 'e': field 'kind'"):
        resolve_ref(f"{path}#e")


def test_file_ref_still_reaches_a_good_exercise_beside_a_bad_one(tmp_path: Path) -> None:
    bad = '\n[[exercise]]\nid = "bad"\ntitle = "Bad"\nkind = "nope"\nat = { x = 1 }\n'
    path = tmp_path / "mixed.toml"
    path.write_text(HEAD + GOOD + bad, encoding="utf-8")
    assert resolve_ref(f"{path}#e").id == "e"


def test_a_pack_file_too_large_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_text('[pack]\nid = "h"\ntitle = "h"\n# ' + "x" * 1_200_000 + "\n")
    pack, errors = loader.load_pack_file(path)
    assert pack is None
    assert "too large for a pack" in str(errors[0]) and "200,000" in str(errors[0])


def test_a_hostile_function_is_quoted_briefly_in_its_error() -> None:
    function = "(" * 3000 + "x" + ")" * 3000
    text = f"""
[pack]
id = "h"
title = "h"

[[exercise]]
id = "deep"
kind = "reverse-ad"
title = "deep"
function = "{function}"
at = {{ x = 1 }}
"""
    message = str(instance_error(text))
    assert "too long" in message
    assert len(message) < 300


def test_a_randomized_title_is_listed_without_braces_and_drawn_in_the_instance() -> None:
    text = """
[pack]
id = "r"
title = "r"

[[exercise]]
id = "affine"
kind = "reverse-ad"
title = "σ({a}x) at a new point"
function = "σ({a}*x)"
random = { a = { int = [2, 2] } }
at = { x = 1 }
"""
    pack, errors = load_pack_text(text, "p.toml")
    assert pack is not None and not errors
    exercise = pack.exercises[0]
    assert exercise.listed_title == "σ(ax) at a new point"
    assert exercise.instance(0).title == "σ(2x) at a new point"
