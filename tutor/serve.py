"""Provides `tutor serve`: the app in a web browser through textual-serve.

Every browser connection starts its own process of the app (textual-serve's model). There is
no authentication: serving beyond the loopback address is allowed only when asked for, with a
warning. At SIGTERM or Ctrl+C the open sessions are ended (each app quits as its quit key does,
its progress written) rather than waited for: aiohttp gave the browsers time to leave, and a
service stop hung for half a minute.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

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
    server = _ending_sessions(Server)(
        app_command(data_dir), host=host, port=port, title="dl-tutor", public_url=public_url
    )
    server.serve()
    return 0


def _ending_sessions(server_class: type[Any]) -> type[Any]:
    """textual-serve's server whose shutdown closes the browsers' connections, which ends
    their apps; made from the class `serve` imports, so a test can put its own in its place."""

    class SessionEndingServer(server_class):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.open_sockets: set[Any] = set()

        async def _process_messages(self, websocket: Any, app_service: Any) -> None:
            self.open_sockets.add(websocket)
            try:
                await super()._process_messages(websocket, app_service)
            finally:
                self.open_sockets.discard(websocket)

        async def on_shutdown(self, app: Any) -> None:
            await super().on_shutdown(app)
            for websocket in list(self.open_sockets):
                await websocket.close()

    return SessionEndingServer
