"""`tutor solve --working`: each blank's working as text, and as a "working" list in the JSON.

GD on f(w) = w⁴ from w(0) = 2 with η = 0.01, by hand: g(0) = 4·2³ = 32, w(1) = 2 - 0.01·32 = 1.68.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import run

PACK = (
    '[pack]\nid = "demo"\ntitle = "Demo"\n\n[[exercise]]\nid = "gd4"\ntitle = "GD on w^4"\n'
    'kind = "gradient-descent"\nobjective = "w^4"\nstart = { w = 2 }\nlr = 0.01\nsteps = 1\n'
)


@pytest.fixture
def ref(tmp_path: Path) -> str:
    path = tmp_path / "demo.toml"
    path.write_text(PACK)
    return f"{path}#gd4"


def test_json_gains_a_working_list_per_blank(capsys: pytest.CaptureFixture[str], ref: str) -> None:
    status, out, _ = run(capsys, "solve", ref, "--json", "--working")
    assert status == 0
    blanks = {b["id"]: b for b in json.loads(out)["blanks"]}
    assert blanks["gradient:0"]["working"][-3:] == ["= 4·2^3", "= 4·8", "= 32"]
    assert blanks["iterate:1"]["working"] == ["w(1) = w(0) - η·g(0)", "= 2 - 0.01·32", "= 1.68"]
    assert blanks["iterate:1"]["answer"] == pytest.approx(1.68)


def test_json_without_the_option_is_unchanged(capsys: pytest.CaptureFixture[str], ref: str) -> None:
    _, out, _ = run(capsys, "solve", ref, "--json")
    assert all("working" not in b for b in json.loads(out)["blanks"])


def test_text_prints_the_working_after_the_key(
    capsys: pytest.CaptureFixture[str], ref: str
) -> None:
    status, out, _ = run(capsys, "solve", ref, "--working")
    assert status == 0
    working = out[out.index("Working") :]
    assert "w(1) = w(0) - η·g(0)" in working and "= 2 - 0.01·32" in working
    assert working.index("= 4·2^3") < working.index("= 2 - 0.01·32")
