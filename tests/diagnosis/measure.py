"""Measures how well the tutor explains realistic slips: the share of the corpus named correctly.

Run: .venv/bin/python tests/diagnosis/measure.py [--by-kind] [--failures] [--ids] [--kind KIND]
[--json]

Every case of tests/diagnosis/corpus.json is graded in-process through the same path as
`tutor grade` (Worksheet.grade on the student's whole sheet). A case is

- *verdict right* when the blank's verdict is the expected one;
- *named* when, for an expected `incorrect`, the grade's `mistake` or any of its `mistakes`
  (once the engine reports them) is one of the case's acceptable ids, and every id of its
  `all_of` (ambiguous entries, where the tutor should name each explanation) is named; for
  an expected `correct` or `consistent` (follow-through cases), and for a gamed entry that
  must earn nothing (`incorrect` without ids), when the verdict matches (and, where the case
  lists `blamed`, the verdict blames exactly those earlier blanks).

To measure an older engine against today's corpus (a before/after figure):
    git archive REV | tar -x -C DIR && cp -r tests/diagnosis DIR/tests/
    cd DIR && /path/to/.venv/bin/python tests/diagnosis/measure.py --by-kind
(the script puts its own checkout first on sys.path, so DIR's engine is the one measured).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = HERE / "corpus.json"


@dataclass(frozen=True)
class Outcome:
    """What the tutor said about one case, and whether it is what the corpus expects."""

    case: Mapping[str, Any]
    status: str
    mistakes: tuple[str, ...]
    message: str
    blamed: tuple[str, ...] = ()

    @property
    def verdict_right(self) -> bool:
        return self.status == self.case["verdict"]

    @property
    def named(self) -> bool:
        if self.case.get("blamed"):
            return self.verdict_right and set(self.blamed) == set(self.case["blamed"])
        if self.case["verdict"] != "incorrect" or not self.case["ids"]:
            return self.verdict_right
        named_one = any(m in self.case["ids"] for m in self.mistakes)
        named_all = all(m in self.mistakes for m in self.case.get("all_of", []))
        return self.status == "incorrect" and named_one and named_all


def load_corpus(path: Path = CORPUS) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def absolute_ref(ref: str) -> str:
    """A file REF in the corpus is relative to the repository root; built-in REFs are as is."""
    if "#" not in ref:
        return ref
    path, _, exercise = ref.rpartition("#")
    return f"{ROOT / path}#{exercise}"


class Sheets:
    """Worksheets by (REF, seed), built once: the corpus grades many slips on each."""

    def __init__(self) -> None:
        from exercises.loader import load_builtin_packs

        self._builtin = list(load_builtin_packs().packs)
        self._sheets: dict[tuple[str, int], Any] = {}

    def get(self, ref: str, seed: int) -> Any:
        from exercises.loader import resolve_ref

        key = (ref, seed)
        if key not in self._sheets:
            exercise = resolve_ref(absolute_ref(ref), self._builtin)
            self._sheets[key] = exercise.instance(seed)
        return self._sheets[key]


def mistake_ids(verdict: Any) -> tuple[str, ...]:
    """Every id the verdict names: `mistakes` where the engine has it, else `mistake`."""
    many = getattr(verdict, "mistakes", None)
    ids = [m if isinstance(m, str) else getattr(m, "id", str(m)) for m in many or ()]
    if verdict.mistake and verdict.mistake not in ids:
        ids.insert(0, verdict.mistake)
    return tuple(ids)


def grade_case(case: Mapping[str, Any], sheets: Sheets) -> Outcome:
    from exercises.kinds.student_graph import sheet_for

    entries = {**case["entries"], case["blank"]: case["typed"]}
    # on the student's own graph where they drew one, as `tutor grade` grades it
    worksheet = sheet_for(sheets.get(case["ref"], case["seed"]), entries)
    for blank, _entry, verdict in worksheet.grade(entries):
        if blank.id == case["blank"]:
            blamed = tuple(getattr(verdict, "blamed", ()))
            return Outcome(case, verdict.status, mistake_ids(verdict), verdict.message, blamed)
    # the sheet has no such blank: a graph of the student's own that was not taken
    return Outcome(case, "no-blank", (), f"no blank {case['blank']!r} on the graded sheet")


def grade_all(cases: Iterable[Mapping[str, Any]]) -> list[Outcome]:
    sheets = Sheets()
    return [grade_case(case, sheets) for case in cases]


@dataclass(frozen=True)
class Tally:
    cases: int
    verdict_right: int
    named: int
    incorrect: int
    incorrect_named: int

    @staticmethod
    def of(outcomes: Sequence[Outcome]) -> Tally:
        wrong = [o for o in outcomes if o.case["verdict"] == "incorrect"]
        return Tally(
            len(outcomes),
            sum(o.verdict_right for o in outcomes),
            sum(o.named for o in outcomes),
            len(wrong),
            sum(o.named for o in wrong),
        )

    def line(self, label: str) -> str:
        def share(part: int, whole: int) -> str:
            return f"{part:4d}/{whole:<4d} {100 * part / whole:5.1f}%" if whole else " " * 16

        return (
            f"{label:18s} verdict {share(self.verdict_right, self.cases)}   "
            f"named {share(self.named, self.cases)}   "
            f"slips named {share(self.incorrect_named, self.incorrect)}"
        )


def by_kind(outcomes: Sequence[Outcome]) -> dict[str, list[Outcome]]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.case["kind"]].append(outcome)
    return dict(sorted(groups.items()))


def failure_line(outcome: Outcome) -> str:
    case = outcome.case
    said = outcome.status + (f" [{', '.join(outcome.mistakes)}]" if outcome.mistakes else "")
    want = case["verdict"] + (f" [{' | '.join(case['ids'])}]" if case["ids"] else "")
    if case.get("blamed"):
        want += f" blaming {', '.join(case['blamed'])}"
        said += f" blaming {', '.join(outcome.blamed) or 'nothing'}"
    return (
        f"{case['id']}\n    {case['ref']} {case['blank']} = {case['typed']!r}: {case['did']}\n"
        f"    want {want}; got {said}: {outcome.message}"
    )


def catalogue_ids() -> set[str] | None:
    """The ids of the engine's mistake catalogue, where the engine has one."""
    try:
        from engine.catalogue import ROWS
    except ImportError:
        return None
    return {row.id for row in ROWS}


def id_lines(outcomes: Sequence[Outcome]) -> list[str]:
    """Per expected mistake (a case's first id): cases, named, and whether the catalogue has it."""
    known = catalogue_ids()
    cases: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for outcome in outcomes:
        if outcome.case["verdict"] == "incorrect" and outcome.case["ids"]:
            first = outcome.case["ids"][0]
            cases[first] += 1
            named[first] += outcome.named
    lines = []
    for mistake, count in sorted(
        cases.items(), key=lambda item: (named[item[0]] - item[1], item[0])
    ):
        listed = "" if known is None else ("" if mistake in known else "  (not in the catalogue)")
        lines.append(f"{mistake:24s} named {named[mistake]:3d}/{count:<3d}{listed}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--by-kind", action="store_true", help="a line per kind")
    parser.add_argument("--failures", action="store_true", help="list the cases not named")
    parser.add_argument("--kind", help="only the cases of this kind")
    parser.add_argument(
        "--ids", action="store_true", help="a line per expected mistake id, least named first"
    )
    parser.add_argument("--json", action="store_true", help="figures as JSON")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    cases = load_corpus(args.corpus)
    if args.kind:
        cases = [c for c in cases if c["kind"] == args.kind]
    outcomes = grade_all(cases)
    groups = by_kind(outcomes)
    if args.json:
        figures = {k: Tally.of(v).__dict__ for k, v in groups.items()}
        figures["overall"] = Tally.of(outcomes).__dict__
        json.dump(figures, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    if args.failures:
        for outcome in outcomes:
            if not outcome.named:
                print(failure_line(outcome))
        print()
    if args.ids:
        print("\n".join(id_lines(outcomes)), end="\n\n")
    if args.by_kind:
        for kind, group in groups.items():
            print(Tally.of(group).line(kind))
    print(Tally.of(outcomes).line("overall"))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    try:
        raise SystemExit(main())
    except BrokenPipeError:  # piped into head: the reader has what it wanted
        sys.stderr.close()
        raise SystemExit(0) from None
