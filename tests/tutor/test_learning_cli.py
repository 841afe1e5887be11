"""Tests of `tutor skills` and `tutor progress` over a real store filled through the session."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_cli import run

from exercises.loader import resolve_ref
from tutor.learning.report import learner_report, log_events
from tutor.progress import ProgressStore
from tutor.session import solution
from tutor.session.events import recording_to
from tutor.session.worksheet_session import WorksheetSession

WARMUP = "autodiff/warmup-reverse"


def work(data_dir: Path, entries: list[tuple[str, str]], reveal: str | None = None) -> None:
    """A student's session on the warm-up, saved as the app saves it."""
    store = ProgressStore.open(data_dir)
    try:
        session = WorksheetSession(resolve_ref(WARMUP).instance(0), recording_to(lambda: store))
        for blank_id, text in entries:
            session.select(blank_id)
            session.checked(blank_id, text, session.check(blank_id, text))
        if reveal:
            solution.reveal(session, reveal)
    finally:
        store.close()


def test_skills_json_is_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "skills", WARMUP, "--json")
    assert status == 0
    data = json.loads(out)
    assert data["blanks"]["adjoint:f:y"] == ["sum-rule", "chain-rule", "merging-paths"]
    assert set(data) == {"blanks"}


def test_progress_reports_mastery_mistakes_and_a_next_exercise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # ȳ = ā + b̄ = 3 + 3 = 6; the student kept one path only (3): missing-path
    work(tmp_path, [("value:a", "3"), ("adjoint:f:y", "3")], reveal="value:b")
    status, out, err = run(capsys, "progress", "--data-dir", str(tmp_path), "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["skills"]["merging-paths"]["attempts"] == 1
    assert data["skills"]["merging-paths"]["mistakes"] == {"missing-path": 1}
    assert data["skills"]["forward-pass"]["attempts"] == 2  # a right a, then b revealed
    assert data["skills"]["forward-pass"]["right"] == 1
    assert data["next"]["reason"].startswith("you missed merging paths")
    assert data["mistakes"][0] == {"mistake": "missing-path", "ref": WARMUP, "count": 1}


def test_progress_as_text_reads_without_colour(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work(tmp_path, [("value:a", "3")])
    status, out, _ = run(capsys, "progress", "--data-dir", str(tmp_path))
    assert status == 0
    assert "evaluating a node" in out and "Practise next (n):" in out
    assert "\x1b" not in out


def test_the_report_is_the_same_at_the_same_clock(tmp_path: Path) -> None:
    import random

    work(tmp_path, [("value:a", "3"), ("adjoint:f:y", "3")])
    store = ProgressStore.open(tmp_path)
    try:
        events = log_events(store)
    finally:
        store.close()
    packs = [SimpleNamespace(exercises=[resolve_ref(WARMUP)])]
    now = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
    first = learner_report(events, packs, now, random.Random(5)).to_json()
    second = learner_report(events, packs, now, random.Random(5)).to_json()
    assert first == second
