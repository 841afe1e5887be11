"""Provides the known mistakes of a layer's parameter count in a `network-size` worksheet.

Each is computed from the student's own input shape for the layer (`before`), so a count
that is wrong only because the shape before it was wrong is not taken for a new mistake.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from engine.checking import Mistake
from engine.conv import pair
from engine.network import LayerRow, Shape, params

Deps = Mapping[str, Any]
Compute = Callable[[Deps], Any]

ACTIVATIONS = ("relu", "sigmoid", "tanh", "softmax", "dropout")
POOL_PARAMS = (
    "pooling has no parameters: it takes the max or the mean of each window and learns "
    "nothing, so enter 0"
)
BN_STATS = (
    "batch norm learns a scale γ and a shift β per channel, 2C parameters; its running mean "
    "and variance are buffers, updated but not learned, so they do not count"
)


def shape_text(shape: Sequence[int]) -> str:
    return " x ".join(str(n) for n in shape)


class ParamFaults:
    """The mistakes of one layer's count; `before` gives its input shape from the deps."""

    def __init__(
        self, row: LayerRow, rows: Sequence[LayerRow], before: Callable[[Deps], Shape]
    ) -> None:
        self.row, self.layer, self.rows, self.before = row, row.layer, rows, before

    def mistakes(self) -> tuple[Mistake, ...]:
        return self._params_mistakes()

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
        if kind in ACTIVATIONS:
            return self._activation_guesses()
        return ()

    def _activation_guesses(self) -> tuple[Mistake, ...]:
        """Counts a student gives an activation or dropout: one or two per unit or channel."""
        message = (
            f"{self.layer.name} has nothing to learn: it applies a fixed function to each "
            "number (dropout zeroes some at random), so enter 0"
        )

        def guess(count: Callable[[Shape], int]) -> Compute:
            return lambda deps: count(self.before(deps))

        return tuple(
            Mistake("activation-has-params", message, guess(count))
            for count in (
                lambda shape: math.prod(shape),
                lambda shape: 2 * math.prod(shape),
                lambda shape: shape[0],
                lambda shape: 2 * shape[0],
            )
        )

    def _bias_slip(self, what: str) -> Mistake:
        """The count with the biases toggled: left out where the layer has them, else added."""
        layer, out = self.layer, self.layer.setting("out")
        has = bool(layer.setting("bias"))
        message = (
            f"this counts the weights only; each of the {out} {what} also has a bias, which "
            "counts as a parameter too"
            if has
            else f"this counts a bias for each of the {out} {what}, but this layer has none "
            "(bias = false): count the weights only"
        )
        return Mistake(
            "forgot-bias" if has else "bias-added",
            message,
            lambda deps: params(layer.with_settings(bias=not has), self.before(deps)),
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
            ),
            self._bias_slip("filters"),
        ]
        if self.layer.settings.get("groups", 1) > 1:
            found.append(
                Mistake(
                    "groups-ignored",
                    f"with groups = {self.layer.setting('groups')}, each filter sees only the "
                    "input channels of its group: divide C_in by the groups",
                    lambda deps: params(self.layer.with_settings(groups=1), self.before(deps)),
                )
            )
        if bias:
            found.append(self._bias_per_input("a filter has one bias, not one per input channel"))
            found.append(
                Mistake(
                    "forgot-in-channels",
                    "each filter spans every input channel (k·k·C_in weights), and has one "
                    "bias as well",
                    lambda deps: kh * kw * out,
                )
            )
        found.append(
            Mistake(
                "wrong-in-channels",
                f"this takes the input channels as the layer's own {out} filters; each filter "
                "spans the channels of the map this layer receives",
                lambda deps: kh * kw * out * out + (out if bias else 0),
            )
        )
        if self.row.input_shape[0] != 3:
            found.append(
                Mistake(
                    "wrong-in-channels",
                    "this takes 3 input channels, as for an RGB image; each filter spans the "
                    "channels of the map this layer receives",
                    lambda deps: kh * kw * 3 * out + (out if bias else 0),
                )
            )
        return found

    def _linear_mistakes(self) -> list[Mistake]:
        layer, row = self.layer, self.row
        out, bias = layer.setting("out"), layer.setting("bias")
        found = [self._bias_slip("units")]
        if bias:
            found.append(
                self._bias_per_input(
                    f"the biases go with the {out} outputs, one per unit, not with the inputs"
                )
            )
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
            found.append(
                Mistake(
                    "no-flatten",
                    "this connects only the channels of the map to the units; the layer first "
                    "flattens the C·H·W map, and every one of those features has a weight to "
                    "every unit",
                    lambda deps: self.before(deps)[0] * out + (out if bias else 0),
                )
            )
        return found

    def _bias_per_input(self, message: str) -> Mistake:
        """The weights plus one bias per input channel or feature (the biases on the wrong side)."""
        layer = self.layer

        def count(deps: Deps) -> int | None:
            before = self.before(deps)
            inputs = before[0] if layer.type == "conv2d" else math.prod(before)
            if inputs == layer.setting("out"):
                return None
            return params(layer.with_settings(bias=False), before) + inputs * (
                layer.setting("out") if layer.type == "conv2d" else 1
            )

        return Mistake("bias-per-channel", message, count)

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
