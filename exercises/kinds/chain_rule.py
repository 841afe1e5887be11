"""Provides chain-rule blanks: a tangent or adjoint as a sum of terms, its hints and mistakes.

A term is (the node whose derivative is carried, the step, the reference): forward mode sums
over a step's arguments, reverse mode over the steps that use a node.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from engine.answers import number_format
from engine.catalogue import message
from engine.checking import Mistake
from engine.expr import Expr
from engine.graph import Graph, Step, display_name
from engine.mistakes import WRONG_RULES, WrongRule, partials_with, reads_output
from exercises.kinds.graphs import GraphSpec, env_from, number_text, show_expr, with_numbers
from exercises.kinds.hidden_faults import hidden_rule_faults
from exercises.model import Blank

Deps = Mapping[str, Any]
#: The bound of the fault search on one chain-rule blank (DIAGNOSIS.md §2).
MAX_FAULTS = 40
#: One term of a chain-rule sum: (the node whose derivative is carried, the step, the ref).
Term = tuple[str, Step, str]
#: Per term, the ids of the blanks holding its local partial and the term itself, or None.
Parts = Sequence[tuple[str, str]] | None


def _partial(
    step: Step, ref: str, env: Mapping[str, float], rule: WrongRule | None, deps: Deps
) -> float:
    """The local partial at the student's values, their own value of the node included where
    the op's partial reads it (σ′ = σ(1 − σ) from the σ they wrote)."""
    own = deps.get(f"value:{step.name}") if reads_output(step.expr) else None
    return partials_with(step.expr, env, rule, None if own is None else float(own))[ref]


def _times(left: str, factor: Expr, factor_text: str) -> str:
    """`left·factor`, written as a person would: `ā`, `-ā`, `ā·b`, `ā·(x + 1)`, `ā·(-1)`."""
    if factor.op == "const" and factor.value in (1, -1) and not factor.name:
        return left if factor.value == 1 else f"-{left}"
    if factor.op in ("add", "sub") or factor_text.startswith("-"):
        factor_text = f"({factor_text})"
    return f"{left}·{factor_text}"


def sum_text(parts: Sequence[str]) -> str:
    """Terms joined with + and -, so that a negative term reads `a - b`, not `a + -b`."""
    if not parts:
        return "0"
    text = parts[0]
    for part in parts[1:]:
        text += f" - {part[1:]}" if part.startswith("-") else f" + {part}"
    return text


def chain_text(terms: Sequence[Term], carried: Callable[[str], str]) -> str:
    """The chain-rule sum in the sheet's symbols: `∂f/∂y = ∂f/∂a + ∂f/∂b`,
    `∂v3/∂x = cos(v0)·∂v0/∂x`."""
    return sum_text(
        [
            _times(carried(node), step.local_rule(ref), show_expr(step.local_rule(ref)))
            for node, step, ref in terms
        ]
    )


def chain_numbers(
    terms: Sequence[Term], carried: Mapping[str, float], values: Mapping[str, float]
) -> str:
    """The same sum with this exercise's numbers substituted (hint rung 3)."""
    return sum_text(
        [
            _times(
                number_text(carried[node]),
                step.local_rule(ref),
                with_numbers(step.local_rule(ref), values),
            )
            for node, step, ref in terms
        ]
    )


def _rule_deps(terms: Sequence[Term], graph: Graph) -> list[str]:
    deps: list[str] = []
    for _, step, ref in terms:
        names = list(step.local_rule(ref).variables())
        if reads_output(step.expr):
            names.append(step.name)
        for name in names:
            if name not in graph.inputs and f"value:{name}" not in deps:
                deps.append(f"value:{name}")
    return deps


class ChainBlank:
    """The tangent or adjoint of one node as a chain-rule sum of terms, with its mistakes."""

    def __init__(
        self,
        spec: GraphSpec,
        terms: Sequence[Term],
        prefix: str,
        key: Mapping[str, float],
        parts: Parts = None,
    ) -> None:
        self.terms = tuple(terms)
        self.spec = spec
        self.values = spec.evaluation.values
        self.prefix = prefix  # blank ids of the carried derivatives: "tangent:x:", "adjoint:f:"
        self.key = key  # the key's carried derivative of every node
        # per term, the ids of its local-partial and term blanks ("" where there is none)
        self.parts = parts or tuple(("", "") for _ in self.terms)

    def derivative_of(self, node: str, deps: Deps) -> float:
        return float(deps.get(self.prefix + node, self.key[node]))

    def term_values(self, deps: Deps, rule: WrongRule | None = None) -> list[float]:
        """Each term's value: the student's own term or local partial where the sheet asks
        for them (chain_parts), else the carried derivative times the partial at their values."""
        env = env_from(deps, self.values, "value:")
        found = []
        for (node, step, ref), (local, term) in zip(self.terms, self.parts, strict=True):
            if rule is None and term in deps:
                found.append(float(deps[term]))
                continue
            use_own = rule is None and local in deps
            partial = float(deps[local]) if use_own else _partial(step, ref, env, rule, deps)
            found.append(self.derivative_of(node, deps) * partial)
        return found

    def total(self, deps: Deps) -> float:
        return sum(self.term_values(deps))

    def mistakes(self, own_value: float, extra: Sequence[Mistake] = ()) -> tuple[Mistake, ...]:
        """The faults searched for this blank, most specific first (at most MAX_FAULTS).

        Wrong local rules of the ops crossed (from the op records), then the sweep's own
        faults: a path missing or kept alone, the local partial alone, the terms multiplied,
        the derivative times the node's value, another node's value or derivative, a sign;
        last, a wrong local rule hidden upstream in blanks left empty (hidden_faults).
        """
        found: list[Mistake] = []
        steps = [step for _, step, _ in self.terms]
        for rule in WRONG_RULES:
            if any(rule.applies_to(s.expr) for s in steps):
                found.append(Mistake(rule.id, rule.message, self._with_rule(rule)))
        if len(self.terms) > 1:
            for index in range(len(self.terms)):
                found.append(Mistake("missing-path", self._missing_message(), self._without(index)))
            if len(self.terms) > 2:
                for index in range(len(self.terms)):
                    found.append(
                        Mistake("missing-path", self._missing_message(), self._only(index))
                    )
        found.append(Mistake("local-only", message("local-only"), self._local_only))
        found.extend(extra)
        if len(self.terms) > 1:
            found.append(Mistake("sum-as-product", self._product_message, self._product))
        found.append(Mistake("times-value", self._times_value_message, self._times_value))
        for index in range(len(self.terms)):
            if len(self.terms) > 1:
                found.append(
                    Mistake("sign-flip", "one term has the wrong sign", self._flipped(index))
                )
        node = self.node
        found.append(
            Mistake(
                "value-for-derivative",
                message("value-for-derivative", node=display_name(node)),
                lambda deps: self.value_of(node, deps, own_value),
            )
        )
        found.append(Mistake("sign-flip", "the sign is flipped", lambda d: -self.total(d)))
        found.extend(self._other_nodes())
        hidden = hidden_rule_faults(self.spec, self.prefix, self.terms, self.key)
        return (*found[:MAX_FAULTS], *hidden)

    @property
    def node(self) -> str:
        """The node whose derivative this blank carries."""
        _, step, ref = self.terms[0]
        return ref if self.prefix.startswith("adjoint") else step.name

    def value_of(self, node: str, deps: Deps, default: float | None = None) -> float:
        """The student's implied value of a node where the blank depends on it, else the key's."""
        fallback = self.values.get(node, 0.0) if default is None else default
        return float(deps.get(f"value:{node}", fallback))

    def _other_nodes(self) -> list[Mistake]:
        """The carried derivative of a neighbour copied (v̄2 for v̄0), or a neighbour's value."""
        own = self.node
        neighbours = [n for n, _, _ in self.terms]
        neighbours += [r for _, step, _ in self.terms for r in step.refs]
        what = "adjoint" if self.prefix.startswith("adjoint") else "tangent"
        found = []
        for other in dict.fromkeys(n for n in neighbours if n != own):
            shown = {"other": display_name(other), "node": display_name(own)}
            found.append(
                Mistake("other-node", message("other-node", what=what, **shown),
                        self._carried_of(other))
            )  # fmt: skip
            if other in self.values:
                found.append(
                    Mistake("other-node", message("other-node", what="value", **shown),
                            self._value_of(other))
                )  # fmt: skip
        return found

    def _carried_of(self, node: str) -> Callable[[Deps], float]:
        return lambda deps: self.derivative_of(node, deps)

    def _value_of(self, node: str) -> Callable[[Deps], float]:
        return lambda deps: self.value_of(node, deps)

    def _product(self, deps: Deps) -> float:
        return math.prod(self.term_values(deps))

    def _product_message(self, deps: Deps) -> str:
        terms = " and ".join(number_text(v) for v in self.term_values(deps))
        what = "use" if self.prefix.startswith("adjoint") else "argument"
        return message("sum-as-product", terms=terms, node=display_name(self.node), what=what)

    def _times_value(self, deps: Deps) -> float:
        return self.total(deps) * self.value_of(self.node, deps)

    def _times_value_message(self, deps: Deps) -> str:
        value = number_text(self.value_of(self.node, deps))
        return message("times-value", node=display_name(self.node), value=value)

    def _missing_message(self) -> str:
        if self.prefix.startswith("adjoint"):
            users = ", ".join(display_name(step.name) for _, step, _ in self.terms)
            return (
                f"a path is missing: this node is used by {users}; its adjoint sums one "
                "term for every use"
            )
        step = self.terms[0][1]
        refs = ", ".join(display_name(ref) for _, _, ref in self.terms)
        return (
            f"a path is missing: {display_name(step.name)} depends on {refs}; its tangent "
            "sums one term for every argument"
        )

    def _with_rule(self, rule: WrongRule) -> Callable[[Deps], float | None]:
        def compute(deps: Deps) -> float | None:
            right, wrong = self.term_values(deps), self.term_values(deps, rule)
            if any(w == 0 and r != 0 for r, w in zip(right, wrong, strict=True)):
                return None  # a term that vanishes is a missing path, not this rule
            return sum(wrong)

        return compute

    def _only(self, index: int) -> Callable[[Deps], float]:
        return lambda deps: self.term_values(deps)[index]

    def _without(self, index: int) -> Callable[[Deps], float]:
        return lambda deps: sum(v for i, v in enumerate(self.term_values(deps)) if i != index)

    def _flipped(self, index: int) -> Callable[[Deps], float]:
        return lambda deps: sum(
            -v if i == index else v for i, v in enumerate(self.term_values(deps))
        )

    def _local_only(self, deps: Deps) -> float:
        env = env_from(deps, self.values, "value:")
        return sum(_partial(step, ref, env, None, deps) for _, step, ref in self.terms)


def chain_blank(
    spec: GraphSpec,
    blank_id: str,
    label: str,
    terms: Sequence[Term],
    carried_prefix: str,
    carried_key: Mapping[str, float],
    expected: float,
    node: str,
    section: str,
    concept: str,
    name_of: Callable[[str], str],
    extra: Sequence[Mistake] = (),
    tolerance: Any = None,
    parts: Parts = None,
) -> Blank:
    """A tangent or adjoint blank; with `parts`, it also reads the student's own local
    partials and terms of the sum (exercises/kinds/chain_parts.py)."""
    chain = ChainBlank(spec, terms, carried_prefix, carried_key, parts)
    values = spec.evaluation.values
    deps = [carried_prefix + n for n, _, _ in terms]
    deps = list(dict.fromkeys(deps)) + _rule_deps(terms, spec.graph)
    deps += [i for pair in parts or () for i in pair if i]
    rule = f"{name_of(node)} = {chain_text(terms, name_of)}"
    substituted = chain_numbers(terms, carried_key, values)
    return Blank(
        id=blank_id,
        label=label,
        expected=expected,
        format=number_format(expected, tolerance),
        depends_on=tuple(deps),
        recompute=chain.total,
        mistakes=chain.mistakes(values.get(node, 0.0), extra),
        hints=(concept, rule, f"{name_of(node)} = {substituted}"),
        section=section,
        node=node,
    )
