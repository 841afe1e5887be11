"""Provides `tutor serve`: the app in a web browser through textual-serve.

Every browser connection starts its own process of the app (textual-serve's model). There is
no authentication: serving beyond the loopback address is allowed only when asked for, with a
warning.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})

NO_AUTH_WARNING = (
    "warning: serving on {host}, which other machines can reach. textual-serve has no "
    "authentication: anyone who can open http://{host}:{port} gets a tutor running as you. "
    "Use it on a trusted network only."
)


def app_command(data_dir: Path | None) -> str:
    """The shell command textual-serve runs for each connection: this Python, this app."""
    from tutor.datadir import choose_data_dir

    path = choose_data_dir(data_dir).path
    words = [sys.executable, "-I", "-m", "tutor.cli", "--data-dir", str(path)]
    return " ".join(shlex.quote(word) for word in words)


def serve(host: str, port: int, data_dir: Path | None, public_url: str | None = None) -> int:
    """Serve until Ctrl+C; the data directory is the server user's unless one is given."""
    from textual_serve.server import Server

    if host not in LOOPBACK:
        print(NO_AUTH_WARNING.format(host=host, port=port), file=sys.stderr)
    server = Server(
        app_command(data_dir), host=host, port=port, title="dl-tutor", public_url=public_url
    )
    server.serve()
    return 0
