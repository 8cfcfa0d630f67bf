"""The jsonl export: record shape, round trip identity, atomic writes, filters."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import DATA, SEEDS

from tui.core.formats.base import ExportError, atomic_writer
from tui.core.store import Store


def seeded(db: Path, cli) -> Store:
    cli("--db", str(db), "import", str(SEEDS), str(DATA / "annotated.jsonl"))
    s = Store(db)
    return s


def annotate(store: Store) -> None:
    for aid in store.article_ids():
        text = store.require_article(aid).text
        for word, label in (("Microsoft", "ORG"), ("Japon", "LOC"), ("Brad Smith", "PER")):
            i = text.find(word)
            if i >= 0 and not any(s.start < i + len(word) and s.end > i for s in store.spans(aid)):
                store.tag(aid, i, i + len(word), label)
        store.set_status(aid, "done")
    store.set_tags(1, ["tech", "japan"])
    store.set_note(1, "check the dollar amounts")


def test_record_shape(cli, db_path: Path, tmp_path: Path) -> None:
    store = seeded(db_path, cli)
    annotate(store)
    out = tmp_path / "out.jsonl"
    code, _, err = cli("--db", str(db_path), "export", str(out))
    assert code == 0, err
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(recs) == store.article_count()
    r = recs[0]
    assert set(r) >= {"text", "spans", "tokens", "meta", "_input_hash", "_task_hash", "answer"}
    assert r["answer"] == "accept"
    assert set(r["meta"]) >= {
        "id",
        "title",
        "source",
        "author",
        "date",
        "publisher",
        "language",
        "language_prob",
        "status",
        "tags",
        "note",
        "annotator",
        "hash",
    }
    assert (
        r["meta"]["tags"] == ["japan", "tech"] and r["meta"]["note"] == "check the dollar amounts"
    )
    assert r["meta"]["annotator"] == "tester" and r["meta"]["status"] == "done"
    assert isinstance(r["_input_hash"], int)
    for rec in recs:
        text = rec["text"]
        toks = rec["tokens"]
        for i, t in enumerate(toks):
            assert t["id"] == i and text[t["start"] : t["end"]] == t["text"]
            # spaCy's convention: ws is one following space; other whitespace is a token
            assert t["ws"] == (text[t["end"] : t["end"] + 1] == " ")
        assert "".join(t["text"] + " " * t["ws"] for t in toks) == text
        for sp in rec["spans"]:
            assert text[sp["start"] : sp["end"]] == sp["text"]
            assert toks[sp["token_start"]]["start"] == sp["start"]
            assert toks[sp["token_end"]]["end"] == sp["end"]
    micro = [sp for sp in recs[0]["spans"] if sp["text"] == "Microsoft"]
    assert micro and micro[0]["label"] == "ORG"


def test_export_import_export_identity(cli, db_path: Path, tmp_path: Path) -> None:
    store = seeded(db_path, cli)
    annotate(store)
    store.set_status(2, "rejected")
    first = tmp_path / "first.jsonl"
    assert cli("--db", str(db_path), "export", str(first), "--status", "all")[0] == 0
    db2 = tmp_path / "second.db"
    code, _, err = cli("--db", str(db2), "import", str(first))
    assert code == 0, err
    second = tmp_path / "second.jsonl"
    assert cli("--db", str(db2), "export", str(second), "--status", "all")[0] == 0
    assert first.read_bytes() == second.read_bytes()
    s2 = Store(db2)
    assert s2.require_article(2).status == "rejected"
    assert [(s.start, s.end, s.label, s.text) for s in s2.spans(1)] == [
        (s.start, s.end, s.label, s.text) for s in store.spans(1)
    ]


def test_filters(cli, db_path: Path, tmp_path: Path) -> None:
    store = seeded(db_path, cli)
    annotate(store)
    store.set_status(3, "skipped")
    out = tmp_path / "f.jsonl"
    cli("--db", str(db_path), "export", str(out), "--status", "skipped")
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["meta"]["id"] for r in recs] == [3] and recs[0]["answer"] == "ignore"
    cli("--db", str(db_path), "export", str(out), "--status", "all", "--label", "ORG")
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert {sp["label"] for r in recs for sp in r["spans"]} == {"ORG"}
    cli("--db", str(db_path), "export", str(out), "--status", "all", "--lang", "fr")
    assert {json.loads(x)["meta"]["language"] for x in out.read_text().splitlines()} == {"fr"}
    code, _, err = cli("--db", str(db_path), "export", str(out), "--label", "NOPE")
    assert code == 1 and "unknown label(s) NOPE" in err
    code, out_text, _ = cli(
        "--db", str(db_path), "export", "-", "--status", "all", "--since", "2999-01-01"
    )
    assert code == 0 and out_text == ""


def test_export_to_stdout(cli, db_path: Path) -> None:
    store = seeded(db_path, cli)
    annotate(store)
    code, out, _ = cli("--db", str(db_path), "export", "-")
    assert code == 0
    assert len(out.splitlines()) == store.article_count()


def test_atomic_write_keeps_previous_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "train.jsonl"
    target.write_text("previous\n")

    class Boom(Exception):
        pass

    with pytest.raises(Boom), atomic_writer(target) as fh:
        fh.write("half a record")
        raise Boom
    assert target.read_text() == "previous\n"
    assert os.listdir(tmp_path) == ["train.jsonl"]


def test_export_into_missing_folder_is_one_line_error(cli, db_path: Path, tmp_path: Path) -> None:
    seeded(db_path, cli)
    code, _, err = cli("--db", str(db_path), "export", str(tmp_path / "nope" / "x.jsonl"))
    assert code == 1 and err.strip().count("\n") == 0 and "does not exist" in err


def test_export_refuses_a_span_that_no_longer_matches(cli, db_path: Path, tmp_path: Path) -> None:
    store = seeded(db_path, cli)
    store.tag(1, 0, 9, "ORG")
    store.set_status(1, "done")
    # Simulate damage by another program that bypasses the triggers.
    store.conn.execute("DROP TRIGGER spans_contract_update")
    store.conn.execute("UPDATE spans SET text = 'Macrosoft'")
    with pytest.raises(ExportError, match="no longer matches"):
        from tui.core.export import export
        from tui.core.query import DONE

        export(store, tmp_path / "x.jsonl", "jsonl", DONE)
    assert not (tmp_path / "x.jsonl").exists()
