"""The lint screen: what would make an export wrong, each finding one ``enter`` away from its fix.

``tui.core.lint.lint`` runs in a thread worker (with its own ``Store``) over the library's current
filter, or over every article when the library shows them all. In team mode it checks the
annotator's own spans (and status), as the library and the reader show only those. ``enter`` opens the reader on the
finding's article with the span's range selected; ``n``/``p`` in the reader walk the articles that
have findings. Coming back re-runs the lint and keeps the cursor near where it was, so a fixed
finding disappears from the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..core.store import Store
from ..widgets.safe import safe_line
from .filters import describe

if TYPE_CHECKING:
    from textual import getters

    from ..app import NewsmarkApp
    from ..core.lint import Finding
    from ..core.query import ArticleQuery

#: More rows than this make the OptionList slow to build; the rest are counted, not listed.
MAX_SHOWN = 5000
#: Formats the lint can judge for (``None``: every format newsmark writes).
FORMATS: tuple[str | None, ...] = (None, "conll", "spacy", "hf", "jsonl")
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}
SCOPES = ("library", "all", "done")
SCOPE_NAMES = {
    "library": "the library's list",
    "all": "all articles",
    "done": "done articles (what export writes)",
}


def format_name(fmt: str | None) -> str:
    return fmt or "any format"


@dataclass
class LintResult:
    findings: list[Finding]
    titles: dict[int, str]
    articles: int
    error: str | None = None
    #: Articles nobody has worked on (status new, no span): their "missed" findings are hidden
    #: unless asked for (``m``), as most of a fresh corpus is "missed" by then.
    untouched: frozenset[int] = frozenset()
    #: whose spans were checked (team mode: the annotator's own); None: every span
    whose: str | None = None


def finding_key(f: Finding) -> tuple[Any, ...]:
    """What identifies a finding across re-runs (its message may change with its neighbours)."""
    return (f.code, f.article_id, f.start, f.end)


class FindingList(OptionList):
    """The findings; ``enter`` opens the reader on the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Fix", id="lint.open"),
        Binding("j", "cursor_down", "Down", show=False, id="lint.down"),
        Binding("k", "cursor_up", "Up", show=False, id="lint.up"),
        Binding("g", "first", "First", show=False, id="lint.first"),
        Binding("G", "last", "Last", show=False, id="lint.last"),
    ]


class LintScreen(Screen[None]):
    """Lint findings for the library's list; ``enter`` jumps to one to fix it."""

    if TYPE_CHECKING:  # typed access to the app's own attributes; at run time, Textual's property
        app = getters.app(NewsmarkApp)

    CSS_PATH = "lint.tcss"
    AUTO_FOCUS = "#lint-list"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="lint.back"),
        Binding("e", "toggle_errors", "Errors only", id="lint.errors"),
        Binding("f", "cycle_format", "Format", id="lint.format"),
        Binding("a", "cycle_scope", "Scope", id="lint.scope"),
        Binding("r", "rerun", "Re-run", id="lint.rerun"),
        Binding("m", "toggle_missed", "Missed everywhere", id="lint.missed_everywhere"),
    ]

    def __init__(
        self,
        fmt: str | None = None,
        *,
        filters: ArticleQuery | None = None,
        scope: str | None = None,
    ) -> None:
        super().__init__()
        self.fmt = fmt
        self.library_filters = filters
        self.scope = scope or ("library" if filters is not None and filters.active else "all")
        self.errors_only = False
        self.missed_everywhere = False  # "missed" also in articles nobody has worked on
        self.untouched: frozenset[int] = frozenset()
        self.hidden_missed = 0
        self.findings: list[Finding] = []  # everything the last run found
        self.shown: list[Finding] = []  # what the list shows (severity filter, cap)
        self.titles: dict[int, str] = {}
        self.not_listed = 0  # findings past MAX_SHOWN
        self.articles = 0
        self.whose: str | None = None  # whose spans the last run checked (None: everyone's)
        self.loaded = False
        self._running = False
        self._opened = False  # the reader was opened from here: re-run on return
        self._keep: tuple[tuple[Any, ...] | None, int] = (None, 0)

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="lint-title", classes="screen-title")
        yield Static(id="lint-scope", classes="screen-help")
        yield LoadingIndicator(id="lint-loading")
        yield FindingList(id="lint-list", markup=False)
        yield Static(id="lint-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._update_title()
        self.run_lint()

    def on_screen_resume(self) -> None:
        if self._opened:
            self._opened = False
            self.run_lint()

    @property
    def finding_list(self) -> FindingList:
        return self.query_one(FindingList)

    # --- running --------------------------------------------------------------------------

    def run_lint(self) -> None:
        """Lint again (in a thread), keeping the cursor on the same finding or near it."""
        lst = self.finding_list
        cur = self.current
        self._keep = (finding_key(cur) if cur else self._keep[0], lst.highlighted or 0)
        self._running = True
        self.query_one("#lint-loading").display = True
        self._update_title()
        self._lint(self.fmt, self.scope, self.library_filters)

    @work(thread=True, exclusive=True, group="lint")
    def _lint(self, fmt: str | None, scope: str, state: ArticleQuery | None) -> None:
        from ..core.lint import lint, own_annotator
        from ..core.query import DONE, ArticleQuery

        worker = get_current_worker()
        try:
            with Store(self.app.db_path) as store:
                if scope == "library" and state is not None:
                    query = state.with_(order="id")  # the library's articles, every span
                elif scope == "done":
                    query = DONE
                else:
                    query = ArticleQuery()
                whose = own_annotator(store)  # team mode: blind, the annotator's own work
                query = query.with_(annotator=whose)
                articles = len(store.article_ids(query))
                findings = lint(store, query, fmt)
                wanted = list(
                    dict.fromkeys(f.article_id for f in findings if f.article_id is not None)
                )
                titles: dict[int, str] = {}
                for i in range(0, len(wanted), 500):
                    for aid, row in store.summaries(wanted[i : i + 500]).items():
                        titles[aid] = (
                            safe_line(row.get("title") or "")
                            or safe_line(row.get("head") or "")[:60]
                        )
                missed_in = sorted(
                    {
                        f.article_id
                        for f in findings
                        if f.code == "missed" and f.article_id is not None
                    }
                )
                untouched = store.untouched(missed_in)
            result = LintResult(
                findings, titles, articles, untouched=frozenset(untouched), whose=whose
            )
        except Exception as exc:  # a store error, a broken spaCy: one message, never a traceback
            result = LintResult([], {}, 0, error=f"lint failed: {exc}")
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_result, fmt, scope, result)

    def _show_result(self, fmt: str | None, scope: str, result: LintResult) -> None:
        if (fmt, scope) != (self.fmt, self.scope):
            return  # superseded by a newer run
        self._running = False
        self.query_one("#lint-loading").display = False
        if result.error:
            self.app.notify(safe_line(result.error), severity="error", markup=False)
        self.findings = result.findings
        self.titles = result.titles
        self.articles = result.articles
        self.untouched = result.untouched
        self.whose = result.whose
        self.loaded = True
        self._fill()

    def _fill(self) -> None:
        """(Re)build the list from ``findings`` and the severity filter; keep the cursor near."""
        lst = self.finding_list
        shown = [f for f in self.findings if not self.errors_only or f.severity == "error"]
        if not self.missed_everywhere:
            kept = [f for f in shown if not (f.code == "missed" and f.article_id in self.untouched)]
            self.hidden_missed = len(shown) - len(kept)
            shown = kept
        else:
            self.hidden_missed = 0
        self.shown = shown[:MAX_SHOWN]
        self.not_listed = len(shown) - len(self.shown)
        lst.clear_options()
        lst.add_options([Option(self._prompt(f)) for f in self.shown])
        if len(shown) > MAX_SHOWN:
            lst.add_option(
                Option(
                    Text(
                        f"… and {len(shown) - MAX_SHOWN:,} more, not listed: fix these first "
                        "or narrow the library's filter",
                        style="dim italic",
                    ),
                    disabled=True,
                )
            )
        key, index = self._keep
        target = None
        if key is not None:
            target = next((i for i, f in enumerate(self.shown) if finding_key(f) == key), None)
        if target is None and self.shown:
            target = min(index, len(self.shown) - 1)
        lst.highlighted = target
        if target is not None:
            lst.scroll_to_highlight()
        self._update_title()
        self._update_detail()

    def _prompt(self, f: Finding) -> Content:
        """Two lines: severity, code, article, position and title; then the message. Data is never
        parsed as markup (``Content.assemble`` takes each text literally)."""
        parts: list[str | tuple[str, str]] = [
            (
                ("error" if f.severity == "error" else "warn").ljust(6),
                SEVERITY_STYLE.get(f.severity, ""),
            ),
            (safe_line(f.code).ljust(13), "bold"),
        ]
        if f.article_id is None:
            parts.append(("corpus", "dim"))
        else:
            parts.append((f"#{f.article_id}", "cyan"))
            if f.start is not None:
                parts.append((f" [{f.start}, {f.end})", "dim"))
            title = self.titles.get(f.article_id, "")
            if title:
                parts.append(("  " + title, "italic"))
        parts.append("\n      ")
        parts.append((safe_line(f.message), "dim"))
        return Content.assemble(*parts)

    # --- title and detail -----------------------------------------------------------------

    def _update_title(self) -> None:
        t = Text()
        t.append(" Lint ", style="bold")
        if not self.loaded or (self._running and not self.findings):
            t.append("running…", style="dim")
        else:
            errors = sum(1 for f in self.findings if f.severity == "error")
            warnings = len(self.findings) - errors
            t.append(
                f"{errors:,} error{'s' if errors != 1 else ''}",
                style="bold red" if errors else "green",
            )
            t.append(" · ")
            t.append(
                f"{warnings:,} warning{'s' if warnings != 1 else ''}",
                style="yellow" if warnings else "green",
            )
            t.append(
                f"  in {self.articles:,} article{'s' if self.articles != 1 else ''}", style="dim"
            )
            if self.errors_only:
                t.append("  [errors only]", style="bold")
            if self.not_listed:
                t.append(f"  first {len(self.shown):,} listed", style="bold yellow")
            if self.hidden_missed:
                t.append(
                    f"  {self.hidden_missed:,} missed in untouched articles hidden (m shows them)",
                    style="dim",
                )
            if self._running:
                t.append("  re-running…", style="dim")
        self.query_one("#lint-title", Static).update(t)
        s = Text(no_wrap=True, overflow="ellipsis")
        s.append("for ")
        s.append(format_name(self.fmt), style="bold")
        s.append(" · over ")
        if self.scope == "library" and self.library_filters is not None:
            s.append(describe(self.library_filters) or SCOPE_NAMES["all"], style="bold")
        else:
            s.append(SCOPE_NAMES.get(self.scope, self.scope), style="bold")
        if self.whose is not None:
            s.append(" · spans of ")
            s.append(safe_line(self.whose), style="bold")
        self.query_one("#lint-scope", Static).update(s)

    @property
    def current(self) -> Finding | None:
        i = self.finding_list.highlighted
        if i is None or not (0 <= i < len(self.shown)):
            return None
        return self.shown[i]

    @on(OptionList.OptionHighlighted, "#lint-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._update_detail()

    def _update_detail(self) -> None:
        f = self.current
        t = Text(overflow="fold")
        if f is None:
            if self.loaded and not self.shown:
                t.append(
                    "Nothing to fix: these annotations are ready to export."
                    if not self.findings
                    else "No errors; press e to show the warnings too.",
                    style="green",
                )
        else:
            t.append(safe_line(f.where()), style="bold")
            if f.article_id is not None and self.titles.get(f.article_id):
                t.append("  " + self.titles[f.article_id], style="italic")
            t.append("\n")
            t.append(safe_line(f.message))
            t.append("\n")
            t.append(self._hint(f), style="dim")
        self.query_one("#lint-detail", Static).update(t)

    @staticmethod
    def _hint(f: Finding) -> str:
        if f.article_id is None:
            return "enter opens the labels screen"
        if f.code == "empty":
            return "enter opens the article: tag it, or press K in the reader to skip it"
        if f.code == "missed":
            return "enter selects the untagged text: press its label's key to tag it"
        return "enter selects the span: d deletes it; select the right words and press a label key to re-tag"

    # --- actions --------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_rerun(self) -> None:
        self.run_lint()

    def action_toggle_missed(self) -> None:
        """Show "missed" occurrences in every article, or only in those someone worked on."""
        cur = self.current
        self.missed_everywhere = not self.missed_everywhere
        self._keep = (finding_key(cur) if cur else None, self.finding_list.highlighted or 0)
        self._fill()

    def action_toggle_errors(self) -> None:
        cur = self.current
        self.errors_only = not self.errors_only
        self._keep = (finding_key(cur) if cur else None, self.finding_list.highlighted or 0)
        self._fill()

    def action_cycle_format(self) -> None:
        self.fmt = (
            FORMATS[(FORMATS.index(self.fmt) + 1) % len(FORMATS)] if self.fmt in FORMATS else None
        )
        self.run_lint()

    def action_cycle_scope(self) -> None:
        scopes = [
            s
            for s in SCOPES
            if s != "library" or (self.library_filters and self.library_filters.active)
        ]
        self.scope = (
            scopes[(scopes.index(self.scope) + 1) % len(scopes)]
            if self.scope in scopes
            else scopes[0]
        )
        self.run_lint()

    @on(OptionList.OptionSelected, "#lint-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open_finding(event.option_index)

    def open_finding(self, index: int) -> None:
        """Open the reader on finding ``index`` with its range selected."""
        if not (0 <= index < len(self.shown)):
            return
        f = self.shown[index]
        if f.article_id is None:
            self._opened = True
            self.app.action_labels()
            return
        ids = list(dict.fromkeys(x.article_id for x in self.shown if x.article_id is not None))
        select = (f.start, f.end) if f.start is not None and f.end is not None else None
        self._keep = (finding_key(f), index)
        self._opened = True
        self.app.open_reader(ids, ids.index(f.article_id), select=select)
