"""Walks every built-in exercise of every pack over five seeds (Rustlings' `dev check` idea).

New packs and kinds are covered as soon as their files land: the exercises are collected
from `load_builtin_packs()`, and entries are written from each blank's own answer format.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterator
from typing import Any

import pytest

from engine.decomposition import DecompositionFormat
from engine.qualitative import ChoiceFormat, ComplexityFormat, SignFormat
from engine.regions import DirectionFormat, IntervalFormat
from exercises.loader import Exercise, load_builtin_packs
from exercises.model import Blank, Worksheet

SEEDS = range(5)
LOADED = load_builtin_packs()
EXERCISES: dict[str, Exercise] = {e.ref: e for p in LOADED.packs for e in p.exercises}
REFS = sorted(EXERCISES)

_NAME = r"[A-Za-z_\u0370-\u03ff][\w\u0370-\u03ff-]*"
#: Blank ids of EXERCISES.md, by kind; kinds not listed only need a readable id.
ID_PATTERNS = {
    "forward-ad": rf"value:{_NAME}|tangent:{_NAME}:{_NAME}|jacobian:{_NAME}:{_NAME}|graph"
    rf"|local:{_NAME}:{_NAME}",
    "reverse-ad": rf"value:{_NAME}|adjoint:{_NAME}:{_NAME}|jacobian:{_NAME}:{_NAME}|graph"
    rf"|local:{_NAME}:{_NAME}|term:{_NAME}:{_NAME}:{_NAME}",
    "numeric-diff": rf"value:{_NAME}@(base|{_NAME}[+-])|jacobian:{_NAME}:{_NAME}|graph",
    "convolution": r"shape|output:\d+:\d+|output:\d+:\d+:\d+",
    "pooling": r"shape|output:\d+:\d+|output:\d+:\d+:\d+",
    "network-size": r"shape:\d+|params:\d+|total",
    "derivative": r"derivative",
}
GENERIC_ID = r"[a-z_]+(:[^\s:]+)*"


@functools.cache
def worksheet(ref: str, seed: int) -> Worksheet:
    return EXERCISES[ref].instance(seed)


def sheets(ref: str) -> Iterator[Worksheet]:
    for seed in SEEDS:
        yield worksheet(ref, seed)


def key_text(blank: Blank) -> str:
    """The key as a student could type it, with every digit, from the format's JSON form."""
    answer = blank.format.to_json(blank.expected)
    if isinstance(blank.format, DecompositionFormat):
        return "\n".join(answer)  # a graph is typed one node per line
    if isinstance(answer, str):
        return answer
    if isinstance(answer, bool):
        return "yes" if answer else "no"
    if isinstance(answer, (int, float)):
        return repr(answer)
    return json.dumps(answer)


def _far(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1 + abs(value)
    if isinstance(value, float):
        return value + 1.0 + abs(value)
    return [_far(v) for v in value]


#: Entries that are wrong for any key of the word and set formats (engine.qualitative, regions).
WORD_WRONG = {
    ComplexityFormat: lambda blank: "O(n^7 m^3)",
    IntervalFormat: lambda blank: "[1e6, 2e6]",
    DirectionFormat: lambda blank: json.dumps([-v for v in blank.expected.components]),
    ChoiceFormat: lambda blank: next(o for o in blank.format.options if o != blank.expected),
    SignFormat: lambda blank: "zero" if blank.expected != "zero" else "positive",
    DecompositionFormat: lambda blank: "\n".join(
        f"{output} = {blank.format.variables[0]} + 1" for output, _ in blank.format.functions
    ),
}


def wrong_text(blank: Blank) -> str:
    """An entry no reasonable tolerance accepts: every number moved by more than 100%."""
    if type(blank.format) in WORD_WRONG:
        return WORD_WRONG[type(blank.format)](blank)
    answer = blank.format.to_json(blank.expected)
    if isinstance(answer, str):
        swapped = {"yes": "no", "no": "yes"}
        return swapped.get(answer, f"({answer}) + 1")
    moved = _far(answer)
    return repr(moved) if isinstance(moved, (int, float)) else json.dumps(moved)


def numbers_in(value: Any) -> Iterator[float]:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, (int, float)):
        yield float(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from numbers_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from numbers_in(item)
    elif hasattr(value, "tolist"):
        yield from numbers_in(value.tolist())


# --- the packs as a whole --------------------------------------------------------------------


def test_builtin_packs_load_without_errors() -> None:
    assert [str(e) for e in LOADED.errors] == []
    assert LOADED.packs


def test_pack_ids_and_exercise_refs_are_unique() -> None:
    pack_ids = [p.id for p in LOADED.packs]
    assert len(pack_ids) == len(set(pack_ids))
    refs = [e.ref for p in LOADED.packs for e in p.exercises]
    assert len(refs) == len(set(refs))
    for pack in LOADED.packs:
        ids = [e.id for e in pack.exercises]
        assert len(ids) == len(set(ids)), pack.id
        assert all(e.ref == f"{pack.id}/{e.id}" for e in pack.exercises)


# --- every exercise, every seed --------------------------------------------------------------


@pytest.mark.parametrize("ref", REFS)
def test_instances_are_a_function_of_the_seed(ref: str) -> None:
    exercise = EXERCISES[ref]
    keys = []
    for seed in SEEDS:
        first, again = worksheet(ref, seed), exercise.instance(seed)
        answers = [key_text(b) for b in first.blanks]
        assert answers == [key_text(b) for b in again.blanks], seed
        assert [b.id for b in first.blanks] == [b.id for b in again.blanks]
        keys.append(tuple(answers))
    if exercise.randomized:
        assert len(set(keys)) > 1, "five seeds gave the same numbers"
    else:
        assert len(set(keys)) == 1, "an exercise without random fields changed with the seed"


@pytest.mark.parametrize("ref", REFS)
def test_blanks_are_well_formed(ref: str) -> None:
    kind = EXERCISES[ref].kind
    pattern = re.compile(ID_PATTERNS.get(kind, GENERIC_ID))
    for sheet in sheets(ref):
        assert sheet.blanks, "an exercise with nothing to fill in"
        assert sheet.title.strip() and sheet.prompt.strip()
        assert (sheet.ref, sheet.kind) == (ref, kind)
        ids = [b.id for b in sheet.blanks]
        assert len(ids) == len(set(ids)), "duplicate blank ids"
        for index, blank in enumerate(sheet.blanks):
            assert pattern.fullmatch(blank.id), blank.id
            assert blank.label.strip(), blank.id
            assert blank.rule.strip(), blank.id
            earlier = {*ids[:index], *(h.id for h in sheet.hidden)}
            assert set(blank.depends_on) <= earlier, (blank.id, blank.depends_on)
            ladder = sheet.hint_ladder(blank.id)
            assert len(ladder) >= 2 and all(rung.strip() for rung in ladder), blank.id
            assert ladder[-1].endswith("(revealed)."), blank.id


@pytest.mark.parametrize("ref", [r for r in REFS if EXERCISES[r].kind.endswith(("-ad", "-diff"))])
def test_autodiff_ids_name_inputs_outputs_and_nodes(ref: str) -> None:
    for sheet in sheets(ref):
        result = sheet.result
        inputs, outputs = set(result["inputs"]), set(result["outputs"])
        nodes = {e["name"] for e in result["trace"]}
        for blank in sheet.blanks:
            parts = blank.id.split(":")
            if parts[0] == "jacobian":
                assert parts[1] in outputs and parts[2] in inputs, blank.id
            elif parts[0] in ("tangent", "adjoint"):
                source = inputs if parts[0] == "tangent" else outputs
                assert parts[1] in source and parts[2] in nodes, blank.id
            elif parts[0] == "value" and "@" not in blank.id:
                assert parts[1] in nodes, blank.id
            elif parts[0] == "local":  # local:N:A, A an argument of N
                assert parts[1] in nodes and parts[2] in nodes, blank.id
            elif parts[0] == "term":  # term:F:N:C, through the node C that uses N
                assert parts[1] in outputs and {parts[2], parts[3]} <= nodes, blank.id
        names: list[str] = []
        for entry in result["trace"]:
            assert set(entry["args"]) <= set(names), entry
            names.append(entry["name"])
        assert len(result["jacobian"]) == len(outputs)
        assert all(len(row) == len(inputs) for row in result["jacobian"])


@pytest.mark.parametrize("ref", REFS)
def test_the_engines_own_answers_grade_correct(ref: str) -> None:
    for sheet in sheets(ref):
        entries = {b.id: key_text(b) for b in sheet.blanks}
        for blank, entry, verdict in sheet.grade(entries):
            assert verdict.status == "correct", (sheet.seed, blank.id, entry, verdict.message)
        for blank in sheet.blanks:
            alone = sheet.check(blank.id, entries[blank.id], {})
            assert alone.status == "correct", (sheet.seed, blank.id, alone.message)


@pytest.mark.parametrize("ref", REFS)
def test_an_empty_entry_is_blank(ref: str) -> None:
    for sheet in sheets(ref):
        entries = {b.id: key_text(b) for b in sheet.blanks}
        for blank in sheet.blanks:
            assert sheet.check(blank.id, "", entries).status == "blank", blank.id
            assert sheet.check(blank.id, "  ", {}).status == "blank", blank.id


@pytest.mark.parametrize("ref", REFS)
def test_an_obviously_wrong_entry_is_not_correct(ref: str) -> None:
    for sheet in sheets(ref):
        entries = {b.id: key_text(b) for b in sheet.blanks}
        for blank in sheet.blanks:
            wrong = wrong_text(blank)
            verdict = sheet.check(blank.id, wrong, entries)
            assert verdict.status == "incorrect", (sheet.seed, blank.id, wrong, verdict.message)
            assert verdict.message, blank.id


@pytest.mark.parametrize("ref", REFS)
def test_no_degenerate_numbers(ref: str) -> None:
    for sheet in sheets(ref):
        for blank in sheet.blanks:
            for number in numbers_in(blank.format.to_json(blank.expected)):
                assert math.isfinite(number) and abs(number) < 1e100, (sheet.seed, blank.id)
        for number in numbers_in(sheet.result):
            assert math.isfinite(number), sheet.seed
        _check_trace(sheet)


def _check_trace(sheet: Worksheet) -> None:
    """No ln of a non-positive number, no sqrt of 0 or less, no ReLU or |x| at its kink."""
    trace = sheet.result.get("trace") if isinstance(sheet.result, dict) else None
    if not trace:
        return
    values = {e["name"]: e["value"] for e in trace}
    for entry in trace:
        args = [values[a] for a in entry["args"] if a in values]
        if len(args) != 1:
            continue
        if entry["op"] in ("log", "sqrt"):
            assert args[0] > 0, (sheet.seed, entry)
        if entry["op"] in ("relu", "abs"):
            assert args[0] != 0, (sheet.seed, entry)


@pytest.mark.parametrize("ref", REFS)
def test_the_answer_key_is_strict_json(ref: str) -> None:
    from tutor.commands import solve_json

    for sheet in sheets(ref):
        text = json.dumps(solve_json(sheet), allow_nan=False)
        assert json.loads(text)["blanks"][0]["id"] == sheet.blanks[0].id
