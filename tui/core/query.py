"""Which articles: the one query the library, ``newsmark export``/``lint``/``search``/``assign``/
``suggest``, the app's export dialog and the lint screen build, and the store answers.

Plain data (no store, no UI) so any module can take one without importing what answers it.
Two label fields, because "label" means two different things depending on who asks:

- ``has_label``: *which articles*: those with at least one span of these labels (the library's
  label filter, ``--with-label``, ``newsmark assign --label``);
- ``span_labels``: *which spans* an export or a lint keeps of every selected article
  (``newsmark export --label``); it never drops an article.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

#: The orders a list can take, with what each means (the library's sort key cycles through them).
ORDERS = {
    "id": "imported order",
    "newest": "newest first",
    "date": "oldest first",
    "title": "title",
    "spans": "most spans",
    "status": "status (in progress first)",
}

#: Fields that hold several values: stored as tuples (hashable, immutable), None for "any".
_MANY = ("status", "lang", "has_label", "span_labels", "ids")


@dataclass(frozen=True)
class ArticleQuery:
    """Which articles, in which order, and which of their spans.

    Every field left at its default selects everything: ``ArticleQuery()`` is every article in
    imported order with all their spans.
    """

    #: article statuses (the annotator's own on a team database, or ``annotator``'s); None: any
    status: tuple[str, ...] | None = None
    #: language codes; None: any
    lang: tuple[str, ...] | None = None
    #: only articles with at least one span of one of these labels
    has_label: tuple[str, ...] | None = None
    #: of the selected articles, keep only the spans of these labels (exports, lint)
    span_labels: tuple[str, ...] | None = None
    #: the library's search as typed (words, "phrases", pre*, a OR b, -word)
    search: str | None = None
    #: ``search`` looks in titles only, each word a prefix (the palette's go-to-article, typed
    #: word by word)
    titles_only: bool = False
    #: articles changed (imported, re-cleaned or annotated) at or after this ISO timestamp
    since: str | None = None
    #: only these article ids (the listing's order still applies)
    ids: tuple[int, ...] | None = None
    #: whose work: None (every span), an annotator, ``gold`` or ``majority``; ``status`` is then
    #: theirs (tui/core/adjudicate.py selects their spans)
    annotator: str | None = None
    #: one of :data:`ORDERS`
    order: str = "id"

    def __post_init__(self) -> None:
        for name in _MANY:
            value = getattr(self, name)
            if isinstance(value, str):  # ("done",), not the letters of "done"
                raise TypeError(f"ArticleQuery.{name} takes a sequence, not {value!r}")
            if value is not None and not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
        if self.order not in ORDERS:
            raise ValueError(f"unknown order {self.order!r}; use one of {', '.join(ORDERS)}")

    @property
    def active(self) -> bool:
        """True when the query leaves some articles out (a narrower list than the library's)."""
        return bool(
            self.status
            or self.lang
            or self.has_label
            or self.search
            or self.since
            or self.ids is not None
        )

    def keeps_span(self, label: str) -> bool:
        """Whether an export or lint of this query keeps a span labelled ``label``."""
        return not self.span_labels or label in self.span_labels

    def with_(self, **changes: Any) -> ArticleQuery:
        """A copy with ``changes`` (field names as keywords), checked like a new query."""
        return replace(self, **changes)

    def cleared(self) -> ArticleQuery:
        """Every article again, in the same order (the library's "clear filters")."""
        return ArticleQuery(order=self.order)


#: What ``newsmark export`` and ``newsmark lint`` select when told nothing: the done articles.
DONE = ArticleQuery(status=("done",))
