"""Provides ExerciseCommands: every exercise in the command palette, found by title, pack or tag."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tutor.screens.messages import ExerciseRequested


class ExerciseCommands(Provider):
    """Open an exercise from the command palette (Ctrl+P)."""

    def _exercises(self) -> list[tuple[str, str, str]]:
        """(ref, what to match against, help line) for every listed exercise."""
        listing: Any = getattr(self.app, "listing", None)
        rows = []
        for pack in getattr(listing, "packs", ()):
            for exercise in pack.exercises:
                tags = " ".join(f"#{tag}" for tag in exercise.tags)
                text = f"{exercise.title}  ({pack.title}) {tags}".rstrip()
                rows.append((exercise.ref, text, f"{exercise.ref} · {exercise.kind}"))
        return rows

    def _open(self, ref: str) -> None:
        self.app.post_message(ExerciseRequested(ref))

    async def discover(self) -> Hits:
        for ref, text, help_text in self._exercises():
            yield DiscoveryHit(f"Open: {text}", partial(self._open, ref), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for ref, text, help_text in self._exercises():
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
