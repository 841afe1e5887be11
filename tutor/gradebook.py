"""Provides grading for instructors: one answers file to the grade report, a class to a gradebook.

`grade_report` is the JSON contract of `tutor grade --json`. A class (a directory of answers
files, one per student) is graded in parallel over the machine's cores and written as a CSV
gradebook or as Gradescope autograder `results.json` files.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exercises.kinds.student_graph import sheet_for
from exercises.model import Worksheet
from tutor.answers_file import AnswersError, read_answers, submissions_in

#: Below this many submissions, grading in this process beats starting workers.
PARALLEL_FROM = 64
#: Verdicts that earn a blank's point in a Gradescope score.
CREDITED = frozenset({"correct", "consistent"})
#: Submissions handed to a worker at a time.
CHUNK = 32


def grade_report(
    worksheet: Worksheet, answers: Mapping[str, str], working: bool = False
) -> dict[str, Any]:
    """The grade of one answers file, as `tutor grade --json` prints it; `working` adds each
    blank's working from the student's own numbers (`--working`)."""
    worksheet = sheet_for(worksheet, answers)  # on the student's own graph, if they wrote one
    graded = worksheet.grade(answers)
    correct = sum(1 for _, _, verdict in graded if verdict.status == "correct")
    report: dict[str, Any] = {
        "exercise": worksheet.ref,
        "seed": worksheet.seed,
        "blanks": [
            {
                "id": blank.id,
                "entry": entry,
                "verdict": verdict.status,
                "message": verdict.message,
                "mistake": verdict.mistake,
                "mistakes": list(verdict.mistakes),
                "read_as": verdict.read_as,
            }
            for blank, entry, verdict in graded
        ],
        "score": {"correct": correct, "total": len(graded)},
        "unknown_ids": sorted(set(answers) - {b.id for b in worksheet.blanks}),
    }
    if working:
        from exercises.working import sheet_working

        for row, shown in zip(report["blanks"], sheet_working(worksheet, answers), strict=True):
            row["working"] = [*shown.lines, *((f"({shown.note})",) if shown.note else ())]
    return report


@dataclass(frozen=True)
class StudentGrade:
    """One student's grade report, or why their file could not be graded."""

    student: str
    report: dict[str, Any] | None
    error: str | None = None


def grade_class(
    ref: str,
    seed: int,
    files: Mapping[str, Path],
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[StudentGrade]:
    """Every student's grade, in the order of `files`; parallel for a large class.

    `progress(done, total)` is called as submissions are graded.
    """
    items = list(files.items())
    workers = workers or os.cpu_count() or 1
    chunks = [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
    if len(items) < PARALLEL_FROM or workers == 1:
        _start_worker(ref, seed)
        return _collect(map(_grade_chunk, chunks), len(items), progress)
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(ref, seed)) as pool:
        return _collect(pool.map(_grade_chunk, chunks), len(items), progress)


def _collect(
    chunks: Iterable[list[StudentGrade]], total: int, progress: Callable[[int, int], None] | None
) -> list[StudentGrade]:
    grades: list[StudentGrade] = []
    for chunk in chunks:
        grades.extend(chunk)
        if progress:
            progress(len(grades), total)
    return grades


_worksheet: Worksheet | None = None


def _start_worker(ref: str, seed: int) -> None:
    """Build the worksheet once per process: its recompute functions do not pickle."""
    global _worksheet
    from exercises.loader import resolve_ref

    _worksheet = resolve_ref(ref).instance(seed)


def _grade_chunk(items: Sequence[tuple[str, Path]]) -> list[StudentGrade]:
    assert _worksheet is not None, "the worker was not started"
    grades = []
    for student, path in items:
        try:
            answers = read_answers(path)
        except AnswersError as error:
            grades.append(StudentGrade(student, None, str(error)))
            continue
        grades.append(StudentGrade(student, grade_report(_worksheet, answers)))
    return grades


def gradebook_csv(worksheet: Worksheet, grades: Sequence[StudentGrade]) -> str:
    """One row per student, one column per blank (the verdict, and the mistake when named)."""
    ids = [blank.id for blank in worksheet.blanks]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *ids, "correct", "consistent", "total", "error"])
    for grade in grades:
        if grade.report is None:
            writer.writerow([grade.student, *([""] * len(ids)), 0, 0, len(ids), grade.error])
            continue
        cells = {row["id"]: _cell(row) for row in grade.report["blanks"]}
        writer.writerow(
            [grade.student, *(cells[i] for i in ids), *_counts(grade.report), len(ids), ""]
        )
    return out.getvalue()


def _counts(report: Mapping[str, Any]) -> tuple[int, int]:
    """Entries correct, and entries consistent (right from the student's own earlier slip)."""
    verdicts = [row["verdict"] for row in report["blanks"]]
    return verdicts.count("correct"), verdicts.count("consistent")


def _cell(row: Mapping[str, Any]) -> str:
    return f"{row['verdict']}:{row['mistake']}" if row["mistake"] else str(row["verdict"])


def gradescope_results(worksheet: Worksheet, grade: StudentGrade) -> dict[str, Any]:
    """Gradescope's autograder `results.json`: the score and one test per blank.

    A `consistent` entry earns its point, as in follow-through marking by hand: the slip is
    charged to the earlier blank it came from.
    """
    total = len(worksheet.blanks)
    if grade.report is None:
        return {"score": 0.0, "max_score": float(total), "output": grade.error, "tests": []}
    labels = {blank.id: blank.label for blank in worksheet.blanks}
    tests = [
        {
            "name": f"{labels[row['id']]} ({row['id']})",
            "score": 1.0 if row["verdict"] in CREDITED else 0.0,
            "max_score": 1.0,
            "status": "passed" if row["verdict"] in CREDITED else "failed",
            "output": _test_output(row),
        }
        for row in grade.report["blanks"]
    ]
    return {
        "score": float(sum(_counts(grade.report))),
        "max_score": float(total),
        "output": f"{worksheet.ref} (seed {worksheet.seed})",
        "tests": tests,
    }


def _test_output(row: Mapping[str, Any]) -> str:
    if row["verdict"] == "blank":
        return "no entry"
    words = f"entry {row['entry']!r}: {row['verdict']}"
    if row["mistakes"]:
        words += f" ({', '.join(row['mistakes'])})"
    elif row["mistake"]:
        words += f" ({row['mistake']})"
    return words + (f". {row['message']}" if row["message"] else "")


def write_gradescope(
    worksheet: Worksheet, grades: Sequence[StudentGrade], directory: Path, one_student: bool
) -> Iterator[Path]:
    """Write results.json: in `directory` for one student, in `directory/STUDENT/` for a class."""
    for grade in grades:
        folder = directory if one_student else directory / grade.student
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "results.json"
        path.write_text(
            json.dumps(gradescope_results(worksheet, grade), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        yield path


def answer_template(worksheet: Worksheet) -> dict[str, Any]:
    """The blanks of an instance without their answers: what an answers file must hold."""
    return {
        "exercise": worksheet.ref,
        "kind": worksheet.kind,
        "seed": worksheet.seed,
        "blanks": [
            {
                "id": blank.id,
                "label": blank.label,
                "section": blank.section,
                "type": answer_type(blank.format),
                "accepted": blank.rule,
            }
            for blank in worksheet.blanks
        ],
    }


def answer_type(answer_format: Any) -> str:
    """What kind of answer a format reads: number, integer, vector, matrix, shape, ..."""
    name = type(answer_format).__name__.removesuffix("Format").lower()
    if name == "number":
        return "integer" if answer_format.tolerance.exact else "number"
    if name == "array":
        return "vector" if len(answer_format.shape) == 1 else "matrix"
    return {"yesno": "yes/no", "matrix": "matrix expression"}.get(name, name)


def grade_to_files(worksheet: Worksheet, ref: str, args: Any) -> int:
    """`tutor grade --answers FILE_OR_DIR [--gradescope] [--output PATH]`, for instructors."""
    one_student = not args.answers.is_dir()
    files = {args.answers.stem: args.answers} if one_student else submissions_in(args.answers)
    if one_student:
        read_answers(args.answers)  # a bad single file is the instructor's error: exit 2
    grades = grade_class(ref, worksheet.seed, files, args.jobs, _progress_line())
    if args.gradescope:
        directory = args.output or Path("results" if not one_student else ".")
        written = list(write_gradescope(worksheet, grades, directory, one_student))
        print(f"wrote {len(written)} results.json under {directory}", file=sys.stderr)
    else:
        table = gradebook_csv(worksheet, grades)
        if args.output is None:
            sys.stdout.write(table)
        else:
            args.output.write_text(table, encoding="utf-8")
            print(
                f"wrote the gradebook of {len(grades)} students to {args.output}", file=sys.stderr
            )
    for grade in grades:
        if grade.error:
            print(f"warning: {grade.student}: {grade.error}", file=sys.stderr)
    return 0


def _progress_line() -> Callable[[int, int], None] | None:
    """`graded 3200 of 10000` on one line of a terminal's stderr (nothing when it is a file)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        print(f"\rgraded {done} of {total}", end=end, file=sys.stderr, flush=True)

    return show
