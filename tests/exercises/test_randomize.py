"""Tests of randomized exercises: an instance is a pure function of (exercise, seed)."""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from exercises.loader import Exercise, PackError, load_pack_text, resolve_ref
from exercises.randomize import RandomSpecError, check_rules, draw, generator, substitute

ROOT = Path(__file__).resolve().parents[2]


def exercise_of(body: str, kind: str = "reverse-ad", title: str = "E") -> Exercise:
    text = (
        '[pack]\nid = "demo"\ntitle = "Demo"\n\n[[exercise]]\nid = "e"\n'
        f'title = "{title}"\nkind = "{kind}"\n' + body
    )
    pack, errors = load_pack_text(text, "p.toml")
    assert pack is not None and not errors, [str(e) for e in errors]
    return pack.exercises[0]


def inputs(exercise: Exercise, seed: int) -> dict[str, float]:
    return dict(exercise.instance(seed).result["inputs"])


# --- drawing ---------------------------------------------------------------------------------


def test_int_rule_stays_in_range_and_skips_excluded_values() -> None:
    rules = {"x": {"int": [-3, 3], "not": [0, 2]}}
    seen = {draw(rules, random.Random(n))["x"] for n in range(300)}
    assert seen == {-3, -2, -1, 1, 3}
    assert all(isinstance(v, int) for v in seen)


def test_uniform_rule_rounds_to_its_digits() -> None:
    rules = {"w": {"uniform": [-2, 2], "digits": 1}}
    for n in range(200):
        value = draw(rules, random.Random(n))["w"]
        assert -2 <= value <= 2
        assert value == round(value, 1)


def test_uniform_rule_defaults_to_two_digits() -> None:
    values = [draw({"w": {"uniform": [0, 1]}}, random.Random(n))["w"] for n in range(100)]
    assert all(v == round(v, 2) for v in values)
    assert len(set(values)) > 10


def test_choice_rule_draws_from_its_list() -> None:
    options = [0.1, 0.5, 1.5]
    seen = {draw({"lr": {"choice": options}}, random.Random(n))["lr"] for n in range(100)}
    assert seen == set(options)


def test_generator_is_a_function_of_ref_seed_and_attempt() -> None:
    def sequence(ref: str, seed: int, attempt: int) -> list[float]:
        rng = generator(ref, seed, attempt)
        return [rng.random() for _ in range(5)]

    assert sequence("p/e", 3, 0) == sequence("p/e", 3, 0)
    assert sequence("p/e", 3, 0) != sequence("p/e", 4, 0)
    assert sequence("p/e", 3, 0) != sequence("p/e", 3, 1)
    assert sequence("p/e", 3, 0) != sequence("p/f", 3, 0)


def test_generator_does_not_depend_on_the_interpreter_hash_seed() -> None:
    code = (
        "import json; from exercises.randomize import generator; "
        "r = generator('autodiff/x', 7, 2); print(json.dumps([r.random() for _ in range(3)]))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    )
    rng = generator("autodiff/x", 7, 2)
    assert json.loads(out.stdout) == [rng.random() for _ in range(3)]


# --- substitution ----------------------------------------------------------------------------


def test_whole_placeholder_keeps_the_number_type() -> None:
    assert substitute({"at": {"x": "{x}", "y": 2}}, {"x": -3}) == {"at": {"x": -3, "y": 2}}
    assert substitute(" {lr} ", {"lr": 0.5}) == 0.5


def test_placeholder_inside_text_is_written_out_with_parentheses_when_negative() -> None:
    assert substitute("sin({a}*x)", {"a": -2}) == "sin((-2)*x)"
    assert substitute("sin({a}*x)", {"a": 1.5}) == "sin(1.5*x)"
    assert substitute(["{a} + x"], {"a": 3}) == ["3 + x"]


def test_placeholder_text_keeps_every_digit_of_the_draw() -> None:
    text = substitute("{a}*x", {"a": 0.1234567891})
    value = float(text.split("*")[0].strip("()"))
    assert value == 0.1234567891


def test_a_list_inside_text_names_the_field() -> None:
    with pytest.raises(RandomSpecError) as caught:
        substitute({"kernel": "{k}+"}, {"k": [[1, 0]]}, "")
    assert caught.value.field == "kernel" and '"{k}" alone' in str(caught.value)


def test_unknown_placeholder_names_the_field() -> None:
    with pytest.raises(RandomSpecError) as caught:
        substitute({"at": {"x": "{q}"}}, {"x": 1}, "")
    assert caught.value.field == "at.x"
    assert "{q} is not a random value (random values: x)" in str(caught.value)


def test_unknown_placeholder_reported_by_the_loader_with_its_line() -> None:
    exercise = exercise_of(
        'function = "x"\nrandom = { x = { int = [1, 2] } }\nat = { x = "{q}" }\n'
    )
    with pytest.raises(PackError) as caught:
        exercise.instance(0)
    assert (caught.value.field, caught.value.line) == ("at.x", 11)


@pytest.mark.parametrize(
    "rules",
    [
        {"x": {"int": [1, 1]}},
        {"x": {"uniform": [-1.5, 2]}},
        {"x": {"choice": ["a", "b"]}},
        {"x": {"int": [-3, 3], "not": [0]}, "y": {"choice": [1]}},
        {},
    ],
)
def test_good_rules_pass_the_static_check(rules: dict[str, object]) -> None:
    check_rules(rules)


# --- instances -------------------------------------------------------------------------------

RANDOM_XY = (
    'function = "x*y + y"\nrandom = { x = { int = [-50, 50] }, y = { uniform = [-5, 5] } }\n'
    'at = { x = "{x}", y = "{y}" }\n'
)


def test_same_seed_same_instance_whatever_was_asked_before() -> None:
    exercise = exercise_of(RANDOM_XY)
    first = inputs(exercise, 3)
    inputs(exercise, 1)
    inputs(exercise, 17)
    assert inputs(exercise, 3) == first
    assert exercise.instance(3).key() == exercise.instance(3).key()


def test_different_seeds_give_different_numbers() -> None:
    exercise = exercise_of(RANDOM_XY)
    draws = {tuple(inputs(exercise, seed).values()) for seed in range(10)}
    assert len(draws) >= 8


def test_the_drawn_numbers_reach_the_title() -> None:
    exercise = exercise_of(RANDOM_XY, title="E at x = {x}")
    worksheet = exercise.instance(5)
    x = worksheet.result["inputs"]["x"]
    assert worksheet.title.endswith(f"x = {int(x)}" if x >= 0 else f"x = ({int(x)})")


def test_same_pack_at_two_paths_gives_the_same_numbers(tmp_path: Path) -> None:
    """The exercise, not the spelling of its file's path, decides the numbers."""
    text = (
        '[pack]\nid = "demo"\ntitle = "Demo"\n\n[[exercise]]\nid = "e"\ntitle = "E"\n'
        'kind = "reverse-ad"\n' + RANDOM_XY
    )
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "demo.toml").write_text(text, encoding="utf-8")
    (tmp_path / "two" / "demo.toml").write_text(text, encoding="utf-8")
    here = resolve_ref(f"{tmp_path / 'one' / 'demo.toml'}#e")
    there = resolve_ref(f"{tmp_path / 'two' / '.' / 'demo.toml'}#e")
    for seed in (0, 1, 2):
        assert inputs(here, seed) == inputs(there, seed)


def test_builtin_randomized_exercise_is_stable_and_varies() -> None:
    exercise = resolve_ref("autodiff/warmup-reverse-random")
    points = [inputs(exercise, seed) for seed in range(6)]
    assert points == [inputs(exercise, seed) for seed in range(6)]
    assert len({tuple(p.values()) for p in points}) > 1
    for point in points:
        assert -4 <= point["x"] <= 4 and -4 <= point["y"] <= 4
        assert point["y"] != -1


def test_degenerate_draws_are_redrawn_deterministically() -> None:
    """ln(x) for x in {-1, 0, 1}: only x = 1 is usable, for every seed."""
    exercise = exercise_of(
        'function = "ln(x)"\nrandom = { x = { int = [-1, 1] } }\nat = { x = "{x}" }\n'
    )
    for seed in range(8):
        assert inputs(exercise, seed) == {"x": 1.0}


def test_a_relu_at_its_kink_is_redrawn() -> None:
    exercise = exercise_of(
        'function = "relu(x - y)"\nrandom = { x = { int = [-1, 1] } }\nat = { x = "{x}", y = 0 }\n'
    )
    for seed in range(15):
        assert inputs(exercise, seed)["x"] != 0


def test_an_overflowing_draw_is_redrawn() -> None:
    exercise = exercise_of(
        'function = "exp(exp(x))"\nrandom = { x = { choice = [1, 10] } }\nat = { x = "{x}" }\n'
    )
    for seed in range(6):
        worksheet = exercise.instance(seed)
        assert worksheet.result["inputs"] == {"x": 1.0}
        assert worksheet.result["outputs"]["f"] == pytest.approx(math.exp(math.e))


def test_no_usable_draw_is_an_error_on_random() -> None:
    exercise = exercise_of(
        'function = "ln(x)"\nrandom = { x = { int = [-2, 0] } }\nat = { x = "{x}" }\n'
    )
    with pytest.raises(PackError) as caught:
        exercise.instance(0)
    assert caught.value.field == "random"
    assert "no usable instance" in caught.value.message
    assert "widen the ranges" in caught.value.message
    assert caught.value.line == 10


def test_random_value_in_a_function_text() -> None:
    exercise = exercise_of(
        'function = "{a}*x"\nrandom = { a = { choice = [-2, 3] } }\nat = { x = 5 }\n'
    )
    slopes = set()
    for seed in range(12):
        worksheet = exercise.instance(seed)
        slope = worksheet.result["jacobian"][0][0]
        assert worksheet.result["outputs"]["f"] == pytest.approx(5 * slope)
        slopes.add(slope)
    assert slopes == {-2.0, 3.0}


def test_a_random_delta_reaches_numeric_diff() -> None:
    exercise = exercise_of(
        'function = "x^2"\nrandom = { d = { choice = [0.1, 0.5] } }\nat = { x = 1 }\n'
        'delta = "{d}"\n',
        kind="numeric-diff",
    )
    for seed in range(6):
        result = exercise.instance(seed).result
        delta = result["delta"]
        assert delta in (0.1, 0.5)
        # (f(1 + δ) - f(1))/δ = 2 + δ for f = x².
        assert result["jacobian"][0][0] == pytest.approx(2 + delta)


def test_a_drawn_value_of_the_wrong_type_is_reported() -> None:
    exercise = exercise_of(
        'function = "x"\nrandom = { d = { choice = ["big"] } }\nat = { x = 1 }\ndelta = "{d}"\n',
        kind="numeric-diff",
    )
    with pytest.raises(PackError) as caught:
        exercise.instance(0)
    assert caught.value.field == "delta"
    assert "'big'" in caught.value.message


SIGNED_TEXTS = ["x + {b}", "x - {b}", "x-{b}^2", "x - {b}**2", "x - {b}*y", "x - {b}y",
                "x-{b}(y+1)", "x - {b}/y", "{a} + {b}", "e^(-{b})", "2*{b}"]  # fmt: skip


@pytest.mark.parametrize("text", SIGNED_TEXTS)
@pytest.mark.parametrize(("a", "b"), [(-3, -2), (3, 2.5), (-1.5, -0.25)])
def test_a_negative_value_after_a_sign_is_written_readably_and_means_the_same(
    text: str, a: float, b: float
) -> None:
    from engine.expr import evaluate, parse

    written = substitute(text, {"a": a, "b": b})
    with_parentheses = text.replace("{a}", f"({a!r})").replace("{b}", f"({b!r})")
    env = {"x": 1.7, "y": 0.6}
    assert evaluate(parse(written, ["x", "y"]), env) == pytest.approx(
        evaluate(parse(with_parentheses, ["x", "y"]), env), rel=1e-12
    )
    if text in ("x + {b}", "x - {b}") and b < 0:
        assert "(" not in written
