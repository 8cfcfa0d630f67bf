"""Lint's verdict on token boundaries is spaCy's, and a name inside a word of an agglutinative
script is exported exactly: character formats keep it, token formats split the word there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.core.lint import lint
from tui.core.query import DONE
from tui.core.store import NewArticle, Store

KO = "엔비디아의 주가가 사상 최고치를 기록했다. 삼성전자는 하락했다."
EN = "Shares of X... fell while Buy.com rose."


def find(text: str, word: str) -> tuple[int, int]:
    i = text.index(word)
    return i, i + len(word)


def misaligned(store: Store, fmt: str | None) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in lint(store, DONE, fmt) if f.code == "misaligned"]


@pytest.fixture
def korean(store: Store) -> Store:
    (aid,), _, _ = store.insert_articles([NewArticle(text=KO, raw=KO, lang="ko")])
    store.tag(aid, *find(KO, "엔비디아"), "ORG")  # inside the word 엔비디아의 (+ particle 의)
    store.tag(aid, *find(KO, "삼성전자"), "ORG")  # inside 삼성전자는 (+ topic particle 는)
    store.set_status(aid, "done")
    return store


def test_korean_names_inside_words_are_not_lint_errors(korean: Store) -> None:
    pytest.importorskip("spacy")
    for fmt in (None, "jsonl", "conll", "hf", "spacy", "brat", "doccano"):
        assert misaligned(korean, fmt) == [], fmt


def test_a_real_cut_inside_a_latin_word_is_still_an_error(store: Store) -> None:
    t = "Angela Merkel visited Paris."
    (aid,), _, _ = store.insert_articles([NewArticle(text=t, raw=t, lang="en")])
    store.tag(aid, *find(t, "Pari"), "LOC")
    store.set_status(aid, "done")
    assert misaligned(store, "conll") == [find(t, "Pari")]


def test_korean_names_go_out_exactly_in_every_format(
    cli, db_path: Path, korean: Store, tmp_path: Path
) -> None:
    pytest.importorskip("spacy")
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    out = tmp_path / "ko.jsonl"
    assert cli("--db", str(db_path), "export", str(out))[0] == 0
    rec = json.loads(out.read_text())
    assert [s["text"] for s in rec["spans"]] == ["엔비디아", "삼성전자"]
    toks = rec["tokens"]
    for s in rec["spans"]:  # the word is split at the name's edge: the span sits on tokens
        assert (
            toks[s["token_start"]]["start"] == s["start"]
            and toks[s["token_end"]]["end"] == s["end"]
        )
    conll = tmp_path / "ko.conll"
    code, _, err = cli("--db", str(db_path), "export", str(conll), "--format", "conll")
    assert code == 0, err
    lines = [ln.split() for ln in conll.read_text().splitlines() if ln.strip()]
    assert ["엔비디아", "-X-", "_", "B-ORG"] in lines and ["의", "-X-", "_", "O"] in lines
    assert ["삼성전자", "-X-", "_", "B-ORG"] in lines and ["는", "-X-", "_", "O"] in lines
    spacy_out = tmp_path / "ko.spacy"
    code, _, err = cli("--db", str(db_path), "export", str(spacy_out), "--format", "spacy")
    assert code == 0, err
    [doc] = list(DocBin().from_disk(spacy_out).get_docs(Vocab()))
    assert doc.text == KO and [e.text for e in doc.ents] == ["엔비디아", "삼성전자"]
    brat = tmp_path / "brat"
    assert cli("--db", str(db_path), "export", str(brat), "--format", "brat")[0] == 0
    ann = next(brat.glob("*.ann")).read_text()
    assert "ORG 0 4\t엔비디아" in ann


def test_spans_spacy_accepts_are_not_misaligned_and_conll_labels_them_exactly(
    cli, db_path: Path, store: Store, tmp_path: Path
) -> None:
    pytest.importorskip("spacy")
    seqeval = pytest.importorskip("seqeval.metrics.sequence_labeling")
    (aid,), _, _ = store.insert_articles([NewArticle(text=EN, raw=EN, lang="en")])
    store.tag(aid, *find(EN, "X"), "ORG")  # our tokenizer says "X." "..", spaCy "X" "..."
    store.tag(aid, *find(EN, "Buy.com"), "ORG")
    store.set_status(aid, "done")
    for fmt in (None, "jsonl", "conll", "spacy"):
        assert misaligned(store, fmt) == [], fmt
    out = tmp_path / "en.conll"
    code, _, err = cli("--db", str(db_path), "export", str(out), "--format", "conll")
    assert code == 0, err
    rows = [
        ln.split()
        for ln in out.read_text().splitlines()
        if ln.strip() and not ln.startswith("-DOCSTART-")
    ]
    words, tags = [r[0] for r in rows], [r[-1] for r in rows]
    got = [(" ".join(words[a : b + 1]), lb) for lb, a, b in seqeval.get_entities(tags)]
    assert got == [("X", "ORG"), ("Buy . com", "ORG")] or got == [("X", "ORG"), ("Buy.com", "ORG")]


@pytest.mark.parametrize(
    "text",
    [
        "Wait X... and see",
        "Buy.com sold it",
        "visit example.co.uk today",
        "It ended.The next",
        "Amazon.com's shares fell",
        "the U.S... and more",
    ],
)
def test_english_tokens_follow_spacy_on_dots(text: str) -> None:
    spacy = pytest.importorskip("spacy")
    from tui.core.tokens import token_spans

    assert [text[s:e] for s, e in token_spans(text, "en")] == [
        t.text for t in spacy.blank("en").make_doc(text)
    ]
