"""max, min, cosh and gelu in exercises: traces, Jacobians and derivatives against sympy."""

from __future__ import annotations

import pytest
import sympy as sp

from exercises.kinds.autodiff import build_reverse
from exercises.kinds.derivative import build as build_derivative
from exercises.model import Instance

x, y = sp.symbols("x y", real=True)
GELU_Y = y / 2 * (1 + sp.tanh(sp.sqrt(2 / sp.pi) * (y + sp.Rational(44715, 10**6) * y**3)))


def test_reverse_mode_through_max_cosh_and_gelu() -> None:
    fields = {"function": "max(x, y)*cosh(x) + gelu(y)", "at": {"x": 0.5, "y": 1.5}}
    sheet = build_reverse(Instance("t/r", "reverse-ad", 0, "t", fields))
    f = sp.Piecewise((x, x > y), (y, True)) * sp.cosh(x) + GELU_Y
    at = {x: 0.5, y: 1.5}
    for variable, symbol in (("x", x), ("y", y)):
        want = float(sp.diff(f, symbol).subs(at).evalf(30))
        assert sheet.blank(f"jacobian:f:{variable}").expected == pytest.approx(want, rel=1e-9)
    graded = sheet.grade({b.id: b.answer_text for b in sheet.blanks})
    assert all(v.status == "correct" for _, _, v in graded)
    assert all(b.hints for b in sheet.blanks)


def test_derivative_of_cosh_and_min_is_accepted_and_hinted() -> None:
    fields = {"function": "cosh(2x) + min(x, 1)", "wrt": "x", "domain": {"x": [0.1, 0.9]}}
    sheet = build_derivative(Instance("t/d", "derivative", 0, "t", fields))
    assert sheet.check("derivative", "2sinh(2x) + 1", {}).status == "correct"
    assert sheet.check("derivative", "-2sinh(2x) + 1", {}).status == "incorrect"
    assert any("(cosh u)′ = sinh(u)·u′" in hint for hint in sheet.hint_ladder("derivative"))
