"""The command palette (ctrl+p): every action, and "go to article" by title.

``app_commands`` yields the app's actions as ``SystemCommand``s (shown when the palette opens);
``ArticleCommands`` searches article titles through the full-text index as you type.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on, work
from textual.app import SystemCommand
from textual.command import (
    CommandInput,
    CommandList,
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Provider,
)
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from .core.query import ArticleQuery
from .core.records import STATUS_NAMES
from .core.store import STATUSES, StoreError
from .widgets.safe import safe_line

if TYPE_CHECKING:
    from .app import NewsmarkApp


def _run_on_library(app: NewsmarkApp, method: str, *args: Any, **kwargs: Any) -> None:
    lib = app.library
    if lib is None:
        return
    app.back_to_library()
    getattr(lib, method)(*args, **kwargs)


def app_commands(app: NewsmarkApp, screen: Screen) -> Iterator[SystemCommand]:
    """The app's own commands for the palette."""
    run = partial(_run_on_library, app)
    yield SystemCommand("Help", "Keys of this screen and how to annotate", app.action_help)
    yield SystemCommand(
        "Labels", "Add, rename, recolour, re-key, reorder and remove labels", app.action_labels
    )
    yield SystemCommand(
        "Statistics",
        "Progress by status, spans per label, languages, annotations per day",
        app.action_stats,
    )
    yield SystemCommand(
        "Adjudicate",
        "The team's versions side by side; gold by keys (ctrl+g)",
        app.action_adjudicate,
    )
    from .screens.reader import ReaderScreen

    if isinstance(screen, ReaderScreen):
        yield SystemCommand(
            "Suggest entities with spaCy",
            "Model suggestions for this article, reviewed with . = - + (M)",
            partial(screen.action_model_suggest, "article"),
        )
        yield SystemCommand(
            "Suggest entities with spaCy (whole list)",
            "Model suggestions for every article of this reader's list, with a progress bar",
            partial(screen.action_model_suggest, "list"),
        )
    if app.library is None:
        return
    yield SystemCommand("Library", "Back to the article list", app.back_to_library)
    yield SystemCommand(
        "Search articles",
        "Full-text search over titles and text (/)",
        partial(run, "action_search"),
    )
    yield SystemCommand(
        "Import articles", "Import files, folders or globs (i)", partial(run, "action_import")
    )
    yield SystemCommand(
        "Export annotations",
        "JSONL (Prodigy/spaCy), doccano, spaCy, CoNLL, HF, brat (x)",
        partial(run, "action_export"),
    )
    yield SystemCommand(
        "Lint annotations…",
        "Spans an export would get wrong, each one enter away from its fix (!)",
        partial(run, "action_lint"),
    )
    for fmt in ("conll", "spacy"):
        yield SystemCommand(
            f"Lint annotations for {fmt}…",
            f"Lint as `newsmark export --format {fmt}` would",
            partial(run, "action_lint", fmt),
        )
    yield SystemCommand(
        "Filter and sort…",
        "Status, language, label and sort order (f)",
        partial(run, "action_filters"),
    )
    yield SystemCommand(
        "Clear filters", "Show every article (c)", partial(run, "action_clear_filters")
    )
    for s in STATUSES:
        yield SystemCommand(
            f"Filter: status {STATUS_NAMES[s]}",
            f"Only {STATUS_NAMES[s]} articles",
            partial(run, "filter_by", status=s),
        )
    try:
        stats = app.store.stats()
        labels = [lb.name for lb in app.store.labels()]
    except StoreError:
        stats, labels = {"by_language": {}}, []
    for lang, n in list(stats["by_language"].items())[:30]:
        code = safe_line(lang)
        yield SystemCommand(
            f"Filter: language {code} ({n:,})",
            f"Only the {n:,} articles in {code}",
            partial(run, "filter_by", lang=lang),
        )
    for name in labels:
        n = safe_line(name)
        yield SystemCommand(
            f"Filter: label {n}",
            f"Only articles with a {n} span",
            partial(run, "filter_by", label=name),
        )
    from .screens.filters import ORDERS

    for key, title in ORDERS.items():
        yield SystemCommand(
            f"Sort: {title}", f"Order the list: {title}", partial(run, "set_order", key)
        )
    yield SystemCommand(
        "Reload", "Reload the article list from the database", partial(run, "action_reload")
    )


class ArticleCommands(Provider):
    """Go to an article by title: "go to" + words of the title."""

    LIMIT = 20

    @property
    def _app(self) -> NewsmarkApp:
        return cast("NewsmarkApp", self.app)

    def _open(self, article_id: int) -> None:
        lib = self._app.library
        if lib is not None:
            self._app.back_to_library()
            lib.goto_article(article_id)

    async def discover(self) -> Hits:
        if self._app.library is None:
            return
        yield DiscoveryHit(
            "Go to article…",
            partial(_run_on_library, self._app, "action_search"),
            help="Type words of a title here to jump to it (enter: full-text search)",
        )

    async def search(self, query: str) -> Hits:
        if self._app.library is None:
            return
        q = query.strip()
        for prefix in ("go to ", "goto ", "go ", "article "):
            if q.lower().startswith(prefix):
                q = q[len(prefix) :]
                break
        if not q.strip():
            return
        store = self._app.store
        try:
            ids = store.article_ids(ArticleQuery(search=q, titles_only=True), limit=self.LIMIT)
            rows = store.summaries(ids)
        except StoreError:
            return
        matcher = self.matcher(q)
        for a in ids:
            r = rows.get(a)
            if not r:
                continue
            title = safe_line(r.get("title") or "") or f"(article {a})"
            score = matcher.match(title) or 0.05
            label = Text("Go to: ")
            label.append(title[:100])
            yield Hit(score, label, partial(self._open, a), help=f"article #{a}")


class NewsmarkPalette(CommandPalette):
    """The command palette, where ``enter`` typed before the results of what was typed appear
    waits for them and runs the first one (Textual's would select from the previous text's
    results, or do nothing)."""

    _results_for: str | None = None  # the text the list's results were gathered for

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        # Textual's gathering; only one that ran to its end (not cancelled by newer text) says
        # whose results the list holds, so a stale one never passes them off as the new text's.
        await CommandPalette._gather_commands.__wrapped__(self, search_value)  # type: ignore[attr-defined]
        self._results_for = search_value

    def _gathering(self) -> Worker | None:
        running = [
            w
            for w in self.workers
            if w.group == self._GATHER_COMMANDS_GROUP
            and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
        ]
        return running[-1] if running else None

    def _current(self) -> bool:
        """The list holds the final results of the text in the box."""
        return (
            self._gathering() is None
            and self._results_for == self.query_one(CommandInput).value.strip()
        )

    @on(Input.Submitted)
    def _enter_before_results(self, event: Input.Submitted) -> None:
        if self._current():
            return  # the results are in: Textual's own handler selects
        event.stop()
        event.prevent_default()
        self.run_worker(self._enter_when_ready(), group="palette-enter", exclusive=True)

    async def _enter_when_ready(self) -> None:
        deadline = time.monotonic() + 30
        while not self._current():
            if time.monotonic() > deadline:
                return
            await asyncio.sleep(0.02)
        commands = self.query_one(CommandList)
        if commands.option_count and commands.get_option_at_index(0).id != self._NO_MATCHES:
            commands.highlighted = 0
            self._action_command_list("select")
