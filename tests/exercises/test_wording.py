"""Provides tests that drawn numbers read the way a person writes them in titles and prompts."""

from __future__ import annotations

import pytest

from engine.derivatives import simplified
from engine.expr import evaluate, parse
from engine.printing import to_text
from exercises.loader import resolve_ref
from exercises.wording import as_written, listed


@pytest.mark.parametrize(
    ("template", "drawn", "written"),
    [
        ("σ({a}x + {b})", {"a": -2, "b": -2}, "σ(-2x + {b})"),
        ("σ({a}x + {b})", {"a": -2, "b": 0}, "σ(-2x)"),
        ("σ({a}x + {b})", {"a": 1, "b": 3}, "σ(x + {b})"),
        ("σ({a}x - {b})", {"a": -1, "b": 2}, "σ(-x - {b})"),
        ("{c}·tanh({a}x)", {"c": 0.5, "a": 2}, "{c}·tanh(2x)"),
        ("a 1x1 convolution, pool {k}x{k}", {"k": 1}, "a 1x1 convolution, pool {k}x{k}"),
    ],
)
def test_coefficients_and_zero_terms_are_written_out(
    template: str, drawn: dict[str, float], written: str
) -> None:
    assert as_written(template, drawn) == written


def test_a_list_names_the_parameter_not_its_value() -> None:
    assert listed("Softplus with β = {beta}: (1/β)·ln(1 + e^(βx))") == (
        "Softplus with β: (1/β)·ln(1 + e^(βx))"
    )
    assert listed("σ({a}x + {b}): the chain rule") == "σ(ax + b): the chain rule"


@pytest.mark.parametrize("seed", range(6))
def test_drawn_titles_have_no_braces_or_bracketed_negatives(seed: int) -> None:
    for ref in ("derivatives/sigmoid-affine", "derivatives/softplus", "derivatives/tanh-scaled"):
        title = resolve_ref(ref).instance(seed).title
        assert "{" not in title and "((-" not in title and "+ 0)" not in title, title


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("(w*1 - 100)^2/2", "(w - 100)^2/2"),
        ("sigmoid(-2*x + 0)", "σ(-2·x)"),
        ("1/2*((0 - η*(-4)*3)*3 - 4)^2", "1/2·(36·η - 4)^2"),
        ("8 - 1*(w + 3) + 1*(w + 3)^2", "8 - (w + 3) + (w + 3)^2"),
        ("2 - η*(-1)*2", "2 + 2·η"),
        ("2*(w*1 - 100)/2", "w - 100"),
        ("4*(2*w1) + w2", "8·w1 + w2"),
        ("2*(2*(2*w - 3))/2", "2·(2·w - 3)"),
        ("1/2*(2*(w*x - y)*x)", "(w·x - y)·x"),
        ("2*(0.5*e^(0.5*x)/(1 + e^(0.5*x)))", "e^(0.5·x)/(1 + e^(0.5·x))"),
        ("-2*(3*x)", "-6·x"),
        ("1/3*x", "1/3·x"),
        ("3*(2/x)", "6/x"),
        ("x*2*y/4", "0.5·x·y"),
        ("2*x/3", "2·x/3"),
    ],
)
def test_a_drawn_function_is_shown_simplified_with_the_same_value(text: str, written: str) -> None:
    expr = parse(text, None)
    shown = simplified(expr)
    assert to_text(shown) == written
    for point in (0.3, 1.7, -2.2):
        env = dict.fromkeys(expr.variables(), point)
        assert evaluate(shown, env) == pytest.approx(evaluate(expr, env), rel=1e-12)


def test_the_step_size_prompt_shows_the_objective_as_written() -> None:
    prompt = resolve_ref("optimizers/step-size-0-5").instance(0).prompt
    assert "w·1" not in prompt and "(w - 100)^2/2" in prompt
