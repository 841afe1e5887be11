"""Provides the CLI subcommands: list, solve, grade and validate, as JSON or Rich text."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from engine.controls import json_escaped, visible
from exercises.loader import Pack, PackError, load_builtin_packs, load_pack_file
from exercises.model import Worksheet
from exercises.validation import validate_exercises
from tutor.datadir import DataDirChoice, storage_report

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, emoji=False)


def escape(text: str) -> str:
    """Text for Rich: markup escaped, control characters shown as visible stand-ins."""
    from rich.markup import escape as rich_escape

    return rich_escape(visible(text))


def _print_json(data: Any) -> None:
    """JSON on stdout; control characters (in an entry, say) only ever as escapes."""
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    sys.stdout.write(json_escaped(text) + "\n")


def _load(paths: Sequence[str]) -> tuple[list[Pack], list[PackError]]:
    if not paths:
        result = load_builtin_packs()
        return list(result.packs), list(result.errors)
    packs: list[Pack] = []
    errors: list[PackError] = []
    for path in paths:
        pack, found = load_pack_file(path)
        errors.extend(found)
        if pack is not None:
            packs.append(pack)
    return packs, errors


def list_packs(paths: Sequence[str], as_json: bool) -> int:
    packs, errors = _load(paths)
    if as_json:
        _print_json(
            {
                "packs": [
                    {
                        "id": p.id,
                        "title": p.title,
                        "file": p.file,
                        "exercises": [
                            {
                                "ref": e.ref,
                                "id": e.id,
                                "kind": e.kind,
                                "title": e.listed_title,
                                "randomized": e.randomized,
                                "tags": list(e.tags),
                            }
                            for e in p.exercises
                        ],
                    }
                    for p in packs
                ],
                "errors": [str(e) for e in errors],
            }
        )
        return EXIT_OK
    from rich.table import Table

    console = _console()
    for pack in packs:
        table = Table(
            title=f"{escape(pack.title)}  [dim]({escape(pack.id)}, {escape(pack.file)})[/]",
            title_justify="left",
        )
        table.add_column("ref", style="bold", no_wrap=True)
        table.add_column("kind")
        table.add_column("title")
        for exercise in pack.exercises:
            mark = " 🎲" if exercise.randomized else ""
            table.add_row(escape(exercise.ref), exercise.kind, escape(exercise.listed_title) + mark)
        console.print(table)
    for error in errors:
        console.print(f"[red]error[/] {escape(str(error))}", soft_wrap=True)
    return EXIT_OK


def solve_json(worksheet: Worksheet, working: bool = False) -> dict[str, Any]:
    """The key as JSON; `working` adds each blank's working lines (the last is `= result`)."""
    data = {
        "exercise": worksheet.ref,
        "kind": worksheet.kind,
        "seed": worksheet.seed,
        "title": worksheet.title,
        "blanks": [
            {
                "id": b.id,
                "label": b.label,
                "answer": b.format.to_json(b.expected),
                "depends_on": list(b.depends_on),
                "rule": b.rule,
                "section": b.section,
            }
            for b in worksheet.blanks
        ],
        "result": _jsonable(worksheet.result),
    }
    if working:
        from exercises.working import sheet_working

        for row, shown in zip(data["blanks"], sheet_working(worksheet), strict=True):
            row["working"] = list(shown.lines)
    return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "tolist"):
        return _jsonable(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def simplified_key(worksheet: Worksheet) -> str | None:
    """A symbolic key in its simplest form (sympy, lazily, with a time limit), else None."""
    from exercises.kinds.derivative import DerivativeVisual

    if not isinstance(worksheet.visual, DerivativeVisual):
        return None
    from engine.simplify import simplified_text

    return simplified_text(worksheet.visual.key)


def solve(worksheet: Worksheet, as_json: bool, working: bool = False) -> int:
    simplified = simplified_key(worksheet)
    if as_json:
        data = solve_json(worksheet, working)
        if simplified is not None:
            data["result"]["simplified"] = simplified
        _print_json(data)
        return EXIT_OK
    from rich.text import Text

    from tutor.render import solve_renderable

    console = _console()
    console.print(solve_renderable(worksheet))
    if simplified is not None:
        console.print(Text(f"simplified: {simplified}"))
    if working:
        _print_working(console, worksheet)
    return EXIT_OK


def _print_working(
    console: Any, worksheet: Worksheet, answers: Mapping[str, str] | None = None
) -> None:
    """The "Working" section: each blank's working, from the answers' numbers where given."""
    from rich.text import Text

    from exercises.working import sheet_working
    from tutor.working_view import working_renderable

    console.print(Text("\nWorking", style="bold"))
    console.print(working_renderable(worksheet, sheet_working(worksheet, answers)))


def grade(
    worksheet: Worksheet, answers: Mapping[str, str], as_json: bool, working: bool = False
) -> int:
    from exercises.kinds.student_graph import sheet_for
    from tutor.gradebook import grade_report

    worksheet = sheet_for(worksheet, answers)
    report = grade_report(worksheet, answers, working)
    if as_json:
        _print_json(report)
        return EXIT_OK
    from rich.table import Table

    from tutor.session.marks import glyph, rich_style

    table = Table(title=f"{escape(worksheet.ref)} (seed {worksheet.seed})", title_justify="left")
    for heading in ("", "blank", "entry", "verdict"):
        table.add_column(heading)
    for row in report["blanks"]:
        status, entry = row["verdict"], row["entry"]
        style = rich_style(status) or "dim"
        detail = status + (f" [{', '.join(row['mistakes'])}]" if row["mistakes"] else "")
        read_as = row["read_as"]
        words = [f"read as {read_as}"] if read_as and entry.strip() != read_as else []
        if row["message"]:
            words.append(row["message"])
        if words:
            detail += ": " + ": ".join(words)
        label = worksheet.blank(row["id"]).label
        mark = f"[{style}]{glyph(status)}[/]"
        table.add_row(mark, escape(label), escape(entry), escape(detail))
    console = _console()
    console.print(table)
    console.print(f"score: {report['score']['correct']}/{report['score']['total']}")
    for blank_id in report["unknown_ids"]:
        console.print(
            f"[yellow]warning[/] no blank {escape(repr(blank_id))} in this exercise (ignored)"
        )
    if working:
        _print_working(console, worksheet, answers)
    return EXIT_OK


def validate(paths: Sequence[str], seeds: int, as_json: bool) -> int:
    packs, errors = _load(paths)
    problems = [str(e) for e in errors]
    count = 0
    for pack in packs:
        count += len(pack.exercises)
        problems.extend(validate_exercises(pack.exercises, seeds, pack.drafts))
    if as_json:
        _print_json({"packs": [p.id for p in packs], "exercises": count, "errors": problems})
    else:
        console = _console()
        for problem in problems:
            console.print(f"[red]error[/] {escape(problem)}", soft_wrap=True)
        verdict = "[green]all valid[/]" if not problems else f"[red]{len(problems)} error(s)[/]"
        console.print(f"{len(packs)} pack(s), {count} exercise(s), {seeds} seed(s) each: {verdict}")
    return EXIT_OK if not problems else EXIT_INVALID


def version_text(choice: DataDirChoice) -> str:
    """`tutor --version`: the version, where progress is kept and which journal it uses."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("dl-tutor")
    except PackageNotFoundError:
        number = "unknown"
    return f"dl-tutor {number}\n{storage_report(choice)}"


def blanks(worksheet: Worksheet, as_json: bool) -> int:
    """The blanks of an instance without their answers, for writing an answers file."""
    from tutor.gradebook import answer_template

    template = answer_template(worksheet)
    if as_json:
        _print_json(template)
        return EXIT_OK
    from rich.table import Table

    table = Table(title=f"{escape(worksheet.ref)} (seed {worksheet.seed})", title_justify="left")
    columns = ("id", "label", "section", "type", "accepted")
    for heading in columns:
        table.add_column(heading)
    for row in template["blanks"]:
        table.add_row(*(escape(str(row[k])) for k in columns))
    _console().print(table)
    return EXIT_OK


def skills(worksheet: Worksheet, as_json: bool) -> int:
    """The skills of each blank, derived from the worksheet (`tutor skills REF`)."""
    from exercises.blank_skills import blank_skills
    from exercises.skills import skill_name

    found = blank_skills(worksheet)
    if as_json:
        _print_json({"blanks": {blank_id: list(s) for blank_id, s in found.items()}})
        return EXIT_OK
    from rich.table import Table

    table = Table(title=f"{escape(worksheet.ref)} (seed {worksheet.seed})", title_justify="left")
    table.add_column("blank")
    table.add_column("skills")
    for blank in worksheet.blanks:
        names = "; ".join(skill_name(skill) for skill in found[blank.id])
        table.add_row(escape(blank.label), escape(names))
    _console().print(table)
    return EXIT_OK


def progress(data_dir: Any, as_json: bool) -> int:
    """Mastery per skill, reviews due, the next exercise and the mistakes met most often."""
    import datetime

    from tutor.learning.report import learner_report, log_events
    from tutor.progress import ProgressStore

    packs, _ = _load(())
    store = ProgressStore.open(data_dir)
    try:
        events = log_events(store)
    finally:
        store.close()
    now = datetime.datetime.now(datetime.timezone.utc)
    report = learner_report(events, packs, now)
    if as_json:
        _print_json(report.to_json())
        return EXIT_OK
    from tutor.learning.render import report_text

    _console().print(report_text(report), soft_wrap=True)
    return EXIT_OK
