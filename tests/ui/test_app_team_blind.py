"""Blind annotation in the reader on one shared team database (issue #16), driven by keys through
Textual's Pilot as alice, on a real article (seeds/000, a French news item about Microsoft in
Japan) where bob has tagged a name: her suggestions (`.`) only ever offer her own forms, and
occurrence review (`o`) neither hides the place bob tagged nor counts his span; accepting them
writes alice's spans and leaves bob's as they were (checked in SQLite)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from app_support import screen_text, settle
from conftest import SEEDS

from tui.app import NewsmarkApp
from tui.core import team
from tui.core.store import Store
from tui.screens.occurrences import OccurrencesScreen
from tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.anyio

SEED = SEEDS / "000_f73bc229463aa444.txt"
NAME = "Kishida"  # bob's form: three times in the article


async def find_and_tag(app, pilot, scr, form: str, key: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("slash")
    scr.query_one("#reader-search").value = form
    await pilot.pause()
    await pilot.press("enter", key)
    await settle(app, pilot)


async def test_alice_reads_blind_of_bobs_name(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "team.db"
    code, _, err = cli("--db", str(db), "import", str(SEED))
    assert code == 0, err
    with Store(db, annotator="lead") as s:
        team.set_team_mode(s, True)
        (aid,) = s.article_ids()
        text = s.article(aid).text
    places = [i for i in range(len(text)) if text.startswith(NAME, i)]
    assert len(places) == 3
    with Store(db, annotator="bob") as bob:  # bob tagged the name's second mention
        bob.tag(aid, places[1], places[1] + len(NAME), "PER")
    with Store(db, annotator="alice") as alice:  # alice's earlier session: Microsoft, once
        first = text.index("Microsoft")
        alice.tag(aid, first, first + len("Microsoft"), "ORG")

    monkeypatch.setenv("NEWSMARK_ANNOTATOR", "alice")
    app = NewsmarkApp(db, config_dir=tmp_path / "config")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.push_screen(ReaderScreen([aid], 0))
        await settle(app, pilot)
        scr = app.screen
        assert isinstance(scr, ReaderScreen)
        assert [sp.text for sp in scr.view.spans] == ["Microsoft"]  # blind: only hers
        seen: list[str] = []
        last = None
        for _ in range(12):  # walk every suggestion with `.` until none is left
            await pilot.press("full_stop")
            await pilot.pause()
            sel = scr.view.selection
            if sel is None or sel == last:
                break
            last = sel
            seen.append(text[sel[0] : sel[1]])
        assert seen and set(seen) == {"Microsoft"}, seen  # never bob's Kishida
        assert NAME not in {sg.text for sg in scr.view.suggestions}

        await pilot.press("escape", "g")  # back to the article's start
        await find_and_tag(app, pilot, scr, NAME, "1")  # PER, at its first mention
        assert [sp.start for sp in scr.view.spans if sp.text == NAME] == places[:1]
        await pilot.press("o")
        await settle(app, pilot)
        occ = app.screen
        assert isinstance(occ, OccurrencesScreen)
        # the mention bob tagged is untagged for alice: offered, not hidden nor counted
        assert [o.start for o in occ.items] == places[1:]
        assert "bob" not in screen_text(app)
        await pilot.press("o")  # corpus scope: the same two
        await settle(app, pilot)
        assert [o.start for o in occ.items] == places[1:]
        await pilot.press("A")
        await settle(app, pilot)
        assert app.screen is scr
    with sqlite3.connect(db) as conn:
        rows = sorted(conn.execute("SELECT annotator, start, text FROM spans WHERE label = 'PER'"))
        orgs = conn.execute("SELECT DISTINCT annotator, text FROM spans WHERE label = 'ORG'")
        assert list(orgs) == [("alice", "Microsoft")]
    assert rows == [("alice", p, NAME) for p in places] + [("bob", places[1], NAME)]
