"""Provides the `gradient-descent` kind: optimizer iterates as blanks, with follow-through.

Each step's gradient, method state and iterate is a blank whose expected value the
student can also reach from their own earlier entries (follow-through). The update rules
are engine.optim's tables, the mistakes engine.optim_mistakes' perturbations of them.
"""

from __future__ import annotations

from typing import Any

from engine.errors import MathError
from engine.optim import run
from exercises.kinds import register
from exercises.kinds.optimizer_blanks import Sheet
from exercises.kinds.optimizer_questions import convergence_blanks, lr_blanks
from exercises.kinds.optimizer_spec import FIELDS, check_asks, read_spec
from exercises.kinds.optimizer_symbolic import build_symbolic
from exercises.kinds.optimizer_text import prompt_text, result_json, visual_of
from exercises.model import Degenerate, Instance, Kind, SpecError, Worksheet


def build(instance: Instance) -> Worksheet:
    spec = read_spec(instance)
    if spec.lr_symbol:
        return build_symbolic(instance, spec)
    convergence = check_asks(spec)
    try:
        trace = run(spec.objective, spec.settings, spec.steps, spec.start)
    except MathError as error:
        raise Degenerate(f"f cannot be evaluated at the start: {error}") from None
    if trace.kinks:
        raise Degenerate(f"the gradient is taken exactly at a kink ({trace.kinks[0]})")
    if spec.steps and not trace.steps:
        raise Degenerate(f"the first step already fails: {trace.stop_reason}")
    if trace.steps and not any(trace.steps[0].gradient):
        raise Degenerate("the start is a stationary point (the first gradient is 0): no step moves")
    sheet = Sheet(spec, trace, instance.tolerance)
    blanks = sheet.blanks()
    extras: dict[str, Any] = {}
    if convergence is not None:
        blanks.extend(convergence_blanks(spec, convergence, instance.tolerance))
    blanks.extend(lr_blanks(spec, trace, instance.tolerance, extras))
    if not blanks:
        raise SpecError(
            "steps",
            "nothing to fill in: take at least one step or ask for "
            "something (ask_loss, ask_max_lr, ...)",
        )
    return instance.worksheet(
        prompt_text(spec, trace, instance.prompt),
        blanks,
        result_json(spec, trace, convergence, extras),
        visual_of(spec, trace),
    )


register(Kind("gradient-descent", FIELDS, build, one_of=(("objective", "terms"),)))
