"""Provides the one mistake catalogue: every mistake's id, meaning, message template and kinds.

An id has one meaning everywhere; it is part of the `tutor grade --json` contract (`mistake`,
`mistakes`), so ids are stable. A template's `{fields}` are filled with the student's own
numbers when the mistake is matched (`Row.message`). docs/packs.md holds the table that
`markdown_table()` prints (a test keeps them equal).
"""

from __future__ import annotations

from dataclasses import dataclass

AUTODIFF = ("forward-ad", "reverse-ad")
GRAPH_KINDS = ("forward-ad", "reverse-ad", "numeric-diff")
SYMBOLIC = ("derivative", "matrix-gradient")
CLOSED_FORMS = ("expression", "questions")
GRIDS = ("convolution", "pooling", "network-size")
#: The generic arithmetic slips apply to every numeric blank of every kind.
ANY = ("any",)


@dataclass(frozen=True)
class Row:
    """One mistake: its id, what the student did (for the docs), its message and kinds."""

    id: str
    meaning: str
    template: str
    kinds: tuple[str, ...]

    def message(self, **fields: object) -> str:
        """The template filled with the student's numbers and the sheet's names."""
        return self.template.format(**fields)


ROWS: tuple[Row, ...] = (
    # Wrong local rules of an op (the rules live in the op's record, engine/ops.py).
    Row(
        "cos-derivative",
        "d cos u taken as +sin u (the sign of cos′ dropped)",
        "this takes d/du cos u = +sin u; the derivative of cos u is -sin u",
        AUTODIFF,
    ),
    Row(
        "sub-sign",
        "the partial of a − b by b taken as +1",
        "this takes ∂(a − b)/∂b = +1; the second operand of a subtraction has partial -1",
        AUTODIFF,
    ),
    Row(
        "sub-as-add",
        "a − b evaluated as a + b",
        "this adds where the node subtracts: a − b, not a + b",
        GRAPH_KINDS,
    ),
    Row(
        "max-routes-all",
        "a max (or min) gate's gradient sent to every input, as an add gate does",
        "max(u, v) passes the gradient to the input that won (the larger) only; the other "
        "input gets 0",
        AUTODIFF,
    ),
    Row(
        "sigmoid-derivative",
        "σ′ taken as σ, or as σ(1 + σ)",
        "σ'(u) is σ(u)(1 - σ(u)), not σ(u) itself nor σ(u)(1 + σ(u))",
        (*AUTODIFF, "derivative"),
    ),
    Row(
        "sigmoid-skipped",
        "σ′ left out going back through a neuron: the gradient passed through σ unchanged",
        "σ' is left out: going back through σ(u) multiplies by σ'(u) = σ(u)(1 - σ(u))",
        AUTODIFF,
    ),
    Row(
        "softmax-sign",
        "a plus for the minus in the softmax Jacobian s_i(δ_ij − s_j)",
        "{detail}",
        AUTODIFF,
    ),
    Row(
        "tanh-derivative",
        "tanh′ taken as 1 + tanh² (or another wrong rule for tanh′)",
        "tanh'(u) is 1 - tanh(u)², not 1 + tanh(u)² nor 1 - tanh(u)",
        (*AUTODIFF, "derivative"),
    ),
    Row(
        "cosh-derivative",
        "d cosh u taken as -sinh u",
        "this takes d/du cosh u = -sinh u; the derivative of cosh u is +sinh u",
        AUTODIFF,
    ),
    Row(
        "partial-at-output",
        "a local partial evaluated at the node's output instead of its input",
        "this is the local partial evaluated at the node's output instead of its input",
        AUTODIFF,
    ),
    Row(
        "value-as-partial",
        "a node's own value taken as its local partial (sin u for d sin u/du, ln u for 1/u)",
        "this takes the node's own value as its local derivative; the local partial is the "
        "op's derivative at its input (d sin u/du = cos u, d ln u/du = 1/u)",
        AUTODIFF,
    ),
    Row(
        "partial-at-input",
        "a partial written in the node's output (σ(1 − σ), 1 − tanh²) taken at its input",
        "this is the local partial with the node's input put where its output belongs: "
        "σ'(u) = σ(u)(1 - σ(u)) uses σ(u), not u",
        AUTODIFF,
    ),
    Row(
        "power-rule",
        "d uⁿ taken as n·uⁿ or as uⁿ⁻¹ (the power rule half done)",
        "this is not the power rule: d/du u^n = n·u^(n-1), the exponent brought down and lowered",
        AUTODIFF,
    ),
    Row(
        "quotient-rule",
        "∂(a/b)/∂b taken as +a/b² or as -a/b (the quotient rule misremembered)",
        "this is not the quotient rule: ∂(a/b)/∂b = -a/b²",
        AUTODIFF,
    ),
    Row(
        "relu-derivative",
        "relu′ taken as 1 where the unit is off",
        "relu passes the gradient only where its input is positive: relu'(u) = 0 for u < 0",
        AUTODIFF,
    ),
    Row(
        "degrees",
        "sin, cos or tan evaluated in degrees",
        "this is the value with the angle in degrees; calculators must be in radians here",
        (*GRAPH_KINDS, "gradient-descent"),
    ),
    Row(
        "log10",
        "ln taken as log base 10",
        "this uses log base 10; ln is the natural logarithm (base e)",
        (*GRAPH_KINDS, "gradient-descent"),
    ),
    # Wrong sweeps (the same sweep run with a perturbed rule table, engine/faults.py).
    Row(
        "missing-path",
        "one term of a chain-rule sum left out",
        "a path is missing: {detail}",
        AUTODIFF,
    ),
    Row(
        "local-only",
        "the local partial alone, not times the carried derivative",
        "this is the local partial alone; multiply it by the derivative carried along the path "
        "(the chain rule)",
        AUTODIFF,
    ),
    Row(
        "dropped-seed",
        "every input seeded with 1 in forward mode",
        "this treats every input's tangent as 1; seed only {seed} with 1 and the other inputs "
        "with 0",
        ("forward-ad",),
    ),
    Row(
        "sum-as-product",
        "the terms of a chain-rule sum multiplied instead of added",
        "this multiplies the terms {terms}; {node}'s derivative sums one term per {what}",
        AUTODIFF,
    ),
    Row(
        "times-value",
        "the derivative multiplied by the node's own value",
        "this is the derivative times {node}'s value, {value}; the chain rule multiplies by "
        "local partials, not by the node's value",
        AUTODIFF,
    ),
    Row(
        "other-node",
        "the value or derivative of another node (the message says which)",
        "this is the {what} of {other}, not the derivative of {node}",
        AUTODIFF,
    ),
    Row(
        "transposed-jacobian",
        "a Jacobian entry taken from the transposed position",
        "this is ∂{output}/∂{variable} from the transposed position; a Jacobian has a row per "
        "output and a column per input",
        AUTODIFF,
    ),
    Row(
        "value-for-derivative",
        "the node's value entered for its derivative",
        "this is {node}'s value; its derivative is asked here",
        AUTODIFF,
    ),
    Row(
        "sign-flip",
        "the sign of a derivative or of one chain-rule term flipped",
        "{detail}",
        (*AUTODIFF, *SYMBOLIC, "gradient-descent", "numeric-diff", *CLOSED_FORMS),
    ),
    Row("missing-delta", "the softmax Jacobian without its δ_ij", "{detail}", AUTODIFF),
    # Finite differences.
    Row(
        "central-for-forward",
        "the central difference where the forward one is asked",
        "this is the central difference; the exercise asks for the forward one",
        ("numeric-diff",),
    ),
    Row(
        "forward-for-central",
        "the forward difference where the central one is asked",
        "this is the forward difference; the exercise asks for the central one",
        ("numeric-diff",),
    ),
    Row(
        "no-divide",
        "the difference not divided by δ",
        "the difference is not divided by δ",
        ("numeric-diff",),
    ),
    Row(
        "exact-derivative",
        "the exact derivative where the finite-difference estimate is asked",
        "that is the exact derivative; the finite-difference estimate is asked, and it differs "
        "from it",
        ("numeric-diff",),
    ),
    # Symbolic derivatives and matrix gradients.
    Row(
        "missing-chain-factor",
        "the inside's derivative dropped at one function",
        "{detail}",
        ("derivative", "gradient-descent"),
    ),
    Row(
        "self-instead-of-derivative",
        "the function itself for its derivative",
        "this is the function itself, not its derivative",
        ("derivative",),
    ),
    Row("wrong-variable", "the derivative by another variable", "{detail}", SYMBOLIC),
    Row(
        "constant-factor",
        "right up to a constant factor",
        "{detail}",
        (*SYMBOLIC, "gradient-descent", *CLOSED_FORMS),
    ),
    Row(
        "layout",
        "the transpose of the gradient (numerator layout)",
        "{detail}",
        ("matrix-gradient",),
    ),
    Row(
        "shape-mismatch",
        "shapes that do not fit, or a result of the wrong shape",
        "{detail}",
        ("matrix-gradient", *CLOSED_FORMS),
    ),
    Row(
        "missing-transpose-term",
        "one product-rule term of a repeated variable dropped",
        "{detail}",
        ("matrix-gradient",),
    ),
    Row(
        "shape-of-f",
        "the shape of f for the shape of the gradient",
        "{detail}",
        ("matrix-gradient",),
    ),
    Row(
        "column-vector",
        "a column vector's shape written as one number",
        "{detail}",
        ("matrix-gradient",),
    ),
    Row(
        "graph-off",
        "a graph of the student's own that does not compute the function",
        "{detail}",
        GRAPH_KINDS,
    ),
    # Answers that are not numbers (engine/regions.py, exercises/kinds/answer_types.py).
    Row("closed-end", "an interval's end included where it is open", "{detail}", CLOSED_FORMS),
    Row("open-end", "an interval's end left out where it is closed", "{detail}", CLOSED_FORMS),
    Row("indices-swapped", "an indexed entry with its indices exchanged", "{detail}", CLOSED_FORMS),
    Row("opposite-direction", "a direction pointing the opposite way", "{detail}", CLOSED_FORMS),
    Row(
        "known-mistake",
        "a wrong answer the pack itself lists, with its own message",
        "{detail}",
        CLOSED_FORMS,
    ),
    # Optimizers.
    Row("lr-missing", "the learning rate left out of the step", "{detail}", ("gradient-descent",)),
    Row("stale-gradient", "the gradient of the step before", "{detail}", ("gradient-descent",)),
    Row(
        "momentum-convention",
        "the classic momentum form for PyTorch's (or the reverse)",
        "{detail}",
        ("gradient-descent",),
    ),
    Row("no-bias-correction", "Adam's bias correction left out", "{detail}", ("gradient-descent",)),
    Row("eps-inside-sqrt", "ε inside the square root", "{detail}", ("gradient-descent",)),
    Row(
        "accum-not-squared",
        "the gradient accumulated without squaring",
        "{detail}",
        ("gradient-descent",),
    ),
    Row("t-off-by-one", "the bias correction's t off by one", "{detail}", ("gradient-descent",)),
    Row("wrong-term", "one term of the objective for the whole", "{detail}", ("gradient-descent",)),
    Row(
        "missing-abs",
        "a contraction factor without its absolute value",
        "{detail}",
        ("gradient-descent",),
    ),
    Row(
        "best-not-largest",
        "1/f'' given as the largest step that converges",
        "{detail}",
        ("gradient-descent",),
    ),
    Row(
        "no-beta-factor",
        "a moving average's new term added without its weight (1 − β)",
        "the new term {new} is added without its weight (1 - {beta}); a moving average keeps "
        "{beta} of the old value and adds (1 - {beta}) times the new term",
        ("gradient-descent",),
    ),
    Row(
        "gradient-after-update",
        "some partials of a step taken after other weights had already moved (backprop through "
        "updated output weights)",
        "the gradient for {late} was taken after {moved} had already been updated; in one step "
        "every partial derivative is taken at the same point, {point}, and only then do all the "
        "weights move",
        ("gradient-descent",),
    ),
    Row("lr-inverted", "the step taken with 1/η", "{detail}", ("gradient-descent",)),
    Row("no-sqrt", "an adaptive step divided by v, not √v", "{detail}", ("gradient-descent",)),
    Row(
        "stale-accumulator",
        "an adaptive step divided by the state of the step before",
        "{detail}",
        ("gradient-descent",),
    ),
    Row(
        "no-accumulation",
        "a running sum or average restarted from the new term",
        "{detail}",
        ("gradient-descent",),
    ),
    Row(
        "beta-swapped",
        "a moving average with β and 1 − β swapped",
        "{detail}",
        ("gradient-descent",),
    ),
    Row(
        "velocity-after-step",
        "the step taken along the old velocity, the velocity updated after it",
        "this steps along v(t-1), the velocity of the step before; update the velocity with "
        "the new gradient first, then step along v(t)",
        ("gradient-descent",),
    ),
    Row(
        "no-momentum",
        "a plain gradient step where momentum is asked",
        "{detail}",
        ("gradient-descent",),
    ),
    Row(
        "no-momentum-factor",
        "the old velocity kept in full (μ left out)",
        "{detail}",
        ("gradient-descent",),
    ),
    Row(
        "missing-term",
        "one additive term left out (of an objective's gradient or value, or of a derivative)",
        "{detail}",
        ("gradient-descent", "derivative"),
    ),
    # Finite differences (beyond the autodiff rows above).
    Row(
        "both-perturbed",
        "every input moved by δ for a partial difference",
        "{detail}",
        ("numeric-diff",),
    ),
    Row(
        "backward-for-central",
        "the backward difference where the central one is asked",
        "{detail}",
        ("numeric-diff",),
    ),
    Row("wrong-output", "another output's estimate in this blank", "{detail}", ("numeric-diff",)),
    # Convolution, pooling and network sizes.
    Row("no-padding", "padding ignored", "{detail}", GRIDS),
    Row("stride-ignored", "stride ignored", "{detail}", GRIDS),
    Row("dilation-ignored", "dilation ignored", "{detail}", ("convolution", "network-size")),
    Row("padding-once", "padding counted on one side only (H + p for H + 2p)", "{detail}", GRIDS),
    Row("no-floor", "the output size rounded up instead of down", "{detail}", GRIDS),
    Row("off-by-one", "an output size off by one", "{detail}", GRIDS),
    Row(
        "kernel-transposed",
        "the kernel read by columns (its transpose)",
        "{detail}",
        ("convolution",),
    ),
    Row("kernel-flipped", "the kernel flipped (true convolution)", "{detail}", ("convolution",)),
    Row(
        "forgot-in-channels", "one input channel only", "{detail}", ("convolution", "network-size")
    ),
    Row("forgot-bias", "the bias left out", "{detail}", ("convolution", "network-size")),
    Row(
        "padding-not-counted",
        "average pooling that skips the padded cells",
        "{detail}",
        ("pooling",),
    ),
    Row(
        "groups-ignored",
        "a grouped convolution counted as if every filter saw every input channel",
        "{detail}",
        ("network-size", "convolution"),
    ),
    Row("kept-channels", "a convolution given its input's channels", "{detail}", ("network-size",)),
    Row("flatten-before-pool", "the map before pooling flattened", "{detail}", ("network-size",)),
    Row("pool-has-params", "parameters counted for a pooling layer", "{detail}", ("network-size",)),
    Row(
        "bn-running-stats",
        "batch norm's running statistics counted as parameters",
        "{detail}",
        ("network-size",),
    ),
    Row(
        "channels-last",
        "a shape written H × W × C instead of C × H × W",
        "this is channels last (H x W x C, as TensorFlow stores images); shapes here are "
        "channels first: C x H x W",
        GRIDS,
    ),
    Row(
        "no-flatten",
        "a map left unflattened before a fully connected layer",
        "{detail}",
        ("network-size",),
    ),
    Row(
        "pool-op-swapped",
        "max pooling taken for average pooling, or the reverse",
        "this is the {taken} of the window; {op} pooling keeps its {kept}",
        ("pooling",),
    ),
    Row(
        "channels-summed",
        "channels added up that stay apart (pooling's input channels, a convolution's filters)",
        "this pools the sum of the {channels} input channels; pooling works on each channel on "
        "its own: output channel c pools input channel c only",
        ("convolution", "pooling"),
    ),
    Row(
        "padding-added",
        "padding used where there is none ('same' size assumed)",
        "{detail}",
        GRIDS,
    ),
    Row(
        "window-shifted",
        "the value of a neighbouring window",
        "{detail}",
        ("convolution", "pooling"),
    ),
    Row(
        "bias-per-channel",
        "a bias counted per input channel or feature, not once per filter or unit",
        "{detail}",
        ("convolution", "network-size"),
    ),
    Row("sum-not-mean", "average pooling without the division", "{detail}", ("pooling",)),
    Row(
        "wrong-in-channels",
        "a convolution's input channels taken as its own filters",
        "{detail}",
        ("network-size",),
    ),
    Row(
        "pool-ignored",
        "a pooling layer that does not shrink the map",
        "{detail}",
        ("network-size",),
    ),
    Row("bias-added", "biases counted for a layer without them", "{detail}", ("network-size",)),
    Row(
        "activation-has-params",
        "parameters counted for an activation or dropout",
        "{detail}",
        ("network-size",),
    ),
    Row(
        "addition-slip",
        "a total that is not the sum of the student's own parts (one left out or counted "
        "twice, or misadded)",
        "{detail}",
        ("network-size",),
    ),
    # Arithmetic slips: generic, on every numeric blank.
    Row(
        "sign-dropped",
        "the right number with the wrong sign",
        "this is the right size with the wrong sign{where}",
        ANY,
    ),
    Row(
        "digits-swapped",
        "two neighbouring digits swapped",
        "two neighbouring digits are swapped{where}",
        ANY,
    ),
    Row(
        "power-of-ten",
        "off by a power of ten (a misplaced decimal point)",
        "this is {factor} times the value: check the decimal point{where}",
        ANY,
    ),
    Row(
        "too-imprecise",
        "the right value rounded to too few figures",
        "{shown} is the value cut to {figures} significant figure{plural}; answers must be "
        "{rule}: give at least {needed} significant figures",
        ANY,
    ),
)

CATALOGUE: dict[str, Row] = {row.id: row for row in ROWS}


def message(mistake_id: str, **fields: object) -> str:
    """The message of a catalogued mistake, filled in; KeyError for an id not in the table."""
    return CATALOGUE[mistake_id].message(**fields)


def markdown_table() -> str:
    """The catalogue as the Markdown table of docs/packs.md."""
    lines = ["| id | what the student did | kinds |", "| --- | --- | --- |"]
    for row in ROWS:
        kinds = "every numeric blank" if row.kinds == ANY else ", ".join(row.kinds)
        lines.append(f"| `{row.id}` | {row.meaning} | {kinds} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
