"""Which file the store opens and whether it may: the default path, the check that a file is a
newsmark database this version can open, and the registry of database files this process holds.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from .schema import APPLICATION_ID, SCHEMA_VERSION
from .store_errors import StoreError, _as_store_error


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


def hold_database_file(real_path: str) -> None:
    """Count one more connection of this process to ``real_path`` (a store opened it)."""
    with _LIVE_LOCK:
        _LIVE[real_path] = _LIVE.get(real_path, 0) + 1


def release_database_file(real_path: str) -> None:
    """Count one connection less to ``real_path`` (a store closed it)."""
    with _LIVE_LOCK:
        left = _LIVE.get(real_path, 1) - 1
        if left > 0:
            _LIVE[real_path] = left
        else:
            _LIVE.pop(real_path, None)


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
