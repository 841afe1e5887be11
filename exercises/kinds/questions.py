"""Provides the `questions` kind: a pack's own questions, each with an answer type.

A question is a table `{ id, ask, type, answer, ... }`; its blank is `question:ID`. The
types (number, expression, choice, interval, direction, sign, complexity, shape) are read
by exercises.kinds.answer_types, so the same answers can be asked by any kind.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from exercises.kinds import register
from exercises.kinds.answer_types import FIRST_HINTS, READERS, read_answer
from exercises.model import Blank, Field, Instance, Kind, SpecError, Worksheet

_ID = re.compile(r"^[A-Za-z0-9]+([-_][A-Za-z0-9]+)*$")
COMMON_KEYS = ("id", "ask", "type", "answer", "label", "hints", "mistakes", "tolerance")
MAX_QUESTIONS = 50


def _question_blank(spec: Any, index: int, instance: Instance, seen: set[str]) -> tuple[Blank, str]:
    prefix = f"questions[{index}]."
    if not isinstance(spec, Mapping):
        raise SpecError(f"questions[{index}]", "a question is a table { id, ask, type, answer }")
    question_id = spec.get("id")
    if not isinstance(question_id, str) or not _ID.match(question_id):
        raise SpecError(prefix + "id", "give the question an id: letters, digits, - and _")
    if question_id in seen:
        raise SpecError(prefix + "id", f"duplicate question id {question_id!r}")
    seen.add(question_id)
    ask = spec.get("ask")
    if not isinstance(ask, str) or not ask.strip():
        raise SpecError(prefix + "ask", 'say what is asked: ask = "The interval of α ..."')
    kind = spec.get("type", "number")
    allowed = set(COMMON_KEYS) | set(READERS.get(kind, (None, ()))[1])
    for key in spec:
        if key not in allowed:
            raise SpecError(
                prefix + str(key),
                f"unknown key for a {kind} question (keys: {', '.join(sorted(allowed))})",
            )
    hints = spec.get("hints", [])
    if not isinstance(hints, list) or not all(isinstance(h, str) for h in hints):
        raise SpecError(prefix + "hints", 'hints is a list of texts: hints = ["..."]')
    tolerance = _tolerance(spec.get("tolerance"), prefix) or instance.tolerance
    context = f"{instance.ref}#{instance.seed}#{question_id}"
    answer = read_answer(spec, prefix, context, tolerance)
    label = spec.get("label")
    if label is not None and (not isinstance(label, str) or not label.strip()):
        raise SpecError(prefix + "label", "label is a short text")
    blank = Blank(
        id=f"question:{question_id}",
        label=label or f"{index + 1}. {ask.strip()}",
        expected=answer.key,
        format=answer.format,
        mistakes=answer.mistakes,
        hints=(FIRST_HINTS[kind], *hints),
        section="Questions",
        extra={"ask": ask.strip(), "type": kind},
    )
    return blank, ask.strip()


def _tolerance(value: Any, prefix: str) -> Any:
    if value is None:
        return None
    from engine.answers import Tolerance

    if (
        not isinstance(value, Mapping)
        or set(value) - {"rel", "abs"}
        or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0
            for v in value.values()
        )
    ):
        raise SpecError(prefix + "tolerance", "tolerance = { rel = 1e-3, abs = 1e-9 }")
    return Tolerance(
        rel=float(value.get("rel", 0.0 if "abs" in value else 1e-3)),
        abs=float(value.get("abs", 1e-9)),
    )


def build(instance: Instance) -> Worksheet:
    questions = instance.fields["questions"]
    if not isinstance(questions, list) or not questions:
        raise SpecError("questions", "give a list of questions: [[exercise.questions]] tables")
    if len(questions) > MAX_QUESTIONS:
        raise SpecError("questions", f"at most {MAX_QUESTIONS} questions in one exercise")
    seen: set[str] = set()
    blanks, asks = [], []
    for index, spec in enumerate(questions):
        blank, ask = _question_blank(spec, index, instance, seen)
        blanks.append(blank)
        options = f" ({blank.format.describe()})" if blank.extra["type"] == "choice" else ""
        asks.append(f"{index + 1}. {ask}{options}")
    prompt = (instance.prompt + "\n\n" if instance.prompt else "") + "\n".join(asks)
    result = {"answers": {b.id.split(":", 1)[1]: b.format.to_json(b.expected) for b in blanks}}
    return instance.worksheet(prompt, blanks, result)


register(
    Kind(
        "questions",
        {
            "questions": Field(
                (list,), "the questions: a list of { id, ask, type, answer, ... } tables", True
            )
        },
        build,
    )
)
