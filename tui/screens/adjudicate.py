"""The adjudication screen: the team's versions of an article side by side, decided by keys.

The queue holds the articles at least two annotators finished whose gold is not done, most
disagreement first. The article's text shows every finisher's spans in place: green where
everyone agrees (or gold accepted it), yellow where they differ, the current disputed span
reversed; the list below says who made each disputed span. Keys accept or reject the current
span, accept one annotator's whole version, run the automatic pass (gold = what all agree
on), or mark the article done. The decisions are made by tui/core/adjudicate.py and stored as the
``gold`` annotator with the adjudicator's name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..core import adjudicate as adj
from ..core import team
from ..core.store import Store, StoreError
from ..widgets.safe import safe_line
from .reader import ReaderScreen

if TYPE_CHECKING:
    from ..app import NewsmarkApp


def _display(text: str) -> str:
    """The text with every unprintable character but newlines as a space: same offsets."""
    return "".join(ch if ch.isprintable() or ch == "\n" else " " for ch in text)


class AdjudicationScreen(Screen):
    """One article of the queue at a time; the decisions go straight to the database."""

    app: NewsmarkApp  # type: ignore[assignment]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="adjudicate.back"),
        Binding("down,j", "move(1)", "Next span", id="adjudicate.next_span"),
        Binding("up,k", "move(-1)", "Previous span", id="adjudicate.previous_span"),
        Binding("a", "accept", "Accept span", id="adjudicate.accept"),
        Binding("x", "reject", "Reject span", id="adjudicate.reject"),
        *(
            Binding(
                str(n),
                f"version({n})",
                "Take a version",
                show=n == 1,
                key_display="1-9",
                id=f"adjudicate.version_{n}",
            )
            for n in range(1, 10)
        ),
        Binding("A", "auto", "Auto (agreed)", id="adjudicate.auto"),
        Binding("d", "done", "Done, next", id="adjudicate.done"),
        Binding("e", "edit", "Edit gold", id="adjudicate.edit"),
        Binding("n", "article(1)", "Next article", show=False, id="adjudicate.next_article"),
        Binding(
            "p", "article(-1)", "Previous article", show=False, id="adjudicate.previous_article"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.queue: list[tuple[int, float]] = []
        self.pos = 0
        self.names: list[str] = []
        self.disputed: list[tuple[tuple[int, int, str], list[str]]] = []
        self.cursor = 0
        #: (article, gold spans before) while the adjudicator edits gold in the reader.
        self._editing: tuple[int, set[tuple[int, int, str]]] | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Text(" Adjudication", style="bold"), id="adjudicate-title", classes="screen-title"
        )
        yield Static(id="adjudicate-versions")
        with VerticalScroll(id="adjudicate-body"):
            yield Static(Text("Loading the queue…", style="dim"), id="adjudicate-text")
        yield Static(id="adjudicate-disputed")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load_queue()

    def on_screen_resume(self) -> None:
        """Back from editing gold in the reader: its changes become decisions, then redraw."""
        editing, self._editing = self._editing, None
        if editing is not None:
            aid, before = editing
            try:
                n = adj.record_edits(self.app.store, aid, before)
            except StoreError as exc:
                self.app.say(str(exc), severity="error")
                return
            if n:
                self.app.say(f"article #{aid}: {n} gold edit(s) recorded")
            self.load_queue(aid)

    @work(thread=True, exclusive=True, group="adjudicate-queue")
    def load_queue(self, keep: int | None = None) -> None:
        try:
            with Store(self.app.db_path) as store:
                q = adj.queue_in(store)
        except StoreError as exc:
            self.app.call_from_thread(self.app.say, str(exc), severity="error")
            return
        self.app.call_from_thread(self._set_queue, q, keep)

    def _set_queue(self, q: list[tuple[int, float]], keep: int | None) -> None:
        self.queue = q
        ids = [aid for aid, _ in q]
        self.pos = ids.index(keep) if keep in ids else min(self.pos, max(0, len(q) - 1))
        self.cursor = 0
        self.show()

    @property
    def article_id(self) -> int | None:
        return self.queue[self.pos][0] if self.queue else None

    def show(self) -> None:
        aid = self.article_id
        title = Text(" Adjudication", style="bold")
        if aid is None:
            title.append(f"  as {safe_line(self.app.store.annotator)}", style="dim")
            self.query_one("#adjudicate-title", Static).update(title)
            self.query_one("#adjudicate-versions", Static).update("")
            self.query_one("#adjudicate-text", Static).update(
                Text(
                    "Nothing to adjudicate: no article finished by two annotators is waiting.",
                    style="dim",
                )
            )
            self.query_one("#adjudicate-disputed", Static).update("")
            return
        store = self.app.store
        art = store.require_article(aid)
        seen = adj.review(store, aid)
        self.names = seen.names
        self.disputed = seen.disputed
        self.cursor = max(0, min(self.cursor, len(self.disputed) - 1))
        f1 = self.queue[self.pos][1]
        title.append(f"  article #{aid} ({self.pos + 1}/{len(self.queue)})  ")
        title.append(safe_line(art.display_title)[:60])
        title.append(f"  agreement {f1:.2f}", style="dim")
        title.append(f"  as {safe_line(store.annotator)}", style="dim")
        self.query_one("#adjudicate-title", Static).update(title)

        versions = Text()
        for i, name in enumerate(self.names[:9], 1):
            versions.append(f" {i} ", style="reverse")
            versions.append(f" {safe_line(name)} ({seen.counts[name]})  ")
        versions.append(
            f"gold: {seen.gold_count} span(s), {seen.gold_status.replace('_', ' ')}", style="green"
        )
        self.query_one("#adjudicate-versions", Static).update(versions)

        text = Text(_display(art.text))
        gold = seen.gold
        for key, who in sorted(seen.marks.items()):
            s, e, _ = key
            style = (
                "green underline"
                if len(who) == len(self.names) or key in gold
                else "yellow underline"
            )
            text.stylize(style, s, e)
        if self.disputed:
            (s, e, _), _ = self.disputed[self.cursor]
            text.stylize("reverse", s, e)
        self.query_one("#adjudicate-text", Static).update(text)
        if self.disputed:
            self._scroll_text_to(art.text, self.disputed[self.cursor][0][0])

        listing = Text()
        if not self.disputed:
            listing.append(" No disputed span left: d marks the gold version done.", style="dim")
        for i, ((s, e, lb), who) in enumerate(self.disputed):
            mark = "▶ " if i == self.cursor else "  "
            listing.append(mark + f"{s}:{e} ", style="bold" if i == self.cursor else "")
            listing.append(lb, style="bold")
            listing.append(
                f" {safe_line(art.text[s:e])[:40]!r} — {', '.join(map(safe_line, who))}\n"
            )
        self.query_one("#adjudicate-disputed", Static).update(listing)

    def _scroll_text_to(self, full: str, offset: int) -> None:
        """Bring the line holding ``offset`` into view (wrapping the text before it as the
        Static wraps it; skipped on very long articles, where that would cost too much)."""
        if offset > 200_000:
            return
        body = self.query_one("#adjudicate-body", VerticalScroll)
        width = body.scrollable_content_region.width or body.size.width
        if width <= 0:
            return
        y = len(Text(_display(full[:offset]) or " ").wrap(self.app.console, width)) - 1
        if not body.scroll_y <= y < body.scroll_y + body.size.height:
            body.scroll_to(y=max(0, y - 2), animate=False)

    # --- actions --------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_move(self, delta: int) -> None:
        if self.disputed:
            self.cursor = (self.cursor + delta) % len(self.disputed)
            self.show()

    def action_article(self, delta: int) -> None:
        if self.queue:
            self.pos = (self.pos + delta) % len(self.queue)
            self.cursor = 0
            self.show()

    def _decide(self, fn: Any, *args: Any) -> bool:
        try:
            fn(self.app.store, *args)
        except StoreError as exc:
            self.app.say(str(exc), severity="error")
            return False
        return True

    def action_accept(self) -> None:
        if (
            self.article_id is not None
            and self.disputed
            and self._decide(adj.accept_span, self.article_id, self.disputed[self.cursor][0])
        ):
            self.show()

    def action_reject(self) -> None:
        if (
            self.article_id is not None
            and self.disputed
            and self._decide(adj.reject_span, self.article_id, self.disputed[self.cursor][0])
        ):
            self.show()

    def action_version(self, n: int) -> None:
        """Gold := the n-th finisher's whole version (the others' spans are rejected)."""
        self._accept_version(n)

    def _accept_version(self, n: int | None) -> None:
        aid = self.article_id
        if aid is None or n is None or not 1 <= n <= len(self.names):
            return
        if self._decide(adj.accept_version, aid, self.names[n - 1]):
            self.app.say(f"gold = {self.names[n - 1]}'s version of article #{aid}")
            self.load_queue()

    def action_auto(self) -> None:
        try:
            res = adj.auto_adjudicate(self.app.store)
        except StoreError as exc:
            self.app.say(str(exc), severity="error")
            return
        self.app.say(
            f"{res.spans} agreed span(s) made gold; {res.agreed} article(s) identical (done); "
            f"{res.left} left"
        )
        self.load_queue(self.article_id)

    def action_done(self) -> None:
        aid = self.article_id
        if aid is None:
            return
        if self._decide(adj.finish, aid):
            self.app.say(f"article #{aid}: gold done")
            self.load_queue()

    def action_edit(self) -> None:
        """Edit the gold version in the reader (tagging there writes gold's spans)."""
        aid = self.article_id
        if aid is None:
            return
        self._editing = (aid, adj.gold_keys_in(self.app.store, aid))
        self.app.push_screen(GoldReaderScreen([aid]))


class GoldReaderScreen(ReaderScreen):
    """The reader working as the ``gold`` annotator on one article (the adjudicator's edit)."""

    _gold: Store | None = None

    @property
    def store(self) -> Store:  # type: ignore[override]
        if self._gold is None:
            self._gold = Store(self.app.db_path, annotator=team.GOLD, create=False)
        return self._gold

    def on_unmount(self) -> None:
        if self._gold is not None:
            self._gold.close()
            self._gold = None
