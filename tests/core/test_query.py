"""``ArticleQuery``: the one "which articles", as the store answers it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.query import DONE, ArticleQuery
from tui.core.store import NewArticle, Store

TEXTS = [
    ("Anna Schmidt flew to Berlin.", "en", "done", [("Anna Schmidt", "PER"), ("Berlin", "LOC")]),
    ("Acme Corp opened in Lyon.", "en", "new", [("Acme Corp", "ORG")]),
    ("Le maire de Lyon parle.", "fr", "done", []),
    ("Berlin feiert.", "de", "done", [("Berlin", "LOC")]),
]


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "q.db") as s:
        s.insert_articles(
            [
                NewArticle(
                    text=text,
                    raw=text,
                    title=text,
                    lang=lang,
                    status=status,
                    spans=[
                        {"start": text.index(w), "end": text.index(w) + len(w), "label": lb}
                        for w, lb in spans
                    ],
                )
                for text, lang, status, spans in TEXTS
            ]
        )
        yield s


def test_defaults_select_everything_and_done_is_the_export_default(store: Store) -> None:
    assert store.article_ids() == store.article_ids(ArticleQuery()) == [1, 2, 3, 4]
    assert store.article_ids(DONE) == [1, 3, 4]
    assert not ArticleQuery().active and DONE.active
    assert not ArticleQuery(span_labels=("PER",)).active  # keeps spans, not articles


def test_has_label_chooses_articles_span_labels_does_not(store: Store) -> None:
    assert store.article_ids(ArticleQuery(has_label=("LOC",))) == [1, 4]
    assert store.article_ids(ArticleQuery(has_label=("LOC", "ORG"))) == [1, 2, 4]
    assert store.article_ids(ArticleQuery(span_labels=("LOC",))) == [1, 2, 3, 4]
    q = ArticleQuery(span_labels=("LOC",))
    assert q.keeps_span("LOC") and not q.keeps_span("PER")
    assert ArticleQuery().keeps_span("PER")


def test_filters_combine_with_ids_order_and_limit(store: Store) -> None:
    q = ArticleQuery(status=("done",), lang=("en", "de"), order="title")
    assert store.article_ids(q) == [1, 4]  # "Anna…" before "Berlin…"
    assert store.article_ids(q.with_(ids=(4, 3))) == [4]
    assert store.article_ids(ArticleQuery(ids=[4, 2, 3]), limit=2) == [2, 3]
    assert store.article_ids(ArticleQuery(search="Berlin", has_label=("PER",))) == [1]
    assert store.article_ids(ArticleQuery(search="lyon", titles_only=True)) == [2, 3]


def test_a_query_is_plain_checked_data() -> None:
    q = ArticleQuery(status=["done"], lang=("fr",))
    assert q.status == ("done",) and hash(q) == hash(ArticleQuery(status=("done",), lang=("fr",)))
    assert q.with_(order="newest").cleared() == ArticleQuery(order="newest")
    with pytest.raises(TypeError):
        ArticleQuery(status="done")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown order"):
        ArticleQuery(order="random")
