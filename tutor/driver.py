"""Provides PromptEscDriver: Textual's Linux driver, with Esc seen as soon as it can be, and
frames in ASCII in ASCII mode.

A lone Esc byte may be the start of an escape sequence (an arrow key sends `ESC [ A`), so a
terminal program waits ESCDELAY milliseconds for more bytes before calling it the Esc key.
Textual 8.2.8's input thread only looks at that deadline when its 100 ms poll returns, so Esc
costs 100-200 ms whatever ESCDELAY says. This driver polls until the deadline instead (the
loop below is Textual's `LinuxDriver.run_input_thread` with that one change), and `tutor`
sets ESCDELAY to 25 ms unless the student set it (tutor.cli): Esc to home is then a keystroke
like any other. Escape sequences arrive in one write, even over SSH.

SIGTERM quits the app as Ctrl+Q does: the queued progress is written and the terminal is given
back as it was found (the default action ended the process at once, leaving the shell in raw
mode, on the alternate screen, with mouse reporting on). SIGHUP means the terminal is gone:
nothing can be drawn or restored (a write would fail, and Textual's shutdown then waits forever
for its output thread), so the queued progress is written and the process ends.

A paste arrives between the terminal's bracketed-paste markers. Textual's parser takes an ESC
inside it for the start of a key and reads the rest of the paste as keys (a BEL in it toggled
the panel, a tab moved on, the text after was typed): PasteGuard hands it the paste's ESCs as
their picture, so the paste stays one paste, shown as the entry keeps control characters.
"""

from __future__ import annotations

import asyncio
import os
import selectors
import signal
from codecs import getincrementaldecoder

from textual._loop import loop_last
from textual._parser import ParseError
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from tutor.ascii_screen import ascii_screen

POLL_SECONDS = 0.1
"""How long the input thread waits for input when no Esc is pending (Textual's own)."""
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
ESC_PICTURE = "\u241b"
"""␛: an ESC inside a paste, as the entry shows a pasted control character."""
QUIT_SIGNALS = (signal.SIGTERM,)
"""The signals that quit the app the way its quit key does."""


class PasteGuard:
    """Replaces each ESC inside a bracketed paste by its picture, between the terminal's read
    and Textual's parser. Outside a paste nothing is held back (a lone Esc goes on at once);
    inside one, a chunk ending in part of the end marker waits for the next read."""

    def __init__(self) -> None:
        self._pasting = False
        self._held = ""

    def feed(self, data: str) -> str:
        data, self._held = self._held + data, ""
        out: list[str] = []
        while data:
            if not self._pasting:
                start = data.find(PASTE_START)
                if start < 0:
                    out.append(data)
                    break
                start += len(PASTE_START)
                out.append(data[:start])
                data, self._pasting = data[start:], True
                continue
            end = data.find(PASTE_END)
            if end < 0:
                keep = _marker_tail(data, PASTE_END)
                out.append(data[: len(data) - keep].replace("\x1b", ESC_PICTURE))
                self._held = data[len(data) - keep :]
                break
            out.append(data[:end].replace("\x1b", ESC_PICTURE) + PASTE_END)
            data, self._pasting = data[end + len(PASTE_END) :], False
        return "".join(out)


def _marker_tail(data: str, marker: str) -> int:
    """How many characters at the end of `data` could begin `marker`."""
    for size in range(min(len(marker) - 1, len(data)), 0, -1):
        if marker.startswith(data[-size:]):
            return size
    return 0


def _hang_up(signum: int, _frame: object) -> None:
    """The terminal hung up: save the queued progress, then end at once."""
    from tutor.progress_writer import flush_all

    flush_all()
    os._exit(128 + signum)


class PromptEscDriver(LinuxDriver):
    """LinuxDriver whose input thread wakes at the Esc deadline, not at its next poll, and
    whose frames are drawn in ASCII when the app is in ASCII mode (tutor.ascii_screen)."""

    _signal_loop: asyncio.AbstractEventLoop | None = None
    """The loop the quit signals are handled on, while the app runs."""

    def start_application_mode(self) -> None:
        super().start_application_mode()  # type: ignore[no-untyped-call]
        self._signal_loop = asyncio.get_running_loop()
        for signum in QUIT_SIGNALS:
            self._signal_loop.add_signal_handler(signum, self._quit_on_signal)
        signal.signal(signal.SIGHUP, _hang_up)

    def stop_application_mode(self) -> None:
        loop, self._signal_loop = self._signal_loop, None
        if loop is not None:
            for signum in QUIT_SIGNALS:
                loop.remove_signal_handler(signum)
            signal.signal(signal.SIGHUP, signal.SIG_DFL)
        super().stop_application_mode()

    def _quit_on_signal(self) -> None:
        app = self._app
        app.call_next(app.action_quit)

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
        guard = PasteGuard()
        decode = getincrementaldecoder("utf-8")().decode

        def process(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for last, (_key, mask) in loop_last(events):
                if mask & selectors.EVENT_READ:
                    data = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not data:
                        break
                    for event in parser.feed(guard.feed(data)):
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
