"""Help, lint and stats details of issue 18: the help teaches the fast path, lint's "missed"
stays in articles someone worked on, stats say how many suggestions wait."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_support import screen_text, settle

from tui.app import NewsmarkApp
from tui.core.store import NewArticle, Store

pytestmark = pytest.mark.anyio

A = "Wladimir Putin sprach in Moskau."
B = "Gestern sagte Wladimir Putin nichts."  # new, never opened
C = "Auch Wladimir Putin war dort."  # in progress, no span yet


def app_for(path: Path) -> NewsmarkApp:
    return NewsmarkApp(path, config_dir=path.parent / "config")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "r.db"
    with Store(path) as s:
        s.insert_articles(
            [
                NewArticle(
                    text=A,
                    raw=A,
                    title="A",
                    lang="de",
                    status="done",
                    spans=[{"start": 0, "end": 14, "label": "PER"}],
                ),
                NewArticle(text=B, raw=B, title="B", lang="de"),
                NewArticle(text=C, raw=C, title="C", lang="de", status="in_progress"),
            ]
        )
        s.replace_suggestions(
            2, [(B.index("Putin") - 9, B.index("Putin") + 5, "PER")], origin="model", model="test"
        )
        s.replace_suggestions(
            3,
            [
                (C.index("Putin") - 9, C.index("Putin") + 5, "PER"),
                (C.index("dort"), C.index("dort") + 4, "LOC"),
            ],
            origin="model",
            model="test",
        )
    return path


async def test_help_teaches_the_fast_path(db: Path) -> None:
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        text = str(app.screen.query_one("#help-text").render())
        for part in (
            "] jumps to the next likely entity",
            "o after a tag",
            "+ accepts them all",
            "i ignores",
        ):
            assert part in text, part


async def test_lint_reports_missed_only_where_someone_worked(db: Path) -> None:
    from tui.screens.lint import LintScreen

    app = app_for(db)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("exclamation_mark")
        await settle(app, pilot)
        scr = app.screen
        assert isinstance(scr, LintScreen)
        missed = {f.article_id for f in scr.shown if f.code == "missed"}
        assert missed == {3}  # C (in progress), not B (new, untouched)
        assert "missed in untouched articles hidden" in screen_text(app)
        await pilot.press("m")
        await settle(app, pilot)
        assert {f.article_id for f in scr.shown if f.code == "missed"} == {2, 3}


async def test_stats_screen_and_cli_show_suggestions_waiting(db: Path, cli) -> None:  # type: ignore[no-untyped-def]
    app = app_for(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("S")
        await settle(app, pilot)
        assert "3 suggestions waiting for review in 2 articles" in screen_text(app)
    code, out, _ = cli("--db", str(db), "stats")
    assert code == 0 and "3 suggestion(s) waiting for review in 2 article(s)" in out
    code, out, _ = cli("--db", str(db), "stats", "--json")
    assert json.loads(out)["suggestions_waiting"] == {"suggestions": 3, "articles": 2}


async def test_toasts_never_cover_the_status_line_at_80x24(db: Path) -> None:
    from tui.screens.reader import ReaderScreen

    app = app_for(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        app.push_screen(ReaderScreen(app.store.article_ids(), 0))
        await settle(app, pilot)
        scr = app.screen
        for i in range(3):
            app.say(
                f"Message {i}: " + "a rather long notification text " * 3,
                severity="warning",
                timeout=30,
            )
        await pilot.pause(0.3)
        # What is drawn of each toast: its region cut by its clip (the rack scrolls when full).
        shown = [
            g.region.intersection(g.clip)
            for w, g in scr._compositor.full_map.items()
            if type(w).__name__ == "Toast"
        ]
        shown = [r for r in shown if r.area]
        assert shown
        keep = [scr.query_one("#reader-status").region, scr.query_one("#reader-labels").region]
        for region in shown:
            for kept in keep:
                assert not region.overlaps(kept), (region, kept)


async def test_Y_on_a_record_too_big_for_the_clipboard_offers_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Input

    from tui.core.export import build_record
    from tui.screens.dialogs import TextPrompt
    from tui.screens.reader import ReaderScreen

    monkeypatch.setenv(
        "SSH_CONNECTION", "10.0.0.1 22 10.0.0.2 22"
    )  # the clipboard is the terminal's
    monkeypatch.chdir(tmp_path)
    para = "Boris Nadeschdin sammelt Unterschriften gegen Wladimir Putin in Moskau. " * 20
    text = "\n\n".join([para] * 80)  # ~115 KB
    db = tmp_path / "big.db"
    with Store(db) as s:
        s.insert_articles(
            [
                NewArticle(
                    text=text,
                    raw=text,
                    title="Groß",
                    lang="de",
                    spans=[{"start": 0, "end": 16, "label": "PER"}],
                )
            ]
        )
    app = app_for(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(ReaderScreen(app.store.article_ids(), 0))
        await settle(app, pilot)
        await pilot.press("Y")
        await settle(app, pilot)
        assert isinstance(app.screen, TextPrompt)
        assert app.clipboard == ""  # nothing sent through OSC 52 yet
        box = app.screen.query_one(Input)
        assert box.value == "newsmark-record-1.json"
        box.value = str(tmp_path / "out" / "rec.json")
        (tmp_path / "out").mkdir()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
    with Store(db) as s:
        art = s.article(1)
        want = build_record(art, s.spans(1), s.tags(1), s.note(1))
    got = json.loads((tmp_path / "out" / "rec.json").read_text(encoding="utf-8"))
    assert got == json.loads(json.dumps(want, ensure_ascii=False))
