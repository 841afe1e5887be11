"""Provides TutorApp and make_app, the one factory the CLI and the tests build the app with.

Nothing here imports the exercises, the engine, numpy or sympy at module level. The first
frame already lists the packs and the student's progress: home reads the pack listing
(tutor.listing: TOML, cached) and the progress store (sqlite3) before it is drawn; the packs
themselves are loaded in a thread after that frame, and what opening a worksheet needs is
warmed up then.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from tutor.app_sources import (
    ListingReader,
    PacksLoader,
    RefResolver,
    StoreOpener,
    exercise_commands,
    load_real_packs,
    no_listing,
    packs_with_files,
    resolve_real_ref,
)
from tutor.crash import OneLineCrash
from tutor.learning_loop import LearningLoop, ReportReady
from tutor.listing import Listing
from tutor.memory import SETTLE_DELAY_S, prewarm_worksheet, settle_garbage
from tutor.prefetch import Prefetch
from tutor.prefetch import open_store as _open_real_store
from tutor.prefetch import read_listing as _read_real_listing
from tutor.screens.catalog import Catalog, CatalogRead, home_model, read_catalog
from tutor.screens.home import HomeScreen
from tutor.screens.messages import (
    ExerciseRequested,
    NewNumbersRequested,
    NextExerciseRequested,
    OwnGraphRequested,
    SkillPractiseRequested,
)
from tutor.screens.null_store import NullStore

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.driver import Driver

    from exercises.model import Worksheet


class CatalogLoaded(Message):
    """The packs were read (in a thread): the catalog, errors and blank counts found."""

    def __init__(self, read: CatalogRead) -> None:
        super().__init__()
        self.read = read


class SavingChanged(Message):
    """Saving progress failed or works again (posted from the store's writer thread)."""

    def __init__(self, health: Any) -> None:
        super().__init__()
        self.health = health


class WorksheetBuilt(Message):
    """An exercise instance was built (in a thread) and can be shown."""

    def __init__(self, exercise: Any, worksheet: Worksheet, replace: bool) -> None:
        super().__init__()
        self.exercise = exercise
        self.worksheet = worksheet
        self.replace = replace


class TutorApp(LearningLoop, OneLineCrash, App[None]):
    """The tutor: home, worksheets, help and summary; progress goes to the store."""

    CSS_PATH = "app.tcss"
    TITLE = "dl-tutor"
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (declared as an instance variable by App)
        (0, "-narrow"),
        (100, "-wide"),
    ]
    COMMANDS = App.COMMANDS | {exercise_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="app.help"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
    ]

    def __init__(
        self,
        *,
        data_dir: Path | None = None,
        ref: str | None = None,
        seed: int | None = None,
        store_opener: StoreOpener = _open_real_store,
        packs_loader: PacksLoader = load_real_packs,
        ref_resolver: RefResolver = resolve_real_ref,
        listing_reader: ListingReader = _read_real_listing,
        mouse: bool = True,
        ascii: bool = False,
    ) -> None:
        super().__init__()
        self.mouse = mouse
        self.ascii = ascii
        """Draw marks, bars, the prompt mark and plots in ASCII (`--ascii`, TERM=linux)."""
        self.animation_level = "none"
        self.data_dir = data_dir
        self.start_ref = ref
        self.start_seed = seed
        self.catalog = Catalog()
        self.listing = Listing()
        self._listing_reader = listing_reader
        self._home = HomeScreen()
        self._store_opener = store_opener
        self._packs_loader = packs_loader
        self._ref_resolver = ref_resolver
        self.store: Any = NullStore(None)
        self._theme_restored = False
        self.report = None
        self.exit_note: str | None = None
        """What the student must be told after exit (changes that could not be saved)."""
        self.in_terminal = False
        """Run for a student by `run_app`, whose console is the terminal's (a test's is not)."""
        self.settle_memory = False
        """Freeze the objects start-up built and collect garbage when the student reads, not
        types (`run_app` sets it; tests, which run many apps in one process, do not)."""

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, except that Linux's notices Esc without waiting for its poll."""
        driver = super().get_driver_class()
        if sys.platform != "win32":
            from textual.drivers.linux_driver import LinuxDriver

            if driver is LinuxDriver:
                from tutor.driver import PromptEscDriver

                return PromptEscDriver
        return driver

    def get_default_screen(self) -> Screen[Any]:
        return self._home

    def on_load(self) -> None:
        """Before the stylesheet is parsed: the store, and the theme it keeps (restored once
        home is composed, it would parse every rule and restyle every widget again)."""
        self.open_store()

    def on_mount(self) -> None:
        """Before the first frame: what home lists, with the store's progress; the packs after."""
        try:
            self.listing = self._listing_reader(self.data_dir)
        except Exception:  # the loader, after the first frame, says what is wrong
            self.listing = Listing()
        self._home.set_reactive(HomeScreen.model, self._home_model())
        if self.settle_memory:  # Textual and the app's modules, once home is on screen
            self.call_after_refresh(self.set_timer, SETTLE_DELAY_S, settle_garbage)
        self.call_after_refresh(self.load_catalog)

    def open_store(self) -> None:
        """Open the progress store and restore the theme; the app runs without saving when
        the store cannot be opened."""
        try:
            self.store = self._store_opener(self.data_dir)
        except Exception as error:  # the app must run even when progress cannot be saved
            self.store = NullStore(f"Progress will not be saved: {error}")
        theme = self.store.get_setting("theme", None)
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        elif self.in_terminal and self.console.color_system in ("standard", "windows"):
            self.theme = "ansi-dark"  # 16 colours: amber would come out bright red
        self._theme_restored = True
        if self.store.notice:
            self.notify(self.store.notice, title="Progress", severity="warning", timeout=10)
        self.store.subscribe(lambda health: self.post_message(SavingChanged(health)))

    def on_saving_changed(self, message: SavingChanged) -> None:
        health = message.health
        if health.ok:
            self.notify(health.message or "", title="Progress", timeout=8)
        else:
            self.notify(health.message or "", title="Progress", severity="error", timeout=8)
        for screen in self.screen_stack:
            if hasattr(screen, "show_saving"):
                screen.show_saving(health)

    def on_unmount(self) -> None:
        health = self.store.health
        unsaved = self.store.close()
        if unsaved:
            self.exit_note = f"dl-tutor: {unsaved} changes could not be saved ({health.message})"

    def watch_theme(self, theme: str) -> None:
        """Textual does not keep the theme chosen in the palette; the store does."""
        if self._theme_restored and self.store.get_setting("theme", None) != theme:
            self.store.set_setting("theme", theme)

    @work(thread=True, exclusive=True, group="catalog", exit_on_error=False)
    def load_catalog(self) -> None:
        """Read the packs in a thread and warm up what opening a worksheet needs, before
        anything else imports the kinds from another thread; then the learner's report."""
        read = read_catalog(self._packs_loader, self.store)
        prewarm_worksheet()
        self.post_message(CatalogLoaded(read))
        self.post_message(ReportReady(self._compute_report(read.catalog.packs)))

    def on_catalog_loaded(self, message: CatalogLoaded) -> None:
        read = message.read
        self.catalog = read.catalog
        if self.settle_memory and self.screen is self._home:  # else when home is back
            self.call_after_refresh(self.set_timer, SETTLE_DELAY_S, settle_garbage)
        for error in read.errors:
            self.notify(error, title="Packs", severity="error", timeout=15, markup=False)
        self.listing.adopt(read.catalog.packs)
        self.refresh_home()
        if self.start_ref is not None:
            ref, self.start_ref = self.start_ref, None
            self.open_exercise(ref, self.start_seed)

    def _home_model(self) -> Any:
        return home_model(self.listing, self.store, self.catalog, self.report)

    def refresh_home(self) -> None:
        """Show home's list again, when progress or the packs may have changed."""
        model = self._home_model()
        if model != self._home.model:
            self._home.model = model
        if self.report is not None:  # the first report comes with the catalogue
            self.load_report()

    def open_exercise(
        self, ref: str, seed: int | None = None, *, replace: bool = False, own_graph: bool = False
    ) -> None:
        """Build the instance in a thread, then show it (replacing the current worksheet);
        `own_graph`: an autodiff exercise in the mode where the student writes the graph."""
        if seed is None:
            seed = self.store.current_seed(ref)
        self._build_worksheet(ref, int(seed or 0), replace, own_graph)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _build_worksheet(self, ref: str, seed: int, replace: bool, own_graph: bool = False) -> None:
        try:
            from exercises.kinds.student_graph import split_own_graph, with_own_graph

            ref, marked = split_own_graph(ref)  # the own-graph mode keeps its own progress
            exercise = self.catalog.by_ref.get(ref) or self._ref_resolver(ref)
            if own_graph or marked:
                exercise = with_own_graph(exercise)
            worksheet = exercise.instance(seed)
        except Exception as error:
            self.call_from_thread(
                self.notify,
                f"Cannot open {ref}: {error}",
                title="Exercise",
                severity="error",
                timeout=15,
                markup=False,  # the message quotes pack text: `[/]` is no markup
            )
            return
        self.post_message(WorksheetBuilt(exercise, worksheet, replace))

    def on_worksheet_built(self, message: WorksheetBuilt) -> None:
        from tutor.screens.worksheet import WorksheetScreen
        from tutor.session.events import recording_to
        from tutor.session.restore import restore

        worksheet = message.worksheet
        if not worksheet.blanks:
            self.notify(
                f"{worksheet.ref} has no blanks to fill in.", severity="error", markup=False
            )
            return
        ref, seed = worksheet.ref, worksheet.seed
        self.catalog.totals[ref] = len(worksheet.blanks)
        state = self.store.instance_state(ref, seed)
        attempts = self.store.attempts(ref, seed) if hasattr(self.store, "attempts") else ()
        self.store.mark_opened(ref, seed, len(worksheet.blanks))
        session = restore(worksheet, state, attempts, recording_to(lambda: self.store))
        screen = WorksheetScreen(session, randomized=bool(message.exercise.randomized))
        screen.show_saving(self.store.health)
        if message.replace and isinstance(self.screen, WorksheetScreen):
            self.switch_screen(screen)
        else:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.push_screen(screen)
        self._collect_soon()

    def on_exercise_requested(self, message: ExerciseRequested) -> None:
        self.open_exercise(message.ref, message.seed)

    def on_new_numbers_requested(self, message: NewNumbersRequested) -> None:
        from tutor.session.worksheet_session import fresh_seed

        self.open_exercise(message.ref, fresh_seed(message.seed), replace=True)

    def on_own_graph_requested(self, message: OwnGraphRequested) -> None:
        self.open_exercise(message.ref, message.seed, replace=True, own_graph=True)

    def on_next_exercise_requested(self, message: NextExerciseRequested) -> None:
        refs = self.listing.ordered_refs()
        if message.ref in refs and refs.index(message.ref) + 1 < len(refs):
            self.open_exercise(refs[refs.index(message.ref) + 1])
        else:
            self.go_home()

    def on_home_requested(self) -> None:
        self.go_home()

    def go_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.refresh_home()
        self._collect_soon(settle=True)

    def _collect_soon(self, *, settle: bool = False) -> None:
        """Collect garbage just after the screen (a sheet, home) is drawn, while the student
        reads, so that a full collection seldom falls on an Enter; back on home, what is left
        (home, the caches) is frozen again, so a sheet's collections scan that sheet only."""
        if self.settle_memory:
            collect = partial(settle_garbage, thaw=True) if settle else gc.collect
            self.call_after_refresh(self.set_timer, SETTLE_DELAY_S, collect)

    async def action_quit(self) -> None:
        """Save the time spent on open worksheets (no message runs after exit), then quit."""
        from tutor.screens.worksheet import WorksheetScreen

        for screen in self.screen_stack:
            if isinstance(screen, WorksheetScreen):
                screen.session.spend_time()
        self.exit()

    def action_help(self) -> None:
        from tutor.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys, math syntax and what ✓ ~ ✗ ? mean", self.action_help)
        yield SystemCommand("Home", "Back to the list of packs", self.go_home)
        from tutor.screens.worksheet import WorksheetScreen

        if isinstance(screen, WorksheetScreen):
            for title, help_text, action in (
                ("Hint", "The next rung of the focused blank's hint ladder", screen.action_hint),
                ("Solution", "The worked solution of the whole sheet", screen.action_solution),
                ("New numbers", "A fresh random instance", screen.action_new_numbers),
                ("Reset", "Clear this sheet for a fresh try", screen.action_reset),
            ):
                yield SystemCommand(title, help_text, action)
        yield SystemCommand(
            "Progress", "Mastery per skill, mistakes met, time per day", self.on_progress_requested
        )
        yield SystemCommand(
            "Practise next",
            "The exercise for your weakest skill, on new numbers",
            lambda: self.post_message(SkillPractiseRequested(None)),
        )


def make_app(
    data_dir: Path | None = None,
    ref: str | None = None,
    seed: int | None = None,
    mouse: bool = True,
    *,
    ascii: bool = False,
    pack_files: Sequence[str] = (),
    store_opener: StoreOpener | None = None,
    packs_loader: PacksLoader | None = None,
    ref_resolver: RefResolver | None = None,
    listing_reader: ListingReader | None = None,
) -> TutorApp:
    """The app for `tutor` (ref None: home) or `tutor REF`; home lists the built-in packs,
    then `pack_files` (`tutor my-pack.toml`). The other keyword-only hooks are for tests."""
    default_loader = packs_with_files(pack_files) if pack_files else load_real_packs
    app = TutorApp(
        data_dir=data_dir,
        ref=ref,
        seed=seed,
        store_opener=store_opener or _open_real_store,
        packs_loader=packs_loader or default_loader,
        ref_resolver=ref_resolver or resolve_real_ref,
        listing_reader=listing_reader or (no_listing if packs_loader else _read_real_listing),
        mouse=mouse,
        ascii=ascii,
    )
    return app


def run_app(
    ref: str | None = None,
    data_dir: Path | None = None,
    seed: int | None = None,
    mouse: bool = True,
    pack_files: Sequence[str] = (),
    ascii: bool = False,
    prefetch: Prefetch | None = None,
) -> int:
    """Run the app in the terminal until the student quits; the exit status (1 after a bug).
    `prefetch`: the store and listing of `data_dir`, being read since before this module was
    imported (`tutor.cli` starts it)."""
    app = make_app(
        data_dir=data_dir,
        ref=ref,
        seed=seed,
        mouse=mouse,
        pack_files=pack_files,
        ascii=ascii,
        store_opener=prefetch.store if prefetch else None,
        listing_reader=prefetch.listing if prefetch else None,
    )
    app.in_terminal = app.settle_memory = True
    try:
        app.run(mouse=app.mouse)
    finally:
        gc.enable()  # held off since tutor.cli; the first settle enables it, unless it crashed
    if app.exit_note:
        print(app.exit_note, file=sys.stderr)
    return app.return_code or 0
