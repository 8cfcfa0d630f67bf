"""Lint: each finding with its article and position, errors that stop an export, warnings that do not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.core.lint import Finding, lint
from tui.core.query import DONE
from tui.core.store import NewArticle, Store

TEXT1 = "Le président Emmanuel Macron est arrivé à Paris, puis à Lyon avec la SNCF."
TEXT2 = "Emmanuel Macron a quitté Paris pour Lyon. La SNCF confirme."
TEXT3 = "Rien à signaler aujourd'hui dans la région."


def find(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(word, i + 1)
    return i, i + len(word)


@pytest.fixture
def linted(store: Store) -> Store:
    ids, _, _ = store.insert_articles(
        [NewArticle(text=t, raw=t, lang="fr") for t in (TEXT1, TEXT2, TEXT3)]
    )
    a1, a2, a3 = ids
    store.tag(a1, *find(TEXT1, "Emmanuel Macron"), "PER")
    store.tag(a1, *find(TEXT1, "Pari"), "LOC")  # cuts "Paris"
    store.tag(a1, *find(TEXT1, " Lyon"), "LOC")  # leading space
    store.tag(a1, *find(TEXT1, "SNCF."), "ORG")  # trailing full stop
    store.tag(a2, *find(TEXT2, "Emmanuel Macron"), "PER")
    store.tag(a2, *find(TEXT2, "Paris"), "LOC")
    store.tag(a2, *find(TEXT2, "Lyon"), "LOC")
    # "SNCF" is not tagged in article 2: the form "SNCF." is, but "SNCF" itself is tagged nowhere
    for aid in ids:
        store.set_status(aid, "done")
    store.add_label("EVENT")
    return store


def codes(findings: list[Finding]) -> set[tuple[str, str, int | None, int | None, int | None]]:
    return {(f.severity, f.code, f.article_id, f.start, f.end) for f in findings}


def test_findings_with_article_and_position(linted: Store) -> None:
    found = lint(linted, DONE, fmt="jsonl")
    got = codes(found)
    assert ("error", "misaligned", 1, *find(TEXT1, "Pari")) in got
    assert ("error", "whitespace", 1, *find(TEXT1, " Lyon")) in got
    assert ("warning", "punctuation", 1, *find(TEXT1, "SNCF.")) in got
    assert ("warning", "empty", 3, None, None) in got
    assert ("warning", "unused-label", None, None, None) in got
    assert any(f.code == "unused-label" and "EVENT" in f.message for f in found)
    assert (
        "warning",
        "missed",
        2,
        *find(TEXT2, "Emmanuel Macron"),
    ) not in got  # it is tagged there
    # nothing is reported on a clean span
    assert not [
        f for f in found if (f.article_id, f.start) == (1, find(TEXT1, "Emmanuel Macron")[0])
    ]
    assert all(isinstance(f.message, str) and f.message for f in found)


def test_inconsistent_labels_and_likely_misses(store: Store) -> None:
    t = "Apple a vu Apple. Apple vend. Orange aussi, et Apple encore."
    (a1,), _, _ = store.insert_articles([NewArticle(text=t, raw=t, lang="fr")])
    store.tag(a1, *find(t, "Apple", 0), "ORG")
    store.tag(a1, *find(t, "Apple", 1), "ORG")
    store.tag(a1, *find(t, "Apple", 2), "MISC")
    store.set_status(a1, "done")
    got = codes(lint(store, DONE))
    assert ("warning", "inconsistent", a1, *find(t, "Apple", 2)) in got
    assert ("warning", "inconsistent", a1, *find(t, "Apple", 0)) not in got  # the majority label
    assert ("warning", "missed", a1, *find(t, "Apple", 3)) in got
    assert not any(c[1] == "missed" and c[3] == t.index("Orange") for c in got)


def test_overlaps_are_errors_only_where_the_format_cannot_hold_them(store: Store) -> None:
    t = "Le port de Marseille ouvre."
    (a1,), _, _ = store.insert_articles([NewArticle(text=t, raw=t, lang="fr")])
    store.set_setting("allow_overlap", "1")
    store.tag(a1, *find(t, "Marseille"), "LOC")
    store.tag(a1, *find(t, "port de Marseille"), "LOC")
    store.set_status(a1, "done")
    sev = {
        fmt: [f.severity for f in lint(store, DONE, fmt) if f.code == "overlap"]
        for fmt in ("conll", "hf", "spacy", "jsonl", "brat", None)
    }
    assert sev["conll"] == ["error"] and sev["hf"] == ["error"]
    assert sev["spacy"] == ["warning"] and sev[None] == ["warning"]
    assert sev["jsonl"] == [] and sev["brat"] == []


def test_spacy_tokenization_is_checked_for_the_spacy_format(store: Store) -> None:
    pytest.importorskip("spacy", reason="spaCy (newsmark[spacy]) is not installed")
    t = "Microsoft will invest $2.9bn in Japan."
    (a1,), _, _ = store.insert_articles([NewArticle(text=t, raw=t, lang="en")])
    store.tag(a1, *find(t, "2.9"), "MISC")  # a token of ours, inside spaCy's "2.9bn"
    store.tag(a1, *find(t, "Japan"), "LOC")
    store.set_status(a1, "done")
    assert ("error", "misaligned", a1, *find(t, "2.9")) in codes(lint(store, DONE, "spacy"))
    assert not [f for f in lint(store, DONE, "conll") if f.code == "misaligned"]


def test_export_refuses_errors_unless_forced(
    cli, db_path: Path, linted: Store, tmp_path: Path
) -> None:
    out = tmp_path / "x.jsonl"
    code, _, err = cli("--db", str(db_path), "export", str(out))
    assert code == 1 and not out.exists()
    assert (
        f"error: article 1 [{find(TEXT1, 'Pari')[0]}, {find(TEXT1, 'Pari')[1]}): misaligned" in err
    )
    assert "lint error(s), nothing exported" in err
    code, _, err = cli("--db", str(db_path), "export", str(out), "--force")
    assert code == 0, err
    assert len(out.read_text().splitlines()) == 3 and "error: " in err
    out.unlink()
    code, _, err = cli("--db", str(db_path), "export", str(out), "--no-lint")
    assert code == 0 and "error:" not in err and "warning:" not in err and out.exists()


def test_lint_command(cli, db_path: Path, linted: Store) -> None:
    code, out, err = cli("--db", str(db_path), "lint")
    assert code == 1
    assert "error: article 1" in out and "misaligned" in out
    assert "3 error(s)" in err or "error(s)" in err
    code, out, _ = cli("--db", str(db_path), "lint", "--json")
    items = [json.loads(x) for x in out.splitlines()]
    assert {"severity", "code", "article_id", "start", "end", "message"} <= set(items[0])
    # warnings only: exit 0
    for sp in linted.spans(1):
        if sp.text in ("Pari", " Lyon"):
            linted.delete_span(sp.id)
    code, out, err = cli("--db", str(db_path), "lint", "--label", "PER,ORG")
    assert code == 0 and "0 error(s)" in err
    code, _, err = cli("--db", str(db_path), "lint", "--format", "nope")
    assert code == 1 and "unknown format" in err
