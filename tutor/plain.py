"""Provides the plain line mode (`tutor --plain`): a worksheet as lines of text in reading order.

For screen readers (nothing but text: no box drawing, no colour, no cursor movement), dumb
terminals and scripts (`printf '3\\n9\\n' | tutor --plain REF`). One blank at a time is asked
as a line (`a = x + y ?`); the verdict comes back as a line; words instead of keys. It works the
same headless session as the app (tutor.session) and saves to the same progress store.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from engine.controls import visible
from tutor.session.events import recording_to
from tutor.session.feedback import feedback_of
from tutor.session.marks import mark

if TYPE_CHECKING:  # the engine loads with the first worksheet, not with `tutor`'s start-up
    from tutor.session.worksheet_session import WorksheetSession

WORDS = (
    "Type an answer and press Enter, or one of these words: hint (the next hint), "
    "solution (show every answer), skip (the next blank), previous (the blank before), "
    "back (the list of exercises), quit."
)
LIST_WORDS = "Type the number or the REF of an exercise, or quit."
YES = frozenset({"y", "yes"})


class Quit(Exception):
    """The student typed quit, or the input ended."""


@dataclass
class Console:
    """Lines in and out: a prompt is written on its own line's end, then one line is read.

    A line said while a prompt waits (a save failure, from the writer's thread) goes on a line
    of its own, and the prompt is written again after it. A control character read (a pasted
    ESC sequence would set the window title when written back) is kept as its picture, as the
    app's entry keeps it, and nothing written holds one."""

    stdin: TextIO
    stdout: TextIO
    waiting: str | None = None
    """The prompt whose answer is being read, if any."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def say(self, text: str = "") -> None:
        with self.lock:
            if self.waiting is not None:
                self.stdout.write("\n")
            self.stdout.write(visible(text) + "\n")
            if self.waiting is not None:
                self.stdout.write(visible(self.waiting) + " ")
            self.stdout.flush()

    def ask(self, prompt: str) -> str:
        """One line of input after the prompt; Quit at the end of input."""
        with self.lock:
            self.stdout.write(visible(prompt) + " ")
            self.stdout.flush()
            self.waiting = prompt
        line = self.stdin.readline()
        with self.lock:
            self.waiting = None
        if not line:
            self.say()
            raise Quit
        line = visible(line.rstrip("\r\n"))
        if not self.stdin.isatty():
            self.say(line)  # echo piped input, so a transcript reads in order
        return line.strip()

    def confirm(self, question: str) -> bool:
        return self.ask(f"{question} (yes or no)").lower() in YES


class PlainTutor:
    """The line-mode conversation over a store; `run(ref)` until quit or the end of input."""

    def __init__(self, console: Console, store: Any, resolve: Callable[[str], Any]) -> None:
        self.console = console
        self.store = store
        self.resolve = resolve
        store.subscribe(self.saving_changed)

    def saving_changed(self, health: Any) -> None:
        """Say at once, on its own line, when saving fails and when it works again."""
        if health.message:
            self.console.say(f"{'Saved' if health.ok else 'Not saved'}: {health.message}")

    def run(self, ref: str | None, seed: int | None, refs: Callable[[], Sequence[Any]]) -> None:
        try:
            if ref is not None:
                self.work(ref, seed)
            while True:
                chosen = self.choose(refs())
                if chosen is not None:
                    self.work(chosen, None)
        except Quit:
            pass

    # -- the list of exercises ------------------------------------------------------------

    def choose(self, exercises: Sequence[Any]) -> str | None:
        """List the exercises with their progress; the REF the student picks (None: again)."""
        say = self.console.say
        say("Exercises:")
        for number, exercise in enumerate(exercises, start=1):
            status = mark(self.status(exercise)).word
            say(f"{number}. {exercise.listed_title} ({exercise.ref}), {status}")
        say(LIST_WORDS)
        answer = self.console.ask("exercise?")
        if answer.lower() == "quit":
            raise Quit
        if answer.isdigit() and 1 <= int(answer) <= len(exercises):
            return str(exercises[int(answer) - 1].ref)
        if any(e.ref == answer for e in exercises) or "#" in answer:
            return answer
        say(f"There is no exercise {answer!r}.")
        return None

    def status(self, exercise: Any) -> str:
        """The exercise's progress; the count of blanks is needed only once it was started."""
        if self.store.exercise_status(exercise.ref, 1) == "not-started":
            return "not-started"
        try:
            total = len(exercise.instance(self.store.current_seed(exercise.ref)).blanks)
        except Exception:  # a pack that no longer builds: its status is not worth a crash
            return "in-progress"
        return str(self.store.exercise_status(exercise.ref, total))

    # -- one worksheet --------------------------------------------------------------------

    def work(self, ref: str, seed: int | None) -> None:
        """Ask the blanks of one exercise until all are done, back, or quit."""
        say = self.console.say
        try:
            exercise = self.resolve(ref)
            if seed is None:
                seed = self.store.current_seed(ref)
            worksheet = exercise.instance(int(seed or 0))
        except Exception as error:  # a broken pack or REF: say it, keep the session
            say(f"Cannot open {ref}: {error}")
            return
        from tutor.session.restore import restore

        session = restore(
            worksheet,
            self.store.instance_state(worksheet.ref, worksheet.seed),
            self.store.attempts(worksheet.ref, worksheet.seed),
            recording_to(lambda: self.store),
        )
        self.store.mark_opened(worksheet.ref, worksheet.seed, len(worksheet.blanks))
        say(f"{worksheet.title} ({worksheet.ref}, numbers {worksheet.seed})")
        say(plain_text(worksheet.prompt))
        say(WORDS)
        section = None
        while not session.all_done():
            blank = worksheet.blank(session.focus)
            if blank.section != section:
                section = blank.section
                if section:
                    say(section)
            if not self.step(session):
                return
        summary = session.summary()
        say(
            f"All {summary.blanks} blanks done: {summary.first_try_right} right at the first "
            f"try, {summary.hints_used} with hints, {summary.revealed} revealed."
        )

    def step(self, session: WorksheetSession) -> bool:
        """Ask the focused blank once and act on the answer; False to leave the worksheet."""
        blank = session.worksheet.blank(session.focus)
        shown = session.entry(blank.id)
        if shown:
            from tutor.render import short_entry  # a pasted page of digits: not read out whole

            prompt = f"{blank.label} (now {short_entry(shown)}) ?"
        else:
            prompt = f"{blank.label} ?"
        answer = self.console.ask(prompt)
        word = answer.lower()
        if word == "quit":
            raise Quit
        if word == "back":
            return False
        if word in ("skip", "next"):
            session.select(session.next_suggested(blank.id))
        elif word in ("previous", "prev"):
            session.move(-1)
        elif word == "hint":
            self.hint(session)
        elif word == "solution":
            if self.console.confirm("Show every answer not yet done?"):
                from tutor.session.solution import shown_working, whole

                whole(session)
                for step in shown_working(session):
                    self.console.say("\n".join(step.text_lines()))
        elif word in ("help", "?"):
            self.console.say(WORDS)
        else:
            self.enter(session, answer)
        return True

    def enter(self, session: WorksheetSession, text: str) -> None:
        from tutor.session.change import PendingCheck

        blank_id = session.focus
        outcome = session.enter(text)
        if isinstance(outcome, PendingCheck):
            session.checked(blank_id, text, outcome.run())
        feedback = feedback_of(session, blank_id)
        verdict = mark(feedback.status).word if feedback.status else ""
        line = f"{verdict}: {feedback.message}" if feedback.message else verdict
        self.console.say(line)
        details = feedback.details()
        if details and feedback.status not in ("correct", "consistent"):
            self.console.say(details)

    def hint(self, session: WorksheetSession) -> None:
        blank_id = session.focus
        step = session.hint()
        if step == "shown":
            rungs = session.shown_hints(blank_id)
            self.console.say(f"Hint {len(rungs)}: {rungs[-1]}")
        elif step == "ask-reveal":
            if self.console.confirm("The next hint is the answer itself. Show it?"):
                from tutor.session.solution import reveal, working

                reveal(session, blank_id)
                self.console.say(f"The answer is {session.entry(blank_id)} (revealed).")

                self.console.say("\n".join(working(session, blank_id).text_lines()[1:]))
                session.select(session.next_suggested(blank_id))
        else:
            self.console.say("The answer is already shown: no more hints.")


def plain_text(markdown: str) -> str:
    """A prompt's markdown as text to be read aloud: no backticks, emphasis marks or fences."""
    lines = [line for line in markdown.strip().splitlines() if not line.startswith("```")]
    text = "\n".join(line.lstrip("#").strip() if line.startswith("#") else line for line in lines)
    return text.replace("`", "").replace("**", "")


def run_plain(
    ref: str | None, seed: int | None, store: Any, pack_files: Sequence[str] = ()
) -> None:
    """The line mode on standard input and output, over an open store; the exercises of
    `pack_files` are listed after the built-in ones."""
    from exercises.loader import load_builtin_packs, load_pack_file, resolve_ref

    def exercises() -> list[Any]:
        packs = list(load_builtin_packs().packs)
        packs += [pack for path in pack_files if (pack := load_pack_file(path)[0]) is not None]
        return [exercise for pack in packs for exercise in pack.exercises]

    console = Console(sys.stdin, sys.stdout)
    PlainTutor(console, store, resolve_ref).run(ref, seed, exercises)
