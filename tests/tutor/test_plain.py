"""Tests of the plain line mode: piped input, a pseudo-terminal, words for keys, saved progress.

The worked example is the warm-up f = (x + y)(y + 1) at x = 1, y = 2, by hand: a = 3, b = 3,
f = 9; f̄ = 1, b̄ = a = 3, ā = b = 3, x̄ = 3, ȳ = ā + b̄ = 6.
"""

from __future__ import annotations

import io
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

from conftest import FlakyDisk

from tutor.cli import wants_plain
from tutor.plain import Console, PlainTutor
from tutor.progress import ProgressStore

WARMUP = "autodiff/warmup-reverse"
ESCAPE = re.compile(r"\x1b")
BOX_DRAWING = re.compile(r"[\u2500-\u257f]")


def plain(tmp_path: Path, text: str, *args: str, env: dict[str, str] | None = None) -> str:
    """`tutor --plain ARGS` with TEXT piped to it; its output (exit status 0 asserted)."""
    done = subprocess.run(
        [sys.executable, "-m", "tutor.cli", *args, "--data-dir", str(tmp_path / "data")],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_piped_answers_are_checked_one_line_at_a_time(tmp_path: Path) -> None:
    out = plain(tmp_path, "3\n5\n3\n", "--plain", WARMUP)
    lines = out.splitlines()
    assert "a = x + y ? 3" in lines
    assert lines[lines.index("a = x + y ? 3") + 1] == "correct"
    assert "b = y + 1 ? 5" in lines
    assert lines[lines.index("b = y + 1 ? 5") + 1].startswith("incorrect")
    assert "b = y + 1 (now 5) ? 3" in lines  # the same blank again, with the wrong entry shown
    assert not ESCAPE.search(out) and not BOX_DRAWING.search(out)


def test_without_a_terminal_the_app_falls_back_to_lines_instead_of_hanging(
    tmp_path: Path,
) -> None:
    out = plain(tmp_path, "3\n", WARMUP)  # no --plain: stdin and stdout are pipes
    assert "a = x + y ? 3" in out and "correct" in out


def test_progress_is_saved_to_the_same_store(tmp_path: Path) -> None:
    plain(tmp_path, "3\n3\n", "--plain", WARMUP)
    store = ProgressStore.open(tmp_path / "data")
    try:
        state = store.instance_state(WARMUP, 0)
        assert dict(state.entries) == {"value:a": "3", "value:b": "3"}
    finally:
        store.close()
    out = plain(tmp_path, "9\n", "--plain", WARMUP)  # back again: it goes on from f
    assert "f = a·b ? 9" in out


def test_hints_come_in_a_ladder_and_the_answer_only_when_confirmed(tmp_path: Path) -> None:
    out = plain(tmp_path, "hint\n" * 4 + "no\nhint\nyes\n", "--plain", WARMUP)
    rungs = re.findall(r"^Hint (\d+): ", out, re.MULTILINE)
    assert rungs == ["1", "2", "3"]  # every text rung before the answer is offered
    assert out.count("The next hint is the answer itself. Show it? (yes or no)") == 2
    assert "The answer is 3 (revealed)." in out
    assert "\nb = y + 1 ?" in out  # and the next blank is asked


def test_skip_previous_and_back_move_between_blanks_and_to_the_list(tmp_path: Path) -> None:
    out = plain(tmp_path, "skip\nprevious\nback\n1\n", "--plain", WARMUP)
    lines = [line for line in out.splitlines() if line.endswith("?") or " ? " in line]
    assert lines[:3] == ["a = x + y ? skip", "b = y + 1 ? previous", "a = x + y ? back"]
    assert "Exercises:" in out and "exercise? 1" in out


def test_the_list_shows_every_exercise_with_its_progress(tmp_path: Path) -> None:
    plain(tmp_path, "3\n", "--plain", WARMUP)
    out = plain(tmp_path, "quit\n", "--plain")
    warmup = next(line for line in out.splitlines() if f"({WARMUP})" in line)
    assert warmup.startswith("1. ") and warmup.endswith("in progress")
    assert re.search(r"^\d+\. .*, new$", out, re.MULTILINE)


def test_finishing_says_how_it_went(tmp_path: Path) -> None:
    answers = "3\n3\n9\n1\n3\n3\n3\n6\n3\n6\n"
    out = plain(tmp_path, answers, "--plain", WARMUP)
    assert "All 10 blanks done: 10 right at the first try, 0 with hints, 0 revealed." in out


def test_a_pseudo_terminal_gets_text_only(tmp_path: Path) -> None:
    """A screen reader's view: a real terminal, `--plain`, no escape sequence in what comes."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: the tutor on the pty
        os.execv(
            sys.executable,
            [sys.executable, "-m", "tutor.cli", "--plain", WARMUP,
             "--data-dir", str(tmp_path / "data")],
        )  # fmt: skip
    seen = b""

    def read_until(marker: bytes, seconds: float = 30) -> None:
        nonlocal seen
        deadline = time.monotonic() + seconds
        while marker not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(fd, 4096)
                except OSError:
                    break
        assert marker in seen, seen.decode(errors="replace")

    try:
        read_until(b"a = x + y ?")
        os.write(fd, b"3\n")
        read_until(b"correct")
        os.write(fd, b"quit\n")
        read_until(b"b = y + 1 ?")
    finally:
        os.waitpid(pid, 0)
        os.close(fd)
    text = seen.decode()
    assert not ESCAPE.search(text) and not BOX_DRAWING.search(text)


def test_plain_mode_is_chosen_without_a_terminal_or_on_a_dumb_one() -> None:
    class Stream(io.StringIO):
        def __init__(self, tty: bool) -> None:
            super().__init__()
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    tty, pipe = Stream(True), Stream(False)
    assert not wants_plain(tty, tty, {"TERM": "xterm-256color"})
    assert wants_plain(tty, tty, {"TERM": "dumb"})
    assert wants_plain(pipe, tty, {}) and wants_plain(tty, pipe, {})
    web = {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}
    assert not wants_plain(pipe, pipe, web)  # textual-serve talks to the app through pipes


def test_an_exercise_that_cannot_open_is_said_and_the_list_follows(tmp_path: Path) -> None:
    store = ProgressStore.open(tmp_path)
    out = io.StringIO()

    def broken(ref: str) -> object:
        raise ValueError("the pack has a typo")

    try:
        PlainTutor(Console(io.StringIO("quit\n"), out), store, broken).run("x/y", None, list)
    finally:
        store.close()
    assert "Cannot open x/y: the pack has a typo" in out.getvalue()
    assert "exercise?" in out.getvalue()


def test_a_failed_save_is_said_at_once_and_so_is_the_recovery(
    tmp_path: Path, flaky_disk: FlakyDisk
) -> None:
    from exercises.loader import resolve_ref

    store = ProgressStore.open(tmp_path)
    out = io.StringIO()

    class Recovering(io.StringIO):
        """The student's input: the disk fills up, then space is freed after the entry."""

        def readline(self, *args: object) -> str:
            line = super().readline()
            if line == "3\n":  # the sheet is open: the disk fills up as the entry is typed
                flaky_disk.error = "database or disk is full"
            if line == "":  # the entry was typed: wait for the failure, then free the disk
                deadline = time.monotonic() + 10
                while store.health.ok and time.monotonic() < deadline:
                    time.sleep(0.02)
                flaky_disk.error = None
                store.flush(5.0)
            return line

    try:
        tutor = PlainTutor(Console(Recovering("3\n"), out), store, resolve_ref)
        tutor.run(WARMUP, None, list)
        store.flush(5.0)
    finally:
        store.close()
    lines = out.getvalue().splitlines()
    failed = [line for line in lines if line.startswith("Not saved:")]
    assert failed, out.getvalue()
    assert "full" in failed[0]
    assert any(line.startswith("Saved:") for line in lines[lines.index(failed[0]) :])


def test_a_line_said_while_a_prompt_waits_goes_on_its_own_line_and_the_prompt_again() -> None:
    out = io.StringIO()
    console = Console(io.StringIO(), out)
    console.waiting = "b = y + 1 ?"
    out.write("b = y + 1 ? ")
    console.say("Not saved: the disk is full")
    assert out.getvalue() == "b = y + 1 ? \nNot saved: the disk is full\nb = y + 1 ? "


def test_control_characters_in_an_entry_never_reach_the_terminal(tmp_path: Path) -> None:
    """A pasted `ESC ] 0 ; ... BEL` (it sets the window title) was written back raw in the
    echo, in the message's caret line and in the prompt `(now ...)`: it shows as ␛ and ␇."""
    out = plain(tmp_path, "\x1b]0;pwned\x07\n", "--plain", WARMUP)
    assert "\x1b" not in out and "\x07" not in out
    assert "a = x + y (now ␛]0;pwned␇) ?" in out


def test_a_very_long_entry_is_cut_short_in_the_prompt(tmp_path: Path) -> None:
    """The prompt repeated a 10,000-digit entry in full (`b = y + 1 (now 9999...) ?`), read
    aloud on every try by a screen reader: it is cut short, the whole entry stays saved."""
    out = plain(tmp_path, "9" * 10_000 + "\n", "--plain", WARMUP)
    prompts = [line for line in out.splitlines() if line.startswith("a = x + y (now ")]
    assert prompts and all(len(line) < 80 and "…" in line for line in prompts)
