"""Pilot test that a convolution's data is on the sheet at 80x24: the input and the kernel
beside the blanks, read at every cell without opening a panel or scrolling."""

from __future__ import annotations

from pathlib import Path

from conftest import real_app, screen_text


async def test_the_input_and_kernel_are_beside_the_blanks_at_80x24(tmp_path: Path) -> None:
    app = real_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_exercise("convnets/laplacian-5x5", 0)
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "input (padded)" in text and "kernel" in text
        assert "-1   4  -1" in text  # the kernel's middle row (course problem 12)
        assert "out[0, 0]" in text and "output shape" in text  # the blanks beside it


async def test_each_function_of_a_vector_function_has_its_own_line(tmp_path: Path) -> None:
    """f1 and f2 are on lines of their own in the app's prompt, as `tutor solve` prints them."""
    app = real_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        app.open_exercise("autodiff/vector-values", 0)
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert any(line.lstrip().startswith("f2(w1, w2) = w1·w2") for line in lines), lines[:6]
