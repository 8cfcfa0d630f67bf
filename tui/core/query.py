"""Which articles: the one selection an export, a lint run and the CLI's filters share.

Its own module (not :mod:`tui.core.export`) so that :mod:`tui.core.lint` can take one without
importing the export pipeline, which imports the linter (an import cycle).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .store import Store


@dataclass
class Filters:
    status: Sequence[str] | None = ("done",)
    label: Sequence[str] | None = None
    lang: Sequence[str] | None = None
    since: str | None = None
    search: str | None = None
    ids: Sequence[int] | None = None
    #: whose work: None (every span), an annotator, ``gold`` or ``majority`` (tui/core/adjudicate.py)
    annotator: str | None = None

    def article_ids(self, store: Store) -> list[int]:
        if self.annotator is not None:
            from .adjudicate import article_ids_for

            ids = store.article_ids(lang=self.lang, since=self.since, search=self.search)
            ids = article_ids_for(store, ids, self.annotator, self.status)
        else:
            ids = store.article_ids(
                status=self.status, lang=self.lang, since=self.since, search=self.search
            )
        if self.ids is not None:
            wanted = set(self.ids)
            ids = [i for i in ids if i in wanted]
        return ids
