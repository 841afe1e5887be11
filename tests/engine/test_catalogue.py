"""Tests of the one mistake catalogue: unique ids, every id used by a rule, the docs' table."""

from __future__ import annotations

import re
from pathlib import Path

from engine.catalogue import CATALOGUE, ROWS, markdown_table, message

ROOT = Path(__file__).resolve().parents[2]


def _source_text() -> str:
    files = [*ROOT.joinpath("engine").glob("*.py"), *ROOT.joinpath("exercises").rglob("*.py")]
    return "\n".join(f.read_text() for f in files if f.name != "catalogue.py")


def test_ids_are_unique_and_well_formed() -> None:
    assert len(CATALOGUE) == len(ROWS)
    for row in ROWS:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row.id), row.id
        assert row.meaning and row.template and row.kinds


def test_every_id_is_used_by_some_rule() -> None:
    source = _source_text()
    unused = [row.id for row in ROWS if f'"{row.id}"' not in source]
    assert unused == []


def test_a_template_is_filled_with_the_students_numbers() -> None:
    text = message("dropped-seed", seed="w1")
    assert text == (
        "this treats every input's tangent as 1; seed only w1 with 1 and the other inputs with 0"
    )


def test_the_docs_hold_the_catalogue_table() -> None:
    docs = ROOT.joinpath("docs", "packs.md").read_text()
    assert markdown_table() in docs


def test_every_id_the_docs_name_as_a_mistake_is_catalogued() -> None:
    docs = ROOT.joinpath("docs", "packs.md").read_text()
    docs += ROOT.joinpath("docs", "math-syntax.md").read_text()
    named: set[str] = set()
    for paragraph in re.findall(r"Mistake ids[^\n]*(?:\n(?!\n)[^\n]*)*", docs):
        named.update(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", paragraph))
    assert sorted(named - set(CATALOGUE)) == []
