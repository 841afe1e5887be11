"""Provides tests that a sheet speaks one notation: prompt, title, labels and hints agree."""

from __future__ import annotations

import pytest

from exercises.loader import load_builtin_packs, resolve_ref
from exercises.model import Worksheet

BUILTIN = [e for pack in load_builtin_packs().packs for e in pack.exercises]
AUTODIFF_KINDS = ("forward-ad", "reverse-ad")


def _texts(worksheet: Worksheet) -> list[str]:
    texts = [worksheet.title, worksheet.prompt]
    for blank in worksheet.blanks:
        texts.extend(worksheet.hint_ladder(blank.id))
    return texts


@pytest.mark.parametrize(
    "exercise", [e for e in BUILTIN if e.kind in AUTODIFF_KINDS], ids=lambda e: e.ref
)
def test_autodiff_hints_name_derivatives_as_the_sheet_does(exercise: object) -> None:
    """Hints say ∂f/∂a as the blank labels do, never ā or ȧ (combining bars and dots)."""
    worksheet = exercise.instance(0)  # type: ignore[attr-defined]
    for text in _texts(worksheet):
        assert "\u0304" not in text and "\u0307" not in text, text
    for blank in worksheet.blanks:
        assert "\u0304" not in blank.label and "\u0307" not in blank.label, blank.label


@pytest.mark.parametrize(
    "ref", ["optimizers/step-size-0-5", "optimizers/step-size-2-5", "optimizers/lr-derivative"]
)
def test_the_learning_rate_is_eta_and_the_loss_f_as_in_the_blanks(ref: str) -> None:
    worksheet = resolve_ref(ref).instance(0)
    labels = " ".join(b.label for b in worksheet.blanks)
    assert "η" in labels and "f(w(" in labels
    for text in (worksheet.title, worksheet.prompt):
        assert "α" not in text and "L(w" not in text and "∇L" not in text, text


@pytest.mark.parametrize("ref", ["autodiff/vector-finite-diff", "autodiff/variant-finite-diff"])
def test_the_finite_difference_step_is_delta_in_title_and_prompt(ref: str) -> None:
    worksheet = resolve_ref(ref).instance(0)
    assert "δ = 0.01" in worksheet.title and "δ = 0.01" in worksheet.prompt
    assert "Δ" not in worksheet.title + worksheet.prompt


def test_the_derivative_asked_is_written_as_its_label() -> None:
    worksheet = resolve_ref("derivatives/lr-one-step").instance(0)
    label = worksheet.blank("derivative").label
    assert label == "∂f/∂η" and label in worksheet.prompt and "dL/dη" not in worksheet.prompt
    numbers = resolve_ref("derivatives/lr-one-step-numbers").instance(0)
    assert numbers.blank("derivative").label in numbers.title
