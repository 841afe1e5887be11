"""Provides Prefetch: the progress store and the pack listing, opened in a thread while the
app's code (Textual above all) is imported.

Home's first frame needs both. Opening the store reads, checks and copies the SQLite file and
commits a write probe with `synchronous = FULL`: mostly waiting on the disk, which a thread
started before `tutor.app` is imported does while the interpreter loads Textual. The app takes
them through its ordinary hooks (`store_opener`, `listing_reader`); nothing here imports
Textual, the engine or numpy.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any


def open_store(data_dir: Path | None) -> Any:
    """The progress store of `data_dir` (None: the default data directory)."""
    from tutor.datadir import resolve_data_dir
    from tutor.progress import ProgressStore

    return ProgressStore.open(resolve_data_dir(data_dir))


def read_listing(data_dir: Path | None) -> Any:
    """The built-in packs' listing, through the cache in `data_dir`."""
    from tutor.datadir import resolve_data_dir
    from tutor.listing import Listing

    return Listing.read(resolve_data_dir(data_dir))


READERS = {"store": open_store, "listing": read_listing}
"""What home's first frame needs, in the order it is read (the store waits on the disk)."""


class Prefetch:
    """The store and the listing of one data directory, being read in a thread from now on."""

    def __init__(self, data_dir: Path | None) -> None:
        self.data_dir = data_dir
        self._results: dict[str, Any] = {}
        self._errors: dict[str, Exception] = {}
        self._thread = threading.Thread(target=self._read, name="tutor-prefetch", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for name, read in READERS.items():
            try:
                self._results[name] = read(self.data_dir)
            except Exception as error:  # raised again where the app asks for it
                self._errors[name] = error

    def _take(self, name: str, data_dir: Path | None) -> Any:
        """What was read ahead for `name`, once; anything else is read now."""
        self._thread.join()
        if data_dir == self.data_dir:
            if name in self._errors:
                raise self._errors.pop(name)
            if name in self._results:
                return self._results.pop(name)
        return READERS[name](data_dir)

    def store(self, data_dir: Path | None) -> Any:
        """A StoreOpener: the store opened ahead (once; the error it met is raised here)."""
        return self._take("store", data_dir)

    def listing(self, data_dir: Path | None) -> Any:
        """A ListingReader: the listing read ahead."""
        return self._take("listing", data_dir)
