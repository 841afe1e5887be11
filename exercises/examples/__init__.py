"""Provides a commented example exercise of each kind (`tutor new KIND`), one TOML file a kind.

Each file is a whole pack that validates, so an author can start from it; a test checks that
every registered kind has one and that each validates.
"""

from __future__ import annotations

from importlib import resources


def example_kinds() -> list[str]:
    """The kinds with an example, in alphabetical order."""
    files = resources.files(__package__).iterdir()
    return sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml"))


def example(kind: str) -> str | None:
    """The example pack of a kind, as text, or None for an unknown kind."""
    if kind not in example_kinds():
        return None
    return resources.files(__package__).joinpath(f"{kind}.toml").read_text(encoding="utf-8")
