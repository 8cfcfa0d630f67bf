"""The library: the article list, a preview of the cursor's article, search, filters, import, export.

The id array is loaded in a thread worker (each worker opens its own ``Store``); rows are paged
from SQLite by the list as they scroll into view. A timer polls ``Store.data_version()`` and
reloads when another process (another newsmark, the CLI) changed the database.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from ..core.query import ArticleQuery
from ..core.records import STATUS_NAMES
from ..core.store import Store, StoreError
from ..widgets.article_list import ArticleList, row_source, row_title
from ..widgets.fit import fit_cells
from ..widgets.safe import safe_line, safe_text
from .filters import ORDERS, describe

if TYPE_CHECKING:
    from textual import getters

    from ..app import NewsmarkApp
    from .dialogs import ExportRequest

POLL_SECONDS = 1.5
PREVIEW_CHARS = 1200
#: Ids shown at once (a LIMIT query) while the full id array loads in a thread.
FIRST_PAGE = 200
#: The preview follows the cursor after this pause (seconds), so holding a key moves only the list.
PREVIEW_DELAY = 0.05


class Preview(Static):
    """Metadata and the first lines of the cursor's article."""


def _min_lines(line: str, width: int) -> int:
    """The fewest rows ``line`` can wrap to at ``width`` cells: wrapping drops spaces at the
    breaks but never anything else, so the cells of the rest need at least this many rows."""
    cells = cell_len(line.replace(" ", ""))
    return max(1, -(-cells // width))


def _visible_paragraphs(body: str, head: list[str], width: int, height: int) -> str:
    """The paragraphs of ``body`` that can start within ``height`` rows, after the ``head``
    lines: those after them would start below the preview, so they are never drawn (wrapping
    them costs more than the rest of a cursor move). The paragraphs kept are whole, so they wrap
    exactly as before."""
    used = sum(_min_lines(ln, width) for ln in head)
    kept: list[str] = []
    for para in body.split("\n"):
        if used >= height:
            break
        kept.append(para)
        used += _min_lines(para, width)
    return "\n".join(kept)


class LibraryScreen(Screen):
    """The article list. ``enter`` opens the reader on the listed articles."""

    if TYPE_CHECKING:  # typed access to the app's own attributes; at run time, Textual's property
        app = getters.app(NewsmarkApp)

    # Its styles (library.tcss) are part of the app's CSS_PATH.
    AUTO_FOCUS = "ArticleList"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="library.search"),
        Binding("f", "filters", "Filter", id="library.filters"),
        Binding("o", "cycle_order", "Sort", id="library.sort"),
        Binding("s", "cycle_status", "Status", show=False, id="library.status"),
        Binding("c", "clear_filters", "Clear", show=False, id="library.clear"),
        Binding("i", "import", "Import", id="library.import"),
        Binding("x", "export", "Export", id="library.export"),
        Binding("exclamation_mark", "lint", "Lint", show=False, key_display="!", id="library.lint"),
        Binding("L", "app.labels", "Labels", show=False, id="library.labels"),
        Binding("S", "app.stats", "Stats", show=False, id="library.stats"),
        Binding("r", "reload", "Reload", show=False, id="library.reload"),
        Binding("q", "app.quit", "Quit", id="library.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters = ArticleQuery()
        self._version: tuple[int, int] | None = None
        self._loading = False
        self._busy: str | None = None
        self._total = 0
        self._preview_id: int | None = None
        self._preview_wanted: int | None = None
        self._preview_timer: Timer | None = None
        self._preview_at = 0.0  # time.monotonic() of the last preview shown
        self._reader: Screen | None = None

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="library-title")
        # The search box (#search) is mounted by the first search: one widget less to start with.
        # Kept: the cursor's path (preview) uses them on every key, without a DOM query.
        self._list = ArticleList(id="articles")
        self._preview = Preview(id="preview")
        with Horizontal(id="library-body"):
            yield self._list
            yield self._preview
        yield Horizontal(id="job")  # its label and bar are mounted by the first job
        yield Footer(compact=True)

    def on_mount(self) -> None:
        lst = self.query_one(ArticleList)
        lst.set_fetcher(lambda ids: self.app.store.summaries(ids))
        lst.on_highlight = self._highlighted
        lst.post_highlighted = False  # the preview follows through on_highlight, not the message
        self._set_wide(self.app.size.width)
        self._update_title()
        self.reload()
        self.set_interval(POLL_SECONDS, self._poll, name="data-version-poll")

    def on_resize(self) -> None:
        self._set_wide(self.size.width)

    def _set_wide(self, width: int) -> None:
        self.set_class(width >= 140, "-wide")

    _shown = False  # set by the first ScreenResume (the screen appearing at all)

    def on_screen_resume(self) -> None:
        first, self._shown = not self._shown, True
        if first or not self.is_mounted:
            return  # shown for the first time: on_mount started the load (a second one doubled it)
        if not self.query_one(ArticleList).loaded:
            return  # the first load (from on_mount) is still running
        keep = None
        reader, self._reader = self._reader, None
        if reader is not None:
            # Back from the reader: put the cursor on the article it was showing.
            ids, index = getattr(reader, "ids", None), getattr(reader, "index", None)
            if isinstance(ids, list) and isinstance(index, int) and 0 <= index < len(ids):
                keep = ids[index]
        self.query_one(ArticleList).invalidate()
        self.reload(keep=keep)
        if keep is not None:
            self._show_preview(keep)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    # --- loading --------------------------------------------------------------------------

    def reload(self, *, keep: int | None = None, reset_cursor: bool = False) -> None:
        """Reload the id array for the current filters (in a thread), keeping the cursor's article."""
        lst = self.query_one(ArticleList)
        if keep is None and not reset_cursor:
            keep = lst.current_id
        self._cursor_at_reload = lst.current_id
        self._loading = True
        self._partial = False  # a newer request: no first page of an older one is pending
        filters = self.filters
        starting = not lst.loaded
        if (starting or reset_cursor) and self._first_page(filters, keep, reset_cursor):
            return
        if starting:  # the first page is on screen: let it be drawn before the thread competes
            self.call_after_refresh(self._load_ids, filters, keep, reset_cursor)
        else:
            self._load_ids(filters, keep, reset_cursor)

    def _first_page(self, filters: ArticleQuery, keep: int | None, reset_cursor: bool) -> bool:
        """Show the first ``FIRST_PAGE`` ids at once (a ``LIMIT`` query on the main thread) when
        that is cheap: id order and no filter but the search (the FTS index alone). Returns True
        when the page was the whole list (nothing left to load)."""
        if filters.order != "id" or filters.status or filters.lang or filters.has_label:
            return False
        store = self.app.store
        if _has_queue(store):
            return False  # the annotator's queue comes first: the worker orders the ids
        try:
            ids = store.article_ids(filters, limit=FIRST_PAGE)
            if len(ids) < FIRST_PAGE:  # the whole list: no worker needed
                version = store.data_version()
                total = store.article_count() if filters.search else len(ids)
                self._apply_ids(filters, ids, keep, reset_cursor, version, total)
                return True
        except StoreError as exc:
            self._load_failed(filters, str(exc))
            return True
        self._apply_ids(filters, ids, keep, reset_cursor, None, None)
        return False

    @work(thread=True, exclusive=True, group="load-ids")
    def _load_ids(self, filters: ArticleQuery, keep: int | None, reset_cursor: bool) -> None:
        worker = get_current_worker()
        try:
            with Store(self.app.db_path) as store:
                version = store.data_version()
                ids = store.article_ids(filters)
                if filters.order == "id" and _has_queue(store):
                    from ..core.assign import queue_first

                    ids = queue_first(store, ids)  # a team member's assigned articles first
                total = store.article_count()
        except StoreError as exc:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._load_failed, filters, str(exc))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(
                self._apply_ids, filters, ids, keep, reset_cursor, version, total
            )

    def _load_failed(self, filters: ArticleQuery, message: str) -> None:
        self._loading = False
        self._partial = False
        self.app.say(message, severity="error")
        if filters is self.filters and filters.search:
            # A refused search: the list shows no article under the new text (never the previous
            # results), and says why where the articles would be.
            lst = self.query_one(ArticleList)
            lst.empty_message = message
            lst.set_ids([], keep=None)
            self._show_preview(None)
        self._update_title()

    _previous_search: str | None = None
    _partial = False  # the list shows only the first page; the full array is loading
    _cursor_at_reload: int | None = None  # where the cursor was when the last reload was asked

    def _apply_ids(
        self,
        filters: ArticleQuery,
        ids: list[int],
        keep: int | None,
        reset_cursor: bool,
        version: tuple[int, int] | None,
        total: int | None,
    ) -> None:
        """Show ``ids``; ``version`` None: only the first page, the full array follows."""
        if filters is not self.filters:
            return  # superseded by a newer request
        lst = self.query_one(ArticleList)
        partial = version is None
        swap = not partial and self._partial  # the full array after its first page
        self._partial = partial
        if swap or (not reset_cursor and lst.current_id != self._cursor_at_reload):
            keep, reset_cursor = lst.current_id, False  # where the user moved meanwhile
        if not partial:
            self._loading = False
            self._version = version
            self._total = total or 0
        self._previous_search = filters.search
        if not ids:
            lst.empty_message = (
                "No article matches; press c to clear the filters."
                if filters.active
                else "No articles yet; press i to import files or folders."
            )
        before = lst.current_id
        lst.set_ids(ids, keep=None if reset_cursor else keep, clear_cache=not swap)
        self._update_title()
        if not swap or lst.current_id != before:
            self._show_preview(lst.current_id)

    def _poll(self) -> None:
        if self.app.screen is not self or self._loading or self._busy:
            return
        try:
            version = self.app.store.data_version()
        except StoreError:
            return
        if self._version is not None and version != self._version:
            self.query_one(ArticleList).invalidate()
            self.reload()

    def _show_annotator(self) -> bool:
        """Name who is working when it matters: named on the command line, or a team database."""
        shown = getattr(self, "_annotator_shown", None)
        if shown is None:
            from ..core.team import is_team_store

            store = self.app.store
            shown = bool(getattr(store, "annotator_named", False)) or is_team_store(store)
            self._annotator_shown = shown
        return shown

    def _update_title(self) -> None:
        lst = self.query_one(ArticleList)
        n = len(lst.ids)
        t = Text()
        t.append(" newsmark ", style="bold")
        t.append(safe_line(Path(self.app.db_path).name), style="dim")
        if self._show_annotator():
            t.append("  as ", style="dim")
            t.append(safe_line(self.app.store.annotator), style="bold")
        t.append("  ")
        if not lst.loaded:
            t.append("loading…")
        elif self._partial:
            t.append(f"{n:,}+ articles", style="bold")
            t.append(" (counting…)", style="dim")
        elif self.filters.active:
            t.append(f"{n:,} of {self._total:,} articles", style="bold")
        else:
            t.append(f"{n:,} article{'s' if n != 1 else ''}", style="bold")
        desc = describe(self.filters)
        if desc:
            t.append("  " + desc)
        t.append(f"  sorted by {ORDERS.get(self.filters.order, self.filters.order)}", style="dim")
        self.query_one("#library-title", Static).update(t)

    # --- preview --------------------------------------------------------------------------

    def _highlighted(self, article_id: int | None) -> None:
        """The list's cursor moved (``ArticleList.on_highlight``, so in the list's frame).

        Debounced: a key after a pause shows its preview at once, in the same frame as the list;
        within a burst (a held key) only the list moves, and the preview follows PREVIEW_DELAY
        after the last key. The latest article wins."""
        self._preview_wanted = article_id
        if self._preview_timer is None and time.monotonic() - self._preview_at >= PREVIEW_DELAY:
            self._show_preview(article_id)
            return
        if self._preview_timer is None:
            self._preview_timer = self.set_timer(PREVIEW_DELAY, self._preview_due, name="preview")
        else:
            self._preview_timer.reset()

    def _preview_due(self) -> None:
        self._preview_timer = None
        if self._preview_wanted != self._preview_id:
            self._show_preview(self._preview_wanted)

    def _show_preview(self, article_id: int | None) -> None:
        preview = self._preview
        self._preview_id = self._preview_wanted = article_id
        self._preview_at = time.monotonic()
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        if article_id is None:
            preview.update(Text(""), layout=False)
            return
        row = self._list.row(article_id) or {}
        try:
            extra = self.app.store.preview_row(article_id, PREVIEW_CHARS)
        except StoreError:
            extra = None
        # The preview has a fixed size (library.tcss): no layout pass, only its region repaints.
        preview.update(self._preview_text(article_id, row, extra), layout=False)

    def _preview_text(self, article_id: int, row: dict[str, Any], extra: tuple | None) -> Text:
        t = Text(no_wrap=False, overflow="fold")
        # At most two lines of title: a very long one (a scraped lede) leaves room for the text.
        w = self._preview.content_size.width
        title = row_title(row) if row else f"(article {article_id})"
        t.append(fit_cells(title, 2 * w - 2 if w > 0 else 160), style="bold")
        t.append("\n")
        status = row.get("status") or "new"
        meta = [f"#{article_id}", STATUS_NAMES.get(status, status)]
        if row.get("lang"):
            prob = extra[4] if extra and extra[4] is not None else None
            meta.append(
                safe_line(row["lang"])
                + (f" {prob:.0%}" if prob is not None and prob < 0.995 else "")
            )
        n = int(row.get("spans") or 0)
        meta.append(f"{n} span{'s' if n != 1 else ''}")
        if row.get("published"):
            meta.append(safe_line(row["published"])[:10])
        t.append(" · ".join(meta), style="dim")
        t.append("\n")
        src = row_source(row)
        author = safe_line(extra[1]) if extra and extra[1] else ""
        if author or src:
            t.append(" · ".join(x for x in (author, src) if x), style="italic")
            t.append("\n")
        if extra and extra[2] and "://" in str(extra[2]):
            t.append(safe_line(extra[2]), style="dim underline")
            t.append("\n")
        t.append("\n")
        if self.filters.search:
            self._append_match(t, article_id)
        body = safe_text(extra[0] if extra else (row.get("head") or ""))
        lines = [ln.strip() for ln in body.split("\n")]
        body = "\n".join(ln for ln in lines if ln)
        # No more than fits: wrapping text that is never shown costs more than the rest.
        w, h = self._preview.content_size
        if w > 0 and h > 0:
            body = _visible_paragraphs(body[: w * h], t.plain.split("\n")[:-1], w, h)
        t.append(body)
        return t

    def _append_match(self, t: Text, article_id: int) -> None:
        """The search's first match in the article: one line around it, the match highlighted."""
        try:
            hit = self.app.store.search_hits(
                [article_id], self.filters.search or "", width=160
            ).get(article_id)
        except StoreError:
            return
        if not hit or not hit.get("snippet"):
            return
        line, s, e = hit["snippet"], hit["snippet_start"], hit["snippet_end"]
        t.append("match: ", style="bold")
        t.append(safe_line(line[:s]))
        t.append(safe_line(line[s:e]), style="reverse")
        t.append(safe_line(line[e:]))
        t.append("\n\n")

    # --- opening --------------------------------------------------------------------------

    @on(ArticleList.Selected)
    def _selected(self, event: ArticleList.Selected) -> None:
        self.open_article(event.index)

    def open_article(self, index: int) -> None:
        lst = self.query_one(ArticleList)
        if not lst.ids:
            return
        select = None
        if self.filters.search and 0 <= index < len(lst.ids):
            # A search result opens at its first match.
            try:
                hit = self.app.store.search_hits([lst.ids[index]], self.filters.search).get(
                    lst.ids[index]
                )
            except StoreError:
                hit = None
            if hit and hit.get("start") is not None:
                select = (hit["start"], hit["end"])
        self._reader = self.app.open_reader(
            list(lst.ids), index, select=select, search=self.filters.search
        )

    def goto_article(self, article_id: int) -> None:
        """Put the cursor on an article, clearing filters if it is not listed."""
        lst = self.query_one(ArticleList)
        index = lst.index_of(article_id)
        if index is not None:
            lst.move_to(index)
            lst.focus()
            return
        self.filters = self.filters.cleared()
        self.reload(keep=article_id)

    # --- search and filters ---------------------------------------------------------------

    def _search_box(self, create: bool = False) -> Input | None:
        """The search box; mounted (hidden) on first use when ``create``."""
        box = next(self.query("#search").results(Input), None)
        if box is None and create:
            box = Input(
                placeholder='search title and text: words as written, "a phrase", pre*, a OR b, '
                "-word; enter searches, escape closes",
                id="search",
            )
            self.mount(box, after=self.query_one("#library-title"))
        return box

    def action_search(self) -> None:
        box = self._search_box(create=True)
        assert box is not None
        box.add_class("-visible")
        box.value = self.filters.search or ""
        box.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.search(event.value)
        self.query_one(ArticleList).focus()

    def search(self, query: str) -> None:
        q = query.strip() or None
        box = self._search_box(create=bool(q))
        if box is not None:
            box.set_class(bool(q), "-visible")
            if q and not box.value:
                box.value = q
        self.set_filters(self.filters.with_(search=q))

    def on_key(self, event: Any) -> None:
        if event.key != "escape":
            return
        box = self._search_box()
        if box is not None and box.has_focus:
            event.stop()
            event.prevent_default()
            if not self.filters.search:
                box.remove_class("-visible")
            box.value = self.filters.search or ""
            self.query_one(ArticleList).focus()

    def set_filters(self, state: ArticleQuery) -> None:
        self.filters = state
        self._update_title()
        self.reload(reset_cursor=True)

    def action_filters(self) -> None:
        store = self.app.store
        try:
            langs = dict(store.stats()["by_language"])  # with counts, shown in the dialog
            labels = [lb.name for lb in store.labels()]
        except StoreError as exc:
            self.app.say(str(exc), severity="error")
            return

        def done(state: ArticleQuery | None) -> None:
            if state is not None:
                self.set_filters(state)

        from .dialogs import FilterDialog

        self.app.push_screen(FilterDialog(self.filters, langs, labels), done)

    def action_cycle_order(self) -> None:
        keys = list(ORDERS)
        order = keys[(keys.index(self.filters.order) + 1) % len(keys)]
        self.set_order(order)

    def set_order(self, order: str) -> None:
        self.filters = self.filters.with_(order=order)
        self._update_title()
        self.reload()

    def action_cycle_status(self) -> None:
        from ..core.store import STATUSES

        cur = self.filters.status[0] if self.filters.status else None
        seq: list[str | None] = [None, *STATUSES]
        nxt = seq[(seq.index(cur) + 1) % len(seq)] if cur in seq else None
        self.filter_by(status=nxt)

    def filter_by(self, **changes: str | None) -> None:
        """Set some of the list's filters, named as :class:`ArticleQuery` fields (``status``,
        ``lang``, ``has_label``): a value keeps only it, ``None`` clears that filter."""
        self.set_filters(self.filters.with_(**{k: (v,) if v else None for k, v in changes.items()}))

    def action_clear_filters(self) -> None:
        box = self._search_box()
        if box is not None:
            box.remove_class("-visible")
        self.set_filters(self.filters.cleared())

    def action_reload(self) -> None:
        self.query_one(ArticleList).invalidate()
        self.reload()

    # --- import and export ----------------------------------------------------------------

    def _start_job(self, label: str, total: float | None) -> bool:
        if self._busy:
            self.app.say(f"Wait: {self._busy} is still running.", severity="warning")
            return False
        from textual.widgets import ProgressBar

        self._busy = label
        job = self.query_one("#job")
        if not job.children:
            job.mount(Static(id="job-label"), ProgressBar(id="job-bar", show_eta=False))
        job.add_class("-visible")
        self.query_one("#job-label", Static).update(Text(label))
        self.query_one("#job-bar", ProgressBar).update(total=total, progress=0)
        return True

    def _job_progress(self, done: int, total: int) -> None:
        from textual.widgets import ProgressBar

        self.query_one("#job-bar", ProgressBar).update(total=max(total, 1), progress=done)

    def _end_job(self) -> None:
        self._busy = None
        self.query_one("#job").remove_class("-visible")

    def action_import(self) -> None:
        def done(paths: list[str] | None) -> None:
            if paths and self._start_job("importing", None):
                self.run_import(paths)

        from .dialogs import ImportDialog

        self.app.push_screen(ImportDialog(), done)

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, paths: list[str]) -> None:
        from ..core.ingest import import_paths

        call = self.app.call_from_thread
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if done >= total or now - last[0] > 0.1:
                last[0] = now
                call(self._job_progress, done, total)

        try:
            with Store(self.app.db_path) as store:
                report = import_paths(store, paths, progress=progress, jobs=1)
        except Exception as exc:  # a store or an ingest error: one message, never a traceback
            call(self._import_done, None, f"import failed: {exc}")
            return
        call(self._import_done, report, None)

    def _import_done(self, report: Any, error: str | None) -> None:
        self._end_job()
        if error:
            self.app.say(error, severity="error", timeout=10)
            return
        from ..core.safe_text import terminal_line

        problems = [
            terminal_line(p) for p in report.problems
        ]  # one line each, even for a file name with \n
        msg = report.summary()
        if problems:
            msg += (
                "\n"
                + "\n".join(problems[:5])
                + (f"\n… and {len(problems) - 5} more" if len(problems) > 5 else "")
            )
        self.app.say(msg, severity="error" if report.failed else "information", timeout=8)
        keep = report.added[0] if report.added else None
        self.query_one(ArticleList).invalidate()
        self.reload(keep=keep)

    def action_lint(self, fmt: str | None = None) -> None:
        """The lint screen over the listed articles (all of them without a filter)."""
        from .lint import LintScreen

        self.app.push_screen(LintScreen(fmt, filters=self.filters))

    def action_export(self) -> None:
        from ..core.formats import registry

        known = registry()
        descriptions = {name: (f.ext, f.description) for name, f in known.items()}

        store = self.app.store
        try:
            labels = [lb.name for lb in store.labels()]
        except StoreError as exc:
            self.app.say(str(exc), severity="error")
            return
        lst = self.query_one(ArticleList)
        listed = list(lst.ids) if self.filters.active else None
        default_out = str(Path.cwd() / "newsmark-export.jsonl")

        def start(req: ExportRequest) -> None:
            if self._start_job(f"exporting to {safe_line(req.out)}", None):
                self.run_export(req)

        def done(req: ExportRequest | None) -> None:
            if req is None:
                return
            from ..core.export import replaced_by

            there = replaced_by(req.out, req.fmt, req.split)
            if not there:
                start(req)
                return
            names = ", ".join(safe_line(str(p)) for p in there)
            exists = (
                f"{names} exist. Replace them" if len(there) > 1 else f"{names} exists. Replace it"
            )

            def confirmed(ok: bool | None) -> None:
                if ok:
                    start(req)

            from .dialogs import ConfirmDialog

            self.app.push_screen(
                ConfirmDialog(
                    "Export: replace?",
                    f"{exists} with this export?",
                    yes="Replace",
                    no="Cancel",
                    danger=True,
                ),
                confirmed,
            )

        formats = list(known)  # jsonl, the default, first
        from .dialogs import ExportDialog

        self.app.push_screen(
            ExportDialog(
                formats,
                labels,
                [],
                default_out=default_out,
                listed=listed,
                descriptions=descriptions,
            ),
            done,
        )

    @work(thread=True, exclusive=True, group="export")
    def run_export(self, req: ExportRequest) -> None:
        from ..core.export import export

        call = self.app.call_from_thread
        try:
            with Store(self.app.db_path) as store:
                from ..core.formats import ExportOptions

                result = export(
                    store,
                    req.out,
                    req.fmt,
                    req.query,
                    ExportOptions(split=req.split, force=req.force),
                )
        except Exception as exc:
            findings = getattr(exc, "findings", None)
            call(
                self._export_done,
                None,
                f"export failed: {exc}",
                req if findings else None,
                findings,
            )
            return
        call(self._export_done, result, None)

    def _export_done(
        self,
        result: Any,
        error: str | None,
        req: ExportRequest | None = None,
        findings: list[Any] | None = None,
    ) -> None:
        self._end_job()
        if error and req is not None and findings:
            # Lint errors: show them and offer to export anyway.
            errors = [f for f in findings if getattr(f, "severity", "") == "error"]
            lines = "\n".join(f"• {safe_line(str(f))}" for f in errors[:6])
            more = f"\n… and {len(errors) - 6} more" if len(errors) > 6 else ""

            def confirmed(ok: bool | None) -> None:
                if ok and self._start_job(f"exporting to {safe_line(req.out)}", None):
                    req.force = True
                    self.run_export(req)

            from .dialogs import ConfirmDialog

            self.app.push_screen(
                ConfirmDialog(
                    "Export: lint found errors",
                    f"{len(errors)} error(s); nothing was written.\n{lines}{more}",
                    yes="Export anyway",
                    no="Cancel",
                    danger=True,
                ),
                confirmed,
            )
            return
        if error:
            self.app.say(error, severity="error", timeout=10)
            return
        msg = f"Exported {result.articles} article(s), {result.spans} span(s) to {result.path}"
        splits = getattr(result, "splits", None)
        if splits:
            msg += " (" + ", ".join(f"{k or 'all'} {v}" for k, v in splits.items()) + ")"
        notes = list(dict.fromkeys(getattr(result, "notes", []) or []))
        warnings = [
            f
            for f in getattr(result, "findings", []) or []
            if getattr(f, "severity", "") != "error"
        ]
        if warnings:
            notes.append(f"{len(warnings)} lint warning(s); `newsmark lint` lists them")
        if notes:
            msg += "\n" + "\n".join(notes[:4])
        self.app.say(msg, timeout=8)


def _has_queue(store: Store) -> bool:
    """Whether articles are assigned to the store's annotator (``newsmark assign``)."""
    return store.has_queue()
