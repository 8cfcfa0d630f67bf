"""A virtual list of articles on the Line API: instant on 100,000 rows.

The widget holds only the array of ids (in display order) and an LRU cache of light rows
(``Store.summaries``); rows missing from the cache are fetched in one ``WHERE id IN (...)`` query
for the whole visible window as they scroll into view. Line 0 is a fixed column header.

Everything shown comes from the database and is data: it goes through ``safe_line`` and into
Segments, never through Rich markup.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Self

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .safe import safe_line

Row = dict[str, Any]
Fetcher = Callable[[Sequence[int]], dict[int, Row]]

STATUS_MARKS = {
    "new": "·",
    "in_progress": "◐",
    "done": "✓",
    "skipped": "»",
    "rejected": "✗",
}


def row_title(row: Row) -> str:
    """The title, or the first words of the text."""
    title = safe_line(row.get("title") or "").strip()
    if title:
        return title
    head = safe_line(row.get("head") or "").split()
    return " ".join(head[:14]) or f"(article {row.get('id')})"


def row_source(row: Row) -> str:
    """Publisher, else the host of the source URL, else the source."""
    pub = safe_line(row.get("publisher") or "").strip()
    if pub:
        return pub
    src = safe_line(row.get("source") or "").strip()
    if "://" in src:
        src = src.split("://", 1)[1].split("/", 1)[0]
        src = src.removeprefix("www.")
    else:
        src = src.rsplit("/", 1)[-1]
    return src


def row_date(row: Row) -> str:
    return safe_line(row.get("published") or "")[:10]


class ArticleList(ScrollView, can_focus=True):
    """The article list: status, language, spans, title, source, date; one row per article."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("home,g", "first", "First", show=False, id="list.first"),
        Binding("end,G", "last", "Last", show=False, id="list.last"),
        Binding("enter", "select", "Open", id="list.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--header",
        "article-list--cursor",
        "article-list--dim",
        "article-list--status-new",
        "article-list--status-in_progress",
        "article-list--status-done",
        "article-list--status-skipped",
        "article-list--status-rejected",
        "article-list--spans",
        "article-list--empty",
    }

    DEFAULT_CSS = """
    ArticleList {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        /* No visible scroll bar (the header shows the position): redrawing Textual's scroll bar
           on every scrolled row costs more than the rows themselves. The wheel still scrolls. */
        scrollbar-size-vertical: 0;
        background: $surface;
    }
    ArticleList > .article-list--header { text-style: bold; background: $panel; color: $text-muted; }
    ArticleList > .article-list--cursor { background: $block-cursor-blurred-background; }
    ArticleList:focus > .article-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    ArticleList > .article-list--dim { color: $text-muted; }
    ArticleList > .article-list--status-new { color: $text-muted; }
    ArticleList > .article-list--status-in_progress { color: $warning; }
    ArticleList > .article-list--status-done { color: $success; }
    ArticleList > .article-list--status-skipped { color: $text-muted; }
    ArticleList > .article-list--status-rejected { color: $error; }
    ArticleList > .article-list--spans { color: $accent; }
    ArticleList > .article-list--empty { color: $text-muted; text-style: italic; }
    """

    CACHE_SIZE = 4000

    #: ``repaint=False``: a move refreshes only the old and new cursor rows (``watch_cursor``).
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    class Highlighted(Message):
        """The cursor moved to another article (or the list emptied: ``article_id`` None)."""

        def __init__(self, article_list: ArticleList, index: int, article_id: int | None) -> None:
            super().__init__()
            self.article_list = article_list
            self.index = index
            self.article_id = article_id

        @property
        def control(self) -> ArticleList:
            return self.article_list

    class Selected(Highlighted):
        """Enter on an article (same fields as ``Highlighted``; ``article_id`` is never None)."""

    def __init__(
        self,
        fetch: Fetcher | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._fetch = fetch
        #: Called with the new article id as the cursor moves, before the next frame (the
        #: ``Highlighted`` message arrives after it: a preview updated from it costs a frame more).
        self.on_highlight: Callable[[int | None], None] | None = None
        #: Post ``Highlighted`` as the cursor moves. A screen that follows the cursor through
        #: ``on_highlight`` turns it off: the message travels up the DOM on every key for nobody.
        self.post_highlighted = True
        self.ids: list[int] = []
        self._index: dict[int, int] | None = None
        self._rows: OrderedDict[int, Row] = OrderedDict()
        #: Rendered rows: (id, width, is cursor, focused, row version) -> Strip. The version is
        #: bumped whenever rows are forgotten (invalidate, new ids) or the styles change.
        self._strips: LRUCache[tuple, Strip] = LRUCache(512)
        self._row_version = 0
        #: Component and widget Rich styles. Textual clears its own cache on every refresh (each
        #: cursor move refreshes two rows), so rows would recompute them for every key; ours is
        #: cleared on a style update or a whole-widget refresh (focus, theme, component classes).
        self._style_cache: dict[tuple[str, bool], Style] = {}
        #: Width and first row for the lines drawn in one ``render_lines`` call (a frame).
        self._frame: tuple[int, int] | None = None
        self.loaded = False
        self.empty_message = "Loading…"

    # --- data -----------------------------------------------------------------------------

    def set_fetcher(self, fetch: Fetcher) -> None:
        self._fetch = fetch

    def set_ids(self, ids: list[int], *, keep: int | None = None, clear_cache: bool = True) -> None:
        """Replace the id array; the cursor stays on ``keep`` (an article id) when it is still listed."""
        old_cursor = self.cursor
        self.ids = ids
        self._index = None
        self.loaded = True
        if clear_cache:
            self._rows.clear()
            self._forget_strips()
        self.virtual_size = Size(self.size.width, len(ids) + 1)
        index = self.index_of(keep) if keep is not None else None
        if index is None:
            index = min(old_cursor, max(len(ids) - 1, 0)) if keep is not None else 0
        self._scroll_update(self.virtual_size)
        self.cursor = index
        self._ensure_visible(index)
        self.refresh()

    def index_of(self, article_id: int) -> int | None:
        if self._index is None:
            self._index = {a: i for i, a in enumerate(self.ids)}
        return self._index.get(article_id)

    def invalidate(self, article_ids: Sequence[int] | None = None) -> None:
        """Forget cached rows (all, or those of ``article_ids``) so they are fetched again."""
        if article_ids is None:
            self._rows.clear()
        else:
            for a in article_ids:
                self._rows.pop(a, None)
        self._forget_strips()
        self.refresh()

    def _forget_strips(self) -> None:
        self._row_version += 1
        self._strips.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_cache.clear()
        self._forget_strips()

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if not regions:  # focus, a style or component-class change: styles are looked up again
            self._style_cache.clear()
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _style(self, name: str = "", partial: bool = False) -> Style:
        """The widget's Rich style (``name`` empty) or a component's, cached."""
        key = (name, partial)
        st = self._style_cache.get(key)
        if st is None:
            st = (
                self.rich_style
                if not name
                else self.get_component_rich_style(name, partial=partial)
            )
            self._style_cache[key] = st
        return st

    @property
    def current_id(self) -> int | None:
        if 0 <= self.cursor < len(self.ids):
            return self.ids[self.cursor]
        return None

    def row(self, article_id: int) -> Row | None:
        """The cached row of an article, fetching it (and its visible neighbours) when missing."""
        r = self._rows.get(article_id)
        if r is not None:
            self._rows.move_to_end(article_id)
            return r
        self._fill([article_id])
        return self._rows.get(article_id)

    def _fill(self, wanted: Sequence[int]) -> None:
        if self._fetch is None:
            return
        missing = [a for a in wanted if a not in self._rows]
        if not missing:
            return
        top = int(self.scroll_y)
        window = self.ids[max(0, top - 10) : top + self.size.height + 40]
        batch = list(dict.fromkeys([*missing, *(a for a in window if a not in self._rows)]))[:500]
        try:
            got = self._fetch(batch)
        except Exception as exc:  # a locked or vanished database: show the row as unavailable
            self.log.error(f"article list: fetch failed: {exc}")
            got = {}
        for a in batch:
            self._rows[a] = got.get(a) or {"id": a, "missing": True}
        while len(self._rows) > self.CACHE_SIZE:
            self._rows.popitem(last=False)

    # --- cursor ---------------------------------------------------------------------------

    @property
    def page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.ids) - 1)) if self.ids else 0

    def watch_cursor(self, old: int, new: int) -> None:
        top = int(self.scroll_y)
        width, height = self.size
        regions = [Region(0, 0, width, 1)]  # the header shows the position
        for idx in {old, new}:
            y = idx - top + 1
            if 1 <= y < height:
                regions.append(Region(0, y, width, 1))
        self.refresh(*regions)  # one refresh for the three rows
        if self.on_highlight is not None:
            self.on_highlight(self.current_id)
        if self.post_highlighted:
            self.post_message(self.Highlighted(self, new, self.current_id))

    def _ensure_visible(self, index: int) -> None:
        top = int(self.scroll_y)
        rows = self.page_rows
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + rows:
            self.scroll_to(y=index - rows + 1, animate=False, immediate=True)

    def move_to(self, index: int) -> None:
        if not self.ids:
            return
        index = max(0, min(index, len(self.ids) - 1))
        self._ensure_visible(index)
        self.cursor = index

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_page_up(self) -> None:
        self.move_to(self.cursor - self.page_rows)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + self.page_rows)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.ids) - 1)

    def action_select(self) -> None:
        a = self.current_id
        if a is not None:
            self.post_message(self.Selected(self, self.cursor, a))

    def on_click(self, event: events.Click) -> None:
        y = event.y
        if y < 1:
            return
        index = int(self.scroll_y) + y - 1
        if 0 <= index < len(self.ids):
            if index == self.cursor and event.chain >= 2:
                self.action_select()
            self.move_to(index)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # The vertical scroll bar has no size (CSS): ScrollView's watcher moves it anyway, and a
        # refreshed widget that is not on screen makes the compositor rebuild its whole map
        # (about a millisecond per scrolled row). Only the rows are repainted.
        if round(old_value) != round(new_value):
            self.refresh(self.size.region)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.size.width, len(self.ids) + 1)
        self._ensure_visible(self.cursor)

    # --- rendering ------------------------------------------------------------------------

    def _columns(self, width: int) -> tuple[int, int, int, int, int]:
        """Widths of language, spans, title, source and date for a total ``width``."""
        lang, spans, date = 3, 5, 10
        fixed = 2 + lang + 1 + spans + 1 + 1 + 1 + 1  # mark, gaps
        rest = width - fixed
        show_date = rest >= 40
        if show_date:
            rest -= date + 1
        else:
            date = 0
        source = max(0, min(24, rest // 4)) if rest >= 30 else 0
        title = max(1, rest - source)
        return lang, spans, title, source, date

    def render_lines(self, crop: Region) -> list[Strip]:
        # The width and the scroll offset are looked up once per frame, not once per row.
        self._frame = (self.scrollable_content_region.width, int(self.scroll_y))
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        frame = self._frame
        width, top = (
            frame
            if frame is not None
            else (self.scrollable_content_region.width, int(self.scroll_y))
        )
        if width <= 0:
            return Strip.blank(0)
        if y == 0:
            key = ("header", width, self._row_version, self.cursor, len(self.ids))
            strip = self._strips.get(key)
            if strip is None:
                strip = self._strips[key] = self._header(width)
            return strip
        index = top + y - 1
        if self.ids and index < len(self.ids):
            return self._row_strip(index, width)
        base = self._style()
        if not self.ids:
            if y == 2:
                style = self._style("article-list--empty")
                return Strip(
                    [Segment(set_cell_size("  " + self.empty_message, width), base + style)], width
                )
            return Strip.blank(width, base)
        return Strip.blank(width, base)

    def _row_strip(self, index: int, width: int) -> Strip:
        article_id = self.ids[index]
        is_cursor = index == self.cursor
        key = (article_id, width, is_cursor, is_cursor and self.has_focus, self._row_version)
        strip = self._strips.get(key)
        if strip is not None:
            return strip
        r = self._rows.get(article_id)
        if r is None:
            self._fill([article_id])
            r = self._rows.get(article_id) or {"id": article_id, "missing": True}
        else:
            self._rows.move_to_end(article_id)
        strip = self._render_row(r, width, is_cursor)
        self._strips[key] = strip
        return strip

    def _header(self, width: int) -> Strip:
        lang, spans, title, source, date = self._columns(width)
        style = self._style() + self._style("article-list--header")
        head = "Title"
        if self.ids:
            # Where the cursor is (no scroll bar: redrawing one costs more than the rows).
            pos = f"{self.cursor + 1:,}/{len(self.ids):,} "
            if len(head) + 1 + len(pos) <= title:
                head = head + pos.rjust(title - len(head))
        parts = [
            "  ",
            "Lng".ljust(lang),
            " ",
            "Spans".rjust(spans),
            " ",
            " ",
            set_cell_size(head, title),
        ]
        if source:
            parts += [" ", set_cell_size("Source", source)]
        if date:
            parts += [" ", set_cell_size("Date", date)]
        text = "".join(parts)
        return Strip([Segment(set_cell_size(text, width), style)], width)

    def _render_row(self, r: Row, width: int, is_cursor: bool) -> Strip:
        lang_w, spans_w, title_w, source_w, date_w = self._columns(width)
        base = self._style()
        cursor = self._style("article-list--cursor") if is_cursor else Style()
        dim = self._style("article-list--dim", partial=True)
        if r.get("missing"):
            text = set_cell_size(f"  (article {r['id']} is gone)", width)
            return Strip([Segment(text, base + dim + cursor)], width)
        status = r.get("status") or "new"
        mark_style = (
            self._style(f"article-list--status-{status}", partial=True)
            if f"article-list--status-{status}" in self.COMPONENT_CLASSES
            else dim
        )
        n = int(r.get("spans") or 0)
        spans_txt = (str(n) if n < 100000 else "many").rjust(spans_w) if n else "-".rjust(spans_w)
        segs = [
            Segment(" ", base + cursor),
            Segment(STATUS_MARKS.get(status, "?"), base + mark_style + cursor),
            Segment(" ", base + cursor),
            Segment(
                set_cell_size(safe_line(r.get("lang") or "")[:lang_w], lang_w), base + dim + cursor
            ),
            Segment(" ", base + cursor),
            Segment(
                spans_txt,
                base + (self._style("article-list--spans", partial=True) if n else dim) + cursor,
            ),
            Segment("  ", base + cursor),
            Segment(set_cell_size(row_title(r), title_w), base + cursor),
        ]
        if source_w:
            segs.append(Segment(" " + set_cell_size(row_source(r), source_w), base + dim + cursor))
        if date_w:
            segs.append(Segment(" " + set_cell_size(row_date(r), date_w), base + dim + cursor))
        used = sum(cell_len(s.text) for s in segs)
        if used < width:
            segs.append(Segment(" " * (width - used), base + cursor))
        return Strip(segs).crop(0, width)
