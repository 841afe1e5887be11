"""Provides layer output shapes and parameter counts of a network given in VGG shorthand or tables.

Shapes are channels-first and per example: [C, H, W] for images, [N] for vectors, [L, D] for
sequences. Flatten is implicit before a fully connected layer that receives an image map.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.conv import Geometry, GeometryError, Pair, pair, pool_geometry

Shape = tuple[int, ...]

LAYER_TYPES = (
    "conv2d",
    "linear",
    "maxpool2d",
    "avgpool2d",
    "batchnorm2d",
    "batchnorm1d",
    "layernorm",
    "embedding",
    "flatten",
    "relu",
    "sigmoid",
    "tanh",
    "softmax",
    "dropout",
)
SHORTHAND = ("convK-N", "maxpool", "avgpool", "fc-N", "relu", "softmax", "flatten", "dropout")

_SETTINGS: dict[str, dict[str, Any]] = {
    "conv2d": {
        "out": None,
        "kernel": None,
        "stride": 1,
        "padding": 0,
        "dilation": 1,
        "bias": True,
        "groups": 1,
    },
    "linear": {"out": None, "bias": True},
    "maxpool2d": {"kernel": None, "stride": None, "padding": 0},
    "avgpool2d": {"kernel": None, "stride": None, "padding": 0},
    "batchnorm2d": {},
    "batchnorm1d": {},
    "layernorm": {"normalized_shape": None},
    "embedding": {"num": None, "dim": None},
    "dropout": {"p": 0.5},
}
_ALIASES = {
    "size": "kernel",
    "out_features": "out",
    "out_channels": "out",
    "kernel_size": "kernel",
    "num_embeddings": "num",
    "embedding_dim": "dim",
}
_CONV = re.compile(r"conv(\d+)-(\d+)$")
_FC = re.compile(r"fc-?(\d+)$")


class LayerError(GeometryError):
    """A layer that cannot be read or cannot take the shape it receives; `index` names it."""

    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.index = index


@dataclass(frozen=True)
class Layer:
    """One layer: its type, the name it was written as, and its settings (defaults filled in)."""

    type: str
    name: str
    settings: Mapping[str, Any] = field(default_factory=dict)

    def setting(self, key: str) -> Any:
        return self.settings[key]

    @property
    def is_pool(self) -> bool:
        return self.type in ("maxpool2d", "avgpool2d")

    def geometry(self) -> Geometry:
        """The window of a conv2d or pooling layer."""
        kernel = pair(self.settings["kernel"], f"{self.name}: kernel")
        padding = pair(self.settings["padding"], f"{self.name}: padding")
        if self.is_pool:
            stride = self.settings["stride"]
            return pool_geometry(
                kernel, None if stride is None else pair(stride, "stride"), padding
            )
        return Geometry(
            kernel,
            padding,
            pair(self.settings["stride"], "stride"),
            pair(self.settings["dilation"], "dilation"),
        )

    def with_settings(self, **changes: Any) -> Layer:
        return Layer(self.type, self.name, {**self.settings, **changes})


def parse_layer(spec: str | Mapping[str, Any]) -> Layer:
    """A layer from VGG shorthand (`"conv3-64"`, `"maxpool"`, `"fc-1024"`) or a table."""
    if isinstance(spec, str):
        return _shorthand(spec)
    if not isinstance(spec, Mapping):
        raise LayerError(f'a layer is a string like "conv3-64" or a table, not {spec!r}')
    return _table(spec)


def _shorthand(text: str) -> Layer:
    word = text.strip().lower()
    if match := _CONV.match(word):
        k, out = int(match[1]), int(match[2])
        settings = {
            "out": out,
            "kernel": k,
            "stride": 1,
            "padding": k // 2,
            "dilation": 1,
            "bias": True,
        }
        return Layer("conv2d", text.strip(), settings)
    if match := _FC.match(word):
        return Layer("linear", text.strip(), {"out": int(match[1]), "bias": True})
    if word in ("maxpool", "avgpool"):
        return Layer(f"{word}2d", word, {"kernel": 2, "stride": 2, "padding": 0})
    if word in ("relu", "softmax", "flatten", "dropout", "sigmoid", "tanh"):
        return Layer(word, word, dict(_SETTINGS.get(word, {})))
    raise LayerError(
        f'unknown layer {text!r}: VGG shorthand is {", ".join(SHORTHAND)} (e.g. "conv3-64" '
        f"= 3x3 conv with 64 filters, padding 1), or write a table such as "
        f'{{ type = "conv2d", out = 64, kernel = 3 }}'
    )


def _table(spec: Mapping[str, Any]) -> Layer:
    kind = spec.get("type")
    if kind not in LAYER_TYPES:
        raise LayerError(f"layer type {kind!r} is not one of {', '.join(LAYER_TYPES)}")
    defaults = _SETTINGS.get(str(kind), {})
    settings = dict(defaults)
    for raw_key, value in spec.items():
        key = _ALIASES.get(raw_key, raw_key)
        if key == "type":
            continue
        if key not in defaults:
            allowed = ", ".join(defaults) or "no settings"
            raise LayerError(f"{kind} takes {allowed}; {raw_key!r} is not one of them")
        settings[key] = value
    missing = [
        k for k, v in settings.items() if v is None and k not in ("stride", "normalized_shape")
    ]
    if missing:
        raise LayerError(f"{kind} needs {', '.join(missing)}")
    for key in ("out", "num", "dim"):
        value = settings.get(key, 1)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise LayerError(
                f"{kind}: {key} must be a positive whole number, not {settings[key]!r}"
            )
    groups = settings.get("groups", 1)
    if isinstance(groups, bool) or not isinstance(groups, int) or groups < 1:
        raise LayerError(f"{kind}: groups must be a positive whole number, not {groups!r}")
    if kind == "conv2d" and settings["out"] % groups:
        raise LayerError(f"{kind}: out ({settings['out']}) must be a multiple of groups ({groups})")
    if not isinstance(settings.get("bias", True), bool):
        raise LayerError(f"{kind}: bias is true or false, not {settings['bias']!r}")
    layer = Layer(str(kind), _table_name(str(kind), settings), settings)
    if "kernel" in settings:
        layer.geometry()
    return layer


def _table_name(kind: str, s: Mapping[str, Any]) -> str:
    if kind == "conv2d":
        groups = f" g{s['groups']}" if s.get("groups", 1) > 1 else ""
        return (
            f"conv2d {s['out']}@{_size(s['kernel'])} s{_step(s['stride'])} "
            f"p{_step(s['padding'])}{groups}"
        )
    if kind == "linear":
        return f"linear {s['out']}"
    if kind in ("maxpool2d", "avgpool2d"):
        stride = s["stride"] if s["stride"] is not None else s["kernel"]
        return f"{kind} {_size(s['kernel'])} s{_step(stride)}"
    if kind == "embedding":
        return f"embedding {s['num']}x{s['dim']}"
    return kind


def _size(value: Any) -> str:
    """A window size: 3 reads 3x3."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "x".join(str(v) for v in value)
    return f"{value}x{value}"


def _step(value: Any) -> str:
    """A stride or padding: 1 reads 1, [1, 2] reads 1x2."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "x".join(str(v) for v in value)
    return str(value)


def output_shape(layer: Layer, shape: Shape) -> Shape:
    """The per-example shape after `layer`, for an input of `shape`."""
    shape = tuple(shape)
    if any(not isinstance(n, int) or n < 1 for n in shape) or not shape:
        raise LayerError(f"{layer.name}: {list(shape)} is not a shape of positive sizes")
    kind = layer.type
    if kind == "conv2d" or layer.is_pool:
        c, h, w = _image(layer, shape)
        groups = layer.settings.get("groups", 1) if kind == "conv2d" else 1
        if c % groups:
            raise LayerError(
                f"{layer.name}: its {c} input channels do not split into {groups} groups"
            )
        ho, wo = _output_hw(layer, h, w)
        return (layer.setting("out") if kind == "conv2d" else c, ho, wo)
    if kind == "linear":
        if len(shape) == 2:
            return (shape[0], layer.setting("out"))
        return (layer.setting("out"),)
    if kind == "flatten":
        return (math.prod(shape),)
    if kind == "embedding":
        if len(shape) != 1:
            raise LayerError(f"{layer.name} takes a [L] sequence of token ids, got {list(shape)}")
        return (shape[0], layer.setting("dim"))
    if kind == "batchnorm2d":
        _image(layer, shape)
    if kind == "batchnorm1d" and len(shape) > 2:
        raise LayerError(f"{layer.name} takes [N] or [C, L], got {list(shape)}: use batchnorm2d")
    if kind == "layernorm":
        _normalized(layer, shape)
    return shape


def params(layer: Layer, shape: Shape) -> int:
    """The number of trainable parameters (weights and biases) of `layer` on an input of `shape`.

    Batch norm learns a scale and a shift per channel (2C); its running mean and variance
    are buffers, not parameters. Layer norm learns 2 per normalised element (by default the
    features of each position of an [L, D] sequence, otherwise the whole example).
    """
    shape = tuple(shape)
    output_shape(layer, shape)
    kind, s = layer.type, layer.settings
    if kind == "conv2d":
        kh, kw = pair(s["kernel"], "kernel")
        per_filter = shape[0] // s.get("groups", 1) * kh * kw  # each filter sees its group
        return int(s["out"] * per_filter + (s["out"] if s["bias"] else 0))
    if kind == "linear":
        features = shape[-1] if len(shape) == 2 else math.prod(shape)
        return int(features * s["out"] + (s["out"] if s["bias"] else 0))
    if kind in ("batchnorm2d", "batchnorm1d"):
        return 2 * shape[0]
    if kind == "layernorm":
        return 2 * math.prod(_normalized(layer, shape))
    if kind == "embedding":
        return int(s["num"] * s["dim"])
    return 0


def _image(layer: Layer, shape: Shape) -> tuple[int, int, int]:
    if len(shape) != 3:
        raise LayerError(f"{layer.name} needs a [C, H, W] image map, got {list(shape)}")
    return shape[0], shape[1], shape[2]


def _output_hw(layer: Layer, h: int, w: int) -> Pair:
    try:
        return layer.geometry().output_hw(h, w)
    except LayerError:
        raise
    except GeometryError as error:
        raise LayerError(f"{layer.name} on a {h}x{w} map: {error}") from None


def _normalized(layer: Layer, shape: Shape) -> Shape:
    """The normalised dimensions: as given, else a sequence's last one, else the whole example."""
    wanted = layer.settings.get("normalized_shape")
    if wanted is None:
        return shape[-1:] if len(shape) == 2 else shape
    wanted_shape = tuple(wanted) if isinstance(wanted, Sequence) else (wanted,)
    if shape[len(shape) - len(wanted_shape) :] != wanted_shape:
        raise LayerError(
            f"{layer.name}: normalized_shape {list(wanted_shape)} must be the last "
            f"dimensions of its input {list(shape)}"
        )
    return wanted_shape


@dataclass(frozen=True)
class LayerRow:
    """One layer of a network with the shape it receives, the shape it gives, its parameters."""

    index: int
    layer: Layer
    input_shape: Shape
    output_shape: Shape
    params: int

    @property
    def flattens(self) -> bool:
        """True for a fully connected layer that flattens an image map first."""
        return self.layer.type == "linear" and len(self.input_shape) == 3


def analyse(
    input_shape: Sequence[int], layers: Sequence[str | Mapping[str, Any]]
) -> tuple[LayerRow, ...]:
    """Every layer's output shape and parameter count; a LayerError names the layer that fails."""
    shape: Shape = tuple(int(n) for n in input_shape)
    rows: list[LayerRow] = []
    for index, spec in enumerate(layers):
        try:
            layer = parse_layer(spec)
            out = output_shape(layer, shape)
            count = params(layer, shape)
        except GeometryError as error:
            raise LayerError(f"layer {index}: {error}", index) from None
        rows.append(LayerRow(index, layer, shape, out, count))
        shape = out
    return tuple(rows)
