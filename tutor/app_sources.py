"""Provides the app's default sources: the built-in packs and an instructor's pack files, the
refs they resolve, the pack listing and the store (through tutor.prefetch), and the palette's
exercise provider. Each imports the exercises (and so numpy and the engine) only when called:
the app's first frame does without them. Tests pass their own sources to `make_app`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tutor.listing import Listing

StoreOpener = Callable[[Path | None], Any]
PacksLoader = Callable[[], Any]
RefResolver = Callable[[str], Any]
ListingReader = Callable[[Path | None], Listing]


def exercise_commands() -> type[Any]:
    """The palette's exercise provider, imported when the palette first opens."""
    from tutor.screens.palette import ExerciseCommands

    return ExerciseCommands


def no_listing(data_dir: Path | None) -> Listing:
    """Home waits for the packs loaded in a thread (a test's catalogue, say)."""
    return Listing()


def load_real_packs() -> Any:
    from exercises.loader import load_builtin_packs

    return load_builtin_packs()


def packs_with_files(files: Sequence[str]) -> PacksLoader:
    """A loader of the built-in packs and then the instructor's pack files, in that order."""

    def load() -> Any:
        from exercises.loader import load_builtin_packs, load_pack_file
        from exercises.pack import LoadResult

        builtin = load_builtin_packs()
        packs, errors = list(builtin.packs), list(builtin.errors)
        for file in files:
            pack, found = load_pack_file(file)
            errors.extend(found)
            if pack is not None:
                packs.append(pack)
        return LoadResult(tuple(packs), tuple(errors))

    return load


def resolve_real_ref(ref: str) -> Any:
    from exercises.loader import resolve_ref

    return resolve_ref(ref)
