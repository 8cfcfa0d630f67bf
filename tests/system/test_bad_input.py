"""Bad input: each gets a clear one-line message naming it, never a traceback, and a refused
input leaves the database byte-for-byte unchanged (table checksums)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from conftest import DATA, SEEDS

BAD = DATA / "bad"
EXPECTED = json.loads((BAD / "expected.json").read_text())
CONTROL = {chr(c) for c in range(32) if chr(c) not in "\n"} | {chr(c) for c in range(0x7F, 0xA0)} | {
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}


def checksums(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(db)
    try:
        out = {}
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'articles_fts_%' ORDER BY name"):
            h = hashlib.sha256()
            for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY 1'):
                h.update(repr(row).encode())
            out[name] = h.hexdigest()
        return out
    finally:
        conn.close()


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tui.core.ingest import import_paths
    from tui.core.store import Store

    db = tmp_path_factory.mktemp("tpl") / "seeded.db"
    with Store(db) as s:
        import_paths(s, [str(SEEDS)], jobs=1)
        s.tag(1, 0, 9, "ORG")
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


@pytest.fixture
def seeded_db(template_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "seeded.db"
    shutil.copy(template_db, db)
    return db


def check_one_line_messages(err: str) -> None:
    assert "Traceback" not in err
    for line in err.strip().splitlines():
        assert line.startswith(("error: ", "note: ", "imported ", "newsmark: ")), line


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_corpus(name: str, cli, seeded_db: Path) -> None:
    exp = EXPECTED[name]
    before = checksums(seeded_db)
    n_before = sqlite3.connect(seeded_db).execute("SELECT count(*) FROM articles").fetchone()[0]
    code, _, err = cli("--db", str(seeded_db), "import", str(BAD / name))
    check_one_line_messages(err)
    assert exp["message"] in err, err
    assert code == exp["exit"], err
    if exp["message"] not in ("imported 1 article(s)",):
        assert name in err.split(exp["message"])[0].splitlines()[-1] or name in err, "message must name the input"
    conn = sqlite3.connect(seeded_db)
    n_after = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert n_after - n_before == exp["stored"]
    if exp["stored"] == 0:
        assert checksums(seeded_db) == before
    for text, raw_title in conn.execute("SELECT text, coalesce(title, '') FROM articles WHERE id > ?", (n_before,)):
        assert not (set(text) & CONTROL), f"control characters stored in the cleaned text of {name}"
        assert "\r" not in text
        assert not (set(raw_title) & CONTROL)
    # the seeded article and its span are untouched
    assert conn.execute("SELECT text FROM spans WHERE id = 1").fetchone() == ("Microsoft",)


def test_corpus_is_at_least_forty() -> None:
    assert len(EXPECTED) + len(RUNTIME) >= 40


RUNTIME = ("huge_50mb", "one_mb_line", "unreadable", "symlink_loop", "fifo", "foreign_db", "newer_db",
           "locked_db", "not_a_db", "readonly_db")


def test_fifty_megabyte_text_is_refused(cli, seeded_db: Path, tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    before = checksums(seeded_db)
    code, _, err = cli("--db", str(seeded_db), "import", str(big))
    assert code == 1 and f"{big}: too large (52.4 MB" in err
    check_one_line_messages(err)
    assert checksums(seeded_db) == before


def test_one_megabyte_single_line(cli, seeded_db: Path, tmp_path: Path) -> None:
    line = ("The city council approved a new traffic plan for the town centre on Tuesday. " * 14000)
    f = tmp_path / "one_line.txt"
    f.write_text(line)
    code, _, err = cli("--db", str(seeded_db), "import", str(f))
    assert code == 0, err
    [(n,)] = sqlite3.connect(seeded_db).execute("SELECT length(text) FROM articles WHERE source = ?", (str(f),))
    assert n > 1_000_000


def test_unreadable_file_fifo_and_symlink_loop(cli, seeded_db: Path, tmp_path: Path) -> None:
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "good.txt").write_bytes((BAD / "crlf.txt").read_bytes())
    locked = d / "secret.txt"
    locked.write_text("private")
    locked.chmod(0)
    (d / "loop").symlink_to(d)                 # a directory that contains itself
    (d / "self.txt").symlink_to(d / "self.txt")  # a file link that points at itself
    os.mkfifo(d / "pipe.txt")
    before_count = sqlite3.connect(seeded_db).execute("SELECT count(*) FROM articles").fetchone()[0]
    code, _, err = cli("--db", str(seeded_db), "import", str(d))
    check_one_line_messages(err)
    assert code == 1
    assert "symbolic link loop" in err
    assert f"{d / 'self.txt'}: broken or looping symbolic link" in err
    assert f"{d / 'pipe.txt'}: not a regular file" in err
    if os.geteuid() != 0:  # root reads anything: the permission case only means something for users
        assert f"{locked}: cannot read" in err
    after = sqlite3.connect(seeded_db).execute("SELECT count(*) FROM articles").fetchone()[0]
    assert after >= before_count + 1


@pytest.mark.parametrize("kind", ["foreign", "newer", "not_a_db"])
def test_refused_databases_are_untouched(kind: str, cli, tmp_path: Path, template_db: Path) -> None:
    db = tmp_path / "x.db"
    if kind == "foreign":
        c = sqlite3.connect(db)
        c.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        c.execute("INSERT INTO moz_places(url) VALUES ('https://example.org')")
        c.commit()
        c.close()
        msg = "another application"
    elif kind == "newer":
        shutil.copy(template_db, db)
        c = sqlite3.connect(db)
        c.execute("PRAGMA user_version = 999")
        c.commit()
        c.close()
        msg = "newer newsmark"
    else:
        db.write_bytes(b"SQLite format 2\x00 this is not it" * 100)
        msg = "not a SQLite database"
    before = db.read_bytes()
    for args in (["import", str(SEEDS)], ["stats"], ["export", str(tmp_path / "o.jsonl")], ["labels"]):
        code, _, err = cli("--db", str(db), *args)
        assert code == 1 and msg in err and str(db) in err
        check_one_line_messages(err)
    assert db.read_bytes() == before
    assert not Path(str(db) + "-wal").exists()


def test_locked_database_gives_a_message(cli, seeded_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.core.store

    monkeypatch.setattr(tui.core.store, "BUSY_TIMEOUT_S", 0.3)
    holder = sqlite3.connect(seeded_db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        before_code, _, err = cli("--db", str(seeded_db), "import", str(BAD / "crlf.txt"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert before_code == 1
    assert "locked" in err and str(seeded_db) in err
    check_one_line_messages(err)


def test_locked_briefly_then_released_succeeds(cli, seeded_db: Path) -> None:
    holder = sqlite3.connect(seeded_db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    t = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    t.start()
    code, _, err = cli("--db", str(seeded_db), "import", str(BAD / "crlf.txt"))
    t.join()
    holder.close()
    assert code == 0, err


def test_readonly_database(cli, seeded_db: Path, tmp_path: Path) -> None:
    from tui.core.store import Store, StoreError

    s = Store(seeded_db)
    s.conn.execute("PRAGMA query_only = 1")  # what a read-only file does to every write
    with pytest.raises(StoreError, match="read-only"):
        s.tag(1, 10, 20, "ORG")
    s.close()
    assert sqlite3.connect(seeded_db).execute("SELECT count(*) FROM spans").fetchone() == (1,)


def test_full_disk(seeded_db: Path) -> None:
    from tui.core.store import Store, StoreError

    s = Store(seeded_db)
    pages = s.conn.execute("PRAGMA page_count").fetchone()[0]
    s.conn.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: a full disk
    text = "x " * 200_000
    from tui.core.store import NewArticle

    with pytest.raises(StoreError, match="full"):
        s.insert_articles([NewArticle(text=text, raw=text)])
    s.close()
    assert sqlite3.connect(seeded_db).execute("SELECT count(*) FROM articles").fetchone() == (2,)
