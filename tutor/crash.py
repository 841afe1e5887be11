"""Provides OneLineCrash: an app that ends on a bug with one line and a failing exit status.

Textual prints a full traceback (with local variables) when a handler raises; a student
should see one line saying what happened and how to report it, and the shell a non-zero
status. `TUTOR_DEBUG=1` keeps Textual's traceback, as it does for the CLI.
"""

from __future__ import annotations

import os
import sys
from typing import Any


class OneLineCrash:
    """Mixin for a Textual App (list it first): an unhandled exception is one line on stderr."""

    crash: BaseException | None = None

    def _handle_exception(self, error: Exception) -> None:
        if self.crash is None:  # the first: later ones are the app closing around it
            self.crash = error
        super()._handle_exception(error)  # type: ignore[misc]

    def _print_error_renderables(self) -> None:
        if self.crash is None or os.environ.get("TUTOR_DEBUG"):
            super()._print_error_renderables()  # type: ignore[misc]
            return
        renderables: Any = self._exit_renderables  # type: ignore[attr-defined]
        renderables.clear()
        print(crash_line(self.crash), file=sys.stderr)


def crash_line(error: BaseException) -> str:
    from engine.controls import visible  # not at import: tutor.app starts without engine

    return visible(
        f"tutor: internal error ({type(error).__name__}: {error}); "
        "run again with TUTOR_DEBUG=1 for the details and please report it"
    )
