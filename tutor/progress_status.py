"""Provides the exercise statuses: the one table of them, and the SQL that ranks an instance.

An instance (an exercise at one seed) is ranked from its blanks' latest verdicts, hints and
reveals; its best finished rank is kept in the instance row, so that retyping a value or a
reset never takes a done mark away. An exercise's status is the best over its instances.
"""

from __future__ import annotations

STATUSES = ("not-started", "in-progress", "revealed", "done-with-hints", "done")
"""Worst to best (the screens show them as new, in progress, revealed, done with hints, done).

- not-started: nothing answered, no hint asked;
- in-progress: something answered or a hint asked, not every blank right;
- revealed: every blank right or revealed, at least one revealed: finished but not done;
- done-with-hints: every blank right, none revealed, a hint used on at least one;
- done: every blank right with no hint.
"""
DONE = frozenset({"done", "done-with-hints"})
"""The statuses a pack's progress counts."""
FINISHED = STATUSES.index("revealed")
"""Ranks from here up are kept as an instance's best result."""


def rank_sql(total: str, unfinished: int = 1) -> str:
    """SQL for the rank of the instance row `instance` from its blanks, given its blank count.

    `total` is the SQL of the number of blanks; `unfinished` the rank of an instance that was
    worked on but is not finished (0 to keep only finished results).
    """
    return f"""(SELECT CASE
        WHEN count(*) = 0 THEN 0
        WHEN {total} <= 0 OR sum(status IS 'correct' OR revealed) < {total} THEN {unfinished}
        WHEN sum(revealed) > 0 THEN {STATUSES.index("revealed")}
        WHEN sum(hint_rung > 0) > 0 THEN {STATUSES.index("done-with-hints")}
        ELSE {STATUSES.index("done")} END
    FROM blank WHERE blank.ref = instance.ref AND blank.seed = instance.seed)"""


RAISE_BEST = f"""
UPDATE instance SET best = max(best, {rank_sql("instance.blanks", unfinished=0)})
WHERE ref = ?1 AND seed = ?2 AND blanks > 0
"""
"""Keep an instance's finished result once reached (params: ref, seed)."""

RANKED_AT_ONCE = 400
"""Refs ranked by one query (two parameters each: SQLite's oldest limit is 999)."""


def ranks_sql(count: int) -> str:
    """SQL for each instance's rank, now or at its best, of `count` refs: (ref, rank) rows
    (params: ref, then the blank count used where the instance has none stored, per ref)."""
    wanted = ", ".join(["(?, ?)"] * count)
    rank = rank_sql("coalesce(nullif(instance.blanks, 0), wanted.total)")
    return f"""
    WITH wanted(ref, total) AS (VALUES {wanted})
    SELECT wanted.ref, max(instance.best, {rank})
    FROM wanted JOIN instance ON instance.ref = wanted.ref
    """


def status_of(rank: int) -> str:
    """The status named by a rank (0 for none)."""
    return STATUSES[max(0, min(rank, len(STATUSES) - 1))]
