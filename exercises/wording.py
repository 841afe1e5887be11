"""Provides how drawn numbers read in titles and prompts: the way a person writes them.

`σ({a}x + {b})` with a = -2, b = 0 reads `σ(-2x)`, not `σ((-2)x + 0)`; a = 1 reads `σ(x)`.
Only the drawn numbers are touched, never the text around them (`1x1 convolution` stays).
A list shows a randomized title before any draw without a parameter's name as its value:
`Softplus with β = {beta}` is listed `Softplus with β`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from engine.answers import show_number

_NAME = r"\{([A-Za-z_]\w*)\}"
_COEFFICIENT = re.compile(
    rf"(^|[\s(=,\[])([-−]?){_NAME}(?=[A-Za-z\u0370-\u03ff(])(?![x×](?:\{{|\d))"
)
_ZERO_TERM = re.compile(rf"\s[+\-−]\s{_NAME}(?![\w.·*/^×(])")
_NAMED_VALUE = re.compile(rf"\s*=\s*{_NAME}")
_PLACEHOLDER = re.compile(_NAME)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def as_written(template: str, drawn: Mapping[str, Any]) -> str:
    """The template with its coefficients and zero terms written out: `{a}x` with a = -2 is
    `-2x` (a = 1: `x`, a = -1: `-x`), `+ {b}` with b = 0 goes. Other placeholders stay for
    `substitute`."""

    def coefficient(match: re.Match[str]) -> str:
        before, minus, name = match.groups()
        value = _number(drawn.get(name))
        if value is None:
            return match.group(0)
        value = -value if minus else value
        text = {1.0: "", -1.0: "-"}.get(value, show_number(value))
        return f"{before}{text}"

    def zero_term(match: re.Match[str]) -> str:
        return "" if _number(drawn.get(match.group(1))) == 0 else match.group(0)

    return _ZERO_TERM.sub(zero_term, _COEFFICIENT.sub(coefficient, template))


def listed(title: str) -> str:
    """A randomized title before any draw: `β = {beta}` is `β`, `σ({a}x + {b})` is
    `σ(ax + b)`."""
    return _PLACEHOLDER.sub(r"\1", _NAMED_VALUE.sub("", title))
