"""Every mistake a built-in worksheet can name is a row of the one catalogue."""

from __future__ import annotations

from engine.catalogue import CATALOGUE
from exercises.loader import load_builtin_packs
from exercises.model import Degenerate


def test_every_mistake_on_a_built_in_worksheet_is_catalogued() -> None:
    missing: set[str] = set()
    for pack in load_builtin_packs().packs:
        for exercise in pack.exercises:
            for seed in (0, 1):
                try:
                    worksheet = exercise.instance(seed)
                except Degenerate:
                    continue
                for blank in worksheet.blanks:
                    missing.update(m.id for m in blank.mistakes if m.id not in CATALOGUE)
    assert sorted(missing) == []
