"""Provides KeyFooter: Textual's Footer, rebuilt only when the keys it would show change.

Textual's Footer recomposes (a widget per key, unmounted and mounted again) whenever its
screen's bindings may have changed: a sheet opened set that off three times over, and once on
home hidden under it, each costing more than a verdict's whole frame, and landing on the
student's first Enter. The keys shown depend only on the screen's active bindings (with their
enabled state and tooltip) and how the app displays a key, so an unchanged set keeps its widgets.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


class KeyFooter(Footer):
    """The keys of the screen's active bindings; recomposed only when they differ."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[Any, ...] | None = None

    def _keys(self) -> tuple[Any, ...] | None:
        """What compose would show (None before the screen's bindings are known)."""
        if not self._bindings_ready:
            return None
        app = self.app
        return (
            self.show_command_palette and app.ENABLE_COMMAND_PALETTE,
            tuple(
                (key, binding, enabled, tooltip, app.get_key_display(binding))
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == app.COMMAND_PALETTE_BINDING
            ),
        )

    async def recompose(self) -> None:
        if not self.is_attached or self._pruning:  # its screen was closed meanwhile
            return
        keys = self._keys()
        if keys is not None and keys == self._shown:
            return
        self._shown = keys
        await super().recompose()
