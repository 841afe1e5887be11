"""Gradient descent with a symbolic step size: formulas in η, checked against sympy's calculus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sympy

from engine.expr import evaluate
from exercises.kinds.optimizer import build
from exercises.loader import load_pack_file
from exercises.model import Instance, SpecError, Worksheet
from exercises.validation import validate_exercises

ETAS = (0.05, 0.3, 0.7, 0.95)
W = sympy.Symbol("w")
HALF_SQUARE = {"objective": "w^2/2", "start": {"w": 1}, "lr": "eta", "steps": 2}


def sheet(**fields: Any) -> Worksheet:
    return build(Instance("test/x", "gradient-descent", 0, "test", fields))


def grade(ws: Worksheet, **entries: str) -> dict[str, Any]:
    typed = {k.replace("__", ":"): v for k, v in entries.items()}
    return {blank.id: verdict for blank, _, verdict in ws.grade(typed)}


def reference(f: sympy.Expr, w0: float, steps: int, terms: list[sympy.Expr] | None = None):
    """Iterates and gradients by sympy: w(t) = w(t-1) - η·f'(w(t-1)), written independently."""
    w, eta = W, sympy.Symbol("eta")
    iterate: sympy.Expr = sympy.Integer(w0)
    iterates, gradients = [iterate], []
    for t in range(steps):
        g = sympy.diff(terms[t] if terms else f, w).subs(w, iterate)
        gradients.append(g)
        iterate = sympy.expand(iterate - eta * g)
        iterates.append(iterate)
    return iterates, gradients, eta


def assert_same_formula(ws: Worksheet, blank_id: str, expected: sympy.Expr, eta: sympy.Symbol):
    key = next(b for b in ws.blanks if b.id == blank_id).expected
    for value in ETAS:
        mine = evaluate(key.expr, {"η": value})
        assert mine == pytest.approx(float(expected.subs(eta, value)), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(
    ("objective", "by_sympy", "start"),
    [
        ("w^2/2", W**2 / 2, 1),
        ("(w - 3)^2 + w", (W - 3) ** 2 + W, -1),
        ("w^4/4 - w", W**4 / 4 - W, 2),
        ("exp(w/2) + w^2", sympy.exp(W / 2) + W**2, 0),
    ],
)
def test_iterates_and_gradients_match_sympy(objective: str, by_sympy: Any, start: int) -> None:
    ws = sheet(objective=objective, start={"w": start}, lr="η", steps=3)
    iterates, gradients, eta = reference(by_sympy, start, 3)
    for t in range(3):
        assert_same_formula(ws, f"gradient:{t}", gradients[t], eta)
        assert_same_formula(ws, f"iterate:{t + 1}", iterates[t + 1], eta)


def test_the_briefs_example_by_hand() -> None:
    """f(w) = w²/2 from w(0) = 1: w(1) = 1 - η, w(2) = (1 - η)², whatever form is typed."""
    ws = sheet(**HALF_SQUARE)
    verdicts = grade(
        ws,
        gradient__0="1",
        iterate__1="1 - eta",
        gradient__1="1-η",
        iterate__2="(1 - eta)^2",
    )
    assert {v.status for v in verdicts.values()} == {"correct"}
    assert grade(ws, iterate__2="1 - 2η + η^2")["iterate:2"].status == "correct"
    assert grade(ws, iterate__2="1 - 2η")["iterate:2"].status == "incorrect"


def test_sgd_picks_its_term_w1_is_minus_eta() -> None:
    """Course problem 16: f = ½(w - 2)² + ½(w + 1)², SGD on the second term from 0: w1 = -η."""
    ws = sheet(
        terms=["(w - 2)^2/2", "(w + 1)^2/2"], order=[1], method="sgd", start={"w": 0},
        lr="eta", steps=1,
    )  # fmt: skip
    assert grade(ws, iterate__1="-η")["iterate:1"].status == "correct"
    wrong = grade(ws, iterate__1="2η")["iterate:1"]
    assert wrong.status == "incorrect" and "wrong-term" not in wrong.mistakes


@pytest.mark.parametrize(
    ("blank", "entry", "mistake"),
    [
        ("iterate:1", "1 + η", "sign-flip"),  # stepped up the gradient
        ("iterate:1", "0", "lr-missing"),  # w(0) - g(0) = 1 - 1
        ("iterate:2", "(1 - η) - (1 - η)/η", "lr-inverted"),
        ("iterate:2", "(1 - η) - η", "stale-gradient"),  # g(0) = 1 again at step 2
        ("gradient:1", "2 - 2η", "constant-factor"),  # the ½ of w²/2 dropped
        ("gradient:1", "η - 1", "sign-flip"),
        ("loss:1", "(1 - η)^2", "constant-factor"),
    ],
)
def test_mistakes_in_expression_form(blank: str, entry: str, mistake: str) -> None:
    ws = sheet(**HALF_SQUARE, ask_loss=True)
    verdict = grade(ws, **{blank.replace(":", "__"): entry})[blank]
    assert verdict.status == "incorrect" and mistake in verdict.mistakes, verdict


def test_follow_through_from_the_students_own_iterate() -> None:
    """w(1) = 1 + η (sign slip); then g(1) = 1 + η and w(2) = (1 + η)(1 - η) are consistent."""
    ws = sheet(**HALF_SQUARE)
    verdicts = grade(ws, iterate__1="1 + η", gradient__1="1 + η", iterate__2="1 - η^2")
    assert verdicts["iterate:1"].status == "incorrect"
    assert verdicts["gradient:1"].status == "consistent"
    assert verdicts["iterate:2"].status == "consistent"
    assert "iterate:1" in verdicts["iterate:2"].blamed
    # through an empty gradient: g(1) is implied from the student's w(1)
    assert grade(ws, iterate__1="1 + η", iterate__2="1 - η^2")["iterate:2"].status == "consistent"


def test_a_zero_upstream_earns_no_follow_through() -> None:
    """w(1) = 0 makes f'(0) = 0 and w(2) = 0 trivially 'consistent': the 0/1 guard refuses it."""
    ws = sheet(**HALF_SQUARE)
    verdicts = grade(ws, iterate__1="0", gradient__1="0", iterate__2="0")
    assert verdicts["gradient:1"].status == "incorrect"
    assert verdicts["iterate:2"].status == "incorrect"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({**HALF_SQUARE, "method": "adam"}, "lr"),
        ({**HALF_SQUARE, "objective": "w1^2 + w2", "start": {"w1": 0, "w2": 1}}, "lr"),
        ({**HALF_SQUARE, "lr": "w"}, "lr"),
        ({**HALF_SQUARE, "steps": 9}, "steps"),
        ({**HALF_SQUARE, "ask_convergence": True}, "ask_convergence"),
    ],
)
def test_what_a_symbolic_lr_cannot_do_names_the_field(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(SpecError) as raised:
        sheet(**fields)
    assert raised.value.field == field


def test_loader_error_has_file_and_line(tmp_path: Path) -> None:
    pack = tmp_path / "p.toml"
    pack.write_text(
        '[pack]\nid = "p"\ntitle = "P"\n\n[[exercise]]\nid = "x"\nkind = "gradient-descent"\n'
        'title = "X"\nobjective = "w^2"\nstart = { w = 1 }\nlr = "eta"\nsteps = 2\n'
        'method = "adam"\n',
        encoding="utf-8",
    )
    loaded, errors = load_pack_file(pack)
    assert loaded is not None and not errors
    errors = validate_exercises(loaded.exercises, seeds=1)
    assert any("p.toml:" in str(e) and "'lr'" in str(e) and "adam" in str(e) for e in errors)


def test_result_holds_the_formulas() -> None:
    ws = sheet(**HALF_SQUARE)
    assert ws.result["lr"] == "η"
    assert [len(w) for w in ws.result["iterates"]] == [1, 1, 1]
    assert ws.result["iterates"][1] == ["1 - η"]


def test_the_working_puts_the_students_own_formulas_in() -> None:
    """With w(1) = η typed on the SGD sheet, g(1) = f₀'(η) = η - 2, so w(2) = η - η(η - 2)."""
    from exercises.working import working_of

    ws = sheet(
        terms=["(w - 2)^2/2", "(w + 1)^2/2"], order=[1, 0], method="sgd", start={"w": 0},
        lr="eta", steps=2,
    )  # fmt: skip
    working = working_of(ws, "iterate:2", {"iterate:1": "eta"})
    assert working.lines[0] == "w(2) = w(1) - η·g(1)" and not working.agrees
    for eta in ETAS:
        assert evaluate(working.result.expr, {"η": eta}) == pytest.approx(eta - eta * (eta - 2))
