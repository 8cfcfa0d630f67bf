"""Who did what: annotators, their per-article status, tags and notes, and their versions.

Schema 4 gives each annotator their own status, tags and note per article (``annotator_status``,
``annotator_tags``, ``annotator_notes``); the article row's ``status``, ``tags`` and ``notes``
stay as the latest value anyone set, so a single user's library, filters and exports work as
before. The store writes both in the same transaction (:func:`record_status` and friends).

An annotator's *version* of an article is what :func:`version` returns: their spans, status,
tags and note. Merging, agreement and adjudication all work on versions.

UI-free: never imports Textual or Rich.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

#: The annotator name under which adjudicated spans are stored.
GOLD = "gold"
#: Names that select a view rather than a person (``export --annotator``).
RESERVED = (GOLD, "majority", "all")


# --- reads -----------------------------------------------------------------------------------


def db_id(conn: sqlite3.Connection) -> str:
    """This database's own id (made by migration 4): what a merge records as its source."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'db_id'").fetchone()
    return row[0]


def annotators(conn: sqlite3.Connection, *, include_gold: bool = False) -> list[str]:
    """Everyone with spans or a status in this database, sorted by name."""
    names = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT annotator FROM spans UNION SELECT DISTINCT annotator FROM annotator_status"
        )
    }
    names.discard("")
    if not include_gold:
        names.discard(GOLD)
    return sorted(names)


def status_of(conn: sqlite3.Connection, article_id: int, annotator: str) -> str:
    row = conn.execute(
        "SELECT status FROM annotator_status WHERE article_id = ? AND annotator = ?",
        (article_id, annotator),
    ).fetchone()
    return row[0] if row else "new"


def finished_by(conn: sqlite3.Connection, annotator: str) -> set[int]:
    """Articles the annotator marked done."""
    return {
        r[0]
        for r in conn.execute(
            "SELECT article_id FROM annotator_status WHERE annotator = ? AND status = 'done'",
            (annotator,),
        )
    }


SpanKey = tuple[int, int, str]


@dataclass
class Version:
    """One annotator's work on one article."""

    annotator: str
    spans: list[tuple[int, int, str, str, str]] = field(
        default_factory=list
    )  # start, end, label, origin, how
    status: str = "new"
    tags: list[str] = field(default_factory=list)
    note: str = ""
    updated_at: str = ""

    @property
    def empty(self) -> bool:
        return not self.spans and self.status == "new" and not self.tags and not self.note

    @property
    def keys(self) -> set[SpanKey]:
        return {(s, e, lb) for s, e, lb, _, _ in self.spans}

    def digest(self) -> str:
        """Content of the version (not its times): equal work, equal digest."""
        body = json.dumps(
            [sorted(self.keys), self.status, sorted(self.tags), self.note],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(body.encode("utf-8")).hexdigest()


def version(conn: sqlite3.Connection, article_id: int, annotator: str) -> Version:
    v = Version(annotator)
    times = [""]
    for s, e, lb, origin, how, ts in conn.execute(
        "SELECT start, \"end\", label, origin, coalesce(how, ''), updated_at FROM spans"
        ' WHERE article_id = ? AND annotator = ? ORDER BY start, "end", label',
        (article_id, annotator),
    ):
        v.spans.append((s, e, lb, origin, how))
        times.append(ts)
    row = conn.execute(
        "SELECT status, updated_at FROM annotator_status WHERE article_id = ? AND annotator = ?",
        (article_id, annotator),
    ).fetchone()
    if row:
        v.status = row[0]
        times.append(row[1])
    v.tags = [
        r[0]
        for r in conn.execute(
            "SELECT tag FROM annotator_tags WHERE article_id = ? AND annotator = ? ORDER BY tag",
            (article_id, annotator),
        )
    ]
    row = conn.execute(
        "SELECT note, updated_at FROM annotator_notes WHERE article_id = ? AND annotator = ?",
        (article_id, annotator),
    ).fetchone()
    if row:
        v.note = row[0]
        times.append(row[1])
    v.updated_at = max(times)
    return v


def versions(conn: sqlite3.Connection, article_id: int) -> dict[str, Version]:
    """Every annotator's version of an article (those with any work), by name."""
    names = {
        r[0]
        for r in conn.execute(
            "SELECT annotator FROM spans WHERE article_id = ? UNION SELECT annotator FROM annotator_status"
            " WHERE article_id = ? UNION SELECT annotator FROM annotator_tags WHERE article_id = ?"
            " UNION SELECT annotator FROM annotator_notes WHERE article_id = ?",
            (article_id,) * 4,
        )
    }
    return {n: version(conn, article_id, n) for n in sorted(names)}


def is_team_db(conn: sqlite3.Connection) -> bool:
    """Whether more than one person (gold aside) has work in this database."""
    rows = conn.execute(
        "SELECT annotator FROM spans WHERE annotator NOT IN ('', 'gold') GROUP BY annotator LIMIT 2"
    ).fetchall()
    if len(rows) > 1:
        return True
    rows2 = conn.execute(
        "SELECT annotator FROM annotator_status WHERE annotator != 'gold' GROUP BY annotator LIMIT 2"
    ).fetchall()
    return len({r[0] for r in rows + rows2}) > 1


def set_team_mode(store: Any, on: bool = True) -> None:
    """Team mode (setting ``team_mode``): each annotator tags, relabels and replaces only their
    own spans, so several people can work blind on one database. ``assign`` and ``merge`` turn
    it on."""
    store.set_setting("team_mode", "1" if on else "0")


def is_team_store(store: Any) -> bool:
    """:func:`is_team_db` of a Store's database (what the screens and the CLI ask)."""
    return is_team_db(store.conn)
