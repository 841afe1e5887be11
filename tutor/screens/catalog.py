"""Provides Catalog: the packs the app works from, read in a thread, and what home shows of it.

Blank counts are needed only for the status of exercises the student has started, so only
those are instanced when the packs are read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tutor.screens.home import ExerciseRow, HomeModel, PackRow


@dataclass
class Catalog:
    """The packs, their exercises by ref, and each exercise's number of blanks."""

    packs: Sequence[Any] = ()
    by_ref: dict[str, Any] = field(default_factory=dict)
    pack_of: dict[str, str] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    loaded: bool = False

    def ordered_refs(self) -> list[str]:
        return [exercise.ref for pack in self.packs for exercise in pack.exercises]


def read_catalog(load: Callable[[], Any], store: Any) -> tuple[Catalog, tuple[str, ...]]:
    """The packs `load` returns (a list, or a result with `packs` and `errors`), with the
    blank count of each started exercise; problems are returned as messages, never raised."""
    errors: list[str] = []
    catalog = Catalog(loaded=True)
    try:
        loaded = load()
        packs: Any = getattr(loaded, "packs", loaded)
        catalog.packs = list(packs)
        errors.extend(str(error) for error in getattr(loaded, "errors", ()))
    except Exception as error:  # a broken pack must not stop the app
        errors.append(f"The packs could not be loaded: {error}")
    for pack in catalog.packs:
        for exercise in pack.exercises:
            catalog.by_ref[exercise.ref] = exercise
            catalog.pack_of[exercise.ref] = pack.id
            if store.exercise_status(exercise.ref, 1) == "not-started":
                continue  # its status needs no count of blanks
            try:
                worksheet = exercise.instance(store.current_seed(exercise.ref))
                catalog.totals[exercise.ref] = len(worksheet.blanks)
            except Exception as error:
                errors.append(f"{exercise.ref}: {error}")
    return catalog, tuple(errors)


def home_model(catalog: Catalog, store: Any, report: Any = None) -> HomeModel:
    """What home shows: every pack with its progress, every exercise with its status, and,
    once the learner's report is computed, mastery per pack and what to practise next."""
    packs, rows = [], []
    for pack in catalog.packs:
        refs = [(e.ref, catalog.totals.get(e.ref, 0)) for e in pack.exercises]
        done, total = store.pack_progress(refs)
        mastery = report.mastery_of([e.ref for e in pack.exercises]) if report else None
        packs.append(PackRow(pack.id, pack.title, pack.description or "", done, total, mastery))
        for exercise in pack.exercises:
            status = store.exercise_status(exercise.ref, catalog.totals.get(exercise.ref, 0))
            rows.append(ExerciseRow(exercise.ref, pack.id, exercise.listed_title, exercise.kind,
                                    tuple(exercise.tags), status))  # fmt: skip
    last = store.last_opened()
    title = catalog.by_ref[last[0]].listed_title if last and last[0] in catalog.by_ref else None
    return HomeModel(tuple(packs), tuple(rows), last if title else None, title, catalog.loaded,
                     next_line(report))  # fmt: skip


def next_line(report: Any) -> str:
    """`Next (n): <why> · 2 reviews due · p: your progress`, once known."""
    if report is None:
        return ""
    parts = []
    if report.next is not None:
        parts.append(f"Next (n): {report.next.reason}")
    if report.due:
        parts.append(f"{len(report.due)} review{'s' if len(report.due) > 1 else ''} due")
    parts.append("p: your progress")
    return " · ".join(parts)
