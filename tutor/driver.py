"""Provides PromptEscDriver: Textual's Linux driver, with Esc seen as soon as it can be, and
frames in ASCII in ASCII mode.

A lone Esc byte may be the start of an escape sequence (an arrow key sends `ESC [ A`), so a
terminal program waits ESCDELAY milliseconds for more bytes before calling it the Esc key.
Textual 8.2.8's input thread only looks at that deadline when its 100 ms poll returns, so Esc
costs 100-200 ms whatever ESCDELAY says. This driver polls until the deadline instead (the
loop below is Textual's `LinuxDriver.run_input_thread` with that one change), and `tutor`
sets ESCDELAY to 25 ms unless the student set it (tutor.cli): Esc to home is then a keystroke
like any other. Escape sequences arrive in one write, even over SSH.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder

from textual._loop import loop_last
from textual._parser import ParseError
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from tutor.ascii_screen import ascii_screen

POLL_SECONDS = 0.1
"""How long the input thread waits for input when no Esc is pending (Textual's own)."""


class PromptEscDriver(LinuxDriver):
    """LinuxDriver whose input thread wakes at the Esc deadline, not at its next poll, and
    whose frames are drawn in ASCII when the app is in ASCII mode (tutor.ascii_screen)."""

    def write(self, data: str) -> None:
        if getattr(self._app, "ascii", False):
            data = ascii_screen(data)
        super().write(data)

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def process(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for last, (_key, mask) in loop_last(events):
                if mask & selectors.EVENT_READ:
                    data = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not data:
                        break
                    for event in parser.feed(data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        def wait() -> float:
            deadline = parser._timeout_time  # a lone Esc waiting to be told from a sequence
            if deadline is None:
                return POLL_SECONDS
            return min(POLL_SECONDS, max(0.0, deadline - get_time()))

        try:
            while not self.exit_event.is_set():
                process(selector.select(wait()))
            selector.unregister(self.fileno)
            process(selector.select(POLL_SECONDS), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass
