"""Who the annotator is, and the per-annotator tables the store writes in its own transactions.

The store needs these (the team migration, and each status, tags or note write also goes to the
annotator's own row); :mod:`tui.core.team` reads them back as versions and builds merging,
agreement and adjudication on the store. Kept below both so that the store never imports
:mod:`tui.core.team`, which imports the store.

UI-free: never imports Textual or Rich.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable
from pathlib import Path


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
        raise ValueError(
            f"annotator {name!r}: use a non-empty name without commas or control characters"
        )
    return name


def migrate_team_tables(conn: sqlite3.Connection, fallback: str) -> None:
    """Create the team tables and move existing work under its annotator.

    An article's status, tags and note go to the annotator who made most of its spans, or to
    ``fallback`` (the current default annotator) when it has none, whose name the database then
    remembers.
    """
    # One statement at a time: executescript() would commit the migration's transaction.
    ddl = """
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
    for stmt in ddl.split(";"):
        if stmt.strip():
            conn.execute(stmt)
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
    conn.execute(
        "INSERT OR IGNORE INTO settings(key, value) VALUES ('db_id', ?)", (uuid.uuid4().hex,)
    )
    conn.execute(
        "INSERT OR IGNORE INTO settings(key, value) VALUES ('migrated_annotator', ?)", (fallback,)
    )


# --- writes the store makes in its own transactions -----------------------------------------


def record_status(
    c: sqlite3.Connection, article_id: int, annotator: str, status: str, ts: str
) -> None:
    if status == "new":
        c.execute(
            "DELETE FROM annotator_status WHERE article_id = ? AND annotator = ?",
            (article_id, annotator),
        )
        return
    c.execute(
        "INSERT INTO annotator_status(article_id, annotator, status, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(article_id, annotator) DO UPDATE SET status = excluded.status,"
        " updated_at = excluded.updated_at",
        (article_id, annotator, status, ts),
    )


def record_tags(
    c: sqlite3.Connection, article_id: int, annotator: str, tags: Iterable[str], *, log: bool = True
) -> None:
    clean = sorted({t.strip() for t in tags if t.strip()})
    c.execute(
        "DELETE FROM annotator_tags WHERE article_id = ? AND annotator = ?", (article_id, annotator)
    )
    for t in clean:
        c.execute(
            "INSERT INTO annotator_tags(article_id, annotator, tag) VALUES (?, ?, ?)",
            (article_id, annotator, t),
        )
    if log:
        _log_work(c, article_id, annotator, "tags", clean)


def _log_work(
    c: sqlite3.Connection, article_id: int, annotator: str, kind: str, value: object
) -> None:
    """Tags and notes enter the action log too (not undoable): a merge tells newer work from a
    conflict by the log (tui/core/team_merge.py)."""
    from .clock import now

    c.execute(
        "INSERT INTO actions(ts, article_id, kind, ops, inverse, annotator) VALUES (?,?,?,?,?,?)",
        (
            now(),
            article_id,
            kind,
            json.dumps([{"op": kind, "value": value}], ensure_ascii=False),
            "[]",
            annotator,
        ),
    )


def record_note(
    c: sqlite3.Connection, article_id: int, annotator: str, note: str, ts: str, *, log: bool = True
) -> None:
    if log:
        _log_work(c, article_id, annotator, "note", note)
    if note.strip():
        c.execute(
            "INSERT OR REPLACE INTO annotator_notes(article_id, annotator, note, updated_at)"
            " VALUES (?, ?, ?, ?)",
            (article_id, annotator, note, ts),
        )
    else:
        c.execute(
            "DELETE FROM annotator_notes WHERE article_id = ? AND annotator = ?",
            (article_id, annotator),
        )


def record_import(
    c: sqlite3.Connection,
    article_id: int,
    annotator: str,
    status: str,
    tags: Iterable[str],
    note: str | None,
    ts: str,
) -> None:
    record_status(c, article_id, annotator, status, ts)
    record_tags(c, article_id, annotator, tags, log=False)
    if note:
        record_note(c, article_id, annotator, note, ts, log=False)


def own_status(c: sqlite3.Connection, article_id: int, annotator: str, article_status: str) -> str:
    """The annotator's status of an article. With no row of theirs: the article's status when
    nobody has one (a single user's database, or statuses set outside newsmark), else ``new``."""
    row = c.execute(
        "SELECT status FROM annotator_status WHERE article_id = ? AND annotator = ?",
        (article_id, annotator),
    ).fetchone()
    if row:
        return row[0]
    other = c.execute(
        "SELECT 1 FROM annotator_status WHERE article_id = ? LIMIT 1", (article_id,)
    ).fetchone()
    return "new" if other else article_status
