"""Provides ExerciseCommands: every exercise in the command palette, found by title, pack or tag."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tutor.screens.messages import ExerciseRequested


class ExerciseCommands(Provider):
    """Open an exercise from the command palette (Ctrl+P), offered by its drawn title."""

    def _exercises(self) -> list[tuple[str, str, str]]:
        """(ref, what to match against, help line) for every listed exercise."""
        listing: Any = getattr(self.app, "listing", None)
        rows = []
        for pack in getattr(listing, "packs", ()):
            for exercise in pack.exercises:
                tags = " ".join(f"#{tag}" for tag in exercise.tags)
                title = self._drawn_title(exercise.ref, exercise.title)
                text = f"{title}  ({pack.title}) {tags}".rstrip()
                rows.append((exercise.ref, text, f"{exercise.ref} · {exercise.kind}"))
        return rows

    def _drawn_title(self, ref: str, listed_title: str) -> str:
        """The title on the sheet the exercise opens on (its numbers drawn for the seed the
        student is on), where the pack's title has drawn numbers; else the listed title."""
        catalog: Any = getattr(self.app, "catalog", None)
        exercise: Any = getattr(catalog, "by_ref", {}).get(ref)
        if "{" not in str(getattr(exercise, "title", "")):
            return listed_title
        try:
            seed = int(self.app.store.current_seed(ref) or 0)  # type: ignore[attr-defined]
            return str(exercise.instance(seed).title)
        except Exception:  # a draw that fails is the sheet's to report, when opened
            return listed_title

    def _open(self, ref: str) -> None:
        self.app.post_message(ExerciseRequested(ref))

    @property
    def _rows(self) -> list[tuple[str, str, str]]:
        """The rows, drawn once for the palette's lifetime (it searches on every key)."""
        rows: list[tuple[str, str, str]] | None = getattr(self, "_drawn_rows", None)
        if rows is None:
            rows = self._drawn_rows = self._exercises()
        return rows

    async def discover(self) -> Hits:
        for ref, text, help_text in self._rows:
            yield DiscoveryHit(f"Open: {text}", partial(self._open, ref), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for ref, text, help_text in self._rows:
            label = f"Open: {text}"
            score = max(matcher.match(label), matcher.match(f"{ref} {text}") * 0.9)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(label),
                    partial(self._open, ref),
                    text=label,
                    help=help_text,
                )
