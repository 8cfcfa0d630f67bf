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
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The annotator name under which adjudicated spans are stored.
GOLD = "gold"
#: Names that select a view rather than a person (``export --annotator``).
RESERVED = (GOLD, "majority", "all")


def configured_annotator(config_dir: str | Path | None = None) -> str | None:
    """``annotator = "NAME"`` from ``<config dir>/config.toml``, if set (a bad file is ignored:
    the login name is used, as with no file)."""
    if config_dir is None:
        from .paths import default_config_dir

        config_dir = default_config_dir()
    path = Path(config_dir) / "config.toml"
    if not path.is_file():
        return None  # the usual case: no TOML parser loaded at start-up
    try:
        import tomllib

        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, ValueError):
        return None
    name = data.get("annotator")
    return check_name(name) if isinstance(name, str) and name.strip() else None


def check_name(name: str) -> str:
    """An annotator name: trimmed, printable, no commas (lists of names are comma-separated)."""
    name = name.strip()
    if not name or "," in name or any(not ch.isprintable() for ch in name):
        raise ValueError(f"annotator {name!r}: use a non-empty name without commas or control characters")
    return name


def migrate_team_tables(conn: sqlite3.Connection) -> None:
    """Create the team tables and move existing work under its annotator.

    An article's status, tags and note go to the annotator who made most of its spans, or to
    the current default annotator when it has none (whose name the database then remembers).
    """
    from .store import default_annotator

    # One statement at a time: executescript() would commit the migration's transaction.
    ddl = (
        """
        CREATE TABLE IF NOT EXISTS annotator_status (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            status TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (article_id, annotator)
        );
        CREATE INDEX IF NOT EXISTS idx_annotator_status ON annotator_status(annotator, status, article_id);
        CREATE TABLE IF NOT EXISTS annotator_tags (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            tag TEXT NOT NULL,
            PRIMARY KEY (article_id, annotator, tag)
        );
        CREATE TABLE IF NOT EXISTS annotator_notes (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            note TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (article_id, annotator)
        );
        CREATE TABLE IF NOT EXISTS assignments (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            ord INTEGER NOT NULL,
            PRIMARY KEY (article_id, annotator)
        );
        CREATE INDEX IF NOT EXISTS idx_assignments_annotator ON assignments(annotator, ord);
        CREATE TABLE IF NOT EXISTS gold_decisions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            decision TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            how TEXT NOT NULL,
            sources TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS idx_gold_decisions_article ON gold_decisions(article_id);
        CREATE INDEX IF NOT EXISTS idx_spans_annotator ON spans(annotator, article_id);
        """
    )
    for stmt in ddl.split(";"):
        if stmt.strip():
            conn.execute(stmt)
    fallback = default_annotator()
    owner = """coalesce((SELECT s.annotator FROM spans s WHERE s.article_id = a.id AND s.annotator != ''
                GROUP BY s.annotator ORDER BY count(*) DESC, s.annotator LIMIT 1), ?)"""
    conn.execute(
        f"INSERT OR IGNORE INTO annotator_status(article_id, annotator, status, updated_at)"
        f" SELECT a.id, {owner}, a.status, a.updated_at FROM articles a WHERE a.status != 'new'",
        (fallback,),
    )
    conn.execute(
        f"INSERT OR IGNORE INTO annotator_tags(article_id, annotator, tag)"
        f" SELECT a.id, {owner}, t.tag FROM tags t JOIN articles a ON a.id = t.article_id",
        (fallback,),
    )
    conn.execute(
        f"INSERT OR IGNORE INTO annotator_notes(article_id, annotator, note, updated_at)"
        f" SELECT a.id, {owner}, n.note, n.updated_at FROM notes n JOIN articles a ON a.id = n.article_id",
        (fallback,),
    )
    conn.execute("UPDATE spans SET annotator = ? WHERE annotator = ''", (fallback,))
    conn.execute("INSERT OR IGNORE INTO settings(key, value) VALUES ('db_id', ?)", (uuid.uuid4().hex,))
    conn.execute("INSERT OR IGNORE INTO settings(key, value) VALUES ('migrated_annotator', ?)", (fallback,))


# --- writes the store makes in its own transactions -----------------------------------------


def record_status(c: sqlite3.Connection, article_id: int, annotator: str, status: str, ts: str) -> None:
    if status == "new":
        c.execute("DELETE FROM annotator_status WHERE article_id = ? AND annotator = ?", (article_id, annotator))
        return
    c.execute(
        "INSERT INTO annotator_status(article_id, annotator, status, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(article_id, annotator) DO UPDATE SET status = excluded.status,"
        " updated_at = excluded.updated_at",
        (article_id, annotator, status, ts),
    )


def record_tags(c: sqlite3.Connection, article_id: int, annotator: str, tags: Iterable[str],
                *, log: bool = True) -> None:
    clean = sorted({t.strip() for t in tags if t.strip()})
    c.execute("DELETE FROM annotator_tags WHERE article_id = ? AND annotator = ?", (article_id, annotator))
    for t in clean:
        c.execute("INSERT INTO annotator_tags(article_id, annotator, tag) VALUES (?, ?, ?)",
                  (article_id, annotator, t))
    if log:
        _log_work(c, article_id, annotator, "tags", clean)


def _log_work(c: sqlite3.Connection, article_id: int, annotator: str, kind: str, value: object) -> None:
    """Tags and notes enter the action log too (not undoable): a merge tells newer work from a
    conflict by the log (tui/core/team_merge.py)."""
    from .store import now

    c.execute("INSERT INTO actions(ts, article_id, kind, ops, inverse, annotator) VALUES (?,?,?,?,?,?)",
              (now(), article_id, kind, json.dumps([{"op": kind, "value": value}], ensure_ascii=False),
               "[]", annotator))


def record_note(c: sqlite3.Connection, article_id: int, annotator: str, note: str, ts: str,
                *, log: bool = True) -> None:
    if log:
        _log_work(c, article_id, annotator, "note", note)
    if note.strip():
        c.execute("INSERT OR REPLACE INTO annotator_notes(article_id, annotator, note, updated_at)"
                  " VALUES (?, ?, ?, ?)", (article_id, annotator, note, ts))
    else:
        c.execute("DELETE FROM annotator_notes WHERE article_id = ? AND annotator = ?", (article_id, annotator))


def record_import(c: sqlite3.Connection, article_id: int, annotator: str, status: str,
                  tags: Iterable[str], note: str | None, ts: str) -> None:
    record_status(c, article_id, annotator, status, ts)
    record_tags(c, article_id, annotator, tags, log=False)
    if note:
        record_note(c, article_id, annotator, note, ts, log=False)


# --- reads -----------------------------------------------------------------------------------


def db_id(conn: sqlite3.Connection) -> str:
    """This database's own id (made by migration 4): what a merge records as its source."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'db_id'").fetchone()
    return row[0]


def annotators(conn: sqlite3.Connection, *, include_gold: bool = False) -> list[str]:
    """Everyone with spans or a status in this database, sorted by name."""
    names = {r[0] for r in conn.execute(
        "SELECT DISTINCT annotator FROM spans UNION SELECT DISTINCT annotator FROM annotator_status")}
    names.discard("")
    if not include_gold:
        names.discard(GOLD)
    return sorted(names)


def status_of(conn: sqlite3.Connection, article_id: int, annotator: str) -> str:
    row = conn.execute("SELECT status FROM annotator_status WHERE article_id = ? AND annotator = ?",
                       (article_id, annotator)).fetchone()
    return row[0] if row else "new"


def finished_by(conn: sqlite3.Connection, annotator: str) -> set[int]:
    """Articles the annotator marked done."""
    return {r[0] for r in conn.execute(
        "SELECT article_id FROM annotator_status WHERE annotator = ? AND status = 'done'", (annotator,))}


SpanKey = tuple[int, int, str]


@dataclass
class Version:
    """One annotator's work on one article."""

    annotator: str
    spans: list[tuple[int, int, str, str, str]] = field(default_factory=list)  # start, end, label, origin, how
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
        body = json.dumps([sorted(self.keys), self.status, sorted(self.tags), self.note],
                          ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(body.encode("utf-8")).hexdigest()


def version(conn: sqlite3.Connection, article_id: int, annotator: str) -> Version:
    v = Version(annotator)
    times = [""]
    for s, e, lb, origin, how, ts in conn.execute(
            'SELECT start, "end", label, origin, coalesce(how, \'\'), updated_at FROM spans'
            ' WHERE article_id = ? AND annotator = ? ORDER BY start, "end", label',
            (article_id, annotator)):
        v.spans.append((s, e, lb, origin, how))
        times.append(ts)
    row = conn.execute("SELECT status, updated_at FROM annotator_status WHERE article_id = ? AND annotator = ?",
                       (article_id, annotator)).fetchone()
    if row:
        v.status = row[0]
        times.append(row[1])
    v.tags = [r[0] for r in conn.execute(
        "SELECT tag FROM annotator_tags WHERE article_id = ? AND annotator = ? ORDER BY tag", (article_id, annotator))]
    row = conn.execute("SELECT note, updated_at FROM annotator_notes WHERE article_id = ? AND annotator = ?",
                       (article_id, annotator)).fetchone()
    if row:
        v.note = row[0]
        times.append(row[1])
    v.updated_at = max(times)
    return v


def versions(conn: sqlite3.Connection, article_id: int) -> dict[str, Version]:
    """Every annotator's version of an article (those with any work), by name."""
    names = {r[0] for r in conn.execute(
        "SELECT annotator FROM spans WHERE article_id = ? UNION SELECT annotator FROM annotator_status"
        " WHERE article_id = ? UNION SELECT annotator FROM annotator_tags WHERE article_id = ?"
        " UNION SELECT annotator FROM annotator_notes WHERE article_id = ?", (article_id,) * 4)}
    return {n: version(conn, article_id, n) for n in sorted(names)}


def is_team_db(conn: sqlite3.Connection) -> bool:
    """Whether more than one person (gold aside) has work in this database."""
    rows = conn.execute(
        "SELECT annotator FROM spans WHERE annotator NOT IN ('', 'gold') GROUP BY annotator LIMIT 2").fetchall()
    if len(rows) > 1:
        return True
    rows2 = conn.execute(
        "SELECT annotator FROM annotator_status WHERE annotator != 'gold' GROUP BY annotator LIMIT 2").fetchall()
    return len({r[0] for r in rows + rows2}) > 1


def own_status(c: sqlite3.Connection, article_id: int, annotator: str, article_status: str) -> str:
    """The annotator's status of an article. With no row of theirs: the article's status when
    nobody has one (a single user's database, or statuses set outside newsmark), else ``new``."""
    row = c.execute("SELECT status FROM annotator_status WHERE article_id = ? AND annotator = ?",
                    (article_id, annotator)).fetchone()
    if row:
        return row[0]
    other = c.execute("SELECT 1 FROM annotator_status WHERE article_id = ? LIMIT 1", (article_id,)).fetchone()
    return "new" if other else article_status


def set_team_mode(store: Any, on: bool = True) -> None:
    """Team mode (setting ``team_mode``): each annotator tags, relabels and replaces only their
    own spans, so several people can work blind on one database. ``assign`` and ``merge`` turn
    it on."""
    store.set_setting("team_mode", "1" if on else "0")
