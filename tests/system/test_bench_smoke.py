"""The benchmark generator makes valid newsmark databases (correctness only, never timings)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory):
    cache = tmp_path_factory.mktemp("bench-cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("NEWSMARK_BENCH_CACHE", str(cache))
    mp.syspath_prepend(str(BENCH))
    sys.modules.pop("generate", None)
    import generate

    yield generate
    mp.undo()
    sys.modules.pop("generate", None)


def _check_contract(db: Path) -> tuple[int, int]:
    from tui.core.query import ArticleQuery
    from tui.core.store import Store, content_hash

    with Store(db, annotator="test") as store:
        n_articles = store.article_count()
        n_spans = 0
        for aid in store.article_ids():
            art = store.require_article(aid)
            assert art.hash == content_hash(art.text)
            spans = store.spans(aid)
            last_end = 0
            for sp in spans:
                assert art.text[sp.start : sp.end] == sp.text, (aid, sp)
                assert sp.start >= last_end, "generated spans never overlap"
                assert sp.label in {"PER", "ORG", "LOC", "MISC"}
                last_end = sp.end
            n_spans += len(spans)
        # The real schema: the contract trigger and the FTS index came with Store and survived.
        triggers = {
            r[0] for r in store.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        assert {"spans_contract_insert", "articles_ai", "articles_au"} <= triggers
        word = store.require_article(1).text.split()[0].strip(".,·")
        assert 1 in store.article_ids(ArticleQuery(search=f'"{word}"'))
        with pytest.raises(sqlite3.IntegrityError):
            store.execute(
                'INSERT INTO spans(article_id, start, "end", label, text, created_at, updated_at)'
                " VALUES (1, 0, 3, 'PER', 'zzz', 'x', 'x')"
            )
    return n_articles, n_spans


def test_corpus(gen) -> None:
    db = gen.corpus_db(50)
    n_articles, n_spans = _check_contract(db)
    assert n_articles == 50
    assert n_spans >= 50
    conn = sqlite3.connect(db)
    langs = {r[0] for r in conn.execute("SELECT DISTINCT lang FROM articles")}
    lengths = [r[0] for r in conn.execute("SELECT length(text) FROM articles")]
    conn.close()
    assert len(langs) >= 2
    assert min(lengths) >= 400 and sum(lengths) / len(lengths) > 1000

    # Reproducible: rebuilding gives the same texts and spans.
    def content(path: Path) -> list[tuple]:
        c = sqlite3.connect(path)
        rows = c.execute(
            "SELECT a.hash, group_concat(s.start || ':' || s.label) FROM articles a"
            " LEFT JOIN spans s ON s.article_id = a.id GROUP BY a.id ORDER BY a.id"
        ).fetchall()
        c.close()
        return rows

    before = content(db)
    assert content(gen.corpus_db(50, force=True)) == before


def test_big_article(gen) -> None:
    db = gen.big_db(chars=20_000, spans=100)
    _check_contract(db)
    conn = sqlite3.connect(db)
    (length,) = conn.execute("SELECT length(text) FROM articles WHERE id = 1").fetchone()
    (n,) = conn.execute("SELECT count(*) FROM spans WHERE article_id = 1").fetchone()
    conn.close()
    assert length == 20_000
    assert n == 100


def test_spans_are_token_aligned(gen) -> None:
    """The export's lint refuses spans that cut a token: generated spans never do."""
    from tui.core.tokens import token_spans

    db = gen.corpus_db(50)
    conn = sqlite3.connect(db)
    for aid, text, lang in conn.execute("SELECT id, text, lang FROM articles"):
        toks = token_spans(text, lang)
        starts = {s for s, _ in toks}
        ends = {e for _, e in toks}
        for s, e in conn.execute(
            'SELECT start, "end" FROM spans WHERE article_id = ?', (aid,)
        ).fetchall():
            assert s in starts and e in ends, (aid, s, e, text[s:e])
    conn.close()
