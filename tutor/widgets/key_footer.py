"""Provides KeyFooter: the keys of the screen's active bindings, drawn as one line by one widget.

Textual's Footer is a container with a widget per key, recomposed whenever the screen's
bindings may have changed: each sheet opened set that off several times, and on home it cost
the first frame a module import and eight widgets to style and lay out (start-up's budget is
1.3x a bare app's). The line here reads the same (` c Continue  n Practise next … ▏^p palette`,
in the theme's footer colours) and acts the same: a click on a key presses it (a disabled key
rings the bell), hovering shows the key's tooltip. It is drawn again only when the keys it
would show change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from textual import events
from textual.content import Content
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

KEY_STYLE = "bold $footer-key-foreground"
DESCRIPTION_STYLE = "$footer-description-foreground"
HOVER_STYLE = "on $block-hover-background"
PALETTE_RULE = ("▏", "$foreground 20%")
"""What separates the palette's key, on the right, from the others (Textual's `vkey` edge)."""


class FooterKey(NamedTuple):
    """One key as the footer shows it."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str
    palette: bool = False
    """The command palette's key, drawn at the right end."""

    def content(self, hovered: bool) -> Content:
        if self.palette:
            parts = [(self.display, KEY_STYLE), (f" {self.description} ", DESCRIPTION_STYLE)]
        else:
            parts = [(f" {self.display} ", KEY_STYLE), (f"{self.description} ", DESCRIPTION_STYLE)]
        line = Content.assemble(*parts)
        if not self.enabled:
            line = line.stylize("dim")
        return line.stylize(HOVER_STYLE) if hovered else line


class KeyFooter(Widget, can_focus=False):
    """The keys of the screen's active bindings on one line; a click presses a key."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: tuple[FooterKey, ...] = ()
        self._spans: list[tuple[int, int, FooterKey]] = []
        """Where each key was drawn last: (first cell, end cell, key)."""
        self._hovered: FooterKey | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and self.shown_keys() != self._keys:
            self.refresh()

    def shown_keys(self) -> tuple[FooterKey, ...]:
        """The keys to show: one per action, in the bindings' order; the palette's last."""
        app, shown, actions = self.app, [], set()
        palette = None
        for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items():
            entry = FooterKey(key, app.get_key_display(binding), binding.description, enabled,
                              tooltip or binding.tooltip)  # fmt: skip
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = entry._replace(palette=True, tooltip=entry.tooltip or entry.description)
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                shown.append(entry)
        return (*shown, palette) if palette is not None else tuple(shown)

    def render(self) -> Content:
        self._keys = self.shown_keys()
        width = self.size.width
        right = Content("")
        left: list[Content] = []
        spans, x = [], 0
        for key in self._keys:
            drawn = key.content(key == self._hovered)
            if key.palette:
                right = Content.assemble(PALETTE_RULE, drawn)
                start = max(0, width - right.cell_length) + 1
                spans.append((start, start + drawn.cell_length, key))
            else:
                left.append(drawn)
                spans.append((x, x + drawn.cell_length, key))
                x += drawn.cell_length
        room = max(0, width - right.cell_length)
        self._spans = [  # a key cut off by the palette's is clicked only where it shows
            (start, min(end, room) if not key.palette else end, key)
            for start, end, key in spans
            if key.palette or start < room
        ]
        line = Content("").join(left)
        line = line.truncate(room) if line.cell_length > room else line.pad_right(room - x)
        return Content.assemble(line, right)

    def _key_at(self, x: int) -> FooterKey | None:
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        if key != self._hovered:
            self._hovered = key
            self.tooltip = key.tooltip if key is not None and key.tooltip else None
            self.refresh()

    def on_leave(self) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
