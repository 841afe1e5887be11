"""Pilot tests of checking: ✓, ✗ with the diagnosed mistake, ~ after an earlier slip, ?, workers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conftest import feedback_text, glyph, open_ref, submit
from textual.widgets import Input

REF = "autodiff-basics/f-sum-product"


async def test_typed_right_entry_is_correct_and_moves_on(app_factory, store) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        await pilot.press("3", "enter")
        await pilot.pause()
        assert glyph(screen, "value:a") == "✓"
        assert screen.session.focus == "value:b"
        assert store.log[-1].status == "correct" and store.log[-1].entry == "3"


async def test_wrong_entry_names_the_diagnosed_mistake(app_factory, store) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        screen.select("adjoint:f:y")
        await submit(pilot, "3")
        assert glyph(screen, "adjoint:f:y") == "✗"
        assert "y feeds two nodes" in feedback_text(screen)
        assert store.log[-1].mistake == "missing-path"
        assert screen.session.focus == "adjoint:f:y"


async def test_entry_following_an_earlier_slip_is_consistent(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        await submit(pilot, "4")
        screen.select("value:b")
        await submit(pilot, "3")
        await submit(pilot, "12")
        assert glyph(screen, "value:a") == "✗"
        assert glyph(screen, "value:f") == "~"
        assert "a = x + y" in feedback_text(screen) or "a = x + y" in str(
            screen.session.verdicts["value:f"].message
        )


async def test_unreadable_entry_is_invalid_and_says_why(app_factory, store) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        await submit(pilot, "3 +")
        assert glyph(screen, "value:a") == "?"
        assert feedback_text(screen).startswith("? unreadable")
        assert store.log[-1].status == "invalid"


async def test_fixing_an_earlier_entry_rechecks_what_follows_from_it(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        await submit(pilot, "4")
        screen.select("value:b")
        await submit(pilot, "3")
        await submit(pilot, "12")
        screen.select("value:a")
        await submit(pilot, "3")
        assert glyph(screen, "value:a") == "✓"
        assert glyph(screen, "value:f") == "✗"


async def test_expression_checks_run_in_a_worker(app_factory, store) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, "derivatives/slow")
        screen.query_one("#entry", Input).value = "6"
        await pilot.press("enter")
        assert glyph(screen, "derivative") in ("…", "✓")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert glyph(screen, "derivative") == "✓"
        assert store.log[-1].status == "correct"


async def test_arrows_and_tab_move_freely_between_blanks(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        await pilot.press("down", "down", "tab")
        assert screen.session.focus == "adjoint:f:f"
        await pilot.press("shift+tab", "up")
        assert screen.session.focus == "value:b"


async def test_the_drawn_table_follows_each_check_and_the_cursor(
    app_factory: Callable[..., Any],
) -> None:
    """The table keeps drawn lines per row: a checked row and the cursor rows are redrawn."""
    from textual.geometry import Region
    from textual.strip import Strip

    from tutor.widgets.blanks_table import BlanksTable

    def drawn(table: BlanksTable, label: str) -> tuple[str, bool]:
        """The words of a blank's row as drawn, and whether the cursor is drawn on it."""
        region = Region(0, 0, table.size.width, table.size.height)
        strip: Strip = next(s for s in table.render_lines(region) if label in s.text)
        cursor = table.get_component_rich_style("datatable--cursor").bgcolor
        return " ".join(strip.text.split()), getattr(
            next(iter(strip)).style, "bgcolor", None
        ) == cursor

    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        table = screen.query_one(BlanksTable)
        await pilot.press("7", "enter")
        await pilot.pause()
        assert drawn(table, "a = x + y") == ("✗ a = x + y 7", True)
        await pilot.press("3", "enter")
        await pilot.pause()
        assert drawn(table, "a = x + y") == ("✓ a = x + y 3", False)
        assert drawn(table, "b = y + 1") == ("b = y + 1", True)


async def test_clearing_the_entry_with_ctrl_u_drops_the_unreadable_message(app_factory) -> None:
    """`1,5` is refused with a fix; Ctrl+U empties the entry, and the message about the text
    that is gone goes with it: the label and rule show, as for a fresh blank."""
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        await submit(pilot, "1,5")
        assert feedback_text(screen).startswith("? unreadable: use a point for decimals")
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert screen.query_one("#entry", Input).value == ""
        assert "unreadable" not in feedback_text(screen)
        assert glyph(screen, "value:a") == "?"  # the attempt is still on the sheet


async def test_typing_after_an_empty_enter_drops_its_notice(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        await pilot.press("enter")
        await pilot.pause()
        assert "the entry is empty" in feedback_text(screen)
        await pilot.press("3")
        await pilot.pause()
        assert "the entry is empty" not in feedback_text(screen)


async def test_a_wrong_answers_verdict_stays_while_the_entry_is_edited(app_factory) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        screen.select("adjoint:f:y")
        await submit(pilot, "3")
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert "y feeds two nodes" in feedback_text(screen)


def assert_three_blanks_filled(screen, store) -> None:
    """`3⏎3⏎9⏎` went to a, b and f in turn: each is ✓ and logged with its own entry."""
    assert [glyph(screen, b) for b in ("value:a", "value:b", "value:f")] == ["✓"] * 3
    assert [(e.blank_id, e.entry) for e in store.log[-3:]] == [
        ("value:a", "3"),
        ("value:b", "3"),
        ("value:f", "9"),
    ]


async def test_entries_typed_faster_than_the_screen_draws_each_reach_their_own_blank(
    app_factory, store
) -> None:
    """A fast typist or a paste sends `3⏎3⏎9⏎` before a frame is drawn: each Enter checks the
    entry typed before it and the next keys go to the next blank (not `339` in the first)."""
    from textual import events

    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        for key in "3", "enter", "3", "enter", "9", "enter":
            pilot.app.post_message(events.Key(key, None if key == "enter" else key))
        for _ in range(5):
            await pilot.pause()
        assert_three_blanks_filled(screen, store)


async def test_an_unreadable_entry_typed_fast_keeps_its_reason_on_screen(app_factory) -> None:
    """`3 +⏎` typed before a frame is drawn: the edits queued behind the keys arrive after
    the verdict and must not take its reason away (the row showed ?, the line said nothing)."""
    from textual import events

    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        for key in "3", "space", "plus", "enter":
            character = {"space": " ", "plus": "+"}.get(key, key)
            pilot.app.post_message(events.Key(key, None if key == "enter" else character))
        for _ in range(5):
            await pilot.pause()
        assert glyph(screen, "value:a") == "?"
        assert feedback_text(screen).startswith("? unreadable: expected an expression")


async def test_a_pasted_column_of_answers_fills_blank_after_blank(app_factory, store) -> None:
    """A terminal pastes `3⏎3⏎9⏎` as one bracketed paste: Textual's entry kept the first line
    and dropped the others without a word. Each line goes to its blank, as typed ones do."""
    from textual import events

    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        pilot.app.screen.query_one("#entry").post_message(events.Paste("3\n3\n9\n"))
        for _ in range(5):
            await pilot.pause()
        assert_three_blanks_filled(screen, store)


async def test_a_pasted_line_without_a_newline_waits_for_enter(app_factory, store) -> None:
    from textual import events

    async with app_factory().run_test(size=(80, 24)) as pilot:
        screen = await open_ref(pilot, REF)
        pilot.app.screen.query_one("#entry").post_message(events.Paste("3\n4"))
        for _ in range(5):
            await pilot.pause()
        assert glyph(screen, "value:a") == "✓" and screen.session.focus == "value:b"
        assert screen.query_one("#entry").value == "4" and len(store.log) == 1
