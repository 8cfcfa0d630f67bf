"""Nobody opens the database, its ``-wal`` or its ``-shm`` outside SQLite (issue #12, point 1-2).

On Linux, closing *any* descriptor of a file drops every POSIX lock the process holds on it,
SQLite's included. A newsmark process that reads the database with ``open()`` while it holds a
connection loses its locks; the next process that closes its connection believes it is the last,
checkpoints and deletes ``-wal``/``-shm``, and the first one goes on writing into a deleted file
("disk I/O error", then "database disk image is malformed").

Two guards: a real-process reproduction (a live WAL connection here, everything newsmark does
in-process, another process opening and closing the database: the ``-wal`` must survive) and an
audit hook that fails the test on any ``open`` event naming the database files while the store,
the CLI and the app are used.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from tui.cli import main
from tui.core.store import APPLICATION_ID, SCHEMA_VERSION, NewArticle, Store, StoreError

TEXT = "Anna Schmidt works for Acme Corp in Paris with Bob Jones. They met Google in Tokyo."

_WATCHED: set[str] = set()
_OPENED: list[str] = []
_HOOKED = False


def _hook(event: str, args: tuple) -> None:
    if event == "open" and _WATCHED and args and isinstance(args[0], (str, bytes, os.PathLike)):
        try:
            p = os.path.realpath(os.fsdecode(args[0]))
        except (TypeError, ValueError):
            return
        if p in _WATCHED:
            _OPENED.append(p)


@contextmanager
def no_open_of(db: Path) -> Iterator[list[str]]:
    """Record every ``open`` audit event (``open()``, ``io.open``, ``os.open``) of ``db`` and its
    ``-wal``/``-shm``; SQLite's own opens are C calls and raise none."""
    global _HOOKED
    if not _HOOKED:
        sys.addaudithook(_hook)  # cannot be removed: it does nothing while _WATCHED is empty
        _HOOKED = True
    real = os.path.realpath(db)
    names = {real, real + "-wal", real + "-shm"}
    _WATCHED.update(names)
    _OPENED.clear()
    try:
        yield _OPENED
    finally:
        _WATCHED.difference_update(names)


def make_db(path: Path) -> Path:
    with Store(path) as s:
        s.insert_articles(
            [
                NewArticle(text=TEXT, raw=TEXT, title="One", lang="en"),
                NewArticle(text=TEXT + " Again.", raw=TEXT + " Again.", title="Two", lang="en"),
            ]
        )
    return path


def other_process_opens_and_closes(db: Path) -> None:
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute('SELECT count(*) FROM articles').fetchone(); c.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, timeout=60)


def test_the_audit_hook_sees_a_plain_open(tmp_path: Path) -> None:
    """The guard itself can fail: a plain ``open()`` of the database is caught."""
    db = make_db(tmp_path / "n.db")
    with no_open_of(db) as opened:
        with open(db, "rb") as fh:
            fh.read(16)
        assert opened == [os.path.realpath(db)]


def test_the_wal_survives_newsmark_in_process_and_another_process(tmp_path: Path) -> None:
    """The issue's reproduction without the app: one live WAL connection; newsmark opens and
    closes stores (and CLI commands) in this process; another process opens and closes a
    connection. With the old ``open(db).read(16)`` check the ``-wal`` was deleted here."""
    db = make_db(tmp_path / "live.db")
    runner = CliRunner()
    live = sqlite3.connect(db, isolation_level=None)
    try:
        live.execute("PRAGMA journal_mode = WAL")
        live.execute("UPDATE articles SET title = 'live' WHERE id = 1")  # the -wal holds this
        assert Path(str(db) + "-wal").exists()
        for _ in range(3):
            with Store(db) as s:
                s.stats()
            Store(db, create=False).close()
        for args in (["stats"], ["lint"], ["export", str(tmp_path / "out.jsonl")]):
            res = runner.invoke(main, ["--db", str(db), *args])
            assert res.exit_code in (0, 1), res.output
        other_process_opens_and_closes(db)
        assert Path(str(db) + "-wal").exists(), (
            "another process deleted the -wal under a live connection"
        )
        assert Path(str(db) + "-shm").exists()
        # the live connection goes on writing, and another process sees it, undamaged
        live.execute("UPDATE articles SET title = 'after' WHERE id = 2")
        code = (
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "print(c.execute('PRAGMA integrity_check').fetchone()[0], "
            "c.execute('SELECT title FROM articles WHERE id = 2').fetchone()[0])"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, str(db)],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.split()
        assert out == ["ok", "after"]
    finally:
        live.close()


def test_store_and_cli_never_open_the_database_files(tmp_path: Path) -> None:
    db = make_db(tmp_path / "cli.db")
    runner = CliRunner()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("A story about Berlin and Paris.\n", encoding="utf-8")
    with no_open_of(db) as opened:
        with Store(db) as s:
            span = s.tag(1, 0, 4, "PER")
            s.relabel(span.id, "ORG")
            s.undo()
            s.redo()
            s.stats()
            list(s.iter_articles(s.article_ids()))
        Store(db, create=False).close()
        for args in (
            ["stats"],
            ["stats", "--json"],
            ["lint"],
            ["import", str(folder)],
            ["export", str(tmp_path / "o.jsonl")],
            ["labels"],
            ["export", str(tmp_path / "o.conll"), "--format", "conll"],
        ):
            res = runner.invoke(main, ["--db", str(db), *args])
            assert res.exit_code in (0, 1), (args, res.output)
        assert opened == []


@pytest.mark.parametrize("name", ["news.db", "news.txt"])
def test_importing_a_folder_that_holds_the_database_never_opens_it(
    tmp_path: Path, name: str
) -> None:
    """``newsmark --db pages/news.db import pages/``: the database (whatever its name) is never
    read as an article file by the process writing it."""
    folder = tmp_path / "pages"
    folder.mkdir()
    db = make_db(folder / name)
    (folder / "story.txt").write_text("A story about Lyon and Geneva.\n", encoding="utf-8")
    (folder / "link.txt").symlink_to(db)  # by another name too
    with no_open_of(db) as opened:
        res = CliRunner().invoke(main, ["--db", str(db), "import", str(folder), "--jobs", "1"])
        assert opened == []
    assert res.exit_code == 0, res.output
    with Store(db) as s:
        assert s.article_count() == 3


def test_the_app_never_opens_the_database_files(tmp_path: Path) -> None:
    """The screens that used to trigger it (reader, stats, lint, import and export dialogs) each
    open their own ``Store`` in a worker thread."""
    from app_support import settle

    from tui.app import NewsmarkApp
    from tui.screens.reader import ReaderScreen

    db = make_db(tmp_path / "app.db")

    async def run() -> None:
        app = NewsmarkApp(db, config_dir=tmp_path / "config")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            await pilot.press("enter")
            await settle(app, pilot)
            assert isinstance(app.screen, ReaderScreen)
            for key in ("1", "w", "2", "u", "ctrl+r"):
                await pilot.press(key)
                await settle(app, pilot)
            await pilot.press("escape")
            await settle(app, pilot)
            for screen_key in (
                "S",
                "exclamation_mark",
                "L",
                "x",
                "i",
            ):  # stats, lint, labels, export, import
                await pilot.press(screen_key)
                await settle(app, pilot)
                await pilot.press("escape")
                await settle(app, pilot)

    with no_open_of(db) as opened:
        asyncio.run(run())
        assert opened == []


# --- the foreign/newer check sees the WAL and refuses untouched ----------------------------------


def _wal_only(db: Path, sql: list[str]) -> sqlite3.Connection:
    """A connection that made changes still only in ``db``'s ``-wal`` (kept open, no checkpoint)."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    for q in sql:
        conn.execute(q)
    return conn


def _header(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        return (
            conn.execute("PRAGMA application_id").fetchone()[0],
            conn.execute("PRAGMA user_version").fetchone()[0],
        )
    finally:
        conn.close()


def test_a_newer_schema_only_in_the_wal_is_refused_untouched(tmp_path: Path) -> None:
    db = make_db(tmp_path / "newer.db")
    holder = _wal_only(db, [f"PRAGMA user_version = {SCHEMA_VERSION + 1}"])
    try:
        with pytest.raises(StoreError, match="newer newsmark"):
            Store(db)
        res = CliRunner().invoke(main, ["--db", str(db), "stats"])
        assert res.exit_code != 0 and "newer newsmark" in res.output
        assert holder.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    finally:
        holder.close()
    assert _header(db) == (APPLICATION_ID, SCHEMA_VERSION + 1)


def test_another_applications_database_only_in_the_wal_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "foreign.db"
    sqlite3.connect(db).close()  # an empty file: SQLite, nobody's yet
    holder = _wal_only(
        db,
        [
            "PRAGMA application_id = 1234",
            "CREATE TABLE things(id INTEGER PRIMARY KEY, name TEXT)",
            "INSERT INTO things(name) VALUES ('theirs')",
        ],
    )
    try:
        with pytest.raises(StoreError, match="another application"):
            Store(db)
        res = CliRunner().invoke(main, ["--db", str(db), "import", str(ROOT / "seeds")])
        assert res.exit_code != 0 and "another application" in res.output
    finally:
        holder.close()
    assert _header(db) == (1234, 0)
    conn = sqlite3.connect(db)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    assert tables == {"things"}


def test_not_a_database_is_refused_with_a_message(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("these are my notes, not a database\n" * 20, encoding="utf-8")
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store(junk)
    assert junk.read_text(encoding="utf-8").startswith("these are my notes")
