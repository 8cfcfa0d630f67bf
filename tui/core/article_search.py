"""Which articles: the filters (status, language, label, search, since) and orders of the
library, ``newsmark export`` and ``newsmark search``, as SQL over the FTS and trigram indexes,
and where a search matches each article (the snippets the list and the palette show).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from .connection import StoreConnection
from .query import ArticleQuery
from .search_query import SearchQuery, first_match, snippet, translate
from .store_errors import StoreError, _as_store_error
from .team import GOLD


class ArticleSearch(StoreConnection):
    """Article ids for an :class:`ArticleQuery`, and search hits. A base of
    :class:`tui.core.store.Store`."""

    def article_ids(
        self, query: ArticleQuery | None = None, *, limit: int | None = None
    ) -> list[int]:
        """Ids of the articles ``query`` selects (every article when None), in its order;
        ``limit``: only the first ones (the first page of a list, shown while the rest loads)."""
        q = query or ArticleQuery()
        if q.annotator is None and q.ids is None:
            return self._listed_ids(q, q.status, limit)
        if q.annotator is None:
            ids = self._listed_ids(q, q.status, None)
        else:
            # Whose status: the annotator's (or the majority's), not the article row's.
            ids = self._annotator_status(self._listed_ids(q, None, None), q.annotator, q.status)
        if q.ids is not None:
            wanted = set(q.ids)
            ids = [i for i in ids if i in wanted]
        return ids if limit is None else ids[: int(limit)]

    def _listed_ids(
        self, q: ArticleQuery, status: Sequence[str] | None, limit: int | None
    ) -> list[int]:
        order_sql = {
            "id": "a.id",
            "date": "a.published IS NULL, a.published, a.id",  # oldest first
            "newest": "a.published IS NULL, a.published DESC, a.id DESC",
            "spans": "(SELECT count(*) FROM spans s WHERE s.article_id = a.id) DESC, a.id",
            # Work in progress first, then new, done, skipped, rejected.
            "status": "CASE a.status WHEN 'in_progress' THEN 0 WHEN 'new' THEN 1 WHEN 'done' THEN 2"
            " WHEN 'skipped' THEN 3 ELSE 4 END, a.id",
            "title": "coalesce(a.title, a.text) COLLATE NOCASE, a.id",
        }[q.order]
        query = self._search_query(q.search, titles_only=q.titles_only)
        if (
            query is not None
            and q.order == "id"
            and not (status or q.lang or q.has_label or q.since)
        ):
            # The search alone: the FTS index gives the ids in rowid order, without a join back
            # to articles (a common word: ~70 ms for 45k of 100k ids, where the join takes ~300).
            sub, params = query.sql(self._trigrams_starting)
            sql = f"{sub} ORDER BY 1"
        else:
            where, params = self._filters(q, status, query)
            sql = f"SELECT a.id FROM articles a {where} ORDER BY {order_sql}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        try:
            return [r[0] for r in self.conn.execute(sql, params)]
        except sqlite3.OperationalError as exc:
            msg = str(exc)
            if query is not None and not any(
                w in msg for w in ("locked", "busy", "disk", "readonly")
            ):
                # The query is ours (quoted by search_query), so this is not the user's syntax:
                # say what could not be searched, never SQLite's own words.
                raise StoreError(
                    f"search: cannot search for {query.source!r}; "
                    'try plain words or a "quoted phrase"'
                ) from None
            raise _as_store_error(self.path, exc) from None

    def _annotator_status(
        self, ids: list[int], who: str, status: Sequence[str] | None
    ) -> list[int]:
        """``ids`` whose status, for ``who`` (``majority``: any finisher), is in ``status``."""
        if status is None:
            return ids
        wanted = set(status)
        if who == "majority":
            ok = {
                r[0]
                for r in self.execute(
                    "SELECT article_id FROM annotator_status WHERE status = 'done' AND annotator != ?"
                    " AND instr(annotator, '~') = 0 GROUP BY article_id HAVING count(*) >= 1",
                    (GOLD,),
                )
            }
            return [i for i in ids if i in ok] if wanted == {"done"} else ids
        have = dict(
            self.execute(
                "SELECT article_id, status FROM annotator_status WHERE annotator = ?", (who,)
            ).fetchall()
        )
        return [i for i in ids if have.get(i, "new") in wanted]

    #: A short CJK term that starts more trigrams than this is found by scanning the rows.
    SHORT_TERM_TRIGRAMS = 400

    def _trigrams_starting(self, term: str) -> list[str] | None:
        """The trigram index's terms that start with ``term`` (one or two characters); None when
        there are too many to OR together (the caller then scans)."""
        lo = term.lower()  # the index folds case
        rows = self.conn.execute(
            "SELECT term FROM articles_tri_terms WHERE term >= ? AND term < ? LIMIT ?",
            (lo, lo + "\U0010ffff", self.SHORT_TERM_TRIGRAMS + 1),
        ).fetchall()
        return None if len(rows) > self.SHORT_TERM_TRIGRAMS else [r[0] for r in rows]

    @staticmethod
    def _search_query(
        search: str | SearchQuery | None, *, titles_only: bool = False
    ) -> SearchQuery | None:
        """The parsed search; a StoreError that says why when the text holds nothing to search.
        ``titles_only``: in titles, each word a prefix (the first eight words)."""
        if search is None or isinstance(search, SearchQuery):
            return search
        if not search.strip():
            return None
        if titles_only:
            query = translate(" ".join(search.split()[:8]), column="title", prefix_words=True)
        else:
            query = translate(search)
        if query is None:
            raise StoreError(
                f'search: nothing to search for in {search!r}; type words or a "phrase"'
            )
        return query

    def search_hits(
        self, ids: Sequence[int], search: str | SearchQuery, width: int = 80
    ) -> dict[int, dict[str, Any]]:
        """Where ``search`` matches each of ``ids``: ``{id: {title, start, end, field, snippet,
        snippet_start, snippet_end}}``; ``start``/``end`` are offsets in the article text (None
        when only the title matched). The list's preview, the palette and ``newsmark search`` show
        these; the reader opens at ``start``."""
        query = self._search_query(search)
        if query is None or not ids:
            return {}
        out: dict[int, dict[str, Any]] = {}
        for chunk in (list(ids[i : i + 200]) for i in range(0, len(ids), 200)):
            rows = self.execute(
                f"SELECT id, title, text FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            for aid, title, text in rows:
                hit: dict[str, Any] = {
                    "title": title,
                    "start": None,
                    "end": None,
                    "field": None,
                    "snippet": None,
                    "snippet_start": None,
                    "snippet_end": None,
                }
                for where, value in (("text", text), ("title", title or "")):
                    if query.column not in (None, where):
                        continue
                    m = first_match(value, query)
                    if m is not None:
                        line, s0, s1 = snippet(value, m[0], m[1], width)
                        hit.update(field=where, snippet=line, snippet_start=s0, snippet_end=s1)
                        if where == "text":
                            hit.update(start=m[0], end=m[1])
                        break
                out[aid] = hit
        return out

    def _filters(
        self, q: ArticleQuery, status: Sequence[str] | None, search: SearchQuery | None
    ) -> tuple[str, list[Any]]:
        """The WHERE clause of ``q`` (``status`` apart: the caller says whose it is)."""
        lang, label, since = q.lang, q.has_label, q.since
        clauses: list[str] = []
        params: list[Any] = []
        if status:
            col, col_params = self._status_column()
            clauses.append(f"{col} IN ({','.join('?' * len(status))})")
            params.extend([*col_params, *status])
        if lang:
            clauses.append(f"a.lang IN ({','.join('?' * len(lang))})")
            params.extend(lang)
        if label:
            clauses.append(
                f"EXISTS (SELECT 1 FROM spans s WHERE s.article_id = a.id AND s.label IN ({','.join('?' * len(label))}))"
            )
            params.extend(label)
        if since:
            # Annotating does not rewrite the article row (it would copy the whole text):
            # the action log says when its spans last changed.
            clauses.append(
                "(a.updated_at >= ? OR EXISTS (SELECT 1 FROM actions x"
                " WHERE x.article_id = a.id AND x.ts >= ?))"
            )
            params.extend([since, since])
        if search is not None:
            sub, sub_params = search.sql(self._trigrams_starting)
            clauses.append(f"a.id IN ({sub})")
            params.extend(sub_params)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
