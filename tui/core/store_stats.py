"""Counts over the database: articles, spans, statuses, languages, labels, tags per day, and
the annotation speed measured from the action log (entities per hour, keys per entity).
"""

from __future__ import annotations

import json
from typing import Any

from .connection import StoreConnection


class StoreStats(StoreConnection):
    """``newsmark stats`` and the stats screen. A base of :class:`tui.core.store.Store`."""

    def stats(self) -> dict[str, Any]:
        q = self.execute
        return {
            "articles": q("SELECT count(*) FROM articles").fetchone()[0],
            "spans": q("SELECT count(*) FROM spans").fetchone()[0],
            "by_status": {
                s: n
                for s, n in q(
                    "SELECT status, count(*) FROM articles GROUP BY status ORDER BY status"
                )
            },
            "by_language": {
                str(lang): n
                for lang, n in q(
                    "SELECT coalesce(lang, 'und'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1"
                )
            },
            "by_label": {
                lb: n
                for lb, n in q(
                    "SELECT l.name, count(s.id) FROM labels l LEFT JOIN spans s ON s.label = l.name"
                    " GROUP BY l.name ORDER BY l.ord, l.name"
                )
            },
            "by_day": {
                d: n
                for d, n in q(
                    "SELECT substr(ts, 1, 10), count(*) FROM actions WHERE kind IN ('tag', 'tag_many')"
                    " GROUP BY 1 ORDER BY 1"
                )
            },
        }

    def speed_stats(self) -> dict[str, Any]:
        """Entities per hour and keys per entity, overall and by how the spans were made.

        Made from the action log: each tag / accept-all / rejection records the keys and seconds
        spent since the previous action. An entity is a span an action inserted (an action later
        undone counts its cost but no entity); a relabel counts its cost under ``relabel``, a
        rejection under ``rejected``. Actions without recorded keys (the CLI, imports, scripts)
        count their entities but not in the rates.
        """
        undone: set[int] = set()
        rows = self.execute(
            "SELECT id, kind, ops, keys, seconds, ref FROM actions"
            " WHERE kind IN ('tag', 'tag_many', 'reject', 'undo', 'redo') ORDER BY id"
        ).fetchall()
        for _, kind, _, _, _, ref in rows:
            if kind == "undo":
                undone.add(ref)
            elif kind == "redo":
                undone.discard(ref)

        def bucket() -> dict[str, Any]:
            return {
                "entities": 0,
                "actions": 0,
                "keys": 0,
                "seconds": 0.0,
                "keyed_entities": 0,
                "timed_entities": 0,
            }

        total = bucket()
        by_how: dict[str, dict[str, Any]] = {}
        for aid, kind, ops_json, keys, seconds, _ in rows:
            if kind in ("undo", "redo"):
                continue
            ops = json.loads(ops_json)
            inserts = [op["span"] for op in ops if op.get("op") == "insert"]
            n = 0 if aid in undone else len(inserts)
            if kind == "reject":
                how = "rejected"
            elif inserts:
                how = inserts[0].get("how") or "unknown"
            else:
                how = "relabel"
            for b in (total, by_how.setdefault(how, bucket())):
                b["entities"] += n
                b["actions"] += 1
                if keys is not None:
                    b["keys"] += keys
                    b["keyed_entities"] += n
                if seconds is not None:
                    b["seconds"] += seconds
                    b["timed_entities"] += n

        def rates(b: dict[str, Any]) -> dict[str, Any]:
            b["seconds"] = round(b["seconds"], 3)
            b["keys_per_entity"] = (
                round(b["keys"] / b["keyed_entities"], 3) if b["keyed_entities"] else None
            )
            b["entities_per_hour"] = (
                round(b["timed_entities"] * 3600 / b["seconds"], 1)
                if b["timed_entities"] and b["seconds"] > 0
                else None
            )
            return b

        return {**rates(total), "by_how": {h: rates(b) for h, b in sorted(by_how.items())}}
