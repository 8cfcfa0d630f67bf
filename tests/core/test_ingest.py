"""Import of every input kind, through the CLI entry point, checked in SQLite."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

from conftest import DATA, SEEDS


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_import_directory_seeds(cli, db_path: Path) -> None:
    code, _, err = cli("--db", str(db_path), "import", str(SEEDS))
    assert code == 0, err
    assert "imported 2 article(s)" in err
    arts = rows(
        db_path, "SELECT source, lang, status, length(text), length(raw) FROM articles ORDER BY id"
    )
    assert len(arts) == 2
    for source, lang, status, n_text, n_raw in arts:
        assert source.startswith(str(SEEDS))
        assert lang == "fr" and status == "new"
        assert 0 < n_text < n_raw


def test_reimport_skips_duplicates(cli, db_path: Path) -> None:
    cli("--db", str(db_path), "import", str(SEEDS))
    code, _, err = cli("--db", str(db_path), "import", str(SEEDS))
    assert code == 0
    assert "imported 0 article(s), skipped 2 duplicate(s)" in err
    assert rows(db_path, "SELECT count(*) FROM articles") == [(2,)]


def test_html_file(cli, db_path: Path) -> None:
    code, _, err = cli("--db", str(db_path), "import", str(DATA / "article_en.html"))
    assert code == 0, err
    [(text, title, lang, kind, raw)] = rows(
        db_path, "SELECT text, title, lang, kind, raw FROM articles"
    )
    assert kind == "html" and lang == "en"
    assert "four hundred volunteers" in text
    assert "Accept all cookies" not in text and "<p>" not in text
    assert "River cleanup" in (title or "")
    assert raw.startswith("<!DOCTYPE html>")


def test_gzip_and_stdin(cli, db_path: Path, tmp_path: Path) -> None:
    gz = tmp_path / "article.txt.gz"
    gz.write_bytes(gzip.compress((DATA / "article_fr.txt").read_bytes()))
    code, _, err = cli("--db", str(db_path), "import", str(gz))
    assert code == 0, err
    text = (DATA / "article_en.html").read_text()
    code, _, err = cli("--db", str(db_path), "import", "-", input=text)
    assert code == 0, err
    srcs = [r[0] for r in rows(db_path, "SELECT source FROM articles ORDER BY id")]
    assert srcs == [str(gz), "<stdin>"]
    [(t,)] = rows(db_path, "SELECT text FROM articles WHERE id = 1")
    assert "Le port de Marseille a inauguré jeudi" in t


def test_glob(cli, db_path: Path) -> None:
    code, _, err = cli("--db", str(db_path), "import", str(SEEDS / "*.txt"))
    assert code == 0, err
    assert rows(db_path, "SELECT count(*) FROM articles") == [(2,)]


def test_jsonl_spans_exact_offsets_and_bad_lines(cli, db_path: Path) -> None:
    code, _, err = cli("--db", str(db_path), "import", str(DATA / "annotated.jsonl"))
    assert code == 1  # a malformed line and a record without text
    assert f"{DATA / 'annotated.jsonl'}:3: malformed JSON" in err
    assert f'{DATA / "annotated.jsonl"}:4: record has no "text"' in err
    assert "created label 'GPE'" in err
    recs = [
        json.loads(line)
        for i, line in enumerate((DATA / "annotated.jsonl").read_text().splitlines())
        if i in (0, 1)
    ]
    got = rows(
        db_path,
        'SELECT a.text, s.start, s."end", s.label, s.text, s.origin FROM spans s JOIN articles a ON a.id = s.article_id ORDER BY s.article_id, s.start',
    )
    expected = []
    for sp in recs[0]["spans"]:
        expected.append(
            (recs[0]["text"], sp["start"], sp["end"], sp["label"], sp["text"], "imported")
        )
    for s, e, lb in sorted(recs[1]["label"]):
        expected.append((recs[1]["text"], s, e, lb, recs[1]["text"][s:e], "imported"))
    assert got == expected
    # combining accent and emoji before the spans: offsets are code points
    assert ("Zoé\u0301" in [g[4] for g in got]) and ("Berlin" in [g[4] for g in got])
    # the record without spans was cleaned and stored too
    assert rows(db_path, "SELECT count(*) FROM articles") == [(3,)]


def test_span_that_does_not_match_is_skipped(cli, db_path: Path, tmp_path: Path) -> None:
    f = tmp_path / "bad_spans.jsonl"
    f.write_text(
        json.dumps(
            {
                "text": "Anna lives in Rome.",
                "spans": [
                    {"start": 0, "end": 4, "label": "PER", "text": "Anna"},
                    {"start": 14, "end": 18, "label": "LOC", "text": "Paris"},
                    {"start": 10, "end": 99, "label": "LOC"},
                ],
            }
        )
        + "\n"
    )
    code, _, err = cli("--db", str(db_path), "import", str(f))
    assert code == 1
    assert "covers 'Rome', not 'Paris'" in err
    assert "outside the text" in err
    assert rows(db_path, 'SELECT start, "end", label, text FROM spans') == [(0, 4, "PER", "Anna")]


def test_utf16_offsets_are_converted(cli, db_path: Path, tmp_path: Path) -> None:
    text = "👍 Apple hired Tim Cook."
    f = tmp_path / "ls.jsonl"
    f.write_text(
        json.dumps(
            {"text": text, "spans": [{"start": 3, "end": 8, "label": "ORG", "text": "Apple"}]}
        )
        + "\n"
    )
    code, _, err = cli("--db", str(db_path), "import", str(f))
    assert code == 0, err
    assert "UTF-16" in err
    assert rows(db_path, 'SELECT start, "end", text FROM spans') == [(2, 7, "Apple")]


def test_non_utf8_encodings(cli, db_path: Path, tmp_path: Path) -> None:
    body = (DATA / "article_fr.txt").read_text(encoding="utf-8")
    (tmp_path / "cp1252.txt").write_bytes(body.replace("É", "E").encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(body.replace("Marseille", "Lyon").encode("utf-16"))
    (tmp_path / "bom.txt").write_bytes(
        b"\xef\xbb\xbf" + body.replace("Marseille", "Nice").replace("\n", "\r\n").encode()
    )
    code, _, err = cli("--db", str(db_path), "import", str(tmp_path))
    assert code == 0, err
    texts = [r[0] for r in rows(db_path, "SELECT text FROM articles ORDER BY source")]
    assert len(texts) == 3
    for t in texts:
        assert "inauguré" in t and "\r" not in t and "\ufeff" not in t


def test_binary_and_empty_files_fail_but_batch_goes_on(cli, db_path: Path, tmp_path: Path) -> None:
    (tmp_path / "a_image.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "b_empty.txt").write_text("   \n\n")
    (tmp_path / "c_good.txt").write_text((DATA / "article_fr.txt").read_text())
    code, _, err = cli("--db", str(db_path), "import", str(tmp_path))
    assert code == 1
    assert f"{tmp_path / 'a_image.txt'}: binary file" in err
    assert f"{tmp_path / 'b_empty.txt'}: empty file" in err
    assert "Traceback" not in err
    assert rows(db_path, "SELECT count(*) FROM articles") == [(1,)]


def test_missing_path_and_truncated_gzip(cli, db_path: Path, tmp_path: Path) -> None:
    gz = tmp_path / "cut.txt.gz"
    gz.write_bytes(gzip.compress(b"x" * 5000 + (DATA / "article_fr.txt").read_bytes())[:60])
    code, _, err = cli("--db", str(db_path), "import", str(gz), str(tmp_path / "nope.txt"))
    assert code == 1
    assert f"{gz}: broken gzip" in err
    assert f"{tmp_path / 'nope.txt'}: no such file or directory" in err
