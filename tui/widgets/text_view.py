"""The article text view: a Line-API widget with a token cursor, a selection and coloured spans.

State is kept in code points of the stored text, never in display cells: token starts/ends
(``array``), visual lines as ``(start, end)`` offsets for the current width, spans sorted by start
(with a parallel list for ``bisect``), and the cursor and the selection anchor as ``(start, end)``
character ranges. The display transform (tab expansion, control characters made visible but
harmless, bidi overrides dropped) is applied per grapheme when a line is drawn, so it never shifts
an offset that goes to the store.

The widget holds that state, the spans and suggestions, drawing, the mouse and its messages; the
rest is split as Textual splits its TextArea: wrapping and cell widths in ``text_layout``, where a
key moves the cursor or the selection in ``text_navigation`` (mixed in), the scroll bar in
``text_scrollbar``, the span and suggestion lookups in ``text_ranges``. Their public names are re-exported here.

``render_line`` cuts a visual line at style boundaries and caches the ``Strip`` in an LRU keyed by
line, width, a version counter (spans, text, theme) and the part of the selection and cursor on
that line; a move refreshes only the lines it touches. Tokenising and wrapping a long article run
in a thread worker after the first screen has been laid out from a prefix.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from ..core.tokens import token_bounds
from .text_layout import (
    _UNSAFE,
    TAB_SIZE,
    _is_simple,
    display_char,
    display_grapheme,
    grapheme_cells,
    graphemes,
    line_cells,
    wrap,
)
from .text_navigation import TextNavigation
from .text_ranges import RangeIndex
from .text_scrollbar import RowScrollBar

__all__ = [
    "LAZY_THRESHOLD",
    "PREFIX_CHARS",
    "TAB_SIZE",
    "RowScrollBar",
    "TextView",
    "ViewSpan",
    "display_char",
    "display_grapheme",
    "grapheme_cells",
    "graphemes",
    "line_cells",
    "token_bounds",
    "wrap",
]

#: Articles longer than this are laid out from a prefix first, the rest in a thread worker.
LAZY_THRESHOLD = 100_000
#: About a screen and a half of a wide terminal (a 120x40 view shows under 5 KB).
PREFIX_CHARS = 6_000


@dataclass(slots=True, unsafe_hash=True)
class ViewSpan:
    """What the view needs of a span (a ``tui.core.store.Span`` works too). Made from SQL rows
    (``ViewSpan(*row)``): not frozen, because a frozen dataclass's ``__init__`` is ten times
    slower (5,000 spans: ~20 ms against ~2). Treat it as immutable."""

    id: int
    start: int
    end: int
    label: str
    text: str = ""


class TextView(TextNavigation, ScrollView, can_focus=True, inherit_bindings=False):
    """The article body: token cursor, selection, spans in their label colours."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "text-view--cursor",
        "text-view--selection",
        "text-view--nested",
        "text-view--control",
        "text-view--suggestion",
    }

    DEFAULT_CSS = """
    TextView {
        overflow-x: hidden;
        overflow-y: scroll;
        padding: 0 1;
        background: $surface;
        color: $foreground;
    }
    TextView > .text-view--cursor { text-style: reverse bold; }
    TextView > .text-view--selection { background: $primary; color: $text; text-style: bold underline; }
    TextView > .text-view--nested { text-style: underline; }
    TextView > .text-view--control { color: $text-muted; }
    TextView > .text-view--suggestion { text-style: underline; }
    """

    class Changed(Message):
        """The cursor or the selection moved (posted for mouse input; keys update directly)."""

        def __init__(self, view: TextView) -> None:
            super().__init__()
            self.view = view

    class Ready(Message):
        """The full layout (all tokens and lines) is in place."""

        def __init__(self, view: TextView) -> None:
            super().__init__()
            self.view = view

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.text = ""
        self.lang: str | None = None
        self.starts: array = array("l")
        self.ends: array = array("l")
        self.line_starts: array = array("l")
        self.line_ends: array = array("l")
        self.laid_out_to = 0  # text offset up to which tokens and lines are known
        self._spans: RangeIndex[ViewSpan] = RangeIndex(_span_key)
        #: Suggestions (start/end/label objects), sorted, not overlapping each other: drawn in
        #: the label's colour, underlined, never as spans.
        self._suggestions: RangeIndex[Any] = RangeIndex(_suggestion_key)
        self.colours: dict[str, str] = {}
        self._label_styles: dict[str, Style] = {}
        self.allow_overlap = False
        self.read_only = False
        self.char_mode = False
        self.cursor: tuple[int, int] = (0, 0)
        self.sel_anchor: tuple[int, int] | None = None
        self._goal_col: int | None = None
        self._wrap_width = 0
        self._version = 0
        self._generation = 0
        self._layout_gen = 0
        self._cache: LRUCache[tuple, Strip] = LRUCache(1024)
        self._styles: dict[str, Style] = {}
        self._dragging = False
        self._frame: tuple[int, int, tuple[int, int] | None] | None = None
        #: ``G`` pressed during the layout: (extend, where it left the cursor).
        self._end_when_ready: tuple[bool, tuple[int, int]] | None = None

    # --- loading and layout -------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self.laid_out_to >= len(self.text)

    def load(
        self,
        text: str,
        *,
        lang: str | None = None,
        spans: Sequence[ViewSpan] = (),
        colours: dict[str, str] | None = None,
        read_only: bool = False,
        allow_overlap: bool = False,
        cursor: int | None = None,
    ) -> None:
        """Show ``text``: the first screen at once, the rest of a long text from a thread worker."""
        self._generation += 1
        self._layout_gen += 1
        self._end_when_ready = None
        self.text = text
        self.lang = lang
        self.read_only = read_only
        self.allow_overlap = allow_overlap
        if colours is not None:
            self.set_colours(colours)
        self.sel_anchor = None
        self.char_mode = False
        self._goal_col = None
        self._set_spans(spans)
        self._suggestions.reset(())
        width = self._width()
        if len(text) <= LAZY_THRESHOLD:
            limit = len(text)
        else:
            nl = text.find("\n", PREFIX_CHARS)
            limit = len(text) if nl < 0 else nl + 1
        self.starts, self.ends = token_bounds(text[:limit], lang)
        ls, le = wrap(text, width, 0, limit if limit == len(text) else limit - 1)
        self._set_lines(ls, le, width)
        self.laid_out_to = limit
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._place_initial_cursor(cursor)
        self._invalidate()
        if limit < len(text):
            # after the first frame is drawn, so the worker does not compete with it for the GIL
            gen = self._generation

            def finish_layout() -> None:
                if gen == self._generation:
                    self._layout_in_thread(full_tokens=True)

            self.call_after_refresh(finish_layout)
        else:
            self.post_message(self.Ready(self))

    def _place_initial_cursor(self, cursor: int | None) -> None:
        if cursor is not None and self.starts:
            i = self._tok_containing_or_after(cursor)
            self.cursor = self._tok_range(min(i, len(self.starts) - 1))
            self.scroll_cursor_visible(center=True)
        elif self.starts:
            self.cursor = (self.starts[0], self.ends[0])
        else:
            self.cursor = (0, 0)

    def _layout_in_thread(self, *, full_tokens: bool) -> None:
        gen = self._generation
        self._layout_gen += 1
        lgen = self._layout_gen
        text, lang, width = self.text, self.lang, self._width()

        def work() -> None:
            toks = token_bounds(text, lang) if full_tokens else None
            lines = wrap(text, width)
            self.app.call_from_thread(self._apply_layout, gen, lgen, toks, lines, width)

        self.run_worker(
            work,
            thread=True,
            group="text-view-layout",
            name="text-view layout",
            exit_on_error=False,
        )

    def _apply_layout(
        self,
        gen: int,
        lgen: int,
        toks: tuple[array, array] | None,
        lines: tuple[array, array],
        width: int,
    ) -> None:
        if gen != self._generation:
            return  # another text was loaded since
        if toks is not None:
            self.starts, self.ends = toks
            self.laid_out_to = len(self.text)
        if lgen == self._layout_gen:
            self._set_lines(lines[0], lines[1], width)
        self._invalidate()
        if self._wrap_width != self._width() or lgen != self._layout_gen and toks is not None:
            self._wrap_width = 0
            self._relayout()
        if toks is None and lgen == self._layout_gen:
            self.scroll_cursor_visible(
                center=True
            )  # re-wrapped for a new width: keep the cursor in view
        if toks is not None:
            pending, self._end_when_ready = self._end_when_ready, None
            if pending is not None and pending[1] == self.cursor:
                self._move_end_now(pending[0])  # G was pressed before the end was known
            self.post_message(self.Ready(self))

    def _set_lines(self, starts: array, ends: array, width: int) -> None:
        self.line_starts, self.line_ends = starts, ends
        self._wrap_width = width
        self.virtual_size = Size(width, len(starts))

    def _width(self) -> int:
        w = self.scrollable_content_region.width if self.is_mounted else 0
        return max(w, 10) if w else 80

    def _relayout(self) -> None:
        width = self._width()
        if width == self._wrap_width:
            return
        if len(self.text) <= LAZY_THRESHOLD or not self.ready:
            if not self.ready:
                # The worker is laying out the full text; redo the prefix now, the worker re-wraps after.
                ls, le = wrap(self.text, width, 0, max(0, self.laid_out_to - 1))
            else:
                ls, le = wrap(self.text, width)
            self._set_lines(ls, le, width)
            self._invalidate()
            self.scroll_cursor_visible(center=True)
        else:
            self._wrap_width = width  # avoid re-entry; lines arrive from the worker
            self._layout_in_thread(full_tokens=False)

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Textual's scroll bar, but one that repaints only the rows a scroll changes (as
        ``Widget.vertical_scrollbar`` makes it otherwise)."""
        if self._vertical_scrollbar is None:
            bar = RowScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    # --- spans and styles ---------------------------------------------------------------------

    def set_colours(self, colours: dict[str, str]) -> None:
        self.colours = dict(colours)
        self._label_styles = {}
        self._invalidate()

    def _label_style(self, label: str) -> Style:
        st = self._label_styles.get(label)
        if st is None:
            colour = self.colours.get(label, "#888888")
            try:
                st = Style(bgcolor=colour, color=_contrast(colour))
            except Exception:
                st = Style(reverse=True)
            self._label_styles[label] = st
        return st

    def _suggestion_style(self, label: str) -> Style:
        key = "\0sug:" + label
        st = self._label_styles.get(key)
        if st is None:
            colour = self.colours.get(label, "#888888")
            try:
                st = Style(color=colour) + self._style("text-view--suggestion")
            except Exception:
                st = self._style("text-view--suggestion")
            self._label_styles[key] = st
        return st

    @property
    def spans(self) -> list[ViewSpan]:
        """The spans shown, sorted by ``(start, end, id)``; read-only (use the setters)."""
        return self._spans.items

    @property
    def suggestions(self) -> list:
        """The suggestions shown, sorted by ``(start, end)``; read-only (use the setters)."""
        return self._suggestions.items

    def _set_spans(self, spans: Iterable[ViewSpan]) -> None:
        self._spans.reset(spans)

    def set_spans(self, spans: Iterable[ViewSpan]) -> None:
        """Replace every span (after an undo, a redo or a reload)."""
        self._set_spans(spans)
        self._invalidate()

    def replace_spans_in(self, start: int, end: int, spans: Iterable[ViewSpan]) -> None:
        """Replace the spans overlapping ``[start, end)`` with ``spans`` (re-read from the store)."""
        a, b = start, end
        for sp in self._spans.pop_overlapping(start, end):
            a, b = min(a, sp.start), max(b, sp.end)
        for sp in spans:
            self._spans.insert(sp)
            a, b = min(a, sp.start), max(b, sp.end)
        self._version += 1
        self._refresh_range(a, b)

    # --- suggestions ----------------------------------------------------------------------------

    def set_suggestions(self, sugs: Iterable) -> None:
        """Replace the suggestions drawn (objects with ``start``, ``end``, ``label``)."""
        self._suggestions.reset(sugs)
        self._invalidate()

    def remove_suggestions_in(self, start: int, end: int) -> list:
        """Drop the suggestions overlapping ``[start, end)``; refreshes only their lines."""
        out = self._suggestions.pop_overlapping(start, end)
        for sg in out:
            self._version += 1
            self._refresh_range(sg.start, sg.end)
        return out

    def suggestions_in(self, start: int, end: int) -> list:
        return self._suggestions.overlapping(start, end)

    def spans_at(self, offset: int) -> list[ViewSpan]:
        """Spans covering ``offset``, innermost (shortest) first."""
        found = self._spans.covering(offset)
        found.sort(key=lambda s: (s.end - s.start, s.start))
        return found

    def spans_in(self, start: int, end: int) -> list[ViewSpan]:
        return self._spans.overlapping(start, end)

    def span_at_cursor(self) -> ViewSpan | None:
        cs, ce = self.cursor
        found = self.spans_at(cs)
        return found[0] if found else None

    def _invalidate(self) -> None:
        self._version += 1
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}
        self._label_styles = {}
        self._version += 1

    def _style(self, name: str) -> Style:
        st = self._styles.get(name)
        if st is None:
            st = self.get_component_rich_style(name, partial=True)
            self._styles[name] = st
        return st

    # --- geometry -----------------------------------------------------------------------------

    def line_of(self, offset: int) -> int:
        """Index of the visual line holding ``offset`` (or the line before a gap)."""
        return max(0, bisect_right(self.line_starts, offset) - 1)

    def _refresh_range(
        self, start: int, end: int, start2: int | None = None, end2: int | None = None
    ) -> None:
        """Repaint the visible lines of ``[start, end)`` (and of ``[start2, end2)``: two ranges on
        the same or touching lines, as the old and new cursor of a move usually are, are one
        repaint)."""
        if not self.line_starts:
            return
        a = self.line_of(start)
        b = self.line_of(max(start, end - 1))
        spans = [(a, b)]
        if start2 is not None and end2 is not None:
            a2 = self.line_of(start2)
            b2 = self.line_of(max(start2, end2 - 1))
            if a2 <= b + 1 and a <= b2 + 1:
                spans = [(min(a, a2), max(b, b2))]
            else:
                spans.append((a2, b2))
        top = int(self.scroll_offset.y)
        h = self.scrollable_content_region.height or 1
        for a, b in spans:
            a, b = max(a, top), min(b, top + h)
            if a <= b:
                self.refresh_lines(a, b - a + 1)

    def offset_at(self, line: int, col: int) -> int:
        """Text offset of the grapheme at cell ``col`` of visual line ``line``."""
        if not self.line_starts:
            return 0
        line = max(0, min(line, len(self.line_starts) - 1))
        s, e = self.line_starts[line], self.line_ends[line]
        x = 0
        for off, _d, w in line_cells(self.text, s, e):
            if col < x + w:
                return off
            x += w
        return e

    def col_of(self, offset: int) -> int:
        line = self.line_of(offset)
        s = self.line_starts[line]
        return sum(w for off, _d, w in line_cells(self.text, s, min(offset, self.line_ends[line])))

    def scroll_cursor_visible(self, center: bool = False) -> None:
        if not self.line_starts:
            return
        y = self.line_of(self.cursor[0])
        y2 = self.line_of(max(self.cursor[0], self.cursor[1] - 1))
        h = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        if center:
            if y < top or y2 >= top + h:
                self.scroll_to(y=max(0, y - h // 2), animate=False, immediate=True)
            return
        if y < top:
            self.scroll_to(y=max(0, y - 1), animate=False, immediate=True)
        elif y2 >= top + h:
            self.scroll_to(y=y2 - h + 2, animate=False, immediate=True)

    # --- rendering ----------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line of a frame needs (the width, the scroll offset, the selection) is
        # looked up once per frame: a page down draws every line, and ``scrollable_content_region``
        # alone costs more than a cached line.
        self._frame = (
            self.scrollable_content_region.width,
            int(self.scroll_offset.y),
            self.selection,
        )
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        frame = self._frame
        if frame is None:
            width, top, sel = (
                self.scrollable_content_region.width,
                int(self.scroll_offset.y),
                self.selection,
            )
        else:
            width, top, sel = frame
        idx = y + top
        base = self._styles.get("")
        if base is None:  # the widget's own style: computing it costs ~1 ms, cleared with the rest
            base = self._styles[""] = self.rich_style
        if idx >= len(self.line_starts) or width <= 0:
            return Strip.blank(width, base)
        s, e = self.line_starts[idx], self.line_ends[idx]
        sel_part = (
            (max(sel[0], s), min(sel[1], e + 1)) if sel and sel[0] <= e and sel[1] > s else None
        )
        cs, ce = self.cursor
        cur_part = (cs, ce) if cs <= e and ce > s and not self.read_only else None
        key = (idx, width, self._version, sel_part, cur_part)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._line_strip(s, e, sel_part, cur_part, base).adjust_cell_length(width, base)
            self._cache[key] = strip
        return strip

    def _line_strip(
        self, s: int, e: int, sel: tuple[int, int] | None, cur: tuple[int, int] | None, base: Style
    ) -> Strip:
        text = self.text
        spans = self.spans_in(s, e) if self.spans else []
        sugs = self.suggestions_in(s, e)
        points = {s, e}
        for sp in spans:
            points.add(max(s, sp.start))
            points.add(min(e, sp.end))
        for sg in sugs:
            points.add(max(s, sg.start))
            points.add(min(e, sg.end))
        for rng in (sel, cur):
            if rng:
                points.add(max(s, min(e, rng[0])))
                points.add(max(s, min(e, rng[1])))
        cuts = sorted(points)
        seg = text[s:e]
        # Only tabs and unsafe characters (controls, bidi) are shown differently from the text.
        plain = _is_simple(seg) or ("\t" not in seg and _UNSAFE.search(seg) is None)
        cells = None if plain else line_cells(text, s, e)
        if cells is not None:
            by_off = {off: d for off, d, _w in cells}
        segs: list[Segment] = []
        sel_style = self._style("text-view--selection")
        cur_style = self._style("text-view--cursor")
        nested_style = self._style("text-view--nested")
        for a, b in zip(cuts, cuts[1:], strict=False):
            if a >= b:
                continue
            st = base
            covering = [sp for sp in spans if sp.start <= a and sp.end >= b]
            if covering:
                covering.sort(key=lambda sp: sp.end - sp.start)
                st = st + self._label_style(covering[0].label)
                if len(covering) > 1:
                    st = st + nested_style
            elif sugs:
                sg = next((g for g in sugs if g.start <= a and g.end >= b), None)
                if sg is not None:
                    st = st + self._suggestion_style(sg.label)
            if sel and sel[0] <= a and b <= sel[1]:
                st = st + sel_style
            if cur and cur[0] <= a and b <= cur[1]:
                st = st + cur_style
            piece = text[a:b] if cells is None else "".join(by_off.get(o, "") for o in range(a, b))
            if piece:
                segs.append(Segment(piece, st))
        # A cursor or selection on the break space / newline after the line: one visible cell.
        if e < len(text) and ((cur and cur[0] <= e < cur[1]) or (sel and sel[0] <= e < sel[1])):
            st = base + (cur_style if cur and cur[0] <= e < cur[1] else sel_style)
            segs.append(Segment(" ", st))
        return Strip(segs)

    # --- mouse --------------------------------------------------------------------------------

    def _offset_for_event(self, event: events.MouseEvent) -> int | None:
        off = event.get_content_offset(self)
        if off is None or not self.line_starts:
            return None
        line = off.y + int(self.scroll_offset.y)
        if line >= len(self.line_starts):
            return None
        return self.offset_at(line, off.x)

    async def _on_mouse_down(self, event: events.MouseDown) -> None:
        if self.read_only:
            return
        offset = self._offset_for_event(event)
        if offset is None:
            return
        self.focus()
        self.set_cursor(offset)
        self._dragging = True
        self.capture_mouse()
        self.post_message(self.Changed(self))

    async def _on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        offset = self._offset_for_event(event)
        if offset is None:
            return
        target = self._grapheme_at(offset) if self.char_mode else self.token_range(offset)
        if target != self.cursor:
            self.set_cursor(offset, extend=True)
            self.post_message(self.Changed(self))

    async def _on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()


def _span_key(s: ViewSpan) -> tuple[int, int, int]:
    return (s.start, s.end, s.id)


def _suggestion_key(s: Any) -> tuple[int, int]:
    return (s.start, s.end)


def _contrast(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (#rrggbb)."""
    c = colour.lstrip("#")
    try:
        r, g, b = int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
    except (ValueError, IndexError):
        return "#000000"
    return "#000000" if (0.299 * r + 0.587 * g + 0.114 * b) > 140 else "#ffffff"
