"""Tests of the skills derived from worksheets: every built-in blank has some, a few by hand."""

from __future__ import annotations

import pytest

from engine.catalogue import ROWS
from exercises.blank_skills import blank_skills
from exercises.loader import load_builtin_packs, resolve_ref
from exercises.skills import MISTAKE_SKILLS, SKILLS, mistake_skill, skill_name


def test_every_built_in_blank_has_a_known_skill() -> None:
    for pack in load_builtin_packs().packs:
        for exercise in pack.exercises:
            for blank_id, skills in blank_skills(exercise.instance(0)).items():
                assert skills, f"{exercise.ref} {blank_id}"
                for skill in skills:
                    assert skill in SKILLS or skill.startswith("d-"), (exercise.ref, skill)


def test_the_warm_up_by_hand() -> None:
    """f = a·b, a = x + y, b = y + 1: y feeds a and b, so its adjoint merges two paths."""
    skills = blank_skills(resolve_ref("autodiff/warmup-reverse").instance(0))
    assert skills["value:f"] == ("forward-pass",)
    assert skills["adjoint:f:f"] == ("seeding",)
    assert skills["adjoint:f:a"] == ("product-rule", "chain-rule")
    assert skills["adjoint:f:x"] == ("sum-rule", "chain-rule")
    assert skills["adjoint:f:y"] == ("sum-rule", "chain-rule", "merging-paths")
    assert skills["jacobian:f:y"][0] == "jacobian-entry"


def test_the_survey_forward_trace_by_hand() -> None:
    """v1 = ln v-1, v2 = v-1·v0, v3 = sin v0, v4 = v1 + v2, v5 = v4 - v3, seeded on x1."""
    skills = blank_skills(resolve_ref("autodiff/survey-forward").instance(0))
    assert skills["tangent:x1:v1"] == ("d-log", "chain-rule")
    assert skills["tangent:x1:v3"] == ("d-sin", "chain-rule")
    assert skills["tangent:x1:v4"] == ("sum-rule", "chain-rule", "merging-paths")
    assert skills["tangent:x1:v5"] == ("sum-rule", "chain-rule")  # v3 carries nothing of x1
    assert skills["value:v3"] == ("forward-pass", "radians")


def test_a_convolution_by_hand() -> None:
    """A 3x3 kernel with padding 1: the corner cell's window reaches into the padding."""
    skills = blank_skills(resolve_ref("convnets/laplacian-5x5").instance(0))
    assert skills["shape"] == ("conv-output-size", "padding")
    assert skills["output:0:0"] == ("conv-cell", "cross-correlation", "padding")
    assert skills["output:2:2"] == ("conv-cell", "cross-correlation")


def test_a_network_by_hand() -> None:
    skills = blank_skills(resolve_ref("convnets/vgg-112").instance(0))
    assert skills["params:0"] == ("conv-params", "channels", "bias")
    assert skills["params:1"] == ("no-params",)
    assert skills["shape:1"][0] == "pool-output-size"
    assert skills["total"] == ("total-params",)


def test_adam_by_hand() -> None:
    skills = blank_skills(resolve_ref("optimizers/adam-random").instance(0))
    assert skills["m:1"] == ("moving-average",)
    assert skills["m_hat:1"] == ("bias-correction",)
    assert skills["iterate:1"] == ("gd-step", "adaptive-step")
    assert skills["gradient:0"] == ("objective-gradient",)


def test_the_sigmoid_derivative_needs_d_sigmoid() -> None:
    skills = blank_skills(resolve_ref("derivatives/sigmoid").instance(0))
    assert skills == {"derivative": ("d-sigmoid",)}


CATALOGUE = {row.id for row in ROWS}


@pytest.mark.parametrize("mistake", sorted(MISTAKE_SKILLS))
def test_every_mapped_mistake_names_a_skill(mistake: str) -> None:
    skill = MISTAKE_SKILLS[mistake]
    assert skill in SKILLS or skill.startswith("d-")


def test_every_catalogued_mistake_of_a_skill_is_mapped() -> None:
    """Mistakes that name a skill are mapped; the generic slips count against the blank's own."""
    generic = {"sign-dropped", "digits-swapped", "power-of-ten", "too-imprecise", "other-node",
               "known-mistake", "off-by-one", "no-floor", "not-expected", "sign-flip",
               "constant-factor", "self-instead-of-derivative", "wrong-variable"}  # fmt: skip
    unmapped = CATALOGUE - set(MISTAKE_SKILLS) - generic
    assert not unmapped, f"map these to a skill in exercises/skills.py: {sorted(unmapped)}"


def test_a_mistake_without_a_skill_counts_against_the_blanks_own() -> None:
    assert mistake_skill("missing-path", ("sum-rule", "merging-paths")) == "merging-paths"
    assert mistake_skill("digits-swapped", ("sum-rule", "merging-paths")) == "sum-rule"
    assert mistake_skill(None, ()) is None


def test_skill_names_read_as_words() -> None:
    assert skill_name("d-log") == "d ln"
    assert skill_name("merging-paths") == "merging paths at a node"


PACK = (
    '[pack]\nid = "p"\ntitle = "P"\nbkt = {BKT}\n\n[[exercise]]\nid = "e"\ntitle = "E"\n'
    'kind = "forward-ad"\nfunction = "x*y"\nat = { x = 2, y = 3 }\n'
)


@pytest.mark.parametrize(
    ("bkt", "field", "words"),
    [
        ('{ "merging-path" = { prior = 0.3 } }', "bkt.merging-path", "no skill"),
        ('{ "d-sin" = { prior = 1.5 } }', "bkt.d-sin.prior", "between 0 and 1"),
        ('{ "d-sin" = { priors = 0.5 } }', "bkt.d-sin.priors", "the parameters are"),
        ("3", "bkt", "a table of skills"),
    ],
)
def test_a_bad_bkt_table_is_named_with_its_line(bkt: str, field: str, words: str) -> None:
    from exercises.loader import load_pack_text

    pack, errors = load_pack_text(PACK.replace("{BKT}", bkt), "course.toml")
    assert pack is not None
    assert [(e.line, e.field) for e in errors] == [(4, field)]
    assert words in errors[0].message and str(errors[0]).startswith("course.toml:4:")


def test_a_good_bkt_table_reaches_the_pack() -> None:
    from exercises.loader import load_pack_text

    text = PACK.replace("{BKT}", '{ "merging-paths" = { prior = 0.3, slip = 0.05 } }')
    pack, errors = load_pack_text(text, "course.toml")
    assert not errors and pack is not None
    assert pack.bkt == {"merging-paths": {"prior": 0.3, "slip": 0.05}}
