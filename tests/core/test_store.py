"""The store: schema, refusal of foreign and newer databases, the span contract, undo/redo."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tui.core.query import ArticleQuery
from tui.core.store import SCHEMA_VERSION, NewArticle, SpanError, Store, StoreError

TEXT = "Brad Smith a rencontré Fumio Kishida à Washington. 👍🏽 Zoé\u0301 aussi."


def add(store: Store, text: str = TEXT) -> int:
    ids, _, _ = store.insert_articles([NewArticle(text=text, raw=text, title="t")])
    return ids[0]


def file_digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_new_database_schema(store: Store, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "labels", "spans", "tags", "notes", "actions", "articles_fts"} <= tables
    labels = conn.execute("SELECT name, hotkey, colour FROM labels ORDER BY ord").fetchall()
    assert [(n, k) for n, k, _ in labels] == [
        ("PER", "1"),
        ("ORG", "2"),
        ("LOC", "3"),
        ("MISC", "4"),
    ]
    assert len({c for _, _, c in labels}) == 4
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"idx_spans_article", "idx_articles_status", "idx_articles_lang"} <= indexes


def test_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    p = tmp_path / "other.db"
    conn = sqlite3.connect(p)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices(total) VALUES (9.5)")
    conn.commit()
    conn.close()
    before = file_digest(p)
    with pytest.raises(StoreError, match="another application"):
        Store(p)
    assert file_digest(p) == before
    assert not (tmp_path / "other.db-wal").exists()


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    p = tmp_path / "future.db"
    Store(p).close()
    conn = sqlite3.connect(p)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = file_digest(p)
    with pytest.raises(StoreError, match="newer newsmark"):
        Store(p)
    assert file_digest(p) == before


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "notes.db"
    p.write_text("just some text, not sqlite")
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store(p)
    assert p.read_text() == "just some text, not sqlite"


def test_span_contract(store: Store) -> None:
    aid = add(store)
    s = TEXT.index("Fumio")
    sp = store.tag(aid, s, s + 13, "PER")
    assert sp.text == "Fumio Kishida"
    row = store.conn.execute(
        'SELECT start, "end", label, text, annotator, origin FROM spans'
    ).fetchone()
    assert row == (s, s + 13, "PER", "Fumio Kishida", "tester", "manual")
    with pytest.raises(SpanError):
        store.tag(aid, 5, 5, "PER")
    with pytest.raises(SpanError):
        store.tag(aid, 0, len(TEXT) + 1, "PER")
    with pytest.raises(SpanError):
        store.tag(aid, 0, 4, "PER", text="Brad Smith")
    with pytest.raises(StoreError, match="unknown label"):
        store.tag(aid, 0, 4, "NOPE")
    # Even a raw writer cannot break the contract: the trigger refuses it.
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute(
            'INSERT INTO spans(article_id, start, "end", label, text, created_at, updated_at)'
            " VALUES (?, 0, 4, 'PER', 'Nope', 'x', 'x')",
            (aid,),
        )


def test_offsets_are_code_points(store: Store) -> None:
    aid = add(store)
    s = TEXT.index("Zoé\u0301")
    sp = store.tag(aid, s, s + 4, "PER")
    assert sp.text == "Zoé\u0301" == TEXT[s : s + 4]


def test_tag_replaces_overlaps_and_undo_restores(store: Store) -> None:
    aid = add(store)
    store.tag(aid, 0, 4, "PER")  # Brad
    store.tag(aid, 5, 10, "ORG")  # Smith
    store.tag(aid, 0, 10, "PER")  # Brad Smith replaces both
    assert [(s.start, s.end, s.label) for s in store.spans(aid)] == [(0, 10, "PER")]
    store.undo()
    assert [(s.start, s.end, s.label) for s in store.spans(aid)] == [(0, 4, "PER"), (5, 10, "ORG")]
    store.redo()
    assert [(s.start, s.end, s.label) for s in store.spans(aid)] == [(0, 10, "PER")]


def test_relabel_delete_status_undo_across_restart(db_path: Path) -> None:
    s1 = Store(db_path)
    aid = add(s1)
    sp = s1.tag(aid, 0, 10, "PER")
    s1.relabel(sp.id, "ORG")
    s1.delete_span(sp.id)
    s1.set_status(aid, "done")
    s1.close()
    s2 = Store(db_path)  # a restart: undo comes from the action log
    assert s2.require_article(aid).status == "done"
    s2.undo()
    assert s2.require_article(aid).status == "in_progress"
    s2.undo()
    assert [(s.label) for s in s2.spans(aid)] == ["ORG"]
    s2.undo()
    assert [(s.label) for s in s2.spans(aid)] == ["PER"]
    s2.undo()
    assert s2.spans(aid) == []
    assert s2.undo() is None
    s2.redo()
    s2.redo()
    assert [(s.label) for s in s2.spans(aid)] == ["ORG"]
    # a new action clears what could be redone
    s2.set_status(aid, "skipped")
    assert s2.redo() is None
    kinds = [a["kind"] for a in s2.actions(aid)]
    assert kinds == [
        "tag",
        "tag",
        "delete",
        "status",
        "undo",
        "undo",
        "undo",
        "undo",
        "redo",
        "redo",
        "status",
    ]
    s2.close()


def test_allow_overlap_setting(store: Store) -> None:
    aid = add(store)
    store.set_setting("allow_overlap", "1")
    store.tag(aid, 0, 10, "PER")
    store.tag(aid, 5, 10, "ORG")
    assert len(store.spans(aid)) == 2


def test_duplicates_skipped(store: Store) -> None:
    add(store)
    ids, dupes, _ = store.insert_articles([NewArticle(text=TEXT, raw="other raw")])
    assert ids == [] and dupes == 1
    assert store.article_count() == 1


def test_fts_search_and_bad_query(store: Store) -> None:
    aid = add(store)
    add(store, "Un tout autre texte sur Tokyo.")
    assert store.article_ids(ArticleQuery(search="Kishida")) == [aid]
    assert store.article_ids(ArticleQuery(search='"unbalanced')) == []  # a phrase, not an SQL error
    with pytest.raises(StoreError, match="nothing to search for"):
        store.article_ids(ArticleQuery(search='"%"'))


def test_labels_rename_cascades_and_remove_needs_force(store: Store) -> None:
    aid = add(store)
    store.tag(aid, 0, 10, "PER")
    store.update_label("PER", new_name="PERSON")
    assert store.spans(aid)[0].label == "PERSON"
    with pytest.raises(StoreError, match="used by 1 span"):
        store.remove_label("PERSON")
    assert store.remove_label("PERSON", force=True) == 1
    assert store.spans(aid) == []
    assert "PERSON" not in store.label_names()


def test_replace_text_moves_spans_or_refuses(store: Store) -> None:
    aid = add(store)
    sp = store.tag(aid, 0, 10, "PER")
    new = "Hier, " + TEXT
    with pytest.raises(StoreError):
        store.replace_text(aid, new, moves={})
    assert store.require_article(aid).text == TEXT
    store.replace_text(aid, new, moves={sp.id: (6, 16)})
    assert store.spans(aid)[0].text == "Brad Smith"
    assert store.require_article(aid).text == new
