"""The text view's layout: wrapping, cell widths and the offset mapping (code points ↔ cells)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult

from tui.widgets.text_view import TextView, ViewSpan, display_char, line_cells, wrap

pytestmark = pytest.mark.anyio


def lines(text: str, width: int) -> list[str]:
    s, e = wrap(text, width)
    return [text[a:b] for a, b in zip(s, e, strict=True)]


def cells(text: str, a: int, b: int) -> int:
    return sum(w for _o, _d, w in line_cells(text, a, b))


def test_wraps_at_word_boundaries_and_keeps_paragraphs() -> None:
    text = "Hello world, this is a test.\n\nSecond paragraph here."
    assert lines(text, 12) == [
        "Hello world,",
        "this is a",
        "test.",
        "",
        "Second",
        "paragraph",
        "here.",
    ]
    assert lines(text, 100) == ["Hello world, this is a test.", "", "Second paragraph here."]


def test_very_long_word_is_cut_at_the_width() -> None:
    text = "a " + "x" * 25 + " b"
    assert lines(text, 10) == ["a", "x" * 10, "x" * 10, "x" * 5 + " b"]


def test_wide_characters_take_two_cells() -> None:
    text = "東京と大阪の会議は成功した"
    out = lines(text, 9)
    assert out == ["東京と大", "阪の会議", "は成功し", "た"]
    s, e = wrap(text, 9)
    assert all(cells(text, a, b) <= 9 for a, b in zip(s, e, strict=True))


def test_combining_marks_and_emoji_sequences_are_never_split() -> None:
    family = "👨\u200d👩\u200d👧"
    text = ("e\u0301" * 6) + " " + family * 3 + " 👍🏽👍🏽"
    s, e = wrap(text, 4)
    for a, b in zip(s, e, strict=True):
        chunk = text[a:b]
        assert not chunk.startswith(("\u0301", "\u200d", "🏽"))
        assert cells(text, a, b) <= 4
    assert "".join(text[a:b] for a, b in zip(s, e, strict=True)).replace(" ", "") == text.replace(
        " ", ""
    )
    # e + U+0301 is one cell; a ZWJ family is two
    assert cells("e\u0301", 0, 2) == 1
    assert cells(family, 0, len(family)) == 2


def test_tabs_expand_to_tab_stops_for_display_only() -> None:
    text = "a\tbc\td"
    out = line_cells(text, 0, len(text))
    assert [(o, d) for o, d, _ in out] == [
        (0, "a"),
        (1, "   "),
        (2, "b"),
        (3, "c"),
        (4, "  "),
        (5, "d"),
    ]
    assert cells(text, 0, len(text)) == 9
    assert lines(text, 100) == [text]  # offsets untouched


def test_controls_are_made_visible_and_harmless() -> None:
    assert display_char("\x1b") == "\u241b"
    assert display_char("\x07") == "\u2407"
    assert display_char("\u202e") == ""
    assert display_char("\x9b") == "\ufffd"
    text = "x\x1b[31my\u202ez"
    out = line_cells(text, 0, len(text))
    assert "".join(d for _, d, _ in out) == "x\u241b[31myz"
    assert [o for o, _, _ in out] == list(range(9))


ALPHABET = st.sampled_from(
    [
        "a",
        "b",
        "Z",
        "é",
        "e\u0301",
        "東",
        "京",
        "👍🏽",
        "👨\u200d👩\u200d👧",
        " ",
        " ",
        " ",
        "\t",
        "\n",
        ",",
        "-",
        "\x1b",
        "\u202e",
        "ß",
    ]
)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(ALPHABET, max_size=80), width=st.integers(min_value=2, max_value=30))
def test_wrap_properties(parts: list[str], width: int) -> None:
    text = "".join(parts)
    s, e = wrap(text, width)
    assert len(s) == len(e) >= 1
    prev_end = -1
    for a, b in zip(s, e, strict=True):
        assert prev_end <= a <= b <= len(text)
        # a line never overflows unless it is one grapheme wider than the width
        c = cells(text, a, b)
        assert c <= width or len(line_cells(text, a, b)) == 1
        prev_end = b
    # what lies between lines is only break spaces and paragraph ends
    covered = set()
    for a, b in zip(s, e, strict=True):
        covered.update(range(a, b))
    for i, ch in enumerate(text):
        if i not in covered:
            assert ch in " \n\t", (text, i)
    # one line at least per paragraph
    assert len(s) >= text.count("\n") + 1


# --- the widget -----------------------------------------------------------------------------


class ViewApp(App[None]):
    def __init__(self, text: str, spans: list[ViewSpan] | None = None) -> None:
        super().__init__()
        self.text = text
        self.spans = spans or []

    def compose(self) -> ComposeResult:
        yield TextView()

    def on_mount(self) -> None:
        v = self.query_one(TextView)
        v.load(self.text, lang="en", spans=self.spans, colours={"PER": "#e06c75", "LOC": "#98c379"})
        v.focus()


async def test_widget_maps_cells_to_offsets_with_wide_chars() -> None:
    text = "東京 is big\tand Zoe\u0301 too"
    app = ViewApp(text, [ViewSpan(1, 0, 2, "LOC", "東京"), ViewSpan(2, 14, 18, "PER", "Zoe\u0301")])
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        v = app.query_one(TextView)
        assert v.cursor == (0, 1)  # CJK: one token per character
        # offsets: 東0 京1 ' '2 i3 s4 ' '5 b6 i7 g8 \t9 a10 ... Z14 o15 e16 U+0301 17
        # cells:   東0-1 京2-3 ' '4 i5 s6 ' '7 b8 i9 g10 \t11 a12 ... Z16 o17 é18
        assert v.offset_at(0, 2) == 1
        assert v.offset_at(0, 5) == 3
        assert v.offset_at(0, 11) == 9
        assert v.offset_at(0, 12) == 10
        assert v.col_of(10) == 12
        assert v.col_of(18) == 19  # Zoé is three cells for four code points
        strip = v.render_line(0)
        assert strip.cell_length == v.scrollable_content_region.width
        drawn = "".join(seg.text for seg in strip)
        assert drawn.startswith(
            "東京 is big and Zoe\u0301 too"
        )  # the tab fills one cell to column 12
        assert cell_len(drawn) == v.scrollable_content_region.width
        # the span's text comes out in its own segment
        segs = [seg for seg in strip if seg.text == "Zoe\u0301"]
        assert segs and segs[0].style.bgcolor is not None
        # moving and extending by token, in code points
        v.move_unit(1)
        v.move_unit(1)
        assert v.cursor == (3, 5)
        v.move_unit(1, extend=True)
        assert v.selection == (3, 9)
        v.move_unit(-1, extend=True)
        v.move_unit(-1, extend=True)
        assert v.selection == (1, 5)
        v.move_word(1)
        assert v.selection is None and v.cursor == (3, 5)
        assert v.span_at_cursor() is None
        v.set_cursor(16)
        assert v.cursor == (14, 18) and v.span_at_cursor().label == "PER"


async def test_widget_character_mode_moves_by_grapheme() -> None:
    text = "Zoe\u0301 👍🏽 x"
    app = ViewApp(text)
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        v = app.query_one(TextView)
        v.toggle_char_mode()
        assert v.cursor == (0, 1)
        v.move_unit(1)
        v.move_unit(1)
        assert v.cursor == (2, 4)  # e + combining acute is one step
        v.move_unit(1)
        v.move_unit(1)
        assert v.cursor == (5, 7)  # thumbs up + skin tone
        v.move_unit(-1, extend=True)
        assert v.selection == (4, 7)


async def test_widget_rewraps_on_resize() -> None:
    text = " ".join(["word"] * 60)
    app = ViewApp(text)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        v = app.query_one(TextView)
        narrow = len(v.line_starts)
        await pilot.resize_terminal(80, 10)
        await pilot.pause()
        assert len(v.line_starts) < narrow
        for y in range(3):
            assert v.render_line(y).cell_length == v.scrollable_content_region.width


async def test_page_moves_a_page_at_once_and_keeps_the_column() -> None:
    """``page`` computes its target line once: about a page of lines, the same column, empty
    lines skipped, clamped at both ends; with ``extend`` it selects."""
    paras = [" ".join(f"w{p}x{i:02d}" for i in range(14)) for p in range(40)]
    text = "\n\n".join(paras)  # an empty line between paragraphs
    app = ViewApp(text)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        v = app.query_one(TextView)
        h = v.scrollable_content_region.height - 1
        v.move_unit(1)
        col = v.col_of(v.cursor[0])
        y0 = v.line_of(v.cursor[0])
        v.page(1)
        y1 = v.line_of(v.cursor[0])
        assert y0 < y1 <= y0 + h + 1 and y1 >= y0 + h - 1
        assert v.line_starts[y1] < v.line_ends[y1]  # never an empty line
        assert abs(v.col_of(v.cursor[0]) - col) <= 6  # the column (to the token) is kept
        top = int(v.scroll_offset.y)
        assert top <= y1 < top + v.scrollable_content_region.height  # the cursor is visible
        v.page(-1)
        assert abs(v.line_of(v.cursor[0]) - y0) <= 1
        for _ in range(100):
            v.page(1)
        assert v.line_of(v.cursor[0]) >= len(v.line_starts) - 2  # clamped at the end
        v.move_start()
        v.page(1, extend=True)
        assert v.selection is not None and v.selection[0] == 0 and v.line_of(v.selection[1] - 1) > 0
        await pilot.pause()
