"""The overlap setting from the labels screen: pressing o lets spans nest, the database keeps it,
and tagging then keeps the span a new one overlaps."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import settle

from tui.app import NewsmarkApp
from tui.core.store import NewArticle, Store
from tui.screens.labels import LabelsScreen

pytestmark = pytest.mark.anyio


async def test_o_in_the_labels_screen_turns_overlaps_on_and_off(lib_db: Path) -> None:
    app = NewsmarkApp(lib_db, config_dir=lib_db.parent / "config")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("L")
        await settle(app, pilot)
        assert isinstance(app.screen, LabelsScreen)
        await pilot.press("o")
        await settle(app, pilot)
        with Store(lib_db) as other:  # another process sees it: it is the database's setting
            assert other.allow_overlap
            t = "The University of Oxford Press"
            (aid,), _, _ = other.insert_articles([NewArticle(text=t, raw=t, lang="en")])
            other.tag(aid, 4, 24, "ORG")
            other.tag(aid, 18, 24, "LOC")  # nested inside the ORG: both kept
            assert [(s.start, s.end, s.label) for s in other.spans(aid)] == [
                (4, 24, "ORG"),
                (18, 24, "LOC"),
            ]
        await pilot.press("o")
        await settle(app, pilot)
        with Store(lib_db) as other:
            assert not other.allow_overlap
            assert len(other.spans(aid)) == 2  # turning it off never deletes spans


async def test_the_reader_creates_and_shows_nested_spans_when_allowed(tmp_path: Path) -> None:
    import sqlite3

    from tui.screens.reader import ReaderScreen
    from tui.widgets.text_view import TextView

    path = tmp_path / "nested.db"
    text = "Emmanuel Macron a rencontré Olaf Scholz à Berlin."
    with Store(path) as s:
        s.insert_articles([NewArticle(text=text, raw=text, lang="fr")])
        s.set_setting("allow_overlap", "1")
    app = NewsmarkApp(path, config_dir=tmp_path / "config")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(ReaderScreen(app.store.article_ids(), 0))
        await settle(app, pilot)
        await pilot.press("1")  # "Emmanuel" PER
        await settle(app, pilot)
        await pilot.press("g", "shift+right", "2")  # "Emmanuel Macron" ORG over it: both kept
        await settle(app, pilot)
        conn = sqlite3.connect(path)
        stored = conn.execute(
            'SELECT start, "end", label FROM spans ORDER BY start, "end"'
        ).fetchall()
        conn.close()
        assert (
            (0, 8, "PER") in stored and len(stored) == 2 and stored[1][0] == 0 and stored[1][1] > 8
        )
        shown = sorted((sp.start, sp.end, sp.label) for sp in app.screen.query_one(TextView).spans)
        assert shown == sorted(stored)
