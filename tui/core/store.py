"""The SQLite store: the one class the CLI and the app make every query through.

One file holds everything a user did. Each annotation operation is its own committed
transaction in WAL mode, so a crash or ``kill -9`` loses nothing that was acknowledged.
The database enforces the data contract itself (a trigger refuses a span whose covered
text is not ``text[start:end]``), so no writer, not even another program, can store a
span that would break an export.

The class is assembled from modules with one job each: ``connection`` (open, check, migrate,
transactions, settings), ``undo_log`` (the action log, undo and redo), ``article_search`` (which
articles, search hits), ``assist_queries`` (suggestions, rejections, dictionary) and
``store_stats``; ``records`` holds the dataclasses, ``schema`` the migrations and ``db_file`` the
file checks. This module keeps the articles, labels and spans, and re-exports the public names
so ``from tui.core.store import X`` works for all of them.

This module never imports Textual or Rich: the CLI and the tests use it alone.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

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


class Store(AssistQueries, ArticleSearch, StoreStats):
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

    def replace_text(
        self,
        article_id: int,
        text: str,
        *,
        raw: str | None = None,
        moves: dict[int, tuple[int, int]] | None = None,
        relocate: Callable[[int, int, str], tuple[int, int] | None] | None = None,
        **fields: Any,
    ) -> dict[str, tuple[int, int]]:
        """Swap an article's cleaned text, moving its spans in the same transaction.

        ``moves`` maps every span id to its new offsets; the trigger refuses the update if any span
        would no longer match, so the text an annotation points to can never change under it.

        With ``relocate`` (``(start, end, covered text) -> new (start, end)``, or None when that
        text is gone), the article's stored suggestions and rejections, read inside the same
        transaction, are moved too, and those it cannot place (or that would not cover the
        same text in ``text``) are deleted. Returns ``{"suggestions": (moved, dropped),
        "rejections": (moved, dropped)}`` (zeros without ``relocate``).
        """
        moves = moves or {}
        counts = {"suggestions": (0, 0), "rejections": (0, 0)}
        ts = now()
        with self.transaction() as c:
            spans = c.execute(
                f"SELECT {SPAN_COLUMNS} FROM spans WHERE article_id = ?", (article_id,)
            ).fetchall()
            missing = [s[0] for s in spans if s[0] not in moves]
            if missing:
                raise StoreError(f"article {article_id}: spans {missing} have no new position")
            c.execute("DELETE FROM spans WHERE article_id = ?", (article_id,))
            sets = ["text = ?", "hash = ?", "updated_at = ?"]
            params: list[Any] = [text, content_hash(text), ts]
            if raw is not None:
                sets.append("raw = ?")
                params.append(raw)
            for k, v in fields.items():
                sets.append(f"{k} = ?")
                params.append(json.dumps(v, ensure_ascii=False) if k == "meta" else v)
            try:
                c.execute(
                    f"UPDATE articles SET {', '.join(sets)} WHERE id = ?", (*params, article_id)
                )
            except sqlite3.IntegrityError as exc:
                raise StoreError(
                    f"article {article_id}: the new text duplicates another article ({exc})"
                ) from None
            for s in spans:
                ns, ne = moves[s[0]]
                c.execute(
                    f"INSERT INTO spans({SPAN_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (s[0], article_id, ns, ne, s[4], s[5], s[6], s[7], s[8], ts, s[10]),
                )
            if relocate is not None:
                counts = self._relocate_offsets(c, article_id, text, relocate)
        return counts

    @staticmethod
    def _relocate_offsets(
        c: sqlite3.Connection,
        article_id: int,
        text: str,
        relocate: Callable[[int, int, str], tuple[int, int] | None],
    ) -> dict[str, tuple[int, int]]:
        """Move an article's suggestions and rejections to ``text`` (see :meth:`replace_text`)."""

        def place(start: int, end: int, covered: str) -> tuple[int, int] | None:
            to = relocate(start, end, covered)
            if (
                to is None
                or not (0 <= to[0] < to[1] <= len(text))
                or text[to[0] : to[1]] != covered
            ):
                return None
            return to

        moved = dropped = 0
        for sid, start, end, covered in c.execute(
            'SELECT id, start, "end", text FROM suggestions WHERE article_id = ?', (article_id,)
        ).fetchall():
            to = place(start, end, covered)
            if to is None:
                c.execute("DELETE FROM suggestions WHERE id = ?", (sid,))
                dropped += 1
            else:
                if to != (start, end):
                    c.execute(
                        'UPDATE suggestions SET start = ?, "end" = ? WHERE id = ?', (*to, sid)
                    )
                moved += 1
        out = {"suggestions": (moved, dropped)}
        # Rejections are keyed on their offsets: delete them all and insert the moved ones, so a
        # row never collides with another's old position on the way.
        rows = c.execute(
            'SELECT start, "end", label, form, kind, annotator, created_at FROM rejections'
            " WHERE article_id = ?",
            (article_id,),
        ).fetchall()
        c.execute("DELETE FROM rejections WHERE article_id = ?", (article_id,))
        moved = dropped = 0
        for start, end, label, form, kind, annotator, created in rows:
            to = place(start, end, form)
            if to is None:
                dropped += 1
                continue
            c.execute(
                'INSERT INTO rejections(article_id, start, "end", label, form, kind, annotator, created_at)'
                " VALUES (?,?,?,?,?,?,?,?)",
                (article_id, *to, label, form, kind, annotator, created),
            )
            moved += 1
        out["rejections"] = (moved, dropped)
        out["logged"] = Store._relocate_logged_spans(c, article_id, place)
        return out

    @staticmethod
    def _relocate_logged_spans(
        c: sqlite3.Connection,
        article_id: int,
        place: Callable[[int, int, str], tuple[int, int] | None],
    ) -> tuple[int, int]:
        """Move the offsets of this article's spans recorded in the action log (ops and inverse),
        so undoing or redoing an action from before a re-clean puts the span where its text now
        is. A logged span whose text is gone keeps its old offsets: undoing it is then refused
        with a message, never applied at the wrong place. Returns how many logged spans (by id)
        were moved and how many left.
        """
        moved: set[int] = set()
        left: set[int] = set()
        pattern = f'%"article_id": {int(article_id)}%'
        rows = c.execute(
            "SELECT id, ops, inverse FROM actions WHERE ops LIKE ? OR inverse LIKE ?",
            (pattern, pattern),
        ).fetchall()
        for action_id, ops_json, inverse_json in rows:
            changed = False
            lists = (json.loads(ops_json), json.loads(inverse_json))
            for ops in lists:
                for op in ops:
                    for key in ("span", "before", "after"):
                        sp = op.get(key)
                        if not isinstance(sp, dict) or sp.get("article_id") != article_id:
                            continue
                        if not {"start", "end", "text"} <= sp.keys():
                            continue
                        to = place(sp["start"], sp["end"], sp["text"])
                        if to is None:
                            left.add(sp.get("id", 0))
                        elif to != (sp["start"], sp["end"]):
                            sp["start"], sp["end"] = to
                            moved.add(sp.get("id", 0))
                            changed = True
            if changed:
                c.execute(
                    "UPDATE actions SET ops = ?, inverse = ? WHERE id = ?",
                    (
                        json.dumps(lists[0], ensure_ascii=False),
                        json.dumps(lists[1], ensure_ascii=False),
                        action_id,
                    ),
                )
        return len(moved), len(left)

    # --- labels ---------------------------------------------------------------------------

    def labels(self) -> list[Label]:
        return [
            Label(*r)
            for r in self.execute(
                "SELECT name, colour, hotkey, ord, description FROM labels ORDER BY ord, name"
            )
        ]

    def label_names(self) -> set[str]:
        return {r[0] for r in self.execute("SELECT name FROM labels")}

    def add_label(
        self, name: str, colour: str | None = None, hotkey: str | None = None, description: str = ""
    ) -> Label:
        name = name.strip()
        if not name or any(ch.isspace() for ch in name):
            raise StoreError(f"label {name!r}: a label name is one word without spaces")
        with self.transaction() as c:
            if c.execute("SELECT 1 FROM labels WHERE name = ?", (name,)).fetchone():
                raise StoreError(f"label {name!r} already exists")
            self._ensure_label(c, name)
            if colour:
                c.execute(
                    "UPDATE labels SET colour = ? WHERE name = ?", (_check_colour(colour), name)
                )
            if hotkey is not None:
                self._set_hotkey(c, name, hotkey)
            if description:
                c.execute("UPDATE labels SET description = ? WHERE name = ?", (description, name))
        return next(lb for lb in self.labels() if lb.name == name)

    def _set_hotkey(self, c: sqlite3.Connection, name: str, hotkey: str) -> None:
        hotkey = hotkey.strip()
        if hotkey and (len(hotkey) != 1 or hotkey not in LABEL_KEYS):
            raise StoreError(
                f"hotkey {hotkey!r}: use a digit 1-9 or one of the letters {LABEL_KEYS[9:]}"
                " (the reader's other keys are taken)"
            )
        if hotkey:
            c.execute("UPDATE labels SET hotkey = NULL WHERE hotkey = ?", (hotkey,))
        c.execute("UPDATE labels SET hotkey = ? WHERE name = ?", (hotkey or None, name))

    def update_label(
        self,
        name: str,
        *,
        new_name: str | None = None,
        colour: str | None = None,
        hotkey: str | None = None,
        description: str | None = None,
        ord: int | None = None,
    ) -> None:
        with self.transaction() as c:
            if not c.execute("SELECT 1 FROM labels WHERE name = ?", (name,)).fetchone():
                raise StoreError(f"unknown label {name!r}; `newsmark labels` lists them")
            if colour is not None:
                c.execute(
                    "UPDATE labels SET colour = ? WHERE name = ?", (_check_colour(colour), name)
                )
            if hotkey is not None:
                self._set_hotkey(c, name, hotkey)
            if description is not None:
                c.execute("UPDATE labels SET description = ? WHERE name = ?", (description, name))
            if ord is not None:
                c.execute("UPDATE labels SET ord = ? WHERE name = ?", (ord, name))
            if new_name and new_name != name:
                new_name = new_name.strip()
                if not new_name or any(ch.isspace() for ch in new_name):
                    raise StoreError(f"label {new_name!r}: a label name is one word without spaces")
                if c.execute("SELECT 1 FROM labels WHERE name = ?", (new_name,)).fetchone():
                    raise StoreError(f"label {new_name!r} already exists")
                c.execute(
                    "UPDATE labels SET name = ? WHERE name = ?", (new_name, name)
                )  # spans cascade
                c.execute(
                    "INSERT INTO actions(ts, article_id, kind, ops, inverse, annotator) VALUES (?, NULL, 'rename_label', ?, ?, ?)",
                    (
                        now(),
                        json.dumps({"from": name, "to": new_name}),
                        json.dumps({"from": new_name, "to": name}),
                        self.annotator,
                    ),
                )

    def move_label(self, name: str, delta: int) -> None:
        """Move a label up or down the order (and so the label bar)."""
        names = [lb.name for lb in self.labels()]
        i = names.index(name)
        j = max(0, min(len(names) - 1, i + delta))
        names.insert(j, names.pop(i))
        with self.transaction() as c:
            for k, n in enumerate(names):
                c.execute("UPDATE labels SET ord = ? WHERE name = ?", (k, n))

    def label_usage(self, name: str) -> int:
        return self.execute("SELECT count(*) FROM spans WHERE label = ?", (name,)).fetchone()[0]

    def remove_label(self, name: str, *, force: bool = False) -> int:
        """Remove a label; with spans it needs ``force`` and deletes them (logged). Returns spans removed."""
        n = self.label_usage(name)
        if name not in self.label_names():
            raise StoreError(f"unknown label {name!r}; `newsmark labels` lists them")
        if n and not force:
            raise StoreError(
                f"label {name!r} is used by {n} span(s); add --force to remove it and them"
            )
        with self.transaction() as c:
            rows = c.execute(
                f"SELECT {SPAN_COLUMNS} FROM spans WHERE label = ?", (name,)
            ).fetchall()
            if rows:
                ops = [{"op": "delete", "span": _span(r).as_dict()} for r in rows]
                self._log(c, None, "remove_label", ops)
            c.execute("DELETE FROM spans WHERE label = ?", (name,))
            c.execute("DELETE FROM labels WHERE name = ?", (name,))
        return n

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


def _check_colour(colour: str) -> str:
    c = colour.strip()
    if len(c) == 7 and c.startswith("#") and all(ch in "0123456789abcdefABCDEF" for ch in c[1:]):
        return c.lower()
    raise StoreError(f"colour {colour!r}: use #rrggbb")
