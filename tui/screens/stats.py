"""The stats screen: progress by status, spans per label, articles per language, tags per day."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..core.records import STATUS_NAMES
from ..core.store import STATUSES, Store, StoreError
from ..widgets.safe import safe_line, safe_text

if TYPE_CHECKING:
    from textual import getters

    from ..app import NewsmarkApp

BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(value: int, biggest: int, width: int) -> str:
    """A horizontal bar of ``width`` cells at most, with eighth-cell precision."""
    if biggest <= 0 or width <= 0:
        return ""
    eighths = round(value / biggest * width * 8)
    if value and not eighths:
        eighths = 1
    full, part = divmod(eighths, 8)
    return "█" * full + (BLOCKS[part] if part else "")


def bar_chart(
    title: str,
    items: list[tuple[str, int, Style | None]],
    width: int,
    *,
    total: int | None = None,
    limit: int = 12,
) -> Text:
    """Rows of ``name  count  bar  (share)``."""
    t = Text()
    t.append(title + "\n", style="bold underline")
    if not items:
        t.append("  (nothing yet)\n", style="dim")
        return t
    shown = items[:limit]
    name_w = min(16, max(len(n) for n, _, _ in shown))
    count_w = max(len(f"{c:,}") for _, c, _ in shown)
    biggest = max(c for _, c, _ in shown)
    share_w = 6 if total else 0
    bar_w = max(4, width - name_w - count_w - share_w - 6)
    for name, count, style in shown:
        t.append("  " + safe_line(name)[:name_w].ljust(name_w) + " ", style=style or "")
        t.append(f"{count:,}".rjust(count_w) + " ")
        t.append(bar(count, biggest, bar_w).ljust(bar_w), style=style or "cyan")
        if total:
            t.append(f" {count / total:>5.0%}", style="dim")
        t.append("\n")
    if len(items) > limit:
        rest = sum(c for _, c, _ in items[limit:])
        t.append(f"  … {len(items) - limit} more ({rest:,})\n", style="dim")
    return t


class StatsScreen(Screen):
    """Numbers and bars from ``Store.stats()`` (computed in a thread)."""

    if TYPE_CHECKING:  # typed access to the app's own attributes; at run time, Textual's property
        app = getters.app(NewsmarkApp)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="stats.back"),
        Binding("r", "reload", "Refresh", id="stats.reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(" Statistics", style="bold"), classes="screen-title")
        with VerticalScroll(id="stats-body"):
            yield Static(Text("Counting…", style="dim"), id="stats-summary")
            yield Static(id="stats-status", classes="stats-chart")
            yield Static(id="stats-labels", classes="stats-chart")
            yield Static(id="stats-langs", classes="stats-chart")
            yield Static(id="stats-days", classes="stats-chart")
            yield Static(id="stats-speed", classes="stats-chart")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#stats-body").focus()
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="stats")
    def load(self) -> None:
        try:
            with Store(self.app.db_path) as store:
                data = store.stats()
                data["speed"] = store.speed_stats()
                from ..core.team import is_team_store

                if is_team_store(store):  # the figures of `newsmark agree` (tui/core/agreement.py)
                    from ..core.agreement import agreement_in, to_text

                    data["agreement"] = to_text(agreement_in(store))
                data["suggestions"] = waiting_suggestions(store)
                colours = {lb.name: lb.colour for lb in store.labels()}
        except StoreError as exc:
            self.app.call_from_thread(self.app.say, str(exc), severity="error")
            return
        data["colours"] = colours
        self.app.call_from_thread(self.show, data)

    def on_resize(self) -> None:
        if self.data is not None:
            self.show(self.data)

    def show(self, data: dict[str, Any]) -> None:
        self.data = data
        width = max(30, self.query_one("#stats-body").size.width - 2)
        n = data["articles"]
        by_status = data["by_status"]
        done = by_status.get("done", 0)
        summary = Text()
        summary.append(f"{n:,}", style="bold")
        summary.append(f" article{'s' if n != 1 else ''}, ")
        summary.append(f"{data['spans']:,}", style="bold")
        summary.append(f" span{'s' if data['spans'] != 1 else ''}; ")
        summary.append(
            f"{done:,} done ({done / n:.0%})"
            if n
            else "nothing imported yet (press i in the library)"
        )
        waiting, in_articles = data.get("suggestions", (0, 0))
        if waiting:
            summary.append("; ")
            summary.append(f"{waiting:,}", style="bold yellow")
            summary.append(
                f" suggestion{'s' if waiting != 1 else ''} waiting for review in {in_articles:,} "
                f"article{'s' if in_articles != 1 else ''} (. , = - + in the reader)"
            )
        self.query_one("#stats-summary", Static).update(summary)
        status_style = {
            "new": Style(dim=True),
            "in_progress": Style(color="yellow"),
            "done": Style(color="green"),
            "skipped": Style(dim=True),
            "rejected": Style(color="red"),
        }
        statuses = [
            (STATUS_NAMES.get(s, s), by_status.get(s, 0), status_style.get(s)) for s in STATUSES
        ]
        statuses += [(s, c, None) for s, c in by_status.items() if s not in STATUSES]
        self.query_one("#stats-status", Static).update(
            bar_chart("Progress by status", statuses, width, total=n)
        )
        colours = data.get("colours", {})
        labels = [
            (name, c, Style(color=colours[name]) if name in colours else None)
            for name, c in data["by_label"].items()
        ]
        self.query_one("#stats-labels", Static).update(
            bar_chart("Spans per label", labels, width, total=data["spans"] or None)
        )
        langs: list[tuple[str, int, Style | None]] = [
            (lang, c, None) for lang, c in data["by_language"].items()
        ]
        self.query_one("#stats-langs", Static).update(
            bar_chart("Articles per language", langs, width, total=n)
        )
        days = list(data["by_day"].items())[-14:]
        self.query_one("#stats-days", Static).update(
            bar_chart(
                "Annotations per day (last 14 days with tagging)",
                [(d, c, None) for d, c in days],
                width,
                limit=14,
            )
        )
        if "speed" in data:
            self.query_one("#stats-speed", Static).update(speed_table(data["speed"]))
        if "agreement" in data:
            self._show_agreement(data["agreement"])

    def _show_agreement(self, table: str) -> None:
        """Team databases only: the agreement table, mounted on first use."""
        t = Text()
        t.append(
            "Agreement (articles done by both; docs/team.md defines each figure)\n",
            style="bold underline",
        )
        t.append(safe_text(table, keep_newlines=True))
        found = self.query("#stats-team")
        if found:
            found.first(Static).update(t)
        else:
            self.query_one("#stats-body").mount(Static(t, id="stats-team", classes="stats-chart"))


#: The order ``how`` rows are listed in (then any other, alphabetically).
HOW_ORDER = ("typed", "candidate", "occurrence", "dictionary", "model", "relabel", "rejected")


def waiting_suggestions(store: Store) -> tuple[int, int]:
    """(model suggestions not yet accepted or rejected, articles they are in)."""
    return store.waiting_suggestions()


def speed_table(speed: dict[str, Any]) -> Text:
    """Entities per hour and keys per entity, overall and by how the spans were made."""
    t = Text()
    t.append(
        "Annotation speed (from the keys and seconds recorded on each action)\n",
        style="bold underline",
    )
    if not speed.get("actions"):
        t.append("  (nothing measured yet: tag in the reader)\n", style="dim")
        return t

    def fmt(v: Any, spec: str) -> str:
        return "—" if v is None else format(v, spec)

    t.append(
        f"  {'how':<12} {'entities':>9} {'keys':>7} {'keys/entity':>12} {'entities/hour':>14}\n",
        style="dim",
    )
    by_how = speed.get("by_how", {})
    order = [h for h in HOW_ORDER if h in by_how] + sorted(h for h in by_how if h not in HOW_ORDER)
    rows = [(h, by_how[h]) for h in order] + [("all", speed)]
    for how, b in rows:
        style = "bold" if how == "all" else ""
        t.append(
            f"  {safe_line(how)[:12]:<12} {b['entities']:>9,} {b['keys']:>7,} "
            f"{fmt(b.get('keys_per_entity'), '.2f'):>12} {fmt(b.get('entities_per_hour'), ',.0f'):>14}\n",
            style=style,
        )
    return t
