"""The two meanings of a label in ``newsmark export`` and ``lint``, through the real entry point:
``--label X`` keeps the spans labelled X of every selected article; ``--with-label X`` keeps the
articles that have a span labelled X (with all their spans)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA

REAL = DATA / "formats" / "real"

#: A Prodigy task with three labels (the first record of tests/data/annotated.jsonl, accepted).
CAFE = {
    "text": "Le café de Zoé́ 👍🏽 ouvre à Paris avec Microsoft.",
    "meta": {"title": "Un café"},
    "spans": [
        {"start": 11, "end": 15, "label": "PER", "text": "Zoé́"},
        {"start": 27, "end": 32, "label": "LOC", "text": "Paris"},
        {"start": 38, "end": 47, "label": "ORG", "text": "Microsoft"},
    ],
    "answer": "accept",
}


@pytest.fixture
def db(newsmark, tmp_path: Path) -> Path:
    """Four done articles: doccano's own download (ORG "EU"; PERSON twice) and the café (PER,
    LOC, ORG)."""
    path = tmp_path / "labels.db"
    cafe = tmp_path / "cafe.jsonl"
    cafe.write_text(json.dumps(CAFE, ensure_ascii=False) + "\n", encoding="utf-8")
    res = newsmark(
        "--db",
        str(path),
        "import",
        str(REAL / "doccano_download_sequence_labeling.jsonl"),
        str(cafe),
    )
    assert res.returncode == 0, res.stderr
    return path


def exported(newsmark, db: Path, out: Path, *args: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Export with ``args`` and read the file back: (text, [(label, span text)]) per record."""
    res = newsmark("--db", str(db), "export", str(out), "--no-lint", *args)
    assert res.returncode == 0, res.stderr
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for r in recs:
        for s in r["spans"]:
            assert r["text"][s["start"] : s["end"]] == s["text"]
    return [(r["text"], [(s["label"], s["text"]) for s in r["spans"]]) for r in recs]


def test_label_keeps_spans_with_label_keeps_articles(newsmark, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    everything = exported(newsmark, db, out)
    assert [t for t, _ in everything] == [
        "EU rejects ...",
        "Peter Blackburn",
        "President Obama",
        CAFE["text"],
    ]
    # --label: every article, only its ORG spans
    assert exported(newsmark, db, out, "--label", "ORG") == [
        ("EU rejects ...", [("ORG", "EU")]),
        ("Peter Blackburn", []),
        ("President Obama", []),
        (CAFE["text"], [("ORG", "Microsoft")]),
    ]
    # --with-label: only the articles with an ORG span, every span of theirs
    assert exported(newsmark, db, out, "--with-label", "ORG") == [
        ("EU rejects ...", [("ORG", "EU")]),
        (CAFE["text"], [("PER", "Zoé́"), ("LOC", "Paris"), ("ORG", "Microsoft")]),
    ]
    # both: the articles with an ORG span, only their PER spans
    assert exported(newsmark, db, out, "--with-label", "ORG", "--label", "PER") == [
        ("EU rejects ...", []),
        (CAFE["text"], [("PER", "Zoé́")]),
    ]
    res = newsmark("--db", str(db), "export", str(out), "--with-label", "NOPE")
    assert res.returncode == 1 and b"unknown label(s) NOPE" in res.stderr


def test_lint_with_label_checks_only_those_articles(newsmark, db: Path) -> None:
    # "empty": a done article without spans; with --label PERSON the EU article and the café have
    # none of the kept spans, and --with-label ORG narrows the check to those two.
    def empty(*args: str) -> list[int]:
        res = newsmark("--db", str(db), "lint", "--json", *args)
        assert res.returncode == 0, res.stderr
        found = [json.loads(line) for line in res.stdout.decode().splitlines()]
        return sorted(f["article_id"] for f in found if f["code"] == "empty")

    assert empty("--label", "PERSON") == [1, 4]
    assert empty("--label", "PERSON", "--with-label", "PERSON") == []
    assert empty("--label", "PERSON", "--with-label", "ORG") == [1, 4]
    assert empty("--label", "LOC", "--with-label", "PERSON") == [2, 3]


def test_help_names_both(newsmark) -> None:
    for cmd in ("export", "lint"):
        res = newsmark(cmd, "--help")
        out = " ".join(res.stdout.decode().split())  # click wraps the help
        assert "--label" in out and "--with-label" in out
        assert "Only articles with at least one span of these labels." in out
