"""matrix-gradient with a scalar wrt (d/dη, a 1×1 answer) and order = 2, against numpy."""

from __future__ import annotations

import numpy as np
import pytest

from exercises.loader import load_pack_text
from exercises.model import Worksheet
from exercises.pack import PackError

HEADER = '[pack]\nid = "t"\ntitle = "T"\n\n'
EXERCISE = """[[exercise]]
id = "e"
kind = "matrix-gradient"
title = "The loss after one step, in η"
shapes = {{ X = [3, 2], w0 = [2], t = [3], "η" = [] }}
function = "‖X(w0 - 2η Xᵀ(X w0 - t)) - t‖²"
wrt = "η"
{extra}
"""
FIRST = 'gradient = "-4 (X w0 - t)ᵀ X Xᵀ (X(w0 - 2η Xᵀ(X w0 - t)) - t)"'
SECOND = 'order = 2\ngradient = "8 ‖X Xᵀ (X w0 - t)‖²"'


def _sheet(extra: str) -> Worksheet:
    pack, errors = load_pack_text(HEADER + EXERCISE.format(extra=extra), "t.toml")
    assert pack is not None and not errors, errors
    return pack.exercise("e").instance(0)


def _loss(env: dict, eta: float) -> float:
    """One GD step of size 2η from w0 on ‖Xw - t‖², then the loss, in numpy."""
    x, w0, t = env["X"], env["w0"], env["t"]
    w1 = w0 - 2 * eta * x.T @ (x @ w0 - t)
    r = x @ w1 - t
    return float(np.sum(r * r))


@pytest.mark.parametrize(("extra", "order"), [(FIRST, 1), (SECOND, 2)])
def test_the_keys_match_finite_differences_in_numpy(extra: str, order: int) -> None:
    sheet = _sheet(extra)
    key = sheet.blank("gradient").expected
    rng = np.random.default_rng(5)
    env = {"X": rng.standard_normal((3, 2)), "w0": rng.standard_normal((2, 1)),
           "t": rng.standard_normal((3, 1)), "η": 0.3}  # fmt: skip
    h = 1e-4
    if order == 1:
        numeric = (_loss(env, 0.3 + h) - _loss(env, 0.3 - h)) / (2 * h)
    else:
        numeric = (_loss(env, 0.3 + h) - 2 * _loss(env, 0.3) + _loss(env, 0.3 - h)) / h**2
    assert float(np.asarray(key.compute(env)).reshape(-1)[0]) == pytest.approx(numeric, rel=1e-4)
    assert [b.id for b in sheet.blanks] == ["gradient"]
    assert sheet.blanks[0].label == ("df/dη" if order == 1 else "d²f/dη²")


def test_equal_forms_and_named_mistakes() -> None:
    sheet = _sheet(SECOND)
    assert sheet.check("gradient", "8 (X w0 - t)ᵀ X Xᵀ X Xᵀ (X w0 - t)", {}).status == "correct"
    verdict = sheet.check("gradient", "4 ‖X Xᵀ (X w0 - t)‖²", {})
    assert (verdict.status, verdict.mistake) == ("incorrect", "constant-factor")


@pytest.mark.parametrize(
    ("extra", "field", "says"),
    [
        ('gradient = "-4 (X w0 - t)ᵀ X Xᵀ (X w0 - t)"', "gradient", "not the derivative"),
        ('order = 2\ngradient = "4 ‖X Xᵀ (X w0 - t)‖²"', "gradient", "not the second"),
        ('order = 3\ngradient = "8 ‖X Xᵀ (X w0 - t)‖²"', "order", "order is 1 or 2"),
    ],
)
def test_a_wrong_key_or_order_is_refused(extra: str, field: str, says: str) -> None:
    pack, errors = load_pack_text(HEADER + EXERCISE.format(extra=extra), "t.toml")
    assert pack is not None and not errors
    with pytest.raises(PackError) as raised:
        pack.exercise("e").instance(0)
    assert raised.value.field == field and says in raised.value.message
    assert raised.value.line is not None


def test_order_two_needs_a_scalar() -> None:
    text = """[[exercise]]
id = "e"
kind = "matrix-gradient"
title = "T"
shapes = { x = [2], A = [2, 2] }
function = "xᵀ A x"
wrt = "x"
order = 2
gradient = "(A + Aᵀ) x"
"""
    pack, errors = load_pack_text(HEADER + text, "t.toml")
    assert pack is not None and not errors
    with pytest.raises(PackError, match="needs a scalar wrt"):
        pack.exercise("e").instance(0)
