"""Provides Catalog (the loader's packs, read in a thread) and home_model (what home shows).

Home is drawn from the listing (tutor.listing: no engine, no numpy) and the progress store;
the catalog, loaded after the first frame, holds the exercises themselves, which opening one
needs. The store keeps each instance's number of blanks from the moment it is opened; for an
instance it was not told about (opened by an older version), the count is found here, by
instancing the exercise in the thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from tutor.listing import Listing
from tutor.progress_status import DONE
from tutor.screens.home import ExerciseRow, HomeModel, PackRow


class Catalog:
    """The loader's packs, their exercises by ref, and blank counts of started exercises."""

    def __init__(self, *, loaded: bool = False) -> None:
        self.packs: Sequence[Any] = ()
        self.by_ref: dict[str, Any] = {}
        self.totals: dict[str, int] = {}
        self.loaded = loaded


class CatalogRead(NamedTuple):
    """What reading the packs gave: the catalog and what went wrong."""

    catalog: Catalog
    errors: tuple[str, ...]


def read_catalog(load: Callable[[], Any], store: Any) -> CatalogRead:
    """The packs `load` returns (a list, or a result with `packs` and `errors`), with the
    blank count of each started exercise; problems are returned as messages, never raised."""
    errors: list[str] = []
    catalog = Catalog(loaded=True)
    try:
        loaded = load()
        catalog.packs = list(getattr(loaded, "packs", loaded))
        errors.extend(str(error) for error in getattr(loaded, "errors", ()))
    except Exception as error:  # a broken pack must not stop the app
        errors.append(f"The packs could not be loaded: {error}")
    exercises = [exercise for pack in catalog.packs for exercise in pack.exercises]
    statuses = store.exercise_statuses([(exercise.ref, 1) for exercise in exercises])
    for exercise in exercises:
        catalog.by_ref[exercise.ref] = exercise
        if statuses[exercise.ref] != "not-started":  # else its status needs no blank count
            try:
                worksheet = exercise.instance(store.current_seed(exercise.ref))
                catalog.totals[exercise.ref] = len(worksheet.blanks)
            except Exception as error:
                errors.append(f"{exercise.ref}: {error}")
    return CatalogRead(catalog, tuple(errors))


def home_model(listing: Listing, store: Any, catalog: Catalog, report: Any = None) -> HomeModel:
    """What home shows: every pack with its progress, every exercise with its status, and,
    once the learner's report is computed, mastery per pack and what to practise next."""
    statuses = store.exercise_statuses(
        [(e.ref, catalog.totals.get(e.ref, 0)) for pack in listing.packs for e in pack.exercises]
    )
    packs, rows, titles = [], [], {}
    for pack in listing.packs:
        refs = [exercise.ref for exercise in pack.exercises]
        for exercise in pack.exercises:
            rows.append(ExerciseRow(exercise.ref, pack.id, exercise.title, exercise.kind,
                                    exercise.tags, statuses[exercise.ref]))  # fmt: skip
            titles[exercise.ref] = exercise.title
        done = sum(statuses[ref] in DONE for ref in refs)
        mastery = report.mastery_of(refs) if report else None
        packs.append(PackRow(pack.id, pack.title, pack.description, done, len(refs), mastery))
    last = continue_from(store.last_opened(), rows, store)
    title = titles.get(last[0]) if last else None
    shown = catalog.loaded or bool(packs)
    return HomeModel(tuple(packs), tuple(rows), last if title else None, title, shown,
                     next_line(report))  # fmt: skip


def continue_from(
    last: tuple[str, int] | None, rows: list[ExerciseRow], store: Any
) -> tuple[str, int] | None:
    """Where Continue goes: the instance last opened, unless that exercise is done; then the
    next exercise not done, in the order home lists them."""
    if last is None:
        return None
    statuses = {row.ref: row.status for row in rows}
    if statuses.get(last[0]) not in DONE:
        return last
    refs = [row.ref for row in rows]
    start = refs.index(last[0]) if last[0] in refs else -1
    for ref in refs[start + 1 :] + refs[: start + 1]:
        if statuses[ref] not in DONE:
            return ref, store.current_seed(ref)
    return last


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
