"""The occurrences queue: every other occurrence of a tagged surface form, reviewed one key each.

``OccurrencesScreen(store, form, label, article_id)`` lists the untagged, unrejected occurrences
of ``form`` in the article (``o`` again, or ``c``, widens it to the corpus), each with its left
and right context and the form highlighted. ``y``/enter accepts the highlighted one, ``n``
rejects it (remembered at once with :func:`tui.core.assist.suggest.reject_occurrence`), ``A`` accepts every
one not rejected and closes. The accepted ones are returned to the reader, which tags them as
ONE undoable action (:func:`tui.core.assist.suggest.accept_occurrences`); escape closes, keeping what was
accepted so far. The queue closes by itself once every row has been decided.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from ..core.assist.suggest import Occurrence, occurrences, reject_occurrence
from ..core.store import StoreError
from ..widgets.safe import safe_line

#: At most this many occurrences are offered across the corpus at once.
CORPUS_LIMIT = 2000


class OccurrencesResult:
    """What the queue hands back: the accepted occurrences and the keys not yet spent on an action."""

    def __init__(self, accepted: list[Occurrence], label: str, keys: int) -> None:
        self.accepted = accepted
        self.label = label
        self.keys = keys


class OccurrencesScreen(ModalScreen[OccurrencesResult]):
    """Accept or reject the other occurrences of ``form`` as ``label``."""

    DEFAULT_CSS = """
    OccurrencesScreen { align: center middle; }
    OccurrencesScreen > Vertical { width: 96%; height: 80%; border: thick $primary; background: $surface; padding: 0 1; }
    OccurrencesScreen #occ-title { width: 1fr; margin-bottom: 1; }
    OccurrencesScreen OptionList { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "decide(True)", "Accept", id="occurrences.accept", show=True),
        Binding("n", "decide(False)", "Reject", id="occurrences.reject", show=True),
        Binding("A", "accept_all", "Accept all", id="occurrences.accept_all", show=True),
        Binding("o,c", "toggle_scope", "Article / corpus", id="occurrences.scope", show=True),
        Binding("down,j", "move(1)", "Down", id="occurrences.down"),
        Binding("up,k", "move(-1)", "Up", id="occurrences.up"),
        Binding("escape,q", "close", "Done", id="occurrences.close", show=True),
    ]

    def __init__(
        self,
        store: Any,
        form: str,
        label: str,
        article_id: int,
        *,
        keys: int = 0,
        cost: Callable[[int], tuple[int, float]] | None = None,
        corpus: bool = False,
    ) -> None:
        super().__init__()
        self.store = store
        self.form = form
        self.label = label
        self.article_id = article_id
        self.keys = keys  # keys since the previous action (the reader's, then ours)
        self._cost = cost
        self.corpus = corpus
        self.items: list[Occurrence] = []
        self.decided: dict[int, bool] = {}  # row → accepted?

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("", id="occ-title", markup=False)
            yield OptionList(id="occ-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()
        self.query_one(OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        self.keys += 1

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:  # enter on the list
        event.stop()
        self.action_decide(True)

    # --- content --------------------------------------------------------------------------

    def load(self) -> None:
        accepted = [self.items[i] for i, ok in self.decided.items() if ok]
        try:
            found = occurrences(
                self.store,
                self.form,
                self.label,
                self.article_id,
                corpus=self.corpus,
                limit=CORPUS_LIMIT if self.corpus else None,
            )
        except StoreError as exc:
            self.app.notify(safe_line(str(exc)), severity="error", markup=False)
            found = []
        keep = {(o.article_id, o.start, o.end) for o in accepted}
        self.items = found
        self.decided = {
            i: True for i, o in enumerate(found) if (o.article_id, o.start, o.end) in keep
        }
        ol = self.query_one(OptionList)
        ol.clear_options()
        ol.add_options([Option(self._prompt(i), id=str(i)) for i in range(len(found))])
        if found:
            ol.highlighted = 0
        self._title()

    def _title(self) -> None:
        where = "the corpus" if self.corpus else "this article"
        n = len(self.items)
        acc = sum(1 for ok in self.decided.values() if ok)
        rej = sum(1 for ok in self.decided.values() if not ok)
        if n:
            msg = (
                f"«{safe_line(self.form)}» as {safe_line(self.label)}: {n} other occurrence(s) in {where}"
                f" — {acc} accepted, {rej} rejected.  y accept · n reject · A accept all · "
                f"{'o article only' if self.corpus else 'o whole corpus'}"
            )
        else:
            msg = f"No other untagged occurrence of «{safe_line(self.form)}» in {where}." + (
                "" if self.corpus else "  Press o to look across the corpus, escape to close."
            )
        self.query_one("#occ-title", Label).update(msg)

    def _prompt(self, i: int) -> Text:
        o = self.items[i]
        t = Text(no_wrap=True, overflow="ellipsis")
        mark = {True: "✓ ", False: "✗ "}.get(self.decided.get(i), "  ")  # type: ignore[arg-type]
        t.append(mark, Style(bold=True, color="green" if self.decided.get(i) else "red"))
        form = safe_line(o.text or self.form)
        avail = int(self.app.size.width * 0.96) - 10 - (8 if self.corpus else 0)
        side = max(8, (avail - len(form)) // 2)  # one row each: the list does not wrap them
        if self.corpus:
            t.append(f"#{o.article_id} ".rjust(8), Style(dim=True))
        t.append(safe_line(o.context_left)[-side:].rjust(side), Style(dim=True))
        t.append(form, Style(bold=True, reverse=True))
        t.append(safe_line(o.context_right)[:side], Style(dim=True))
        return t

    # --- actions --------------------------------------------------------------------------

    def _spend(self) -> tuple[int, float | None]:
        if self._cost is not None:
            k, sec = self._cost(self.keys)
        else:
            k, sec = self.keys, None
        self.keys = 0
        return k, sec

    def action_move(self, delta: int) -> None:
        ol = self.query_one(OptionList)
        if ol.option_count:
            ol.highlighted = max(0, min(ol.option_count - 1, (ol.highlighted or 0) + delta))

    def action_decide(self, accept: bool) -> None:
        ol = self.query_one(OptionList)
        i = ol.highlighted
        if i is None or not self.items:
            return
        if not accept:
            if self.decided.get(i) is False:
                return
            k, sec = self._spend()
            try:
                reject_occurrence(self.store, self.items[i], self.label, keys=k, seconds=sec)
            except StoreError as exc:
                self.app.notify(safe_line(str(exc)), severity="error", markup=False)
                return
        self.decided[i] = accept
        ol.replace_option_prompt_at_index(i, self._prompt(i))
        self._title()
        undecided = [j for j in range(len(self.items)) if j not in self.decided]
        if not undecided:
            self.action_close()
            return
        nxt = next((j for j in undecided if j > i), undecided[0])
        ol.highlighted = nxt

    def action_accept_all(self) -> None:
        for i in range(len(self.items)):
            self.decided.setdefault(i, True)
        self.action_close()

    def action_toggle_scope(self) -> None:
        self.corpus = not self.corpus
        self.load()

    def action_close(self) -> None:
        accepted = [self.items[i] for i, ok in sorted(self.decided.items()) if ok]
        self.dismiss(OccurrencesResult(accepted, self.label, self.keys))
