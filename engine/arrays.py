"""Provides the op table over numpy arrays: one expression evaluated at many points at once.

Used where a formula is sampled (equivalence of expressions, the plot of an objective).
Undefined values come out as nan or ±inf, for the caller to mask.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import numpy.typing as npt

from engine.expr import Expr, postorder
from engine.ops import OPS

Array = npt.NDArray[np.float64]


#: One vectorised rule per op: the vocabulary of engine.ops, elementwise.
ARRAY_EVALUATE: dict[str, Callable[..., Array]] = {name: op.array for name, op in OPS.items()}


def evaluate_array(expr: Expr, env: Mapping[str, Array]) -> Array:
    """The values of an expression at every point given by equal-shaped arrays per variable."""
    shape = next(iter(env.values())).shape if env else ()
    values: dict[int, Array] = {}
    with np.errstate(all="ignore"):
        for node in postorder(expr):
            if node.op == "const":
                values[id(node)] = np.full(shape, node.value)
            elif node.op == "input":
                values[id(node)] = env[node.name]
            else:
                rule = ARRAY_EVALUATE[node.op]
                values[id(node)] = rule(*(values[id(a)] for a in node.args))
    return values[id(expr)]
