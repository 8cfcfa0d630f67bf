"""The article text view: a Line-API widget with a token cursor, a selection and coloured spans.

State is kept in code points of the stored text, never in display cells: token starts/ends
(``array``), visual lines as ``(start, end)`` offsets for the current width, spans sorted by start
(with a parallel list for ``bisect``), and the cursor and the selection anchor as ``(start, end)``
character ranges. The display transform (tab expansion, control characters made visible but
harmless, bidi overrides dropped) is applied per grapheme when a line is drawn, so it never shifts
an offset that goes to the store.

``render_line`` cuts a visual line at style boundaries and caches the ``Strip`` in an LRU keyed by
line, width, a version counter (spans, text, theme) and the part of the selection and cursor on
that line; a move refreshes only the lines it touches. Tokenising and wrapping a long article run
in a thread worker after the first screen has been laid out from a prefix.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

import regex
from rich.cells import cell_len, get_character_cell_size
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip

from ..core.tokens import token_bounds

TAB_SIZE = 4
#: Articles longer than this are laid out from a prefix first, the rest in a thread worker.
LAZY_THRESHOLD = 100_000
#: About a screen and a half of a wide terminal (a 120x40 view shows under 5 KB).
PREFIX_CHARS = 6_000

_GRAPHEME = regex.compile(r"\X")
# Characters that must not reach the terminal: C0 (but \t), DEL, C1, bidi embeddings/overrides/isolates.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SINGLE_RANGES = ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482))
_SINGLE = frozenset(chr(c) for lo, hi in _SINGLE_RANGES for c in range(lo, hi + 1))
_is_simple = _SINGLE.issuperset
_CHUNK = re.compile(r"[ \t]+|[^ \t]+")
# East Asian wide scripts: a run of them may be broken between any two characters.
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)
_SENTENCE_END = regex.compile(r"[.!?…]+[\"»”’')\]]*\s|\n")


def display_char(ch: str) -> str:
    """What one code point looks like on screen: controls as control pictures, bidi dropped."""
    o = ord(ch)
    if ch in _BIDI:
        return ""
    if o < 0x20:
        return chr(0x2400 + o)
    if o == 0x7F:
        return "\u2421"
    if 0x80 <= o <= 0x9F:
        return "\ufffd"
    return ch


def display_grapheme(g: str) -> str:
    if len(g) == 1:
        return display_char(g)
    if _UNSAFE.search(g):
        return "".join(display_char(c) for c in g)
    return g


def grapheme_cells(g: str) -> int:
    """Cell width of one grapheme (tabs excluded: their width depends on the column)."""
    if len(g) == 1:
        d = display_char(g)
        return get_character_cell_size(d) if d else 0
    return cell_len(display_grapheme(g))


def graphemes(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """``(offset, grapheme)`` for every grapheme of ``text[start:end]``."""
    return [(m.start(), m.group()) for m in _GRAPHEME.finditer(text, start, end)]


def line_cells(text: str, start: int, end: int) -> list[tuple[int, str, int]]:
    """``(offset, display, cells)`` per grapheme of one visual line, tabs expanded from column 0."""
    out: list[tuple[int, str, int]] = []
    col = 0
    seg = text[start:end]
    if _is_simple(seg):
        return [(start + i, ch, 1) for i, ch in enumerate(seg)]
    for off, g in graphemes(text, start, end):
        if g == "\t":
            w = TAB_SIZE - col % TAB_SIZE
            d = " " * w
        else:
            d = display_grapheme(g)
            w = grapheme_cells(g)
        out.append((off, d, w))
        col += w
    return out


def wrap(text: str, width: int, start: int = 0, end: int | None = None) -> tuple[array, array]:
    """Visual lines of ``text[start:end]`` at ``width`` cells, as starts and ends (code points).

    Paragraphs (``\\n``) always start a line; lines break after a space when they can, and a word
    longer than the width is cut at a grapheme boundary. The break space itself belongs to no line.
    """
    width = max(1, width)
    end = len(text) if end is None else end
    starts: array = array("l")
    ends: array = array("l")
    pos = start
    while True:
        nl = text.find("\n", pos, end)
        pe = end if nl < 0 else nl
        _wrap_paragraph(text, pos, pe, width, starts, ends)
        if nl < 0:
            break
        pos = nl + 1
    return starts, ends


def _wrap_paragraph(text: str, ps: int, pe: int, width: int, starts: array, ends: array) -> None:
    if ps >= pe:
        starts.append(ps)
        ends.append(ps)
        return
    seg = text[ps:pe]
    n = pe - ps
    if _is_simple(seg):
        pos = 0
        added = False
        while n - pos > width:
            cut = seg.rfind(" ", pos, pos + width + 1)
            if cut > pos:
                starts.append(ps + pos)
                ends.append(ps + cut)
                pos = cut + 1
                while pos < n and seg[pos] == " ":
                    pos += 1
            else:
                starts.append(ps + pos)
                ends.append(ps + pos + width)
                pos += width
                while pos < n and seg[pos] == " ":
                    pos += 1
            added = True
        if pos < n or not added:
            starts.append(ps + pos)
            ends.append(pe)
        return
    if "\t" in seg or _UNSAFE.search(seg):
        _wrap_general(text, ps, pe, width, starts, ends)
    else:
        _wrap_cells(seg, ps, width, starts, ends)


def _wrap_cells(seg: str, ps: int, width: int, starts: array, ends: array) -> None:
    """Greedy wrapping of a paragraph with wide or zero-width characters (no tabs, no controls):
    a line is measured as a whole with ``cell_len``, so words are never walked one by one."""
    n = len(seg)
    pos = 0
    while pos < n:
        k = min(width, n - pos)
        c = cell_len(seg[pos : pos + k])
        while c > width and k > 1:  # too wide: wide characters
            k -= max(1, (c - width + 1) // 2)
            c = cell_len(seg[pos : pos + k])
        for _ in range(4):  # too narrow: zero-width characters (combining marks, joiners)
            if c >= width or pos + k >= n:
                break
            k2 = min(n - pos, k + width - c)
            c2 = cell_len(seg[pos : pos + k2])
            if c2 > width:
                break
            k, c = k2, c2
        if pos + k >= n:
            starts.append(ps + pos)
            ends.append(ps + n)
            return
        cut = seg.rfind(" ", pos, pos + k + 1)
        if cut > pos:
            end, nxt = cut, cut + 1
        else:
            # cut at the last grapheme boundary that fits (never inside e + U+0301 or an emoji)
            limit = pos + k
            end = pos
            for m in _GRAPHEME.finditer(seg, max(pos, limit - 24), min(n, limit + 1)):
                if m.end() <= limit:
                    end = m.end()
            if end <= pos:
                end = limit
            nxt = end
        starts.append(ps + pos)
        ends.append(ps + end)
        pos = nxt
        while pos < n and seg[pos] == " ":
            pos += 1


def _chunk_cells(chunk: str) -> int:
    if _is_simple(chunk):
        return len(chunk)
    if _UNSAFE.search(chunk) is None:
        return cell_len(chunk)
    return sum(grapheme_cells(m.group()) for m in _GRAPHEME.finditer(chunk))


def _wrap_general(text: str, ps: int, pe: int, width: int, starts: array, ends: array) -> None:
    """Word by word (graphemes only inside words that must be cut), with tab stops."""
    line_start = ps
    col = 0
    word_end = -1  # end of the last word on the current line
    added = False
    for m in _CHUNK.finditer(text, ps, pe):
        a, b = m.span()
        chunk = m.group()
        if chunk[0] == " " or chunk[0] == "\t":
            if a == line_start and added:
                line_start = b  # spaces at a wrapped line's start belong to no line
                continue
            w = 0
            for ch in chunk:
                w += TAB_SIZE - (col + w) % TAB_SIZE if ch == "\t" else 1
            if col + w > width:
                starts.append(line_start)
                ends.append(a)
                added = True
                line_start, col, word_end = b, 0, -1
            else:
                col += w
            continue
        w = _chunk_cells(chunk)
        if col + w <= width:
            col += w
            word_end = b
            continue
        if w <= width and word_end > line_start and not _WIDE.search(chunk):
            starts.append(line_start)
            ends.append(word_end)
            added = True
            line_start, col, word_end = a, w, b
            continue
        # Cut inside the word (longer than a line, or CJK that may break anywhere).
        for off, g in graphemes(text, a, b):
            gw = grapheme_cells(g)
            if col + gw > width and off > line_start:
                starts.append(line_start)
                ends.append(off)
                added = True
                line_start, col = off, 0
            col += gw
        word_end = b
    if line_start < pe or not added:
        starts.append(line_start)
        ends.append(pe)


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


class TextView(ScrollView, can_focus=True, inherit_bindings=False):
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
        self.spans: list[ViewSpan] = []
        self._span_starts: list[int] = []
        self._max_span = 0
        #: Suggestions (start/end/label objects), sorted, not overlapping each other: drawn in
        #: the label's colour, underlined, never as spans.
        self.suggestions: list = []
        self._sug_starts: list[int] = []
        self._max_sug = 0
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
        self.suggestions, self._sug_starts, self._max_sug = [], [], 0
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

    def _set_spans(self, spans: Iterable[ViewSpan]) -> None:
        self.spans = sorted(spans, key=_span_key)  # linear on rows already in that order
        self._span_starts = [s.start for s in self.spans]
        self._max_span = max((s.end - s.start for s in self.spans), default=0)

    def set_spans(self, spans: Iterable[ViewSpan]) -> None:
        """Replace every span (after an undo, a redo or a reload)."""
        self._set_spans(spans)
        self._invalidate()

    def replace_spans_in(self, start: int, end: int, spans: Iterable[ViewSpan]) -> None:
        """Replace the spans overlapping ``[start, end)`` with ``spans`` (re-read from the store)."""
        lo = bisect_left(self._span_starts, start - self._max_span)
        hi = bisect_left(self._span_starts, end)
        gone = [i for i in range(lo, hi) if self.spans[i].end > start]
        a, b = start, end
        for i in reversed(gone):
            sp = self.spans.pop(i)
            del self._span_starts[i]
            a, b = min(a, sp.start), max(b, sp.end)
        for sp in spans:
            key = (sp.start, sp.end, sp.id)
            j = bisect_left(self._span_starts, sp.start)
            while (
                j < len(self.spans)
                and (self.spans[j].start, self.spans[j].end, self.spans[j].id) < key
            ):
                j += 1
            self.spans.insert(j, sp)
            self._span_starts.insert(j, sp.start)
            self._max_span = max(self._max_span, sp.end - sp.start)
            a, b = min(a, sp.start), max(b, sp.end)
        self._version += 1
        self._refresh_range(a, b)

    # --- suggestions ----------------------------------------------------------------------------

    def set_suggestions(self, sugs: Iterable) -> None:
        """Replace the suggestions drawn (objects with ``start``, ``end``, ``label``)."""
        self.suggestions = sorted(sugs, key=lambda s: (s.start, s.end))
        self._sug_starts = [s.start for s in self.suggestions]
        self._max_sug = max((s.end - s.start for s in self.suggestions), default=0)
        self._invalidate()

    def remove_suggestions_in(self, start: int, end: int) -> list:
        """Drop the suggestions overlapping ``[start, end)``; refreshes only their lines."""
        lo = bisect_left(self._sug_starts, start - self._max_sug)
        hi = bisect_left(self._sug_starts, end)
        gone = [i for i in range(lo, hi) if self.suggestions[i].end > start]
        out = []
        for i in reversed(gone):
            sg = self.suggestions.pop(i)
            del self._sug_starts[i]
            out.append(sg)
            self._version += 1
            self._refresh_range(sg.start, sg.end)
        return out[::-1]

    def suggestions_in(self, start: int, end: int) -> list:
        if not self.suggestions:
            return []
        lo = bisect_left(self._sug_starts, start - self._max_sug)
        hi = bisect_left(self._sug_starts, end)
        return [s for s in self.suggestions[lo:hi] if s.end > start and s.start < end]

    def spans_at(self, offset: int) -> list[ViewSpan]:
        """Spans covering ``offset``, innermost (shortest) first."""
        lo = bisect_left(self._span_starts, offset - self._max_span)
        hi = bisect_right(self._span_starts, offset)
        found = [s for s in self.spans[lo:hi] if s.start <= offset < s.end]
        found.sort(key=lambda s: (s.end - s.start, s.start))
        return found

    def spans_in(self, start: int, end: int) -> list[ViewSpan]:
        lo = bisect_left(self._span_starts, start - self._max_span)
        hi = bisect_left(self._span_starts, end)
        return [s for s in self.spans[lo:hi] if s.end > start and s.start < end]

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

    # --- tokens -------------------------------------------------------------------------------

    def _tok_range(self, i: int) -> tuple[int, int]:
        return self.starts[i], self.ends[i]

    def _tok_before_or_at(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def _tok_containing_or_after(self, offset: int) -> int:
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and self.ends[i] > offset:
            return i
        return min(i + 1, len(self.starts) - 1) if self.starts else 0

    def token_range(self, offset: int) -> tuple[int, int]:
        """The token containing ``offset`` or, in a gap, the next one."""
        if not self.starts:
            return (offset, offset)
        return self._tok_range(self._tok_containing_or_after(offset))

    def _grapheme_at(self, offset: int) -> tuple[int, int]:
        if offset >= len(self.text):
            offset = max(0, len(self.text) - 1)
        m = _GRAPHEME.match(self.text, offset)
        return (offset, m.end()) if m else (offset, offset)

    def _grapheme_before(self, offset: int) -> tuple[int, int]:
        lo = max(0, offset - 32)
        last = None
        for m in _GRAPHEME.finditer(self.text, lo, offset):
            last = m
        return (last.start(), last.end()) if last else self._grapheme_at(0)

    # --- selection ----------------------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        if self.sel_anchor is None:
            return None
        a, c = self.sel_anchor, self.cursor
        return min(a[0], c[0]), max(a[1], c[1])

    def target(self) -> tuple[int, int] | None:
        """What a label key applies to: the selection, else the cursor's token or character."""
        sel = self.selection
        if sel is not None:
            return sel
        cs, ce = self.cursor
        return (cs, ce) if ce > cs else None

    def clear_selection(self) -> bool:
        if self.sel_anchor is None:
            return False
        old = self.selection
        self.sel_anchor = None
        if old:
            self._refresh_range(*old)
        return True

    def select_tokens(self, first: int, last: int) -> None:
        """Select tokens ``first`` to ``last`` (inclusive): the anchor on the first, the cursor
        on the last, so extend/shrink keys move the right edge by one token."""
        old = self.selection or self.cursor
        if self.char_mode:
            self.char_mode = False
        self.sel_anchor = self._tok_range(first)
        self.cursor = self._tok_range(last)
        self._goal_col = None
        self._after_move(old)

    def select_range(self, start: int, end: int) -> None:
        """Select exactly ``[start, end)`` (a search match, a span)."""
        old = self.selection or self.cursor
        if not self.char_mode and self.starts and end > start:
            i = self._tok_containing_or_after(start)
            j = self._tok_before_or_at(end - 1)
            if i <= j and self.starts[i] == start and self.ends[j] == end:
                self.select_tokens(i, j)  # token-aligned: the edges move by tokens
                return
        if self.char_mode:
            self.sel_anchor = self._grapheme_at(start)
            self.cursor = self._grapheme_before(end)
        else:
            self.sel_anchor = (start, min(end, start + 1))
            self.cursor = (max(start, end - 1), end)
        self._goal_col = None
        self._after_move(old)

    def set_cursor(self, offset: int, *, extend: bool = False) -> None:
        """Put the cursor on the token (or in character mode the grapheme) at ``offset``."""
        old = self.selection or self.cursor
        if extend and self.sel_anchor is None:
            self.sel_anchor = self.cursor
        elif not extend:
            self.sel_anchor = None
        if self.char_mode:
            self.cursor = self._grapheme_at(offset)
        elif self.starts:
            self.cursor = self.token_range(offset)
        self._goal_col = None
        self._after_move(old)

    def _after_move(self, old: tuple[int, int]) -> None:
        new = self.selection or self.cursor
        self._refresh_range(*old, *new)
        self.scroll_cursor_visible()

    def _place_cursor(self, rng: tuple[int, int], extend: bool) -> tuple[int, int]:
        """Put the cursor on ``rng``, extending the selection from its anchor or dropping it;
        returns what was highlighted before (the selection or the cursor), to repaint."""
        old = self.selection or self.cursor
        if extend:
            if self.sel_anchor is None:
                self.sel_anchor = self.cursor
        else:
            self.sel_anchor = None
        self.cursor = rng
        return old

    def _move_to(self, rng: tuple[int, int], extend: bool, keep_goal: bool = False) -> None:
        old = self._place_cursor(rng, extend)
        if not keep_goal:
            self._goal_col = None
        self._after_move(old)

    def toggle_char_mode(self) -> bool:
        """Switch token/character mode; the selection is kept (snapped to tokens on the way back)."""
        old = self.selection or self.cursor
        self.char_mode = not self.char_mode
        if self.char_mode:
            if self.sel_anchor is not None:
                s, e = self.selection or self.cursor
                self.sel_anchor = self._grapheme_at(s)
                self.cursor = (
                    self._grapheme_before(e) if self.cursor[1] >= e else self._grapheme_at(s)
                )
            else:
                self.cursor = self._grapheme_at(self.cursor[0])
        elif self.starts:
            if self.sel_anchor is not None:
                self.sel_anchor = self.token_range(self.sel_anchor[0])
            self.cursor = self.token_range(self.cursor[0])
        self._after_move(old)
        return self.char_mode

    # --- movement -----------------------------------------------------------------------------

    def move_left_edge(self, delta: int) -> None:
        """Move the selection's left edge by one token (grapheme in character mode): ``-1`` takes
        in the token before it, ``+1`` lets go of its first token (never past the right edge).
        Without a selection, the cursor's token becomes one."""
        sel = self.selection
        if sel is None:
            sel = self.cursor
        start, end = sel
        old = self.selection or self.cursor
        if self.char_mode:
            if delta < 0:
                new_first = self._grapheme_before(start) if start > 0 else self._grapheme_at(start)
            else:
                nxt = self._grapheme_at(start)
                new_first = nxt if nxt[1] >= end else self._grapheme_at(nxt[1])
            last_grapheme = self._grapheme_before(end)
            self.sel_anchor, self.cursor = new_first, last_grapheme
            self._goal_col = None
            self._after_move(old)
            return
        if not self.starts:
            return
        first = self._tok_containing_or_after(start)
        last = self._tok_before_or_at(max(start, end - 1))
        first = max(0, min(last, first + (1 if delta > 0 else -1)))
        self.select_tokens(first, last)

    def move_unit(self, delta: int, extend: bool = False) -> None:
        """Next/previous token (character in character mode). With a selection and no shift, the
        arrow first collapses it to its edge on that side (as editors do): the cursor lands on the
        selection, never past it."""
        sel = self.selection if not extend else None
        if sel is not None:
            s, e = sel
            rng = (
                (self._grapheme_before(e) if delta > 0 else self._grapheme_at(s))
                if self.char_mode
                else self._tok_range(
                    self._tok_before_or_at(max(s, e - 1))
                    if delta > 0
                    else self._tok_containing_or_after(s)
                )
            )
            self._move_to(rng, False)
            return
        if self.char_mode:
            cs, ce = self.cursor
            rng = self._grapheme_at(ce) if delta > 0 else self._grapheme_before(cs)
            if delta > 0 and ce >= len(self.text):
                return
            self._move_to(rng, extend)
            return
        if not self.starts:
            return
        cs = self.cursor[0]
        i = self._tok_before_or_at(cs)
        on = self.starts[i] == cs
        j = (i + 1 if on or self.starts[i] < cs else i) if delta > 0 else i - 1 if on else i
        j = max(0, min(len(self.starts) - 1, j))
        self._move_to(self._tok_range(j), extend)

    def _is_word(self, i: int) -> bool:
        return any(ch.isalnum() for ch in self.text[self.starts[i] : self.ends[i]])

    def move_word(self, delta: int, extend: bool = False) -> None:
        """Next/previous word: skips punctuation tokens."""
        if not self.starts:
            return
        i = self._tok_containing_or_after(self.cursor[0])
        n = len(self.starts)
        j = i + delta
        while 0 <= j < n and not self._is_word(j):
            j += delta
        if 0 <= j < n:
            self._move_to(self._tok_range(j), extend)

    def move_line(self, delta: int, extend: bool = False) -> None:
        """Visual line down/up, keeping the column."""
        if not self.line_starts:
            return
        y = self.line_of(self.cursor[0])
        goal = self._goal()
        limit = self._last_laid_out_line()
        ty = y + delta
        while 0 <= ty <= limit:
            rng = self._unit_on_line(ty, goal)
            if rng is not None:
                self._move_to(rng, extend, keep_goal=True)
                return
            ty += delta

    def _goal(self) -> int:
        if self._goal_col is None:
            self._goal_col = self.col_of(self.cursor[0])
        return self._goal_col

    def _last_laid_out_line(self) -> int:
        return min(len(self.line_starts) - 1, self.line_of(max(0, self.laid_out_to - 1)))

    def _unit_on_line(self, ty: int, goal: int) -> tuple[int, int] | None:
        """The token (grapheme in character mode) at cell ``goal`` of line ``ty``; None when the
        line has none (an empty line)."""
        s, e = self.line_starts[ty], self.line_ends[ty]
        if e <= s:
            return None
        off = self.offset_at(ty, goal)
        if self.char_mode:
            if off >= e:
                off = self._grapheme_before(e)[0]
            return self._grapheme_at(off)
        if not self.starts:
            return None
        i = self._tok_containing_or_after(off)
        if not (s <= self.starts[i] < e):
            i = self._tok_before_or_at(off)
        if s <= self.starts[i] < e or (self.starts[i] < s < self.ends[i]):
            return self._tok_range(i)
        return None

    def page(self, delta: int, extend: bool = False) -> None:
        """A page down/up: the target line is computed once (``line ± page height``); when it has
        nothing to put the cursor on, the nearest line that has, further on, else back towards
        the cursor."""
        if not self.line_starts:
            return
        h = max(1, self.scrollable_content_region.height - 1)
        y = self.line_of(self.cursor[0])
        goal = self._goal()
        limit = self._last_laid_out_line()
        target = max(0, min(limit, y + delta * h))
        rng = None
        ty = target
        while rng is None and 0 <= ty <= limit:
            rng = self._unit_on_line(ty, goal)
            ty += delta
        ty = target - delta
        while rng is None and ty != y and 0 <= ty <= limit:
            rng = self._unit_on_line(ty, goal)
            ty -= delta
        if rng is not None and rng != self.cursor:
            old = self._place_cursor(rng, extend)
            self._refresh_range(*old)
            self.scroll_cursor_visible(center=True)
            self._refresh_range(*(self.selection or self.cursor))
        else:
            self.scroll_cursor_visible(center=True)

    def _move_to_offset(self, offset: int, extend: bool, backward: bool = False) -> None:
        if self.char_mode:
            self._move_to(self._grapheme_at(offset), extend)
        elif self.starts:
            i = self._tok_containing_or_after(offset)
            self._move_to(self._tok_range(i), extend)

    def move_paragraph(self, delta: int, extend: bool = False) -> None:
        text = self.text
        cs, ce = self.cursor
        if delta > 0:
            nl = text.find("\n", ce)
            while nl >= 0 and nl + 1 < len(text) and text[nl + 1].isspace():
                nl += 1
            if nl < 0 or nl + 1 >= len(text):
                self.move_end(extend)
                return
            self._move_to_offset(nl + 1, extend)
        else:
            para = text.rfind("\n", 0, cs) + 1
            target = self._first_unit_from(para)
            while target >= cs and para > 0:
                para = text.rfind("\n", 0, para - 1) + 1
                target = self._first_unit_from(para)
            self._move_to_offset(min(target, cs), extend)

    def _first_unit_from(self, offset: int) -> int:
        if self.char_mode or not self.starts:
            return offset
        return self.starts[self._tok_containing_or_after(offset)]

    def move_sentence(self, delta: int, extend: bool = False) -> None:
        text = self.text
        cs, ce = self.cursor
        if delta > 0:
            m = _SENTENCE_END.search(text, cs)
            if m is None:
                self.move_end(extend)
                return
            pos = m.end()
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos >= len(text):
                self.move_end(extend)
                return
            self._move_to_offset(pos, extend)
        else:
            start = self._sentence_start(cs)
            if start >= cs and cs > 0:
                start = self._sentence_start(max(0, start - 1))
                # step over the whitespace between sentences
                while start > 0 and self._first_unit_from(start) >= cs:
                    start = self._sentence_start(start - 1)
            self._move_to_offset(self._first_unit_from(start), extend)

    def _sentence_start(self, offset: int) -> int:
        lo = max(0, offset - 20_000)
        last = lo if lo else 0
        for m in _SENTENCE_END.finditer(self.text, lo, offset):
            last = m.end()
        while last < len(self.text) and self.text[last].isspace():
            last += 1
        return min(last, offset) if last > offset else last

    def move_home(self, extend: bool = False) -> None:
        y = self.line_of(self.cursor[0])
        self._move_to_offset(self.line_starts[y], extend)

    def move_line_end(self, extend: bool = False) -> None:
        y = self.line_of(self.cursor[0])
        s, e = self.line_starts[y], self.line_ends[y]
        if e <= s:
            return
        if self.char_mode:
            self._move_to(self._grapheme_before(e), extend)
        elif self.starts:
            i = self._tok_before_or_at(e - 1)
            self._move_to(self._tok_range(i), extend)

    def move_start(self, extend: bool = False) -> None:
        self._move_to_offset(0, extend)
        self.scroll_to(y=0, animate=False, immediate=True)

    def move_end(self, extend: bool = False) -> None:
        """The article's last token. Pressed while a long text is still being laid out, it goes to
        the end known so far and again to the real end when the layout arrives (unless the
        cursor was moved meanwhile)."""
        self._move_end_now(extend)
        self._end_when_ready = None if self.ready else (extend, self.cursor)

    def _move_end_now(self, extend: bool) -> None:
        if self.char_mode:
            self._move_to(self._grapheme_before(len(self.text)), extend)
        elif self.starts:
            self._move_to(self._tok_range(len(self.starts) - 1), extend)

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


def _contrast(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (#rrggbb)."""
    c = colour.lstrip("#")
    try:
        r, g, b = int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
    except (ValueError, IndexError):
        return "#000000"
    return "#000000" if (0.299 * r + 0.587 * g + 0.114 * b) > 140 else "#ffffff"


class RowScrollBar(ScrollBar):
    """A scroll bar that repaints only the rows a new position changes.

    Textual repaints the whole bar when its position changes: every row goes through the
    widget's line styling again, which costs more than a page of text (a page down in a long
    article moves the thumb by a row, if at all). The bar is drawn at the old and the new
    position, and only the rows that differ (thumb ends, and the rows whose click action flips
    between "scroll up" and "scroll down") are repainted; the others are the same strips."""

    position: Reactive[float] = Reactive(0, repaint=False)
    _style_seen: Style | None = None

    def watch_position(self, old: float, new: float) -> None:
        rows = self._changed_rows(old, new)
        if rows is None:
            self.refresh()
        elif rows:
            width = self.size.width
            self.refresh(*(Region(0, y, width, 1) for y in rows))

    def _changed_rows(self, old: float, new: float) -> list[int] | None:
        """The rows that differ between the bar at ``old`` and at ``new``; None: repaint all."""
        if not self.vertical or not self.is_mounted or self.parent is None:
            return None
        width, height = self.size
        if width <= 0 or height <= 0:
            return None
        bar = self.render()  # the bar at the new position, as Textual draws it
        if not isinstance(bar, ScrollBarRender) or not isinstance(bar.style, Style):
            return None
        if bar.style != self._style_seen:  # other colours (a theme, hover): every row changes
            self._style_seen = bar.style
            return None
        back = bar.style.bgcolor or Color.parse("#555555")
        fore = bar.style.color or Color.parse("bright_magenta")

        def segments(position: float) -> list[Segment]:
            # As ScrollBarRender.__rich_console__ does, the bar being ``height`` rows long.
            return list(
                bar.render_bar(
                    size=height,
                    virtual_size=bar.virtual_size,
                    window_size=bar.window_size,
                    position=position,
                    thickness=width,
                    vertical=True,
                    back_color=back,
                    bar_color=fore,
                ).segments
            )

        before, after = segments(old), segments(new)
        if len(before) != height or len(after) != height:
            return None
        return [y for y, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
