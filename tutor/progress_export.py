"""Provides `tutor export`: the attempt log of the progress store as JSON lines or CSV.

One record per checked entry, and one per answer shown (verdict "revealed"), oldest first: the
exercise, seed, blank, what was typed, the verdict, every mistake id that explains it, the
message shown, the hints used and the time in UTC. A student hands the file in; an instructor
concatenates a class's files.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from tutor.progress import DB_NAME, Attempt, ProgressStore, Reveal

FIELDS = ("exercise", "seed", "blank", "entry", "verdict", "mistakes", "message", "hints", "time")
"""The columns of the CSV and the keys of each JSON line, in this order."""
FORMATS = ("jsonl", "csv")


class SinceError(ValueError):
    """A --since value that is not a date."""


def parse_since(text: str) -> float:
    """Unix time of `2026-12-01` (midnight UTC), `2026-12-01T14:30` (UTC) or with an offset."""
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise SinceError(
            f"--since {text!r} is not a date: write 2026-12-01 or 2026-12-01T14:30 (UTC)"
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


def utc_text(unix_time: float) -> str:
    """ISO 8601 in UTC to the millisecond: `2026-12-01T23:34:12.345Z`."""
    moment = datetime.fromtimestamp(unix_time, tz=timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def record(attempt: Attempt) -> dict[str, Any]:
    """One attempt as the exported record (FIELDS)."""
    return {
        "exercise": attempt.ref,
        "seed": attempt.seed,
        "blank": attempt.blank_id,
        "entry": attempt.entry,
        "verdict": attempt.status,
        "mistakes": list(attempt.mistakes),
        "message": attempt.message,
        "hints": attempt.hint_rung,
        "time": utc_text(attempt.at),
    }


def write(attempts: Iterable[Attempt], output_format: str, out: TextIO) -> int:
    """Write the attempts to `out` in `output_format` ("jsonl" or "csv"); returns how many.

    In CSV, `mistakes` is the ids separated by spaces and a message never logged is empty.
    """
    count = 0
    if output_format == "jsonl":
        for attempt in attempts:
            out.write(json.dumps(record(attempt), ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for attempt in attempts:
        row = record(attempt)
        row["mistakes"] = " ".join(attempt.mistakes)
        row["message"] = attempt.message or ""
        writer.writerow(row)
        count += 1
    return count


def export(data_dir: Path, since: float | None, output_format: str, out: TextIO) -> int:
    """Write the attempt log kept in `data_dir` to `out`; returns the number of records.

    A data directory without a progress file gives an empty log (a CSV header alone).
    """
    if not (data_dir / DB_NAME).is_file():
        return write((), output_format, out)
    store = ProgressStore.open(data_dir)
    try:
        shown = [revealed(reveal) for reveal in store.reveal_log(since)]
        log = sorted([*store.attempt_log(since), *shown], key=lambda attempt: attempt.at)
        return write(log, output_format, out)
    finally:
        store.close()


def revealed(reveal: Reveal) -> Attempt:
    """An answer shown (last hint rung or worked solution) as a record: verdict "revealed"."""
    return Attempt(reveal.blank_id, "", "revealed", None, 0, reveal.at, (),
                   "the answer was shown", reveal.ref, reveal.seed)  # fmt: skip
