"""Builds tests/diagnosis/corpus.json: realistic student slips with the verdict and mistake ids
a tutor should give.

Run: .venv/bin/python tests/diagnosis/build_corpus.py  (then commit corpus.json with it).

Each slip module computes the student's wrong entry itself, in plain Python and numpy, from the
described mistake and the student's own (often rounded) earlier entries. Nothing here imports
the engine: the corpus is a measuring instrument, so it must not share the engine's errors.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import slips_adaptive  # noqa: E402
import slips_autodiff  # noqa: E402
import slips_big_graph  # noqa: E402
import slips_calculus  # noqa: E402
import slips_conv  # noqa: E402
import slips_course_graphs  # noqa: E402
import slips_cs231n  # noqa: E402
import slips_momentum  # noqa: E402
import slips_network  # noqa: E402
import slips_numeric  # noqa: E402
import slips_optim  # noqa: E402
import slips_own_graphs  # noqa: E402
import slips_paper_gates  # noqa: E402
import slips_paper_graphs  # noqa: E402
import slips_paper_own  # noqa: E402
import slips_paper_steps  # noqa: E402
import slips_pooling  # noqa: E402
import slips_precision  # noqa: E402
import slips_seeded  # noqa: E402
import slips_softmax  # noqa: E402
from cases import Case  # noqa: E402

CORPUS = HERE / "corpus.json"


def all_cases() -> list[Case]:
    found = [
        *slips_autodiff.cases(),
        *slips_course_graphs.cases(),
        *slips_big_graph.cases(),
        *slips_own_graphs.cases(),
        *slips_cs231n.cases(),
        *slips_precision.cases(),
        *slips_softmax.cases(),
        *slips_numeric.cases(),
        *slips_optim.cases(),
        *slips_momentum.cases(),
        *slips_adaptive.cases(),
        *slips_conv.cases(),
        *slips_pooling.cases(),
        *slips_network.cases(),
        *slips_calculus.cases(),
        *slips_seeded.cases(),
        *slips_paper_graphs.cases(),
        *slips_paper_gates.cases(),
        *slips_paper_steps.cases(),
        *slips_paper_own.cases(),
    ]
    seen: set[str] = set()
    for case in found:
        if case.id in seen:
            raise SystemExit(f"duplicate case id {case.id}")
        seen.add(case.id)
    return found


def main() -> int:
    cases = all_cases()
    text = json.dumps([c.to_json() for c in cases], indent=1, ensure_ascii=False)
    CORPUS.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases to {CORPUS.relative_to(HERE.parents[1])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
