"""Pilot test that a convolution's data is on the sheet at 80x24: the input and the kernel
beside the blanks, read at every cell without opening a panel or scrolling."""

from __future__ import annotations

import re
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


def small_grid_exercises() -> list[str]:
    """Built-in convolutions and poolings with output cells to fill, whose every padded input
    channel is at most 8x8."""
    from exercises.loader import load_builtin_packs

    refs = []
    for pack in load_builtin_packs().packs:
        for exercise in pack.exercises:
            if exercise.kind in ("convolution", "pooling"):
                sheet = exercise.instance(0)
                cells = any(b.id.startswith("output:") for b in sheet.blanks)
                if cells and all(len(c) <= 8 and len(c[0]) <= 8 for c in sheet.visual.input):
                    refs.append(exercise.ref)
    return refs


async def test_every_channel_and_kernel_slice_of_a_small_input_is_seen_whole(
    tmp_path: Path,
) -> None:
    """At 80x24, focused on the first output cell: each input channel the cell reads is drawn
    whole (no "rows a-b of" crop), with every slice of its filter's kernel and the bias, on
    screen without scrolling (the multi-channel ones side by side)."""
    refs = small_grid_exercises()
    assert "convnets/channels-random" in refs and "convnets/laplacian-5x5" in refs
    app = real_app(tmp_path)
    cropped = []
    async with app.run_test(size=(80, 24)) as pilot:
        for ref in refs:
            app.open_exercise(ref, 0, replace=True)
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            first = next(b for b in screen.worksheet.blanks if b.id.startswith("output:"))
            screen.select(first.id)
            await pilot.pause()
            text = screen_text(app)
            visual, extra = screen.worksheet.visual, first.extra
            wanted = [f"{first.label}"]
            if len(visual.input) > 1:
                wanted += [f"channel {c}" for c in extra.get("channels", ())]
            if visual.kernel:
                wanted.append("kernel")
            if visual.bias:
                wanted.append(f"bias {visual.bias[int(extra.get('channel', 0))]:g}")
            missing = [w for w in wanted if w not in text]
            if missing or re.search(r"rows \d+-\d+, columns \d+-\d+ of", text):
                cropped.append(f"{ref}: {missing or 'cropped'}")
    assert not cropped, cropped


async def test_the_prompts_data_starts_under_its_caption(tmp_path: Path) -> None:
    """The prompt box at 80x24 shows `Input:` with the input's first row right under it (Rich
    would put blank lines between them, and the row out of the box)."""
    app = real_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_exercise("convnets/edge-5x5", 0)
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = [line[:44].strip() for line in screen_text(app).splitlines()]
        caption = lines.index("Input:")
        assert lines[caption + 1] == "0 1 1 0 0", lines[: caption + 2]
