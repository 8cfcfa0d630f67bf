"""The database's tables, triggers and indexes, as numbered migrations.

Each migration is its own function (``MIGRATIONS``), run once in order under the write lock by
:meth:`tui.core.connection.StoreConnection._migrate`; ``SCHEMA_VERSION`` is the newest one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .records import DEFAULT_LABELS, default_annotator

if TYPE_CHECKING:
    import sqlite_utils


SCHEMA_VERSION = 5
#: ``PRAGMA application_id`` of a newsmark database ("NMRK"): tells ours from other SQLite files.
APPLICATION_ID = 0x4E4D524B


def _migrate_1(db: sqlite_utils.Database) -> None:
    """Initial schema."""
    db.table("articles").create(
        {
            # Small columns first, raw and text last: reading or updating status, dates or the
            # hash then never walks a long article's overflow pages.
            "id": int,
            "hash": str,
            "source": str,
            "title": str,
            "author": str,
            "published": str,
            "publisher": str,
            "lang": str,
            "lang_prob": float,
            "status": str,
            "imported_at": str,
            "updated_at": str,
            "meta": str,
            "kind": str,
            "cleaner_version": int,
            "lang_locked": int,
            "lang_mixed": int,
            "raw": str,
            "text": str,
        },
        pk="id",
        not_null={"hash", "raw", "text", "status", "imported_at", "updated_at"},
        defaults={
            "status": "new",
            "meta": "{}",
            "kind": "text",
            "cleaner_version": 0,
            "lang_locked": 0,
            "lang_mixed": 0,
        },
    )
    db.execute("CREATE UNIQUE INDEX idx_articles_hash ON articles(hash)")
    db.execute("CREATE INDEX idx_articles_status ON articles(status, id)")
    db.execute("CREATE INDEX idx_articles_lang ON articles(lang, id)")
    db.execute("CREATE INDEX idx_articles_published ON articles(published, id)")
    db.execute("CREATE INDEX idx_articles_title ON articles(title COLLATE NOCASE, id)")
    db.execute("CREATE INDEX idx_articles_updated ON articles(updated_at)")
    db.table("labels").create(
        {"name": str, "colour": str, "hotkey": str, "ord": int, "description": str},
        pk="name",
        not_null={"colour", "ord"},
        defaults={"description": ""},
    )
    db.execute(
        """CREATE TABLE spans (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
            text TEXT NOT NULL,
            annotator TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL DEFAULT 'manual',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            how TEXT,
            CHECK (start >= 0 AND "end" > start)
        )"""
    )
    db.execute('CREATE INDEX idx_spans_article ON spans(article_id, start, "end")')
    db.execute("CREATE INDEX idx_spans_label ON spans(label)")
    db.execute("CREATE INDEX idx_spans_text ON spans(text)")
    # The data contract, enforced by the database for every writer.
    for event in ("INSERT", "UPDATE"):
        db.execute(
            f"""CREATE TRIGGER spans_contract_{event.lower()} BEFORE {event} ON spans
            WHEN (SELECT NEW."end" > length(text)
                         OR NEW.text IS NOT substr(text, NEW.start + 1, NEW."end" - NEW.start)
                  FROM articles WHERE id = NEW.article_id) IS NOT 0
            BEGIN SELECT RAISE(ABORT, 'span does not match the article text'); END"""
        )
    db.execute(
        """CREATE TRIGGER articles_text_guard BEFORE UPDATE OF text ON articles
        WHEN EXISTS (SELECT 1 FROM spans WHERE article_id = NEW.id
                     AND (spans."end" > length(NEW.text)
                          OR spans.text IS NOT substr(NEW.text, spans.start + 1, spans."end" - spans.start)))
        BEGIN SELECT RAISE(ABORT, 'new text would break existing spans'); END"""
    )
    db.execute(
        """CREATE TABLE tags (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (article_id, tag)
        )"""
    )
    db.execute("CREATE INDEX idx_tags_tag ON tags(tag)")
    db.execute(
        """CREATE TABLE notes (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            note TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            ts TEXT NOT NULL,
            article_id INTEGER,
            kind TEXT NOT NULL,
            ops TEXT NOT NULL,
            inverse TEXT NOT NULL,
            ref INTEGER,
            annotator TEXT NOT NULL DEFAULT '',
            keys INTEGER,
            seconds REAL
        )"""
    )
    db.execute("CREATE INDEX idx_actions_article ON actions(article_id)")
    db.table("settings").create({"key": str, "value": str}, pk="key")
    db.table("articles").enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61")
    # Re-index only when an indexed column changes: sqlite-utils' trigger fires on every UPDATE
    # (status, updated_at on each tag), re-indexing the whole text: ~120 ms per tag on 1 MB.
    db.execute("DROP TRIGGER IF EXISTS articles_au")
    db.execute(
        "CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN"
        " INSERT INTO articles_fts (articles_fts, rowid, title, text)"
        " VALUES ('delete', old.rowid, old.title, old.text);"
        " INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text); END"
    )
    for ord_, (name, colour, key, desc) in enumerate(DEFAULT_LABELS):
        db.execute(
            "INSERT INTO labels(name, colour, hotkey, ord, description) VALUES (?, ?, ?, ?, ?)",
            (name, colour, key, ord_, desc),
        )
    db.execute("INSERT INTO settings(key, value) VALUES ('allow_overlap', '0')")


def _migrate_2(db: sqlite_utils.Database) -> None:
    """Annotation speed: pending model suggestions, remembered rejections, the user's dictionary.

    None of these is a span: exports read ``spans`` only, so a suggestion can never leak into one.
    """
    db.execute(
        """CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE ON DELETE CASCADE,
            text TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT 'model',
            model TEXT,
            created_at TEXT NOT NULL,
            CHECK (start >= 0 AND "end" > start)
        )"""
    )
    db.execute('CREATE INDEX idx_suggestions_article ON suggestions(article_id, start, "end")')
    db.execute(
        """CREATE TABLE rejections (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE ON DELETE CASCADE,
            form TEXT NOT NULL,
            kind TEXT NOT NULL,
            annotator TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            PRIMARY KEY (article_id, start, "end", label)
        )"""
    )
    db.execute("CREATE INDEX idx_rejections_form ON rejections(form, label)")
    db.execute(
        """CREATE TABLE dictionary (
            form TEXT NOT NULL,
            label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE ON DELETE CASCADE,
            source TEXT,
            created_at TEXT NOT NULL,
            PRIMARY KEY (form, label)
        )"""
    )


def _has_no_space_script(row: str) -> str:
    """SQL: true when the title or text of ``row`` (``new``, ``a``...) may hold a character of a
    script searched by substring (see ``search_query.utf8_needles``)."""
    from .search_query import utf8_needles

    blob = f"CAST(coalesce({row}.title, '') || {row}.text AS BLOB)"
    return "(" + " OR ".join(f"instr({blob}, X'{n.hex()}') > 0" for n in utf8_needles()) + ")"


def _tri_value(column: str) -> str:
    """A column as the trigram index stores it: followed by two line feeds, so that every one- or
    two-character substring starts some trigram (``search_query.SearchQuery.sql`` looks them up
    in ``articles_tri_terms`` instead of scanning the rows)."""
    return f"coalesce({column}, '') || char(10, 10)"


def trigram_fill_sql() -> str:
    """SQL that fills the (empty) trigram index from the articles: migration 3 and bulk loaders
    that drop the triggers (bench/generate.py) run it."""
    return (
        f"INSERT INTO articles_tri(rowid, title, text) SELECT a.id, {_tri_value('a.title')}, {_tri_value('a.text')}"
        f" FROM articles a WHERE {_has_no_space_script('a')}"
    )


def _migrate_3(db: sqlite_utils.Database) -> None:
    """Substring search for scripts written without spaces (Chinese, Japanese, Thai...) and for
    Hangul, whose words take particles (``엔비디아가``): a trigram FTS5 index, ``articles_tri``.

    Terms too short for trigrams (one or two characters, common in Chinese and Japanese names)
    are expanded to the index's trigrams that start with them (``articles_tri_terms``).

    It holds only the articles whose title or text has bytes of those scripts (a superset, tested
    by ``instr`` on the UTF-8 bytes: see ``search_query.utf8_needles``), so Latin-script libraries
    pay nothing. It stores its own copy of those rows (not external content) so that a delete can
    never desynchronise it. Built here for existing databases.
    """
    has_script = _has_no_space_script
    db.execute("CREATE VIRTUAL TABLE articles_tri USING fts5(title, text, tokenize='trigram')")
    # Its terms, to expand a one- or two-character query into the trigrams that start with it.
    db.execute("CREATE VIRTUAL TABLE articles_tri_terms USING fts5vocab(articles_tri, 'row')")
    db.execute(trigram_fill_sql())
    db.execute(
        f"CREATE TRIGGER articles_tri_ai AFTER INSERT ON articles WHEN {has_script('new')} BEGIN"
        " INSERT INTO articles_tri(rowid, title, text)"
        f" VALUES (new.id, {_tri_value('new.title')}, {_tri_value('new.text')}); END"
    )
    db.execute(
        "CREATE TRIGGER articles_tri_ad AFTER DELETE ON articles BEGIN"
        " DELETE FROM articles_tri WHERE rowid = old.id; END"
    )
    db.execute(
        "CREATE TRIGGER articles_tri_au AFTER UPDATE OF title, text ON articles BEGIN"
        " DELETE FROM articles_tri WHERE rowid = old.id;"
        f" INSERT INTO articles_tri(rowid, title, text) SELECT new.id, {_tri_value('new.title')},"
        f" {_tri_value('new.text')}"
        f" WHERE {has_script('new')}; END"
    )


def _migrate_4(db: sqlite_utils.Database) -> None:
    """Team work: status, tags and notes per annotator, assignments, merge provenance, gold
    decisions (the logic is in tui/core/team.py, tui/core/team_merge.py, tui/core/assign.py, tui/core/adjudicate.py)."""
    from .team_tables import migrate_team_tables

    migrate_team_tables(db.conn, default_annotator())


def _migrate_5(db: sqlite_utils.Database) -> None:
    """Rejections belong to whoever made them: the key gains the annotator.

    Keyed by span and label alone, a second annotator turning down the same suggestion replaced
    the first one's row, and the first annotator was offered it again: one person's work lost to
    another's. SQLite cannot change a primary key in place, so the table is rebuilt (in the
    migration's transaction) with every row kept.
    """
    db.execute(
        """CREATE TABLE rejections_v5 (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE ON DELETE CASCADE,
            form TEXT NOT NULL,
            kind TEXT NOT NULL,
            annotator TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            PRIMARY KEY (article_id, start, "end", label, annotator)
        )"""
    )
    db.execute(
        'INSERT INTO rejections_v5(article_id, start, "end", label, form, kind, annotator,'
        ' created_at) SELECT article_id, start, "end", label, form, kind, annotator, created_at'
        " FROM rejections"
    )
    db.execute("DROP TABLE rejections")
    db.execute("ALTER TABLE rejections_v5 RENAME TO rejections")
    db.execute("CREATE INDEX idx_rejections_form ON rejections(form, label)")


MIGRATIONS = {1: _migrate_1, 2: _migrate_2, 3: _migrate_3, 4: _migrate_4, 5: _migrate_5}
