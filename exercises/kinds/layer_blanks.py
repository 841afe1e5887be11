"""Provides the blanks of one layer of a `network-size` worksheet: its output shape and parameters.

A layer's blanks follow through from the student's own shape for the layer before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from engine.answers import INTEGER, AnswerFormat, ShapeFormat
from engine.catalogue import message
from engine.checking import Mistake
from engine.conv import pair
from engine.network import LayerRow, Shape, output_shape, params
from exercises.kinds.layer_faults import BN_STATS, POOL_PARAMS, ParamFaults, shape_text
from exercises.kinds.windows import (
    SHAPE_MESSAGES,
    SLIPS,
    mistake_id,
    size_rule,
    size_terms,
    wrong_shapes,
)
from exercises.model import Blank

Deps = Mapping[str, Any]
Compute = Callable[[Deps], Any]

CHANNELS_LAST = message("channels-last")


def channels_last(shape: Shape) -> Shape:
    """[C, H, W] written as [H, W, C]."""
    return (*shape[1:], shape[0])


def _sentence(clause: str) -> str:
    return clause[0].upper() + clause[1:] + "."


class LayerBlanks:
    """The blanks of one layer; `before` is its input shape: the student's own, else the key's."""

    def __init__(self, row: LayerRow, rows: Sequence[LayerRow], asked: set[str]) -> None:
        self.row, self.layer = row, row.layer
        self.prev_id = f"shape:{row.index - 1}"
        self.deps = (self.prev_id,) if row.index > 0 and self.prev_id in asked else ()
        self.rows = rows

    def before(self, deps: Deps) -> Shape:
        return tuple(int(n) for n in deps.get(self.prev_id, self.row.input_shape))

    def shape_blank(self) -> Blank:
        return self._blank(
            "shape",
            "output shape",
            self.row.output_shape,
            ShapeFormat(),
            lambda deps: output_shape(self.layer, self.before(deps)),
            self._shape_mistakes(),
            self._shape_hints(),
        )

    def params_blank(self) -> Blank:
        return self._blank(
            "params",
            "parameters",
            self.row.params,
            INTEGER,
            self._params_from_own_shape,
            ParamFaults(self.row, self.rows, self.before).mistakes(),
            self._params_hints(),
        )

    def _blank(
        self,
        what: str,
        label: str,
        expected: Any,
        answer_format: AnswerFormat,
        recompute: Compute,
        mistakes: tuple[Mistake, ...],
        hints: tuple[str, ...],
    ) -> Blank:
        layer, index = self.layer, self.row.index
        return Blank(
            id=f"{what}:{index}",
            label=f"{layer.name}: {label}",
            expected=expected,
            format=answer_format,
            depends_on=self.deps,
            recompute=recompute,
            mistakes=mistakes,
            hints=hints,
            section=f"Layer {index}: {layer.name}",
            node=layer.name,
            working=self._working(what),
        )

    def _working(self, what: str) -> Callable[[Deps], tuple[str, ...]]:
        """The hints' rule and numbers, from the student's own input shape (exercises.working)."""

        def lines(deps: Deps) -> tuple[str, ...]:
            own = LayerBlanks(replace(self.row, input_shape=self.before(deps)), self.rows, set())
            hints = own._shape_hints() if what == "shape" else own._params_hints()
            rule, numbers = hints[1:2] or hints[-1:], hints[2:]
            prefix = "= " if what == "params" else ""
            return (*rule, *(prefix + line for line in numbers))

        return lines

    def _params_from_own_shape(self, deps: Deps) -> int | None:
        """Follow-through only from a shape that differs from the key's.

        The checker compares follow-through with a relative tolerance; from the key's own shape
        that would let a count off by its biases pass as right.
        """
        before = self.before(deps)
        return None if before == self.row.input_shape else params(self.layer, before)

    def _shape_mistakes(self) -> tuple[Mistake, ...]:
        layer = self.layer
        if layer.type == "flatten" or self.row.flattens:
            return self._no_flatten_shape()
        if layer.type != "conv2d" and not layer.is_pool:
            return ()
        found = [
            Mistake(mistake_id(k), SHAPE_MESSAGES[mistake_id(k)], self._slip(k)) for k in SLIPS
        ]
        found.append(
            Mistake(
                "channels-last",
                CHANNELS_LAST,
                lambda deps: channels_last(output_shape(layer, self.before(deps))),
            )
        )
        if layer.is_pool:
            found.append(
                Mistake(
                    "pool-ignored",
                    "this is the map the pooling layer receives; pooling shrinks its height and "
                    "width (a 2x2 window with stride 2 halves them)",
                    lambda deps: self.before(deps),
                )
            )
        if layer.type == "conv2d":
            found.append(
                Mistake(
                    "kept-channels",
                    "a convolution has one output channel per filter, "
                    f"{layer.setting('out')} here, whatever the input's channels",
                    lambda deps: (
                        self.before(deps)[0],
                        *output_shape(layer, self.before(deps))[1:],
                    ),
                )
            )
        return tuple(found)

    def _no_flatten_shape(self) -> tuple[Mistake, ...]:
        """The map left unflattened: flatten keeps [C, H, W]; a linear layer acts on W alone."""
        layer = self.layer
        if layer.type == "flatten":
            return (
                Mistake(
                    "no-flatten",
                    "this is the map as it came in; flatten lays its C·H·W numbers out as one "
                    "vector",
                    lambda deps: self.before(deps),
                ),
            )
        message = (
            "this keeps the map's {kept}; a fully connected layer first flattens the C·H·W map "
            "into one vector, and gives one number per unit"
        )
        return (
            Mistake(
                "no-flatten",
                message.format(kept="channels and rows (the layer on its last axis)"),
                lambda deps: (*self.before(deps)[:-1], layer.setting("out")),
            ),
            Mistake(
                "no-flatten",
                message.format(kept="height and width (the units as channels)"),
                lambda deps: (layer.setting("out"), *self.before(deps)[1:]),
            ),
        )

    def _slip(self, key: str) -> Compute:
        """The shape that slip `key` gives from the student's own input shape, if it applies."""

        def compute(deps: Deps) -> Any:
            shape = self.before(deps)
            channels = output_shape(self.layer, shape)[0]
            return wrong_shapes((channels,), shape[1], shape[2], self.layer.geometry()).get(key)

        return compute

    def _shape_hints(self) -> tuple[str, ...]:
        layer, row = self.layer, self.row
        kind, before = layer.type, row.input_shape
        if kind == "conv2d" or layer.is_pool:
            g = layer.geometry()
            channels = (
                f"one channel per filter, {layer.setting('out')}"
                if kind == "conv2d"
                else f"the same {before[0]} channels"
            )
            sizes = ", ".join(size_terms(before[1:], g))
            concept = (
                "A convolution gives one channel per filter; the window positions set "
                "the height and width."
                if kind == "conv2d"
                else "Pooling keeps the channels and shrinks the height and width."
            )
            return (concept, size_rule(g) + ", the same for W.", f"{channels}; H, W = {sizes}")
        if kind == "linear":
            flat = f" (the {shape_text(before)} map is flattened first)" if row.flattens else ""
            return (
                f"A fully connected layer gives one number per unit{flat}.",
                f"[{layer.setting('out')}] units"
                if len(before) != 2
                else "It acts on the last dimension of a sequence: [L, D] → [L, units].",
            )
        if kind == "flatten":
            return (
                "Flatten lays the map out as one vector.",
                "[C, H, W] → [C·H·W]",
                "·".join(str(n) for n in before),
            )
        if kind == "embedding":
            return ("Each token id becomes a vector of dim numbers.", "[L] → [L, dim]")
        return (f"{layer.name} works element by element (or per channel): the shape is unchanged.",)

    def _params_hints(self) -> tuple[str, ...]:
        layer, row = self.layer, self.row
        kind, before = layer.type, row.input_shape
        if kind == "conv2d":
            kh, kw = pair(layer.setting("kernel"), "kernel")
            out, bias = layer.setting("out"), layer.setting("bias")
            groups = layer.settings.get("groups", 1)
            if groups > 1:  # each filter sees only the input channels of its group
                return (
                    f"With groups = {groups}, each filter sees C_in/{groups} input channels"
                    + (", plus one bias." if bias else "; this layer has no bias."),
                    "params = k_h·k_w·(C_in/groups)·C_out" + (" + C_out" if bias else ""),
                    f"{kh}·{kw}·({before[0]}/{groups})·{out}" + (f" + {out}" if bias else ""),
                )
            return (
                "Each filter has a weight for every input channel at every kernel "
                "position" + (", plus one bias." if bias else "; this layer has no bias."),
                "params = k_h·k_w·C_in·C_out" + (" + C_out" if bias else ""),
                f"{kh}·{kw}·{before[0]}·{out}" + (f" + {out}" if bias else ""),
            )
        if kind == "linear":
            out, bias = layer.setting("out"), layer.setting("bias")
            n_in = "·".join(str(n) for n in before) if row.flattens else str(before[-1])
            return (
                "Every input feature connects to every unit"
                + (", plus a bias per unit." if bias else "; no bias here."),
                "params = N_in·N_out" + (" + N_out" if bias else ""),
                f"({n_in})·{out}" + (f" + {out}" if bias else ""),
            )
        if kind in ("batchnorm2d", "batchnorm1d"):
            return (_sentence(BN_STATS), "params = 2·C", f"2·{before[0]}")
        if kind == "layernorm":
            return (
                "Layer norm learns a scale and a shift per normalised element.",
                "params = 2·(number of normalised elements)",
            )
        if kind == "embedding":
            return (
                "An embedding stores one vector of dim numbers per token of the vocabulary.",
                "params = num·dim",
                f"{layer.setting('num')}·{layer.setting('dim')}",
            )
        if layer.is_pool:
            return (_sentence(POOL_PARAMS),)
        return (f"{layer.name} has nothing to learn: 0 parameters.",)
