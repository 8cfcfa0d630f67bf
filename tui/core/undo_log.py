"""The action log and undo/redo over it: every write logs its ops and their inverse in the
``actions`` table; undo and redo replay this annotator's own entries (from any process), refusing
by name a step another writer has overtaken.

Kept apart from the queries as Textual keeps ``EditHistory`` apart from ``TextArea``;
:class:`ActionLog` is a base of :class:`tui.core.store.Store`, whose writes call ``_log``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from .clock import now
from .connection import StoreConnection, _team
from .records import SPAN_COLUMNS
from .store_errors import StoreError


class ActionLog(StoreConnection):
    """Logging, undo and redo; the stacks live on the connection (``_undo``, ``_redo``, ``_log_pos``)."""

    @staticmethod
    def _invert(ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        inv: list[dict[str, Any]] = []
        for op in reversed(ops):
            kind = op["op"]
            if kind == "insert":
                inv.append({"op": "delete", "span": op["span"]})
            elif kind == "delete":
                inv.append({"op": "insert", "span": op["span"]})
            elif kind == "update":
                inv.append({"op": "update", "before": op["after"], "after": op["before"]})
            elif kind == "status":
                inv.append({**op, "before": op["after"], "after": op["before"]})
        return inv

    def _apply(self, c: sqlite3.Connection, ops: list[dict[str, Any]]) -> None:
        ts = now()
        for op in ops:
            kind = op["op"]
            if kind == "insert":
                s = op["span"]
                c.execute(
                    f"INSERT INTO spans({SPAN_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        s["id"],
                        s["article_id"],
                        s["start"],
                        s["end"],
                        s["label"],
                        s["text"],
                        s["annotator"],
                        s["origin"],
                        s["created_at"],
                        s["updated_at"],
                        s.get("how"),
                    ),
                )
            elif kind == "delete":
                c.execute("DELETE FROM spans WHERE id = ?", (op["span"]["id"],))
            elif kind == "update":
                a = op["after"]
                c.execute(
                    "UPDATE spans SET label = ?, updated_at = ? WHERE id = ?",
                    (a["label"], ts, a["id"]),
                )
            elif kind == "status":
                c.execute(
                    "UPDATE articles SET status = ?, updated_at = ? WHERE id = ?",
                    (op["after"], ts, op["article_id"]),
                )
                _team().record_status(c, op["article_id"], self.annotator, op["after"], ts)

    def _log(
        self,
        c: sqlite3.Connection,
        article_id: int | None,
        kind: str,
        ops: list[dict[str, Any]],
        ref: int | None = None,
        keys: int | None = None,
        seconds: float | None = None,
    ) -> int:
        cur = c.execute(
            "INSERT INTO actions(ts, article_id, kind, ops, inverse, ref, annotator, keys, seconds)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (
                now(),
                article_id,
                kind,
                json.dumps(ops, ensure_ascii=False),
                json.dumps(self._invert(ops), ensure_ascii=False),
                ref,
                self.annotator,
                keys,
                seconds,
            ),
        )
        return cur.lastrowid or 0

    @staticmethod
    def _touch(c: sqlite3.Connection, article_id: int, ts: str) -> None:
        c.execute("UPDATE articles SET updated_at = ? WHERE id = ?", (ts, article_id))

    def _started(self, c: sqlite3.Connection, article_ids: Iterable[int]) -> list[dict[str, Any]]:
        """Status ops moving untouched (``new``) articles to ``in_progress``: logged, so undoable."""
        ops = []
        for aid in sorted(set(article_ids)):
            row = c.execute("SELECT status FROM articles WHERE id = ?", (aid,)).fetchone()
            if row and _team().own_status(c, aid, self.annotator, row[0]) == "new":
                ops.append(
                    {"op": "status", "article_id": aid, "before": "new", "after": "in_progress"}
                )
        return ops

    UNDOABLE = ("tag", "tag_many", "delete", "status", "remove_label")

    def _sync_log(self, c: sqlite3.Connection) -> None:
        """Replay this annotator's log entries written since we last looked (by this process, an
        earlier run, or the CLI under the same name): undo and redo step through the user's own
        actions, never another annotator's. A refused step drops its action from the stack."""
        for aid, kind, ref in c.execute(
            "SELECT id, kind, ref FROM actions WHERE id > ? AND annotator IS ? ORDER BY id",
            (self._log_pos, self.annotator),
        ).fetchall():
            self._log_pos = aid
            if kind in self.UNDOABLE:
                self._undo.append(aid)
                self._redo.clear()
            elif kind == "undo" and self._undo and self._undo[-1] == ref:
                self._redo.append(self._undo.pop())
            elif kind == "redo" and self._redo and self._redo[-1] == ref:
                self._undo.append(self._redo.pop())
            elif kind == "undo_refused" and self._undo and self._undo[-1] == ref:
                self._undo.pop()
            elif kind == "redo_refused" and self._redo and self._redo[-1] == ref:
                self._redo.pop()

    @staticmethod
    def _conflict(c: sqlite3.Connection, ops: list[dict[str, Any]]) -> str | None:
        """Why ``ops`` can no longer be applied as logged (another writer changed what they
        touch, or their label was renamed or removed), or None."""
        labels = {r[0] for r in c.execute("SELECT name FROM labels")}
        for op in ops:
            kind = op["op"]
            if kind in ("insert", "delete"):
                sp = op["span"]
                row = c.execute(
                    'SELECT article_id, start, "end", label FROM spans WHERE id = ?', (sp["id"],)
                ).fetchone()
                if kind == "delete" and row != (
                    sp["article_id"],
                    sp["start"],
                    sp["end"],
                    sp["label"],
                ):
                    if row is not None and sp["label"] not in labels:
                        return f"its label {sp['label']!r} was renamed or removed since"
                    return f"its {sp['label']} span {sp['text']!r} was changed or removed since"
                if kind == "insert" and row is not None:
                    return f"its span {sp['text']!r} is there again"
                if kind == "insert" and sp["label"] not in labels:
                    return f"its label {sp['label']!r} was renamed or removed since"
            elif kind == "update":
                before, after = op["before"], op["after"]
                row = c.execute("SELECT label FROM spans WHERE id = ?", (after["id"],)).fetchone()
                if row is None or row[0] != before["label"]:
                    return f"its span {after.get('text', '')!r} was changed or removed since"
                if after["label"] not in labels:
                    return f"its label {after['label']!r} was renamed or removed since"
        return None

    def _current_status_ops(
        self, c: sqlite3.Connection, ops: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """``ops`` without status changes another writer has overtaken (the article's status is
        no longer the one the step starts from): those are left as they are."""
        out = []
        for op in ops:
            if op["op"] == "status":
                row = c.execute(
                    "SELECT status FROM articles WHERE id = ?", (op["article_id"],)
                ).fetchone()
                # this annotator's own status (on a team database another's may be the row's)
                if (
                    row is None
                    or _team().own_status(c, op["article_id"], self.annotator, row[0])
                    != op["before"]
                ):
                    continue
            out.append(op)
        return out

    def undo(self) -> dict[str, Any] | None:
        """Undo the latest action still in effect; returns what was undone (or None)."""
        return self._step("undo")

    def redo(self) -> dict[str, Any] | None:
        return self._step("redo")

    def _step(self, which: str) -> dict[str, Any] | None:
        """Undo or redo this annotator's latest action. One that can no longer be applied is
        refused with a message and dropped from the stack (logged, so after a restart too):
        the next ``u`` goes on to the one before, undo never gets stuck."""
        refused = None
        with self.transaction() as c:
            self._sync_log(c)
            stack = self._undo if which == "undo" else self._redo
            if not stack:
                return None
            ref = stack[-1]
            kind, article_id, ops, inverse = c.execute(
                "SELECT kind, article_id, ops, inverse FROM actions WHERE id = ?", (ref,)
            ).fetchone()
            logged = json.loads(inverse if which == "undo" else ops)
            todo = self._current_status_ops(c, logged)
            why = self._conflict(c, todo)
            if why is None and todo:
                c.execute("SAVEPOINT step")
                try:
                    self._apply(c, todo)
                    c.execute("RELEASE step")
                except sqlite3.IntegrityError as exc:
                    c.execute("ROLLBACK TO step")
                    c.execute("RELEASE step")
                    why = f"the database refuses it ({exc})"
            elif why is None:
                why = "what it changed was changed again since"
            if why is None:
                self._log(c, article_id, which, todo, ref=ref)
            else:
                self._log(c, article_id, f"{which}_refused", [], ref=ref)
                refused = (
                    f"cannot {which} {kind} (action {ref}): {why}; skipped it, "
                    f"{'u' if which == 'undo' else 'ctrl+r'} goes on with the one before"
                )
            self._sync_log(c)
        if refused is not None:
            raise StoreError(refused)
        return {"action": ref, "kind": kind, "article_id": article_id, "ops": todo}

    def actions(self, article_id: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT id, ts, article_id, kind, ops, inverse, ref, annotator, keys, seconds FROM actions"
        params: tuple[Any, ...] = ()
        if article_id is not None:
            sql += " WHERE article_id = ?"
            params = (article_id,)
        keys = (
            "id",
            "ts",
            "article_id",
            "kind",
            "ops",
            "inverse",
            "ref",
            "annotator",
            "keys",
            "seconds",
        )
        out = []
        for r in self.execute(sql + " ORDER BY id", params):
            d = dict(zip(keys, r, strict=True))
            d["ops"] = json.loads(d["ops"])
            d["inverse"] = json.loads(d["inverse"])
            out.append(d)
        return out
