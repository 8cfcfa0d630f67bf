"""Search as a user types it, on news in five languages (tests/data/search/SOURCE.md: written by
the team for these tests, with the words that trouble a search box: `États-Unis`, `l'IA`,
`e-mail`, `O'Brien`, `U.S.`, `C++`, `50%`, Korean names with particles, Japanese without spaces).

The query translation (tui/core/search_query.py) is checked against the real SQLite indexes: every
everyday query works without an SQL error, operators still work for those who type them, and
Japanese, Chinese and Korean are found inside words through the trigram index (migration 3).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.query import ArticleQuery
from tui.core.search_query import first_match, snippet, translate
from tui.core.store import NewArticle, Store, StoreError

DATA = Path(__file__).resolve().parents[1] / "data" / "search" / "news.jsonl"


def _load(store: Store) -> dict[str, int]:
    """Insert the six pages; returns {lang: article id}."""
    ids = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        lang = rec["meta"]["lang"]
        title = rec["text"].split("\n", 1)[0][:120]
        (aid,), _, _ = store.insert_articles(
            [
                NewArticle(
                    text=rec["text"], raw=rec["text"], title=title, lang=lang, meta=rec["meta"]
                )
            ]
        )
        ids[lang if lang not in ids else lang + "2"] = aid
    return ids


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("search") / "news.db"
    store = Store(path)
    ids = _load(store)
    yield store, ids
    store.close()


def _found(store: Store, q: str) -> set[int]:
    return set(store.article_ids(ArticleQuery(search=q)))


EVERYDAY = [
    "États-Unis",
    "Royaume-Uni",
    "e-mail",
    "l'IA",
    "O'Brien",
    "U.S.",
    "C++",
    "50%",
    "AND",
    "Putin -Nadeschdin",
    "OR",
    "NOT",
    "a OR",
    "OR b",
    "NEAR(",
    "title:",
    "Putin:",
    "(Putin",
    '"unterminated',
    "*",
    "Nadesch*",
    "-",
    "--x",
    "^Putin",
    "a:b:c",
    "'",
    '""',
    "a AND AND b",
    "\\",
    "{title}",
    "阪神 -藤川",
    "엔비디아 OR Putin",
    "阪 OR 神",
]


@pytest.mark.parametrize("q", EVERYDAY)
def test_everyday_queries_never_give_sql_errors(news, q: str) -> None:
    store, _ = news
    try:
        store.article_ids(ArticleQuery(search=q))
        store.article_ids(
            ArticleQuery(search=q, status=("new",), order="date")
        )  # the joined path too
    except StoreError as exc:
        msg = str(exc)
        assert "nothing to search" in msg, msg
        for sqlite_words in ("no such column", "fts5", "syntax error", "unterminated", "MATCH"):
            assert sqlite_words not in msg


def test_words_and_phrases_find_what_is_written(news) -> None:
    store, ids = news
    assert _found(store, "Royaume-Uni") == {ids["fr"]}
    assert _found(store, "royaume uni") == {ids["fr"]}  # the same words, as unicode61 cuts them
    assert _found(store, "États-Unis") == {ids["fr"]}
    assert _found(store, "etats-unis") == {ids["fr"]}  # diacritics and case as the index folds them
    assert _found(store, "l'IA") == {ids["fr"]}
    assert _found(store, "e-mail") == {ids["fr"]}
    assert _found(store, "O'Brien") == {ids["en"]}
    assert _found(store, "U.S.") == {ids["en2"]}
    assert _found(store, "C++") == {ids["en2"]}
    assert _found(store, "50%") == {ids["en"]}
    assert _found(store, "Putin") == {ids["de"]}
    assert _found(store, "PUTIN") == {ids["de"]}
    assert _found(store, '"Wladimir Putin"') == {ids["de"]}
    assert _found(store, '"Putin Wladimir"') == set()  # a phrase keeps its order


def test_operators_are_kept_for_those_who_type_them(news) -> None:
    store, ids = news
    assert _found(store, "Putin -Nadeschdin") == set()  # the German article names both
    assert _found(store, "Putin NOT Nadeschdin") == set()
    assert _found(store, "Putin -Microsoft") == {ids["de"]}
    assert _found(store, "Putin OR Microsoft") == {ids["de"], ids["en2"]}
    assert _found(store, "Nadesch*") == {ids["de"]}
    assert _found(store, "Nadesch") == set()  # no star, no prefix
    assert _found(store, "Putin AND Microsoft") == set()
    # A lone operator is a word: "AND" finds the articles that say "and".
    assert _found(store, "AND") == {ids["en"], ids["en2"]}


def test_cjk_and_korean_are_found_inside_words(news) -> None:
    store, ids = news
    assert _found(store, "阪神") == {ids["ja"]}
    assert _found(store, "藤川") == {ids["ja"]}
    assert _found(store, "阪神タイガース") == {ids["ja"]}
    assert _found(store, "阪") == {ids["ja"]}  # one character: below the trigram's reach
    assert _found(store, "엔비디아") == {ids["ko"]}  # written 엔비디아의, 엔비디아가 in the article
    assert _found(store, "엔비디아가") == {ids["ko"]}
    assert _found(store, "엔비디아도") == {ids["ko"]}
    assert _found(store, "阪神 OR Putin") == {ids["ja"], ids["de"]}  # both indexes in one query
    assert _found(store, "阪神 -藤川") == set()
    assert _found(store, "阪神 Putin") == set()
    assert _found(store, "阪神") & _found(store, "阪神") == {ids["ja"]}
    # With another filter (the joined path of the library's loader).
    assert set(store.article_ids(ArticleQuery(search="藤川", lang=("ja",)))) == {ids["ja"]}
    assert set(store.article_ids(ArticleQuery(search="藤川", lang=("de",)))) == set()


def test_one_and_two_character_cjk_terms_by_index_and_by_scan(
    news, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below three characters the trigram index is read through its terms (``articles_tri_terms``);
    with too many of them the rows are scanned: both give the same articles."""
    store, ids = news
    queries = ("阪", "藤川", "阪神 OR 엔", "엔비", "디아", "타", "阪 -藤", "Putin OR 藤")
    by_index = {q: _found(store, q) for q in queries}
    assert by_index["藤川"] == {ids["ja"]} and by_index["디아"] == {ids["ko"]}
    assert by_index["阪 -藤"] == set()
    monkeypatch.setattr(Store, "SHORT_TERM_TRIGRAMS", 0)
    assert {q: _found(store, q) for q in queries} == by_index


def test_trigram_index_follows_inserts_updates_and_deletes(tmp_path: Path) -> None:
    with Store(tmp_path / "t.db") as store:
        (a,), _, _ = store.insert_articles([NewArticle(text="東京で会議が開かれた。", raw="x")])
        (b,), _, _ = store.insert_articles([NewArticle(text="Only Latin text here.", raw="y")])
        assert _found(store, "会議") == {a}
        tri = {r[0] for r in store.conn.execute("SELECT rowid FROM articles_tri")}
        assert tri == {a}  # a Latin-only article costs the trigram index nothing
        store.conn.execute("UPDATE articles SET text = '大阪で会議が開かれた。' WHERE id = ?", (b,))
        assert _found(store, "大阪で") == {b}
        store.conn.execute("UPDATE articles SET text = 'plain again' WHERE id = ?", (b,))
        assert _found(store, "大阪で") == set()
        store.conn.execute("DELETE FROM articles WHERE id = ?", (a,))
        assert _found(store, "会議") == set()
        assert store.conn.execute("SELECT count(*) FROM articles_tri").fetchone()[0] == 0


def test_migration_3_builds_the_index_for_an_existing_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as store:
        ids = _load(store)
    # Make it a schema-2 database, as it was before migration 3.
    conn = sqlite3.connect(path)
    for trig in ("articles_tri_ai", "articles_tri_ad", "articles_tri_au"):
        conn.execute(f"DROP TRIGGER {trig}")
    conn.execute("DROP TABLE articles_tri_terms")
    conn.execute("DROP TABLE articles_tri")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] >= 3
        assert _found(store, "藤川") == {ids["ja"]}
        assert _found(store, "엔비디아가") == {ids["ko"]}


def test_search_hits_give_the_first_match_and_a_snippet(news) -> None:
    store, ids = news
    text = store.article(ids["de"]).text
    hits = store.search_hits([ids["de"]], '"Wladimir Putin"')
    h = hits[ids["de"]]
    assert text[h["start"] : h["end"]] == "Wladimir Putin"
    assert h["start"] == text.find("Wladimir Putin")
    assert h["snippet"][h["snippet_start"] : h["snippet_end"]] == "Wladimir Putin"
    assert "\n" not in h["snippet"]
    ja = store.search_hits([ids["ja"]], "藤川")[ids["ja"]]
    jtext = store.article(ids["ja"]).text
    assert jtext[ja["start"] : ja["end"]] == "藤川" and ja["start"] == jtext.find("藤川")
    # Diacritics and case are ignored as the index ignores them.
    fr = store.search_hits([ids["fr"]], "royaume-uni")[ids["fr"]]
    assert store.article(ids["fr"]).text[fr["start"] : fr["end"]] == "Royaume-Uni"


def test_first_match_respects_word_boundaries_and_prefixes() -> None:
    q = translate("Japon")
    assert q is not None
    assert first_match("les japonais et le Japon", q) == (19, 24)
    q = translate("Japon*")
    assert q is not None
    assert first_match("les japonais et le Japon", q) == (4, 9)
    q = translate("etats-unis")
    assert q is not None
    assert first_match("Aux États-Unis, hier", q) == (4, 14)
    line, s, e = snippet("a" * 200 + "MATCH" + "b" * 200, 200, 205, width=60)
    assert line[s:e] == "MATCH" and line.startswith("…") and line.endswith("…")


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
    | st.lists(
        st.sampled_from(
            [
                "OR",
                "AND",
                "NOT",
                "-",
                "*",
                '"',
                "(",
                ")",
                ":",
                "^",
                "NEAR",
                "阪神",
                "엔비디아",
                "a",
                "Putin",
                "+",
                "'",
                "title",
                "{",
                "}",
                " ",
            ]
        ),
        max_size=8,
    ).map(" ".join)
)
def test_no_input_raises_anything_but_a_plain_refusal(news, q: str) -> None:
    store, _ = news
    translate(q)
    translate(q, column="title", prefix_words=True)
    try:
        ids = store.article_ids(ArticleQuery(search=q))
        store.search_hits(ids, q)
    except StoreError as exc:
        assert str(exc).startswith("search: nothing to search for"), str(exc)


def test_cli_search_prints_the_hits_terminal_safe(cli, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    with Store(db) as store:
        ids = _load(store)
        (evil,), _, _ = store.insert_articles(
            [NewArticle(text="Putin\x1b[31m red \x07 bell", raw="z", title="T\x1b]0;pwned\x07itle")]
        )
    code, out, err = cli("--db", db, "search", "Putin", "-Nadeschdin")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(f"{evil}\t")
    assert "\x1b" not in out and "\x07" not in out
    assert "1 article(s) match" in err
    code, out, _ = cli("--db", db, "search", "엔비디아가")
    assert code == 0 and out.startswith(f"{ids['ko']}\t") and "엔비디아가" in out
    code, out, _ = cli("--db", db, "search", "--json", "藤川")
    rec = json.loads(out.splitlines()[0])
    assert (
        rec["id"] == ids["ja"]
        and rec["snippet"][rec["snippet_start"] : rec["snippet_end"]] == "藤川"
    )
    code, out, err = cli("--db", db, "search", "zzzzunfindable")
    assert code == 1 and out == ""
    code, out, err = cli("--db", db, "search", "%")
    assert code == 2 and "nothing to search for" in err and "fts5" not in err
