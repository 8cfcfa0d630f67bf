"""The SQLite store: the one class the CLI and the app make every query through.

One file holds everything a user did. Each annotation operation is its own committed
transaction in WAL mode, so a crash or ``kill -9`` loses nothing that was acknowledged.
The database enforces the data contract itself (a trigger refuses a span whose covered
text is not ``text[start:end]``), so no writer, not even another program, can store a
span that would break an export.

The class is assembled from modules with one job each: ``connection`` (open, check, migrate,
transactions, settings), ``undo_log`` (the action log, undo and redo), ``article_import``
(insert and merge), ``label_store`` (the label set), ``text_replacement`` (re-cleaning under
spans), ``article_search`` (which articles, search hits), ``assist_queries`` (suggestions,
rejections, dictionary) and ``store_stats``; ``records`` holds the dataclasses, ``schema`` the
migrations, ``db_file`` the file checks and ``store_errors`` the refusals. This module keeps
reading articles, their tags and notes, and the span writes, and re-exports the public names so
``from tui.core.store import X`` works for all of them.

This module never imports Textual or Rich: the CLI and the tests use it alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .article_import import ArticleImport
from .article_search import ArticleSearch
from .assist_queries import AssistQueries
from .clock import now
from .connection import BUSY_TIMEOUT_S, StoreConnection, _team
from .db_file import (
    check_connection,
    default_db_path,
    is_live_database_file,
    live_database_files,
)
from .label_store import LabelStore
from .records import (
    ARTICLE_COLUMNS,
    DEFAULT_LABELS,
    LABEL_KEYS,
    ORIGINS,
    PALETTE,
    SPAN_COLUMNS,
    STATUSES,
    Article,
    Label,
    NewArticle,
    Span,
    _article,
    _span,
    content_hash,
    default_annotator,
)
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, trigram_fill_sql
from .store_errors import SpanError, StoreError
from .store_stats import StoreStats
from .text_replacement import TextReplacement

#: Every name other modules import from here (most now live in the modules above).
__all__ = [
    "APPLICATION_ID",
    "ARTICLE_COLUMNS",
    "BUSY_TIMEOUT_S",
    "DEFAULT_LABELS",
    "LABEL_KEYS",
    "MIGRATIONS",
    "ORIGINS",
    "PALETTE",
    "SCHEMA_VERSION",
    "SPAN_COLUMNS",
    "STATUSES",
    "Article",
    "Label",
    "NewArticle",
    "Span",
    "SpanError",
    "Store",
    "StoreConnection",
    "StoreError",
    "check_connection",
    "content_hash",
    "default_annotator",
    "default_db_path",
    "is_live_database_file",
    "live_database_files",
    "now",
    "trigram_fill_sql",
]


class Store(AssistQueries, ArticleImport, LabelStore, TextReplacement, ArticleSearch, StoreStats):
    """A connection to one newsmark database. One per thread (SQLite connections are not shared)."""

    # --- articles -------------------------------------------------------------------------

    def article(self, article_id: int) -> Article | None:
        row = self.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        art = _article(row)
        if self.setting("team_mode", "0") == "1":  # the reader shows the annotator's own status
            art.status = _team().own_status(self.conn, article_id, self.annotator, "new")
        return art

    def require_article(self, article_id: int) -> Article:
        a = self.article(article_id)
        if a is None:
            raise StoreError(f"no article with id {article_id}")
        return a

    def article_count(self) -> int:
        return self.execute("SELECT count(*) FROM articles").fetchone()[0]

    def has_hash(self, h: str) -> bool:
        return self.execute("SELECT 1 FROM articles WHERE hash = ?", (h,)).fetchone() is not None

    def iter_articles(self, ids: Iterable[int], batch: int = 200) -> Iterator[Article]:
        """Articles for ``ids`` in that order, fetched in batches so memory stays flat."""
        chunk: list[int] = []
        for i in ids:
            chunk.append(i)
            if len(chunk) >= batch:
                yield from self._fetch_articles(chunk)
                chunk = []
        if chunk:
            yield from self._fetch_articles(chunk)

    def _fetch_articles(self, ids: list[int]) -> list[Article]:
        rows = self.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids
        ).fetchall()
        by_id = {r[0]: _article(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def summaries(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """Light rows for the article list: no raw or full text, only what a row shows."""
        if not ids:
            return {}
        col, col_params = self._status_column()
        own, who = self._own_spans()  # a team database: their own progress and spans
        rows = self.execute(
            f"SELECT a.id, {col}, a.lang, a.title, substr(a.text, 1, 200), a.publisher, a.source,"
            f" a.published, (SELECT count(*) FROM spans s WHERE s.article_id = a.id{own}), a.author,"
            " a.lang_prob"
            f" FROM articles a WHERE a.id IN ({','.join('?' * len(ids))})",
            [*col_params, *who, *ids],
        ).fetchall()
        keys = (
            "id",
            "status",
            "lang",
            "title",
            "head",
            "publisher",
            "source",
            "published",
            "spans",
            "author",
            "lang_prob",
        )
        return {r[0]: dict(zip(keys, r, strict=True)) for r in rows}

    def data_version(self) -> tuple[int, int]:
        """Changes by any connection: (max action id, article count + max updated). Cheap to poll."""
        row = self.execute(
            "SELECT (SELECT coalesce(max(id), 0) FROM actions),"
            " (SELECT count(*) FROM articles) * 1000003 + (SELECT coalesce(max(id), 0) FROM articles)"
        ).fetchone()
        return row[0], row[1]

    def set_language(self, article_id: int, lang: str) -> None:
        """A user's correction of the language: kept across re-cleaning."""
        with self.transaction() as c:
            c.execute(
                "UPDATE articles SET lang = ?, lang_prob = 1.0, lang_locked = 1, updated_at = ? WHERE id = ?",
                (lang, now(), article_id),
            )

    def tags(self, article_id: int, own: bool = False) -> list[str]:
        """An article's tags; ``own``: on a team database, this annotator's only (the reader is
        blind to the others' work), else the latest anyone set."""
        if own and self.setting("team_mode", "0") == "1":
            sql = (
                "SELECT tag FROM annotator_tags WHERE article_id = ? AND annotator = ? ORDER BY tag"
            )
            return [r[0] for r in self.execute(sql, (article_id, self.annotator))]
        return [
            r[0]
            for r in self.execute(
                "SELECT tag FROM tags WHERE article_id = ? ORDER BY tag", (article_id,)
            )
        ]

    def set_tags(self, article_id: int, tags: Iterable[str]) -> None:
        with self.transaction() as c:
            c.execute("DELETE FROM tags WHERE article_id = ?", (article_id,))
            for t in sorted({t.strip() for t in tags if t.strip()}):
                c.execute("INSERT INTO tags(article_id, tag) VALUES (?, ?)", (article_id, t))
            _team().record_tags(c, article_id, self.annotator, tags)
            c.execute("UPDATE articles SET updated_at = ? WHERE id = ?", (now(), article_id))

    def note(self, article_id: int, own: bool = False) -> str:
        """An article's note; ``own`` as in :meth:`tags`."""
        if own and self.setting("team_mode", "0") == "1":
            sql = "SELECT note FROM annotator_notes WHERE article_id = ? AND annotator = ?"
            row = self.execute(sql, (article_id, self.annotator)).fetchone()
        else:
            row = self.execute(
                "SELECT note FROM notes WHERE article_id = ?", (article_id,)
            ).fetchone()
        return row[0] if row else ""

    def set_note(self, article_id: int, note: str) -> None:
        ts = now()
        with self.transaction() as c:
            if note.strip():
                c.execute(
                    "INSERT OR REPLACE INTO notes(article_id, note, updated_at) VALUES (?, ?, ?)",
                    (article_id, note, ts),
                )
            else:
                c.execute("DELETE FROM notes WHERE article_id = ?", (article_id,))
            _team().record_note(c, article_id, self.annotator, note, ts)
            c.execute("UPDATE articles SET updated_at = ? WHERE id = ?", (ts, article_id))

    # --- spans ----------------------------------------------------------------------------

    def spans(self, article_id: int, *, own: bool = False) -> list[Span]:
        """An article's spans; with ``own``, on a team database only the annotator's (what the
        reader and its assistance may see: blind annotation)."""
        where, who = self._own_spans() if own else ("", ())
        return [
            _span(r)
            for r in self.execute(
                f"SELECT {SPAN_COLUMNS} FROM spans WHERE article_id = ?{where}"
                ' ORDER BY start, "end", id',
                (article_id, *who),
            )
        ]

    def span(self, span_id: int) -> Span | None:
        row = self.execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE id = ?", (span_id,)).fetchone()
        return _span(row) if row else None

    def write_lock_free(self, probe_ms: int = 30) -> bool:
        """Whether a write could start now; waits at most ``probe_ms`` for another writer (the
        reader holds keys instead of freezing on a database another program has locked)."""
        conn = self.conn
        if conn.in_transaction:
            return True
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(probe_ms)}")
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
                return True
            except sqlite3.OperationalError as exc:
                return "locked" not in str(exc) and "busy" not in str(
                    exc
                )  # others: the write reports them
            finally:
                conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        except sqlite3.Error:
            return True

    def span_rows(
        self, article_id: int, start: int | None = None, end: int | None = None
    ) -> list[tuple[int, int, int, str, str]]:
        """``(id, start, end, label, text)`` of an article's spans, or of those overlapping
        ``[start, end)``, sorted: plain tuples, because the reader holds thousands and a
        :class:`Span` each costs ~15 % of opening a long article. On a team database only the
        annotator's own spans (blind annotation)."""
        sql = 'SELECT id, start, "end", label, text FROM spans WHERE article_id = ?'
        params: tuple[int | str, ...] = (article_id,)
        if start is not None and end is not None:
            sql += ' AND start < ? AND "end" > ?'
            params += (end, start)
        own, who = self._own_spans()
        return [
            tuple(r) for r in self.execute(sql + own + ' ORDER BY start, "end", id', params + who)
        ]

    def status_and_last_action(self, article_id: int) -> tuple[str, int] | None:
        """An article's status and the id of the last logged action (0 when none): one cheap
        read after each annotation action."""
        row = self.execute(
            "SELECT status, (SELECT coalesce(max(id), 0) FROM actions) FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def preview_row(
        self, article_id: int, chars: int
    ) -> tuple[str, str | None, str | None, str, float | None] | None:
        """``(first chars of the text, author, source, imported_at, lang_prob)`` of an article."""
        return self.execute(
            "SELECT substr(text, 1, ?), author, source, imported_at, lang_prob FROM articles WHERE id = ?",
            (chars, article_id),
        ).fetchone()

    def tag(
        self,
        article_id: int,
        start: int,
        end: int,
        label: str,
        *,
        text: str | None = None,
        origin: str = "manual",
        how: str | None = None,
        keys: int | None = None,
        seconds: float | None = None,
    ) -> Span:
        """Tag ``[start, end)`` with ``label`` as one committed, undoable action.

        Tagging exactly an existing span relabels it. In NER mode (no overlaps) spans the new one
        overlaps are deleted in the same action, so one undo restores them.
        """
        ts = now()
        with self.transaction() as c:
            if not c.execute("SELECT 1 FROM labels WHERE name = ?", (label,)).fetchone():
                raise StoreError(
                    f"unknown label {label!r}; add it with `newsmark labels add {label}`"
                )
            covered = self._check_span(c, article_id, start, end, text)
            own, who = self._own_spans()  # on a team database, each annotator's spans are theirs
            same = c.execute(
                f'SELECT {SPAN_COLUMNS} FROM spans WHERE article_id = ? AND start = ? AND "end" = ?{own}',
                (article_id, start, end, *who),
            ).fetchone()
            ops: list[dict[str, Any]] = []
            if same is not None:
                old = _span(same)
                if old.label == label:
                    return old
                new = Span(**{**old.as_dict(), "label": label, "updated_at": ts})
                ops.append({"op": "update", "before": old.as_dict(), "after": new.as_dict()})
            else:
                if not self.allow_overlap:
                    for r in c.execute(
                        f'SELECT {SPAN_COLUMNS} FROM spans WHERE article_id = ? AND start < ? AND "end" > ?{own}',
                        (article_id, end, start, *who),
                    ).fetchall():
                        ops.append({"op": "delete", "span": _span(r).as_dict()})
                sid = self._next_span_id(c)
                self._span_ids_used(c, sid)
                new = Span(
                    sid, article_id, start, end, label, covered, self.annotator, origin, ts, ts, how
                )
                ops.append({"op": "insert", "span": new.as_dict()})
            ops += self._started(c, [article_id])
            self._apply(c, ops)
            self._log(c, article_id, "tag", ops, keys=keys, seconds=seconds)
        return new

    @staticmethod
    def _next_span_id(c: sqlite3.Connection) -> int:
        """A span id never used before in this database, even by a span since deleted: an undone
        tag's id must not go to another span (another annotator's), or its redo would be refused."""
        row = c.execute("SELECT value FROM settings WHERE key = 'next_span_id'").fetchone()
        floor = c.execute("SELECT coalesce(max(id), 0) + 1 FROM spans").fetchone()[0]
        if row is None:  # once per database: the highest id any logged action ever inserted
            logged = c.execute(
                "SELECT max(CAST(json_extract(j.value, '$.span.id') AS INTEGER))"
                " FROM actions, json_each(actions.ops) AS j WHERE j.type = 'object'"
            ).fetchone()[0]
            return max(floor, (logged or 0) + 1)
        return max(floor, int(row[0]))

    @staticmethod
    def _span_ids_used(c: sqlite3.Connection, last: int) -> None:
        c.execute(
            "INSERT INTO settings(key, value) VALUES ('next_span_id', ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (str(last + 1),),
        )

    def tag_many(
        self,
        article_id: int | None,
        items: Sequence[tuple[Any, ...]],
        *,
        origin: str = "manual",
        how: str | None = None,
        keys: int | None = None,
        seconds: float | None = None,
    ) -> list[Span]:
        """Tag several ``(article_id, start, end, label)`` as ONE undoable action (accept-all).

        An item may carry its own ``origin`` and ``how`` as fifth and sixth fields.
        """
        ts = now()
        made: list[Span] = []
        with self.transaction() as c:
            ops: list[dict[str, Any]] = []
            sid = self._next_span_id(c) - 1
            for item in items:
                aid, start, end, label = item[:4]
                i_origin = item[4] if len(item) > 4 else origin
                i_how = item[5] if len(item) > 5 else how
                if not c.execute("SELECT 1 FROM labels WHERE name = ?", (label,)).fetchone():
                    raise StoreError(f"unknown label {label!r}")
                covered = self._check_span(c, aid, start, end, None)
                own, who = self._own_spans()
                clash = c.execute(
                    f'SELECT 1 FROM spans WHERE article_id = ? AND start < ? AND "end" > ?{own}',
                    (aid, end, start, *who),
                ).fetchone()
                if clash and not self.allow_overlap:
                    continue
                sid += 1
                sp = Span(
                    sid, aid, start, end, label, covered, self.annotator, i_origin, ts, ts, i_how
                )
                op = {"op": "insert", "span": sp.as_dict()}
                self._apply(c, [op])
                ops.append(op)
                made.append(sp)
            if ops:
                self._span_ids_used(c, sid)
                started = self._started(c, [sp.article_id for sp in made])
                self._apply(c, started)
                ops += started
                self._log(c, article_id, "tag_many", ops, keys=keys, seconds=seconds)
                if article_id is None:  # across the corpus: the log has no one article to show
                    for aid in {s.article_id for s in made}:
                        self._touch(c, aid, ts)
        return made

    def delete_span(self, span_id: int) -> Span:
        with self.transaction() as c:
            row = c.execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE id = ?", (span_id,)).fetchone()
            if row is None:
                raise StoreError(f"no span with id {span_id}")
            sp = _span(row)
            ops = [{"op": "delete", "span": sp.as_dict()}, *self._started(c, [sp.article_id])]
            self._apply(c, ops)
            self._log(c, sp.article_id, "delete", ops)
        return sp

    def relabel(self, span_id: int, label: str) -> Span:
        sp = self.span(span_id)
        if sp is None:
            raise StoreError(f"no span with id {span_id}")
        return self.tag(sp.article_id, sp.start, sp.end, label)

    def set_status(self, article_id: int, status: str) -> None:
        if status not in STATUSES:
            raise StoreError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        with self.transaction() as c:
            row = c.execute("SELECT status FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                raise StoreError(f"no article with id {article_id}")
            before = _team().own_status(c, article_id, self.annotator, row[0])
            if before == status:
                return
            ops = [{"op": "status", "article_id": article_id, "before": before, "after": status}]
            self._apply(c, ops)
            self._log(c, article_id, "status", ops)
