"""The reader's in-article search (``/``): typing selects the next match, up/down step, enter
keeps the match selected (a label key then tags it), escape puts the cursor back.

:class:`ReaderSearch` is mixed into the reader (it is the :class:`~tui.screens.prompts.SearchHost`
the search box talks to); the screen's ``Input.Changed``/``Input.Submitted`` handlers call
:meth:`~ReaderSearch.search_typed` and :meth:`~ReaderSearch.close_search`.
"""

from __future__ import annotations

from .reader_host import ReaderHost


class ReaderSearch(ReaderHost):
    """Search within the open article's cleaned text; whole words, smart case."""

    # where the search started (selection or cursor), and the cursor and anchor to put back
    _search_origin: tuple[int, int] | None = None
    _search_saved: tuple[tuple[int, int], tuple[int, int] | None] | None = None

    def action_search(self) -> None:
        if self.article is None:
            return
        inp = self._search
        v = self.view
        self._search_saved = (v.cursor, v.sel_anchor)
        self._search_origin = v.selection or v.cursor
        inp.value = ""
        inp.display = True
        inp.focus()

    def _find(self, query: str, start: int, backward: bool = False) -> tuple[int, int] | None:
        """Whole words, smart case (``search_query.find_in_text``)."""
        from ..core.search_query import find_in_text

        return find_in_text(self.view.text, query, start, backward)

    def search_typed(self, query: str) -> None:
        """The search box changed: select the first match from where the search started."""
        origin = self._search_origin[0] if self._search_origin else 0
        self._search_select(self._find(query, origin), query)

    def _search_select(self, m: tuple[int, int] | None, query: str) -> None:
        v = self.view
        if m is None:
            if query and self._search_saved:
                v.cursor, v.sel_anchor = self._search_saved
                v.refresh()
            self._status.show_search(query)
            return
        if m[1] <= m[0]:
            return
        v.select_range(m[0], m[1])
        v.scroll_cursor_visible(center=True)
        self.update_status()

    def search_step(self, delta: int) -> None:
        q = self._search.value
        sel = self.view.selection
        if delta > 0:
            start = sel[0] + 1 if sel else self.view.cursor[1]
            m = self._find(q, start)
        else:
            m = self._find(q, sel[0] if sel else self.view.cursor[0], backward=True)
        self._search_select(m, q)

    def close_search(self, keep: bool) -> None:
        inp = self._search
        inp.display = False
        v = self.view
        if not keep and self._search_saved is not None:
            old = v.selection or v.cursor
            v.cursor, v.sel_anchor = self._search_saved
            v._after_move(old)
        self._search_saved = None
        v.focus()
        self.update_status()
        if keep and v.selection:
            self._say("Match selected: press a label key (1-9, l) to tag it", timeout=3)
