"""The overlap setting from the labels screen: pressing o lets spans nest, the database keeps it,
and tagging then keeps the span a new one overlaps."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import settle

from tui.app import NewsmarkApp
from tui.screens.labels import LabelsScreen
from tui.store import NewArticle, Store

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
            assert [(s.start, s.end, s.label) for s in other.spans(aid)] == [(4, 24, "ORG"), (18, 24, "LOC")]
        await pilot.press("o")
        await settle(app, pilot)
        with Store(lib_db) as other:
            assert not other.allow_overlap
            assert len(other.spans(aid)) == 2  # turning it off never deletes spans
