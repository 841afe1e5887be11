"""Provides Listing: the built-in packs as home lists them, read without the engine or numpy.

Home's first frame must show the packs, their exercises and the student's progress at about
the cost of a bare Textual app, so it cannot wait for the pack loader (which imports numpy,
the engine and every kind). The listing is the packs' metadata (ids, titles, kinds, tags),
read from the TOML files alone and cached in the data directory under each file's checksum
(CRC-32: zlib is loaded with Textual already; hashlib would cost the first frame its import).
The loader, run later in a thread, is the authority: the app replaces the listing with the
loader's packs when they differ. (How far the student got is the progress store's to say.)
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple, Protocol

CACHE_NAME = "listing-cache.json"
CACHE_VERSION = 2
PACKS = Path(__file__).resolve().parents[1] / "exercises" / "packs"
"""The built-in packs (the loader reads the same folder, in name order)."""


class ExerciseEntry(NamedTuple):
    """One exercise as home lists it."""

    ref: str
    kind: str
    title: str
    tags: tuple[str, ...] = ()


class PackEntry(NamedTuple):
    """One pack as home lists it; `digest` names the file's content."""

    id: str
    title: str
    description: str
    exercises: tuple[ExerciseEntry, ...]
    digest: str = ""


class LoadedExercise(Protocol):
    """What the listing reads of the loader's exercises."""

    ref: str
    kind: str
    tags: Iterable[str]

    @property
    def listed_title(self) -> str: ...


class LoadedPack(Protocol):
    """What the listing reads of the loader's packs."""

    id: str
    title: str
    description: str
    exercises: Iterable[Any]


class Listing:
    """The packs home shows, and the cache file they were read through."""

    def __init__(self, packs: tuple[PackEntry, ...] = (), cache: Path | None = None) -> None:
        self.packs = packs
        self.cache = cache

    @classmethod
    def read(cls, data_dir: Path | None, folder: Path = PACKS) -> Listing:
        """The built-in packs' listing, from the cache where the files are unchanged."""
        cache = data_dir / CACHE_NAME if data_dir is not None else None
        saved = _read_json(cache)
        known = {p.get("digest"): p for p in saved.get("packs", ()) if isinstance(p, dict)}
        packs, fresh = [], False
        for path in sorted(folder.glob("*.toml"), key=lambda p: p.name):
            try:
                data = path.read_bytes()
            except OSError:
                continue
            digest = _digest(data)
            entry = _entry_of_json(known[digest]) if digest in known else None
            if entry is None:
                entry, fresh = _entry_of_toml(data, digest), True
            if entry is not None:
                packs.append(entry)
        listing = cls(tuple(packs), cache)
        if fresh:
            listing.save()
        return listing

    def ordered_refs(self) -> list[str]:
        return [exercise.ref for pack in self.packs for exercise in pack.exercises]

    def adopt(self, loaded: Iterable[LoadedPack]) -> bool:
        """Take the loader's packs as the listing; True when they differ from what was read."""
        packs = tuple(
            PackEntry(
                pack.id,
                pack.title,
                pack.description or "",
                tuple(
                    ExerciseEntry(e.ref, e.kind, e.listed_title, tuple(e.tags))
                    for e in pack.exercises
                ),
                _builtin_digest(pack),
            )
            for pack in loaded
        )
        if [_content(p) for p in packs] == [_content(p) for p in self.packs]:
            return False
        self.packs = packs
        self.save()
        return True

    def save(self) -> None:
        """Write the cache (atomically); a read-only data directory just keeps no cache."""
        if self.cache is None:
            return
        packs = [{**p._asdict(), "exercises": [e._asdict() for e in p.exercises]}
                 for p in self.packs]  # fmt: skip
        data = {"version": CACHE_VERSION, "packs": packs}
        temporary = self.cache.with_name(f".{CACHE_NAME}.{os.getpid()}")
        try:
            temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            temporary.replace(self.cache)
        except OSError:
            temporary.unlink(missing_ok=True)


def _builtin_digest(pack: LoadedPack) -> str:
    """The digest of a built-in pack's file ("" for any other pack: it is not cached)."""
    if not getattr(pack, "builtin", False):
        return ""
    path = PACKS / Path(getattr(pack, "file", "")).name
    try:
        return _digest(path.read_bytes())
    except OSError:
        return ""


def _digest(data: bytes) -> str:
    """What names a pack file's content in the cache: its size and CRC-32. A stale entry
    costs little: the loader, after the first frame, is the authority (Listing.adopt)."""
    return f"{len(data)}-{zlib.crc32(data):08x}"


def _content(pack: PackEntry) -> tuple[Any, ...]:
    return (pack.id, pack.title, pack.description, pack.exercises)


def _read_json(path: Path | None) -> Mapping[str, Any]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("version") == CACHE_VERSION else {}


def _entry_of_json(data: Mapping[str, Any]) -> PackEntry | None:
    try:
        exercises = tuple(
            ExerciseEntry(str(e["ref"]), str(e["kind"]), str(e["title"]), tuple(e["tags"]))
            for e in data["exercises"]
        )
        return PackEntry(str(data["id"]), str(data["title"]), str(data["description"]),
                         exercises, str(data["digest"]))  # fmt: skip
    except (KeyError, TypeError):
        return None


def _entry_of_toml(data: bytes, digest: str) -> PackEntry | None:
    """A pack's listing from its TOML (the cache missed: a new or changed pack file)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    from exercises.wording import listed

    try:
        parsed = tomllib.loads(data.decode("utf-8"))
        header = parsed["pack"]
        pack_id = str(header["id"])
        exercises = tuple(
            ExerciseEntry(
                f"{pack_id}/{e['id']}",
                str(e["kind"]),
                listed(str(e["title"])),
                tuple(str(t) for t in e.get("tags", ())),
            )
            for e in parsed.get("exercise", ())
        )
        title = str(header.get("title") or pack_id)
        return PackEntry(pack_id, title, str(header.get("description", "")), exercises, digest)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError):
        return None  # a broken pack: the loader reports it, with file, line and field
