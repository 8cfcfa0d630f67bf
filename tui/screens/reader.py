"""The reader: read one article and annotate it from the keyboard.

``ReaderScreen(ids, index)`` shows ``ids[index]`` and walks the list with next/previous, done,
skip and reject. Every annotation goes to the store at once (one committed, undoable action) and
the view is updated from what the store returns or holds, never from what we hoped it did: the
screen never shows a span that is not stored.

This module holds the screen's lifecycle and its core keys (open, move, tag, delete, undo, article
status, raw view, span panel). The other keys live in mixins, one job each, that the screen
inherits: ``reader_search``, ``reader_copy``, ``reader_meta``, ``reader_suggestions``,
``reader_occurrences`` and ``reader_model`` (``reader_host`` declares, for the type checker, what
they use of the screen). Their ``@on`` handlers stay here: Textual only collects those from the
screen's own class.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input

from ..core.store import Article, StoreError
from ..widgets.label_bar import LabelBar
from ..widgets.reader_header import ReaderHeader, StatusLine
from ..widgets.safe import safe_line, safe_text
from ..widgets.span_panel import SpanPanel
from ..widgets.text_view import TextView, ViewSpan
from .busy import KeyHold
from .prompts import LabelPicker, SearchInput
from .reader_assist import ReaderAssist
from .reader_bindings import READER_BINDINGS
from .reader_copy import ReaderCopy
from .reader_meta import ReaderMeta
from .reader_model import ReaderModel
from .reader_occurrences import ReaderOccurrences
from .reader_search import ReaderSearch
from .reader_suggestions import ReaderSuggestions

if TYPE_CHECKING:
    from textual import getters

    from ..app import NewsmarkApp


class ReaderScreen(
    ReaderSearch,
    ReaderCopy,
    ReaderMeta,
    ReaderSuggestions,
    ReaderOccurrences,
    ReaderModel,
    Screen[None],
):
    """The annotator for ``ids[index]``, walking ``ids``."""

    if TYPE_CHECKING:  # typed access to the app's own attributes; at run time, Textual's property
        app = getters.app(NewsmarkApp)

    # Its styles (reader.tcss) are part of the app's CSS_PATH: loaded at start, not on first push.

    BINDINGS: ClassVar[list[BindingType]] = READER_BINDINGS

    #: How often the reader looks for changes made by another process (seconds).
    POLL_SECONDS: ClassVar[float] = 1.5

    def __init__(
        self,
        ids: list[int],
        index: int = 0,
        select: tuple[int, int] | None = None,
        search: str | None = None,
    ) -> None:
        super().__init__()
        self.ids = list(ids)
        self._select = select  # a range of the cleaned text to select when the article opens
        # The library's search, when the list is its results: each article opens at its first match.
        from ..core.search_query import translate

        self._search_for = translate(search) if search else None
        self.index = max(0, min(index, len(self.ids) - 1)) if self.ids else 0
        self.article: Article | None = None
        self.raw = False
        self.labels: list[Any] = []
        self.colours: dict[str, str] = {}
        self._text_cursor = 0  # where the cursor was in the cleaned text while the raw view shows
        self._opened_at = time.monotonic()
        self._keys = 0  # keys pressed in the reader since the previous action
        self._last_action = time.monotonic()
        self._how: str | None = None  # "candidate" while the selection comes from a jump
        self._assist = ReaderAssist()  # candidates, suggestions, the dictionary
        self._tags: list[str] = []
        self._has_note = False
        self._meta_for: int | None = None  # the article whose tags and note are in _tags/_has_note

    def _say(
        self, message: str, *, severity: str = "information", timeout: float | None = None
    ) -> None:
        """A notification that may quote data: control characters removed, never markup."""
        self.app.notify(safe_text(message), severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The widgets are kept: every key updates some of them, and a DOM query per update
        # costs more than the update.
        self._header = ReaderHeader(id="reader-header")
        self._view = TextView(id="reader-text")
        self._panel = SpanPanel(id="reader-spans")
        self._label_bar = LabelBar(id="reader-labels")
        self._status = StatusLine(id="reader-status")
        self._search = SearchInput(
            placeholder="search: type to select the next match, enter keeps it, escape cancels",
            id="reader-search",
        )
        yield self._header
        with Horizontal(id="reader-body"):
            yield self._view
            yield self._panel
        yield self._label_bar
        yield self._status
        yield self._search
        yield Footer()

    @property
    def store(self) -> Any:
        return self.app.store

    @property
    def view(self) -> TextView:
        return self._view

    @property
    def article_id(self) -> int | None:
        return self.article.id if self.article else None

    def on_mount(self) -> None:
        self._panel.display = False
        self._search.display = False
        self.load_labels()
        select, self._select = self._select, None
        self.open_article(select=select)
        self.view.focus()
        self._seen_version = self._data_version()
        self.set_interval(self.POLL_SECONDS, self.poll_external, name="reader-poll")

    def on_screen_resume(self) -> None:
        # Labels may have been edited on another screen.
        if self.article is not None:
            self.load_labels()
            self.view.set_colours(self.colours)

    def load_labels(self) -> None:
        self.labels = self.store.labels()
        self.colours = {lb.name: lb.colour for lb in self.labels}
        self._label_bar.set_labels(self.labels)

    # --- changes made by another process --------------------------------------------------------

    def _data_version(self) -> tuple[int, int] | None:
        try:
            return self.store.data_version()
        except Exception:  # a locked or vanished database: try again at the next poll
            return None

    def poll_external(self) -> bool:
        """Re-read the article's spans, status and tags when the database changed (another
        newsmark, the CLI); the cursor and selection stay. Returns True when it redrew."""
        if not self.is_current or self.article is None:
            return False
        ver = self._data_version()
        if ver is None or ver == self._seen_version:
            return False
        self._seen_version = ver
        return self.refresh_from_store()

    def refresh_from_store(self) -> bool:
        art = self.article
        if art is None:
            return False
        try:
            fresh = self.store.article(art.id)
            spans = self._view_spans(art.id)
        except StoreError:
            return False
        if fresh is None:
            self._say(f"Article {art.id} was removed by another process", severity="warning")
            return False
        changed = False
        if fresh.text != art.text and not self.raw:  # re-cleaned elsewhere: reload, keep the offset
            self.article = fresh
            self.open_article(cursor=self.view.cursor[0])
            return True
        if (fresh.status, fresh.lang) != (art.status, art.lang):
            art.status, art.lang, art.lang_prob = fresh.status, fresh.lang, fresh.lang_prob
            changed = True
        self._meta_for = None  # tags and note re-read by update_header
        if not self.raw:
            old = [(s.id, s.start, s.end, s.label) for s in self.view.spans]
            if old != [
                (s.id, s.start, s.end, s.label)
                for s in sorted(spans, key=lambda s: (s.start, s.end, s.id))
            ]:
                self.view.set_spans(spans)
                self._on_spans_reloaded()
                changed = True
        self._update_panel()
        self.update_header()
        self.update_status()
        return changed

    def _on_spans_reloaded(self) -> None:
        """The view's spans were replaced wholesale: candidates and suggestions are recomputed."""
        self._start_assist()

    # --- opening --------------------------------------------------------------------------

    def open_article(
        self, cursor: int | None = None, select: tuple[int, int] | None = None
    ) -> None:
        """Open ``ids[index]`` (cleaned text, spans, metadata); ``select`` (code points into the
        cleaned text) opens with that range selected, the cursor on it."""
        if not self.ids:
            self._say("No articles in this list", severity="warning")
            return
        aid = self.ids[self.index]
        try:
            art = self.store.article(aid)
        except StoreError as exc:
            self._say(str(exc), severity="error")
            return
        if art is None:
            self._say(f"Article {aid} no longer exists", severity="warning")
            return
        if cursor is None and select is None and self._search_for is not None:
            from ..core.search_query import first_match

            select = first_match(art.text, self._search_for)
        self.article = art
        self._meta_for = None
        self.raw = False
        self._opened_at = time.monotonic()
        self._how = None
        self._assist.reset()
        spans = self._view_spans(aid)
        if select is not None:
            s, e = max(0, min(select[0], len(art.text))), max(0, min(select[1], len(art.text)))
            select = (s, e) if e > s else None
            cursor = select[0] if select else cursor
        self.view.load(
            art.text,
            lang=art.lang,
            spans=spans,
            colours=self.colours,
            allow_overlap=self.store.allow_overlap,
            cursor=cursor,
        )
        if select is not None:
            self.view.select_range(*select)
            self.view.scroll_cursor_visible(center=True)
        self._update_panel(spans)
        self.update_header()
        self.update_status()

    def update_header(self) -> None:
        art = self.article
        if art is None:
            return
        if self._meta_for != art.id:
            try:
                self._tags = self.store.tags(art.id, own=True)
                self._has_note = bool(self.store.note(art.id, own=True))
            except StoreError:
                self._tags, self._has_note = [], False
            self._meta_for = art.id
        tags, note = self._tags, self._has_note
        self._header.set_article(
            title=art.display_title,
            author=art.author,
            date=art.published,
            publisher=art.publisher,
            lang=art.lang,
            lang_prob=art.lang_prob,
            status=art.status,
            position=self.index + 1,
            total=len(self.ids),
            spans=len(self.view.spans) if not self.raw else len(self.store.spans(art.id, own=True)),
            tags=tags,
            note=note,
            raw=self.raw,
        )

    def _update_panel(self, spans: list[Any] | None = None) -> None:
        panel = self._panel
        if panel.display:
            panel.set_spans(spans if spans is not None else self.view.spans, self.colours)

    def update_status(self) -> None:
        """The status line (``StatusLine.show_view`` builds it)."""
        if self.raw:
            self._status.show_raw()
            return
        v = self.view
        assist = self._assist
        self._status.show_view(
            v,
            self.colours,
            assist.current_suggestion(v),
            self._how == "candidate",
            (assist.open_candidates(), len(v.suggestions)) if assist.ready else None,
        )

    # --- movement -------------------------------------------------------------------------

    #: The text view's movement for each binding's ``what``; the first four take a direction.
    _STEPS: ClassVar[dict[str, str]] = {
        "unit": "move_unit",
        "word": "move_word",
        "line": "move_line",
        "page": "page",
        "paragraph": "move_paragraph",
        "sentence": "move_sentence",
        "home": "move_home",
        "line_end": "move_line_end",
        "start": "move_start",
        "end": "move_end",
    }
    _DIRECTED = frozenset({"unit", "word", "line", "page", "paragraph", "sentence"})

    def action_move(self, what: str, delta: int, extend: bool = False) -> None:
        if not extend:
            self._how = None
        step = getattr(self.view, self._STEPS[what])
        if what in self._DIRECTED:
            step(delta, extend)
        else:
            step(extend)
        self.update_status()

    def action_extend(self, what: str, delta: int) -> None:
        if self.raw:
            return
        self.action_move(what, delta, extend=True)

    def action_left_edge(self, delta: int) -> None:
        """Move the selection's left edge (shift+arrows move its right edge)."""
        if self.raw:
            return
        self._how = None
        self.view.move_left_edge(delta)
        self.update_status()

    def action_char_mode(self) -> None:
        if self.raw:
            return
        on_ = self.view.toggle_char_mode()
        self.update_status()
        self._say("Character mode: arrows move by character" if on_ else "Token mode", timeout=2)

    def action_escape(self) -> None:
        self._how = None
        if self.view.clear_selection():
            self.update_status()
            return
        if self.raw:
            self.action_raw()
            return
        self.app.pop_screen()

    @on(TextView.Changed)
    def _view_changed(self, event: TextView.Changed) -> None:
        self._how = None
        self.update_status()

    @on(TextView.Ready)
    def _view_ready(self, event: TextView.Ready) -> None:
        if not self.raw and event.view is self.view and not self._assist.ready:
            self._start_assist()
        self.update_status()

    # --- annotation -----------------------------------------------------------------------

    def _writable(self) -> bool:
        if self.article is None:
            return False
        if self.raw:
            self._say(
                "The raw input is read-only; press r to return to the cleaned text",
                severity="warning",
            )
            return False
        return self._key_hold().ready()  # another program writing: hold the keys, do not freeze

    def _key_hold(self) -> KeyHold:
        hold = getattr(self, "_hold", None)
        if hold is None or hold.store is not self.store:
            hold = self._hold = KeyHold(self, self.store, self._say)
        return hold

    def _view_spans(self, article_id: int) -> list[ViewSpan]:
        """The article's spans as the view holds them: tuples straight from the rows (5,000
        ``Span`` objects cost ~15 % of opening a long article)."""
        return [ViewSpan(*r) for r in self.store.span_rows(article_id)]

    def _spans_overlapping(self, start: int, end: int) -> list[ViewSpan]:
        return [ViewSpan(*r) for r in self.store.span_rows(self.article_id, start, end)]

    def _resync(self, start: int, end: int) -> None:
        """Make the view's spans over ``[start, end)`` exactly the stored ones."""
        self.view.replace_spans_in(start, end, self._spans_overlapping(start, end))
        self._after_change(own_write=True)

    def _after_change(self, own_write: bool = False) -> None:
        """``own_write``: after one of our own annotation actions (just committed)."""
        self._update_panel()
        if self.article is not None:  # a first tag, or its undo, changes the status (a cheap read)
            try:
                row = self.store.status_and_last_action(self.article.id)
                if row:
                    self.article.status = row[0]
                    if own_write:
                        self._own_action(row[1])
            except StoreError:
                pass
        self.update_header()
        self.update_status()

    def _own_action(self, last_action: int) -> None:
        """Our own action is the only one since the poll last looked: move the poll's mark past
        it, so that the poll does not re-read the whole article for a change already shown (on a
        5,000-span article that is a ~100 ms stall every poll while tagging). Any other writer's
        action in between leaves the mark alone, and the poll re-reads as before."""
        seen = getattr(self, "_seen_version", None)
        if seen is not None and last_action == seen[0] + 1:
            self._seen_version = (last_action, seen[1])

    def action_label(self, n: int) -> None:
        self.action_label_key(str(n))

    def action_label_key(self, key: str) -> None:
        """Tag with the label whose hotkey is ``key`` (a digit, or a letter past nine labels)."""
        label = next((lb for lb in self.labels if lb.hotkey == key), None)
        if label is None:
            self._say(f"No label on key {key}; press l to pick a label", severity="warning")
            return
        self.apply_label(label.name)

    def apply_label(self, label: str) -> None:
        """Tag the selection (or the token under the cursor) with ``label``; relabel a span under it."""
        if not self._writable():
            return
        v = self.view
        sel = v.selection
        assert self.article is not None
        sug = self._assist.current_suggestion(v) if sel is not None else None
        if sug is not None:  # a label key on a selected suggestion accepts it with that label
            self._accept_suggestion(sug, label)
            return
        try:
            if sel is None and (sp := v.span_at_cursor()) is not None:
                keys, seconds = self._cost()
                new = self.store.relabel(sp.id, label)
                rng = (sp.start, sp.end)
                self._assist.forget_dictionary()  # the form's old label lost a count
            else:
                target = sel or v.target()
                if target is None:
                    self._say("Nothing under the cursor to tag", severity="warning")
                    return
                rng = target
                how = self._how if sel is not None and self._how else "typed"
                keys, seconds = self._cost()
                new = self.store.tag(
                    self.article.id, rng[0], rng[1], label, how=how, keys=keys, seconds=seconds
                )
        except StoreError as exc:
            self._say(str(exc), severity="error")
            return
        v.clear_selection()
        self._after_tag([new])
        self._resync(min(rng[0], new.start), max(rng[1], new.end))

    def action_pick_label(self) -> None:
        if not self._writable():
            return

        def done(name: str | None) -> None:
            if name:
                self.apply_label(name)

        self.app.push_screen(LabelPicker(self.store.labels()), done)

    def action_delete_span(self) -> None:
        if not self._writable():
            return
        sp = self.view.span_at_cursor()
        if sp is None:
            sel = self.view.selection
            inside = self.view.spans_in(*sel) if sel else []
            if len(inside) == 1:
                sp = inside[0]
        if sp is None:
            self._say("No span under the cursor", severity="warning")
            return
        try:
            gone = self.store.delete_span(sp.id)
        except StoreError as exc:
            self._say(str(exc), severity="error")
            self.reload_spans()
            return
        self._resync(gone.start, gone.end)
        self._assist.forget_dictionary()  # the form may no longer be tagged anywhere
        self._start_assist()  # what the span covered may be a candidate or a suggestion again

    def reload_spans(self) -> None:
        if self.article is None or self.raw:
            return
        self.view.set_spans(self._view_spans(self.article.id))
        self._after_change()
        self._start_assist()

    def _undo_redo(self, which: str) -> None:
        if not self._key_hold().ready():
            return
        try:
            res = self.store.undo() if which == "undo" else self.store.redo()
        except StoreError as exc:
            self._say(str(exc), severity="error")
            self.reload_spans()
            return
        if res is None:
            self._say(f"Nothing to {which}", severity="information", timeout=2)
            return
        self._assist.forget_dictionary()  # spans came or went: re-read with the next assist
        aid = res.get("article_id")
        kind = res.get("kind")
        verb = "Undid" if which == "undo" else "Redid"
        offset = _ops_offset(res.get("ops") or [])
        if aid is not None and aid != self.article_id:
            if aid in self.ids:
                self.index = self.ids.index(aid)
                self.open_article(cursor=offset)
                self._say(f"{verb} {kind} in article {aid}: opened it")
            else:
                self._say(f"{verb} {kind} in article {aid} (not in this list)")
            return
        if self.raw:
            self.action_raw()
        self.reload_spans()
        if offset is not None:
            self.view.set_cursor(offset)
        self._after_change()
        self._say(f"{verb} {kind}", timeout=2)

    def action_undo(self) -> None:
        self._undo_redo("undo")

    def action_redo(self) -> None:
        self._undo_redo("redo")

    # --- keys and time between actions ----------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Every key pressed in the reader counts towards the next action's cost."""
        if self._key_hold().on_key(event):  # the database is busy: kept for when it clears
            return
        self._keys += 1

    def _cost(self, extra_keys: int = 0) -> tuple[int, float]:
        """The keys pressed and seconds spent since the previous action; starts a new count."""
        keys, self._keys = self._keys + extra_keys, 0
        now = time.monotonic()
        seconds, self._last_action = round(now - self._last_action, 3), now
        return keys, seconds

    # --- articles -------------------------------------------------------------------------

    def action_others(self) -> None:
        """The other annotators' spans on this article, read-only (tui/screens/others.py)."""
        if self.article is None:
            return
        from .others import OthersScreen, others_allowed

        if not others_allowed(self.store):
            self._say(
                "This team annotates blind: others' spans are hidden (newsmark assign --show-others)"
            )
            return
        self.app.push_screen(OthersScreen(self.article.id))

    def action_status(self, status: str) -> None:
        if self.article is None or not self._key_hold().ready():
            return
        try:
            self.store.set_status(self.article.id, status)
        except StoreError as exc:
            self._say(str(exc), severity="error")
            return
        names = {"done": "Done", "skipped": "Skipped", "rejected": "Rejected"}
        title = safe_line(self.article.display_title)[:40]
        self.article.status = status
        if self.index + 1 < len(self.ids):
            self.index += 1
            self.open_article()
            self._say(f"{names.get(status, status)}: {title}", timeout=2)
        else:
            self.update_header()
            self._say(
                f"{names.get(status, status)}: {title}. That was the last article of the list."
            )
            self.app.pop_screen()

    def action_go(self, delta: int) -> None:
        j = self.index + delta
        if not (0 <= j < len(self.ids)):
            self._say("No next article" if delta > 0 else "No previous article", timeout=2)
            return
        self.index = j
        self.open_article()

    # --- raw view, span panel, search box -------------------------------------------------

    def action_raw(self) -> None:
        if self.article is None:
            return
        v = self.view
        if not self.raw:
            self._text_cursor = v.cursor[0]
            self.raw = True
            v.load(
                self.article.raw,
                lang=self.article.lang,
                spans=(),
                colours=self.colours,
                read_only=True,
            )
        else:
            self.raw = False
            spans = self._view_spans(self.article.id)
            v.load(
                self.article.text,
                lang=self.article.lang,
                spans=spans,
                colours=self.colours,
                allow_overlap=self.store.allow_overlap,
                cursor=self._text_cursor,
            )
        self.update_header()
        self.update_status()

    def action_spans(self) -> None:
        panel = self._panel
        if panel.display and panel.has_focus:
            panel.display = False
            self.view.focus()
            return
        if self.raw:
            self.action_raw()
        panel.display = True
        panel.set_spans(self.view.spans, self.colours)
        panel.select_offset(self.view.cursor[0])
        self.call_after_refresh(panel.focus)

    @on(SpanPanel.Jump)
    def _jump(self, event: SpanPanel.Jump) -> None:
        sp = event.span
        self.view.set_cursor(sp.start)
        self.view.scroll_cursor_visible(center=True)
        self.view.focus()
        self.update_status()

    @on(SpanPanel.Closed)
    def _panel_closed(self, event: SpanPanel.Closed) -> None:
        self._panel.display = False
        self.view.focus()

    @on(Input.Changed, "#reader-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search_typed(event.value)

    @on(Input.Submitted, "#reader-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close_search(keep=True)


def _ops_offset(ops: list[dict[str, Any]]) -> int | None:
    """Where an undone/redone action happened in its article (the first span it touched)."""
    for op in ops:
        sp = op.get("span") or op.get("after") or op.get("before")
        if isinstance(sp, dict) and "start" in sp:
            return int(sp["start"])
    return None
