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


# --- every error of an instance, none that fixing the reported ones would remove -------------


def _reported(text: str, seeds: int = 1) -> list[tuple[int | None, str | None]]:
    """(line, field) of every error `tutor validate` reports for a pack text, in order."""
    pack, errors = load_pack_text(text, "p.toml")
    assert pack is not None
    found = [(e.line, e.field) for e in errors]
    for problem in validate_exercises(pack.exercises, seeds, pack.drafts):
        where, _, rest = problem.partition(": exercise ")
        field = rest.split("field '")[1].split("'")[0] if "field '" in rest else None
        found.append((int(where.rpartition(":")[2]), field))
    return found


def test_two_independent_bad_fields_of_one_exercise_are_both_reported() -> None:
    text = PACK + (
        '[[exercise]]\nid = "e"\nkind = "gradient-descent"\ntitle = "t"\n'  # lines 5-8
        'objective = "(w - 2)^2"\nstart = { w = 0 }\n'
        'lr = "2 +"\n'  # 11: not a number (read first)
        "steps = 1000\n"  # 12: more than 100 steps
    )
    assert _reported(text) == [(11, "lr"), (12, "steps")]


def test_three_bad_window_settings_are_all_reported() -> None:
    text = PACK + (
        '[[exercise]]\nid = "e"\nkind = "convolution"\ntitle = "t"\n'
        "input = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]\nkernel = [[1, 0], [0, 1]]\n"
        "padding = -1\n"  # 11
        "stride = 0\n"  # 12
        "dilation = 100\n"  # 13
    )
    assert _reported(text) == [(11, "padding"), (12, "stride"), (13, "dilation")]


def test_errors_in_the_header_and_in_several_exercises_are_all_reported() -> None:
    text = (
        '[pack]\nid = "Bad Id"\ntitle = "Demo"\ncolour = "red"\n\n'  # 2: id, 4: unknown key
        '[[exercise]]\nid = "a"\nkind = "gradient-descent"\ntitle = "t"\n'  # 6-9
        'objective = "(w - 2)^2"\nstart = { w = 0 }\nlr = 0.1\n'
        'method = "adamw"\n'  # 13: no such method
        "steps = -1\n\n"  # 14
        '[[exercise]]\nid = "b"\nkind = "numeric-diff"\ntitle = "t"\n'  # 16-19
        "prompt = 3\n"  # 20: refused at load, so the exercise is only a draft
        'function = "x*y"\n'
        'at = { x = 1, y = "q" }\n'  # 22: not a number
        "delta = -1\n"  # 23
        'scheme = "backward"\n'  # 24
    )
    assert sorted(_reported(text, seeds=3)) == [
        (2, "id"),
        (4, "colour"),
        (13, "method"),
        (14, "steps"),
        (20, "prompt"),
        (22, "at.y"),
        (23, "delta"),
        (24, "scheme"),
    ]


def test_an_error_that_may_come_from_a_failed_field_is_not_reported() -> None:
    """Each second field is wrong only given the first: fixing the first may well fix it."""
    trace_and_ask = (
        '[[exercise]]\nid = "e"\nkind = "reverse-ad"\ntitle = "t"\n'
        'function = "(x + y)*y"\nat = { x = 1, y = 2 }\n'
        'trace = ["a = x +", "f = a*y"]\n'  # 11: a broken line; the fix keeps node a
        'ask = ["value:a"]\n'  # without the trace there is no node a
    )
    start_and_objective = (
        '[[exercise]]\nid = "e"\nkind = "gradient-descent"\ntitle = "t"\n'
        'objective = "(v - 2)^2"\n'  # v is declared by start
        'start = { v = "q" }\n'  # 10
        "lr = 0.1\nsteps = 2\n"
    )
    method_and_momentum = (
        '[[exercise]]\nid = "e"\nkind = "gradient-descent"\ntitle = "t"\n'
        'objective = "(w - 2)^2"\nstart = { w = 0 }\nlr = 0.1\nsteps = 2\n'
        'method = "momentun"\n'  # 13: a typo for momentum
        "momentum = 0.5\n"  # a setting of momentum, not of the default gd
    )
    assert _reported(PACK + trace_and_ask) == [(11, "trace[0]")]
    assert _reported(PACK + start_and_objective) == [(10, "start.v")]
    assert _reported(PACK + method_and_momentum) == [(13, "method")]


def test_a_draft_reports_only_what_its_load_errors_cannot_explain() -> None:
    """`lr` misspelt: the kind would ask for the learning rate, but the fix is the spelling."""
    text = PACK + (
        '[[exercise]]\nid = "e"\nkind = "gradient-descent"\ntitle = "t"\n'
        'objective = "(w - 2)^2"\nstart = { w = 0 }\n'
        "lrate = 0.1\n"  # 11: unknown field (did you mean lr?)
        "steps = 500\n"  # 12
    )
    assert _reported(text) == [(11, "lrate"), (12, "steps")]
