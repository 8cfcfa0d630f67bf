"""`newsmark merge`: annotators' databases into one (tui/core/team_merge.py).

Random work is made through the store's own API (as the app makes it) in copies of one base
database; the merged database is checked in SQLite: idempotent, independent of the order of
the files, no version lost, each annotator's work kept as theirs, re-merging brings only new
work, and a conflict (one annotator in two files) is kept and reported.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core import team
from tui.core.query import ArticleQuery
from tui.core.store import NewArticle, Store
from tui.core.team_merge import merge_databases, snapshot

TEXTS = (
    "Emmanuel Macron a rencontré Olaf Scholz à Berlin mardi.",
    "Angela Merkel visited Paris with the United Nations delegation.",
    "La SNCF et Air France annoncent une grève à Lyon.",
)
LABELS = ("PER", "ORG", "LOC")
NAMES = ("alice", "bob", "carol")


def words(text: str) -> list[tuple[int, int]]:
    out, start = [], None
    for i, ch in enumerate(text + " "):
        if ch.isalnum() and start is None:
            start = i
        elif not ch.isalnum() and start is not None:
            out.append((start, i))
            start = None
    return out


def make_base(path: Path) -> Path:
    """The lead's database as handed out (after `assign`, so in team mode: in a copy shared by
    several people each one's spans stay theirs)."""
    with Store(path, annotator="lead") as s:
        s.insert_articles([NewArticle(text=t, raw=t, title=f"t{i}") for i, t in enumerate(TEXTS)])
        team.set_team_mode(s, True)
    return path


# one step of work: (annotator, article index, op, a, b, label index)
step = st.tuples(
    st.sampled_from(NAMES),
    st.integers(0, 2),
    st.sampled_from(["tag", "tag", "delete", "status", "tags", "note"]),
    st.integers(0, 8),
    st.integers(1, 3),
    st.integers(0, 2),
)


def do_work(path: Path, steps: list[tuple]) -> None:
    stores: dict[str, Store] = {}
    try:
        for who, art, op, a, b, lab in steps:
            s = stores.get(who) or stores.setdefault(who, Store(path, annotator=who))
            aid = s.article_ids()[art]
            text = s.article(aid).text
            ws = words(text)
            if op == "tag":
                i = a % len(ws)
                j = min(len(ws) - 1, i + b - 1)
                s.tag(aid, ws[i][0], ws[j][1], LABELS[lab])
            elif op == "delete":
                mine = [sp for sp in s.spans(aid) if sp.annotator == who]
                if mine:
                    s.delete_span(mine[a % len(mine)].id)
            elif op == "status":
                s.set_status(aid, ("done", "skipped", "rejected")[lab])
            elif op == "tags":
                s.set_tags(aid, [f"t{a}"])
            else:
                s.set_note(aid, f"note {a} by {who}")
    finally:
        for s in stores.values():
            s.close()


def merged(target: Path, sources: list[Path]):
    with Store(target, annotator="lead") as s:
        report = merge_databases(s, sources)
        return report, snapshot(s.conn)


def versions_of(path: Path) -> dict[str, dict[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return snapshot(conn)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_base(tmp_path_factory.mktemp("base") / "base.db")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    work=st.lists(st.tuples(st.integers(0, 2), st.lists(step, max_size=6)), min_size=2, max_size=3),
    more=st.lists(step, max_size=4),
)
def test_merge_properties_on_random_work(base: Path, work, more) -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        files = []
        for i in range(len(work)):
            f = tmp / f"f{i}.db"
            shutil.copy(base, f)
            files.append(f)
        for idx, steps in work:
            do_work(files[idx % len(files)], steps)

        report1, snap1 = merged(tmp / "t1.db", files)
        # idempotent: merging the same files again changes nothing and reports nothing new
        with Store(tmp / "t1.db", annotator="lead") as s:
            again = merge_databases(s, files)
            assert snapshot(s.conn) == snap1
        assert again.versions_added == again.versions_updated == 0 and not again.conflicts
        # order-independent
        _, snap2 = merged(tmp / "t2.db", list(reversed(files)))
        assert snap2 == snap1
        # loses nothing: every version of every file is in the target, under its name or NAME~digest
        per_file = [versions_of(f) for f in files]
        for vs in per_file:
            for h, by_name in vs.items():
                for who, digest in by_name.items():
                    assert digest in snap1[h].values(), (who, h)
                    assert any(
                        n == who or n.startswith(who + "~")
                        for n, d in snap1[h].items()
                        if d == digest
                    )
        # each annotator's work is theirs: one file only -> under their own name, no conflict
        for h in snap1:
            for who in NAMES:
                holders = {vs[h][who] for vs in per_file if who in vs[h]}
                if len(holders) == 1:
                    assert snap1[h][who] == holders.pop()
        # a conflict is reported exactly when an annotator has two different versions of an article
        expected = {
            (h, who)
            for h in snap1
            for who in NAMES
            if len({vs[h][who] for vs in per_file if who in vs[h]}) > 1
        }
        assert {(c.hash, c.annotator) for c in report1.conflicts} == expected

        # more work in the first file by someone who works only there: re-merge brings just that
        only_first = [w for w in NAMES if all(w not in vs[h] for vs in per_file[1:] for h in vs)]
        steps = [(only_first[0], *s[1:]) for s in more] if only_first else []
        do_work(files[0], steps)
        with Store(tmp / "t1.db", annotator="lead") as s:
            report3 = merge_databases(s, files)
            snap3 = snapshot(s.conn)
        assert not report3.conflicts
        new_first = versions_of(files[0])
        for h, by_name in snap3.items():
            for who, digest in by_name.items():
                if only_first and who == only_first[0]:
                    assert digest == new_first[h][who]
                else:
                    assert snap1[h].get(who) == digest


def test_conflict_is_reported_and_both_versions_kept(base: Path, tmp_path: Path, cli) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    shutil.copy(base, a)
    shutil.copy(base, b)
    do_work(a, [("alice", 0, "tag", 0, 2, 0)])  # Emmanuel Macron PER
    do_work(b, [("alice", 0, "tag", 0, 1, 2)])  # Emmanuel LOC (later)
    code, _, err = cli("--db", str(tmp_path / "team.db"), "merge", str(a), str(b))
    assert code == 3
    assert "conflict:" in err and "'alice' edited it in two files" in err
    conn = sqlite3.connect(tmp_path / "team.db")
    rows = conn.execute("SELECT annotator, text, label FROM spans ORDER BY annotator").fetchall()
    assert rows[0] == ("alice", "Emmanuel", "LOC")  # the later one keeps the name
    assert rows[1][0].startswith("alice~") and rows[1][1:] == ("Emmanuel Macron", "PER")
    kinds = [r[0] for r in conn.execute("SELECT kind FROM actions WHERE kind = 'merge'")]
    assert len(kinds) == 2
    # merging again: nothing new, no conflict reported again
    code, _, err = cli("--db", str(tmp_path / "team.db"), "merge", str(a), str(b))
    assert code == 0 and "0 conflict(s)" in err and "0 new and 0 updated" in err


def test_later_copy_of_the_same_file_is_newer_work_not_a_conflict(
    base: Path, tmp_path: Path, cli
) -> None:
    a = tmp_path / "alice.db"
    shutil.copy(base, a)
    do_work(a, [("alice", 0, "tag", 0, 2, 0), ("alice", 0, "status", 0, 1, 0)])
    early = tmp_path / "alice-monday.db"
    shutil.copy(a, early)
    do_work(a, [("alice", 0, "tag", 5, 1, 2), ("alice", 1, "tag", 0, 2, 0)])
    for order in ((early, a), (a, early)):
        team_db = tmp_path / f"team-{order[0].stem}.db"
        code, _, err = cli("--db", str(team_db), "merge", *map(str, order))
        assert code == 0, err
        conn = sqlite3.connect(team_db)
        assert (
            conn.execute("SELECT count(*) FROM spans WHERE annotator = 'alice'").fetchone()[0] == 3
        )
        assert team.annotators(conn) == ["alice"]
        conn.close()


def test_merge_refuses_the_target_itself_and_missing_files(tmp_path: Path, cli) -> None:
    make_base(tmp_path / "t.db")
    code, _, err = cli("--db", str(tmp_path / "t.db"), "merge", str(tmp_path / "t.db"))
    assert code == 1 and "target database itself" in err
    code, _, err = cli("--db", str(tmp_path / "t.db"), "merge", str(tmp_path / "nope.db"))
    assert code == 1 and "no such database" in err and "Traceback" not in err


def test_annotator_option_names_who_works(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_base(tmp_path / "x.db")
    monkeypatch.setenv("NEWSMARK_ANNOTATOR", "tester")
    code, _, err = cli("--db", str(db), "--annotator", "zoé", "stats")
    assert code == 0, err
    import os

    assert os.environ["NEWSMARK_ANNOTATOR"] == "zoé"
    code, _, err = cli("--db", str(db), "--annotator", "a,b", "stats")
    assert code == 1 and "without commas" in err


def test_config_file_names_the_annotator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core.store import default_annotator

    cfg = tmp_path / "config" / "newsmark"
    cfg.mkdir(parents=True)
    (cfg / "config.toml").write_text('annotator = "carol"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("NEWSMARK_ANNOTATOR")
    assert default_annotator() == "carol"
    monkeypatch.setenv("NEWSMARK_ANNOTATOR", "dave")  # the environment wins over the file
    assert default_annotator() == "dave"


def test_status_tags_notes_belong_to_each_annotator(tmp_path: Path) -> None:
    db = make_base(tmp_path / "x.db")
    with Store(db, annotator="alice") as a, Store(db, annotator="bob") as b:
        aid = a.article_ids()[0]
        a.set_status(aid, "done")
        b.set_status(aid, "skipped")
        a.set_tags(aid, ["sport"])
        b.set_note(aid, "unsure")
        assert team.status_of(a.conn, aid, "alice") == "done"
        assert team.status_of(a.conn, aid, "bob") == "skipped"
        row = a.conn.execute("SELECT status FROM articles WHERE id = ?", (aid,)).fetchone()
        assert row[0] == "skipped"  # the article row: the latest, as before
        assert (
            a.article(aid).status == "done" and b.article(aid).status == "skipped"
        )  # each their own
        vs = team.versions(a.conn, aid)
        assert vs["alice"].tags == ["sport"] and vs["alice"].note == ""
        assert vs["bob"].note == "unsure" and vs["bob"].tags == []
        a.undo()  # alice's undo takes back alice's status change only
        assert team.status_of(a.conn, aid, "bob") == "skipped"


def test_migration_keeps_existing_work_under_its_annotator(tmp_path: Path) -> None:
    """A schema-2 database (made with the v2 DDL of this checkout) opens at schema 4 with its
    statuses, tags and notes owned by whoever made the article's spans."""
    from tui.core import schema
    from tui.core import store as store_mod

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    import sqlite_utils

    d = sqlite_utils.Database(conn)
    schema._migrate_1(d)
    schema._migrate_2(d)
    conn.execute("PRAGMA user_version = 2")
    conn.execute(f"PRAGMA application_id = {store_mod.APPLICATION_ID}")
    ts = "2026-01-01T00:00:00.000Z"
    for i, (t, st_) in enumerate(((TEXTS[0], "done"), (TEXTS[1], "skipped"), (TEXTS[2], "new")), 1):
        conn.execute(
            "INSERT INTO articles(id, hash, raw, text, status, imported_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?)",
            (i, store_mod.content_hash(t), t, t, st_, ts, ts),
        )
    conn.execute(
        'INSERT INTO spans(article_id, start, "end", label, text, annotator, created_at, updated_at)'
        " VALUES (1, 0, 8, 'PER', 'Emmanuel', 'maria', ?, ?)",
        (ts, ts),
    )
    conn.execute("INSERT INTO tags VALUES (1, 'politics')")
    conn.execute("INSERT INTO notes VALUES (2, 'check', ?)", (ts,))
    conn.close()
    with Store(db, annotator="tester") as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == store_mod.SCHEMA_VERSION
        rows = s.conn.execute(
            "SELECT article_id, annotator, status FROM annotator_status ORDER BY 1"
        ).fetchall()
        assert rows == [(1, "maria", "done"), (2, "tester", "skipped")]
        assert s.conn.execute("SELECT * FROM annotator_tags").fetchall() == [
            (1, "maria", "politics")
        ]
        assert s.conn.execute(
            "SELECT article_id, annotator, note FROM annotator_notes"
        ).fetchall() == [(2, "tester", "check")]
        assert s.article(1).status == "done" and s.tags(1) == ["politics"]


def test_team_mode_library_progress_is_each_annotators_own(tmp_path: Path) -> None:
    db = make_base(tmp_path / "x.db")
    with Store(db, annotator="alice") as a, Store(db, annotator="bob") as b:
        team.set_team_mode(a, True)
        first, second, third = a.article_ids()
        a.tag(first, 0, 8, "PER")
        a.set_status(first, "done")
        b.set_status(second, "done")
        assert a.article_ids(ArticleQuery(status=("done",))) == [first]
        assert b.article_ids(ArticleQuery(status=("done",))) == [second]
        assert b.article_ids(ArticleQuery(status=("new",))) == [first, third]
        assert (
            a.summaries([first])[first]["status"] == "done"
            and a.summaries([first])[first]["spans"] == 1
        )
        assert (
            b.summaries([first])[first]["status"] == "new"
            and b.summaries([first])[first]["spans"] == 0
        )
        assert (
            a.article(first).status == "done" and b.article(first).status == "new"
        )  # the reader's


def test_app_opened_with_annotator_shows_and_uses_the_name(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`newsmark --annotator NAME` (no command) hands the app a store working as NAME, marked to
    show it (the library's title then says "as NAME")."""
    import tui.app

    seen: dict = {}

    def fake_run_app(path, *, store=None):  # type: ignore[no-untyped-def]
        seen.update(annotator=store.annotator, named=getattr(store, "annotator_named", False))
        store.close()

    monkeypatch.setattr(tui.app, "run_app", fake_run_app)
    monkeypatch.setenv("NEWSMARK_ANNOTATOR", "tester")
    db = make_base(tmp_path / "x.db")
    code, _, err = cli("--db", str(db), "--annotator", "alice")
    assert code == 0, err
    assert seen == {"annotator": "alice", "named": True}


def test_two_annotators_tag_one_shared_database_at_once(tmp_path: Path) -> None:
    """Real child processes, one per annotator, tag the same words of one team database at the
    same time: each keeps exactly their own spans, none lost, none overwritten."""
    import os
    import subprocess
    import sys

    db = make_base(tmp_path / "shared.db")
    child = (
        "import sys\n"
        "from tui.core.store import Store\n"
        "who, db = sys.argv[1], sys.argv[2]\n"
        "with Store(db, annotator=who) as s:\n"
        "    aid = s.article_ids()[0]\n"
        "    text = s.article(aid).text\n"
        "    import re\n"
        "    words = [m.span() for m in re.finditer(r'\\w+', text)]\n"
        "    for n in range(40):\n"
        "        st, en = words[n % len(words)]\n"
        "        s.tag(aid, st, en, ('PER', 'LOC')[n % 2 if who == 'alice' else (n + 1) % 2])\n"
        "    s.set_status(aid, 'done')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [
        subprocess.Popen([sys.executable, "-c", child, who, str(db)], env=env)
        for who in ("alice", "bob")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    conn = sqlite3.connect(db)
    rows = conn.execute(
        'SELECT annotator, start, "end", label FROM spans ORDER BY annotator, start'
    ).fetchall()
    words = [(st, en) for st, en in words_of(TEXTS[0])]
    for who, first in (("alice", 0), ("bob", 1)):
        mine = [(s, e, lb) for w, s, e, lb in rows if w == who]
        # each word's last tag wins: words tagged n = i, i + len(words), ...
        expected = []
        for i, (s, e) in enumerate(words):
            last = max(n for n in range(40) if n % len(words) == i)
            expected.append((s, e, ("PER", "LOC")[(last + first) % 2]))
        assert mine == expected
    assert set(conn.execute("SELECT annotator, status FROM annotator_status")) == {
        ("alice", "done"),
        ("bob", "done"),
    }


def words_of(text: str) -> list[tuple[int, int]]:
    import re

    return [m.span() for m in re.finditer(r"\w+", text)]
