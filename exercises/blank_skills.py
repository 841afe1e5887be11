"""Provides blank_skills: the skills each blank of a worksheet exercises, derived from the
worksheet itself.

Nothing is written by hand in a pack: an autodiff blank needs the local rule of the op it
crosses and the structure of the sweep (seeding, merging paths, a Jacobian entry), an optimizer
blank the parts of its method's step, a grid or network blank the arithmetic of its layer, a
symbolic blank the rules its key uses. The skills themselves are named in exercises.skills.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from engine.errors import MathError
from engine.expr import Expr, parse, postorder
from exercises.model import Blank, Worksheet
from exercises.skills import SKILLS, op_skill


def blank_skills(worksheet: Worksheet) -> dict[str, tuple[str, ...]]:
    """Every blank's skills, in worksheet order; the first is the blank's own main skill."""
    derive = _DERIVERS.get(worksheet.kind, _generic)
    return {blank.id: _unique(derive(worksheet, blank)) for blank in worksheet.blanks}


def _unique(skills: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(skills))


# -- autodiff -------------------------------------------------------------------------------


def _graph(worksheet: Worksheet, blank: Blank) -> list[str]:
    graph = getattr(worksheet.visual, "graph", None)
    kind, *rest = blank.id.split(":")
    node = rest[-1] if rest else ""
    if kind == "jacobian":
        return ["jacobian-entry", "seeding"]
    if kind == "graph":
        return ["decomposition"]
    if graph is None or kind not in ("value", "tangent", "adjoint", "local", "term"):
        return ["forward-pass"]
    steps = {step.name: step for step in graph.steps}
    if kind in ("local", "term"):  # local:N:A, the rule of N; term:F:A:C, C's rule, chained
        step = steps.get(rest[0] if kind == "local" else node)
        rules = _rules(step.expr) if step is not None else []
        return [*rules, *(["chain-rule"] if kind == "term" else [])] or ["chain-rule"]
    if kind == "value":
        step = steps.get(node)
        trig = step is not None and _uses(step.expr, ("sin", "cos", "tan"))
        return ["forward-pass", *(["radians"] if trig else [])]
    if kind == "tangent":
        step = steps.get(node)
        if step is None:
            return ["seeding"]
        seed = graph.variables.get(rest[0], rest[0])
        carried = {ref for ref in step.refs if _reaches(steps, ref, seed)}
        merging = ["merging-paths"] if len(carried) > 1 else []
        return [*_rules(step.expr), "chain-rule", *merging]
    consumers = graph.consumers(node)
    if not consumers:
        return ["seeding"]
    rules = [skill for step in consumers for skill in _rules(step.expr)]
    merging = ["merging-paths"] if len(consumers) > 1 else []
    return [*rules, "chain-rule", *merging]


def _reaches(steps: Mapping[str, Any], name: str, source: str) -> bool:
    """`name` depends on the node `source` (is it, or is computed from it)."""
    pending, seen = [name], set()
    while pending:
        current = pending.pop()
        if current == source:
            return True
        if current not in seen and current in steps:
            seen.add(current)
            pending.extend(steps[current].refs)
    return False


def _rules(expr: Expr) -> list[str]:
    """The local rules of every operation in a step's right side."""
    return [op_skill(n.op) for n in postorder(expr) if n.op not in ("input", "const")]


def _uses(expr: Expr, ops: tuple[str, ...]) -> bool:
    return any(n.op in ops for n in postorder(expr))


def _numeric_diff(worksheet: Worksheet, blank: Blank) -> list[str]:
    if blank.id == "graph":
        return ["decomposition"]
    if blank.id.startswith("jacobian:"):
        central = worksheet.result.get("scheme") == "central"
        return ["finite-difference", *(["central-difference"] if central else [])]
    return ["shifted-values", "forward-pass"]


# -- optimizers -----------------------------------------------------------------------------

_METHOD_STEP = {
    "momentum": "momentum-form",
    "nesterov": "momentum-form",
    "adagrad": "adaptive-step",
    "rmsprop": "adaptive-step",
    "adam": "adaptive-step",
}
_QUANTITY = {"gradient": "objective-gradient", "loss": "loss-value", "velocity": "momentum-form",
             "m": "moving-average", "v": "moving-average", "m_hat": "bias-correction",
             "v_hat": "bias-correction", "accumulator": "adaptive-step"}  # fmt: skip


def _optimizer(worksheet: Worksheet, blank: Blank) -> list[str]:
    quantity = str(blank.extra.get("quantity", blank.id.split(":")[0]))
    if quantity == "iterate":
        method = str(worksheet.result.get("method", "gd"))
        return ["gd-step", *([_METHOD_STEP[method]] if method in _METHOD_STEP else [])]
    return [_QUANTITY.get(quantity, "gd-step")]


# -- grids and networks ---------------------------------------------------------------------


def _settings(visual: Any) -> list[str]:
    """padding, stride and dilation where the layer uses them."""
    found = []
    for name, plain in (("padding", (0, 0)), ("stride", (1, 1)), ("dilation", (1, 1))):
        if tuple(getattr(visual, name, plain)) != plain:
            found.append(name)
    return found


def _grid(worksheet: Worksheet, blank: Blank) -> list[str]:
    visual = worksheet.visual
    operation = str(getattr(visual, "operation", "convolution"))
    if blank.id == "shape":
        size = "conv-output-size" if operation == "convolution" else "pool-output-size"
        return [size, *_settings(visual)]
    if operation != "convolution":
        return ["max-pool" if operation == "max-pool" else "avg-pool"]
    skills = ["conv-cell", "cross-correlation"]
    if len(blank.extra.get("channels", ())) > 1:
        skills.append("channels")
    if getattr(visual, "bias", ()):
        skills.append("bias")
    if _touches_padding(blank.extra, getattr(visual, "padding", (0, 0))):
        skills.append("padding")
    return skills


def _touches_padding(extra: Mapping[str, Any], padding: tuple[int, int]) -> bool:
    """The window reaches into the padded border (its rows or columns are padded positions)."""
    rows, cols = tuple(extra.get("rows", ())), tuple(extra.get("cols", ()))
    return bool(rows and cols) and (min(rows) < padding[0] or min(cols) < padding[1])


_LAYER_PARAMS = {"conv2d": "conv-params", "linear": "linear-params",
                 "batchnorm2d": "norm-params", "batchnorm1d": "norm-params",
                 "layernorm": "norm-params", "embedding": "linear-params"}  # fmt: skip


def _network(worksheet: Worksheet, blank: Blank) -> list[str]:
    if blank.id == "total":
        return ["total-params"]
    what = blank.id.partition(":")[0]
    layers = {layer.shape_blank: layer for layer in getattr(worksheet.visual, "layers", ())}
    layers.update({layer.params_blank: layer for layer in getattr(worksheet.visual, "layers", ())})
    layer = layers.get(blank.id)
    if layer is None:
        return ["layer-shape"]
    kind = str(layer.type)
    if what == "params":
        skills = [_LAYER_PARAMS.get(kind, "no-params")]
        if kind == "conv2d":
            skills += ["channels", *(["bias"] if "no bias" not in layer.settings else [])]
        return skills
    if getattr(layer, "flattens", False):
        return ["flatten"]
    if kind == "conv2d":
        return ["conv-output-size", *_layer_settings(layer.settings)]
    if kind.endswith("pool2d") or kind.endswith("pool"):
        return ["pool-output-size", *_layer_settings(layer.settings)]
    return ["layer-shape"]


def _layer_settings(text: str) -> list[str]:
    """padding, stride, dilation from a layer's settings line (`stride 2, padding 1`)."""
    found = []
    for name, plain in (("padding", "padding 0"), ("stride", "stride 1"), ("dilation", "")):
        if name in text and plain not in text:
            found.append(name)
    return found


# -- symbolic -------------------------------------------------------------------------------


def _derivative(worksheet: Worksheet, blank: Blank) -> list[str]:
    """The rules the function needs: each op's, and the chain rule where one is nested."""
    visual = worksheet.visual
    try:
        function = parse(visual.function, visual.variables)
    except (AttributeError, MathError):
        return ["closed-form"]
    operations = [n for n in postorder(function) if n.op not in ("input", "const")]
    nested = any(a.op not in ("input", "const") for n in operations for a in n.args)
    return [*(op_skill(n.op) for n in operations), *(["chain-rule"] if nested else [])]


def _matrix(worksheet: Worksheet, blank: Blank) -> list[str]:
    return ["gradient-shape"] if blank.id == "shape" else ["matrix-calculus", "gradient-shape"]


def _questions(worksheet: Worksheet, blank: Blank) -> list[str]:
    kind = str(blank.extra.get("type", "expression"))
    return [kind if kind in SKILLS else "closed-form"]


def _generic(worksheet: Worksheet, blank: Blank) -> list[str]:
    return ["closed-form"]


_DERIVERS = {
    "forward-ad": _graph,
    "reverse-ad": _graph,
    "numeric-diff": _numeric_diff,
    "gradient-descent": _optimizer,
    "convolution": _grid,
    "pooling": _grid,
    "network-size": _network,
    "derivative": _derivative,
    "matrix-gradient": _matrix,
    "questions": _questions,
    "expression": _generic,
}
