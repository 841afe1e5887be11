"""Provides hand-built worksheets, a fake catalogue and an in-memory progress store for app tests.

The worksheets are written out by hand from exercises.model (numbers worked on paper), so the
app tests do not depend on the kind modules.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from engine.answers import INTEGER, NumberFormat, ShapeFormat, Tolerance
from engine.checking import Mistake
from exercises.model import Blank, Worksheet
from tutor import progress_db
from tutor.app import TutorApp, make_app
from tutor.progress import Attempt, InstanceState, ProgressStore
from tutor.progress_files import Storage

REL = NumberFormat(Tolerance())


def _product(deps: Mapping[str, Any]) -> float:
    return float(deps["value:a"]) * float(deps["value:b"])


def reverse_sheet(seed: int = 0) -> Worksheet:
    """f = (x + y)(y + 1) at x = 1, y = 2 + seed: a = x + y, b = y + 1, f = a·b."""
    x, y = 1.0, 2.0 + seed
    a, b = x + y, y + 1
    f = a * b
    forward = "Forward values"
    backward = "Adjoints"
    blanks = (
        Blank(
            "value:a",
            "a = x + y",
            a,
            INTEGER,
            section=forward,
            node="a",
            hints=("Add the inputs.", f"a = {x:g} + {y:g}"),
        ),
        Blank("value:b", "b = y + 1", b, INTEGER, section=forward, node="b"),
        Blank(
            "value:f",
            "f = a·b",
            f,
            INTEGER,
            ("value:a", "value:b"),
            _product,
            section=forward,
            node="f",
            hints=("Multiply a by b.",),
        ),
        Blank("adjoint:f:f", "∂f/∂f", 1.0, INTEGER, section=backward, node="f"),
        Blank(
            "adjoint:f:a",
            "∂f/∂a",
            b,
            INTEGER,
            ("value:b",),
            lambda d: d["value:b"],
            section=backward,
            node="a",
        ),
        Blank(
            "adjoint:f:b",
            "∂f/∂b",
            a,
            INTEGER,
            ("value:a",),
            lambda d: d["value:a"],
            section=backward,
            node="b",
        ),
        Blank("adjoint:f:x", "∂f/∂x", b, INTEGER, section=backward, node="x"),
        Blank(
            "adjoint:f:y",
            "∂f/∂y",
            a + b,
            INTEGER,
            section=backward,
            node="y",
            mistakes=(
                Mistake(
                    "missing-path",
                    "y feeds two nodes: add the adjoints coming back through a and through b",
                    lambda d: b,
                ),
            ),
        ),
    )
    trace = [
        {"name": "x", "op": "input", "args": [], "value": x},
        {"name": "y", "op": "input", "args": [], "value": y},
        {"name": "a", "op": "add", "args": ["x", "y"], "value": a},
        {"name": "b", "op": "add", "args": ["y", "1"], "value": b},
        {"name": "f", "op": "mul", "args": ["a", "b"], "value": f},
    ]
    return Worksheet(
        ref="autodiff-basics/f-sum-product",
        kind="reverse-ad",
        seed=seed,
        title="Reverse mode on f = (x + y)(y + 1)",
        prompt="Fill in the forward values, then the adjoints.\n\n"
        f"f(x, y) = (x + y)(y + 1) at x = {x:g}, y = {y:g}.",
        blanks=blanks,
        result={"inputs": {"x": x, "y": y}, "outputs": {"f": f}, "trace": trace},
        hints=("Start from the output: ∂f/∂f = 1.",),
    )


def gd_sheet(seed: int = 0) -> Worksheet:
    """GD on L(w) = ½(w - 4)², lr 0.5, from w = 0: w1 = 2, w2 = 3, w3 = 3.5."""
    from exercises.kinds.optimizer_text import OptimizerVisual

    iterates = [0.0, 2.0, 3.0, 3.5]
    losses = [0.5 * (w - 4) ** 2 for w in iterates]
    gradients = [w - 4 for w in iterates]
    blanks: list[Blank] = []
    for t in range(3):
        blanks.append(Blank(f"gradient:{t}", f"∇L(w{t})", gradients[t], REL, section="Steps"))
        blanks.append(
            Blank(
                f"iterate:{t + 1}",
                f"w{t + 1}",
                iterates[t + 1],
                REL,
                section="Steps",
                extra={"t": t + 1},
            )
        )
    return Worksheet(
        ref="optimizers/gd-quadratic",
        kind="gradient-descent",
        seed=seed,
        title="Gradient descent on ½(w - 4)²",
        prompt="Three steps of gradient descent with η = 0.5 from w0 = 0.",
        blanks=tuple(blanks),
        result={
            "iterates": [[w] for w in iterates],
            "gradients": [[g] for g in gradients],
            "losses": losses,
        },
        visual=OptimizerVisual(("w",), tuple((w,) for w in iterates), tuple(losses), False),
    )


def conv_sheet(seed: int = 0, size: int = 3) -> Worksheet:
    """A size x size output of a 3x3 edge kernel over an (size+2)^2 ramp, no padding."""
    from exercises.kinds.convolution import GridVisual

    n = size + 2
    image = tuple(tuple(float((i + j) % 5) for j in range(n)) for i in range(n))
    kernel = ((1.0, 0.0, -1.0), (1.0, 0.0, -1.0), (1.0, 0.0, -1.0))
    output = [
        [
            sum(image[i + di][j + dj] * kernel[di][dj] for di in range(3) for dj in range(3))
            for j in range(size)
        ]
        for i in range(size)
    ]
    blanks = [Blank("shape", "output shape", (size, size), ShapeFormat(), section="Shape")]
    for i in range(size):
        for j in range(size):
            window = {"rows": (i, i + 1, i + 2), "cols": (j, j + 1, j + 2), "channels": (0,)}
            blanks.append(
                Blank(
                    f"output:{i}:{j}",
                    f"out[{i}, {j}]",
                    output[i][j],
                    INTEGER,
                    section="Output",
                    extra={"channel": 0, "row": i, "col": j, **window},
                )
            )
    return Worksheet(
        ref="convolution/ramp",
        kind="convolution",
        seed=seed,
        title=f"A {size}x{size} convolution",
        prompt="Cross-correlate the input with the kernel (no padding, stride 1).",
        blanks=tuple(blanks),
        result={"output": output, "output_shape": [size, size]},
        visual=GridVisual(
            "convolution",
            (image,),
            (0, 0),
            0.0,
            (3, 3),
            (1, 1),
            (1, 1),
            (1, size, size),
            ((kernel,),),
        ),
    )


@dataclass(frozen=True)
class FakeExercise:
    ref: str
    id: str
    title: str
    kind: str
    build: Callable[[int], Worksheet]
    tags: tuple[str, ...] = ()
    source: str | None = None
    randomized: bool = False

    @property
    def listed_title(self) -> str:
        return self.title

    def instance(self, seed: int) -> Worksheet:
        return self.build(seed)


@dataclass(frozen=True)
class FakePack:
    id: str
    title: str
    description: str
    exercises: tuple[FakeExercise, ...]


def fake_packs() -> list[FakePack]:
    autodiff = FakePack(
        "autodiff-basics",
        "Autodiff by hand",
        "Traces and adjoints.",
        (
            FakeExercise(
                "autodiff-basics/f-sum-product",
                "f-sum-product",
                "Reverse mode on f = (x + y)(y + 1)",
                "reverse-ad",
                reverse_sheet,
                tags=("chain-rule",),
                randomized=True,
            ),
        ),
    )
    optim = FakePack(
        "optimizers",
        "Optimizers",
        "Iterates by hand.",
        (
            FakeExercise(
                "optimizers/gd-quadratic",
                "gd-quadratic",
                "Gradient descent on ½(w - 4)²",
                "gradient-descent",
                gd_sheet,
                tags=("gd",),
            ),
            FakeExercise(
                "convolution/ramp",
                "ramp",
                "A 3x3 convolution",
                "convolution",
                conv_sheet,
                tags=("cnn",),
            ),
            FakeExercise("derivatives/slow", "slow", "A slow check", "derivative", slow_sheet),
        ),
    )
    return [autodiff, optim]


def fake_resolve(ref: str) -> FakeExercise:
    for pack in fake_packs():
        for exercise in pack.exercises:
            if exercise.ref == ref:
                return exercise
    raise KeyError(ref)


class FakeStore(ProgressStore):
    """The real store, kept in memory: one instance shared by two apps stands for one file.

    Closing it only marks it closed, so a second app can go on with it. `log`, `states` and
    `settings` read it back through the store's own API: the fake cannot drift from the store.
    """

    def __init__(self) -> None:
        super().__init__(Storage.in_memory())
        self.closed = False

    @property
    def log(self) -> tuple[Attempt, ...]:
        return self.attempt_log()

    @property
    def states(self) -> Mapping[tuple[str, int], InstanceState]:
        return _States(self)

    @property
    def settings(self) -> Mapping[str, str | None]:
        return _Settings(self)

    def close(self, timeout: float = 0.0) -> int:
        self.closed = True
        return 0


class _States(Mapping[tuple[str, int], InstanceState]):
    def __init__(self, store: ProgressStore) -> None:
        self._store = store

    def __getitem__(self, key: tuple[str, int]) -> InstanceState:
        return self._store.instance_state(*key)

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return iter(())

    def __len__(self) -> int:
        return 0


class _Settings(Mapping[str, str | None]):
    def __init__(self, store: ProgressStore) -> None:
        self._store = store

    def __getitem__(self, key: str) -> str | None:
        return self._store.get_setting(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def app_factory(tmp_path: Path, store: FakeStore) -> Iterator[Callable[..., TutorApp]]:
    """make_app on the fake catalogue and the shared fake store."""

    def factory(**kwargs: Any) -> TutorApp:
        kwargs.setdefault("data_dir", tmp_path)
        return make_app(
            store_opener=lambda _data_dir: store,
            packs_loader=fake_packs,
            ref_resolver=fake_resolve,
            **kwargs,
        )

    yield factory


class SlowFormat(NumberFormat):
    """A number format the app does not know to be fast: its checks go to a worker thread."""


def slow_sheet(seed: int = 0) -> Worksheet:
    """One blank whose check runs in a thread (as expression answers do)."""
    blank = Blank("derivative", "d/dx x²  at x = 3", 6.0, SlowFormat(Tolerance()))
    return Worksheet("derivatives/slow", "derivative", seed, "A slow check",
                     "Differentiate x² at x = 3.", (blank,), {})  # fmt: skip


async def ready(pilot: Any, timeout: float = 5.0) -> None:
    """Wait until the store is open and the catalogue is loaded and shown."""
    app = pilot.app
    waited = 0.0
    while not app.catalog.loaded and waited < timeout:
        await pilot.pause(0.02)
        waited += 0.02
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.catalog.loaded


async def until(pilot: Any, seen: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until `seen()` holds: what a worker posts, and what follows a frame
    later, can take more than one pause on a loaded machine (the assertion still says what
    failed; this only stops a race from failing it)."""
    waited = 0.0
    while not seen() and waited < timeout:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.02)
        waited += 0.02


async def open_ref(pilot: Any, ref: str, seed: int | None = None) -> Any:
    """Open an exercise as the app does (built in a thread) and return its screen."""
    from tutor.screens.worksheet import WorksheetScreen

    await ready(pilot)
    pilot.app.open_exercise(ref, seed)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, WorksheetScreen), screen
    return screen


async def submit(pilot: Any, text: str) -> None:
    """Put `text` in the entry line and submit it as Enter does (no simulated keys)."""
    from textual.widgets import Input

    entry = pilot.app.screen.query_one("#entry", Input)
    entry.value = text
    await entry.action_submit()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def glyph(screen: Any, blank_id: str) -> str:
    """The status glyph the blanks table shows for a blank."""
    from tutor.widgets.blanks_table import BlanksTable

    cell = screen.query_one(BlanksTable).get_cell(blank_id, "status")
    return str(getattr(cell, "plain", cell))


def feedback_text(screen: Any) -> str:
    """The feedback line as plain text."""
    from tutor.widgets.feedback_line import FeedbackLine

    rendered = screen.query_one(FeedbackLine).render()
    return str(getattr(rendered, "plain", rendered))


class FlakyConnection:
    """A connection whose writes fail while its disk says so (stands for a real failure)."""

    def __init__(self, connection: sqlite3.Connection, disk: FlakyDisk) -> None:
        self._connection = connection
        self._disk = disk

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        if self._disk.error is not None and sql.lstrip().startswith(("INSERT", "UPDATE")):
            raise sqlite3.OperationalError(self._disk.error)
        return self._connection.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


class FlakyDisk:
    def __init__(self) -> None:
        self.error: str | None = None


@pytest.fixture
def flaky_disk(monkeypatch: pytest.MonkeyPatch) -> FlakyDisk:
    """Every progress file opened from now on sits on a disk whose writes can be made to fail."""
    disk = FlakyDisk()
    real_connect = progress_db.connect_file

    def connect(*args: Any, **kwargs: Any) -> tuple[Any, str]:
        connection, mode = real_connect(*args, **kwargs)
        return FlakyConnection(connection, disk), mode

    monkeypatch.setattr(progress_db, "connect_file", connect)
    return disk


def screen_text(app: Any) -> str:
    """What the terminal shows, as plain text: the screen's composed lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def real_app(tmp_path: Path, store: Any | None = None, **kwargs: Any) -> TutorApp:
    """make_app on the real exercises (opened by ref; home lists no packs) and a fake store."""
    from exercises.loader import resolve_ref
    from exercises.pack import LoadResult

    kept = store or FakeStore()
    return make_app(
        data_dir=tmp_path,
        store_opener=lambda _dir: kept,
        packs_loader=lambda: LoadResult((), ()),
        ref_resolver=resolve_ref,
        **kwargs,
    )
