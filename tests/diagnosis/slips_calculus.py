"""Provides the corpus's slips in symbolic derivatives, matrix gradients and softmax Jacobians.

Sources: course problems 10-11 (activation derivatives, gradients with a shape check in
denominator layout); CS231n "Derivatives, Backpropagation, and Vectorization" (Johnson);
The Matrix Cookbook (Petersen & Pedersen) eq. (81) for ∂(xᵀAx)/∂x = (A + Aᵀ)x; CS231n softmax
notes for ∂s_i/∂x_j = s_i(δ_ij - s_j).
"""

from __future__ import annotations

from cases import Case, Collector

ACT = "course problem 10 (activation derivatives)"
MAT = "course problem 11; The Matrix Cookbook eq. (81)"


def derivative() -> list[Case]:
    dv = Collector("derivative")
    b = "derivative"
    dv.add(
        "sigmoid-plus",
        "derivatives/sigmoid",
        b,
        "σ(x)(1 + σ(x))",
        "σ' with a plus",
        ["sigmoid-derivative", "softmax-sign"],
        source=ACT,
    )
    dv.add(
        "sigmoid-self",
        "derivatives/sigmoid",
        b,
        "σ(x)",
        "wrote σ' = σ",
        ["sigmoid-derivative", "self-instead-of-derivative"],
        source=ACT,
    )
    dv.add(
        "sigmoid-sign",
        "derivatives/sigmoid",
        b,
        "-σ(x)(1 - σ(x))",
        "a stray minus",
        ["sign-flip"],
        source=ACT,
    )
    dv.add(
        "sigmoid-right-other-form",
        "derivatives/sigmoid",
        b,
        "e^(-x)/(1 + e^(-x))^2",
        "the quotient-rule form",
        verdict="correct",
        source=ACT,
    )
    ref = "derivatives/sigmoid-written-out"
    dv.add(
        "sigmoid-quotient-no-square",
        ref,
        b,
        "e^(-x)/(1 + e^(-x))",
        "quotient rule without squaring the denominator",
        ["quotient-rule"],
        source=ACT,
    )
    dv.add(
        "sigmoid-inner-sign",
        ref,
        b,
        "-e^(-x)/(1 + e^(-x))^2",
        "forgot the chain factor -1 of e^(-x)",
        ["missing-chain-factor", "sign-flip"],
        source=ACT,
    )
    ref = "derivatives/sigmoid-affine"  # seed 0: σ(-2x - 2)
    dv.add(
        "affine-no-chain",
        ref,
        b,
        "σ(-2x - 2)(1 - σ(-2x - 2))",
        "forgot the factor -2",
        ["missing-chain-factor"],
        source=ACT,
    )
    dv.add(
        "affine-chain-sign",
        ref,
        b,
        "2σ(-2x - 2)(1 - σ(-2x - 2))",
        "multiplied by 2 instead of -2",
        ["sign-flip", "constant-factor"],
        source=ACT,
    )
    ref = "derivatives/tanh"
    dv.add(
        "tanh-plus",
        ref,
        b,
        "1 + tanh(x)^2",
        "tanh' = 1 + tanh²",
        ["tanh-derivative", "sign-flip"],
        source=ACT,
    )
    dv.add(
        "tanh-no-square", ref, b, "1 - tanh(x)", "tanh' = 1 - tanh", ["tanh-derivative"], source=ACT
    )
    dv.add("tanh-cosh-form", ref, b, "1/cosh(x)^2", "sech², in cosh", verdict="correct", source=ACT)
    ref = "derivatives/tanh-scaled"  # seed 0: 0.5·tanh(2x)
    dv.add(
        "tanh-scaled-no-chain",
        ref,
        b,
        "0.5(1 - tanh(2x)^2)",
        "forgot the inner 2",
        ["missing-chain-factor"],
        source=ACT,
    )
    ref = "derivatives/softplus"  # seed 0: β = 0.5, (1/0.5)·ln(1 + e^(0.5x))
    dv.add(
        "softplus-kept-1-over-beta",
        ref,
        b,
        "2σ(0.5x)",
        "kept the 1/β in front but dropped the inner β",
        ["missing-chain-factor", "constant-factor"],
        source=ACT,
    )
    dv.add("softplus-sigma-x", ref, b, "σ(0.5x)", "σ(βx)", verdict="correct", source=ACT)
    ref = "derivatives/softplus-symbolic"  # (1/β)·ln(1 + e^(βx)), β a symbol
    dv.add(
        "softplus-symbolic-dropped-1-over-beta",
        ref,
        b,
        "β·σ(βx)",
        "brought the inner β down but dropped the 1/β in front",
        ["constant-factor"],
        source=ACT,
    )
    ref = "derivatives/squared-error-1d"
    dv.add(
        "sq-no-inner",
        ref,
        b,
        "w*x - y",
        "forgot the inner factor x",
        ["missing-chain-factor"],
        source=MAT,
    )
    dv.add(
        "sq-wrong-variable",
        ref,
        b,
        "(w*x - y)*w",
        "differentiated in x",
        ["wrong-variable"],
        source=MAT,
    )
    dv.add("sq-kept-two", ref, b, "2(w*x - y)*x", "forgot the ½", ["constant-factor"], source=MAT)
    ref = "derivatives/proximal-1d"
    dv.add(
        "prox-half-kept",
        ref,
        b,
        "g + (λ/2)(w - w_t)",
        "forgot the 2 from the square",
        ["constant-factor", "power-rule"],
        source="course problem 1",
    )
    dv.add(
        "prox-sign",
        ref,
        b,
        "g - λ(w - w_t)",
        "a minus before the proximity term",
        ["sign-flip"],
        source="course problem 1",
    )
    dv.add(
        "prox-value-at-wt",
        ref,
        b,
        "g",
        "evaluated at w = w_t",
        ["missing-term"],
        source="course problem 1",
    )
    return dv.cases


def matrix_gradient() -> list[Case]:
    mg = Collector("matrix-gradient")
    ref = "derivatives/quadratic-form"
    mg.add(
        "qf-symmetric",
        ref,
        "gradient",
        "2Ax + z",
        "assumed A symmetric",
        ["missing-transpose-term", "symmetric-assumed"],
        {"shape": "[3, 1]"},
        source=MAT,
    )
    mg.add(
        "qf-one-term",
        ref,
        "gradient",
        "Ax + z",
        "dropped the Aᵀx term",
        ["missing-transpose-term"],
        {"shape": "[3, 1]"},
        source=MAT,
    )
    mg.add("qf-layout", ref, "shape", "[1, 3]", "numerator layout", ["layout"], source=MAT)
    mg.add("qf-scalar", ref, "shape", "[1, 1]", "the shape of f", ["shape-of-f"], source=MAT)
    mg.add(
        "qf-right",
        ref,
        "gradient",
        "Ax + A^T x + z",
        "expanded",
        verdict="correct",
        entries={"shape": "[3, 1]"},
        source=MAT,
    )
    ref = "derivatives/least-squares"
    mg.add(
        "ls-layout",
        ref,
        "gradient",
        "(Xw - y)^T X",
        "numerator layout",
        ["layout"],
        {"shape": "[3, 1]"},
        source=MAT,
    )
    mg.add(
        "ls-two",
        ref,
        "gradient",
        "2X^T(Xw - y)",
        "forgot the ½",
        ["constant-factor"],
        {"shape": "[3, 1]"},
        source=MAT,
    )
    mg.add(
        "ls-no-transpose",
        ref,
        "gradient",
        "X(Xw - y)",
        "X instead of Xᵀ",
        ["shape-mismatch", "missing-transpose"],
        {"shape": "[3, 1]"},
        source=MAT,
    )
    mg.add(
        "ls-sign",
        ref,
        "gradient",
        "X^T(y - Xw)",
        "residual the other way round",
        ["sign-flip"],
        {"shape": "[3, 1]"},
        source=MAT,
    )
    ref = "derivatives/affine-layer-weights"
    mg.add(
        "aff-no-two",
        ref,
        "gradient",
        "(Wx + b - y)x^T",
        "forgot the 2 of the square",
        ["constant-factor"],
        {"shape": "[2, 4]"},
        source=MAT,
    )
    mg.add(
        "aff-layout",
        ref,
        "gradient",
        "2x(Wx + b - y)^T",
        "numerator layout",
        ["layout"],
        {"shape": "[2, 4]"},
        source=MAT,
    )
    mg.add(
        "aff-shape-layout", ref, "shape", "[4, 2]", "the transpose's shape", ["layout"], source=MAT
    )
    mg.add(
        "aff-no-x",
        ref,
        "gradient",
        "2(Wx + b - y)",
        "forgot the outer product with xᵀ",
        ["shape-mismatch", "missing-chain-factor"],
        {"shape": "[2, 4]"},
        source=MAT,
    )
    ref = "derivatives/proximal-vector"
    mg.add(
        "pv-missing-g",
        ref,
        "gradient",
        "λ(w - w_t)",
        "dropped the linear term",
        ["missing-term", "missing-transpose-term"],
        {"shape": "[3, 1]"},
        source="course problem 1",
    )
    mg.add(
        "pv-half",
        ref,
        "gradient",
        "g + (λ/2)(w - w_t)",
        "kept the ½",
        ["constant-factor"],
        {"shape": "[3, 1]"},
        source="course problem 1",
    )
    mg.add(
        "pv-column",
        ref,
        "shape",
        "[3]",
        "wrote the shape as [3]",
        ["column-vector"],
        source="course problem 1",
    )
    return mg.cases


def cases() -> list[Case]:
    return [*derivative(), *matrix_gradient()]
