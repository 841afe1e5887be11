"""Provides Catalog (the loader's packs, read in a thread) and home_model (what home shows).

Home is drawn from the listing (tutor.listing: no engine, no numpy) and the progress store;
the catalog, loaded after the first frame, holds the exercises themselves, which opening one
needs. Blank counts are needed only for the status of exercises the student has started, so
only those are instanced, and only when the listing does not know them yet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tutor.listing import Listing
from tutor.screens.home import ExerciseRow, HomeModel, PackRow


@dataclass
class Catalog:
    """The loader's packs and their exercises by ref."""

    packs: Sequence[Any] = ()
    by_ref: dict[str, Any] = field(default_factory=dict)
    loaded: bool = False


@dataclass(frozen=True)
class CatalogRead:
    """What reading the packs gave: the catalog, what went wrong, blank counts found."""

    catalog: Catalog
    errors: tuple[str, ...]
    totals: tuple[tuple[str, int, int], ...]
    """(ref, seed, blanks) of started instances the listing did not count yet."""


def read_catalog(load: Callable[[], Any], store: Any, listing: Listing) -> CatalogRead:
    """The packs `load` returns (a list, or a result with `packs` and `errors`), with the
    blank count of each started exercise the listing lacks; problems are returned as
    messages, never raised."""
    errors: list[str] = []
    catalog = Catalog(loaded=True)
    try:
        loaded = load()
        catalog.packs = list(getattr(loaded, "packs", loaded))
        errors.extend(str(error) for error in getattr(loaded, "errors", ()))
    except Exception as error:  # a broken pack must not stop the app
        errors.append(f"The packs could not be loaded: {error}")
    totals = []
    for pack in catalog.packs:
        for exercise in pack.exercises:
            catalog.by_ref[exercise.ref] = exercise
            seed = store.current_seed(exercise.ref)
            if listing.total(exercise.ref, seed) is not None:
                continue
            if store.exercise_status(exercise.ref, 1) == "not-started":
                continue  # its status needs no count of blanks
            try:
                totals.append((exercise.ref, seed, len(exercise.instance(seed).blanks)))
            except Exception as error:
                errors.append(f"{exercise.ref}: {error}")
    return CatalogRead(catalog, tuple(errors), tuple(totals))


def home_model(listing: Listing, store: Any, loaded: bool, report: Any = None) -> HomeModel:
    """What home shows: every pack with its progress, every exercise with its status, and,
    once the learner's report is computed, mastery per pack and what to practise next."""
    packs, rows, titles = [], [], {}
    for pack in listing.packs:
        refs = []
        for exercise in pack.exercises:
            total = listing.total(exercise.ref, store.current_seed(exercise.ref)) or 0
            refs.append((exercise.ref, total))
            status = store.exercise_status(exercise.ref, total)
            rows.append(ExerciseRow(exercise.ref, pack.id, exercise.title, exercise.kind,
                                    exercise.tags, status))  # fmt: skip
            titles[exercise.ref] = exercise.title
        done, total_exercises = store.pack_progress(refs)
        mastery = report.mastery_of([ref for ref, _ in refs]) if report else None
        packs.append(PackRow(pack.id, pack.title, pack.description, done, total_exercises, mastery))
    last = store.last_opened()
    title = titles.get(last[0]) if last else None
    shown = loaded or bool(packs)
    return HomeModel(tuple(packs), tuple(rows), last if title else None, title, shown,
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
