"""Provides the learner's report as lines of text: bars, a mastery sparkline per skill, reviews,
what to practise next, mistakes met most often and time per day. Plain text, so it reads the
same in the CLI, the app, ASCII mode and NO_COLOR (`ascii` swaps the block glyphs for ASCII).
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.catalogue import CATALOGUE
from exercises.skills import skill_name
from tutor.learning.report import Report

SPARKS = "▁▂▃▄▅▆▇█"
ASCII_SPARKS = "0123456789"
BAR_WIDTH = 20


def bar(value: float, *, ascii: bool = False, width: int = BAR_WIDTH) -> str:
    """`[#######-------------]`: a probability as a bar of `width` cells."""
    full, empty = ("#", "-") if ascii else ("█", "░")
    filled = round(max(0.0, min(1.0, value)) * width)
    return "[" + full * filled + empty * (width - filled) + "]"


def sparkline(values: Sequence[float], *, ascii: bool = False, width: int = 16) -> str:
    """Mastery after each of the last `width` tries, one glyph each (low to high)."""
    glyphs = ASCII_SPARKS if ascii else SPARKS
    top = len(glyphs) - 1
    return "".join(glyphs[round(max(0.0, min(1.0, v)) * top)] for v in values[-width:])


def skill_lines(report: Report, *, ascii: bool = False) -> list[tuple[str, str]]:
    """(skill, line) per skill, weakest first: bar, mastery, name, right/tries, recent trend."""
    lines = []
    order = sorted(report.skills.items(), key=lambda item: item[1].mastery)
    for skill, state in order:
        tries = f"{state.attempts} {'try' if state.attempts == 1 else 'tries'}"
        mark = "mastered after" if state.mastered else f"{state.right} right of"
        trend = sparkline([m for _, m in state.history], ascii=ascii)
        line = (
            f"{bar(state.mastery, ascii=ascii)} {state.mastery:4.2f}  {skill_name(skill)}"
            f"  ({mark} {tries})  {trend}"
        )
        lines.append((skill, line))
    return lines


def report_lines(report: Report, *, ascii: bool = False) -> list[str]:
    """The whole report, in reading order."""
    lines = ["Skills, weakest first (mastery, then the trend of the last tries):"]
    lines += ["  " + line for _, line in skill_lines(report, ascii=ascii)] or [
        "  nothing tried yet"
    ]
    if report.due:
        names = ", ".join(skill_name(r.skill) for r in report.due)
        lines.append(f"Reviews due: {len(report.due)} ({names})")
    else:
        lines.append("Reviews due: none")
    if report.next is not None:
        lines.append(f"Practise next (n): {report.next.title} ({report.next.reason})")
    if report.mistakes:
        lines.append("Mistakes met most often:")
        for (mistake, ref), count in report.mistakes.most_common(5):
            meaning = CATALOGUE[mistake].meaning if mistake in CATALOGUE else mistake
            lines.append(f"  {count}x {meaning} [{mistake}], last in {ref}")
    if report.minutes:
        lines.append("Time per day (UTC):")
        for day, minutes in sorted(report.minutes.items())[-7:]:
            lines.append(f"  {day}  {minutes:.0f} min")
    return lines


def report_text(report: Report, *, ascii: bool = False) -> str:
    return "\n".join(report_lines(report, ascii=ascii))
