"""Provides the records of engine.ops: one per op, everything about it in one place.

Each record's `derivative(s, node, da)` is the symbolic rule (s is the simplifying builder of
engine.derivatives); `partials(*args, y)` the numeric one, y being the op's own value.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from engine.errors import EvaluationError
from engine.ops import Op, WrongLocalRule, WrongValueRule

_DEGREE = math.pi / 180
#: GELU's tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
GELU_K = math.sqrt(2 / math.pi)
GELU_C = 0.044715


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _softplus(x: float) -> float:
    if x > 30:
        return x + math.log1p(math.exp(-x))
    return math.log1p(math.exp(x))


def _log(x: float) -> float:
    if x <= 0:
        raise EvaluationError(f"ln is only defined for positive numbers, not {x:.6g}")
    return math.log(x)


def _sqrt(x: float) -> float:
    if x < 0:
        raise EvaluationError(f"sqrt of a negative number ({x:.6g})")
    return math.sqrt(x)


def _div(a: float, b: float) -> float:
    if b == 0:
        raise EvaluationError("division by zero")
    return a / b


def _pow(a: float, b: float) -> float:
    if a == 0 and b < 0:
        raise EvaluationError("division by zero (0 to a negative power)")
    if a < 0 and b != math.floor(b):
        raise EvaluationError(f"a negative number ({a:.6g}) to a fractional power ({b:.6g})")
    if a != 0 and b * math.log10(abs(a)) > 300:
        raise EvaluationError("the number is too large (overflow)")
    return float(a**b)


def _exp(x: float) -> float:
    if x > 690:
        raise EvaluationError("the number is too large (overflow in exp)")
    return math.exp(x)


def _tan(x: float) -> float:
    if abs(math.cos(x)) < 1e-12:
        raise EvaluationError("tan is undefined here (cos is 0)")
    return math.tan(x)


def _hyperbolic(function: Callable[[float], float]) -> Callable[[float], float]:
    def guarded(x: float) -> float:
        if abs(x) > 690:
            raise EvaluationError("the number is too large (overflow)")
        return function(x)

    return guarded


def _gelu(x: float) -> float:
    return 0.5 * x * (1.0 + math.tanh(GELU_K * (x + GELU_C * x**3)))


def _gelu_partial(x: float, y: float) -> tuple[float]:
    t = math.tanh(GELU_K * (x + GELU_C * x**3))
    return (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * GELU_K * (1.0 + 3 * GELU_C * x * x),)


def _pow_partials(a: float, b: float, y: float) -> tuple[float, float]:
    if a == 0 and 0 < b < 1:  # u^b with 0 < b < 1 is vertical at 0, like sqrt
        raise EvaluationError(f"the derivative of u^{b:g} is infinite at u = 0")
    d_base = b * _pow(a, b - 1) if a != 0 or b >= 1 else 0.0
    d_exponent = y * math.log(a) if a > 0 else 0.0
    return d_base, d_exponent


def _step(a: float) -> float:
    return 1.0 if a > 0 else 0.0


def _sign(a: float) -> float:
    return 1.0 if a > 0 else -1.0 if a < 0 else 0.0


def _array_sigmoid(a: Any) -> Any:
    positive = a >= 0
    z = np.exp(np.where(positive, -a, a))
    return np.where(positive, 1.0 / (1.0 + z), z / (1.0 + z))


def _array_gelu(a: Any) -> Any:
    return 0.5 * a * (1.0 + np.tanh(GELU_K * (a + GELU_C * a**3)))


def _chain(outer: Callable[[Any, Any, Any], Any]) -> Callable[[Any, Any, list[Any]], Any]:
    """The chain rule for a one-argument op: outer(s, node, u)·u′."""
    return lambda s, node, da: s.mul(outer(s, node, node.args[0]), da[0])


def _at_output(partial: Callable[[float], float]) -> WrongLocalRule:
    """The right local partial, evaluated at the node's output instead of its input."""
    return WrongLocalRule("partial-at-output", lambda a, y: (partial(y),))


def _minus_one(s: Any, exponent: Any) -> Any:
    if exponent.op == "const" and not exponent.name:
        return s.const(exponent.value - 1)
    return s.sub(exponent, s.const(1.0))


def _pow_derivative(s: Any, node: Any, da: list[Any]) -> Any:
    base, exponent = node.args
    if exponent.is_constant():
        lowered = s.pow(base, _minus_one(s, exponent))
        return s.mul(s.mul(exponent, lowered), da[0])
    log_term = s.mul(da[1], s.call("log", base))
    return s.mul(node, s.add(log_term, s.div(s.mul(exponent, da[0]), base)))


def _gelu_derivative(s: Any, node: Any, a: Any) -> Any:
    one, cubic = s.const(1.0), s.mul(s.const(GELU_C), s.pow(a, s.const(3.0)))
    t = s.call("tanh", s.mul(s.const(GELU_K), s.add(a, cubic)))
    inner = s.mul(s.const(GELU_K), s.add(one, s.mul(s.const(3 * GELU_C), s.pow(a, s.const(2.0)))))
    slope = s.mul(s.mul(s.const(0.5), a), s.mul(s.sub(one, s.pow(t, s.const(2.0))), inner))
    return s.add(s.mul(s.const(0.5), s.add(one, t)), slope)


def _extreme_derivative(sign: float) -> Callable[[Any, Any, list[Any]], Any]:
    """max (sign 1) or min (sign -1): the derivative of the argument that wins."""

    def rule(s: Any, node: Any, da: list[Any]) -> Any:
        a, b = node.args
        first = s.call("step", s.mul(s.const(sign), s.sub(a, b)))
        second = s.call("step", s.mul(s.const(sign), s.sub(b, a)))
        return s.add(s.mul(first, da[0]), s.mul(second, da[1]))

    return rule


def _gelu_sympy(sp: Any, a: Any) -> Any:
    inner = sp.sqrt(2 / sp.pi) * (a + sp.Rational(44715, 1000000) * a**3)
    return a * (1 + sp.tanh(inner)) / 2


RECORDS: tuple[Op, ...] = (
    Op("add", 2, lambda a, b: a + b, lambda a, b, y: (1.0, 1.0),
       lambda s, node, da: s.add(da[0], da[1]), np.add, "+", lambda sp, a, b: a + b,
       "(u + v)′ = u′ + v′"),
    Op("sub", 2, lambda a, b: a - b, lambda a, b, y: (1.0, -1.0),
       lambda s, node, da: s.sub(da[0], da[1]), np.subtract, "-", lambda sp, a, b: a - b,
       "(u − v)′ = u′ − v′", wrong=(WrongLocalRule("sub-sign", lambda a, b, y: (1.0, 1.0)),),
       wrong_values=(WrongValueRule("sub-as-add", lambda a, b: a + b,
                                    lambda a, b, y: (1.0, -1.0)),)),
    Op("mul", 2, lambda a, b: a * b, lambda a, b, y: (b, a),
       lambda s, node, da: s.add(s.mul(da[0], node.args[1]), s.mul(node.args[0], da[1])),
       np.multiply, "·", lambda sp, a, b: a * b, "(u·v)′ = u′·v + u·v′"),
    Op("div", 2, _div, lambda a, b, y: (_div(1.0, b), _div(-a, b * b)),
       lambda s, node, da: s.sub(
           s.div(da[0], node.args[1]),
           s.div(s.mul(node.args[0], da[1]), s.pow(node.args[1], s.const(2.0)))),
       np.divide, "/", lambda sp, a, b: a / b, "(u/v)′ = (u′·v − u·v′)/v²",
       wrong=(WrongLocalRule("quotient-rule", lambda a, b, y: (_div(1.0, b), _div(a, b * b))),
              WrongLocalRule("quotient-rule", lambda a, b, y: (_div(1.0, b), _div(-a, b))))),
    Op("pow", 2, _pow, _pow_partials, _pow_derivative, np.power, "^",
       lambda sp, a, b: a**b, "(u^n)′ = n·u^(n−1)·u′",
       wrong=(WrongLocalRule("power-rule", lambda a, b, y: (b * y, _pow_partials(a, b, y)[1])),
              WrongLocalRule("power-rule",
                             lambda a, b, y: (_pow(a, b - 1), _pow_partials(a, b, y)[1])))),
    Op("neg", 1, lambda a: -a, lambda a, y: (-1.0,), lambda s, node, da: s.neg(da[0]),
       np.negative, "-", lambda sp, a: -a, "(−u)′ = −u′"),
    Op("exp", 1, _exp, lambda a, y: (y,), _chain(lambda s, node, a: node), np.exp, "exp",
       lambda sp, a: sp.exp(a), "(e^u)′ = e^u·u′", ("exp",),
       wrong=(_at_output(_exp),)),
    Op("log", 1, _log, lambda a, y: (_div(1.0, a),),
       _chain(lambda s, node, a: s.div(s.const(1.0), a)), np.log, "ln",
       lambda sp, a: sp.log(a), "(ln u)′ = u′/u", ("log", "ln"),
       wrong=(_at_output(lambda y: _div(1.0, y)),),
       wrong_values=(WrongValueRule("log10", math.log10,
                                    lambda a, y: (1 / (a * math.log(10)),)),)),
    Op("sqrt", 1, _sqrt, lambda a, y: (_div(0.5, y),),
       _chain(lambda s, node, a: s.div(s.const(1.0), s.mul(s.const(2.0), node))), np.sqrt,
       "sqrt", lambda sp, a: sp.sqrt(a), "(√u)′ = u′/(2√u)", ("sqrt",),
       kink=lambda a: a == 0, wrong=(_at_output(lambda y: _div(0.5, _sqrt(y))),)),
    Op("sin", 1, math.sin, lambda a, y: (math.cos(a),),
       _chain(lambda s, node, a: s.call("cos", a)), np.sin, "sin", lambda sp, a: sp.sin(a),
       "(sin u)′ = cos(u)·u′", ("sin",), wrong=(_at_output(math.cos),),
       wrong_values=(WrongValueRule("degrees", lambda a: math.sin(a * _DEGREE),
                                    lambda a, y: (math.cos(a * _DEGREE),)),)),
    Op("cos", 1, math.cos, lambda a, y: (-math.sin(a),),
       _chain(lambda s, node, a: s.neg(s.call("sin", a))), np.cos, "cos",
       lambda sp, a: sp.cos(a), "(cos u)′ = −sin(u)·u′", ("cos",),
       wrong=(WrongLocalRule("cos-derivative", lambda a, y: (math.sin(a),)),
              _at_output(lambda y: -math.sin(y))),
       wrong_values=(WrongValueRule("degrees", lambda a: math.cos(a * _DEGREE),
                                    lambda a, y: (-math.sin(a * _DEGREE),)),)),
    Op("tan", 1, _tan, lambda a, y: (1.0 + y * y,),
       _chain(lambda s, node, a: s.add(s.const(1.0), s.pow(node, s.const(2.0)))), np.tan,
       "tan", lambda sp, a: sp.tan(a), "(tan u)′ = (1 + tan(u)²)·u′", ("tan",),
       wrong=(_at_output(lambda y: 1.0 + _tan(y) ** 2),),
       wrong_values=(WrongValueRule("degrees", lambda a: _tan(a * _DEGREE),
                                    lambda a, y: (1 / math.cos(a * _DEGREE) ** 2,)),)),
    Op("tanh", 1, math.tanh, lambda a, y: (1.0 - y * y,),
       _chain(lambda s, node, a: s.sub(s.const(1.0), s.pow(node, s.const(2.0)))), np.tanh,
       "tanh", lambda sp, a: sp.tanh(a), "(tanh u)′ = (1 − tanh(u)²)·u′", ("tanh",),
       wrong=(WrongLocalRule("tanh-derivative", lambda a, y: (1.0 + y * y,)),
              WrongLocalRule("tanh-derivative", lambda a, y: (1.0 - y,)),
              _at_output(lambda y: 1.0 - math.tanh(y) ** 2),
              WrongLocalRule("partial-at-input", lambda a, y: (1.0 - a * a,)))),
    Op("cosh", 1, _hyperbolic(math.cosh), lambda a, y: (math.sinh(a),),
       _chain(lambda s, node, a: s.call("sinh", a)), np.cosh, "cosh",
       lambda sp, a: sp.cosh(a), "(cosh u)′ = sinh(u)·u′", ("cosh",),
       wrong=(WrongLocalRule("cosh-derivative", lambda a, y: (-math.sinh(a),)),
              _at_output(_hyperbolic(math.sinh)))),
    Op("sinh", 1, _hyperbolic(math.sinh), lambda a, y: (math.cosh(a),),
       _chain(lambda s, node, a: s.call("cosh", a)), np.sinh, "sinh",
       lambda sp, a: sp.sinh(a), "(sinh u)′ = cosh(u)·u′", ("sinh",),
       wrong=(_at_output(_hyperbolic(math.cosh)),)),
    Op("sigmoid", 1, _sigmoid, lambda a, y: (y * (1.0 - y),),
       _chain(lambda s, node, a: s.mul(node, s.sub(s.const(1.0), node))), _array_sigmoid,
       "σ", lambda sp, a: 1 / (1 + sp.exp(-a)), "(σ(u))′ = σ(u)(1 − σ(u))·u′",
       ("sigmoid", "σ"),
       wrong=(WrongLocalRule("sigmoid-derivative", lambda a, y: (y,)),
              WrongLocalRule("sigmoid-derivative", lambda a, y: (y * (1.0 + y),)),
              _at_output(lambda y: _sigmoid(y) * (1.0 - _sigmoid(y))),
              WrongLocalRule("partial-at-input", lambda a, y: (a * (1.0 - a),)),
              WrongLocalRule("sigmoid-skipped", lambda a, y: (1.0,)))),
    Op("gelu", 1, _gelu, _gelu_partial, _chain(_gelu_derivative), _array_gelu, "gelu",
       _gelu_sympy,
       "(gelu u)′ = ½(1 + t) + ½u(1 − t²)·√(2/π)(1 + 3·0.044715u²), t = tanh(√(2/π)(u + "
       "0.044715u³)), times u′", ("gelu",)),
    Op("relu", 1, lambda a: a if a > 0 else 0.0, lambda a, y: (_step(a),),
       _chain(lambda s, node, a: s.call("step", a)), lambda a: np.maximum(a, 0.0), "relu",
       lambda sp, a: sp.Max(0, a), "(relu(u))′ = step(u)·u′ (1 where u > 0, else 0)",
       ("relu",), kink=lambda a: a == 0,
       wrong=(WrongLocalRule("relu-derivative", lambda a, y: (1.0,)),)),
    Op("softplus", 1, _softplus, lambda a, y: (_sigmoid(a),),
       _chain(lambda s, node, a: s.call("sigmoid", a)), lambda a: np.logaddexp(0.0, a),
       "softplus", lambda sp, a: sp.log(1 + sp.exp(a)), "(softplus(u))′ = σ(u)·u′",
       ("softplus",), wrong=(_at_output(_sigmoid),)),
    Op("abs", 1, abs, lambda a, y: (_sign(a),), _chain(lambda s, node, a: s.call("sign", a)),
       np.abs, "abs", lambda sp, a: sp.Abs(a), "(|u|)′ = sign(u)·u′", ("abs",),
       kink=lambda a: a == 0),
    Op("step", 1, _step, lambda a, y: (0.0,), _chain(lambda s, node, a: s.const(0.0)),
       lambda a: (a > 0).astype(np.float64), "step", lambda sp, a: sp.Heaviside(a, 0),
       "step′ = 0 away from 0", ("step",), kink=lambda a: a == 0),
    Op("sign", 1, _sign, lambda a, y: (0.0,), _chain(lambda s, node, a: s.const(0.0)),
       np.sign, "sign", lambda sp, a: sp.sign(a), "sign′ = 0 away from 0", ("sign",),
       kink=lambda a: a == 0),
    Op("max", 2, max, lambda a, b, y: (_step(a - b), _step(b - a)), _extreme_derivative(1.0),
       np.maximum, "max", lambda sp, a, b: sp.Max(a, b),
       "max(u, v)′ = u′ where u > v, v′ where v > u", ("max",), kink=lambda a, b: a == b,
       wrong=(WrongLocalRule("max-routes-all", lambda a, b, y: (1.0, 1.0)),)),
    Op("min", 2, min, lambda a, b, y: (_step(b - a), _step(a - b)), _extreme_derivative(-1.0),
       np.minimum, "min", lambda sp, a, b: sp.Min(a, b),
       "min(u, v)′ = u′ where u < v, v′ where v < u", ("min",), kink=lambda a, b: a == b,
       wrong=(WrongLocalRule("max-routes-all", lambda a, b, y: (1.0, 1.0)),)),
)  # fmt: skip
