"""Blind annotation on one shared team database (issue #16): the reader's assistance learns only
from the annotator's own work. Bob's spans and rejections never reach alice's dictionary,
suggestions or occurrences (nor hide an occurrence from her); her own work does. A single
user's database keeps learning from every span, as before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tui.core import team
from tui.core.assist.suggest import Dictionary, article_suggestions, occurrences
from tui.core.store import NewArticle, Store

# Two short news items (AFP-style wording): the second repeats the names of the first.
TEXTS = (
    "Olaf Scholz a rencontré Emmanuel Macron à Berlin mardi. Scholz a salué la visite.",
    "Olaf Scholz et Emmanuel Macron se retrouvent à Berlin pour un sommet européen.",
)
SCHOLZ, MACRON, BERLIN = "Olaf Scholz", "Emmanuel Macron", "Berlin"


def at(text: str, form: str) -> tuple[int, int]:
    s = text.index(form)
    return s, s + len(form)


def shared_db(path: Path, *, team_mode: bool) -> tuple[int, int]:
    """Bob tags Olaf Scholz and rejects Berlin as LOC in the first article; alice tags Emmanuel
    Macron there. Returns the two article ids."""
    with Store(path, annotator="lead") as s:
        ids, _, _ = s.insert_articles(
            [NewArticle(text=t, raw=t, title=f"t{i}") for i, t in enumerate(TEXTS)]
        )
        if team_mode:
            team.set_team_mode(s, True)
    first = ids[0]
    with Store(path, annotator="bob") as bob, Store(path, annotator="alice") as alice:
        bob.tag(first, *at(TEXTS[0], SCHOLZ), "PER")
        bob.reject(first, *at(TEXTS[0], BERLIN), "LOC", kind="occurrence")
        alice.tag(first, *at(TEXTS[0], MACRON), "PER")
    return ids[0], ids[1]


def forms(sugs: list) -> set[str]:  # type: ignore[type-arg]
    return {sg.text for sg in sugs}


def test_alice_never_learns_from_bobs_spans_or_rejections(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    first, second = shared_db(db, team_mode=True)
    with Store(db, annotator="alice") as alice, Store(db, annotator="bob") as bob:
        assert {f for f, _, _ in alice.span_forms()} == {MACRON}
        assert [sp.text for sp in alice.spans(first, own=True)] == [MACRON]
        assert len(alice.spans(first)) == 2  # export, re-clean and merge still see every span
        assert {f for f, _, _ in bob.span_forms()} == {SCHOLZ}
        mine, his = Dictionary.load(alice), Dictionary.load(bob)
        assert SCHOLZ not in mine and MACRON in mine
        assert SCHOLZ in his and MACRON not in his
        # suggestions in the second article: each sees only the names they tagged
        assert forms(article_suggestions(alice, second, mine)) == {MACRON}
        assert forms(article_suggestions(bob, second, his)) == {SCHOLZ}
        # bob's span does not hide the first article's Olaf Scholz from alice's occurrences
        occ = occurrences(alice, SCHOLZ, "PER", first, corpus=True)
        assert {(o.article_id, o.start) for o in occ} == {
            (first, TEXTS[0].index(SCHOLZ)),
            (second, TEXTS[1].index(SCHOLZ)),
        }
        assert [o.article_id for o in occurrences(bob, SCHOLZ, "PER", first, corpus=True)] == [
            second
        ]
        # bob's rejection of Berlin is his: alice is still offered it, and cannot take it back
        assert alice.rejections() == set() and alice.rejected_forms() == {}
        assert bob.rejections(first) == {(first, *at(TEXTS[0], BERLIN), "LOC")}
        assert bob.rejected_forms() == {(BERLIN, "LOC"): 1}
        assert len(occurrences(alice, BERLIN, "LOC", first, corpus=True)) == 2
        assert len(occurrences(bob, BERLIN, "LOC", first, corpus=True)) == 1
        assert not alice.unreject(first, *at(TEXTS[0], BERLIN), "LOC")
        # alice's own rejection counts for her
        alice.reject(second, *at(TEXTS[1], MACRON), "PER", kind="dictionary")
        assert alice.rejections(second) == {(second, *at(TEXTS[1], MACRON), "PER")}
        assert forms(article_suggestions(alice, second, Dictionary.load(alice))) == set()
    with sqlite3.connect(db) as conn:
        assert sorted(conn.execute("SELECT annotator, text FROM spans")) == [
            ("alice", MACRON),
            ("bob", SCHOLZ),
        ]
        assert sorted(conn.execute("SELECT annotator, form FROM rejections")) == [
            ("alice", MACRON),
            ("bob", BERLIN),
        ]


def test_single_user_database_still_learns_from_every_span(tmp_path: Path) -> None:
    db = tmp_path / "solo.db"
    first, second = shared_db(db, team_mode=False)
    with Store(db, annotator="alice") as alice:
        assert {f for f, _, _ in alice.span_forms()} == {SCHOLZ, MACRON}
        assert len(alice.spans(first, own=True)) == 2
        d = Dictionary.load(alice)
        assert forms(article_suggestions(alice, second, d)) == {SCHOLZ, MACRON}
        assert [o.article_id for o in occurrences(alice, SCHOLZ, "PER", first, corpus=True)] == [
            second
        ]
        assert alice.rejected_forms() == {(BERLIN, "LOC"): 1}
        assert len(occurrences(alice, BERLIN, "LOC", first, corpus=True)) == 1
        assert alice.unreject(first, *at(TEXTS[0], BERLIN), "LOC")


def test_each_annotator_sees_only_their_own_tags_and_note(tmp_path: Path) -> None:
    """The reader's tags/note prompt reads ``own=True``: on a team database bob's tags and note
    never show to alice; the article's shared row still holds the latest (export, single user)."""
    db = tmp_path / "team.db"
    first, _ = shared_db(db, team_mode=True)
    with Store(db, annotator="bob") as bob, Store(db, annotator="alice") as alice:
        bob.set_tags(first, ["bob-tag"])
        bob.set_note(first, "bob's doubt")
        alice.set_tags(first, ["alice-tag"])
        assert alice.tags(first, own=True) == ["alice-tag"]
        assert alice.note(first, own=True) == ""
        assert bob.tags(first, own=True) == ["bob-tag"]
        assert bob.note(first, own=True) == "bob's doubt"
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT annotator, tag FROM annotator_tags WHERE article_id = ? ORDER BY annotator",
        (first,),
    ).fetchall()
    assert rows == [("alice", "alice-tag"), ("bob", "bob-tag")]
    assert conn.execute("SELECT tag FROM tags WHERE article_id = ?", (first,)).fetchall() == [
        ("alice-tag",)
    ]


def test_tags_and_note_are_shared_on_a_single_users_database(tmp_path: Path) -> None:
    db = tmp_path / "solo.db"
    first, _ = shared_db(db, team_mode=False)
    with Store(db, annotator="bob") as bob, Store(db, annotator="alice") as alice:
        bob.set_tags(first, ["sport"])
        bob.set_note(first, "check the date")
        assert alice.tags(first, own=True) == ["sport"]
        assert alice.note(first, own=True) == "check the date"


def test_two_annotators_rejecting_the_same_span_each_keep_their_rejection(tmp_path: Path) -> None:
    """Keyed without the annotator (schema 4), bob's rejection replaced alice's: she was offered
    the same occurrence again. Each now keeps their own, and taking one back leaves the other."""
    db = tmp_path / "team.db"
    first, _ = shared_db(db, team_mode=True)  # bob rejected Berlin as LOC
    span = at(TEXTS[0], BERLIN)
    with Store(db, annotator="alice") as alice:
        alice.reject(first, *span, "LOC", kind="occurrence")
    with Store(db, annotator="bob") as bob, Store(db, annotator="alice") as alice:
        assert bob.rejections(first) == {(first, *span, "LOC")}
        assert alice.rejections(first) == {(first, *span, "LOC")}
        assert alice.unreject(first, *span, "LOC")
        assert alice.rejections(first) == set()
        assert bob.rejections(first) == {(first, *span, "LOC")}
    rows = sqlite3.connect(db).execute("SELECT annotator FROM rejections").fetchall()
    assert rows == [("bob",)]


def test_a_schema_4_database_keeps_its_rejections_when_upgraded(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    first, _ = shared_db(db, team_mode=True)
    conn = sqlite3.connect(db)
    before = conn.execute("SELECT * FROM rejections").fetchall()
    conn.execute("DROP TABLE rejections")  # rebuild it as schema 4 had it
    conn.execute(
        """CREATE TABLE rejections (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE ON DELETE CASCADE,
            form TEXT NOT NULL, kind TEXT NOT NULL, annotator TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL, PRIMARY KEY (article_id, start, "end", label))"""
    )
    conn.executemany("INSERT INTO rejections VALUES (?,?,?,?,?,?,?,?)", before)
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    with Store(db, annotator="alice") as alice:
        alice.reject(first, *at(TEXTS[0], BERLIN), "LOC", kind="occurrence")
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] >= 5
    rows = sorted(conn.execute("SELECT annotator, form FROM rejections").fetchall())
    assert rows == [("alice", BERLIN), ("bob", BERLIN)]
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
