"""Provides `within_calls`: a bound on the work an action does, counted in function calls.

A safety net against a hang or a blow-up that does not depend on the machine's load: wall
seconds do (a test that took 0.05 s alone took over 1 s on a CI machine shared five ways), a
count of calls does not. Work done inside one C call is not counted; the engine bounds that
itself (the length, depth and size limits its errors report), and the timing figures belong
in tests/bench.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any


@contextmanager
def within_calls(budget: int) -> Iterator[None]:
    """Fails the test when the body makes more than `budget` Python and C function calls."""
    count = 0

    def counted(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    previous = sys.getprofile()
    sys.setprofile(counted)
    try:
        yield
    finally:
        sys.setprofile(previous)
    assert count <= budget, f"{count:,} calls, more than the budget of {budget:,}"
