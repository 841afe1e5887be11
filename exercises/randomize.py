"""Provides randomized fields: drawing values for `random` and putting them into an exercise.

An instance is a pure function of (exercise, seed, attempt): the same seed always gives the
same numbers, on every machine (the generator is seeded from a SHA-256 of the three).
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from collections.abc import Mapping
from typing import Any

from engine.answers import show_number

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
#: A placeholder after a binary + or -: `x + {b}` with b = -2 is written `x - 2`. Not when a
#: power follows: `x - {b}^2` is x - (-2)^2, and stays so.
_SIGNED_PLACEHOLDER = re.compile(
    r"([\w)\]}]\s*)([+-])(\s*)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\s*(?:\^|\*\*|²|³))"
)
RULE_KEYS = {"int", "uniform", "choice", "not", "digits"}
MAX_DIGITS = 12
MAX_REDRAWS = 1000


class RandomSpecError(Exception):
    """A `random` entry that cannot be drawn; `field` is the dotted path of the problem."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def generator(ref: str, seed: int, attempt: int) -> random.Random:
    digest = hashlib.sha256(f"{ref}#{seed}#{attempt}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def check_rules(rules: Any) -> None:
    """Validate a `random` table without drawing from it; raises the first problem."""
    for problem in rule_problems(rules):
        raise problem


def rule_problems(rules: Any) -> list[RandomSpecError]:
    """Every problem of a `random` table (at most one per name), without drawing from it."""
    if not isinstance(rules, dict):
        return [
            RandomSpecError("random", "random must be a table: random = { x = { int = [-3, 3] } }")
        ]
    found = []
    for name, rule in rules.items():
        try:
            _check_rule(rule, f"random.{name}")
        except RandomSpecError as problem:
            found.append(problem)
    return found


def _check_rule(rule: Any, field: str) -> None:
    if not isinstance(rule, dict):
        raise RandomSpecError(
            field,
            "each random value is a table such as { int = [-3, 3] } or { choice = [0.1, 0.5] }",
        )
    unknown = set(rule) - RULE_KEYS
    if unknown:
        raise RandomSpecError(
            field,
            f"unknown key {sorted(unknown)[0]!r}; use one of "
            "int, uniform, choice, with optional not, digits",
        )
    kinds = [k for k in ("int", "uniform", "choice") if k in rule]
    if len(kinds) != 1:
        raise RandomSpecError(
            field, "give exactly one of int = [lo, hi], uniform = [lo, hi], choice = [...]"
        )
    kind = kinds[0]
    values = rule[kind]
    if not isinstance(values, list) or not values:
        raise RandomSpecError(f"{field}.{kind}", f"{kind} needs a non-empty list")
    if kind in ("int", "uniform") and (
        len(values) != 2 or not all(_is_number(v) for v in values) or values[0] > values[1]
    ):
        raise RandomSpecError(f"{field}.{kind}", f"{kind} needs [low, high] with low <= high")
    if kind == "int" and not all(isinstance(v, int) for v in values):
        raise RandomSpecError(f"{field}.int", "int bounds must be whole numbers")
    digits = rule.get("digits", 2)
    if "digits" in rule and (
        kind != "uniform"
        or not isinstance(digits, int)
        or isinstance(digits, bool)
        or not 0 <= digits <= MAX_DIGITS
    ):
        raise RandomSpecError(
            f"{field}.digits",
            f"digits goes with uniform and is a whole number from 0 to {MAX_DIGITS}: digits = 2",
        )
    excluded = rule.get("not", [])
    if not isinstance(excluded, list):
        raise RandomSpecError(
            f"{field}.not", f"not is a list of the values never drawn: not = [{excluded!r}]"
        )
    if not _can_draw(kind, values, excluded, digits):
        raise RandomSpecError(
            f"{field}.not", "every value in the range is excluded: widen the range or shorten not"
        )


def _can_draw(kind: str, values: list[Any], excluded: list[Any], digits: int) -> bool:
    """Whether some value of the rule is not excluded (checked, not drawn)."""
    if kind == "choice":
        return any(v not in excluded for v in values)
    low, high = values
    if kind == "uniform":  # draws are rounded to `digits` decimals
        step = 10.0**-digits
        low, high = math.ceil(round(low / step, 6)), math.floor(round(high / step, 6))
        if high < low:  # no multiple of the step inside: the rounded ends are drawn
            return any(round(v, digits) not in excluded for v in values)
        excluded = [round(v / step, 6) for v in excluded if _is_number(v)]
    return any(v not in excluded for v in range(low, min(high, low + len(excluded)) + 1))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def draw(rules: Mapping[str, Mapping[str, Any]], rng: random.Random) -> dict[str, Any]:
    """One value per random name, in the order the table declares them.

    A value in `not` is never returned: the rule is drawn again, and after `MAX_REDRAWS`
    excluded draws in a row the rule is reported (a range too narrow for its `not`).
    """
    drawn: dict[str, Any] = {}
    for name, rule in rules.items():
        excluded = rule.get("not", [])
        for _ in range(MAX_REDRAWS):
            if "int" in rule:
                value: Any = rng.randint(rule["int"][0], rule["int"][1])
            elif "uniform" in rule:
                value = rng.uniform(rule["uniform"][0], rule["uniform"][1])
                value = round(value, int(rule.get("digits", 2)))
            else:
                value = rng.choice(rule["choice"])
            if value not in excluded:
                break
        else:
            raise RandomSpecError(
                f"random.{name}.not", f"{MAX_REDRAWS} draws in a row were excluded: widen the range"
            )
        drawn[name] = value
    return drawn


def has_placeholder(value: Any) -> bool:
    """Whether a field's value (text, or lists and tables of it) names a drawn value `{x}`."""
    if isinstance(value, str):
        return bool(_PLACEHOLDER.search(value))
    if isinstance(value, list):
        return any(has_placeholder(v) for v in value)
    if isinstance(value, dict):
        return any(has_placeholder(v) for v in value.values())
    return False


def substitute(value: Any, drawn: Mapping[str, Any], field: str = "") -> Any:
    """Replace `"{x}"` by the drawn value, and `{x}` inside text by the number written out."""
    if isinstance(value, str):
        whole = _PLACEHOLDER.fullmatch(value.strip())
        if whole:
            return _lookup(whole.group(1), drawn, field)
        value = _SIGNED_PLACEHOLDER.sub(lambda m: _signed(m, drawn, field), value)
        return _PLACEHOLDER.sub(lambda m: _as_text(m.group(1), drawn, field), value)
    if isinstance(value, list):
        return [substitute(v, drawn, f"{field}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: substitute(v, drawn, f"{field}.{k}" if field else k) for k, v in value.items()}
    return value


def _lookup(name: str, drawn: Mapping[str, Any], field: str) -> Any:
    if name not in drawn:
        known = ", ".join(drawn) or "none"
        raise RandomSpecError(field, f"{{{name}}} is not a random value (random values: {known})")
    return drawn[name]


def _signed(match: re.Match[str], drawn: Mapping[str, Any], field: str) -> str:
    """`+ {b}` and `- {b}` with a negative b flip the sign instead of writing `+ (-2)`."""
    before, sign, space, name = match.groups()
    text = _as_text(name, drawn, field)
    if not text.startswith("(-"):
        return f"{before}{sign}{space}{text}"
    flipped = "-" if sign == "+" else "+"
    return f"{before}{flipped}{space}{text[2:-1]}"


def _as_text(name: str, drawn: Mapping[str, Any], field: str) -> str:
    value = _lookup(name, drawn, field)
    if isinstance(value, str):
        return value
    if not isinstance(value, (int, float)):
        raise RandomSpecError(field, f'{{{name}}} is a list or table: use "{{{name}}}" alone')
    text = show_number(float(value)) if not isinstance(value, int) else str(value)
    if isinstance(value, float) and value != float(text):
        text = repr(value)
    return f"({text})" if float(value) < 0 else text
