"""The lint screen through Pilot on a shared team database (blind annotation): it checks the
annotator's own spans, so alice never sees a finding on bob's spans or one that exists only
because of them (his whitespace error, his Berlin ORG, her Macron PER outvoted by his ORG), and
the scope line says whose spans were checked. Bob, in his own session, sees his.
The database is team_support.lint_team_db."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from app_support import screen_text, settle
from team_support import BERLIN, LINT_TEXTS, SCHOLZ, at, lint_team_db

from tui.app import NewsmarkApp
from tui.core import team
from tui.core.store import Store
from tui.screens.library import LibraryScreen
from tui.screens.lint import LintScreen

pytestmark = pytest.mark.anyio


async def lint_as(db: Path, who: str, monkeypatch: pytest.MonkeyPatch) -> tuple[LintScreen, str]:
    """Open the app as ``who``, press ``!`` in the library; the lint screen and its text."""
    monkeypatch.setenv("NEWSMARK_ANNOTATOR", who)
    app = NewsmarkApp(db, config_dir=db.parent / f"config-{who}")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("exclamation_mark")
        await settle(app, pilot)
        scr = app.screen
        assert isinstance(scr, LintScreen) and scr.loaded
        return scr, screen_text(app)


def spans_of(db: Path, who: str) -> set[tuple[int, int, int]]:
    with sqlite3.connect(db) as c:
        return set(
            c.execute('SELECT article_id, start, "end" FROM spans WHERE annotator = ?', (who,))
        )


async def test_lint_screen_checks_the_annotators_own_spans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "team.db"
    ids = lint_team_db(db)
    alices, bobs = spans_of(db, "alice"), spans_of(db, "bob")

    scr, text = await lint_as(db, "alice", monkeypatch)
    assert scr.whose == "alice"
    assert "spans of alice" in text
    assert not [f for f in scr.findings if f.code in ("inconsistent", "whitespace")]
    assert not [f for f in scr.findings if f.severity == "error"]
    on = {(f.article_id, f.start, f.end) for f in scr.findings if f.start is not None}
    assert on <= alices
    assert "ORG" not in text.replace("label ORG is used by no exported span", "")

    scr, text = await lint_as(db, "bob", monkeypatch)
    assert scr.whose == "bob" and "spans of bob" in text
    got = {(f.code, f.article_id, f.start, f.end) for f in scr.findings}
    assert ("whitespace", ids[0], *at(LINT_TEXTS[0], SCHOLZ + " ")) in got
    assert ("inconsistent", ids[2], *at(LINT_TEXTS[2], BERLIN)) in got
    on = {(f.article_id, f.start, f.end) for f in scr.findings if f.start is not None}
    assert on <= bobs


async def test_lint_screen_outside_team_mode_checks_every_span(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "team.db"
    ids = lint_team_db(db)
    with Store(db) as s:
        team.set_team_mode(s, False)
    scr, text = await lint_as(db, "alice", monkeypatch)
    assert scr.whose is None and "spans of" not in text
    got = {(f.code, f.article_id, f.start) for f in scr.findings}
    assert ("whitespace", ids[0], LINT_TEXTS[0].index(SCHOLZ)) in got  # bob's, as before


async def test_missed_in_an_article_only_others_started_is_hidden_until_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article bob has started but alice has not is untouched *for alice*: her "missed"
    findings there are work not done yet, hidden until ``m``."""
    from tui.core.store import NewArticle

    db = tmp_path / "team.db"
    lint_team_db(db)
    text = "À Berlin, Emmanuel Macron a rencontré les syndicats jeudi."
    with Store(db, annotator="bob") as bob:
        (fresh,), _, _ = bob.insert_articles([NewArticle(text=text, raw=text, title="t3")])
        bob.tag(fresh, *at(text, "Emmanuel Macron"), "ORG")
        bob.set_status(fresh, "in_progress")
    monkeypatch.setenv("NEWSMARK_ANNOTATOR", "alice")
    app = NewsmarkApp(db, config_dir=tmp_path / "config")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("exclamation_mark")
        await settle(app, pilot)
        scr = app.screen
        assert isinstance(scr, LintScreen) and scr.loaded
        missed = [f for f in scr.findings if f.code == "missed" and f.article_id == fresh]
        assert {(f.start, f.end) for f in missed} == {at(text, BERLIN), at(text, "Emmanuel Macron")}
        assert fresh in scr.untouched and scr.hidden_missed == 2
        assert not [f for f in scr.shown if f.article_id == fresh]
        await pilot.press("m")
        await settle(app, pilot)
        assert {(f.start, f.end) for f in scr.shown if f.article_id == fresh} == {
            at(text, BERLIN),
            at(text, "Emmanuel Macron"),
        }
