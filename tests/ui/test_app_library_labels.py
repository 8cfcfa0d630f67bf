"""The library's label filter chooses articles (those with such a span); the export dialog's
labels choose spans (of every exported article). Driven through Pilot, checked against SQLite and
the exported file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from app_support import screen_text, settle
from textual.widgets import Input, Select

from tui.app import NewsmarkApp
from tui.screens.dialogs import ExportDialog, FilterDialog
from tui.screens.library import LibraryScreen
from tui.widgets.article_list import ArticleList

pytestmark = pytest.mark.anyio


def with_label(db: Path, label: str) -> list[int]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT id FROM articles a WHERE EXISTS"
            " (SELECT 1 FROM spans s WHERE s.article_id = a.id AND s.label = ?) ORDER BY id",
            (label,),
        ).fetchall()
    finally:
        conn.close()
    return [r[0] for r in rows]


async def test_label_filter_lists_articles_and_export_keeps_spans(
    lib_db: Path, tmp_path: Path
) -> None:
    app = NewsmarkApp(lib_db, config_dir=tmp_path / "config")
    out = tmp_path / "loc-articles-per-spans.jsonl"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        lib = app.screen
        assert isinstance(lib, LibraryScreen)
        listed = lib.query_one(ArticleList)
        assert len(listed.ids) == 8

        for label in ("ORG", "LOC"):
            await pilot.press("f")
            await settle(app, pilot)
            dialog = app.screen
            assert isinstance(dialog, FilterDialog)
            dialog.query_one("#filter-label", Select).value = label
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert app.screen is lib
            assert lib.filters.has_label == (label,) and lib.filters.span_labels is None
            assert list(listed.ids) == with_label(lib_db, label)
            assert f"label {label}" in screen_text(app)
        assert len(listed.ids) == 1  # only the Berlin article has a LOC span

        # Export the listed article, keeping its PER spans only.
        await pilot.press("x")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-status", Select).value = "listed"
        dialog.query_one("#export-labels", Input).value = "PER"
        dialog.query_one("#export-out", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is lib
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["meta"]["id"] for r in recs] == with_label(lib_db, "LOC")
    (rec,) = recs
    assert rec["meta"]["title"] == "Berlin eröffnet neuen Flughafen-Terminal"
    assert [(s["label"], s["text"]) for s in rec["spans"]] == [("PER", "Anna Schmidt")]
    # the article still has its other spans: the export chose which to write, not the store
    conn = sqlite3.connect(lib_db)
    labels = {
        r[0]
        for r in conn.execute("SELECT label FROM spans WHERE article_id = ?", (rec["meta"]["id"],))
    }
    conn.close()
    assert labels == {"PER", "ORG", "LOC"}
