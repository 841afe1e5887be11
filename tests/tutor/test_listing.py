"""Tests of the pack listing home is drawn from: the loader's packs, read without the engine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from exercises.loader import load_builtin_packs
from tutor.listing import CACHE_NAME, Listing

ROOT = Path(__file__).resolve().parents[2]
PACK = """
[pack]
id = "mini"
title = "A small pack"

[[exercise]]
id = "one"
kind = "reverse-ad"
title = "σ({a}x + {b}) by hand"
function = "x"
at = { x = 1 }
tags = ["chain-rule"]
"""


def listed(packs) -> list[tuple[str, str, list[tuple[str, str, str, tuple[str, ...]]]]]:
    return [
        (p.id, p.title, [(e.ref, e.kind, e.listed_title, tuple(e.tags)) for e in p.exercises])
        for p in packs
    ]


def test_the_listing_of_the_builtin_packs_is_what_the_loader_reads(tmp_path: Path) -> None:
    for _ in range(2):  # read from the TOML files, then from the cache
        listing = Listing.read(tmp_path)
        mine = [(p.id, p.title, [(e.ref, e.kind, e.title, e.tags) for e in p.exercises])
                for p in listing.packs]  # fmt: skip
        assert mine == listed(load_builtin_packs().packs)
        assert (tmp_path / CACHE_NAME).exists()


def test_a_cached_pack_is_read_again_only_when_its_file_changes(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "mini.toml").write_text(PACK, encoding="utf-8")
    first = Listing.read(tmp_path, packs)
    assert [e.title for e in first.packs[0].exercises] == ["σ(ax + b) by hand"]
    cache = tmp_path / CACHE_NAME
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["packs"][0]["title"] = "from the cache"
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert Listing.read(tmp_path, packs).packs[0].title == "from the cache"
    (packs / "mini.toml").write_text(PACK.replace("A small pack", "Renamed"), encoding="utf-8")
    assert Listing.read(tmp_path, packs).packs[0].title == "Renamed"


def test_a_broken_pack_or_cache_leaves_the_others_listed(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "a.toml").write_text("[pack\nid = 1", encoding="utf-8")
    (packs / "b.toml").write_text(PACK, encoding="utf-8")
    (tmp_path / CACHE_NAME).write_text("{not json", encoding="utf-8")
    assert [p.id for p in Listing.read(tmp_path, packs).packs] == ["mini"]


def test_home_is_listed_without_numpy_or_the_engine(tmp_path: Path) -> None:
    """What the first frame needs (the app module, the listing from its cache, the store,
    read ahead in a thread as `tutor` does)."""
    Listing.read(tmp_path)
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "import tutor.cli\n"
        "from tutor.prefetch import Prefetch\n"
        f"ahead = Prefetch(Path({str(tmp_path)!r}))\n"
        "import tutor.app\n"
        f"listing = ahead.listing(Path({str(tmp_path)!r}))\n"
        f"store = ahead.store(Path({str(tmp_path)!r}))\n"
        "assert listing.packs\n"
        "store.close()\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert loaded.isdisjoint({"numpy", "engine", "exercises", "sympy"}), loaded
