"""Provides the registry of exercise kinds: name -> Kind (fields and worksheet builder).

Each kind lives in its own module and adds one line here.
"""

from __future__ import annotations

from exercises.model import Kind

KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


def _load_builtin_kinds() -> None:
    """Import each kind module once; each calls `register` at import."""
    import importlib

    for module in _KIND_MODULES:
        importlib.import_module(f"exercises.kinds.{module}")


_KIND_MODULES: tuple[str, ...] = (
    "autodiff",
    "numeric_diff",
    "convolution",
    "pooling",
    "network",
    "derivative",
    "matrix_gradient",
    "softmax",
    "expression",
    "questions",
    "optimizer",
)

_load_builtin_kinds()
