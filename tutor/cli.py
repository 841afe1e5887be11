"""Provides the command line: `tutor` (the app), `tutor list/solve/grade/validate` (the engine).

The subcommands never import Textual; no traceback reaches the user for bad input.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

SUBCOMMANDS = (
    "list", "solve", "grade", "blanks", "skills", "progress", "validate", "new", "serve", "export"
)  # fmt: skip
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input from the command line: printed as one message, exit status 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tutor",
        description="dl-tutor: practise the hand computations of a deep-learning course.",
        epilog="Subcommands: " + ", ".join(SUBCOMMANDS) + " (tutor SUBCOMMAND -h for each).",
    )
    parser.add_argument(
        "ref",
        nargs="?",
        help="open this exercise (PACK/EXERCISE or file.toml#ID), or a pack file (file.toml)",
    )
    parser.add_argument(
        "--seed", type=int, default=None, help="the instance of a randomized exercise"
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="where progress is kept")
    parser.add_argument("--no-mouse", action="store_true", help="turn off mouse reporting")
    parser.add_argument(
        "--ascii",
        action="store_true",
        help="draw marks, bars and plots in ASCII (automatic on TERM=linux or a non-UTF-8 locale)",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="a line at a time, for screen readers and scripts (automatic without a terminal)",
    )
    parser.add_argument("--version", action="store_true", help="print the version and storage")
    return parser


def _sub_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tutor")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="list packs and exercises with ids")
    listing.add_argument("packs", nargs="*", help="pack files (default: the built-in packs)")
    listing.add_argument("--json", action="store_true")
    solve = commands.add_parser("solve", help="print the worked answer key")
    solve.add_argument("ref")
    solve.add_argument("--seed", type=int, default=0)
    solve.add_argument("--json", action="store_true")
    solve.add_argument(
        "--working",
        action="store_true",
        help="show each blank's working: the rule, the numbers substituted, the result",
    )
    grade = commands.add_parser("grade", help="check the entries of an answers file")
    grade.add_argument("ref")
    grade.add_argument(
        "--answers",
        required=True,
        type=Path,
        help="JSON {blank id: entry}, or a directory of them (one per student)",
    )
    grade.add_argument("--seed", type=int, default=0)
    grade.add_argument("--json", action="store_true")
    grade.add_argument(
        "--gradescope", action="store_true", help="write Gradescope results.json files"
    )
    grade.add_argument(
        "--output",
        type=Path,
        default=None,
        help="the CSV gradebook (a class) or the results.json folder (--gradescope)",
    )
    grade.add_argument(
        "--jobs", type=_at_least_one, default=None, help="worker processes (default: all cores)"
    )
    grade.add_argument(
        "--working",
        action="store_true",
        help="show each blank's working from the student's own numbers (one answers file)",
    )
    blanks = commands.add_parser("blanks", help="the blank ids and types, without the answers")
    blanks.add_argument("ref")
    blanks.add_argument("--seed", type=int, default=0)
    blanks.add_argument("--json", action="store_true")
    validate = commands.add_parser("validate", help="check pack files and every instance")
    validate.add_argument("paths", nargs="*", help="pack files (default: the built-in packs)")
    validate.add_argument(
        "--seeds", type=_at_least_one, default=5, help="seeds per exercise (default 5)"
    )
    validate.add_argument("--json", action="store_true")
    skills = commands.add_parser("skills", help="the skills each blank of an exercise exercises")
    skills.add_argument("ref")
    skills.add_argument("--seed", type=int, default=0)
    skills.add_argument("--json", action="store_true")
    progress = commands.add_parser("progress", help="mastery per skill, reviews due, what next")
    progress.add_argument("--data-dir", type=Path, default=None, help="where progress is kept")
    progress.add_argument("--json", action="store_true")
    new = commands.add_parser("new", help="print a commented example exercise of a kind")
    new.add_argument("kind", nargs="?", help="the kind (without it: the list of kinds)")
    serve = commands.add_parser("serve", help="serve the app to a web browser")
    serve.add_argument("--host", default="127.0.0.1", help="address (default: loopback only)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--public-url", default=None, help="the address browsers use, if not host")
    serve.add_argument("--data-dir", type=Path, default=None, help="where progress is kept")
    export = commands.add_parser("export", help="write the attempt log (JSON lines or CSV)")
    export.add_argument("--since", default=None, help="only attempts from this date (UTC)")
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", dest="format")
    export.add_argument("--data-dir", type=Path, default=None, help="where progress is kept")
    export.add_argument("--output", type=Path, default=None, help="the file (default: stdout)")
    return parser


def _at_least_one(text: str) -> int:
    """A count of seeds: 0 would check no random instance and still say "all valid"."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"give at least 1, not {count}")
    return count


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in SUBCOMMANDS:
            return _run_subcommand(_sub_parser().parse_args(args))
        return _run_app(_parser().parse_args(args))
    except UsageError as error:
        from engine.controls import visible  # a path or an entry may hold control characters

        print(visible(f"tutor: {error}"), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `tutor list --json | head`: the reader left, nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # a bug of ours: one line for the user, the trace on request
        if os.environ.get("TUTOR_DEBUG"):
            raise
        from tutor.crash import crash_line

        print(crash_line(error), file=sys.stderr)
        return EXIT_INVALID


def _run_subcommand(args: argparse.Namespace) -> int:
    from tutor import commands

    if args.command == "list":
        return commands.list_packs(args.packs, args.json)
    if args.command == "validate":
        return commands.validate(args.paths, args.seeds, args.json)
    if args.command == "progress":
        from tutor.datadir import choose_data_dir

        return commands.progress(choose_data_dir(args.data_dir).path, args.json)
    if args.command == "new":
        return _print_example(args.kind)
    if args.command == "export":
        return _export(args)
    if args.command == "serve":
        from tutor.serve import serve

        return serve(args.host, args.port, args.data_dir, args.public_url)
    from exercises.loader import PackError

    exercise = _resolve(args.ref)
    try:
        worksheet = exercise.instance(args.seed)
    except PackError as error:
        raise UsageError(str(error)) from None
    if args.command == "solve":
        return commands.solve(worksheet, args.json, args.working)
    if args.command == "skills":
        return commands.skills(worksheet, args.json)
    if args.command == "blanks":
        return commands.blanks(worksheet, args.json)
    from tutor.answers_file import AnswersError, read_answers  # the engine: not for `tutor`

    try:
        if args.answers.is_dir() or args.gradescope:
            if args.working:
                raise UsageError("--working goes with one answers file, not a class or Gradescope")
            from tutor.gradebook import grade_to_files

            return grade_to_files(worksheet, args.ref, args)
        return commands.grade(worksheet, read_answers(args.answers), args.json, args.working)
    except AnswersError as error:
        raise UsageError(str(error)) from None


def _resolve(ref: str) -> Any:
    """The exercise a REF names; a bad REF or pack is a UsageError (exit status 2).

    The loader (and numpy with it) is imported here, not at the top: `tutor` alone must
    start as fast as a bare Textual app.
    """
    from exercises.loader import PackError, RefError, resolve_ref

    try:
        return resolve_ref(ref)
    except (RefError, PackError) as error:
        raise UsageError(str(error)) from None


def _export(args: argparse.Namespace) -> int:
    from tutor.datadir import resolve_data_dir
    from tutor.progress_export import SinceError, export, parse_since

    try:
        since = None if args.since is None else parse_since(args.since)
    except SinceError as error:
        raise UsageError(str(error)) from None
    data_dir = resolve_data_dir(args.data_dir)
    if args.output is None:
        export(data_dir, since, args.format, sys.stdout)
        return EXIT_OK
    try:
        with args.output.open("w", encoding="utf-8", newline="") as out:
            export(data_dir, since, args.format, out)
    except OSError as error:
        raise UsageError(f"cannot write {args.output}: {error.strerror or error}") from None
    return EXIT_OK


def _print_example(kind: str | None) -> int:
    from exercises.examples import example, example_kinds

    if kind is None:
        print("kinds: " + ", ".join(example_kinds()))
        print("tutor new KIND > my-pack.toml prints a commented example exercise of KIND")
        return EXIT_OK
    text = example(kind)
    if text is None:
        raise UsageError(f"no kind {kind!r}; the kinds are {', '.join(example_kinds())}")
    sys.stdout.write(text)
    return EXIT_OK


def _run_app(args: argparse.Namespace) -> int:
    from tutor.datadir import choose_data_dir

    choice = choose_data_dir(args.data_dir)
    if args.version:
        from tutor.commands import version_text

        print(version_text(choice))
        return EXIT_OK
    ref, pack_files = args.ref, tuple[str, ...]()
    if ref and ref.endswith(".toml") and "#" not in ref:
        ref, pack_files = None, (_checked_pack_file(args.ref),)
    elif ref:
        _resolve(ref)
    if args.plain or wants_plain(sys.stdin, sys.stdout, dict(os.environ)):
        return _run_plain(ref, args.seed, choice.path, pack_files)
    os.environ.setdefault("ESCDELAY", "25")  # ms to tell Esc from a key's sequence: tutor.driver
    gc.disable()  # start-up builds objects kept for the session: sweeping them again and again
    # costs a tenth of start-up; the app collects and enables it after home's first frame
    from tutor.prefetch import Prefetch

    prefetch = Prefetch(choice.path)  # home's store and listing, read while Textual loads
    from tutor.app import run_app
    from tutor.session.marks import locale_encoding, wants_ascii

    status = run_app(  # non-zero after a crash (one line on stderr, see tutor.crash)
        ref=ref,
        data_dir=choice.path,
        seed=args.seed,
        mouse=not args.no_mouse,
        pack_files=pack_files,
        ascii=args.ascii or wants_ascii(os.environ.get("TERM"), locale_encoding(os.environ)),
        prefetch=prefetch,
    )
    return status or EXIT_OK


def wants_plain(stdin: TextIO, stdout: TextIO, environ: dict[str, str]) -> bool:
    """The line mode is automatic on a dumb terminal or without a terminal at both ends;
    never under textual-serve, whose web driver talks through pipes on purpose."""
    if "TEXTUAL_DRIVER" in environ:
        return False
    if environ.get("TERM") == "dumb":
        return True
    return not (stdin.isatty() and stdout.isatty())


def _run_plain(
    ref: str | None, seed: int | None, data_dir: Path, pack_files: tuple[str, ...]
) -> int:
    from tutor.plain import run_plain
    from tutor.progress import ProgressStore

    store = ProgressStore.open(data_dir)
    if store.notice:
        print(store.notice)
    try:
        run_plain(ref, seed, store, pack_files)
    finally:
        store.close()
    return EXIT_OK


def _checked_pack_file(path: str) -> str:
    """The absolute path of a pack file the app can show (so progress keeps its refs from
    any folder); a file that cannot be read as a pack is a UsageError."""
    from exercises.loader import load_pack_file

    pack, errors = load_pack_file(path)
    if pack is None:
        raise UsageError("\n".join(map(str, errors)) or f"cannot load {path}")
    return str(Path(path).resolve())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
