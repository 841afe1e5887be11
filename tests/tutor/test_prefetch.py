"""Tests of Prefetch: home's store and listing, read in a thread while the app is imported."""

from __future__ import annotations

from pathlib import Path

import pytest

import tutor.prefetch
from tutor.listing import Listing
from tutor.prefetch import Prefetch


def test_the_store_and_listing_read_ahead_are_those_of_the_data_directory(
    tmp_path: Path,
) -> None:
    ahead = Prefetch(tmp_path)
    store = ahead.store(tmp_path)
    try:
        assert store.path == tmp_path / "progress.sqlite3" and store.saving
        listing = ahead.listing(tmp_path)
        assert [p.id for p in listing.packs] == [p.id for p in Listing.read(tmp_path).packs]
        assert listing.packs
    finally:
        store.close()


def test_each_is_handed_over_once_and_another_directory_is_read_then(tmp_path: Path) -> None:
    first, other = tmp_path / "first", tmp_path / "other"
    ahead = Prefetch(first)
    stores = [ahead.store(first), ahead.store(first), ahead.store(other)]
    try:
        assert stores[0] is not stores[1]  # the second asks again: a fresh open
        assert stores[2].path == other / "progress.sqlite3"
    finally:
        for store in stores:
            store.close()


def test_an_error_met_in_the_thread_is_raised_where_the_app_asks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(data_dir: Path | None) -> Listing:
        raise ValueError("the cache's folder vanished")

    monkeypatch.setitem(tutor.prefetch.READERS, "listing", broken)
    ahead = Prefetch(tmp_path)
    with pytest.raises(ValueError, match="vanished"):
        ahead.listing(tmp_path)
    ahead.store(tmp_path).close()
