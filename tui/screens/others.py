"""The team's other spans on one article, read-only (the reader's ``O``).

On a team database each annotator sees and edits only their own spans. When the team allows
it (setting ``team_show_others``, ``newsmark assign --show-others``), this screen lists the
others' spans: who, where, label, text. Nothing here can change them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..core.store import Store
from ..widgets.safe import safe_line

if TYPE_CHECKING:
    from ..app import NewsmarkApp


def others_allowed(store: Store) -> bool:
    return store.setting("team_show_others", "0") == "1"


def others_text(store: Store, article_id: int) -> Text:
    """The listing: one line per span of another annotator, grouped by annotator."""
    t = Text()
    rows = store.others_spans(article_id)
    if not rows:
        t.append("Nobody else has spans on this article.", style="dim")
        return t
    current = None
    for who, s, e, lb, covered in rows:
        if who != current:
            t.append(f"{safe_line(who)}\n", style="bold underline")
            current = who
        t.append(f"  {s}:{e} ")
        t.append(safe_line(lb), style="bold")
        t.append(f"  {safe_line(covered)[:60]}\n")
    return t


class OthersScreen(ModalScreen[None]):
    """Read-only: escape closes it."""

    app: NewsmarkApp  # type: ignore[assignment]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,O", "close", "Close", id="others.close")
    ]

    def __init__(self, article_id: int) -> None:
        super().__init__()
        self.article_id = article_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="others-body"):
            yield Static(
                Text(" Other annotators' spans (read-only)", style="bold"), classes="screen-title"
            )
            yield Static(others_text(self.app.store, self.article_id), id="others-list")

    def action_close(self) -> None:
        self.dismiss(None)
