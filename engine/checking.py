"""Provides the check of one entry: a verdict with follow-through marking and mistake diagnosis.

Checking never raises at the student: anything unreadable is an `invalid` verdict with a
message that says where and why.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from engine.answers import AnswerFormat, NumberFormat, Reading, Tolerance
from engine.errors import MathError, ParseError
from engine.slips import SAID_BY, arithmetic_slips
from engine.step_format import StepFormat
from engine.written import as_written, as_written_on_paper, written_places

Status = Literal["correct", "consistent", "incorrect", "invalid", "blank"]
DepValues = Mapping[str, Any]
T = TypeVar("T")


@dataclass(frozen=True)
class Mistake:
    """A known wrong way to compute a blank: its id, a teaching message, and the value it gives.

    `compute` takes the values of the blank's dependencies (the student's own where they
    gave them) and returns what this mistake produces, or None where it does not apply;
    `message` is the text, or a function of the same values that writes it. With `matches`,
    the value is not a way to reach the entry but what the entry should have been given the
    student's own values (the sum of their parts), and `matches(entry, value)` says whether
    the entry shows this slip (a carried digit, or any entry at all); such a mistake comes
    after every mistake that reproduces the entry.
    """

    id: str
    message: str | Callable[[DepValues], str]
    compute: Callable[[DepValues], Any]
    matches: Callable[[Any, Any], bool] | None = None

    def explain(self, deps: DepValues) -> str:
        """The message, filled with the student's numbers when it is a template to fill."""
        return self.message(deps) if callable(self.message) else self.message


def constant(value: T) -> Callable[[DepValues], T]:
    """A `compute` that ignores the entries: for a mistake whose wrong value is fixed."""
    return lambda deps: value


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one entry, as data: the UI and the CLI compose the words.

    `mistakes` lists every catalogued mistake that explains the entry, most specific first,
    and `messages` their explanations in the student's numbers; `mistake` is the first id
    (None when there is none) and `message` the whole explanation, as the student saw it.
    `read_as` echoes how the entry was read; `blamed` are the earlier blanks that are off.
    """

    status: Status
    message: str = ""
    mistake: str | None = None
    read_as: str | None = None
    blamed: tuple[str, ...] = ()
    mistakes: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.mistakes and self.mistake is None:
            object.__setattr__(self, "mistake", self.mistakes[0])
        elif self.mistake is not None and not self.mistakes:
            object.__setattr__(self, "mistakes", (self.mistake,))


@dataclass(frozen=True)
class Expectation:
    """What checking needs of a blank: its key, format, dependencies and known mistakes.

    `rounding_note` is added to the message of an entry that is right from the student's
    rounded earlier entries but not from the key (a difference of close values loses digits).
    """

    expected: Any
    format: AnswerFormat
    depends_on: tuple[str, ...] = ()
    recompute: Callable[[DepValues], Any] | None = None
    mistakes: tuple[Mistake, ...] = field(default=())
    rounding_note: str = ""


def read_entry(text: str, answer_format: AnswerFormat) -> Reading | Verdict:
    """Read an entry, or say why it could not be read (an `invalid` verdict)."""
    if not text.strip():
        return Verdict("blank")
    try:
        try:
            return answer_format.read(text)
        except (ParseError, MathError, ValueError):
            tidied = as_written_on_paper(text)
            if tidied == text or not tidied.strip():
                raise
            try:
                return answer_format.read(tidied)
            except (ParseError, MathError, ValueError, OverflowError):
                pass
            raise
    except ParseError as error:
        pointer = error.pointer()
        return Verdict("invalid", str(error) + (f"\n{pointer}" if pointer else ""))
    except (MathError, ValueError, OverflowError) as error:
        return Verdict("invalid", str(error))


def check(
    text: str,
    blank: Expectation,
    key_deps: DepValues,
    student_deps: DepValues,
    wrong_deps: Collection[str] = (),
    dep_labels: Mapping[str, str] | None = None,
    untrusted: Collection[str] | None = None,
) -> Verdict:
    """Check one entry against the key, then the student's own earlier entries, then mistakes.

    `student_deps` holds the student's implied value of each dependency (DIAGNOSIS.md §1);
    `wrong_deps` are the earlier blanks that are off (named when the entry is `consistent`;
    they may lie further upstream than the dependencies); `untrusted` are the dependencies
    whose value no correct or consistent entry backs (default: `wrong_deps`).
    """
    reading = read_entry(text, blank.format)
    if isinstance(reading, Verdict):
        return reading
    verdict = judge(reading, blank, key_deps, student_deps, wrong_deps, dep_labels, untrusted)
    if verdict is not None:
        return verdict
    fmt, entry, shown = blank.format, reading.value, reading.shown
    targets = [blank.expected]
    if blank.recompute is not None and blank.depends_on:
        followed = _safely(blank.recompute, student_deps)
        if followed is not None and not _agrees(fmt, followed, blank.expected):
            targets.append(followed)
    found = _matching_mistakes(blank, entry, key_deps, student_deps)
    if not found:
        places = written_places(as_written_on_paper(text))
        found = _mistakes_as_written(blank, entry, places, targets, key_deps, student_deps)
    if isinstance(fmt, (NumberFormat, StepFormat)):
        for target in targets:  # the key, then the value the student's own entries give
            message = fmt.imprecision(entry, target)
            if message:
                found.setdefault("too-imprecise", message)
                break
    plain = fmt.inner if isinstance(fmt, StepFormat) else fmt  # an iterate: its value slipped
    for slip_id, slip_message in arithmetic_slips(plain, entry, targets).items():
        if SAID_BY.get(slip_id) not in found:
            found.setdefault(slip_id, slip_message)
    if found:
        ids, messages = tuple(found), tuple(found.values())
        return Verdict("incorrect", explanation(messages), read_as=shown, mistakes=ids,
                       messages=messages)  # fmt: skip
    return Verdict("incorrect", NOT_EXPECTED, read_as=shown)


#: What an incorrect entry that no catalogued mistake explains is told.
NOT_EXPECTED = "not the expected value"


def explanation(messages: tuple[str, ...]) -> str:
    """One message, or several joined so that each is named ("either ...; or ...")."""
    if len(messages) == 1:
        return messages[0]
    return "either " + "; or ".join(messages)


def _matching_mistakes(
    blank: Expectation, entry: Any, key_deps: DepValues, student_deps: DepValues
) -> dict[str, str]:
    """Every mistake that reproduces the entry, by id, with its message.

    A mistake computed from the student's own entries comes before one that needs the key's
    values (it is consistent with what the student wrote); otherwise the blank's order holds
    (most specific first). The first matching variant of an id gives its message.
    """
    found = _reproducing(
        blank,
        student_deps,
        key_deps,
        lambda fmt, wrong: _agrees(_relaxed(fmt, wrong), entry, wrong),
    )
    for mistake in blank.mistakes:
        if mistake.matches is not None and mistake.id not in found:
            own = _safely(mistake.compute, student_deps)
            if own is not None and mistake.matches(entry, own):
                found[mistake.id] = mistake.explain(student_deps)
    return found


def _mistakes_as_written(
    blank: Expectation,
    entry: Any,
    places: tuple[tuple[int, float], ...],
    targets: list[Any],
    key_deps: DepValues,
    student_deps: DepValues,
) -> dict[str, str]:
    """Mistakes whose value the entry is, rounded as the student rounds (3 decimals carried
    through a chain put a later slip just past the tolerance). Only when no right value (the
    key, or the student's own recomputed one) also rounds to the entry: that is imprecision."""
    if not places or any(as_written(entry, t, places) for t in targets):
        return {}
    return _reproducing(
        blank, student_deps, key_deps, lambda fmt, wrong: as_written(entry, wrong, places)
    )


def _reproducing(
    blank: Expectation,
    student_deps: DepValues,
    key_deps: DepValues,
    matches: Callable[[AnswerFormat, Any], bool],
) -> dict[str, str]:
    """Every value mistake whose value `matches` the entry, from the student's own values
    first, then the key's; a mistake that gives the right answer is no mistake."""
    found: dict[str, str] = {}
    for deps in (student_deps, key_deps):
        fmt = format_at(blank.format, deps)
        for mistake in blank.mistakes:
            if mistake.id in found or mistake.matches is not None:
                continue
            wrong = _safely(mistake.compute, deps)
            if wrong is None or _agrees(fmt, wrong, blank.expected):
                continue
            if matches(fmt, wrong):
                found[mistake.id] = mistake.explain(deps)
    return found


def judge(
    reading: Reading,
    blank: Expectation,
    key_deps: DepValues,
    student_deps: DepValues,
    wrong_deps: Collection[str] = (),
    dep_labels: Mapping[str, str] | None = None,
    untrusted: Collection[str] | None = None,
) -> Verdict | None:
    """`correct` or `consistent` for a readable entry, or None when it is incorrect.

    This is checking without the search for a mistake: what follow-through needs to know
    of the earlier blanks.
    """
    if blank.format.agrees(reading.value, blank.expected):
        return Verdict("correct", read_as=reading.shown)
    untrusted = wrong_deps if untrusted is None else untrusted
    return _follow_through(
        blank, reading, key_deps, student_deps, wrong_deps, dep_labels or {}, untrusted
    )


def _follow_through(
    blank: Expectation,
    reading: Reading,
    key_deps: DepValues,
    student_deps: DepValues,
    wrong_deps: Collection[str],
    dep_labels: Mapping[str, str],
    untrusted: Collection[str],
) -> Verdict | None:
    """`consistent` when the entry follows from the student's own earlier entries.

    An upstream 0 or 1 where the key is neither earns nothing, unless that 0 or 1 was itself
    right given the student's work: zeroing the first step must not make the rest trivial
    (a +1 for a key of -1 is a sign slip, and is carried like any other).
    Rounded but accepted earlier entries make a drifted entry `correct`, at any depth.
    """
    if blank.recompute is None or not blank.depends_on:
        return None
    for dep in untrusted:
        mine, key = student_deps.get(dep), key_deps.get(dep)
        if _is_zero_or_one(mine) and not _is_zero_or_one(key) and not _sign_slip(mine, key):
            return None
    entry, shown = reading.value, reading.shown
    followed = _safely(blank.recompute, student_deps)
    fmt = format_at(blank.format, student_deps)
    if followed is None or not _agrees(_relaxed(fmt, followed), entry, followed):
        return None
    direct = [d for d in blank.depends_on if d in wrong_deps]
    blamed = tuple(dict.fromkeys([*direct, *wrong_deps]))
    if not blamed:
        note = f"; {blank.rounding_note}" if blank.rounding_note else ""
        return Verdict("correct", f"right from your rounded earlier entries{note}", read_as=shown)
    names = ", ".join(f"'{dep_labels.get(b, b)}'" for b in blamed)
    which = "which is" if len(blamed) == 1 else "which are"
    return Verdict(
        "consistent",
        f"right given your entry for {names}, {which} off",
        read_as=shown,
        blamed=blamed,
    )


def _sign_slip(mine: Any, key: Any) -> bool:
    """+1 written for a key of -1: a sign slip (∂(a − b)/∂b taken as +1), not a cheap entry."""
    return isinstance(mine, (int, float)) and isinstance(key, (int, float)) and mine == -key != 0


def _is_zero_or_one(value: Any) -> bool:
    """A number 0 or 1, or a vector or matrix made only of them, or a formula that is the
    constant 0 or 1 (the cheap upstream entries)."""
    if isinstance(value, (list, tuple)):
        return bool(value) and all(_is_zero_or_one(v) for v in value)
    expr = getattr(value, "expr", None)
    if getattr(expr, "op", None) == "const":
        return getattr(expr, "value", None) in (0, 1)
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value in (0, 1)


def _relaxed(fmt: AnswerFormat, followed: Any) -> AnswerFormat:
    """A value computed from rounded entries, or by a mistake, is matched with a relative
    tolerance even for integer keys (4.222 for a mistake's 38/9 where the key is 8).

    When the recomputed value is itself a whole number (counts and shapes from the student's
    own whole numbers), it stays exact: a forgotten bias must not pass as rounding.
    """
    if isinstance(fmt, NumberFormat) and fmt.tolerance.exact:
        if isinstance(followed, (int, float)) and float(followed).is_integer():
            return fmt
        return NumberFormat(Tolerance())
    return fmt


def format_at(fmt: AnswerFormat, deps: DepValues) -> AnswerFormat:
    """The format for comparing with a value computed from `deps`: an iterate's step starts at
    the w(t-1) it was computed from (engine.step_format)."""
    return fmt.at(deps) if isinstance(fmt, StepFormat) else fmt


def _agrees(fmt: AnswerFormat, a: Any, b: Any) -> bool:
    try:
        return fmt.agrees(a, b)
    except (TypeError, ValueError, ArithmeticError):
        return False


def _safely(compute: Callable[[DepValues], Any], deps: DepValues) -> Any:
    try:
        return compute(deps)
    except (MathError, ArithmeticError, ValueError, KeyError, TypeError, IndexError):
        return None
