"""A new cleaned text for a stored article (re-cleaning): the text changes only if every span
on it is moved onto the same words, with the spans and the logged actions relocated in the same
transaction, so the text under an annotation never changes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from .clock import now
from .connection import StoreConnection
from .records import SPAN_COLUMNS, content_hash
from .store_errors import StoreError


class TextReplacement(StoreConnection):
    """``replace_text``. A base of :class:`tui.core.store.Store`."""

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
        out["logged"] = TextReplacement._relocate_logged_spans(c, article_id, place)
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
