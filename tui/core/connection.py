"""The connection under every store query: open and check the file, migrate it, transactions
retried while another process writes, read snapshots, settings, and the checks writes share.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from .db_file import check_connection, hold_database_file, release_database_file
from .records import LABEL_KEYS, PALETTE, default_annotator
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from .store_errors import SpanError, StoreError, _as_store_error

if TYPE_CHECKING:
    import sqlite_utils


BUSY_TIMEOUT_S = 10.0


class StoreConnection:
    """A connection to one newsmark database. One per thread (SQLite connections are not shared).

    The base of :class:`tui.core.store.Store`: opening and checking the file, migrations,
    transactions, settings, and the checks every write shares."""

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
        hold_database_file(live)
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
            release_database_file(live)

    def __enter__(self) -> Self:
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
        def __init__(self, store: StoreConnection) -> None:
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

    def transaction(self) -> StoreConnection._Tx:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, retried with backoff while another writer holds the lock."""
        return StoreConnection._Tx(self)

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[Self]:
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

    # --- checks shared by the writes -------------------------------------------------------

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


def _team() -> Any:
    """tui/core/team_tables.py, imported when a write needs it (it imports nothing heavy)."""
    from . import team_tables

    return team_tables
