"""`newsmark reclean`: spans re-anchored to an improved cleaner's text, or the article refused and
listed; a user's language correction survives."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import SEEDS

import tui.clean
from tui.store import Store


@pytest.fixture
def annotated(cli, db_path: Path) -> Store:
    assert cli("--db", str(db_path), "import", str(SEEDS))[0] == 0
    s = Store(db_path)
    for aid in s.article_ids():
        text = s.require_article(aid).text
        for form, label in (("Microsoft", "ORG"), ("Brad Smith", "PER")):
            i = text.find(form)
            if i >= 0:
                s.tag(aid, i, i + len(form), label)
    return s


def improved(edit):  # type: ignore[no-untyped-def]
    real = tui.clean.clean_text

    def clean_text(raw: str, chrome: set[str] | None = None) -> tui.clean.Cleaned:
        c = real(raw, chrome=chrome)
        c.text = edit(c.text)
        return c

    return clean_text


def spans(db: Path) -> list[tuple]:
    return sqlite3.connect(db).execute(
        'SELECT s.article_id, s.label, s.text, substr(a.text, s.start + 1, s."end" - s.start)'
        " FROM spans s JOIN articles a ON a.id = s.article_id ORDER BY s.id").fetchall()


def test_spans_follow_an_insertion(cli, db_path: Path, annotated: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    before = spans(db_path)
    old = {a: annotated.require_article(a).text for a in annotated.article_ids()}
    annotated.set_language(1, "fr")
    monkeypatch.setattr(tui.clean, "clean_text", improved(lambda t: "Dépêche.\n\n" + t))
    code, _, err = cli("--db", str(db_path), "reclean", "--all")
    assert code == 0, err
    assert "re-cleaned 2 article(s)" in err and "0 refused" in err
    after = spans(db_path)
    assert [(a, lb, t) for a, lb, t, _ in after] == [(a, lb, t) for a, lb, t, _ in before]
    assert all(t == covered for _, _, t, covered in after)  # offsets moved with the text
    for aid, text in old.items():
        assert annotated.require_article(aid).text == "Dépêche.\n\n" + text
    assert annotated.require_article(1).lang == "fr" and annotated.require_article(1).lang_locked == 1


def test_a_span_whose_text_is_gone_keeps_the_old_text(cli, db_path: Path, annotated: Store,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    old = {a: annotated.require_article(a).text for a in annotated.article_ids()}
    before = spans(db_path)
    monkeypatch.setattr(tui.clean, "clean_text", improved(lambda t: t.replace("Brad Smith", "B. Smith")))
    code, _, err = cli("--db", str(db_path), "reclean", "1", "2")
    assert code == 1
    assert "kept its old text" in err
    refused = [aid for aid in old if f"article {aid}: kept its old text" in err]
    assert refused  # at least one seed names Brad Smith
    for aid in refused:
        assert annotated.require_article(aid).text == old[aid]
    after = spans(db_path)
    assert len(after) == len(before)  # nothing dropped
    assert [s for s in after if s[0] in refused] == [s for s in before if s[0] in refused]
    assert all(t == covered for _, _, t, covered in after)


def test_reclean_needs_ids_or_all(cli, db_path: Path, annotated: Store) -> None:
    code, _, err = cli("--db", str(db_path), "reclean")
    assert code == 1 and "give article ids or --all" in err
