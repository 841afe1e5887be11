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
    """Home at 80x24: on the left three packs, each with a bar and its count (Autodiff by hand
    full, 1/1, mastery 100%; Optimizers 0/3; Kinds 0/3, mastery 17%: its reverse-mode skills
    were practised in the first pack); on the right the first pack's one exercise with its ✓
    and the filter hint above it; on top the continue line naming the next exercise not done
    (Gradient descent on ½(w - 4)²: the finished one is passed over) and the next line (what
    to practise next, p for progress); at the bottom the legend (○ new, ◐ in progress,
    ◇ revealed, ✓ done, ✓h done with hints, on two lines at 80 columns) and the footer keys
    (c Continue, n Practise next, p Progress, / Filter, q Quit, f1 Help, ^p palette)."""
    store = FakeStore()
    for blank, entry in (("value:a", "3"), ("value:b", "3"), ("value:f", "9"),
                         ("adjoint:f:f", "1"), ("adjoint:f:a", "3"), ("adjoint:f:b", "3"),
                         ("adjoint:f:x", "3"), ("adjoint:f:y", "6")):  # fmt: skip
        store.record_attempt("autodiff-basics/f-sum-product", 0, blank, entry, "correct", None, 0)
    store.mark_opened("autodiff-basics/f-sum-product", 0)
    assert snap_compare(snapshot_app(store), terminal_size=(80, 24), run_before=ready)


def test_reverse_mode_worksheet_with_tree(snap_compare) -> None:
    """A reverse-mode worksheet at 120x36: the whole prompt on top, the blanks table with a ✓
    on a (3) and a ✗ on b (5), the row f = a·b under the cursor and in the entry line, the rule
    "exact integer" below; on the right the graph as a tree rooted at f (highlighted, as the
    focused node), each node with its value and adjoint as entered (value 3 ✓ on a, 5 ✗ on b)
    or · when not yet, y drawn in full under a and as `↑ y` under b."""

    async def before(pilot: Any) -> None:
        await open_ref(pilot, "snap/reverse")
        await submit(pilot, "3")
        await submit(pilot, "5")
        pilot.app.screen.select("value:f")
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=(120, 36), run_before=before)


def test_optimizer_worksheet_with_plot(snap_compare) -> None:
    """A gradient-descent worksheet at 120x36: the prompt's first lines (it scrolls: its
    scrollbar beside it), the blanks by step with g(0) = -4, w(1) = 2, g(1) = -2, w(2) = 3 (all
    ✓), the cursor on g(2) = ∇f(w(2)); on the right a braille plot of the loss falling from 8
    to 0.5 over t = 0..2 on an axis that runs to t = 3 (w(3) is not filled yet), captioned
    "f(w(2)) = 0.5 (3 of 4 iterates)"."""

    async def before(pilot: Any) -> None:
        screen = await open_ref(pilot, "snap/gd")
        for blank in screen.worksheet.blanks[:4]:
            screen.select(blank.id)
            await submit(pilot, blank.answer_text)

    assert snap_compare(snapshot_app(), terminal_size=(120, 36), run_before=before)


def test_convolution_worksheet_with_window(snap_compare) -> None:
    """A convolution worksheet at 120x36 focused on out[1, 2]: on the right, under "out[1, 2]
    reads the marked window", the padded 7x7 input with the 3x3 window over its rows 1-3 and
    columns 2-4 in reverse video and brackets, the padding dim, and the kernel below it; on
    the left the prompt's first lines ("Input:" with the 5x5 input right under it, no blank
    line between) and the blanks, out[1, 2] under the cursor."""

    async def before(pilot: Any) -> None:
        screen = await open_ref(pilot, "snap/conv")
        screen.select("output:1:2")
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=(120, 36), run_before=before)


def test_help_screen(snap_compare) -> None:
    """Help over the worksheet at 80x24, in a framed box with a scrollbar: "Keys here" lists
    the worksheet's keys (tab / ↓ next blank, shift+tab / ↑, esc Home, f2 / ^t Hint,
    f3 / ^o Solution, f4 / ^n, f8, page and scroll keys, ? / f1, ^q, ^p); how to type, what
    ✓ ~ ✗ ? mean and the math syntax are further down, out of sight until scrolled; the
    footer has only "esc Close help"."""

    async def before(pilot: Any) -> None:
        await open_ref(pilot, "autodiff-basics/f-sum-product")
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=(80, 24), run_before=before)


def test_worksheet_at_80x24(snap_compare) -> None:
    """The reverse-mode worksheet at 80x24: no side panel (it collapses to the f5 toggle), the
    prompt's first four lines (the rest scrolls, with its scrollbar), every blank in the table
    with the first one (a = x + y) under the cursor, the entry line, the rule "exact integer",
    and the footer keys fitting on one line."""

    async def before(pilot: Any) -> None:
        await open_ref(pilot, "snap/reverse")

    assert snap_compare(snapshot_app(), terminal_size=(80, 24), run_before=before)


def test_panel_toggled_at_80x24(snap_compare) -> None:
    """At 80x24 after f5: the graph tree (f underlined at its root, the focused node a = x + y
    highlighted, · for every value and adjoint not yet entered, `↑ y` under b) takes the place
    of the prompt and blanks, with the entry and feedback lines still below it, so the student
    can type while looking at it."""

    async def before(pilot: Any) -> None:
        await open_ref(pilot, "snap/reverse")
        await pilot.press("f5")
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=(80, 24), run_before=before)
