"""Tag all occurrences, the dictionary, suggestion review: against stored spans, origin and how."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tui.core.assist.suggest import (
    Dictionary,
    FormMatcher,
    Suggestion,
    accept_all,
    accept_occurrences,
    accept_suggestion,
    article_suggestions,
    next_suggestion,
    occurrences,
    read_user_list,
    reject_occurrence,
    reject_suggestion,
)
from tui.core.store import NewArticle, Store, StoreError


def add(store: Store, *texts: str, lang: str = "fr") -> list[int]:
    ids, _, _ = store.insert_articles(NewArticle(text=t, raw=t, lang=lang) for t in texts)
    return ids


@pytest.fixture
def seeded(store: Store) -> tuple[Store, list[int]]:
    from tui.core.ingest import import_paths

    import_paths(store, [str(SEEDS)], jobs=1)
    return store, store.article_ids()


def test_occurrences_in_article_whole_words_and_case(store: Store) -> None:
    text = (
        "Paris est loin. Parisien, PARIS, paris, Paris-Match et Paris. Élise et Élisabeth. "
        "Paris\u0301 n'est pas Paris."
    )
    (aid,) = add(store, text)
    first = text.index("Paris")
    store.tag(aid, first, first + 5, "LOC", how="typed")
    occs = occurrences(store, "Paris", "LOC", aid)
    got = [(o.start, text[o.start : o.end]) for o in occs]
    assert all(t == "Paris" for _, t in got)
    # not the tagged one, not inside Parisien / Paris-Match / Paris + combining accent
    assert [s for s, _ in got] == [text.index("Paris."), text.rindex("Paris.")]
    o = occs[0]
    assert o.context_left.endswith("Paris-Match et ") and o.context_right.startswith(". Élise")
    assert [text[x.start : x.end] for x in occurrences(store, "Élise", "PER", aid)] == ["Élise"]


def test_occurrences_cjk_and_accents(store: Store) -> None:
    (aid,) = add(store, "我在東京工作。東京很大。东京", lang="zh")
    occs = occurrences(store, "東京", "LOC", aid)
    assert [(o.start, o.end) for o in occs] == [(2, 4), (7, 9)]
    m = FormMatcher(["Tokyo"])
    assert list(m.finditer("Tokyo東京")) == [(0, 5)]  # a Latin form may touch CJK text
    assert list(m.finditer("Tokyoïtes Tokyo")) == [(10, 15)]


def test_occurrences_across_corpus_accept_and_reject(store: Store) -> None:
    a, b, c = add(
        store,
        "Microsoft et Google. Microsoft encore.",
        "Rien ici sur la microsoftie.",
        "Chez Microsoft, Microsoft Research et MicrosoftX.",
    )
    sp = store.tag(a, 0, 9, "ORG", how="typed")
    assert sp.how == "typed"
    occs = occurrences(store, "Microsoft", "ORG", a, corpus=True)
    assert [(o.article_id, o.start) for o in occs] == [(a, 21), (c, 5), (c, 16)]
    reject_occurrence(store, occs[2], "ORG", keys=1, seconds=0.5)
    made = accept_occurrences(store, occs[:2], "ORG", keys=1, seconds=1.0)
    assert {(s.article_id, s.start, s.origin, s.how) for s in made} == {
        (a, 21, "manual", "occurrence"),
        (c, 5, "manual", "occurrence"),
    }
    # rejected and tagged ones are not offered again, across restarts
    store2 = Store(store.path)
    assert occurrences(store2, "Microsoft", "ORG", a, corpus=True) == []
    # a rejection is per label: the one rejected as ORG may still be offered as PER
    assert [
        (o.article_id, o.start) for o in occurrences(store2, "Microsoft", "PER", a, corpus=True)
    ] == [(c, 16)]
    store2.close()
    # one undo takes back every accepted occurrence
    store.undo()
    assert [s.start for s in store.spans(c)] == []
    assert [s.start for s in store.spans(a)] == [0]
    with pytest.raises(ValueError):
        occurrences(store, "Microsoft", "ORG")


def test_occurrences_form_without_indexed_words(store: Store) -> None:
    a, b = add(store, "Le taux: 3 %. Encore 3 %.", "Et 3 % ici.")
    occs = occurrences(store, "3 %", "MISC", a, corpus=True)
    assert [(o.article_id, o.start) for o in occs] == [(a, 9), (a, 21), (b, 3)]


def test_dictionary_from_spans_user_list_and_rejections(store: Store) -> None:
    a, b = add(
        store, "Apple et Orange à Paris.", "Apple, Orange, Paris et Apple Music. Une pomme Apple."
    )
    store.tag(a, 0, 5, "ORG")
    store.tag(a, 9, 15, "ORG")
    store.tag(a, 18, 23, "LOC")
    store.add_dictionary_entries([("pomme", "MISC")], source="test")
    d = Dictionary.load(store)
    assert d.label_for("Apple") == "ORG" and d.label_for("pomme") == "MISC" and "Music" not in d
    sugs = article_suggestions(store, b, d)
    text = store.require_article(b).text
    assert [(text[s.start : s.end], s.label, s.origin) for s in sugs] == [
        ("Apple", "ORG", "dictionary"),
        ("Orange", "ORG", "dictionary"),
        ("Paris", "LOC", "dictionary"),
        ("pomme", "MISC", "dictionary"),
        ("Apple", "ORG", "dictionary"),
    ]  # not "Apple" of "Apple Music"
    # reject one: remembered per position, and a form rejected more often than accepted is muted
    reject_suggestion(store, b, sugs[1], keys=2)
    d = Dictionary.load(store)
    assert "Orange" in d  # accepted once, rejected once
    assert [s.start for s in article_suggestions(store, b, d)] == [
        sugs[0].start,
        sugs[2].start,
        sugs[3].start,
        sugs[4].start,
    ]
    store.reject(
        a, 9, 15, "ORG", kind="dictionary"
    )  # a second rejection of Orange/ORG (the span stays)
    assert "Orange" not in Dictionary.load(store)
    # accept one, then all: origins and how
    sp = accept_suggestion(store, b, sugs[0], keys=1, seconds=0.4)
    assert (sp.origin, sp.how, sp.text) == ("suggested", "dictionary", "Apple")
    rest = article_suggestions(store, b, Dictionary.load(store))
    made = accept_all(store, b, rest, keys=1)
    assert {(s.text, s.origin, s.how) for s in made} == {
        ("Paris", "suggested", "dictionary"),
        ("pomme", "suggested", "dictionary"),
        ("Apple", "suggested", "dictionary"),
    }
    assert article_suggestions(store, b, Dictionary.load(store)) == []
    store.undo()  # accept-all is one action
    assert [s.text for s in store.spans(b)] == ["Apple"]


def test_accept_suggestion_never_overwrites_a_span(store: Store) -> None:
    (a,) = add(store, "Brad Smith parle.")
    store.tag(a, 5, 10, "ORG")
    with pytest.raises(StoreError, match="overlaps"):
        accept_suggestion(store, a, Suggestion(0, 10, "PER", "model", "Brad Smith", "m"))
    assert [(s.text, s.label) for s in store.spans(a)] == [("Smith", "ORG")]


def test_next_suggestion_bisects() -> None:
    sugs = [Suggestion(s, s + 3, "ORG") for s in (0, 10, 20)]
    assert next_suggestion(sugs, -1, 1) == 0
    assert next_suggestion(sugs, 0, 1) == 1
    assert next_suggestion(sugs, 20, 1) is None
    assert next_suggestion(sugs, 20, -1) == 1
    assert next_suggestion(sugs, 0, -1) is None


def test_read_user_list_formats(tmp_path: Path) -> None:
    tsv = tmp_path / "names.tsv"
    tsv.write_text("# comment\nMicrosoft\tORG\nNew York\tLOC\nbad line\n\n", encoding="utf-8")
    entries, problems = read_user_list(tsv)
    assert entries == [("Microsoft", "ORG"), ("New York", "LOC")]
    assert problems == [f"{tsv}:4: expected form<TAB>label"]
    jl = tmp_path / "patterns.jsonl"
    jl.write_text(
        "\n".join(
            [
                json.dumps({"label": "ORG", "pattern": "Microsoft Research"}),
                json.dumps({"label": "LOC", "pattern": [{"lower": "new"}, {"lower": "york"}]}),
                json.dumps({"label": "ORG", "pattern": [{"ORTH": "AT&T"}]}),
                json.dumps({"label": "ORG", "pattern": [{"pos": "PROPN"}]}),
                "{not json",
            ]
        ),
        encoding="utf-8",
    )
    entries, problems = read_user_list(jl)
    assert ("Microsoft Research", "ORG") in entries and ("AT&T", "ORG") in entries
    assert {("new york", "LOC"), ("New York", "LOC"), ("NEW YORK", "LOC")} <= set(entries)
    assert [p.split(": ")[0] for p in problems] == [f"{jl}:4", f"{jl}:5"]


def test_cli_dictionary_load(cli, db_path: Path, tmp_path: Path) -> None:
    lst = tmp_path / "l.tsv"
    lst.write_text("Kishida\tPER\nSoftBank\tORG\n", encoding="utf-8")
    code, _, err = cli("--db", str(db_path), "suggest", "--dictionary", str(lst))
    assert code == 0 and "2 new dictionary entries" in err
    with Store(db_path) as st:
        assert st.dictionary_entries() == [
            ("Kishida", "PER", "l.tsv"),
            ("SoftBank", "ORG", "l.tsv"),
        ]
    bad = tmp_path / "b.tsv"
    bad.write_text("Foo\tPRODUCT\n", encoding="utf-8")
    code, _, err = cli("--db", str(db_path), "suggest", "--dictionary", str(bad))
    assert (
        code == 1 and "unknown label 'PRODUCT'" in err and err[-1] == "\n" and err.count("\n") == 1
    )
    code, _, err = cli("--db", str(db_path), "suggest", "--dictionary", str(bad), "--create-labels")
    assert code == 0 and "created label 'PRODUCT'" in err


def test_suggestions_never_exported(store: Store, tmp_path: Path) -> None:
    from tui.core.export import export
    from tui.core.query import ArticleQuery

    (a,) = add(store, "Microsoft investit au Japon.")
    store.tag(a, 0, 9, "ORG")
    store.add_dictionary_entries([("Japon", "LOC")])
    assert store.replace_suggestions(a, [(22, 27, "LOC")], model="test-model") == 1
    assert article_suggestions(store, a, Dictionary.load(store))
    out = tmp_path / "out.jsonl"
    export(store, out, "jsonl", ArticleQuery())
    rec = json.loads(out.read_text(encoding="utf-8"))
    assert [(s["text"], s["label"]) for s in rec["spans"]] == [("Microsoft", "ORG")]


def test_seed_suggestions_after_first_article(seeded: tuple[Store, list[int]]) -> None:
    store, (a, b) = seeded
    text = store.require_article(a).text
    for form, label in (("Microsoft", "ORG"), ("Japon", "LOC"), ("Brad Smith", "PER")):
        i = text.index(form)
        store.tag(a, i, i + len(form), label)
    sugs = article_suggestions(store, b, Dictionary.load(store))
    tb = store.require_article(b).text
    got = [tb[s.start : s.end] for s in sugs]
    assert got.count("Brad Smith") == 2 and "Japon" in got
    # "Microsoft" of "Microsoft Research Asia" is not offered: it is part of a longer name
    mra = tb.index("Microsoft Research Asia")
    assert all(s.start != mra for s in sugs)
    assert got.count("Microsoft") == tb.count("Microsoft") - 1


def test_dictionary_matches_fast_on_1mb() -> None:
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyzéèà"
    forms = set()
    while len(forms) < 1000:
        forms.add(
            " ".join(
                rng.choice("ABCDEFGHIJKLMNOPRSTUVWÉ")
                + "".join(rng.choice(letters) for _ in range(rng.randint(3, 9)))
                for _ in range(rng.choice((1, 1, 2, 3)))
            )
        )
    forms_l = sorted(forms)
    filler = [
        "le",
        "la",
        "de",
        "les",
        "une",
        "société",
        "a",
        "annoncé",
        "que",
        "son",
        "projet",
        "pour",
        "2,9",
        "milliards",
        "sera",
        "lancé",
    ]
    parts: list[str] = []
    size = 0
    while size < 1_000_000:  # news-like: about one dictionary name in ten words
        words = [rng.choice(filler) for _ in range(9)] + [rng.choice(forms_l[:300])]
        chunk = " ".join(words) + "."
        parts.append(chunk)
        size += len(chunk) + 1
    text = " ".join(parts)
    d = Dictionary()
    for f in forms_l:
        d.add(f, "ORG")
    d.matches("warm up")  # compiles the pattern (once per dictionary change)
    found = d.matches(text)  # speed: bench/, not asserted here
    assert len(found) > 8_000
    assert all(text[s.start : s.end] in forms for s in found[:500])


def test_migration_2_from_a_version_1_database(db_path: Path) -> None:
    import sqlite3

    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    for t in ("suggestions", "rejections", "dictionary"):
        conn.execute(f"DROP TABLE {t}")
    for trig in ("articles_tri_ai", "articles_tri_ad", "articles_tri_au"):  # migration 3's
        conn.execute(f"DROP TRIGGER {trig}")
    conn.execute("DROP TABLE articles_tri_terms")
    conn.execute("DROP TABLE articles_tri")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store(db_path) as st:
        assert st.conn.execute("PRAGMA user_version").fetchone()[0] >= 2  # and any later migration
        assert (
            st.suggestion_count() == 0
            and st.dictionary_entries() == []
            and st.rejections() == set()
        )
