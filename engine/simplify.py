"""Provides a simplified display of an expression key with sympy, lazily and with a time limit.

sympy is imported only inside these functions, never at module import. The conversion
walks the engine's DAG node by node (never parsing a string). `simplified_text` runs
sympy in a helper process, so a slow simplification is cut off at its time limit and
the call is safe from any thread; the result is used only if it is equivalent to the key.
"""

from __future__ import annotations

import json
import math
import os
import queue
import subprocess
import sys
import threading
from typing import Any

from engine.expr import Builder, Expr, parse, postorder
from engine.ops import OPS
from engine.printing import to_text

#: Ops sympy keeps as named, opaque functions in "opaque" mode (so σ(x)(1 - σ(x)) survives).
_OPAQUE = ("sigmoid", "softplus", "relu", "step")
STARTUP_TIMEOUT = 20.0

Payload = tuple[tuple[str, tuple[int, ...], float, str], ...]


def to_sympy(expr: Expr, opaque: bool = True) -> Any:
    """The sympy form of an expression; σ, softplus, relu and step stay opaque when `opaque`."""
    import sympy

    converted: dict[int, Any] = {}
    for node in postorder(expr):
        args = [converted[id(a)] for a in node.args]
        converted[id(node)] = _node_to_sympy(sympy, node, args, opaque)
    return converted[id(expr)]


def _node_to_sympy(sympy: Any, node: Expr, args: list[Any], opaque: bool) -> Any:
    op = node.op
    if op == "const":
        return _number_to_sympy(sympy, node)
    if op == "input":
        return sympy.Symbol(node.name, real=True)
    binary = {
        "add": lambda a, b: a + b,
        "sub": lambda a, b: a - b,
        "mul": lambda a, b: a * b,
        "div": lambda a, b: a / b,
        "pow": lambda a, b: a**b,
    }
    if op in binary:
        return binary[op](*args)
    if len(args) == 2:
        return OPS[op].sympy(sympy, *args)
    (a,) = args
    if op == "neg":
        return -a
    if op in _OPAQUE and opaque:
        return sympy.Function(op)(a)
    expanded = {
        "sigmoid": lambda: 1 / (1 + sympy.exp(-a)),
        "softplus": lambda: sympy.log(1 + sympy.exp(a)),
        "relu": lambda: sympy.Max(0, a),
        "step": lambda: sympy.Function("step")(a),
        "abs": lambda: sympy.Abs(a),
        "sign": lambda: sympy.sign(a),
    }
    if op in expanded:
        return expanded[op]()
    return OPS[op].sympy(sympy, *args)


def _number_to_sympy(sympy: Any, node: Expr) -> Any:
    if node.name == "e":
        return sympy.E
    if node.name == "π":
        return sympy.pi
    value = node.value
    if value == int(value) and abs(value) < 1e15:
        return sympy.Integer(int(value))
    fraction = sympy.Rational(value).limit_denominator(10_000)
    if abs(float(fraction) - value) <= 1e-15 * abs(value):
        return fraction
    return sympy.Float(value)


def from_sympy(value: Any, builder: Builder | None = None) -> Expr:
    """The engine DAG of a sympy expression; ValueError for anything outside the vocabulary."""
    import sympy

    b = builder or Builder()
    return _from_sympy(sympy, value, b)


def _from_sympy(sympy: Any, value: Any, b: Builder) -> Expr:
    if value is sympy.E:
        return b.const(math.e, "e")
    if value is sympy.pi:
        return b.const(math.pi, "π")
    if value.is_Integer:
        return b.const(float(int(value)))
    if value.is_Rational:
        numerator = b.const(float(abs(value.p)))
        quotient = b.node("div", numerator, b.const(float(value.q)))
        return b.node("neg", quotient) if value.p < 0 else quotient
    if value.is_Float:
        return b.const(float(value))
    if value.is_Symbol:
        return b.input(value.name)
    if value.is_Add:
        return _sum_from_sympy(sympy, value, b)
    if value.is_Mul or (value.is_Pow and value.exp.is_negative):
        if value.could_extract_minus_sign():
            return b.node("neg", _from_sympy(sympy, -value, b))
        numerator, denominator = sympy.fraction(value)
        if denominator != 1:
            return b.node(
                "div", _from_sympy(sympy, numerator, b), _from_sympy(sympy, denominator, b)
            )
        factors = [_from_sympy(sympy, f, b) for f in value.as_ordered_factors()]
        product = factors[0]
        for factor in factors[1:]:
            product = b.node("mul", product, factor)
        return product
    if value.is_Pow:
        if value.exp == sympy.Rational(1, 2):
            return b.node("sqrt", _from_sympy(sympy, value.base, b))
        return b.node("pow", _from_sympy(sympy, value.base, b), _from_sympy(sympy, value.exp, b))
    return _call_from_sympy(sympy, value, b)


def _sum_from_sympy(sympy: Any, value: Any, b: Builder) -> Expr:
    terms = list(value.as_ordered_terms())
    terms.sort(key=lambda t: bool(t.could_extract_minus_sign()))
    if terms[0].could_extract_minus_sign():
        total = b.node("neg", _from_sympy(sympy, -terms[0], b))
    else:
        total = _from_sympy(sympy, terms[0], b)
    for term in terms[1:]:
        if term.could_extract_minus_sign():
            total = b.node("sub", total, _from_sympy(sympy, -term, b))
        else:
            total = b.node("add", total, _from_sympy(sympy, term, b))
    return total


def _call_from_sympy(sympy: Any, value: Any, b: Builder) -> Expr:
    name = value.func.__name__
    ops = {
        "exp": "exp",
        "log": "log",
        "sin": "sin",
        "cos": "cos",
        "tan": "tan",
        "tanh": "tanh",
        "cosh": "cosh",
        "sinh": "sinh",
        "Abs": "abs",
        "sign": "sign",
        "Heaviside": "step",
    }
    ops.update({op: op for op in _OPAQUE})
    if name == "Max" and len(value.args) == 2 and 0 in value.args:
        other = value.args[1] if value.args[0] == 0 else value.args[0]
        return b.node("relu", _from_sympy(sympy, other, b))
    if name in ops and len(value.args) == 1:
        return b.node(ops[name], _from_sympy(sympy, value.args[0], b))
    raise ValueError(f"no engine op for sympy's {name}")


def simplified(expr: Expr) -> Expr:
    """The shortest printed form among a few sympy rewritings and the expression itself.

    In-process and without a time limit: call `simplified_text` where time matters.
    """
    import sympy

    best, best_text = expr, to_text(expr)
    for opaque in (True, False):
        start = to_sympy(expr, opaque)
        for rewrite in (sympy.simplify, sympy.cancel, sympy.factor):
            try:
                candidate = from_sympy(rewrite(start))
            except (ValueError, TypeError, AttributeError, sympy.PolynomialError):
                continue
            except (ArithmeticError, RecursionError):
                continue  # sympy's own numerics: σ(e^(e^4)) overflows mpmath's integers
            text = to_text(candidate)
            if len(text) < len(best_text):
                best, best_text = candidate, text
    return best


def serialize(expr: Expr) -> Payload:
    """The DAG as plain tuples (op, argument indices, value, name), in evaluation order."""
    index: dict[int, int] = {}
    rows = []
    for position, node in enumerate(postorder(expr)):
        index[id(node)] = position
        rows.append((node.op, tuple(index[id(a)] for a in node.args), node.value, node.name))
    return tuple(rows)


def deserialize(payload: Payload) -> Expr:
    b = Builder()
    nodes: list[Expr] = []
    for op, args, value, name in payload:
        nodes.append(b.node(op, *(nodes[i] for i in args), value=value, name=name))
    return nodes[-1]


def _serve() -> None:
    """The helper process: one JSON payload per line in, one simplified text per line out."""
    import sympy  # noqa: F401  (imported once, before saying ready)

    print(json.dumps("ready"), flush=True)
    for line in sys.stdin:
        try:
            payload = tuple(
                (op, tuple(args), value, name) for op, args, value, name in json.loads(line)
            )
            answer = to_text(simplified(deserialize(payload)))
        except Exception as error:
            answer = "!" + error.__class__.__name__
        print(json.dumps(answer), flush=True)


def helper_command() -> list[str]:
    """The helper's command line: this interpreter in isolated mode (-I), so that neither the
    current directory nor PYTHONPATH is on its path (a `./sympy.py` or `./json.py` is never
    run), with the directory holding `engine` put first on the path explicitly."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    code = f"import sys; sys.path.insert(0, {root!r}); from engine.simplify import _serve; _serve()"
    return [sys.executable, "-I", "-c", code]


class _Helper:
    """The helper process and a thread that queues the lines it prints."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            helper_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True, name="dl-tutor-sympy-reader").start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def ask(self, message: object, timeout: float) -> object:
        """Send one line and wait for the answer; TimeoutError when none comes in time."""
        assert self.process.stdin is not None
        if message is not None:
            self.process.stdin.write(json.dumps(message) + "\n")
            self.process.stdin.flush()
        try:
            return json.loads(self.lines.get(timeout=timeout))
        except queue.Empty:
            raise TimeoutError from None

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(5.0)


_LOCK = threading.Lock()
_helper: _Helper | None = None


def _start_helper() -> _Helper | None:
    try:
        helper = _Helper()
        if helper.ask(None, STARTUP_TIMEOUT) == "ready":
            return helper
    except (OSError, TimeoutError, ValueError):
        return None
    helper.stop()
    return None


def shutdown() -> None:
    """Stop the helper process, if one is running."""
    global _helper
    with _LOCK:
        if _helper is not None:
            _helper.stop()
            _helper = None


def simplified_text(expr: Expr, timeout: float = 3.0) -> str:
    """The key printed in its simplest form found within `timeout` seconds.

    Falls back to the engine's own printing when sympy is slow, fails, or returns a form
    that is not equivalent to the key. The helper process starts on first use (its start,
    which imports sympy, is not counted in `timeout`).
    """
    global _helper
    plain = to_text(expr)
    with _LOCK:
        if _helper is None or _helper.process.poll() is not None:
            _helper = _start_helper()
        if _helper is None:
            return plain
        try:
            text = _helper.ask([list(row) for row in serialize(expr)], timeout)
        except (OSError, TimeoutError, ValueError):
            _helper.stop()
            _helper = None
            return plain
    return text if isinstance(text, str) and _same_function(text, expr) else plain


def _same_function(text: str, expr: Expr) -> bool:
    from engine.equivalence import equivalent
    from engine.errors import MathError

    try:
        candidate = parse(text, expr.variables())
    except MathError:
        return False
    return equivalent(candidate, expr, expr.variables(), context="simplify")
