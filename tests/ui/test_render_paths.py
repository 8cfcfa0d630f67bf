"""Shortcuts in drawing the reader and the library give exactly what Textual would have drawn."""

from __future__ import annotations

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.widget import Widget

from tui.screens.library import _visible_paragraphs
from tui.widgets.reader_header import HeaderLine, ReaderHeader, StatusLine
from tui.widgets.text_view import RowScrollBar, TextView

pytestmark = pytest.mark.anyio


DIM, BOLD = Style(dim=True), Style(bold=True)
PARTS = [
    [],
    [
        (" TOKEN ", Style(reverse=True, bold=True)),
        ("  ", DIM),
        ("«Macron»", Style()),
        (" @12", DIM),
    ],
    [
        (" CHAR ", Style(reverse=True, bold=True)),
        ("  selection ", DIM),
        ("«東京 e\u0301 👍🏽»", BOLD),
        (" [3, 9)", DIM),
        ("  on ", DIM),
        (" PER ", Style(bgcolor="#ff8800", color="#000000", bold=True)),
        (" «Emmanuel»", Style()),
        ("  o: other occurrences", DIM),
    ],
    [
        ("  suggested ", DIM),
        ("ORG", Style(color="#00aaff", bold=True, underline=True)),
        (" (dictionary): = accept, - reject", DIM),
        ("   ] 3 candidates · . 1 suggestion", DIM),
    ],
    [(" SEARCH ", Style(reverse=True, bold=True)), ("  no match for «x»", DIM)],
]


def fits_like_textual(line: Widget) -> bool:
    """Compare a line widget's direct drawing with Textual's own wrapped rendering; returns
    whether the direct path was taken (False: it fell back to Textual, which must match too)."""
    fast = line._fitting_line()  # type: ignore[attr-defined]
    line.refresh()
    slow = Widget.render_line(line, 0)  # Textual's own path: the content wrapped
    if fast is None:
        assert list(line.render_line(0)) == list(slow)
        return False
    assert list(fast) == list(slow)
    assert fast.cell_length == slow.cell_length
    return True


class OneWidget(App[None]):
    """An app showing just the widget under test."""

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


@pytest.mark.parametrize("width", [100, 30])
async def test_status_line_draws_what_textual_draws(width: int) -> None:
    status = StatusLine(id="status")
    app = OneWidget(status)
    async with app.run_test(size=(width, 5)) as pilot:
        fitted = 0
        for parts in PARTS:
            status.set_parts(parts)
            await pilot.pause()
            if fits_like_textual(status):
                fitted += 1
            else:  # too long for the line: drawn the usual way
                assert sum(len(p) for p, _ in parts) > width - 2
        assert fitted >= 2


@pytest.mark.parametrize("width", [100, 40])
async def test_header_lines_draw_what_textual_draws(width: int) -> None:
    header = ReaderHeader(id="reader-header")
    app = OneWidget(header)
    async with app.run_test(size=(width, 5)) as pilot:
        fitted = 0
        for spans, raw, title in (
            (0, False, "Macron à Berlin"),
            (1, False, "東京 👍🏽 e\u0301"),
            (5020, True, "A title " * 12),
        ):
            header.set_article(
                title=title,
                author="Jane Doe",
                date="2024-05-01T10:00",
                publisher="Le Monde",
                lang="fr",
                lang_prob=0.97,
                status="in_progress",
                position=3,
                total=12,
                spans=spans,
                tags=["politics"],
                note=True,
                raw=raw,
            )
            await pilot.pause()
            fitted += sum(fits_like_textual(line) for line in header.query(HeaderLine))
        assert fitted >= 2


def test_preview_keeps_the_paragraphs_that_can_show() -> None:
    head = ["A title", "#1 · new · 3 spans", ""]
    body = "\n".join(["one " * 10, "two " * 60, "three", "four " * 30, "five"])
    # 7 rows of 20 cells: 3 for the head, "one…" needs 2, "two…" at least 10: nothing after it shows
    assert _visible_paragraphs(body, head, 20, 7).split("\n") == ["one " * 10, "two " * 60]
    # wide enough for everything
    assert _visible_paragraphs(body, head, 1000, 40) == body
    # a head that fills the view already: no body
    assert _visible_paragraphs(body, head * 3, 20, 7) == ""


async def test_scroll_bar_repaints_only_changed_rows_and_draws_the_same() -> None:
    view = TextView(id="view")
    app = OneWidget(view)
    async with app.run_test(size=(60, 20)) as pilot:
        view.load("\n".join(f"line {i} " + "word " * (i % 13) for i in range(3000)))
        await pilot.pause()
        bar = view.vertical_scrollbar
        assert isinstance(bar, RowScrollBar) and bar.display
        for y in (0, 1, 2, 17, 18, 400, 401, 1500, 2980, 3000, 2000, 0, 55, 56, 57):
            view.scroll_to(y=y, animate=False, immediate=True)
            await pilot.pause()
            partial = [list(s) for s in app.screen._compositor.render_strips()]
            bar.refresh()  # the whole bar, as Textual repaints it
            await pilot.pause()
            full = [list(s) for s in app.screen._compositor.render_strips()]
            assert partial == full, y
        # a scroll by a few lines repaints a few rows, not the whole bar
        view.scroll_to(y=1000, animate=False, immediate=True)
        await pilot.pause()
        rows = bar._changed_rows(1000, 1036)
        assert rows is not None and 0 < len(rows) <= 4
