"""The adjudication screen, driven by keys through Textual's Pilot: three annotators' seed work
merged, auto-adjudicated by a key, the rest settled span by span, and the exported gold equal to
tests/data/seeds_gold.jsonl. Also: one key takes one annotator's whole version; the library and
the stats screen show who is working and the agreement figures."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from app_support import screen_text, settle
from conftest import SEEDS
from team_support import GOLD, alice_mistakes, annotate, bob_mistakes, carol_mistakes, gold_keys

from tui.app import NewsmarkApp
from tui.core.store import Store
from tui.core.team_merge import merge_databases
from tui.screens.adjudicate import AdjudicationScreen

pytestmark = pytest.mark.anyio


def team_db(tmp_path: Path, cli) -> Path:  # type: ignore[no-untyped-def]
    base = tmp_path / "base.db"
    code, _, err = cli("--db", str(base), "import", str(SEEDS))
    assert code == 0, err
    sqlite3.connect(base).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    files = []
    for who, mistakes in (
        ("alice", alice_mistakes),
        ("bob", bob_mistakes),
        ("carol", carol_mistakes),
    ):
        f = tmp_path / f"{who}.db"
        shutil.copy(base, f)
        annotate(f, who, mistakes)
        files.append(f)
    db = tmp_path / "team.db"
    with Store(db, annotator="lead") as s:
        report = merge_databases(s, files)
    assert not report.conflicts
    return db


async def test_adjudicator_settles_the_team_by_keys(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = team_db(tmp_path, cli)
    monkeypatch.setenv("NEWSMARK_ANNOTATOR", "lead")
    app = NewsmarkApp(db, config_dir=tmp_path / "config")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "as lead" in screen_text(app)  # a team database: the library names who works
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        shown = screen_text(app)
        assert "Agreement" in shown and "alice / bob" in shown
        await pilot.press("escape")
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AdjudicationScreen)
        assert len(screen.queue) == 2
        await pilot.press("A")  # gold := what all three agree on
        await settle(app, pilot)
        with sqlite3.connect(db) as conn:
            auto = conn.execute("SELECT count(*) FROM spans WHERE annotator = 'gold'").fetchone()[0]
        assert auto == sum(len(gold_keys(h)) for h in GOLD) - 4
        hashes = dict(sqlite3.connect(db).execute("SELECT id, hash FROM articles"))
        decided = 0
        while screen.queue:
            aid = screen.article_id
            assert aid is not None
            assert "agreement" in screen_text(app)
            while screen.disputed:
                key, who = screen.disputed[screen.cursor]
                await pilot.press("a" if key in gold_keys(hashes[aid]) else "x")
                await pilot.pause()
                decided += 1
            await pilot.press("d")
            await settle(app, pilot)
        assert (
            decided == 6
        )  # 4 gold spans someone missed or broke, 2 wrong ones (bob's MISC, carol's cut)
        assert "Nothing to adjudicate" in screen_text(app)

    code, _, err = cli(
        "--db", str(db), "export", str(tmp_path / "gold.jsonl"), "--annotator", "gold"
    )
    assert code == 0, err
    recs = [
        json.loads(x) for x in (tmp_path / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(recs) == 2
    for rec in recs:
        assert rec["meta"]["annotator"] == "gold"
        got = [{k: sp[k] for k in ("start", "end", "label", "text")} for sp in rec["spans"]]
        assert got == GOLD[rec["meta"]["hash"]]["spans"]
    with sqlite3.connect(db) as conn:
        assert {r[0] for r in conn.execute("SELECT decided_by FROM gold_decisions")} == {"lead"}


async def test_one_key_takes_one_annotators_version(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = team_db(tmp_path, cli)
    monkeypatch.setenv("NEWSMARK_ANNOTATOR", "lead")
    app = NewsmarkApp(db, config_dir=tmp_path / "config")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AdjudicationScreen)
        aid = screen.article_id
        assert screen.names == ["alice", "bob", "carol"]
        await pilot.press("2")  # bob's version, whole
        await settle(app, pilot)
        assert aid not in [a for a, _ in screen.queue]
    with sqlite3.connect(db) as conn:
        gold = set(
            conn.execute(
                'SELECT start, "end", label FROM spans WHERE article_id = ? AND annotator = ?',
                (aid, "gold"),
            )
        )
        bob = set(
            conn.execute(
                'SELECT start, "end", label FROM spans WHERE article_id = ? AND annotator = ?',
                (aid, "bob"),
            )
        )
        assert gold == bob and gold
        status = conn.execute(
            "SELECT status FROM annotator_status WHERE article_id = ? AND annotator = 'gold'",
            (aid,),
        ).fetchone()[0]
        assert status == "done"
        hows = {
            r[0]
            for r in conn.execute("SELECT how FROM gold_decisions WHERE article_id = ?", (aid,))
        }
        assert hows == {"version:bob"}


async def test_blind_annotation_on_one_shared_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two annotators, one file: alice's reader shows and edits only alice's spans, bob's stay;
    O lists bob's spans read-only once the team allows it."""
    from tui.core import team
    from tui.core.store import NewArticle
    from tui.screens.others import OthersScreen
    from tui.screens.reader import ReaderScreen

    db = tmp_path / "shared.db"
    text = "Emmanuel Macron a rencontré Olaf Scholz à Berlin."
    with Store(db, annotator="bob") as bob:
        (aid,), _, _ = bob.insert_articles([NewArticle(text=text, raw=text, lang="fr")])
        team.set_team_mode(bob, True)
        bob.tag(aid, 0, 15, "ORG")  # bob's (wrong) span over the first two tokens
    monkeypatch.setenv("NEWSMARK_ANNOTATOR", "alice")
    app = NewsmarkApp(db, config_dir=tmp_path / "config")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(ReaderScreen([aid], 0))
        await settle(app, pilot)
        scr = app.screen
        assert isinstance(scr, ReaderScreen)
        assert scr.view.spans == []  # bob's span is not shown to alice
        await pilot.press("1")  # alice tags "Emmanuel" PER, inside bob's span
        await settle(app, pilot)
        assert [(s.start, s.end, s.label) for s in scr.view.spans] == [(0, 8, "PER")]
        await pilot.press("O")
        await settle(app, pilot)
        assert not isinstance(app.screen, OthersScreen)  # blind by default
        app.store.set_setting("team_show_others", "1")
        await pilot.press("O")
        await settle(app, pilot)
        assert isinstance(app.screen, OthersScreen)
        shown = screen_text(app)
        assert "bob" in shown and "0:15" in shown and "Emmanuel Macron" in shown
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            'SELECT annotator, start, "end", label FROM spans ORDER BY annotator'
        ).fetchall()
    assert rows == [("alice", 0, 8, "PER"), ("bob", 0, 15, "ORG")]


async def test_adjudicator_edits_gold_in_the_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """e opens the reader on the gold version: a tag there is a gold span, recorded as the
    adjudicator's edit; the annotators' spans are untouched."""
    from tui.core import team
    from tui.core.store import NewArticle
    from tui.screens.adjudicate import GoldReaderScreen

    db = tmp_path / "shared.db"
    text = "Emmanuel Macron a rencontré Olaf Scholz à Berlin."
    with Store(db, annotator="alice") as a:
        (aid,), _, _ = a.insert_articles([NewArticle(text=text, raw=text, lang="fr")])
        team.set_team_mode(a, True)
        a.tag(aid, 0, 15, "ORG")
        a.set_status(aid, "done")
    with Store(db, annotator="bob") as b:
        b.tag(aid, 42, 48, "LOC")
        b.set_status(aid, "done")
    monkeypatch.setenv("NEWSMARK_ANNOTATOR", "lead")
    app = NewsmarkApp(db, config_dir=tmp_path / "config")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        adj_screen = app.screen
        assert isinstance(adj_screen, AdjudicationScreen) and adj_screen.article_id == aid
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, GoldReaderScreen)
        assert app.screen.view.spans == []  # gold has nothing yet
        await pilot.press("shift+right", "1")  # "Emmanuel Macron" PER, as gold
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is adj_screen
    with sqlite3.connect(db) as conn:
        spans = conn.execute(
            'SELECT annotator, start, "end", label FROM spans ORDER BY annotator, start'
        ).fetchall()
        decisions = conn.execute(
            'SELECT start, "end", label, decision, decided_by, how, sources FROM gold_decisions'
        ).fetchall()
    assert spans == [("alice", 0, 15, "ORG"), ("bob", 42, 48, "LOC"), ("gold", 0, 15, "PER")]
    assert decisions == [(0, 15, "PER", "accept", "lead", "edit", "[]")]


async def test_the_current_disputed_span_is_scrolled_into_view(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = team_db(tmp_path, cli)
    monkeypatch.setenv("NEWSMARK_ANNOTATOR", "lead")
    app = NewsmarkApp(db, config_dir=tmp_path / "config")
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        await pilot.press("A")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AdjudicationScreen)
        text = app.store.article(screen.article_id).text
        far = False
        for _ in range(len(screen.disputed)):
            (s, e, _), _ = screen.disputed[screen.cursor]
            far = far or s > 1000
            body_lines = screen_text(app).splitlines()[2 : -len(screen.disputed) - 2]
            line = text[:e].rsplit("\n", 1)[-1].split()[-1]  # the last word of the span's line
            assert any(line in ln for ln in body_lines), (s, e)
            await pilot.press("j")
            await settle(app, pilot)
        assert far  # the test reached a span below the first screen
