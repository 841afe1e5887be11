"""The gradient-descent kind: blank ids, follow-through, each catalogued mistake, the pack.

Expected values are hand-worked (course problems 2 to 5) or computed here with plain
arithmetic, never read back from the engine.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from exercises.kinds.optimizer import build
from exercises.kinds.optimizer_text import OptimizerVisual
from exercises.loader import load_pack_file
from exercises.model import Degenerate, Instance, SpecError, Worksheet

PACK = Path(__file__).resolve().parents[2] / "exercises" / "packs" / "optimizers.toml"
P3 = {"objective": "(w*1 - 100)^2/2", "start": {"w": 0}, "steps": 4}
P4 = {"objective": "(2*w1 + w2 - 2)^2", "start": {"w1": 0, "w2": 0}, "steps": 2}


def sheet(**fields: Any) -> Worksheet:
    return build(Instance("test/x", "gradient-descent", 0, "test", fields))


def key_entries(ws: Worksheet) -> dict[str, str]:
    return {b.id: b.answer_text for b in ws.blanks}


def check(ws: Worksheet, blank_id: str, text: str, **others: str):
    entries = key_entries(ws)
    entries.update({k.replace("__", ":"): v for k, v in others.items()})
    entries[blank_id] = text
    return ws.check(blank_id, text, entries)


def vector(values: Any) -> str:
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


@pytest.mark.parametrize(
    ("method", "state"),
    [
        ("gd", []),
        ("momentum", ["velocity"]),
        ("nesterov", ["velocity"]),
        ("adagrad", ["accum"]),
        ("rmsprop", ["v"]),
        ("adam", ["m", "v", "m_hat", "v_hat"]),
    ],
)
def test_blank_ids_follow_the_contract(method: str, state: list[str]) -> None:
    ws = sheet(**P4, lr=0.1, method=method, ask_loss=True)
    expected = ["loss:0"]
    for t in (1, 2):
        expected += [f"gradient:{t - 1}", *(f"{s}:{t}" for s in state), f"iterate:{t}", f"loss:{t}"]
    assert [b.id for b in ws.blanks] == expected
    assert ws.blank("iterate:1").format.show(ws.blank("iterate:1").expected).startswith("[")


@pytest.mark.parametrize(
    "settings",
    [
        {"method": "gd"},
        {"method": "momentum"},
        {"method": "momentum", "convention": "classic"},
        {"method": "momentum", "dampening": 0.3},
        {"method": "nesterov"},
        {"method": "nesterov", "convention": "classic"},
        {"method": "adagrad"},
        {"method": "rmsprop", "alpha": 0.9},
        {"method": "adam"},
    ],
)
def test_the_key_is_graded_correct_and_a_wrong_entry_is_not(settings: dict[str, Any]) -> None:
    ws = sheet(**P4, lr=0.05, ask_loss=True, **settings)
    entries = key_entries(ws)
    for blank in ws.blanks:
        assert ws.check(blank.id, entries[blank.id], entries).status == "correct", blank.id
        wrong = "[7, -7]" if blank.answer_text.startswith("[") else "12345"
        assert ws.check(blank.id, wrong, entries).status == "incorrect", blank.id


def test_step_size_sweep_key_has_the_closed_form() -> None:
    for alpha in (0.5, 1.5, 2.5):
        ws = sheet(**P3, lr=alpha)
        for t in range(1, 5):
            assert ws.blank(f"iterate:{t}").expected == pytest.approx(100 * (1 - (1 - alpha) ** t))
            w = 100 * (1 - (1 - alpha) ** (t - 1))
            assert ws.blank(f"gradient:{t - 1}").expected == pytest.approx(w - 100)


def test_follow_through_recomputes_from_the_students_iterate() -> None:
    """α = 2.5: the key is w1 = 250; a student who wrote 260 goes on from 260."""
    ws = sheet(**P3, lr=2.5)
    mine = {"iterate:1": "260"}
    verdict = ws.check("gradient:1", "160", {**key_entries(ws), **mine})
    assert verdict.status == "consistent" and verdict.blamed == ("iterate:1",)
    verdict = ws.check(
        "iterate:2", str(260 - 2.5 * 160), {**key_entries(ws), **mine, "gradient:1": "160"}
    )
    assert verdict.status == "consistent"
    assert (
        ws.check("iterate:2", str(260 - 2.5 * 150), {**key_entries(ws), **mine}).status != "correct"
    )


def test_follow_through_carries_adams_state() -> None:
    """A wrong m(1) makes m̂(1) = m(1)/(1 - β1) consistent, and m(2) builds on it."""
    ws = sheet(**P4, lr=0.1, method="adam")
    g0 = np.array([-8.0, -4.0])
    m1 = 0.1 * g0
    assert ws.blank("m:1").expected == pytest.approx(tuple(m1))
    my_m1 = [-0.9, -0.4]
    entries = {**key_entries(ws), "m:1": vector(my_m1)}
    verdict = ws.check("m_hat:1", vector(np.array(my_m1) / 0.1), entries)
    assert verdict.status == "consistent"
    g1 = np.array(ws.blank("gradient:1").expected)
    verdict = ws.check("m:2", vector(0.9 * np.array(my_m1) + 0.1 * g1), entries)
    assert verdict.status == "consistent"


def test_follow_through_in_classic_nesterov_uses_the_look_ahead_point() -> None:
    ws = sheet(
        objective="w^2",
        start={"w": 1},
        lr=0.1,
        steps=2,
        method="nesterov",
        convention="classic",
        momentum=0.5,
    )
    assert ws.blank("velocity:1").expected == pytest.approx(-0.2)  # v1 = -0.1·2·1
    assert ws.blank("gradient:1").expected == pytest.approx(2 * (0.8 - 0.5 * 0.2))
    entries = {**key_entries(ws), "iterate:1": "0.7", "velocity:1": "-0.3"}
    verdict = ws.check("gradient:1", str(2 * (0.7 - 0.15)), entries)
    assert verdict.status == "consistent"
    wrong_point = ws.check("gradient:1", str(2 * 0.8), key_entries(ws))
    assert wrong_point.mistake == "momentum-convention"


def p4_adam() -> Worksheet:
    return sheet(**P4, lr=0.1, method="adam", eps=0.5)


CATALOGUE = [
    # (id, worksheet, blank, entry computed by hand)
    ("sign-flip", lambda: sheet(**P3, lr=0.5), "iterate:1", "-50"),
    ("sign-flip", lambda: sheet(**P3, lr=0.5), "gradient:0", "100"),
    ("lr-missing", lambda: sheet(**P3, lr=0.5), "iterate:1", "100"),
    ("stale-gradient", lambda: sheet(**P3, lr=0.5), "gradient:1", "-100"),
    ("stale-gradient", lambda: sheet(**P3, lr=0.3), "iterate:2", str(30 + 0.3 * 100)),
    ("momentum-convention", lambda: sheet(**P3, lr=0.5, method="momentum"), "velocity:1", "50"),
    ("momentum-convention", lambda: sheet(**P3, lr=0.5, method="momentum"), "iterate:1", "-100"),
    (
        "momentum-convention",
        lambda: sheet(**P3, lr=0.5, method="momentum", convention="classic"),
        "velocity:1",
        "-100",
    ),
    (
        "momentum-convention",
        lambda: sheet(**P3, lr=0.5, method="nesterov"),
        "iterate:1",
        str(0 - 0.5 * -100),
    ),
    ("no-bias-correction", p4_adam, "m_hat:1", "[-0.8, -0.4]"),
    ("no-bias-correction", p4_adam, "v_hat:1", "[0.064, 0.016]"),
    (
        "eps-inside-sqrt",
        p4_adam,
        "iterate:1",
        vector(-0.1 * np.array([-8, -4]) / np.sqrt(np.array([64, 16]) + 0.5)),
    ),
    (
        "eps-inside-sqrt",
        lambda: sheet(**P4, lr=0.1, method="adagrad", eps=1),
        "iterate:1",
        vector(0.1 * np.array([8, 4]) / np.sqrt(np.array([65, 17]))),
    ),
    ("accum-not-squared", lambda: sheet(**P4, lr=0.1, method="adagrad"), "accum:1", "[8, 4]"),
    ("accum-not-squared", lambda: sheet(**P4, lr=0.1, method="rmsprop"), "v:1", "[-0.08, -0.04]"),
    ("accum-not-squared", p4_adam, "v:1", "[0.008, 0.004]"),
    ("t-off-by-one", p4_adam, "m_hat:1", vector(np.array([-0.8, -0.4]) / (1 - 0.9**2))),
    ("lr-missing", p4_adam, "iterate:1", vector(np.array([8, 4]) / (np.array([8, 4]) + 0.5))),
    (
        "wrong-term",
        lambda: sheet(
            terms=["(w - 2)^2/2", "(w + 1)^2/2"],
            start={"w": 0},
            lr=0.5,
            steps=1,
            method="sgd",
            order=[1],
        ),
        "gradient:0",
        "-2",
    ),
    (
        "wrong-term",
        lambda: sheet(
            terms=["(w - 2)^2/2", "(w + 1)^2/2"],
            start={"w": 0},
            lr=0.5,
            steps=1,
            method="sgd",
            order=[1],
        ),
        "gradient:0",
        "-1",
    ),
    ("too-imprecise", lambda: sheet(**P3, lr=0.3), "iterate:3", "66"),
    ("missing-abs", lambda: sheet(**P3, lr=2.5, ask_convergence=True), "contraction", "-1.5"),
    ("best-not-largest", lambda: sheet(**P3, lr=0.5, ask_max_lr=True), "max_lr", "1"),
]


@pytest.mark.parametrize(("mistake", "make", "blank_id", "entry"), CATALOGUE)
def test_each_catalogued_mistake_is_named(mistake, make, blank_id, entry) -> None:
    ws = make()
    verdict = check(ws, blank_id, entry)
    assert verdict.status == "incorrect"
    assert verdict.mistake == mistake, verdict.message
    assert verdict.message


def test_t_off_by_one_at_a_later_step() -> None:
    ws = p4_adam()
    m2 = np.array(ws.blank("m:2").expected)
    assert check(ws, "m_hat:2", vector(m2 / (1 - 0.9**3))).mistake == "t-off-by-one"
    assert check(ws, "m_hat:2", vector(m2 / (1 - 0.9))).mistake == "t-off-by-one"


def test_sgd_not_descent_loss_goes_up() -> None:
    """Course problem 2: f(0) = 2.5; the step on f₁ gives w = -0.5 and f = 3.25."""
    ws = sheet(
        terms=["(w - 2)^2/2", "(w + 1)^2/2"],
        start={"w": 0},
        lr=0.5,
        steps=1,
        method="sgd",
        order=[1],
        ask_loss=True,
    )
    assert ws.key() == {"loss:0": 2.5, "gradient:0": 1.0, "iterate:1": -0.5, "loss:1": 3.25}
    assert check(ws, "loss:1", "0.125").mistake == "wrong-term"  # f₁ = ½(-0.5 + 1)² alone
    assert check(ws, "loss:1", "3.125").mistake == "wrong-term"  # f₀ = ½(-0.5 - 2)² alone
    assert ws.result["terms_used"] == [1]


@pytest.mark.parametrize(
    ("alpha", "contraction", "converges"), [(0.5, 0.5, True), (1.5, 0.5, True), (2.5, 1.5, False)]
)
def test_convergence_blanks(alpha: float, contraction: float, converges: bool) -> None:
    ws = sheet(**P3, lr=alpha, ask_convergence=True, ask_max_lr=True)
    assert ws.blank("contraction").expected == pytest.approx(contraction)
    assert ws.blank("converges").expected is converges
    assert ws.blank("max_lr").expected == pytest.approx(2.0)
    answer = "yes" if converges else "no"
    assert check(ws, "converges", answer).status == "correct"
    flipped = "no" if converges else "yes"
    assert check(ws, "converges", flipped).status == "incorrect"
    consistent = check(ws, "converges", flipped, contraction=str(2 - contraction))
    assert consistent.status == "consistent"


def test_learning_rate_blanks_for_course_problem_5() -> None:
    """L = ½(w1 + 2w2 - 3)² + ½(w1 - w2)², H = [[2, 1], [1, 5]], w0 = 0, η = 0.1."""
    ws = sheet(
        objective="(w1 + 2*w2 - 3)^2/2 + (w1 - w2)^2/2",
        start={"w1": 0, "w2": 0},
        lr=0.1,
        steps=2,
        ask_lr_derivative=True,
        ask_best_lr=True,
    )
    H = np.array([[2.0, 1.0], [1.0, 5.0]])
    g0 = np.array([-3.0, -6.0])  # H·0 - (3, 6)
    w1 = -0.1 * g0
    g1 = H @ w1 - np.array([3.0, 6.0])
    assert ws.blank("lr_derivative").expected == pytest.approx(-(g1 @ g0))
    assert ws.blank("best_lr").expected == pytest.approx((g0 @ g0) / (g0 @ H @ g0))
    assert check(ws, "lr_derivative", str(g1 @ g0)).mistake == "sign-flip"
    assert check(ws, "lr_derivative", str(-(g0 @ g0))).mistake == "stale-gradient"
    mine = np.array([-3.0, -5.0])
    own = (mine @ mine) / (mine @ H @ mine)
    assert check(ws, "best_lr", str(own), gradient__0=vector(mine)).status == "consistent"


def test_divergence_is_a_result() -> None:
    ws = sheet(objective="w^4", start={"w": 2}, lr=0.25, steps=6)
    assert [b.id for b in ws.blanks][-1] == "iterate:3"
    assert ws.result["diverged"] is True and ws.result["stopped"] is True
    assert "stops after step 3" in ws.prompt
    assert ws.visual.diverged


def test_result_json() -> None:
    ws = sheet(**P4, lr=0.1, method="adagrad", ask_loss=True)
    result = json.loads(json.dumps(ws.result))
    assert result["iterates"][0] == [0.0, 0.0] and len(result["iterates"]) == 3
    assert result["gradients"][0] == [-8.0, -4.0]
    assert result["losses"][0] == 4.0
    assert result["state"]["accum"][0] == [64.0, 16.0]
    assert result["diverged"] is False


def test_visual_samples_the_objective() -> None:
    one = sheet(**P3, lr=0.5).visual
    assert isinstance(one, OptimizerVisual)
    assert min(one.curve_x) < 0 and max(one.curve_x) > 93.75
    x = one.curve_x[10]
    assert one.curve_f[10] == pytest.approx(0.5 * (x - 100) ** 2)
    two = sheet(**P4, lr=0.1).visual
    assert len(two.grid_f) == len(two.grid_y) and len(two.grid_f[0]) == len(two.grid_x)
    x, y = two.grid_x[4], two.grid_y[9]
    assert two.grid_f[9][4] == pytest.approx((2 * x + y - 2) ** 2)
    assert two.losses == (4.0, 0.0, 0.0)


def test_prompt_states_the_update_rules() -> None:
    ws = sheet(**P4, lr=0.1, method="adam")
    for formula in (
        "m(t) = β1·m(t-1) + (1 - β1)·g(t-1)",
        "m̂(t) = m(t) / (1 - β1^t)",
        "w(t) = w(t-1) - η·m̂(t) / (√v̂(t) + ε)",
        "β2 = 0.999",
        "ε = 1e-08",
    ):
        assert formula in ws.prompt
    classic = sheet(**P3, lr=0.1, method="momentum", convention="classic").prompt
    assert "v(t) = μ·v(t-1) - η·g(t-1)" in classic and "w(t) = w(t-1) + v(t)" in classic


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({**P3, "lr": 0.1, "method": "adamw"}, "method"),
        ({**P3, "lr": 0.1, "beta1": 0.9}, "beta1"),
        ({**P3, "lr": -0.1}, "lr"),
        ({**P3}, "lr"),
        ({**P3, "lr": 0.1, "steps": 1000}, "steps"),
        ({**P3, "lr": 0.1, "objective": "w + x"}, "objective"),
        ({**P3, "lr": 0.1, "terms": ["w"]}, "objective"),
        ({**P3, "lr": 0.1, "order": [0]}, "order"),
        ({"terms": ["w^2", "w"], "start": {"w": 1}, "lr": 0.1, "steps": 1, "order": [2]}, "order"),
        ({"objective": "w^2", "start": {"w": 1}, "lr": 0.1, "steps": 1, "method": "sgd"}, "method"),
        ({**P3, "lr": 0.1, "momentum": 1.5, "method": "momentum"}, "momentum"),
        (
            {"objective": "w^4", "start": {"w": 1}, "lr": 0.1, "steps": 1, "ask_convergence": True},
            "ask_convergence",
        ),
        ({**P3, "lr": 0.1, "method": "adam", "ask_best_lr": True}, "ask_best_lr"),
        ({**P3, "lr": 0.1, "start": {"sin": 1}}, "start.sin"),
    ],
)
def test_unusable_fields_name_the_field(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(SpecError) as raised:
        sheet(**fields)
    assert raised.value.field == field and raised.value.message


def test_degenerate_draws() -> None:
    with pytest.raises(Degenerate, match="kink"):
        sheet(objective="relu(w) + w^2", start={"w": 0}, lr=0.1, steps=1)
    with pytest.raises(Degenerate, match="stationary"):
        sheet(objective="(w - 1)^2", start={"w": 1}, lr=0.1, steps=2)


def test_the_pack_covers_the_course_problems_over_several_seeds() -> None:
    pack, errors = load_pack_file(PACK)
    assert not errors and pack is not None and pack.id == "optimizers"
    assert len(pack.exercises) >= 10
    methods = set()
    for exercise in pack.exercises:
        for seed in range(4 if exercise.randomized else 1):
            ws = exercise.instance(seed)
            entries = key_entries(ws)
            assert len(set(entries)) == len(ws.blanks)
            for blank in ws.blanks:
                assert ws.check(blank.id, entries[blank.id], entries).status == "correct"
            if not isinstance(ws.result["lr"], str):  # a symbolic lr has formulas
                assert all(math.isfinite(x) for w in ws.result["iterates"] for x in w)
            methods.add(ws.result["method"])
    assert methods == {"gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"}
    step = pack.exercise("step-size-2-5").instance(0)
    assert [step.blank(f"iterate:{t}").expected for t in range(1, 6)] == pytest.approx(
        [100 * (1 - (-1.5) ** t) for t in range(1, 6)]
    )
    assert step.blank("converges").expected is False and step.blank("max_lr").expected == 2.0
    gd = pack.exercise("min-norm-gd").instance(0)
    assert gd.blank("iterate:1").expected == pytest.approx((0.8, 0.4))
    proximal = pack.exercise("proximal-step").instance(0)
    # f = (w1 - 1)² + 2(w2 + 1)² + w1·w2 at (2, 1): ∇f = (2 + 1, 8 + 2); w* = (2, 1) - ∇f/4
    assert proximal.blank("iterate:1").expected == pytest.approx((2 - 3 / 4, 1 - 10 / 4))


def test_largest_step_size_alone() -> None:
    """f = (3w - 2)², f'' = 18: GD converges for 0 < η < 2/18; no η is needed to ask it."""
    ws = sheet(objective="(3*w - 2)^2", start={"w": 0}, steps=0, ask_max_lr=True)
    assert [b.id for b in ws.blanks] == ["max_lr"]
    assert ws.blank("max_lr").expected == pytest.approx(2 / 18)
    assert check(ws, "max_lr", str(1 / 18)).mistake == "best-not-largest"
    assert ws.result["lr"] is None and ws.result["convergence"]["converges"] is None
