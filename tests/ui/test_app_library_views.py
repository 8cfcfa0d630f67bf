"""Library and reader details of issue 18: language counts in the filter, long titles in the
preview and the reader's header."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import screen_text, settle

from tui.app import NewsmarkApp
from tui.core.store import NewArticle, Store
from tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.anyio

# A long German headline, written for this test.
LONG_TITLE = (
    "Hunderte warteten trotz Eisregen stundenlang vor dem Rathaus: Eine parteilose Kandidatin "
    "will bei der Bürgermeisterwahl im Herbst gegen den langjährigen Amtsinhaber antreten. Wer "
    "unterstützt sie, und wie groß sind ihre Aussichten? Eine Reportage aus Leipzig, Halle und "
    "Magdeburg über die Stimmung in den Wochen vor der Wahl ENDE"
)
BODY = "Erster Absatz des Artikels über die Wahl.\n\nZweiter Absatz mit mehr Text."


def app_for(path: Path) -> NewsmarkApp:
    return NewsmarkApp(path, config_dir=path.parent / "config")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "v.db"
    with Store(path) as s:
        s.insert_articles(
            [
                NewArticle(text=BODY, raw=BODY, title=LONG_TITLE, lang="de"),
                NewArticle(text="Deuxième texte.", raw="x", title="Court", lang="fr"),
                NewArticle(text="Dritter Text.", raw="y", title="Kurz", lang="de"),
            ]
        )
    return path


async def test_filter_dialog_shows_language_counts(db: Path) -> None:
    app = app_for(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        await pilot.press("tab", "enter")  # the language list, opened
        await settle(app, pilot)
        text = screen_text(app)
        assert "de (2)" in text and "fr (1)" in text


async def test_long_title_leaves_room_for_the_text_and_the_header_ends_with_an_ellipsis(
    db: Path,
) -> None:
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.pause(0.1)
        preview = str(app.screen.query_one("#preview").render())
        assert "Erster Absatz" in preview  # the text still shows under the title
        assert "ENDE" not in preview and "…" in preview.split("\n")[0]
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        first = screen_text(app).split("\n")[0].rstrip()
        assert first.endswith("…") and "ENDE" not in first
        assert first.lstrip().startswith("Hunderte warteten")
        await pilot.resize_terminal(120, 30)
        await settle(app, pilot)
        wider = screen_text(app).split("\n")[0].rstrip()
        assert wider.endswith("…") and len(wider) > len(first)
