"""Undo and redo step through this annotator's own actions only (issue #12 point 6), and an
action that can no longer be undone is refused with a message and skipped, never stuck.

The app runs under Pilot (annotator ``me``); the other writers are real processes: another
annotator's newsmark, and ``newsmark labels rename`` under the same name as the app.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from app_support import settle
from conftest import ROOT

from tui.core.store import NewArticle, Store

TEXT = "Anna Schmidt works for Acme Corp in Paris with Bob Jones. They met Google in Tokyo."


def make_db(path: Path) -> Path:
    with Store(path, annotator="setup") as s:
        s.insert_articles([NewArticle(text=TEXT, raw=TEXT, title="One", lang="en")])
    return path


def spans(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return [
            tuple(r)
            for r in conn.execute(
                'SELECT start, "end", label, text, annotator FROM spans ORDER BY start'
            )
        ]
    finally:
        conn.close()


def other_process(db: Path, annotator: str, code: str) -> None:
    """``code`` runs with ``s``, a Store of ``annotator``, in a separate process."""
    prog = (
        "import sys; from tui.core.store import Store\n"
        f"with Store(sys.argv[1], annotator={annotator!r}) as s:\n    "
        + code.replace("\n", "\n    ")
    )
    subprocess.run([sys.executable, "-c", prog, str(db)], check=True, timeout=60, cwd=ROOT)


def newsmark(db: Path, *args: str, annotator: str) -> None:
    env = {**os.environ, "NEWSMARK_ANNOTATOR": annotator}
    res = subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(db), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.returncode == 0, res.stderr


def test_undo_never_touches_another_annotators_action(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.app import NewsmarkApp
    from tui.screens.reader import ReaderScreen

    monkeypatch.setenv("NEWSMARK_ANNOTATOR", "me")
    db = make_db(tmp_path / "u.db")

    async def run() -> None:
        app = NewsmarkApp(db, config_dir=tmp_path / "config")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            await pilot.press("enter")
            await settle(app, pilot)
            assert isinstance(app.screen, ReaderScreen)
            await pilot.press("1")  # me: PER on "Anna"
            await settle(app, pilot)
            # then bob, in another process, tags "Google"
            other_process(
                db, "bob", f"s.tag(1, {TEXT.index('Google')}, {TEXT.index('Google') + 6}, 'ORG')"
            )
            await pilot.press("u")  # my latest action is my tag, not bob's newer one
            await settle(app, pilot)
            assert [(r[3], r[4]) for r in spans(db)] == [("Google", "bob")]
            await pilot.press("u")  # nothing of mine left: bob's stays
            await settle(app, pilot)
            assert [(r[3], r[4]) for r in spans(db)] == [("Google", "bob")]
            await pilot.press("ctrl+r")
            await settle(app, pilot)
            assert sorted((r[3], r[4]) for r in spans(db)) == [("Anna", "me"), ("Google", "bob")]

    asyncio.run(run())
    # across a restart: my history, still not bob's
    with Store(db, annotator="me") as s:
        s.undo()
    assert [(r[3], r[4]) for r in spans(db)] == [("Google", "bob")]
    with Store(db, annotator="me") as s:
        assert s.undo() is None


def test_an_action_that_cannot_be_undone_is_refused_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.app import NewsmarkApp
    from tui.screens.reader import ReaderScreen

    monkeypatch.setenv("NEWSMARK_ANNOTATOR", "me")
    db = make_db(tmp_path / "r.db")
    a, g, p = TEXT.index("Anna"), TEXT.index("Google"), TEXT.index("Paris")

    async def run() -> None:
        app = NewsmarkApp(db, config_dir=tmp_path / "config")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            await pilot.press("enter")
            await settle(app, pilot)
            scr = app.screen
            assert isinstance(scr, ReaderScreen)
            store = app.store
            store.tag(1, a, a + 4, "PER")  # the reader's own store, as its keys do
            store.tag(1, p, p + 5, "LOC")
            store.tag(1, g, g + 6, "ORG")
            # the same user renames ORG with the CLI; another writer deletes my LOC span
            newsmark(db, "labels", "rename", "ORG", "COMPANY", annotator="me")
            other_process(
                db, "bob", "s.delete_span([x for x in s.spans(1) if x.text == 'Paris'][0].id)"
            )
            seen = len(app._notifications)
            await pilot.press(
                "u"
            )  # the rename (mine, not undoable) is skipped over; ORG tag refused
            await settle(app, pilot)
            errors = [
                str(n.message) for n in list(app._notifications)[seen:] if n.severity == "error"
            ]
            assert any("cannot undo tag" in e and "renamed or removed" in e for e in errors), errors
            assert ("Google", "COMPANY") in [(r[3], r[2]) for r in spans(db)]
            await pilot.press("u")  # the LOC tag: its span was removed by bob: refused, skipped
            await settle(app, pilot)
            errors = [
                str(n.message) for n in list(app._notifications)[seen:] if n.severity == "error"
            ]
            assert any("changed or removed" in e for e in errors), errors
            await pilot.press("u")  # goes on: my PER tag is undone
            await settle(app, pilot)
            assert [(r[3], r[2]) for r in spans(db)] == [("Google", "COMPANY")]
            assert [s.text for s in scr.view.spans] == ["Google"]

    asyncio.run(run())
    with Store(db, annotator="me") as s:  # after a restart: not stuck on the refused ones
        assert s.redo() is not None  # the PER tag comes back
        assert s.undo() is not None
        assert s.undo() is None  # the refused ones are gone from the history, not in the way
    assert [(r[3], r[2]) for r in spans(db)] == [("Google", "COMPANY")]
