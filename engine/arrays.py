"""Provides the op table over numpy arrays: one expression evaluated at many points at once.

Used where a formula is sampled (equivalence of expressions, the plot of an objective).
Undefined values come out as nan or ±inf, for the caller to mask.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import numpy.typing as npt

from engine.expr import Expr, postorder

Array = npt.NDArray[np.float64]


def _sigmoid(a: Array) -> Array:
    positive = a >= 0
    z = np.exp(np.where(positive, -a, a))
    return np.where(positive, 1.0 / (1.0 + z), z / (1.0 + z))


#: One vectorised rule per op: the vocabulary of engine.ops, elementwise.
ARRAY_EVALUATE: dict[str, Callable[..., Array]] = {
    "add": np.add,
    "sub": np.subtract,
    "mul": np.multiply,
    "div": np.divide,
    "pow": np.power,
    "neg": np.negative,
    "exp": np.exp,
    "log": np.log,
    "sqrt": np.sqrt,
    "sin": np.sin,
    "cos": np.cos,
    "tan": np.tan,
    "tanh": np.tanh,
    "sigmoid": _sigmoid,
    "relu": lambda a: np.maximum(a, 0.0),
    "softplus": lambda a: np.logaddexp(0.0, a),
    "abs": np.abs,
    "step": lambda a: (a > 0).astype(np.float64),
    "sign": np.sign,
}


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
