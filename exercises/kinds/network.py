"""Provides the `network-size` kind: each layer's output shape and parameter count, then the total.

A layer's blanks follow through from the student's own shape for the layer before.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.answers import INTEGER, ShapeFormat
from engine.checking import Mistake
from engine.conv import GeometryError, pair, shape_slips
from engine.network import Layer, LayerError, LayerRow, Shape, analyse, output_shape, params
from exercises.kinds import register
from exercises.kinds.convolution import SHAPE_MESSAGES, size_rule
from exercises.model import Blank, Field, Instance, Kind, SpecError, Worksheet

Deps = Mapping[str, Any]
Compute = Callable[[Deps], Any]


@dataclass(frozen=True)
class LayerView:
    """One row of the layer table the app draws; the numbers themselves live in the blanks."""

    index: int
    name: str
    type: str
    settings: str
    shape_blank: str
    params_blank: str
    flattens: bool


@dataclass(frozen=True)
class NetworkVisual:
    """What the app draws beside a network-size worksheet: the input and the layer table."""

    input_shape: tuple[int, ...]
    layers: tuple[LayerView, ...]


POOL_PARAMS = (
    "pooling has no parameters: it takes the max or the mean of each window and learns "
    "nothing, so enter 0"
)
BN_STATS = (
    "batch norm learns a scale γ and a shift β per channel, 2C parameters; its running mean "
    "and variance are buffers, updated but not learned, so they do not count"
)


def _describe(layer: Layer) -> str:
    s, kind = layer.settings, layer.type
    if kind == "conv2d" or layer.is_pool:
        g = layer.geometry()
        window = f"{g.kernel[0]}x{g.kernel[1]}"
        parts = [
            f"{window} conv, {s['out']} filters"
            if kind == "conv2d"
            else f"{window} {kind[:3]} pooling"
        ]
        parts.append(f"stride {_one(g.stride)}")
        parts.append(f"padding {_one(g.padding)}")
        if g.dilation != (1, 1):
            parts.append(f"dilation {_one(g.dilation)}")
        if kind == "conv2d" and not s["bias"]:
            parts.append("no bias")
        return ", ".join(parts)
    if kind == "linear":
        return f"fully connected, {s['out']} units" + ("" if s["bias"] else ", no bias")
    if kind == "embedding":
        return f"embedding, {s['num']} tokens x {s['dim']}"
    return {
        "batchnorm2d": "batch norm per channel",
        "batchnorm1d": "batch norm per feature",
        "layernorm": "layer norm",
    }.get(kind, kind)


def _one(value: tuple[int, int]) -> str:
    return str(value[0]) if value[0] == value[1] else f"{value[0]}x{value[1]}"


def _shape_text(shape: Sequence[int]) -> str:
    return " x ".join(str(n) for n in shape)


class _LayerBlanks:
    """The blanks of one layer; `before` is its input shape: the student's own, else the key's."""

    def __init__(self, row: LayerRow, rows: Sequence[LayerRow], asked: set[str]) -> None:
        self.row, self.layer = row, row.layer
        self.prev_id = f"shape:{row.index - 1}"
        self.deps = (self.prev_id,) if row.index > 0 and self.prev_id in asked else ()
        self.rows = rows

    def before(self, deps: Deps) -> Shape:
        return tuple(int(n) for n in deps.get(self.prev_id, self.row.input_shape))

    def shape_blank(self) -> Blank:
        layer, row = self.layer, self.row
        return Blank(
            id=f"shape:{row.index}",
            label=f"{layer.name}: output shape",
            expected=row.output_shape,
            format=ShapeFormat(),
            depends_on=self.deps,
            recompute=lambda deps: output_shape(layer, self.before(deps)),
            mistakes=self._shape_mistakes(),
            hints=self._shape_hints(),
            section=f"Layer {row.index}: {layer.name}",
            node=layer.name,
        )

    def params_blank(self) -> Blank:
        layer, row = self.layer, self.row
        return Blank(
            id=f"params:{row.index}",
            label=f"{layer.name}: parameters",
            expected=row.params,
            format=INTEGER,
            depends_on=self.deps,
            recompute=self._params_from_own_shape,
            mistakes=self._params_mistakes(),
            hints=self._params_hints(),
            section=f"Layer {row.index}: {layer.name}",
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
        if self.layer.type != "conv2d" and not self.layer.is_pool:
            return ()
        layer = self.layer
        found = [
            Mistake(m, SHAPE_MESSAGES[m], self._slip(m))
            for m in SHAPE_MESSAGES
            if m != "off-by-one"
        ]
        for step in (-1, 1):
            found.append(Mistake("off-by-one", SHAPE_MESSAGES["off-by-one"], self._shifted(step)))
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

    def _slip(self, mistake: str) -> Compute:
        def compute(deps: Deps) -> Any:
            shape = self.before(deps)
            right = output_shape(self.layer, shape)
            slipped = shape_slips(shape[1], shape[2], self.layer.geometry()).get(mistake)
            return None if slipped is None else (right[0], *slipped)

        return compute

    def _shifted(self, step: int) -> Compute:
        def compute(deps: Deps) -> Any:
            c, h, w = output_shape(self.layer, self.before(deps))
            return (c, h + step, w + step) if min(h, w) + step >= 1 else None

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
            sizes = ", ".join(
                f"⌊({n} + 2·{p} − {k if g.dilation == (1, 1) else f'{d}·({k} − 1) − 1'})/{s}⌋ + 1"
                for n, k, p, s, d in zip(
                    before[1:], g.kernel, g.padding, g.stride, g.dilation, strict=True
                )
            )
            concept = (
                "A convolution gives one channel per filter; the window positions set "
                "the height and width."
                if kind == "conv2d"
                else "Pooling keeps the channels and shrinks the height and width."
            )
            return (concept, size_rule(g) + ", the same for W.", f"{channels}; H, W = {sizes}")
        if kind == "linear":
            flat = f" (the {_shape_text(before)} map is flattened first)" if row.flattens else ""
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
        found: list[Mistake] = []
        if kind == "conv2d":
            kh, kw = pair(layer.setting("kernel"), "kernel")
            out, bias = layer.setting("out"), layer.setting("bias")
            found.append(
                Mistake(
                    "forgot-in-channels",
                    "each filter has a weight for every input channel at every kernel position: "
                    "k·k·C_in weights, not k·k",
                    lambda deps: kh * kw * out + (out if bias else 0),
                )
            )
            if bias:
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
                        "forgot-bias",
                        f"each of the {out} filters also has a bias: add {out}",
                        lambda deps: params(layer.with_settings(bias=False), self.before(deps)),
                    )
                )
        elif kind == "linear":
            found.extend(self._linear_mistakes())
        elif layer.is_pool:
            found.extend(Mistake("pool-has-params", POOL_PARAMS, c) for c in self._pool_guesses())
        elif kind in ("batchnorm2d", "batchnorm1d"):
            found.append(
                Mistake("bn-running-stats", BN_STATS, lambda deps: 4 * self.before(deps)[0])
            )
        return tuple(found)

    def _linear_mistakes(self) -> list[Mistake]:
        layer, row = self.layer, self.row
        out, bias = layer.setting("out"), layer.setting("bias")
        found: list[Mistake] = []
        if bias:
            found.append(
                Mistake(
                    "forgot-bias",
                    f"each of the {out} units also has a bias: add {out}",
                    lambda deps: params(layer.with_settings(bias=False), self.before(deps)),
                )
            )
        if row.flattens:
            unpooled = self._before_pooling()
            if unpooled is not None:
                found.append(
                    Mistake(
                        "flatten-before-pool",
                        f"this uses the {_shape_text(unpooled)} map from before the pooling; "
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
            return (BN_STATS[0].upper() + BN_STATS[1:] + ".", "params = 2·C", f"2·{before[0]}")
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
            return (POOL_PARAMS[0].upper() + POOL_PARAMS[1:] + ".",)
        return (f"{layer.name} has nothing to learn: 0 parameters.",)


def _total_blank(rows: Sequence[LayerRow], asked: set[str]) -> Blank:
    deps = tuple(f"params:{r.index}" for r in rows if f"params:{r.index}" in asked)
    key = {f"params:{r.index}": r.params for r in rows}

    def followed(deps: Deps) -> float | None:
        """The student's own sum, None when their counts are the key's (as for params)."""
        if all(float(deps.get(k, v)) == v for k, v in key.items()):
            return None
        return total(deps)

    def total(deps: Deps, change: Callable[[LayerRow], int] | None = None) -> float:
        return sum(
            float(deps.get(k, v)) if change is None else float(change(r))
            for (k, v), r in zip(key.items(), rows, strict=True)
        )

    def without_bias(row: LayerRow) -> int:
        if row.layer.type in ("conv2d", "linear") and row.layer.setting("bias"):
            return row.params - int(row.layer.setting("out"))
        return row.params

    mistakes = [
        Mistake(
            "forgot-bias",
            "the biases are missing: every conv filter and every fully connected unit has one",
            lambda d: total(d, without_bias),
        )
    ]
    if any(r.layer.type.startswith("batchnorm") for r in rows):
        mistakes.append(
            Mistake(
                "bn-running-stats",
                BN_STATS,
                lambda d: total(
                    d, lambda r: 2 * r.params if r.layer.type.startswith("batchnorm") else r.params
                ),
            )
        )
    return Blank(
        id="total",
        label="total parameters",
        expected=sum(r.params for r in rows),
        format=INTEGER,
        depends_on=deps,
        recompute=followed,
        mistakes=tuple(mistakes),
        hints=(
            "Add up the parameters of every layer.",
            "total = Σ_k params_k",
            " + ".join(str(r.params) for r in rows if r.params),
        ),
        section="Total",
    )


def _asked(ask: Any, rows: Sequence[LayerRow], seed: int) -> set[str]:
    every = {f"{what}:{r.index}" for r in rows for what in ("shape", "params")} | {"total"}
    if ask is None:
        return every
    if isinstance(ask, int) and not isinstance(ask, bool):
        if ask < 0:
            raise SpecError("ask", f"ask a number of layers ≥ 0, not {ask}")
        rng = np.random.default_rng([seed & 0xFFFFFFFF, 0x1A7])
        drawn = rng.choice(len(rows), size=min(ask, len(rows)), replace=False)
        return {f"{what}:{n}" for n in drawn for what in ("shape", "params")} | {"total"}
    if not isinstance(ask, list) or not ask:
        raise SpecError("ask", "give a list of blank ids or a number of layers")
    for item in ask:
        if item not in every:
            raise SpecError(
                "ask",
                f"{item!r} is not a blank here: ask shape:K and params:K for "
                f"K from 0 to {len(rows) - 1}, and total",
            )
    return set(ask)


def _read_input_shape(value: Any) -> Shape:
    if not (
        isinstance(value, list)
        and 1 <= len(value) <= 3
        and all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 100_000 for n in value)
    ):
        raise SpecError(
            "input_shape",
            f"give [C, H, W] or [N] in positive whole numbers, like [3, 112, 112], not {value!r}",
        )
    return tuple(value)


def build_network(instance: Instance) -> Worksheet:
    fields = instance.fields
    input_shape = _read_input_shape(fields["input_shape"])
    layers = fields["layers"]
    if not isinstance(layers, list) or not 1 <= len(layers) <= 60:
        raise SpecError("layers", 'give a list of 1 to 60 layers, like ["conv3-64", "maxpool"]')
    try:
        rows = analyse(input_shape, layers)
    except LayerError as error:
        field = "layers" if error.index is None else f"layers[{error.index}]"
        raise SpecError(field, str(error)) from None
    except GeometryError as error:
        raise SpecError("layers", str(error)) from None
    asked = _asked(fields.get("ask"), rows, instance.seed)
    blanks: list[Blank] = []
    for row in rows:
        maker = _LayerBlanks(row, rows, asked)
        blanks += [b for b in (maker.shape_blank(), maker.params_blank()) if b.id in asked]
    if "total" in asked:
        blanks.append(_total_blank(rows, asked))
    table = "\n".join(f"{r.index}. `{r.layer.name}`: {_describe(r.layer)}" for r in rows)
    task = (
        f"Input: {_shape_text(input_shape)} per example.\n\n{table}\n\nFor each layer give "
        "its output shape and its number of parameters, then the total."
    )
    conventions = (
        "Shapes are per example and channels first: C x H x W for an image map, [N] for a "
        "vector. Parameters are weights plus biases. A fully connected layer flattens an image "
        "map first. Pooling, activations and dropout have no parameters; batch norm has 2 per "
        "channel (its running statistics are buffers, not parameters)."
    )
    views = tuple(
        LayerView(
            r.index,
            r.layer.name,
            r.layer.type,
            _describe(r.layer),
            f"shape:{r.index}",
            f"params:{r.index}",
            r.flattens,
        )
        for r in rows
    )
    return Worksheet(
        ref=instance.ref,
        kind=instance.kind,
        seed=instance.seed,
        title=instance.title,
        prompt=(instance.prompt or task) + "\n\n" + conventions,
        blanks=tuple(blanks),
        result={
            "layers": [
                {"name": r.layer.name, "output_shape": list(r.output_shape), "params": r.params}
                for r in rows
            ],
            "total_params": sum(r.params for r in rows),
        },
        hints=instance.hints,
        visual=NetworkVisual(input_shape, views),
        source=instance.source,
    )


NETWORK_FIELDS = {
    "input_shape": Field((list,), "[C, H, W] for an image, [N] for a vector", True),
    "layers": Field((list,), 'VGG shorthand ("conv3-64", "maxpool", "fc-1024") or tables', True),
    "ask": Field(
        (list, int), "the blanks asked: a list of ids, or a number of layers drawn from the seed"
    ),
}

register(Kind("network-size", NETWORK_FIELDS, build_network))
