"""The queries behind annotation assistance: span forms, rejections, the user's dictionary,
stored model suggestions, other annotators' spans and the assignment queue.

The logic is in tui/core/assist/ (suggest.py, candidates.py, model.py); these are its queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .clock import now
from .store_errors import StoreError
from .undo_log import ActionLog


class AssistQueries(ActionLog):
    """Suggestions, rejections and the dictionary. A base of :class:`tui.core.store.Store`."""

    def span_forms(self) -> list[tuple[str, str, int]]:
        """``(surface form, label, count)`` of every span in the corpus: the dictionary's base.
        On a team database only the annotator's own spans (blind: no form someone else tagged)."""
        own, who = self._own_spans()
        return [
            (t, lb, n)
            for t, lb, n in self.execute(
                f"SELECT text, label, count(*) FROM spans WHERE 1{own} GROUP BY text, label", who
            )
        ]

    def reject(
        self,
        article_id: int,
        start: int,
        end: int,
        label: str,
        *,
        kind: str,
        keys: int | None = None,
        seconds: float | None = None,
    ) -> None:
        """Remember that ``[start, end)`` is not ``label`` (an occurrence or a suggestion the user
        turned down), so it is not offered again. Logged with its keys and seconds for the speed
        figures; not undoable (:meth:`unreject` takes it back)."""
        with self.transaction() as c:
            form = self._check_span(c, article_id, start, end, None)
            c.execute(
                'INSERT OR REPLACE INTO rejections(article_id, start, "end", label, form, kind, annotator,'
                " created_at) VALUES (?,?,?,?,?,?,?,?)",
                (article_id, start, end, label, form, kind, self.annotator, now()),
            )
            ops = [
                {
                    "op": "reject",
                    "article_id": article_id,
                    "start": start,
                    "end": end,
                    "label": label,
                    "form": form,
                    "kind": kind,
                }
            ]
            self._log(c, article_id, "reject", ops, keys=keys, seconds=seconds)

    def unreject(self, article_id: int, start: int, end: int, label: str) -> bool:
        own, who = self._own_spans()  # a team database: never take back someone else's
        with self.transaction() as c:
            cur = c.execute(
                'DELETE FROM rejections WHERE article_id = ? AND start = ? AND "end" = ? AND label = ?'
                + own,
                (article_id, start, end, label, *who),
            )
            return cur.rowcount > 0

    def rejections(self, article_id: int | None = None) -> set[tuple[int, int, int, str]]:
        """``(article_id, start, end, label)`` rejected, still pointing at the text they named;
        on a team database only the annotator's own rejections."""
        own, who = self._own_spans("r")
        sql = (
            'SELECT r.article_id, r.start, r."end", r.label FROM rejections r JOIN articles a'
            ' ON a.id = r.article_id WHERE substr(a.text, r.start + 1, r."end" - r.start) = r.form'
            + own
        )
        params: tuple[Any, ...] = who
        if article_id is not None:
            sql += " AND r.article_id = ?"
            params += (article_id,)
        return {tuple(r) for r in self.execute(sql, params)}  # type: ignore[misc]

    def rejected_forms(self) -> dict[tuple[str, str], int]:
        """How often each ``(form, label)`` was rejected, over the corpus (on a team database,
        by this annotator)."""
        own, who = self._own_spans()
        return {
            (f, lb): n
            for f, lb, n in self.execute(
                f"SELECT form, label, count(*) FROM rejections WHERE 1{own} GROUP BY form, label",
                who,
            )
        }

    def dictionary_entries(self) -> list[tuple[str, str, str | None]]:
        """The user's own list: ``(form, label, source)``."""
        return [
            tuple(r)
            for r in self.execute(  # type: ignore[misc]
                "SELECT form, label, source FROM dictionary ORDER BY form, label"
            )
        ]

    def add_dictionary_entries(
        self,
        items: Iterable[tuple[str, str]],
        source: str | None = None,
        *,
        create_labels: bool = False,
    ) -> tuple[int, list[str]]:
        """Add ``(form, label)`` entries; returns (entries new to the list, messages)."""
        added = 0
        messages: list[str] = []
        ts = now()
        with self.transaction() as c:
            for form, label in items:
                if not c.execute("SELECT 1 FROM labels WHERE name = ?", (label,)).fetchone():
                    if not create_labels:
                        raise StoreError(
                            f"unknown label {label!r} for {form!r}; add it with "
                            f"`newsmark labels add {label}`"
                        )
                    self._ensure_label(c, label)
                    messages.append(f"created label {label!r}")
                cur = c.execute(
                    "INSERT OR IGNORE INTO dictionary(form, label, source, created_at)"
                    " VALUES (?, ?, ?, ?)",
                    (form, label, source, ts),
                )
                added += cur.rowcount
        return added, messages

    def remove_dictionary_entry(self, form: str, label: str | None = None) -> int:
        with self.transaction() as c:
            if label is None:
                return c.execute("DELETE FROM dictionary WHERE form = ?", (form,)).rowcount
            return c.execute(
                "DELETE FROM dictionary WHERE form = ? AND label = ?", (form, label)
            ).rowcount

    def replace_suggestions(
        self,
        article_id: int,
        items: Iterable[tuple[int, int, str]],
        *,
        origin: str = "model",
        model: str | None = None,
    ) -> int:
        """Replace the pending suggestions of ``origin``/``model`` for an article with ``items``
        (``(start, end, label)``). Items whose label the database lacks or that break the
        contract are skipped. Returns how many were stored."""
        ts = now()
        n = 0
        with self.transaction() as c:
            row = c.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                raise StoreError(f"no article with id {article_id}")
            text = row[0]
            labels = {r[0] for r in c.execute("SELECT name FROM labels")}
            c.execute(
                "DELETE FROM suggestions WHERE article_id = ? AND origin = ? AND model IS ?",
                (article_id, origin, model),
            )
            for start, end, label in items:
                if label not in labels or not (0 <= start < end <= len(text)):
                    continue
                c.execute(
                    'INSERT INTO suggestions(article_id, start, "end", label, text, origin, model, created_at)'
                    " VALUES (?,?,?,?,?,?,?,?)",
                    (article_id, start, end, label, text[start:end], origin, model, ts),
                )
                n += 1
        return n

    def stored_suggestions(self, article_id: int) -> list[dict[str, Any]]:
        """Pending stored suggestions of an article, still matching its text (not filtered
        against spans or rejections: :func:`tui.core.assist.suggest.article_suggestions` does that)."""
        keys = (
            "id",
            "article_id",
            "start",
            "end",
            "label",
            "text",
            "origin",
            "model",
            "created_at",
        )
        return [
            dict(zip(keys, r, strict=True))
            for r in self.execute(
                'SELECT s.id, s.article_id, s.start, s."end", s.label, s.text, s.origin, s.model, s.created_at'
                " FROM suggestions s JOIN articles a ON a.id = s.article_id WHERE s.article_id = ?"
                ' AND substr(a.text, s.start + 1, s."end" - s.start) = s.text ORDER BY s.start, s."end", s.id',
                (article_id,),
            )
        ]

    def clear_suggestions(
        self, article_ids: Sequence[int] | None = None, *, origin: str | None = None
    ) -> int:
        sql = "DELETE FROM suggestions WHERE 1"
        params: list[Any] = []
        if article_ids is not None:
            sql += f" AND article_id IN ({','.join('?' * len(article_ids))})"
            params.extend(article_ids)
        if origin is not None:
            sql += " AND origin = ?"
            params.append(origin)
        with self.transaction() as c:
            return c.execute(sql, params).rowcount

    def suggestion_count(self) -> int:
        return self.execute("SELECT count(*) FROM suggestions").fetchone()[0]

    def waiting_suggestions(self) -> tuple[int, int]:
        """(model suggestions not yet accepted or rejected, articles they are in)."""
        row = self.execute(
            "SELECT count(*), count(DISTINCT article_id) FROM suggestions"
        ).fetchone()
        return int(row[0]), int(row[1])

    def untouched(self, ids: Sequence[int]) -> set[int]:
        """Those of ``ids`` nobody has started: status ``new`` and no span (lint's "missed" there
        is work not done yet, not a miss). On a team database, that the annotator has not
        started (their status, their spans), as their lint checks their own work."""
        col, col_params = self._status_column()
        own, who = self._own_spans("s")
        found: set[int] = set()
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            found.update(
                r[0]
                for r in self.execute(
                    f"SELECT a.id FROM articles a WHERE a.id IN ({','.join('?' * len(chunk))})"
                    f" AND {col} = 'new'"
                    f" AND NOT EXISTS (SELECT 1 FROM spans s WHERE s.article_id = a.id{own})",
                    [*chunk, *col_params, *who],
                )
            )
        return found

    def others_spans(self, article_id: int) -> list[tuple[str, int, int, str, str]]:
        """(annotator, start, end, label, covered text) of every other annotator's span on the
        article, by annotator and position."""
        return [
            tuple(r)
            for r in self.execute(
                'SELECT annotator, start, "end", label, text FROM spans WHERE article_id = ? AND annotator != ?'
                ' ORDER BY annotator, start, "end"',
                (article_id, self.annotator),
            )
        ]

    def has_queue(self) -> bool:
        """Whether articles are assigned to this annotator (``newsmark assign``)."""
        return (
            self.execute(
                "SELECT 1 FROM assignments WHERE annotator = ? LIMIT 1", (self.annotator,)
            ).fetchone()
            is not None
        )
