"""Provides the skills: every skill's id and name, the skill each diagnosed mistake counts
against, and a pack's knowledge-tracing parameters per skill (`bkt`), checked.

Which skills a blank exercises is derived from the worksheet (exercises.blank_skills). A mistake
diagnosed on an entry counts against the skill it names (`MISTAKE_SKILLS`); a mistake without
one counts against the blank's first skill.
"""

from __future__ import annotations

from engine.ops import DISPLAY

#: Every skill: id -> what a student reads on the skills screen.
SKILLS: dict[str, str] = {
    "forward-pass": "evaluating a node",
    "decomposition": "writing the computation graph",
    "seeding": "seeding a sweep",
    "chain-rule": "the chain rule",
    "merging-paths": "merging paths at a node",
    "jacobian-entry": "a Jacobian entry",
    "sum-rule": "d of a sum",
    "product-rule": "the product rule",
    "quotient-rule": "the quotient rule",
    "power-rule": "d uⁿ",
    "radians": "trigonometry in radians",
    "finite-difference": "a finite difference",
    "central-difference": "the central difference",
    "shifted-values": "values at shifted points",
    "objective-gradient": "the gradient of the objective",
    "loss-value": "the loss at an iterate",
    "gd-step": "the gradient step",
    "momentum-form": "the momentum update",
    "moving-average": "a moving average ((1 - β) weights)",
    "bias-correction": "Adam's bias correction",
    "adaptive-step": "an adaptive step (ε outside the root)",
    "conv-output-size": "conv output size",
    "pool-output-size": "pooling output size",
    "padding": "padding",
    "stride": "stride",
    "dilation": "dilation",
    "conv-cell": "a convolution cell",
    "cross-correlation": "no kernel flip (cross-correlation)",
    "channels": "input channels",
    "bias": "the bias",
    "max-pool": "max pooling",
    "avg-pool": "average pooling",
    "flatten": "flattening",
    "layer-shape": "the shape after a layer",
    "conv-params": "conv parameters",
    "linear-params": "fully connected parameters",
    "norm-params": "normalization parameters",
    "no-params": "layers without parameters",
    "total-params": "the total parameter count",
    "matrix-calculus": "a gradient in matrix form",
    "gradient-shape": "the shape of a gradient",
    "closed-form": "a closed form",
    "interval": "an interval",
    "direction": "a direction",
    "complexity": "a complexity class",
}

_OP_SKILLS = {"add": "sum-rule", "sub": "sum-rule", "neg": "sum-rule", "mul": "product-rule",
              "div": "quotient-rule", "pow": "power-rule"}  # fmt: skip


def op_skill(op: str) -> str:
    """The local rule of an op: d-sin, d-exp, ... or the rule of an arithmetic op."""
    return _OP_SKILLS.get(op) or f"d-{op}"


def skill_name(skill: str) -> str:
    """What a student reads for a skill id."""
    if skill in SKILLS:
        return SKILLS[skill]
    if skill.startswith("d-"):
        return f"d {DISPLAY.get(skill[2:], skill[2:])}"
    return skill.replace("-", " ")


#: A diagnosed mistake counts against this skill (ids of engine/catalogue.py).
MISTAKE_SKILLS: dict[str, str] = {
    "missing-path": "merging-paths", "sum-as-product": "merging-paths",
    "local-only": "chain-rule", "times-value": "chain-rule", "value-for-derivative": "chain-rule",
    "dropped-seed": "seeding", "transposed-jacobian": "jacobian-entry",
    "cos-derivative": "d-cos", "tanh-derivative": "d-tanh", "relu-derivative": "d-relu",
    "partial-at-input": "chain-rule",
    "sub-sign": "sum-rule", "sigmoid-derivative": "d-sigmoid",
    "sigmoid-skipped": "d-sigmoid",
    "cosh-derivative": "d-cosh", "softmax-sign": "d-sigmoid",
    "degrees": "radians", "log10": "d-log", "partial-at-output": "chain-rule",
    "power-rule": "power-rule", "quotient-rule": "quotient-rule",
    "central-for-forward": "finite-difference", "forward-for-central": "finite-difference",
    "no-divide": "finite-difference", "exact-derivative": "finite-difference",
    "missing-chain-factor": "chain-rule", "layout": "gradient-shape",
    "shape-of-f": "gradient-shape", "column-vector": "gradient-shape",
    "missing-transpose-term": "matrix-calculus", "shape-mismatch": "gradient-shape",
    "lr-missing": "gd-step", "stale-gradient": "gd-step", "gradient-after-update": "gd-step",
    "momentum-convention": "momentum-form", "no-bias-correction": "bias-correction",
    "no-beta-factor": "moving-average", "eps-inside-sqrt": "adaptive-step",
    "accum-not-squared": "adaptive-step",
    "kernel-flipped": "cross-correlation", "no-padding": "padding", "stride-ignored": "stride",
    "dilation-ignored": "dilation", "forgot-bias": "bias", "forgot-in-channels": "channels",
    "channels-summed": "channels", "pool-op-swapped": "max-pool", "pool-has-params": "no-params",
    "no-flatten": "flatten", "addition-slip": "total-params",
    "lr-inverted": "gd-step", "missing-term": "objective-gradient",
    "no-momentum": "momentum-form", "no-momentum-factor": "momentum-form",
    "beta-swapped": "moving-average", "no-accumulation": "adaptive-step",
    "no-sqrt": "adaptive-step", "stale-accumulator": "adaptive-step",
    "backward-for-central": "central-difference", "both-perturbed": "shifted-values",
    "wrong-output": "finite-difference", "padding-added": "padding", "window-shifted": "conv-cell",
    "sub-as-add": "sum-rule", "max-routes-all": "chain-rule", "value-as-partial": "chain-rule",
    "velocity-after-step": "momentum-form", "kernel-transposed": "cross-correlation",
    "padding-once": "padding",
    "bias-added": "bias", "bias-per-channel": "bias", "sum-not-mean": "avg-pool",
    "pool-ignored": "pool-output-size", "wrong-in-channels": "channels",
    "activation-has-params": "no-params",
    "graph-off": "decomposition", "groups-ignored": "channels", "closed-end": "interval",
    "open-end": "interval",
    "opposite-direction": "direction",
    "missing-delta": "jacobian-entry",
    "indices-swapped": "jacobian-entry", "t-off-by-one": "bias-correction",
    "wrong-term": "gd-step", "best-not-largest": "gd-step", "missing-abs": "gd-step",
    "bn-running-stats": "norm-params", "channels-last": "conv-output-size",
    "flatten-before-pool": "flatten", "kept-channels": "channels", "padding-not-counted": "padding",
}  # fmt: skip


def mistake_skill(mistake: str | None, skills: tuple[str, ...]) -> str | None:
    """The skill a diagnosed mistake counts against: the one it names, else the blank's own."""
    if mistake and mistake in MISTAKE_SKILLS:
        return MISTAKE_SKILLS[mistake]
    return skills[0] if skills else None


BKT_PARAMETERS = ("prior", "learn", "slip", "guess")


def is_skill(name: str) -> bool:
    """A skill id this module can derive: one of SKILLS, or `d-OP` for an op's local rule."""
    return name in SKILLS or (name.startswith("d-") and name[2:] in DISPLAY)


def read_bkt(value: object) -> tuple[dict[str, dict[str, float]], list[tuple[str, str]]]:
    """A pack's `bkt` table, checked: {skill: {parameter: probability}}, and the problems
    found as (field, message)."""
    if not isinstance(value, dict):
        return {}, [
            ("bkt", "bkt must be a table of skills, e.g. { merging-paths = { prior = 0.3 } }")
        ]
    overrides: dict[str, dict[str, float]] = {}
    problems: list[tuple[str, str]] = []
    for skill, params in value.items():
        where = f"bkt.{skill}"
        if not is_skill(str(skill)):
            problems.append((where, f"no skill {skill!r}; `tutor skills REF` lists the skills"))
            continue
        if not isinstance(params, dict):
            problems.append((where, "give a table such as { prior = 0.3, slip = 0.05 }"))
            continue
        checked: dict[str, float] = {}
        for name, number in params.items():
            if name not in BKT_PARAMETERS:
                problems.append(
                    (f"{where}.{name}", f"the parameters are {', '.join(BKT_PARAMETERS)}")
                )
            elif (
                isinstance(number, bool)
                or not isinstance(number, (int, float))
                or not 0 <= number <= 1
            ):
                problems.append((f"{where}.{name}", "a probability between 0 and 1"))
            else:
                checked[str(name)] = float(number)
        overrides[str(skill)] = checked
    return overrides, problems
