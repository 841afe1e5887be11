"""Provides tests that `tutor validate` reports every error of an exercise, not only the first."""

from __future__ import annotations

from exercises.loader import load_pack_text
from exercises.validation import validate_exercises

PACK = '[pack]\nid = "demo"\ntitle = "Demo"\n\n'


def test_every_error_of_one_exercise_is_reported_at_load() -> None:
    text = PACK + (
        '[[exercise]]\nid = "e"\nkind = "reverse-ad"\n'  # lines 5-7
        "hints = 3\n"  # 8: not a list of texts
        'function = "x*y"\n'
        "at = { x = 1, y = inf }\n"  # 10: not finite
        "trace = 5\n"  # 11: not a list
        "random = { a = { int = [1, 2], not = 1 } }\n"  # 12: not is not a list
    )
    _, errors = load_pack_text(text, "p.toml")
    assert sorted((e.line, e.field) for e in errors) == [
        (5, "title"),  # no title: the exercise's own line
        (8, "hints"),
        (10, "at.y"),
        (11, "trace"),
        (12, "random.a.not"),
    ]


def test_every_type_and_rule_error_is_reported_together() -> None:
    text = PACK + (
        '[[exercise]]\nid = "e"\nkind = "reverse-ad"\n'
        "hints = 3\n"  # 8
        'function = "x*y"\n'
        "at = { x = 1, y = 2 }\n"
        "trace = 5\n"  # 11
        "random = { a = { int = [1, 2], not = 1 } }\n"  # 12
    )
    _, errors = load_pack_text(text, "p.toml")
    assert sorted((e.line, e.field) for e in errors) == [
        (5, "title"),
        (8, "hints"),
        (11, "trace"),
        (12, "random.a.not"),
    ]


def test_a_tolerance_that_accepts_anything_is_reported_for_each_blank() -> None:
    text = PACK + (
        '[[exercise]]\nid = "e"\nkind = "forward-ad"\ntitle = "t"\n'
        'function = "x*y"\nat = { x = 2, y = 3 }\nwrt = "x"\n'
        "tolerance = { rel = 10 }\n"
    )
    pack, errors = load_pack_text(text, "p.toml")
    assert pack is not None and errors == []
    problems = validate_exercises(pack.exercises, seeds=1)
    sheet = pack.exercises[0].instance(0)
    with_tolerance = [b for b in sheet.blanks if getattr(b.format, "tolerance", None)]
    assert len(problems) == sum(1 for b in with_tolerance if b.format.tolerance.rel == 10)
    assert problems
    assert all("a wrong entry" in p and "grades correct" in p for p in problems)


def test_a_field_failing_on_every_seed_is_reported_once() -> None:
    text = PACK + (
        '[[exercise]]\nid = "e"\nkind = "reverse-ad"\ntitle = "t"\n'
        'function = "log(x)"\nat = { x = "{a}" }\n'
        "random = { a = { int = [-3, -1] } }\n"  # ln of a negative number on every draw
    )
    pack, errors = load_pack_text(text, "p.toml")
    assert pack is not None and errors == []
    problems = validate_exercises(pack.exercises, seeds=5)
    assert len(problems) == 1 and "no usable instance" in problems[0]
