"""The reader's "tag all occurrences" key (``o``): offer the other occurrences of the span under
the cursor (or of the last one tagged), in this article and the others, and tag those the user
accepts as one undoable action.

:class:`ReaderOccurrences` is mixed into the reader; the review itself is
:class:`~tui.screens.occurrences.OccurrencesScreen`. The keys pressed in the review count towards
the action's cost, like every key pressed in the reader.
"""

from __future__ import annotations

from typing import Any

from ..core.assist.suggest import accept_occurrences
from ..core.store import Span, StoreError
from ..widgets.text_view import ViewSpan
from .reader_host import ReaderHost


class ReaderOccurrences(ReaderHost):
    """Tag the other occurrences of a span, after the user reviewed them."""

    def action_occurrences(self) -> None:
        """Offer the other occurrences of the span under the cursor (or the last one tagged)."""
        if not self._writable():
            return
        from .occurrences import OccurrencesScreen

        assert self.article is not None
        sp: ViewSpan | Span | None = self.view.span_at_cursor()
        last = self._assist.last_tag
        if sp is None and last is not None and self.view.spans_in(last.start, last.end):
            sp = last
        if sp is None:
            self._say("Put the cursor on a span (or tag one) first", severity="warning", timeout=2)
            return
        keys, self._keys = self._keys, 0
        aid = self.article.id

        def cost(extra: int) -> tuple[int, float]:
            return self._cost(extra)

        def done(res: Any) -> None:
            if res is None:
                return
            if not res.accepted:
                self._keys += res.keys
                return
            k, seconds = self._cost(res.keys)
            try:
                made = accept_occurrences(
                    self.store, res.accepted, res.label, keys=k, seconds=seconds
                )
            except StoreError as exc:
                self._say(str(exc), severity="error")
                self.reload_spans()
                return
            here = [m for m in made if m.article_id == aid]
            if self.article is not None and self.article.id == aid and here:
                self._after_tag(here)
                self._resync(min(m.start for m in here), max(m.end for m in here))
            others = len(made) - len(here)
            self._say(
                f"Tagged {len(made)} occurrence(s) as {res.label}"
                + (f", {others} in other articles" if others else "")
                + " (u undoes them all)",
                timeout=3,
            )

        self.app.push_screen(
            OccurrencesScreen(self.store, sp.text, sp.label, aid, keys=keys, cost=cost), done
        )
