"""Cursor navigation for the article view: tokens, graphemes, selection, and moves by token,
word, visual line, page, sentence and paragraph.

``TextNavigation`` is mixed into ``TextView`` (the widget keeps the state: ``text``, the token
arrays, the visual lines, ``cursor`` and ``sel_anchor``); it holds every rule of where a key moves
the cursor or the selection, as Textual's TextArea hands cursor movement to its
``DocumentNavigator``. It asks the widget only for geometry (``line_of``, ``offset_at``,
``col_of``), scrolling and repainting. A mixin rather than a separate object so that the moves stay
methods of ``TextView`` (the reader and the tests call them there) and cost no extra indirection on
a key press.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from typing import TYPE_CHECKING

import regex

from .text_layout import _GRAPHEME

if TYPE_CHECKING:
    from textual.scroll_view import ScrollView as _Base
else:
    _Base = object

_SENTENCE_END = regex.compile(r"[.!?…]+[\"»”’')\]]*\s|\n")


class TextNavigation(_Base):
    """Where the cursor and the selection go: token and grapheme lookups, the selection, moves."""

    text: str
    starts: array
    ends: array
    line_starts: array
    line_ends: array
    laid_out_to: int
    char_mode: bool
    cursor: tuple[int, int]
    sel_anchor: tuple[int, int] | None
    _goal_col: int | None
    #: ``G`` pressed during the layout: (extend, where it left the cursor).
    _end_when_ready: tuple[bool, tuple[int, int]] | None

    if TYPE_CHECKING:  # provided by TextView (geometry, scrolling, repainting)

        @property
        def ready(self) -> bool: ...

        def line_of(self, offset: int) -> int: ...

        def offset_at(self, line: int, col: int) -> int: ...

        def col_of(self, offset: int) -> int: ...

        def scroll_cursor_visible(self, center: bool = False) -> None: ...

        def _refresh_range(
            self, start: int, end: int, start2: int | None = None, end2: int | None = None
        ) -> None: ...

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
