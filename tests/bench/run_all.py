"""Runs every benchmark script in tests/bench and reports which stayed within budget.

Benchmarks are not tests: each prints its figures as ratios against a baseline measured in
the same run, and exits non-zero when a budget of DESIGN.md is exceeded.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    failed = []
    for script in sorted(here.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        if subprocess.run([sys.executable, str(script)], check=False).returncode != 0:
            failed.append(script.name)
    print("over budget: " + (", ".join(failed) if failed else "none"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
