"""The SQLite store: schema, migrations, and every query the CLI and the app make.

One file holds everything a user did. Each annotation operation is its own committed
transaction in WAL mode, so a crash or ``kill -9`` loses nothing that was acknowledged.
The database enforces the data contract itself (a trigger refuses a span whose covered
text is not ``text[start:end]``), so no writer, not even another program, can store a
span that would break an export.

This module never imports Textual or Rich: the CLI and the tests use it alone.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .clock import now
from .search_query import SearchQuery, first_match, snippet, translate

if TYPE_CHECKING:
    import sqlite_utils

SCHEMA_VERSION = 4
#: ``PRAGMA application_id`` of a newsmark database ("NMRK"): tells ours from other SQLite files.
APPLICATION_ID = 0x4E4D524B
STATUSES = ("new", "in_progress", "done", "skipped", "rejected")
ORIGINS = ("manual", "imported", "suggested", "model")
DEFAULT_LABELS = (
    ("PER", "#e06c75", "1", "Person"),
    ("ORG", "#61afef", "2", "Organisation"),
    ("LOC", "#98c379", "3", "Location"),
    ("MISC", "#c678dd", "4", "Miscellaneous entity"),
)
#: Keys a label can take: digits, then (past nine labels, as doccano allows) the letters the
#: reader leaves free.
LABEL_KEYS = "123456789efhqvzABCDEFHIJNPQRSTUVWZ"  # not O: the team's other spans
#: Colours handed to labels created without one (imported or added), in order.
PALETTE = (
    "#e5c07b",
    "#56b6c2",
    "#d19a66",
    "#be5046",
    "#7ec699",
    "#f08d49",
    "#cc99cd",
    "#67cdcc",
    "#f8c555",
    "#e2777a",
)
BUSY_TIMEOUT_S = 10.0


class StoreError(Exception):
    """A refusal with a one-line message meant for the user."""


class SpanError(StoreError):
    """A span that breaks the data contract (out of range, empty, wrong covered text)."""


def content_hash(text: str) -> str:
    """Stable hash of an article's cleaned text: what duplicates and exports are keyed on.

    ``surrogatepass``: a lone surrogate (a broken JSON escape) still hashes, so the record reaches
    the insert, which refuses it by name, instead of failing the whole batch here."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def default_annotator() -> str:
    """The name written on spans: ``NEWSMARK_ANNOTATOR`` or the login name."""
    env = os.environ.get("NEWSMARK_ANNOTATOR")
    if env:
        return env
    from .team_tables import configured_annotator

    configured = configured_annotator()
    if configured:
        return configured
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "annotator"


@dataclass
class Span:
    """One annotation: ``[start, end)`` in code points into the article's cleaned text."""

    id: int
    article_id: int
    start: int
    end: int
    label: str
    text: str
    annotator: str = ""
    origin: str = "manual"
    created_at: str = ""
    updated_at: str = ""
    how: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Article:
    """An article row (raw input and cleaned text included)."""

    id: int
    hash: str
    source: str | None
    title: str | None
    author: str | None
    published: str | None
    publisher: str | None
    raw: str
    text: str
    lang: str | None
    lang_prob: float | None
    status: str
    imported_at: str
    updated_at: str
    meta: dict[str, Any] = field(default_factory=dict)
    kind: str = "text"
    cleaner_version: int = 0
    lang_locked: int = 0
    lang_mixed: int = 0

    @property
    def display_title(self) -> str:
        """Title, or the first words of the text when there is none."""
        if self.title:
            return self.title
        words = self.text.split()[:12]
        return " ".join(words) or f"(article {self.id})"


@dataclass
class Label:
    name: str
    colour: str
    hotkey: str | None
    ord: int
    description: str = ""


@dataclass
class NewArticle:
    """What ingest hands the store: an article ready to be inserted."""

    text: str
    raw: str
    source: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    publisher: str | None = None
    lang: str | None = None
    lang_prob: float | None = None
    lang_mixed: bool = False
    status: str = "new"
    kind: str = "text"
    meta: dict[str, Any] = field(default_factory=dict)
    cleaner_version: int = 0
    id: int | None = None
    spans: list[dict[str, Any]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    note: str | None = None
    #: Known non-entities (a rejected ``ner.teach`` suggestion): ``{"start", "end", "label", "annotator"}``.
    rejections: list[dict[str, Any]] = field(default_factory=list)
    #: Set by :meth:`Store.insert_articles`: the new id, or the id of the article with this text.
    stored_id: int | None = None
    duplicate_of: int | None = None
    #: Import accounting: entities the input record carried that this article stands for.
    entities_in: int = 0


ARTICLE_COLUMNS = (
    "id, hash, source, title, author, published, publisher, raw, text, lang, lang_prob, "
    "status, imported_at, updated_at, meta, kind, cleaner_version, lang_locked, lang_mixed"
)
SPAN_COLUMNS = (
    'id, article_id, start, "end", label, text, annotator, origin, created_at, updated_at, how'
)


def _article(row: Sequence[Any]) -> Article:
    a = Article(*row)
    a.meta = json.loads(a.meta) if isinstance(a.meta, str) and a.meta else {}
    return a


def _span(row: Sequence[Any]) -> Span:
    return Span(*row)


# --- schema -------------------------------------------------------------------------------


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


MIGRATIONS = {1: _migrate_1, 2: _migrate_2, 3: _migrate_3, 4: _migrate_4}


def default_db_path() -> Path:
    """``$NEWSMARK_DB`` or ``<user data dir>/newsmark/newsmark.db``."""
    env = os.environ.get("NEWSMARK_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("newsmark")) / "newsmark.db"


def _inspect(conn: sqlite3.Connection, path: Path) -> tuple[int, int, int]:
    """Read (application_id, user_version, table count) through ``conn`` without writing a byte.

    Only through SQLite: reading the file with ``open()`` (or beside an ``immutable=1``
    connection) and closing that descriptor drops every POSIX lock this process holds on the
    file, SQLite's included, and lets another process delete ``-wal``/``-shm`` under a live
    connection. The connection also sees what exists only in the ``-wal``."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "encrypted" in str(exc):
            raise StoreError(
                f"{path}: not a SQLite database; pass --db with a newsmark database or a new path"
            ) from None
        if "locked" in str(exc) or "busy" in str(exc):
            raise _as_store_error(path, exc) from None
        raise StoreError(f"{path}: cannot read the database ({exc}); is it damaged?") from None
    return app_id, version, tables


#: Real paths of the databases this process holds connections to, with how many.
_LIVE: dict[str, int] = {}
_LIVE_LOCK = threading.Lock()


def live_database_files() -> set[str]:
    """Real paths of every database this process has open, with their ``-wal``/``-shm``/``-journal``.

    Nothing in a process holding a connection may open one of these outside SQLite (closing
    any descriptor of them drops SQLite's locks), nor write over them: the import and export
    code ask :func:`is_live_database_file` first."""
    with _LIVE_LOCK:
        dbs = list(_LIVE)
    return {db + sfx for db in dbs for sfx in ("", "-wal", "-shm", "-journal")}


def is_live_database_file(path: str | Path) -> bool:
    """Whether ``path`` (after symlinks, or as another hard link) is one of
    :func:`live_database_files`. Uses only ``stat``, never a descriptor."""
    names = live_database_files()
    if not names:
        return False
    if os.path.realpath(path) in names:
        return True
    try:
        st = os.stat(path)
    except OSError:
        return False
    for name in names:
        try:
            other = os.stat(name)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
            return True
    return False


def check_connection(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse, before anything is written, a database that is not one of ours we can open:
    another application's (its application id, with tables) or a newer newsmark's schema."""
    app_id, version, tables = _inspect(conn, path)
    if app_id != APPLICATION_ID and tables:
        raise StoreError(
            f"{path}: is a SQLite database of another application, not newsmark; "
            "pass --db with a new path"
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: was written by a newer newsmark (schema {version}, this one knows {SCHEMA_VERSION}); "
            "upgrade newsmark"
        )


class Store:
    """A connection to one newsmark database. One per thread (SQLite connections are not shared)."""

    def __init__(
        self, path: str | Path, *, annotator: str | None = None, create: bool = True
    ) -> None:
        self.path = Path(path).expanduser()
        self.annotator = annotator or default_annotator()
        if not self.path.exists():
            if not create:
                raise StoreError(f"{self.path}: no such database")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(
                str(self.path),
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the database ({exc})") from None
        self.conn = conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            check_connection(conn, self.path)  # before WAL mode or a migration writes anything
            conn.execute("PRAGMA foreign_keys = ON")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal" and not self._readonly():
                raise StoreError(f"{self.path}: cannot switch the database to WAL mode")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA cache_size = -32768")  # 32 MB: a long article stays in memory
            self._migrate()
        except StoreError:
            conn.close()
            raise
        except sqlite3.OperationalError as exc:
            conn.close()
            raise StoreError(f"{self.path}: {exc}") from None
        live = os.path.realpath(self.path)
        self._live: str | None = live  # None once closed
        with _LIVE_LOCK:
            _LIVE[live] = _LIVE.get(live, 0) + 1
        self._text_cache: tuple[int, str, str] | None = None
        self._undo: list[int] = []
        self._redo: list[int] = []
        self._log_pos = 0

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over our connection, imported only when needed (it pulls in pandas when
        pandas is installed, which costs the CLI most of a second)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def _readonly(self) -> bool:
        return not os.access(self.path, os.W_OK)

    def close(self) -> None:
        self.conn.close()
        live = getattr(self, "_live", None)
        if live is not None:
            self._live = None
            with _LIVE_LOCK:
                left = _LIVE.get(live, 1) - 1
                if left > 0:
                    _LIVE[live] = left
                else:
                    _LIVE.pop(live, None)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions ---------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        with self.transaction():
            # again under the write lock: another process may have written it since we looked
            check_connection(self.conn, self.path)
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if version == SCHEMA_VERSION:
                return
            for v in sorted(k for k in MIGRATIONS if version < k <= SCHEMA_VERSION):
                MIGRATIONS[v](self.db)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    class _Tx:
        def __init__(self, store: Store) -> None:
            self.store = store

        def __enter__(self) -> sqlite3.Connection:
            conn = self.store.conn
            delay = 0.05
            deadline = time.monotonic() + BUSY_TIMEOUT_S
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    return conn
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise _as_store_error(self.store.path, exc) from None
                    if time.monotonic() > deadline:
                        raise StoreError(
                            f"{self.store.path}: the database is locked by another program; "
                            "close it or try again"
                        ) from None
                    time.sleep(delay)
                    delay = min(delay * 2, 1.0)

        def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: object) -> None:
            conn = self.store.conn
            if exc_type is None:
                try:
                    conn.execute("COMMIT")
                except sqlite3.Error as err:
                    conn.execute("ROLLBACK")
                    raise _as_store_error(self.store.path, err) from None
            else:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.IntegrityError) and "span" in str(exc):
                    raise SpanError(f"{exc}") from None
                if isinstance(exc, sqlite3.Error):
                    raise _as_store_error(self.store.path, exc) from None

    def transaction(self) -> Store._Tx:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, retried with backoff while another writer holds the lock."""
        return Store._Tx(self)

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[Store]:
        """One read transaction: every query inside sees the database as of its start (an
        export is one consistent snapshot while others annotate). Nothing may be written inside."""
        if self.conn.in_transaction:
            yield self
            return
        try:
            self.conn.execute("BEGIN")
            self.conn.execute(
                "SELECT count(*) FROM sqlite_master"
            ).fetchone()  # the snapshot starts here
        except sqlite3.OperationalError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise _as_store_error(self.path, exc) from None
        try:
            yield self
        finally:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # a read: nothing to keep

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        try:
            return self.conn.execute(sql, params)
        except sqlite3.OperationalError as exc:
            raise _as_store_error(self.path, exc) from None

    # --- settings -------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as c:
            c.execute("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)", (key, value))

    @property
    def allow_overlap(self) -> bool:
        return self.setting("allow_overlap", "0") == "1"

    def _status_column(self) -> tuple[str, tuple[str, ...]]:
        """SQL for an article's status (alias ``a``): on a team database the annotator's own
        (their library's progress and filters), else the article row's."""
        if self.setting("team_mode", "0") == "1":
            return (
                "coalesce((SELECT x.status FROM annotator_status x WHERE x.article_id = a.id"
                " AND x.annotator = ?), 'new')",
                (self.annotator,),
            )
        return "a.status", ()

    def _own_spans(self, alias: str = "") -> tuple[str, tuple[str, ...]]:
        """SQL restricting a span (or rejection: ``alias`` names the table) query to this
        annotator's rows on a team database (setting ``team_mode``, see tui/core/team.py);
        nothing on a single user's database."""
        if self.setting("team_mode", "0") == "1":
            return f" AND {alias + '.' if alias else ''}annotator = ?", (self.annotator,)
        return "", ()

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

    def _ensure_label(self, c: sqlite3.Connection, name: str) -> bool:
        if c.execute("SELECT 1 FROM labels WHERE name = ?", (name,)).fetchone():
            return False
        n, used = c.execute("SELECT count(*), group_concat(hotkey, '') FROM labels").fetchone()
        free = next((k for k in LABEL_KEYS if k not in (used or "")), None)
        c.execute(
            "INSERT INTO labels(name, colour, hotkey, ord, description) VALUES (?, ?, ?, ?, '')",
            (name, PALETTE[n % len(PALETTE)], free, n),
        )
        return True

    def article_ids(
        self,
        *,
        status: Sequence[str] | None = None,
        lang: Sequence[str] | None = None,
        label: Sequence[str] | None = None,
        search: str | SearchQuery | None = None,
        since: str | None = None,
        order: str = "id",
        limit: int | None = None,
    ) -> list[int]:
        """Ids of the articles that pass the filters, in the chosen order (id, date or title);
        ``limit``: only the first ones (the first page of a list, shown while the rest loads)."""
        order_sql = {
            "id": "a.id",
            "date": "a.published IS NULL, a.published, a.id",  # oldest first
            "newest": "a.published IS NULL, a.published DESC, a.id DESC",
            "spans": "(SELECT count(*) FROM spans s WHERE s.article_id = a.id) DESC, a.id",
            # Work in progress first, then new, done, skipped, rejected.
            "status": "CASE a.status WHEN 'in_progress' THEN 0 WHEN 'new' THEN 1 WHEN 'done' THEN 2"
            " WHEN 'skipped' THEN 3 ELSE 4 END, a.id",
            "title": "coalesce(a.title, a.text) COLLATE NOCASE, a.id",
        }[order]
        query = self._search_query(search)
        if query is not None and order == "id" and not (status or lang or label or since):
            # The search alone: the FTS index gives the ids in rowid order, without a join back
            # to articles (a common word: ~70 ms for 45k of 100k ids, where the join takes ~300).
            sub, params = query.sql(self._trigrams_starting)
            sql = f"{sub} ORDER BY 1"
        else:
            where, params = self._filters(
                status=status, lang=lang, label=label, search=query, since=since
            )
            sql = f"SELECT a.id FROM articles a {where} ORDER BY {order_sql}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        try:
            return [r[0] for r in self.conn.execute(sql, params)]
        except sqlite3.OperationalError as exc:
            msg = str(exc)
            if query is not None and not any(
                w in msg for w in ("locked", "busy", "disk", "readonly")
            ):
                # The query is ours (quoted by search_query), so this is not the user's syntax:
                # say what could not be searched, never SQLite's own words.
                raise StoreError(
                    f"search: cannot search for {query.source!r}; "
                    'try plain words or a "quoted phrase"'
                ) from None
            raise _as_store_error(self.path, exc) from None

    #: A short CJK term that starts more trigrams than this is found by scanning the rows.
    SHORT_TERM_TRIGRAMS = 400

    def _trigrams_starting(self, term: str) -> list[str] | None:
        """The trigram index's terms that start with ``term`` (one or two characters); None when
        there are too many to OR together (the caller then scans)."""
        lo = term.lower()  # the index folds case
        rows = self.conn.execute(
            "SELECT term FROM articles_tri_terms WHERE term >= ? AND term < ? LIMIT ?",
            (lo, lo + "\U0010ffff", self.SHORT_TERM_TRIGRAMS + 1),
        ).fetchall()
        return None if len(rows) > self.SHORT_TERM_TRIGRAMS else [r[0] for r in rows]

    @staticmethod
    def _search_query(search: str | SearchQuery | None) -> SearchQuery | None:
        """The parsed search; a StoreError that says why when the text holds nothing to search."""
        if search is None or isinstance(search, SearchQuery):
            return search
        if not search.strip():
            return None
        query = translate(search)
        if query is None:
            raise StoreError(
                f'search: nothing to search for in {search!r}; type words or a "phrase"'
            )
        return query

    def search_hits(
        self, ids: Sequence[int], search: str | SearchQuery, width: int = 80
    ) -> dict[int, dict[str, Any]]:
        """Where ``search`` matches each of ``ids``: ``{id: {title, start, end, field, snippet,
        snippet_start, snippet_end}}``; ``start``/``end`` are offsets in the article text (None
        when only the title matched). The list's preview, the palette and ``newsmark search`` show
        these; the reader opens at ``start``."""
        query = self._search_query(search)
        if query is None or not ids:
            return {}
        out: dict[int, dict[str, Any]] = {}
        for chunk in (list(ids[i : i + 200]) for i in range(0, len(ids), 200)):
            rows = self.execute(
                f"SELECT id, title, text FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            for aid, title, text in rows:
                hit: dict[str, Any] = {
                    "title": title,
                    "start": None,
                    "end": None,
                    "field": None,
                    "snippet": None,
                    "snippet_start": None,
                    "snippet_end": None,
                }
                for where, value in (("text", text), ("title", title or "")):
                    if query.column not in (None, where):
                        continue
                    m = first_match(value, query)
                    if m is not None:
                        line, s0, s1 = snippet(value, m[0], m[1], width)
                        hit.update(field=where, snippet=line, snippet_start=s0, snippet_end=s1)
                        if where == "text":
                            hit.update(start=m[0], end=m[1])
                        break
                out[aid] = hit
        return out

    def _filters(
        self,
        *,
        status: Sequence[str] | None,
        lang: Sequence[str] | None,
        label: Sequence[str] | None,
        search: SearchQuery | None,
        since: str | None,
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if status:
            col, col_params = self._status_column()
            clauses.append(f"{col} IN ({','.join('?' * len(status))})")
            params.extend([*col_params, *status])
        if lang:
            clauses.append(f"a.lang IN ({','.join('?' * len(lang))})")
            params.extend(lang)
        if label:
            clauses.append(
                f"EXISTS (SELECT 1 FROM spans s WHERE s.article_id = a.id AND s.label IN ({','.join('?' * len(label))}))"
            )
            params.extend(label)
        if since:
            # Annotating does not rewrite the article row (it would copy the whole text):
            # the action log says when its spans last changed.
            clauses.append(
                "(a.updated_at >= ? OR EXISTS (SELECT 1 FROM actions x"
                " WHERE x.article_id = a.id AND x.ts >= ?))"
            )
            params.extend([since, since])
        if search is not None:
            sub, sub_params = search.sql(self._trigrams_starting)
            clauses.append(f"a.id IN ({sub})")
            params.extend(sub_params)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

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

    def _article_text(self, c: sqlite3.Connection, article_id: int) -> str | None:
        """An article's cleaned text, cached by content hash: tagging a 1 MB article must not
        read 1 MB from SQLite on every key (the hash sits before the text in the row)."""
        row = c.execute("SELECT hash FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        cached = self._text_cache
        if cached is not None and cached[0] == article_id and cached[1] == row[0]:
            return cached[2]
        text = c.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
        self._text_cache = (article_id, row[0], text)
        return text

    def _check_span(
        self, c: sqlite3.Connection, article_id: int, start: int, end: int, text: str | None
    ) -> str:
        full = self._article_text(c, article_id)
        if full is None:
            raise SpanError(f"no article with id {article_id}")
        length, covered = len(full), full[start:end]
        if not (0 <= start < end <= length):
            raise SpanError(
                f"article {article_id}: span [{start}, {end}) is empty or outside the text (0-{length})"
            )
        if text is not None and text != covered:
            raise SpanError(
                f"article {article_id}: span [{start}, {end}) covers {covered!r}, not {text!r}"
            )
        return covered

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

    # --- the action log, undo and redo ----------------------------------------------------

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

    # --- stats ----------------------------------------------------------------------------

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

    # --- annotation speed: suggestions, rejections, dictionary, measured speed -------------
    # (the logic is in tui/core/assist/suggest.py, tui/core/assist/candidates.py and tui/core/assist/model.py; these are the queries)

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
        is work not done yet, not a miss)."""
        found: set[int] = set()
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            found.update(
                r[0]
                for r in self.execute(
                    f"SELECT a.id FROM articles a WHERE a.id IN ({','.join('?' * len(chunk))})"
                    " AND a.status = 'new' AND NOT EXISTS (SELECT 1 FROM spans s WHERE s.article_id = a.id)",
                    chunk,
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


def _team() -> Any:
    """tui/core/team_tables.py, imported when a write needs it (it imports nothing heavy)."""
    from . import team_tables

    return team_tables


def _check_colour(colour: str) -> str:
    c = colour.strip()
    if len(c) == 7 and c.startswith("#") and all(ch in "0123456789abcdefABCDEF" for ch in c[1:]):
        return c.lower()
    raise StoreError(f"colour {colour!r}: use #rrggbb")


def _as_store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    msg = str(exc)
    if "readonly" in msg:
        return StoreError(
            f"{path}: the database is read-only; nothing was saved (check its permissions)"
        )
    if "disk" in msg and "full" in msg or "database or disk is full" in msg:
        return StoreError(f"{path}: the disk is full; nothing was saved (free some space)")
    if "locked" in msg or "busy" in msg:
        return StoreError(
            f"{path}: the database is locked by another program; close it or try again"
        )
    return StoreError(f"{path}: {msg}")
