"""Bad input: each gets a clear one-line message naming it, never a traceback, and a refused
input leaves the database byte-for-byte unchanged (table checksums)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import DATA, SEEDS

BAD = DATA / "bad"
EXPECTED = json.loads((BAD / "expected.json").read_text())
CONTROL = (
    {chr(c) for c in range(32) if chr(c) not in "\n"}
    | {chr(c) for c in range(0x7F, 0xA0)}
    | {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}
)


def checksums(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(db)
    try:
        out = {}
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'articles_fts_%' ORDER BY name"
        ):
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
        assert name in err.split(exp["message"])[0].splitlines()[-1] or name in err, (
            "message must name the input"
        )
    conn = sqlite3.connect(seeded_db)
    n_after = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert n_after - n_before == exp["stored"]
    if exp["stored"] == 0:
        assert checksums(seeded_db) == before
    for text, raw_title in conn.execute(
        "SELECT text, coalesce(title, '') FROM articles WHERE id > ?", (n_before,)
    ):
        assert not (set(text) & CONTROL), f"control characters stored in the cleaned text of {name}"
        assert "\r" not in text
        assert not (set(raw_title) & CONTROL)
    # the seeded article and its span are untouched
    assert conn.execute("SELECT text FROM spans WHERE id = 1").fetchone() == ("Microsoft",)


def test_corpus_is_at_least_forty() -> None:
    assert len(EXPECTED) + len(RUNTIME) >= 40


RUNTIME = (
    "huge_50mb",
    "one_mb_line",
    "unreadable",
    "symlink_loop",
    "fifo",
    "foreign_db",
    "newer_db",
    "locked_db",
    "not_a_db",
    "readonly_db",
)


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
    line = "The city council approved a new traffic plan for the town centre on Tuesday. " * 14000
    f = tmp_path / "one_line.txt"
    f.write_text(line)
    code, _, err = cli("--db", str(seeded_db), "import", str(f))
    assert code == 0, err
    [(n,)] = sqlite3.connect(seeded_db).execute(
        "SELECT length(text) FROM articles WHERE source = ?", (str(f),)
    )
    assert n > 1_000_000


def test_unreadable_file_fifo_and_symlink_loop(cli, seeded_db: Path, tmp_path: Path) -> None:
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "good.txt").write_bytes((BAD / "crlf.txt").read_bytes())
    locked = d / "secret.txt"
    locked.write_text("private")
    locked.chmod(0)
    (d / "loop").symlink_to(d)  # a directory that contains itself
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
    for args in (
        ["import", str(SEEDS)],
        ["stats"],
        ["export", str(tmp_path / "o.jsonl")],
        ["labels"],
    ):
        code, _, err = cli("--db", str(db), *args)
        assert code == 1 and msg in err and str(db) in err
        check_one_line_messages(err)
    assert db.read_bytes() == before
    assert not Path(str(db) + "-wal").exists()


def test_locked_database_gives_a_message(
    cli, seeded_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.core.connection

    monkeypatch.setattr(tui.core.connection, "BUSY_TIMEOUT_S", 0.3)
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


# --- one bad record never stops the rest (issue 13, point 1) ------------------------------------


GOOD = "Record {i}: the council of Lyon met on Tuesday to discuss the new tram line."


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_fields_skip_only_their_record(cli, tmp_path: Path) -> None:
    """Object/list-valued fields, JSON nested 100,000 deep and an id of 10**30, spread over a
    600-line file: each is one ``file:line: what; what to do`` error, every good record of every
    batch is stored, no "internal error"."""
    bad = {
        120: {"title": {"a": 1}},
        300: {"date": [2024, 1, 2]},
        301: {"url": {"href": "x"}},
        302: {"meta": {"note": {"n": 1}}},
        303: {"id": 10**30},
        450: {"author": ["A", "B"]},
        451: {"meta": {"tags": [{"x": 1}]}},
    }
    lines = []
    for i in range(600):
        lines.append(json.dumps({"text": GOOD.format(i=i), **bad.get(i, {})}))
    lines.insert(200, "[" * 100_000 + "]" * 100_000)  # line 201
    src = _jsonl(tmp_path / "mixed.jsonl", lines)
    db = tmp_path / "m.db"
    code, _, err = cli("--db", str(db), "import", str(src))
    assert code == 1
    assert "internal error" not in err and "Traceback" not in err
    check_one_line_messages(err)
    errors = [ln for ln in err.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 8, errors
    expect = {
        121: '"title" is an object, not text; make it a string or remove it; record skipped',
        201: "JSON nested too deeply (more than 100 levels); flatten the record; line skipped",
        302: '"date" is a list, not text',
        303: '"url" is an object, not text',
        304: '"meta.note" is an object, not text',
        305: '"id" 1000000000000000000000000000000 is not a whole number from 1 to',
        452: '"author" is a list, not text',
        453: 'a tag in "meta.tags" is an object',
    }
    for line, words in expect.items():
        assert any(e.startswith(f"error: {src}:{line}: ") and words in e for e in errors), (
            line,
            errors,
        )
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone() == (600 - 7,)
    stored = {t for (t,) in conn.execute("SELECT text FROM articles")}
    assert stored == {GOOD.format(i=i) for i in range(600) if i not in bad}


def test_a_record_sqlite_refuses_does_not_roll_back_its_batch(cli, tmp_path: Path) -> None:
    """A lone UTF-16 surrogate passes every check but SQLite cannot store it: the batch is
    retried record by record and only that one is named."""
    lines = [json.dumps({"text": GOOD.format(i=i)}) for i in range(10)]
    lines[3] = '{"text": "A lone \\ud800 surrogate in the text of record three."}'
    src = _jsonl(tmp_path / "surrogate.jsonl", lines)
    db = tmp_path / "s.db"
    code, _, err = cli("--db", str(db), "import", str(src))
    assert code == 1
    check_one_line_messages(err)
    assert f"{src}:4: could not be stored (" in err and "record skipped: fix it" in err
    assert sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone() == (9,)


def test_json_array_nested_too_deep_and_deep_element(cli, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    one = tmp_path / "one_deep.json"
    one.write_text(
        json.dumps([{"text": GOOD.format(i=1)}, {"text": GOOD.format(i=2), "x": [[[[[[]]]]]] * 1}])[
            :-1
        ]
        + ', {"text": "deep", "x": '
        + "[" * 200
        + "]" * 200
        + "}]"
    )
    db = tmp_path / "d.db"
    code, _, err = cli("--db", str(db), "import", str(deep), str(one))
    assert code == 1 and "internal error" not in err
    check_one_line_messages(err)
    assert f"{deep}:1 (record 1): JSON nested too deeply" in err
    assert f"{one}:1 (record 3): JSON nested too deeply" in err
    assert sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone() == (2,)


def test_duplicate_ids_never_renumber_other_records(cli, tmp_path: Path) -> None:
    """A second ``id 500`` with a different text is reported and stored last under a new id;
    the real 501 keeps 501, and an id already used by an earlier import is not taken over."""
    recs = [
        {"id": 499, "text": GOOD.format(i=499)},
        {"id": 500, "text": GOOD.format(i=500)},
        {"id": 500, "text": "A different story that also claims to be number 500."},
        {"id": 501, "text": GOOD.format(i=501)},
        {"id": 502, "text": GOOD.format(i=500)},
    ]
    src = _jsonl(tmp_path / "ids.jsonl", [json.dumps(r) for r in recs])
    db = tmp_path / "ids.db"
    code, _, err = cli("--db", str(db), "import", str(src))
    check_one_line_messages(err)
    assert (
        f"{src}:3: id 500 is already used by another article with a different text; stored as id 502"
        in err
    )
    conn = sqlite3.connect(db)
    rows = dict(conn.execute("SELECT id, text FROM articles"))
    assert rows == {
        499: GOOD.format(i=499),
        500: GOOD.format(i=500),
        501: GOOD.format(i=501),
        502: "A different story that also claims to be number 500.",
    }
    assert (
        json.loads(conn.execute("SELECT meta FROM articles WHERE id = 502").fetchone()[0])[
            "source_id"
        ]
        == 500
    )
    assert "skipped 1 duplicate(s)" in err  # record 5: same text as 500, whatever its id
    # a later import whose ids clash with stored articles: same rule
    src2 = _jsonl(
        tmp_path / "ids2.jsonl",
        [
            json.dumps({"id": 501, "text": "Yet another text with id 501."}),
            json.dumps({"id": 600, "text": GOOD.format(i=600)}),
        ],
    )
    code, _, err = cli("--db", str(db), "import", str(src2))
    assert f"{src2}:1: id 501 is already used" in err
    ids = dict(conn.execute("SELECT text, id FROM articles"))
    assert ids[GOOD.format(i=501)] == 501 and ids[GOOD.format(i=600)] == 600
    assert ids["Yet another text with id 501."] == 601


# --- charsets (issue 13, point 6) ---------------------------------------------------------------


def test_declared_charset_used_when_the_bytes_agree_detection_when_not(cli, tmp_path: Path) -> None:
    """``<meta charset=utf-8>`` over cp1252 bytes: the bytes are not UTF-8, so detection decides,
    and among the code pages it rates as likely it takes cp1252 ("naïve", not cp1250's "naďve").
    A declared charset the bytes agree with is used as such; undeclared Czech, Russian and Greek
    keep their own code pages."""
    fr = (
        "<html><head><meta charset=utf-8><title>Un café</title></head><body><article><p>"
        "Le café était naïve, déjà « très » cher – 20 € pour une œuvre de Noël.</p></article></body></html>"
    )
    de = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body>'
        "<article><p>Er sagte: Grüße aus München, die Straße ist gesperrt – naïve Idee.</p></article></body></html>"
    )
    cs = (
        '<html><head><meta charset="windows-1250"></head><body><article><p>'
        "Příliš žluťoučký kůň úpěl ďábelské ódy. Vláda schválila nový zákon.</p></article></body></html>"
    )
    files = {
        "fr.html": fr.encode("cp1252"),
        "de.html": de.encode("cp1252"),
        "cs.html": cs.encode("cp1250"),
        "ru.txt": "Правительство одобрило в среду законопроект о подоходном налоге.\n".encode(
            "cp1251"
        ),
        "el.txt": "Η κυβέρνηση ενέκρινε την Τετάρτη το νομοσχέδιο για τον φόρο εισοδήματος.\n".encode(
            "cp1253"
        ),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    db = tmp_path / "cs.db"
    code, _, err = cli("--db", str(db), "import", *(str(tmp_path / n) for n in files))
    assert code == 0, err
    assert (
        f"{tmp_path / 'fr.html'}: not UTF-8, decoded as cp1252 (the file says utf-8, but its bytes are not)"
        in err
    )
    assert f"{tmp_path / 'de.html'}: decoded as cp1252 (declared in the file)" in err
    assert f"{tmp_path / 'cs.html'}: decoded as cp1250 (declared in the file)" in err
    texts = "\n".join(t for (t,) in sqlite3.connect(db).execute("SELECT text FROM articles"))
    for word in (
        "naïve",
        "Noël",
        "œuvre",
        "20 €",
        "Grüße",
        "Straße",
        "žluťoučký",
        "ďábelské",
        "законопроект",
        "εισοδήματος",
    ):
        assert word in texts, word
    assert "naď" not in texts


# --- sizes, gzip, unreadable and changing inputs (issue 13, points 2 to 4) -------------------------


def test_gzip_too_large_and_damaged_are_told_apart(cli, tmp_path: Path) -> None:
    import gzip

    body = (
        "The council met on Tuesday to discuss the new tram line through the old town. " * 20_000
    ).encode()
    big = tmp_path / "big.txt.gz"  # 1.6 MB once decompressed: valid, over a 1 MB limit
    big.write_bytes(gzip.compress(body, 1))
    bomb = tmp_path / "bomb.json.gz"  # 1 GB of zeros in 1 MB: the same member, repeated
    member = gzip.compress(b"\x00" * (64 * 2**20), 9)
    bomb.write_bytes(member * 16)
    cut = tmp_path / "cut.txt.gz"
    cut.write_bytes(big.read_bytes()[: big.stat().st_size // 2])
    db = tmp_path / "gz.db"
    code, _, err = cli("--db", str(db), "import", str(bomb), str(cut))
    check_one_line_messages(err)
    assert code == 1
    assert (
        f"{bomb}: too large once decompressed (over the 20 MB limit); split it, or raise the limit with --max-size"
        in err
    )
    assert (
        f"{cut}: broken gzip (the compressed data ends early: truncated); the file is damaged"
        in err
    )
    code, _, err = cli("--db", str(db), "import", "--max-size", "1MB", str(big))
    assert code == 1 and f"{big}: too large once decompressed (over the 1 MB limit)" in err
    code, _, err = cli("--db", str(db), "import", "--max-size", "2MB", str(big))
    assert code == 0, err
    [(n,)] = sqlite3.connect(db).execute("SELECT length(raw) FROM articles")
    assert n == len(body)


def test_size_limit_applies_to_json_and_stdin_with_the_flag(cli, tmp_path: Path) -> None:
    arr = tmp_path / "many.json"  # a JSON array is one document: the limit applies
    arr.write_text(json.dumps([{"text": GOOD.format(i=i) * 120} for i in range(120)]))
    db = tmp_path / "lim.db"
    code, _, err = cli("--db", str(db), "import", "--max-size", "1MB", str(arr))
    assert code == 1
    assert (
        f"{arr}: too large ({arr.stat().st_size / 1e6:.1f} MB, over the 1 MB limit); split it, or raise the limit with --max-size (e.g. --max-size 3MB)"
        in err
    )
    code, _, err = cli("--db", str(db), "import", "--max-size", "1MB", "-", input=arr.read_bytes())
    assert code == 1 and "<stdin>: too large (standard input, over the 1 MB limit)" in err
    assert sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone() == (0,)
    code, _, err = cli("--db", str(db), "import", "--jobs", "1", "--max-size", "3MB", str(arr))
    assert code == 0, err
    assert sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone() == (120,)
    code, _, err = cli("--db", str(db), "import", "--max-size", "lots", str(arr))
    assert code == 2 and "'lots' is not a size" in err
    # a spaCy DocBin on standard input too (any bytes: the limit stops the read first)
    code, _, err = cli(
        "--db",
        str(db),
        "import",
        "--format",
        "spacy",
        "--max-size",
        "1MB",
        "-",
        input=arr.read_bytes(),
    )
    assert code == 1 and "<stdin>: too large (standard input, over the 1 MB limit)" in err


def test_unreadable_directory_is_reported(cli, seeded_db: Path, tmp_path: Path) -> None:
    """A folder os.walk cannot list is an error naming it, never skipped with exit 0. Root reads
    any folder, so the case made everywhere is a path longer than the system allows (ENAMETOOLONG);
    for other users a folder without permissions is tried too."""
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_bytes((BAD / "crlf.txt").read_bytes())
    fd = os.open(root, os.O_RDONLY)
    for _ in range(22):  # 22 x 201 characters: past PATH_MAX
        os.mkdir("d" * 200, dir_fd=fd)
        nfd = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = nfd
    os.close(fd)
    args = [str(root)]
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir()
        (locked / "x.txt").write_text("private text")
        locked.chmod(0)
        args.append(str(locked))
    code, _, err = cli("--db", str(seeded_db), "import", *args)
    check_one_line_messages(err)
    assert code == 1
    assert (
        f"{root}/{'d' * 200}/" in err
        and "cannot read directory (File name too long); its files were not imported" in err
    )
    if os.geteuid() != 0:
        assert f"{tmp_path / 'locked'}: cannot read directory (Permission denied)" in err


def _writer(path: Path) -> subprocess.Popen[bytes]:
    code = (
        "import sys, time\nf = open(sys.argv[1], 'ab', buffering=0)\n"
        "while True:\n    f.write(b'More words keep arriving here. ')\n    time.sleep(0.0001)\n"
    )
    return subprocess.Popen([sys.executable, "-c", code, str(path)])


def test_a_file_that_changes_while_read_is_reported(cli, tmp_path: Path) -> None:
    """A text file still being written is read again; while it keeps changing it is reported,
    never stored as whatever prefix was there. A streamed JSONL that grows is reported too."""
    import time

    txt = tmp_path / "growing.txt"
    txt.write_bytes(b"The council met on Tuesday. " * 400_000)  # 11 MB: reading it takes a while
    jl = tmp_path / "growing.jsonl"
    jl.write_text("".join(json.dumps({"text": GOOD.format(i=i)}) + "\n" for i in range(3000)))
    db = tmp_path / "g.db"
    for src in (txt, jl):
        w = _writer(src)
        try:
            time.sleep(0.3)
            for _ in range(
                5
            ):  # the writer needs the CPU while we read: a loaded machine may not give it
                code, _, err = cli("--db", str(db), "import", "--jobs", "1", str(src))
                check_one_line_messages(err)
                if f"{src}: the file changed while it was read" in err:
                    break
        finally:
            w.kill()
            w.wait()
        assert code == 1
        assert f"{src}: the file changed while it was read" in err, err[-500:]


def test_jsonl_streams_past_the_limit_and_skips_an_over_long_line(cli, tmp_path: Path) -> None:
    """A JSONL file (plain or gzip) is read a line at a time: its size is not limited (the
    refused 176 MB .jsonl.gz case), one line is; a longer line is named and skipped, the
    records after it are read. A gzip damaged half-way keeps what came before and says so."""
    import gzip
    import random

    rnd = random.Random(13)
    words = GOOD.split()

    def text(i: int) -> str:
        return f"Record {i}. " + " ".join(rnd.choice(words) for _ in range(150))

    lines = [json.dumps({"text": text(i)}) for i in range(300)]  # ~300 KB, over a 100 KB limit
    lines[150] = json.dumps({"text": "A single line over the limit. " + "y" * 150_000})
    gz = tmp_path / "big.jsonl.gz"
    gz.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode(), 1))
    db = tmp_path / "st.db"
    code, _, err = cli("--db", str(db), "import", "--jobs", "1", "--max-size", "100KB", str(gz))
    check_one_line_messages(err)
    assert code == 1
    assert (
        f"{gz}:151: line too large (over the 100 KB limit); split it, or raise the limit with --max-size"
        in err
    )
    assert "line skipped" in err and "imported 299 article(s)" in err
    data = gzip.compress(("\n".join(lines[:150] + lines[151:]) + "\n").encode(), 1)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    db2 = tmp_path / "st2.db"
    code, _, err = cli("--db", str(db2), "import", "--jobs", "1", str(cut))
    check_one_line_messages(err)
    assert code == 1 and "broken gzip" in err and "the rest of the file was not read" in err
    (n,) = sqlite3.connect(db2).execute("SELECT count(*) FROM articles").fetchone()
    assert 50 < n < 299  # what came before the damage is stored


def test_a_record_without_text_names_its_long_fields_and_the_flag(cli, tmp_path: Path) -> None:
    """A dataset of another shape (the text under ``raw_text``): the message says which key holds
    the text and which flag names it; with the flag the same file imports whole."""
    body = "A council vote on the new tram line was postponed to March after a long debate. " * 2
    src = tmp_path / "pages.jsonl"
    src.write_text(json.dumps({"id": 7, "raw_text": body, "url": "https://example.org/a"}) + "\n")
    code, _, err = cli("--db", str(tmp_path / "a.db"), "import", str(src))
    assert code == 1
    assert (
        f'{src}:1: record has no "text" or "html" field; name the text\'s key with --text-field'
        in err
    )
    assert "(its long text fields: raw_text)" in err
    code, _, err = cli(
        "--db", str(tmp_path / "b.db"), "import", "--text-field", "raw_text", str(src)
    )
    assert code == 0, err
    conn = sqlite3.connect(tmp_path / "b.db")
    assert conn.execute("SELECT text FROM articles").fetchall() == [(body.strip(),)]
