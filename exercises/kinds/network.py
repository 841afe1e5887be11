"""Provides the `network-size` kind: each layer's output shape and parameter count, then the total.

The blanks of each layer come from `layer_blanks`; this module reads the fields, asks the
blanks, adds the total, and describes the layers for the prompt and the app's table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.answers import INTEGER, show_number
from engine.checking import Mistake
from engine.conv import GeometryError
from engine.network import Layer, LayerError, LayerRow, Shape, analyse
from exercises.kinds import register
from exercises.kinds.layer_blanks import LayerBlanks
from exercises.kinds.layer_faults import BN_STATS, shape_text
from exercises.kinds.windows import pair_text
from exercises.model import Blank, Field, Instance, Kind, SpecError, Worksheet

Deps = Mapping[str, Any]


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


def _describe(layer: Layer) -> str:
    """A layer's settings in words, for the prompt and the layer table."""
    s, kind = layer.settings, layer.type
    if kind == "conv2d" or layer.is_pool:
        g = layer.geometry()
        window = f"{g.kernel[0]}x{g.kernel[1]}"
        parts = [
            f"{window} conv, {s['out']} filters"
            if kind == "conv2d"
            else f"{window} {kind[:3]} pooling"
        ]
        parts.append(f"stride {pair_text(g.stride)}")
        parts.append(f"padding {pair_text(g.padding)}")
        if g.dilation != (1, 1):
            parts.append(f"dilation {pair_text(g.dilation)}")
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


def _total_blank(rows: Sequence[LayerRow], asked: set[str]) -> Blank:
    deps = tuple(f"params:{r.index}" for r in rows if f"params:{r.index}" in asked)
    key = {f"params:{r.index}": r.params for r in rows}

    def own(deps: Deps) -> dict[str, float]:
        """Every layer's count: the student's own (implied) where asked, else the key's."""
        return {k: float(deps.get(k, v)) for k, v in key.items()}

    def followed(deps: Deps) -> float | None:
        """The student's own sum, None when their counts are the key's (as for params)."""
        counts = own(deps)
        return None if counts == key else sum(counts.values())

    def changed(change: Callable[[LayerRow, float], float]) -> Callable[[Deps], float]:
        return lambda deps: sum(change(r, own(deps)[f"params:{r.index}"]) for r in rows)

    def without_bias(row: LayerRow, count: float) -> float:
        if row.layer.type in ("conv2d", "linear") and row.layer.setting("bias"):
            return count - int(row.layer.setting("out"))
        return count

    mistakes = [
        Mistake(
            "forgot-bias",
            "the biases are missing: every conv filter and every fully connected unit has one",
            changed(without_bias),
        )
    ]
    if any(r.layer.type.startswith("batchnorm") for r in rows):
        mistakes.append(
            Mistake(
                "bn-running-stats",
                BN_STATS,
                changed(lambda r, n: 2 * n if r.layer.type.startswith("batchnorm") else n),
            )
        )
    mistakes.extend(_addition_slips(rows, own))
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


def _addition_slips(
    rows: Sequence[LayerRow], own: Callable[[Deps], dict[str, float]]
) -> list[Mistake]:
    """A layer left out of the sum or counted twice; else a sum that is not the parts' sum."""

    def slipped(blank_id: str, sign: int) -> Callable[[Deps], float]:
        return lambda d: sum(own(d).values()) + sign * own(d)[blank_id]

    def group_sum(group: Sequence[LayerRow]) -> Callable[[Deps], float]:
        return lambda d: sum(own(d)[f"params:{r.index}"] for r in group)

    found = []
    for row in rows:
        if not row.params:
            continue
        name = f"layer {row.index} ({row.layer.name})"
        for sign, slip in ((-1, "leaves out"), (1, "counts twice")):
            found.append(
                Mistake(
                    "addition-slip",
                    f"this total {slip} the parameters of {name}; the total is the sum of "
                    "every layer's count, each once",
                    slipped(f"params:{row.index}", sign),
                )
            )

    def parts(deps: Deps) -> str:
        total = sum(own(deps).values())
        return (
            f"your layers add up to {show_number(total)}: the total is the sum of the layers' "
            "counts, so add them up again (or correct the layers that are off)"
        )

    for kinds, which in ((("conv2d",), "convolution"), (("linear",), "fully connected")):
        group = [r for r in rows if r.layer.type in kinds and r.params]
        if group and len(group) < len([r for r in rows if r.params]):
            found.append(
                Mistake(
                    "addition-slip",
                    f"this total counts the {which} layers only; add the parameters of every layer",
                    group_sum(group),
                )
            )
    total = sum(r.params for r in rows)
    found.append(
        Mistake(
            "addition-slip",
            "one digit of this total is off from the sum of the layers' counts: a carry "
            "slipped; add the counts again, column by column",
            lambda d: sum(own(d).values()),
            matches=one_digit_off,
        )
    )
    found.append(
        Mistake(
            "addition-slip",
            parts,
            lambda d: sum(own(d).values()),
            matches=lambda entry, own_sum: own_sum != total,
        )
    )
    return found


def one_digit_off(entry: Any, value: Any) -> bool:
    """Whole numbers that differ in one decimal place: d·10^k for a digit d from 1 to 9."""
    difference = abs(float(entry) - float(value))
    if not float(entry).is_integer() or not float(value).is_integer() or difference == 0:
        return False
    while difference % 10 == 0:
        difference //= 10
    return difference < 10


def _asked(ask: Any, rows: Sequence[LayerRow], seed: int) -> set[str]:
    """The ids asked: all by default, a number of layers drawn from the seed, or a list."""
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
            standalone=True,
        )
    return tuple(value)


def _read_rows(input_shape: Shape, layers: Any) -> tuple[LayerRow, ...]:
    if not isinstance(layers, list) or not 1 <= len(layers) <= 60:
        raise SpecError(
            "layers", 'give a list of 1 to 60 layers, like ["conv3-64", "maxpool"]', standalone=True
        )
    try:
        return analyse(input_shape, layers)
    except LayerError as error:
        field = "layers" if error.index is None else f"layers[{error.index}]"
        raise SpecError(field, str(error)) from None
    except GeometryError as error:
        raise SpecError("layers", str(error)) from None


def build_network(instance: Instance) -> Worksheet:
    fields = instance.fields
    input_shape = _read_input_shape(fields["input_shape"])
    rows = _read_rows(input_shape, fields["layers"])
    asked = _asked(fields.get("ask"), rows, instance.seed)
    blanks: list[Blank] = []
    for row in rows:
        maker = LayerBlanks(row, rows, asked)
        blanks += [b for b in (maker.shape_blank(), maker.params_blank()) if b.id in asked]
    if "total" in asked:
        blanks.append(_total_blank(rows, asked))
    table = "\n".join(f"{r.index}. `{r.layer.name}`: {_describe(r.layer)}" for r in rows)
    task = (
        f"Input: {shape_text(input_shape)} per example.\n\n{table}\n\nFor each layer give "
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
    return instance.worksheet(
        (instance.prompt or task) + "\n\n" + conventions,
        blanks,
        {
            "layers": [
                {"name": r.layer.name, "output_shape": list(r.output_shape), "params": r.params}
                for r in rows
            ],
            "total_params": sum(r.params for r in rows),
        },
        NetworkVisual(input_shape, views),
    )


NETWORK_FIELDS = {
    "input_shape": Field((list,), "[C, H, W] for an image, [N] for a vector", True),
    "layers": Field((list,), 'VGG shorthand ("conv3-64", "maxpool", "fc-1024") or tables', True),
    "ask": Field(
        (list, int), "the blanks asked: a list of ids, or a number of layers drawn from the seed"
    ),
}

register(Kind("network-size", NETWORK_FIELDS, build_network))
