"""The reader: read one article and annotate it from the keyboard.

``ReaderScreen(ids, index)`` shows ``ids[index]`` and walks the list with next/previous, done,
skip and reject. Every annotation goes to the store at once (one committed, undoable action) and
the view is updated from what the store returns or holds, never from what we hoped it did: the
screen never shows a span that is not stored.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any, ClassVar

from rich.style import Style
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, OptionList
from textual.widgets.option_list import Option

from .. import clipboard
from ..store import SPAN_COLUMNS, Article, Span, StoreError
from ..widgets.label_bar import LabelBar
from ..widgets.reader_header import ReaderHeader, StatusLine
from ..widgets.safe import safe_line, safe_text
from ..widgets.span_panel import SpanPanel
from ..widgets.text_view import TextView


def _b(key: str, action: str, desc: str, id: str, show: bool = False, **kw: Any) -> Binding:
    return Binding(key, action, desc, show=show, id=f"reader.{id}", **kw)


class SearchInput(Input):
    """The ``/`` search box: typing selects the next match, up/down step, enter keeps, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,ctrl+n", "step(1)", "Next match", id="reader.search_next"),
        Binding("up,ctrl+p", "step(-1)", "Previous match", id="reader.search_prev"),
        Binding("escape", "cancel", "Cancel search", id="reader.search_cancel"),
    ]

    def action_step(self, delta: int) -> None:
        self.screen.search_step(delta)  # type: ignore[attr-defined]

    def action_cancel(self) -> None:
        self.screen.close_search(keep=False)  # type: ignore[attr-defined]


class PromptScreen(ModalScreen[str | None]):
    """One line of input (tags, note, language); enter accepts, escape cancels."""

    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > Vertical { width: 70; height: auto; border: thick $primary; background: $surface; padding: 1 2; }
    PromptScreen Label { width: 1fr; margin-bottom: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, markup=False)
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class LabelPicker(ModalScreen[str | None]):
    """Every label in a list filtered by typing; enter tags with the highlighted one."""

    DEFAULT_CSS = """
    LabelPicker { align: center middle; }
    LabelPicker > Vertical { width: 50; height: auto; max-height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
    LabelPicker OptionList { height: auto; max-height: 16; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Up", show=False, id="picker.up"),
    ]

    def __init__(self, labels: list[Any]) -> None:
        super().__init__()
        self.labels = labels

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Label: type to filter, enter to tag", markup=False)
            yield Input(placeholder="filter", id="picker-filter")
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, q: str) -> None:
        ol = self.query_one(OptionList)
        ol.clear_options()
        ql = q.strip().lower()
        for lb in self.labels:
            if ql and ql not in lb.name.lower() and ql not in (lb.description or "").lower():
                continue
            from rich.text import Text

            t = Text()
            t.append(f" {lb.hotkey or ' '} ", Style(bold=True))
            try:
                t.append(f" {safe_line(lb.name)} ", Style(bgcolor=lb.colour, color="#000000"))
            except Exception:
                t.append(f" {safe_line(lb.name)} ")
            if lb.description:
                t.append(f"  {safe_line(lb.description)}", Style(dim=True))
            ol.add_option(Option(t, id=lb.name))
        if ol.option_count:
            ol.highlighted = 0

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-filter")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        ol = self.query_one(OptionList)
        if ol.highlighted is not None and ol.option_count:
            self.dismiss(ol.get_option_at_index(ol.highlighted).id)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, delta: int) -> None:
        ol = self.query_one(OptionList)
        if not ol.option_count:
            return
        cur = ol.highlighted or 0
        ol.highlighted = max(0, min(ol.option_count - 1, cur + delta))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReaderScreen(Screen[None]):
    """The annotator for ``ids[index]``, walking ``ids``."""

    CSS_PATH = "reader.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        # movement
        _b("right", "move('unit', 1)", "Next token", "next_token"),
        _b("left", "move('unit', -1)", "Previous token", "prev_token"),
        _b("ctrl+right,w", "move('word', 1)", "Next word", "next_word"),
        _b("ctrl+left,b", "move('word', -1)", "Previous word", "prev_word"),
        _b("down,j", "move('line', 1)", "Next line", "next_line"),
        _b("up,k", "move('line', -1)", "Previous line", "prev_line"),
        _b("pagedown", "move('page', 1)", "Page down", "page_down"),
        _b("pageup", "move('page', -1)", "Page up", "page_up"),
        _b("right_curly_bracket,ctrl+down", "move('paragraph', 1)", "Next paragraph", "next_paragraph"),
        _b("left_curly_bracket,ctrl+up", "move('paragraph', -1)", "Previous paragraph", "prev_paragraph"),
        _b("right_parenthesis", "move('sentence', 1)", "Next sentence", "next_sentence"),
        _b("left_parenthesis", "move('sentence', -1)", "Previous sentence", "prev_sentence"),
        _b("home", "move('home', 0)", "Line start", "line_start"),
        _b("end", "move('line_end', 0)", "Line end", "line_end"),
        _b("g,ctrl+home", "move('start', 0)", "Article start", "start"),
        _b("G,ctrl+end", "move('end', 0)", "Article end", "end"),
        # selection
        _b("shift+right", "extend('unit', 1)", "Extend selection", "extend_right"),
        _b("shift+left", "extend('unit', -1)", "Shrink selection", "extend_left"),
        _b("shift+down", "extend('line', 1)", "Extend a line down", "extend_down"),
        _b("shift+up", "extend('line', -1)", "Extend a line up", "extend_up"),
        _b("ctrl+shift+right", "extend('word', 1)", "Extend by word", "extend_word"),
        _b("ctrl+shift+left", "extend('word', -1)", "Shrink by word", "shrink_word"),
        _b("shift+end", "extend('line_end', 0)", "Extend to line end", "extend_line_end"),
        _b("shift+home", "extend('home', 0)", "Extend to line start", "extend_line_start"),
        _b("c", "char_mode", "Char mode", "char_mode"),
        _b("slash", "search", "Search", "search", show=True),
        _b("escape", "escape", "Clear / back", "escape"),
        # annotation
        *[_b(str(n), f"label({n})", f"Tag with label {n}", f"label_{n}") for n in range(1, 10)],
        _b("l", "pick_label", "Labels", "pick_label", show=True),
        _b("d,x,delete", "delete_span", "Delete span", "delete_span"),
        _b("u,ctrl+z", "undo", "Undo", "undo", show=True),
        _b("ctrl+r,ctrl+y", "redo", "Redo", "redo"),
        # article
        _b("a", "status('done')", "Done", "done", show=True),
        _b("K", "status('skipped')", "Skip", "skip"),
        _b("X", "status('rejected')", "Reject", "reject"),
        _b("n", "go(1)", "Next article", "next_article"),
        _b("p", "go(-1)", "Previous article", "prev_article"),
        _b("y", "copy", "Copy", "copy"),
        _b("Y", "copy_record", "Copy record", "copy_record"),
        _b("t", "tags", "Tags", "tags"),
        _b("m", "note", "Note", "note"),
        _b("L", "language", "Language", "language"),
        _b("r", "raw", "Raw", "raw", show=True),
        _b("s", "spans", "Spans", "spans", show=True),
    ]

    def __init__(self, ids: list[int], index: int = 0) -> None:
        super().__init__()
        self.ids = list(ids)
        self.index = max(0, min(index, len(self.ids) - 1)) if self.ids else 0
        self.article: Article | None = None
        self.raw = False
        self.labels: list[Any] = []
        self.colours: dict[str, str] = {}
        self._text_cursor = 0  # where the cursor was in the cleaned text while the raw view shows
        self._search_origin: tuple[int, int] | None = None
        self._search_saved: tuple[tuple[int, int], tuple[int, int] | None] | None = None
        self._opened_at = time.monotonic()
        self._keys = 0
        self._tags: list[str] = []
        self._has_note = False
        self._meta_for: int | None = None  # the article whose tags and note are in _tags/_has_note

    def _say(self, message: str, *, severity: str = "information", timeout: float | None = None) -> None:
        """A notification that may quote data: control characters removed, never markup."""
        self.app.notify(safe_text(message), severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield ReaderHeader(id="reader-header")
        with Horizontal(id="reader-body"):
            yield TextView(id="reader-text")
            yield SpanPanel(id="reader-spans")
        yield LabelBar(id="reader-labels")
        yield StatusLine(id="reader-status")
        yield SearchInput(placeholder="search: type to select the next match, enter keeps it, escape cancels",
                          id="reader-search")
        yield Footer()

    @property
    def store(self) -> Any:
        return self.app.store  # type: ignore[attr-defined]

    @property
    def view(self) -> TextView:
        return self.query_one(TextView)

    @property
    def article_id(self) -> int | None:
        return self.article.id if self.article else None

    def on_mount(self) -> None:
        self.query_one(SpanPanel).display = False
        self.query_one(SearchInput).display = False
        self.load_labels()
        self.open_article()
        self.view.focus()

    def on_screen_resume(self) -> None:
        # Labels may have been edited on another screen.
        if self.article is not None:
            self.load_labels()
            self.view.set_colours(self.colours)

    def load_labels(self) -> None:
        self.labels = self.store.labels()
        self.colours = {lb.name: lb.colour for lb in self.labels}
        self.query_one(LabelBar).set_labels(self.labels)

    # --- opening --------------------------------------------------------------------------

    def open_article(self, cursor: int | None = None) -> None:
        """Open ``ids[index]`` (cleaned text, spans, metadata)."""
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
        self.article = art
        self._meta_for = None
        self.raw = False
        self._opened_at = time.monotonic()
        self._keys = 0
        spans = self.store.spans(aid)
        self.view.load(art.text, lang=art.lang, spans=spans, colours=self.colours,
                       allow_overlap=self.store.allow_overlap, cursor=cursor)
        self._update_panel(spans)
        self.update_header()
        self.update_status()

    def update_header(self) -> None:
        art = self.article
        if art is None:
            return
        if self._meta_for != art.id:
            try:
                self._tags = self.store.tags(art.id)
                self._has_note = bool(self.store.note(art.id))
            except StoreError:
                self._tags, self._has_note = [], False
            self._meta_for = art.id
        tags, note = self._tags, self._has_note
        self.query_one(ReaderHeader).set_article(
            title=art.display_title, author=art.author, date=art.published, publisher=art.publisher,
            lang=art.lang, lang_prob=art.lang_prob, status=art.status, position=self.index + 1,
            total=len(self.ids), spans=len(self.view.spans) if not self.raw else len(self.store.spans(art.id)),
            tags=tags, note=note, raw=self.raw,
        )

    def _update_panel(self, spans: list[Any] | None = None) -> None:
        panel = self.query_one(SpanPanel)
        if panel.display:
            panel.set_spans(spans if spans is not None else self.view.spans, self.colours)

    def update_status(self) -> None:
        v = self.view
        dim = Style(dim=True)
        bold = Style(bold=True)
        parts: list[tuple[str, Style]] = []
        if self.raw:
            parts.append((" RAW ", Style(reverse=True, bold=True)))
            parts.append(("  raw input, read-only; r returns to the cleaned text", dim))
            self.query_one(StatusLine).set_parts(parts)
            return
        parts.append((" CHAR " if v.char_mode else " TOKEN ", Style(reverse=True, bold=True)))
        if not v.ready:
            parts.append(("  laying out…", dim))
        sel = v.selection
        if sel is not None:
            s, e = sel
            txt = safe_line(v.text[s:e])
            if len(txt) > 40:
                txt = txt[:39] + "…"
            parts.append(("  selection ", dim))
            parts.append((f"«{txt}»", bold))
            parts.append((f" [{s}, {e})", dim))
        sp = v.span_at_cursor()
        if sp is not None:
            colour = self.colours.get(sp.label, "#888888")
            parts.append(("  on ", dim))
            try:
                parts.append((f" {safe_line(sp.label)} ", Style(bgcolor=colour, color="#000000", bold=True)))
            except Exception:
                parts.append((safe_line(sp.label), bold))
            t = safe_line(sp.text)
            parts.append((f" «{t[:40]}{'…' if len(t) > 40 else ''}»", Style()))
        elif sel is None:
            cs, ce = v.cursor
            parts.append(("  ", dim))
            parts.append((f"«{safe_line(v.text[cs:ce])[:30]}»", Style()))
            parts.append((f" @{cs}", dim))
        self.query_one(StatusLine).set_parts(parts)

    # --- movement -------------------------------------------------------------------------

    def action_move(self, what: str, delta: int, extend: bool = False) -> None:
        v = self.view
        self._keys += 1
        if what == "unit":
            v.move_unit(delta, extend)
        elif what == "word":
            v.move_word(delta, extend)
        elif what == "line":
            v.move_line(delta, extend)
        elif what == "page":
            v.page(delta, extend)
        elif what == "paragraph":
            v.move_paragraph(delta, extend)
        elif what == "sentence":
            v.move_sentence(delta, extend)
        elif what == "home":
            v.move_home(extend)
        elif what == "line_end":
            v.move_line_end(extend)
        elif what == "start":
            v.move_start(extend)
        elif what == "end":
            v.move_end(extend)
        self.update_status()

    def action_extend(self, what: str, delta: int) -> None:
        if self.raw:
            return
        self.action_move(what, delta, extend=True)

    def action_char_mode(self) -> None:
        if self.raw:
            return
        on_ = self.view.toggle_char_mode()
        self.update_status()
        self._say("Character mode: arrows move by character" if on_ else "Token mode", timeout=2)

    def action_escape(self) -> None:
        if self.view.clear_selection():
            self.update_status()
            return
        if self.raw:
            self.action_raw()
            return
        self.app.pop_screen()

    @on(TextView.Changed)
    def _view_changed(self, event: TextView.Changed) -> None:
        self.update_status()

    @on(TextView.Ready)
    def _view_ready(self, event: TextView.Ready) -> None:
        self.update_status()

    # --- annotation -----------------------------------------------------------------------

    def _writable(self) -> bool:
        if self.article is None:
            return False
        if self.raw:
            self._say("The raw input is read-only; press r to return to the cleaned text",
                        severity="warning")
            return False
        return True

    def _spans_overlapping(self, start: int, end: int) -> list[Span]:
        rows = self.store.execute(
            f'SELECT {SPAN_COLUMNS} FROM spans WHERE article_id = ? AND start < ? AND "end" > ?'
            ' ORDER BY start, "end", id',
            (self.article_id, end, start),
        ).fetchall()
        return [Span(*r) for r in rows]

    def _resync(self, start: int, end: int) -> None:
        """Make the view's spans over ``[start, end)`` exactly the stored ones."""
        self.view.replace_spans_in(start, end, self._spans_overlapping(start, end))
        self._after_change()

    def _after_change(self) -> None:
        self._update_panel()
        if self.article is not None and self.article.status == "new":  # a first tag makes it in_progress
            try:
                row = self.store.execute("SELECT status FROM articles WHERE id = ?", (self.article.id,)).fetchone()
                if row:
                    self.article.status = row[0]
            except StoreError:
                pass
        self.update_header()
        self.update_status()

    def action_label(self, n: int) -> None:
        key = str(n)
        label = next((lb for lb in self.labels if lb.hotkey == key), None)
        if label is None:
            self._say(f"No label on key {n}; press l to pick a label", severity="warning")
            return
        self.apply_label(label.name)

    def apply_label(self, label: str) -> None:
        """Tag the selection (or the token under the cursor) with ``label``; relabel a span under it."""
        if not self._writable():
            return
        v = self.view
        sel = v.selection
        assert self.article is not None
        seconds = round(time.monotonic() - self._opened_at, 3)
        try:
            if sel is None and (sp := v.span_at_cursor()) is not None:
                new = self.store.relabel(sp.id, label)
                rng = (sp.start, sp.end)
            else:
                rng = sel or v.target()
                if rng is None:
                    self._say("Nothing under the cursor to tag", severity="warning")
                    return
                new = self.store.tag(self.article.id, rng[0], rng[1], label, keys=self._keys + 1,
                                     seconds=seconds)
        except StoreError as exc:
            self._say(str(exc), severity="error")
            return
        self._keys = 0
        v.clear_selection()
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

    def reload_spans(self) -> None:
        if self.article is None or self.raw:
            return
        self.view.set_spans(self.store.spans(self.article.id))
        self._after_change()

    def _undo_redo(self, which: str) -> None:
        try:
            res = self.store.undo() if which == "undo" else self.store.redo()
        except StoreError as exc:
            self._say(str(exc), severity="error")
            self.reload_spans()
            return
        if res is None:
            self._say(f"Nothing to {which}", severity="information", timeout=2)
            return
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
            self.update_status()
        self._say(f"{verb} {kind}", timeout=2)

    def action_undo(self) -> None:
        self._undo_redo("undo")

    def action_redo(self) -> None:
        self._undo_redo("redo")

    # --- articles -------------------------------------------------------------------------

    def action_status(self, status: str) -> None:
        if self.article is None:
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
            self._say(f"{names.get(status, status)}: {title}. That was the last article of the list.")
            self.app.pop_screen()

    def action_go(self, delta: int) -> None:
        j = self.index + delta
        if not (0 <= j < len(self.ids)):
            self._say("No next article" if delta > 0 else "No previous article", timeout=2)
            return
        self.index = j
        self.open_article()

    # --- clipboard ------------------------------------------------------------------------

    def _copy(self, text: str, what: str) -> None:
        ok, msg = clipboard.copy(self.app, text, what=what)
        self._say(msg, severity="information" if ok else "error", timeout=3)

    def action_copy(self) -> None:
        v = self.view
        sel = v.selection
        if sel is not None:
            self._copy(v.text[sel[0]:sel[1]], "the selection")
            return
        sp = v.span_at_cursor()
        if sp is not None:
            self._copy(sp.text, f"the {sp.label} span")
            return
        cs, ce = v.cursor
        if ce > cs:
            self._copy(v.text[cs:ce], "the token")

    def action_copy_record(self) -> None:
        if self.article is None:
            return
        from ..export import build_record

        try:
            art = self.store.article(self.article.id)
            rec = build_record(art, self.store.spans(art.id), self.store.tags(art.id), self.store.note(art.id))
        except StoreError as exc:
            self._say(str(exc), severity="error")
            return
        self._copy(json.dumps(rec, ensure_ascii=False), "the export record")

    # --- tags, note, language -------------------------------------------------------------

    def action_tags(self) -> None:
        if self.article is None:
            return
        aid = self.article.id

        def done(value: str | None) -> None:
            if value is None:
                return
            try:
                self.store.set_tags(aid, [t for t in re.split(r"[,;]", value)])
            except StoreError as exc:
                self._say(str(exc), severity="error")
                return
            self._meta_for = None
            self.update_header()
            self._say("Tags saved", timeout=2)

        current = ", ".join(self.store.tags(aid))
        self.app.push_screen(PromptScreen("Tags for this article (comma-separated)", current,
                                          "e.g. politics, check-later"), done)

    def action_note(self) -> None:
        if self.article is None:
            return
        aid = self.article.id

        def done(value: str | None) -> None:
            if value is None:
                return
            try:
                self.store.set_note(aid, value)
            except StoreError as exc:
                self._say(str(exc), severity="error")
                return
            self._meta_for = None
            self.update_header()
            self._say("Note saved" if value.strip() else "Note removed", timeout=2)

        self.app.push_screen(PromptScreen("Note on this article (empty removes it)",
                                          self.store.note(aid)), done)

    def action_language(self) -> None:
        if self.article is None:
            return
        aid = self.article.id

        def done(value: str | None) -> None:
            if not value or not value.strip():
                return
            lang = value.strip().lower()
            if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})?", lang):
                self._say(f"{lang!r} is not a language code (e.g. en, fr, pt-br)", severity="error")
                return
            try:
                self.store.set_language(aid, lang)
            except StoreError as exc:
                self._say(str(exc), severity="error")
                return
            if self.article is not None and self.article.id == aid:
                self.article.lang, self.article.lang_prob = lang, 1.0
            self.update_header()
            self._say(f"Language set to {lang}", timeout=2)

        self.app.push_screen(PromptScreen("Language of this article (ISO code)", self.article.lang or ""), done)

    # --- raw view, span panel, search -----------------------------------------------------

    def action_raw(self) -> None:
        if self.article is None:
            return
        v = self.view
        if not self.raw:
            self._text_cursor = v.cursor[0]
            self.raw = True
            v.load(self.article.raw, lang=self.article.lang, spans=(), colours=self.colours, read_only=True)
        else:
            self.raw = False
            spans = self.store.spans(self.article.id)
            v.load(self.article.text, lang=self.article.lang, spans=spans, colours=self.colours,
                   allow_overlap=self.store.allow_overlap, cursor=self._text_cursor)
        self.update_header()
        self.update_status()

    def action_spans(self) -> None:
        panel = self.query_one(SpanPanel)
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
        self.query_one(SpanPanel).display = False
        self.view.focus()

    def action_search(self) -> None:
        if self.article is None:
            return
        inp = self.query_one(SearchInput)
        v = self.view
        self._search_saved = (v.cursor, v.anchor)
        self._search_origin = (v.selection or v.cursor)
        inp.value = ""
        inp.display = True
        inp.focus()

    def _find(self, query: str, start: int, backward: bool = False) -> re.Match[str] | None:
        if not query:
            return None
        pat = re.compile(re.escape(query), re.IGNORECASE)
        text = self.view.text
        if not backward:
            m = pat.search(text, start)
            return m or pat.search(text, 0)
        last = None
        for m in pat.finditer(text, 0, max(0, start)):
            last = m
        if last is None:
            for m in pat.finditer(text):
                last = m
        return last

    @on(Input.Changed, "#reader-search")
    def _search_changed(self, event: Input.Changed) -> None:
        origin = self._search_origin[0] if self._search_origin else 0
        self._search_select(self._find(event.value, origin), event.value)

    def _search_select(self, m: re.Match[str] | None, query: str) -> None:
        v = self.view
        if m is None:
            if query and self._search_saved:
                v.cursor, v.anchor = self._search_saved
                v.refresh()
            self.query_one(StatusLine).set_parts([
                (" SEARCH ", Style(reverse=True, bold=True)),
                (f"  no match for «{safe_line(query)}»" if query else "  type to search", Style(dim=True)),
            ])
            return
        if m.end() <= m.start():
            return
        v.select_range(m.start(), m.end())
        v.scroll_cursor_visible(center=True)
        self.update_status()

    def search_step(self, delta: int) -> None:
        q = self.query_one(SearchInput).value
        sel = self.view.selection
        if delta > 0:
            start = sel[0] + 1 if sel else self.view.cursor[1]
            m = self._find(q, start)
        else:
            m = self._find(q, sel[0] if sel else self.view.cursor[0], backward=True)
        self._search_select(m, q)

    @on(Input.Submitted, "#reader-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close_search(keep=True)

    def close_search(self, keep: bool) -> None:
        inp = self.query_one(SearchInput)
        inp.display = False
        v = self.view
        if not keep and self._search_saved is not None:
            old = v.selection or v.cursor
            v.cursor, v.anchor = self._search_saved
            v._after_move(old)
        self._search_saved = None
        v.focus()
        self.update_status()
        if keep and v.selection:
            self._say("Match selected: press a label key (1-9, l) to tag it", timeout=3)


def _ops_offset(ops: list[dict[str, Any]]) -> int | None:
    """Where an undone/redone action happened in its article (the first span it touched)."""
    for op in ops:
        sp = op.get("span") or op.get("after") or op.get("before")
        if isinstance(sp, dict) and "start" in sp:
            return int(sp["start"])
    return None
