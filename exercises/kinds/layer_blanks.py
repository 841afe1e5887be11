"""Provides the blanks of one layer of a `network-size` worksheet: its output shape and parameters.

A layer's blanks follow through from the student's own shape for the layer before.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from engine.answers import INTEGER, AnswerFormat, ShapeFormat
from engine.catalogue import message
from engine.checking import Mistake
from engine.conv import pair
from engine.network import LayerRow, Shape, output_shape, params
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

POOL_PARAMS = (
    "pooling has no parameters: it takes the max or the mean of each window and learns "
    "nothing, so enter 0"
)
CHANNELS_LAST = message("channels-last")
BN_STATS = (
    "batch norm learns a scale γ and a shift β per channel, 2C parameters; its running mean "
    "and variance are buffers, updated but not learned, so they do not count"
)


def channels_last(shape: Shape) -> Shape:
    """[C, H, W] written as [H, W, C]."""
    return (*shape[1:], shape[0])


def shape_text(shape: Sequence[int]) -> str:
    return " x ".join(str(n) for n in shape)


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
            self._params_mistakes(),
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
        )

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
            return (self._no_flatten_shape(),)
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

    def _no_flatten_shape(self) -> Mistake:
        """The map left unflattened: flatten keeps [C, H, W]; a linear layer acts on W alone."""
        layer = self.layer
        if layer.type == "flatten":
            return Mistake(
                "no-flatten",
                "this is the map as it came in; flatten lays its C·H·W numbers out as one vector",
                lambda deps: self.before(deps),
            )
        return Mistake(
            "no-flatten",
            "this applies the layer to the last axis of the unflattened map; a fully connected "
            "layer first flattens the C·H·W map into one vector, and gives one number per unit",
            lambda deps: (*self.before(deps)[:-1], layer.setting("out")),
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

    def _params_mistakes(self) -> tuple[Mistake, ...]:
        layer, kind = self.layer, self.layer.type
        if kind == "conv2d":
            return tuple(self._conv_mistakes())
        if kind == "linear":
            return tuple(self._linear_mistakes())
        if layer.is_pool:
            return tuple(Mistake("pool-has-params", POOL_PARAMS, c) for c in self._pool_guesses())
        if kind in ("batchnorm2d", "batchnorm1d"):
            return (Mistake("bn-running-stats", BN_STATS, lambda deps: 4 * self.before(deps)[0]),)
        return ()

    def _forgot_bias(self, what: str) -> Mistake:
        layer, out = self.layer, self.layer.setting("out")
        return Mistake(
            "forgot-bias",
            f"each of the {out} {what} also has a bias: add {out}",
            lambda deps: params(layer.with_settings(bias=False), self.before(deps)),
        )

    def _conv_mistakes(self) -> list[Mistake]:
        kh, kw = pair(self.layer.setting("kernel"), "kernel")
        out, bias = self.layer.setting("out"), self.layer.setting("bias")
        found = [
            Mistake(
                "forgot-in-channels",
                "each filter has a weight for every input channel at every kernel position: "
                "k·k·C_in weights, not k·k",
                lambda deps: kh * kw * out + (out if bias else 0),
            )
        ]
        if bias:
            found.append(self._forgot_bias("filters"))
            found.append(
                Mistake(
                    "forgot-in-channels",
                    "each filter spans every input channel (k·k·C_in weights), and has one "
                    "bias as well",
                    lambda deps: kh * kw * out,
                )
            )
        return found

    def _linear_mistakes(self) -> list[Mistake]:
        layer, row = self.layer, self.row
        out, bias = layer.setting("out"), layer.setting("bias")
        found = [self._forgot_bias("units")] if bias else []
        if row.flattens:
            unpooled = self._before_pooling()
            if unpooled is not None:
                found.append(
                    Mistake(
                        "flatten-before-pool",
                        f"this uses the {shape_text(unpooled)} map from before the pooling; "
                        "pooling shrank it: flatten the map this layer actually receives",
                        lambda deps: params(layer, unpooled),
                    )
                )
            found.append(
                Mistake(
                    "forgot-in-channels",
                    "the flattened input has C·H·W features: every channel of the map counts",
                    lambda deps: math.prod(self.before(deps)[1:]) * out + (out if bias else 0),
                )
            )
            found.append(
                Mistake(
                    "no-flatten",
                    "this connects only the last axis (W) of the map to the units; the layer "
                    "first flattens the C·H·W map, and every one of those features has a weight "
                    "to every unit",
                    lambda deps: self.before(deps)[-1] * out + (out if bias else 0),
                )
            )
        return found

    def _before_pooling(self) -> Shape | None:
        """The input of the nearest pooling layer before this one, through shape-keeping layers."""
        for earlier in reversed(self.rows[: self.row.index]):
            if earlier.layer.is_pool:
                return earlier.input_shape
            if earlier.input_shape != earlier.output_shape:
                return None
        return None

    def _pool_guesses(self) -> list[Compute]:
        """Counts a student gives a pooling layer by treating its window as a filter."""
        kh, kw = self.layer.geometry().kernel

        def guess(weights: Callable[[int], int]) -> Compute:
            return lambda deps: weights(self.before(deps)[0])

        return [
            guess(lambda c: kh * kw * c),
            guess(lambda c: kh * kw * c + c),
            guess(lambda c: kh * kw * c * c + c),
            guess(lambda c: kh * kw),
        ]

    def _params_hints(self) -> tuple[str, ...]:
        layer, row = self.layer, self.row
        kind, before = layer.type, row.input_shape
        if kind == "conv2d":
            kh, kw = pair(layer.setting("kernel"), "kernel")
            out, bias = layer.setting("out"), layer.setting("bias")
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
