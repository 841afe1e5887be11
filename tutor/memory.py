"""Provides the app's memory settling: what opening a worksheet needs, warmed up off the UI
thread, and the garbage collector kept away from what start-up built (see settle_garbage).
"""

from __future__ import annotations

import gc


def prewarm_worksheet() -> None:
    """Import what the worksheet screen needs, off the UI thread, so opening one is quick."""
    import io

    from rich.console import Console
    from rich.markdown import Markdown

    import tutor.screens.worksheet  # noqa: F401

    Console(file=io.StringIO(), width=40).print(Markdown("`x`\n\n```\n1 2\n```"))


SETTLE_DELAY_S = 0.1
"""How long after a frame the garbage is collected: the frame is out (a collection holds the
interpreter, the terminal writer's thread included), the student is still reading."""


def settle_garbage(*, thaw: bool = False) -> None:
    """Take what start-up built (Textual, the engine, numpy, the packs: kept for the whole
    session) out of the garbage collector's sight. Otherwise every full collection scans it
    all again, 30 to 80 ms at a moment no one chooses: the slowest Enter, open and Esc frames.
    One collection now, while the student reads home, then only new objects are scanned.
    Done after the first frame, once the packs are loaded, and on every return home, where
    what was frozen is thawed and swept first (so a sheet closed since is freed, not kept).
    The collector, held off since `tutor.cli` began to import the app, runs again from here."""
    if thaw:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
    gc.enable()
