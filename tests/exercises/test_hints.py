"""Tests of an exercise's own hints: a text once under the prompt, a table on its blanks."""

from __future__ import annotations

from exercises.loader import load_pack_text

PACK = '[pack]\nid = "demo"\ntitle = "Demo"\n\n[[exercise]]\nid = "e"\ntitle = "E"\n'
#: f = (x + y)(y + 1) at x = 1, y = 2, traced as a = x + y, b = y + 1, f = a·b.
SHEET = (
    'kind = "reverse-ad"\nfunction = "(x + y)*(y + 1)"\n'
    'trace = ["a = x + y", "b = y + 1", "f = a*b"]\nat = { x = 1, y = 2 }\n'
)


def sheet(hints: str):  # type: ignore[no-untyped-def]
    pack, errors = load_pack_text(PACK + SHEET + f"hints = {hints}\n", "p.toml")
    assert pack is not None and not errors, [str(e) for e in errors]
    return pack.exercises[0].instance(0)


def test_a_hint_about_one_adjoint_is_a_rung_of_that_blank_only() -> None:
    worksheet = sheet('[{ text = "y feeds a and b.", blanks = ["adjoint:f:y"] }]')
    assert worksheet.hint_ladder("adjoint:f:y")[0] == "y feeds a and b."
    others = [b.id for b in worksheet.blanks if b.id != "adjoint:f:y"]
    assert all("y feeds a and b." not in worksheet.hint_ladder(i) for i in others)
    assert "y feeds" not in worksheet.prompt


def test_a_prefix_or_a_section_names_every_blank_under_it() -> None:
    worksheet = sheet('[{ text = "Adjoints add.", blanks = ["adjoint"] }, '
                      '{ text = "Left to right.", blanks = ["Values"] }]')  # fmt: skip
    for blank in worksheet.blanks:
        ladder = worksheet.hint_ladder(blank.id)
        assert ("Adjoints add." in ladder) is blank.id.startswith("adjoint:")
        assert ("Left to right." in ladder) is blank.id.startswith("value:")


def test_a_hint_in_text_is_said_once_under_the_prompt_and_is_no_rung() -> None:
    worksheet = sheet('["Start from the output."]')
    assert worksheet.prompt.count("Start from the output.") == 1
    assert worksheet.prompt.endswith("Hint: Start from the output.")
    assert not any(
        "Start from the output." in rung
        for blank in worksheet.blanks
        for rung in worksheet.hint_ladder(blank.id)
    )


def test_a_hint_naming_no_blank_is_an_error_at_its_field() -> None:
    pack, errors = load_pack_text(
        PACK + SHEET + 'hints = ["ok", { text = "t", blanks = ["adjoint:f:q"] }]\n', "p.toml"
    )
    assert pack is not None and not errors
    try:
        pack.exercises[0].instance(0)
    except Exception as error:  # a PackError, naming the field and what exists
        assert "field 'hints[1]'" in str(error) and "'adjoint:f:q' names no blank" in str(error)
    else:
        raise AssertionError("a hint naming no blank was accepted")


def test_a_malformed_hint_table_is_reported_with_its_line() -> None:
    _, errors = load_pack_text(PACK + SHEET + 'hints = [{ txt = "t", blanks = [] }]\n', "p.toml")
    assert [e.field for e in errors] == ["hints[0]"]
    assert "not 'txt'" in str(errors[0]) and errors[0].line == 12
