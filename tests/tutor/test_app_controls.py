"""Pilot tests that a control character pasted into an entry never reaches the terminal raw."""

from __future__ import annotations

from conftest import feedback_text, open_ref, submit
from textual.widgets import Input

from engine.controls import control_characters

REF = "autodiff-basics/f-sum-product"
TITLE_SETTER = "3\x1b]0;pwned\x07"  # OSC 0: sets the terminal's window title


async def test_a_pasted_escape_sequence_is_shown_as_pictures(app_factory, store) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        entry = screen.query_one("#entry", Input)
        entry.insert_text_at_cursor(TITLE_SETTER)
        assert entry.value == "3␛]0;pwned␇"
        await submit(pilot, TITLE_SETTER)
        assert control_characters(feedback_text(screen)) == []
        assert "␛" in feedback_text(screen)
        assert control_characters(store.log[-1].entry) == []
