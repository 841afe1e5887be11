"""Snapshot tests: what a person should see on home, worksheets with their visuals, and help.

Worksheets are built by the real kinds from fixed fields (not from the packs), progress is the
in-memory store; each test's docstring says what the picture should show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from conftest import FakeStore, fake_packs, open_ref, ready, submit

from tutor.app import TutorApp, make_app

LAPLACIAN_INPUT = [[0, 1, 1, 0, 0], [0, 1, 1, 1, 0], [1, 1, 1, 1, 0], [0, 1, 1, 1, 0],
                   [0, 0, 1, 0, 0]]  # fmt: skip
SPECS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "snap/reverse": ("reverse-ad", "Reverse mode on f = (x + y)(y + 1)", {
        "function": "(x + y)*(y + 1)", "trace": ["a = x + y", "b = y + 1", "f = a*b"],
        "at": {"x": 1, "y": 2}}),
    "snap/gd": ("gradient-descent", "Gradient descent on ½(w - 4)²", {
        "objective": "(w - 4)^2/2", "start": {"w": 0}, "lr": 0.5, "steps": 3}),
    "snap/conv": ("convolution", "A 3x3 Laplacian over a 5x5 image", {
        "input": LAPLACIAN_INPUT, "kernel": [[0, -1, 0], [-1, 4, -1], [0, -1, 0]],
        "padding": 1}),
}  # fmt: skip


@dataclass(frozen=True)
class KindExercise:
    """An exercise built by a real kind from the fixed fields above."""

    ref: str
    id: str
    title: str
    kind: str
    tags: tuple[str, ...] = ()
    randomized: bool = False

    @property
    def listed_title(self) -> str:
        return self.title

    def instance(self, seed: int) -> Any:
        from exercises.kinds import KINDS
        from exercises.model import Instance

        kind, title, fields = SPECS[self.ref]
        return KINDS[kind].build(Instance(self.ref, kind, seed, title, fields))


@dataclass(frozen=True)
class SnapPack:
    id: str
    title: str
    description: str
    exercises: tuple[Any, ...]


def snap_packs() -> list[Any]:
    kinds = tuple(KindExercise(ref, ref.split("/")[1], title, kind)
                  for ref, (kind, title, _) in SPECS.items())  # fmt: skip
    return [*fake_packs(), SnapPack("snap", "Kinds", "Real kinds", kinds)]


def resolve(ref: str) -> Any:
    return next(e for pack in snap_packs() for e in pack.exercises if e.ref == ref)


def snapshot_app(store: FakeStore | None = None) -> TutorApp:
    shared = store or FakeStore()
    return make_app(store_opener=lambda _dir: shared, packs_loader=snap_packs, ref_resolver=resolve)


@pytest.fixture(autouse=True)
def _no_kinds_no_snapshots() -> None:
    pytest.importorskip("exercises.kinds.convolution")


def test_home(snap_compare) -> None:
    """Home at 80x24: three packs with a text progress bar each (Autodiff by hand 1/1 done) and
    the mastery of the packs whose skills were tried, the first pack's exercise with its ✓
    glyph, the continue line naming the next exercise not done (that one is finished), the
    next line (what to practise next, p for progress),
    the legend (new, in progress, revealed, done, done with hints: two lines at 80 columns)
    and the footer keys (n Practise next, p Progress among them)."""
    store = FakeStore()
    for blank, entry in (("value:a", "3"), ("value:b", "3"), ("value:f", "9"),
                         ("adjoint:f:f", "1"), ("adjoint:f:a", "3"), ("adjoint:f:b", "3"),
                         ("adjoint:f:x", "3"), ("adjoint:f:y", "6")):  # fmt: skip
        store.record_attempt("autodiff-basics/f-sum-product", 0, blank, entry, "correct", None, 0)
    store.mark_opened("autodiff-basics/f-sum-product", 0)
    assert snap_compare(snapshot_app(store), terminal_size=(80, 24), run_before=ready)


def test_reverse_mode_worksheet_with_tree(snap_compare) -> None:
    """A reverse-mode worksheet at 120x36: prompt on top, the blanks table with a ✓ on a and a
    ✗ on b, the entry line on f = a·b, and on the right the graph as a tree rooted at f, with
    y drawn in full once and as `↑ y` under b, the f node highlighted."""

    async def before(pilot: Any) -> None:
        await open_ref(pilot, "snap/reverse")
        await submit(pilot, "3")
        await submit(pilot, "5")
        pilot.app.screen.select("value:f")
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=(120, 36), run_before=before)


def test_optimizer_worksheet_with_plot(snap_compare) -> None:
    """A gradient-descent worksheet at 120x36 with g(0), w(1), g(1) and w(2) filled in (all
    ✓), the cursor on g(2), and on the right a braille plot of the loss falling from 8 to 0.5
    over t = 0..2 on an axis that runs to t = 3 (w(3) is not filled yet)."""

    async def before(pilot: Any) -> None:
        screen = await open_ref(pilot, "snap/gd")
        for blank in screen.worksheet.blanks[:4]:
            screen.select(blank.id)
            await submit(pilot, blank.answer_text)

    assert snap_compare(snapshot_app(), terminal_size=(120, 36), run_before=before)


def test_convolution_worksheet_with_window(snap_compare) -> None:
    """A convolution worksheet at 120x36 focused on out[1, 2]: the padded 7x7 input on the
    right with the 3x3 window over rows 1-3 and columns 2-4 in reverse video and brackets,
    padding dim, and the kernel below it."""

    async def before(pilot: Any) -> None:
        screen = await open_ref(pilot, "snap/conv")
        screen.select("output:1:2")
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=(120, 36), run_before=before)


def test_help_screen(snap_compare) -> None:
    """Help over the worksheet at 80x24: the worksheet's keys first (Home esc, Hint f2 / ^t,
    Solution f3 / ^o, ...), then, further down, how to move and type, what ✓ ~ ✗ ? mean and
    the math syntax."""

    async def before(pilot: Any) -> None:
        await open_ref(pilot, "autodiff-basics/f-sum-product")
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=(80, 24), run_before=before)


def test_worksheet_at_80x24(snap_compare) -> None:
    """The reverse-mode worksheet at 80x24: no side panel (it collapses to the f5 toggle), the
    prompt, every blank in the table with the first one (a = x + y) under the cursor, the entry
    line, the rule "exact integer", and the footer keys fitting on one line."""

    async def before(pilot: Any) -> None:
        await open_ref(pilot, "snap/reverse")

    assert snap_compare(snapshot_app(), terminal_size=(80, 24), run_before=before)


def test_panel_toggled_at_80x24(snap_compare) -> None:
    """At 80x24 after f5: the graph tree takes the place of the prompt and blanks, with the
    entry and feedback lines still below it, so the student can type while looking at it."""

    async def before(pilot: Any) -> None:
        await open_ref(pilot, "snap/reverse")
        await pilot.press("f5")
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=(80, 24), run_before=before)
