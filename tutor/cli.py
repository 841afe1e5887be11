"""Provides the command line: `tutor` (the app), `tutor list/solve/grade/validate` (the engine).

The subcommands never import Textual; no traceback reaches the user for bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SUBCOMMANDS = ("list", "solve", "grade", "validate")
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input from the command line: printed as one message, exit status 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tutor",
        description="dl-tutor: practise the hand computations of a deep-learning course.",
        epilog="Subcommands: list, solve, grade, validate (tutor SUBCOMMAND -h for each).",
    )
    parser.add_argument("ref", nargs="?", help="open this exercise (PACK/EXERCISE or file.toml#ID)")
    parser.add_argument(
        "--seed", type=int, default=None, help="the instance of a randomized exercise"
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="where progress is kept")
    parser.add_argument("--no-mouse", action="store_true", help="turn off mouse reporting")
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
    grade = commands.add_parser("grade", help="check the entries of an answers file")
    grade.add_argument("ref")
    grade.add_argument("--answers", required=True, type=Path, help="JSON {blank id: entry}")
    grade.add_argument("--seed", type=int, default=0)
    grade.add_argument("--json", action="store_true")
    validate = commands.add_parser("validate", help="check pack files and every instance")
    validate.add_argument("paths", nargs="*", help="pack files (default: the built-in packs)")
    validate.add_argument(
        "--seeds", type=_at_least_one, default=5, help="seeds per exercise (default 5)"
    )
    validate.add_argument("--json", action="store_true")
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
        print(f"tutor: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `tutor list --json | head`: the reader left, nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # a bug of ours: one line for the user, the trace on request
        if os.environ.get("TUTOR_DEBUG"):
            raise
        print(
            f"tutor: internal error ({type(error).__name__}: {error}); "
            "run again with TUTOR_DEBUG=1 for the details and please report it",
            file=sys.stderr,
        )
        return EXIT_INVALID


def _run_subcommand(args: argparse.Namespace) -> int:
    from tutor import commands

    if args.command == "list":
        return commands.list_packs(args.packs, args.json)
    if args.command == "validate":
        return commands.validate(args.paths, args.seeds, args.json)
    from exercises.loader import PackError

    exercise = _resolve(args.ref)
    try:
        worksheet = exercise.instance(args.seed)
    except PackError as error:
        raise UsageError(str(error)) from None
    if args.command == "solve":
        return commands.solve(worksheet, args.json)
    return commands.grade(worksheet, _read_answers(args.answers), args.json)


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


MAX_ANSWERS_BYTES = 10_000_000


def _read_answers(path: Path) -> dict[str, str]:
    try:
        if path.stat().st_size > MAX_ANSWERS_BYTES:
            raise UsageError(f"{path} is too large for an answers file (at most 10 MB)")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"cannot read the answers file {path}: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(f"{path} is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise UsageError(f'{path} must hold a JSON object: {{"BLANK_ID": "entry", ...}}')
    answers: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise UsageError(f"{path}: the entry for {key!r} must be text or a number")
        answers[str(key)] = value if isinstance(value, str) else repr(value)
    return answers


def _run_app(args: argparse.Namespace) -> int:
    from tutor.datadir import choose_data_dir

    choice = choose_data_dir(args.data_dir)
    if args.version:
        from tutor.commands import version_text

        print(version_text(choice))
        return EXIT_OK
    if args.ref:
        _resolve(args.ref)
    from tutor.app import run_app

    run_app(ref=args.ref, data_dir=choice.path, seed=args.seed, mouse=not args.no_mouse)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
