"""Articles into the store: a batch insert with their spans, tags, notes and rejections in one
transaction per batch, and the merge of another tool's annotations onto articles already stored
(a duplicate text gains the spans it lacks, never loses one).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from .clock import now
from .connection import _team
from .records import SPAN_COLUMNS, NewArticle, Span, _span, content_hash
from .store_errors import StoreError
from .undo_log import ActionLog


class ArticleImport(ActionLog):
    """``insert_articles`` and ``merge_imported``. A base of :class:`tui.core.store.Store`."""

    def insert_articles(self, items: Iterable[NewArticle]) -> tuple[list[int], int, list[str]]:
        """Insert a batch in one transaction; returns (new ids, duplicates skipped, messages).

        Duplicates (same content hash) are skipped. Spans that break the contract are skipped and
        reported; labels the database does not know are created and reported.
        """
        ids: list[int] = []
        dupes = 0
        messages: list[str] = []
        ts = now()
        with self.transaction() as c:
            for item in items:
                if "\x00" in item.text:
                    # SQLite's length() and substr() stop at a NUL: no span after one could ever be
                    # stored (the contract trigger refuses it). U+FFFD keeps every offset; the item
                    # is updated too, so the caller holds the text that was stored.
                    item.text = item.text.replace("\x00", "\ufffd")
                    messages.append(
                        f"{item.source or item.title or 'an article'}: NUL characters "
                        "replaced by U+FFFD"
                    )
                h = content_hash(item.text)
                if dup := c.execute("SELECT id FROM articles WHERE hash = ?", (h,)).fetchone():
                    dupes += 1
                    item.duplicate_of = dup[0]
                    continue
                use_id = item.id
                if (
                    use_id is not None
                    and c.execute("SELECT 1 FROM articles WHERE id = ?", (use_id,)).fetchone()
                ):
                    use_id = None
                cur = c.execute(
                    "INSERT INTO articles(id, hash, source, title, author, published, publisher, raw, text,"
                    " lang, lang_prob, status, imported_at, updated_at, meta, kind, cleaner_version,"
                    " lang_mixed) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        use_id,
                        h,
                        item.source,
                        item.title,
                        item.author,
                        item.published,
                        item.publisher,
                        item.raw,
                        item.text,
                        item.lang,
                        item.lang_prob,
                        item.status,
                        ts,
                        ts,
                        json.dumps(item.meta, ensure_ascii=False),
                        item.kind,
                        item.cleaner_version,
                        int(item.lang_mixed),
                    ),
                )
                aid = cur.lastrowid
                assert aid is not None
                ids.append(aid)
                _team().record_import(c, aid, self.annotator, item.status, item.tags, item.note, ts)
                item.stored_id = aid
                for tag in item.tags:
                    c.execute(
                        "INSERT OR IGNORE INTO tags(article_id, tag) VALUES (?, ?)", (aid, tag)
                    )
                if item.note:
                    c.execute(
                        "INSERT INTO notes(article_id, note, updated_at) VALUES (?, ?, ?)",
                        (aid, item.note, ts),
                    )
                for sp in item.spans:
                    label = sp["label"]
                    if self._ensure_label(c, label):
                        messages.append(f"created label {label!r}")
                    c.execute(
                        f"INSERT INTO spans({SPAN_COLUMNS}) VALUES (NULL,?,?,?,?,?,?,?,?,?,?)",
                        (
                            aid,
                            sp["start"],
                            sp["end"],
                            label,
                            item.text[sp["start"] : sp["end"]],
                            sp.get("annotator") or self.annotator,
                            sp.get("origin") or "imported",
                            ts,
                            ts,
                            sp.get("how"),
                        ),
                    )
                self._insert_rejections(c, aid, item.text, item.rejections, ts)
        return ids, dupes, messages

    def _insert_rejections(
        self,
        c: sqlite3.Connection,
        aid: int,
        text: str,
        rejections: Iterable[dict[str, Any]],
        ts: str,
    ) -> int:
        n = 0
        for r in rejections:
            self._ensure_label(c, r["label"])
            cur = c.execute(
                'INSERT OR IGNORE INTO rejections(article_id, start, "end", label, form, kind, annotator,'
                " created_at) VALUES (?,?,?,?,?,?,?,?)",
                (
                    aid,
                    r["start"],
                    r["end"],
                    r["label"],
                    text[r["start"] : r["end"]],
                    r.get("kind") or "imported",
                    r.get("annotator") or self.annotator,
                    ts,
                ),
            )
            n += cur.rowcount
        return n

    def merge_imported(
        self,
        article_id: int,
        spans: Sequence[dict[str, Any]],
        rejections: Sequence[dict[str, Any]] = (),
        status: str | None = None,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[dict[str, Any], Span]]]:
        """Add an imported record's spans to the article that already has its text, in one
        transaction: ``(added, already there, refused with the span they overlap)``. A span the
        article holds already (same offsets and label) is not added twice; one overlapping
        another is refused when the database does not allow overlaps. ``status`` replaces
        ``new`` only (never a status a user set)."""
        return self.merge_imported_many([(article_id, spans, rejections, status)])[0]

    def merge_imported_many(
        self,
        items: Sequence[tuple[int, Sequence[dict[str, Any]], Sequence[dict[str, Any]], str | None]],
    ) -> list[tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[dict[str, Any], Span]]]]:
        """:meth:`merge_imported` for a batch, in one transaction."""
        ts = now()
        out = []
        with self.transaction() as c:
            allow = self.allow_overlap
            for article_id, spans, rejections, status in items:
                out.append(self._merge_one(c, article_id, spans, rejections, status, ts, allow))
        return out

    def _merge_one(
        self,
        c: sqlite3.Connection,
        article_id: int,
        spans: Sequence[dict[str, Any]],
        rejections: Sequence[dict[str, Any]],
        status: str | None,
        ts: str,
        allow: bool,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[dict[str, Any], Span]]]:
        added: list[dict[str, Any]] = []
        same: list[dict[str, Any]] = []
        refused: list[tuple[dict[str, Any], Span]] = []
        text = self._article_text(c, article_id)
        if text is None:
            raise StoreError(f"no article with id {article_id}")
        for sp in spans:
            rows = [
                _span(r)
                for r in c.execute(
                    f'SELECT {SPAN_COLUMNS} FROM spans WHERE article_id = ? AND start < ? AND "end" > ?',
                    (article_id, sp["end"], sp["start"]),
                )
            ]
            if any(
                (r.start, r.end, r.label) == (sp["start"], sp["end"], sp["label"]) for r in rows
            ):
                same.append(sp)
                continue
            if rows and not allow:
                refused.append((sp, rows[0]))
                continue
            self._ensure_label(c, sp["label"])
            c.execute(
                f"INSERT INTO spans({SPAN_COLUMNS}) VALUES (NULL,?,?,?,?,?,?,?,?,?,?)",
                (
                    article_id,
                    sp["start"],
                    sp["end"],
                    sp["label"],
                    text[sp["start"] : sp["end"]],
                    sp.get("annotator") or self.annotator,
                    sp.get("origin") or "imported",
                    ts,
                    ts,
                    sp.get("how"),
                ),
            )
            added.append(sp)
        self._insert_rejections(c, article_id, text, rejections, ts)
        if status and status != "new":
            c.execute(
                "UPDATE articles SET status = ?, updated_at = ? WHERE id = ? AND status = 'new'",
                (status, ts, article_id),
            )
        if added:
            self._touch(c, article_id, ts)
        return added, same, refused
