"""Searching real news in the app as a user does: the library's `/`, the palette, the reader.

The library holds six news articles written for the tests (tests/data/search/SOURCE.md): Japanese,
Korean, German, French and two English ones.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_support import screen_text, settle

from tui.app import NewsmarkApp
from tui.core.query import ArticleQuery
from tui.core.store import NewArticle, Store
from tui.screens.library import LibraryScreen
from tui.widgets.article_list import ArticleList

DATA = Path(__file__).resolve().parents[1] / "data" / "search" / "news.jsonl"
pytestmark = pytest.mark.anyio


def make_news(path: Path) -> dict[str, int]:
    ids: dict[str, int] = {}
    with Store(path) as store:
        for line in DATA.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            lang = rec["meta"]["lang"]
            title = rec["text"].split("\n", 1)[0][:100]
            (aid,), _, _ = store.insert_articles(
                [
                    NewArticle(
                        text=rec["text"], raw=rec["text"], title=title, lang=lang, meta=rec["meta"]
                    )
                ]
            )
            ids[lang if lang not in ids else lang + "2"] = aid
    return ids


def app_for(path: Path) -> NewsmarkApp:
    return NewsmarkApp(path, config_dir=path.parent / "config")


def listed(app: NewsmarkApp) -> list[int]:
    return list(app.library.query_one(ArticleList).ids)


async def search(app: NewsmarkApp, pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Input

    await pilot.press("slash")
    box = app.screen.focused
    assert isinstance(box, Input)
    box.value = query  # typing each key of CJK text through Pilot is not what is tested here
    await pilot.press("enter")
    await settle(app, pilot)


def errors(app: NewsmarkApp) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


async def test_everyday_queries_in_the_library(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    ids = make_news(db)
    app = app_for(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for q, want in (
            ("Royaume-Uni", {ids["fr"]}),
            ("États-Unis", {ids["fr"]}),
            ("l'IA", {ids["fr"]}),
            ("O'Brien", {ids["en"]}),
            ("e-mail", {ids["fr"]}),
            ("C++", {ids["en2"]}),
            ("50%", {ids["en"]}),
            ("AND", {ids["en"], ids["en2"]}),
            ("Putin -Nadeschdin", set()),
            ("Putin", {ids["de"]}),
            ("阪神", {ids["ja"]}),
            ("藤川", {ids["ja"]}),
            ("엔비디아", {ids["ko"]}),
            ("阪神 OR Putin", {ids["ja"], ids["de"]}),
        ):
            await search(app, pilot, q)
            assert errors(app) == [], q
            got = set(listed(app))
            assert got == want, q
            # The header names the search and counts what is listed under it.
            with Store(db) as s:
                assert got == set(s.article_ids(ArticleQuery(search=q)))
            assert f"{len(got):,} of 6 articles" in screen_text(app), q
            assert "Unis" not in " ".join(errors(app))


async def test_a_result_shows_its_match_and_opens_the_reader_there(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    ids = make_news(db)
    app = app_for(db)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)
        await search(app, pilot, "Royaume-Uni")
        assert listed(app) == [ids["fr"]]
        await pilot.pause(0.1)
        preview = str(app.screen.query_one("#preview").render())
        assert "match:" in preview and "Royaume-Uni" in preview
        await pilot.press("enter")
        await settle(app, pilot)
        reader = app.screen
        assert not isinstance(reader, LibraryScreen)
        with Store(db) as s:
            text = s.article(ids["fr"]).text
        sel = reader.view.selection  # type: ignore[attr-defined]
        assert sel is not None and text[sel[0] : sel[1]] == "Royaume-Uni"
        assert sel[0] == text.find("Royaume-Uni")
        assert "Royaume-Uni" in screen_text(app)  # scrolled to it
        # Japanese: the first 藤川 of the text.
        await pilot.press("escape", "escape")  # clear the selection, then back
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        await search(app, pilot, "藤川")
        await pilot.press("enter")
        await settle(app, pilot)
        with Store(db) as s:
            text = s.article(ids["ja"]).text
        sel = app.screen.view.selection  # type: ignore[attr-defined]
        assert sel == (text.find("藤川"), text.find("藤川") + 2)
        # the next result (n) opens at its own first match too
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        await search(app, pilot, "阪神 OR Putin")
        assert listed(app) == sorted([ids["ja"], ids["de"]])
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        with Store(db) as s:
            second = s.article(listed(app)[1]).text
        sel = app.screen.view.selection  # type: ignore[attr-defined]
        want = min(i for i in (second.find("阪神"), second.find("Putin")) if i >= 0)
        assert sel is not None and sel[0] == want


async def test_a_refused_query_never_shows_the_previous_results(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    ids = make_news(db)
    app = app_for(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await search(app, pilot, "Putin")
        assert listed(app) == [ids["de"]]
        await search(app, pilot, "%")
        assert listed(app) == []
        text = screen_text(app)
        assert "search “%”" in text and "0 of 6 articles" in text
        assert "nothing to search for" in text  # said where the articles would be
        assert "Schlangen" not in text  # the previous result's title is gone
        assert all("fts5" not in m and "syntax" not in m for m in errors(app))
        # A good query after it works again.
        await search(app, pilot, "阪神")
        assert listed(app) == [ids["ja"]]


async def test_palette_go_to_takes_everyday_words(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    ids = make_news(db)
    app = app_for(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        lib = app.screen
        for q in ("go to l'IA", "go to U.S.", "go to C++ AND", 'go to "'):
            await pilot.press("ctrl+p")
            await settle(app, pilot)
            await pilot.press(*q)
            await settle(app, pilot)
            await pilot.press("escape")
            await settle(app, pilot)
            assert errors(app) == [], q
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"go to sécurité accord")
        await settle(app, pilot)
        await pilot.press("enter")
        for _ in range(
            200
        ):  # the palette closes once its results are in (however loaded the machine is)
            if app.screen is lib:
                break
            await pilot.pause(0.05)
        await settle(app, pilot)
        assert app.screen is lib
        assert lib.article_list.current_id == ids["fr"]  # type: ignore[attr-defined]


async def test_reader_search_selects_whole_words_with_smart_case(tmp_path: Path) -> None:
    from tui.screens.reader import ReaderScreen

    text = (
        "Les entreprises japonaises investissent au Japon, dit le japonais Kenji.\n\n"
        "엔비디아가 새 칩을 서울에서 처음 공개했다."
    )
    db = tmp_path / "r.db"
    with Store(db) as s:
        (aid,), _, _ = s.insert_articles(
            [NewArticle(text=text, raw=text, title="Japon", lang="fr")]
        )
    app = app_for(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(ReaderScreen([aid], 0))
        await settle(app, pilot)
        scr = app.screen
        await pilot.press("slash", *"Japon")
        at = text.index("Japon,")
        assert scr.view.selection == (at, at + 5)  # type: ignore[attr-defined]
        await pilot.press("down")  # the only whole-word "Japon", with its capital: stays there
        assert scr.view.selection == (at, at + 5)  # type: ignore[attr-defined]
        await pilot.press("enter", "3")
        await settle(app, pilot)
        with Store(db) as s:
            assert [(sp.start, sp.end, sp.text) for sp in s.spans(aid)] == [(at, at + 5, "Japon")]
        # lower case: case ignored, still whole words (never inside "japonaises")
        await pilot.press("slash", *"japonais")
        sel = scr.view.selection  # type: ignore[attr-defined]
        assert sel is not None and text[sel[0] : sel[1]] == "japonais"
        assert sel[0] == text.index("japonais Kenji")
        # a part of a word while typing selects the whole word, never half of it
        await pilot.press("escape", "slash", *"investi")
        sel = scr.view.selection  # type: ignore[attr-defined]
        assert sel is not None and text[sel[0] : sel[1]] == "investissent"
        # Korean: the name inside the word with its particle, and only the name is tagged
        await pilot.press("escape", "slash")
        scr.query_one("#reader-search").value = "엔비디아"  # type: ignore[attr-defined]
        await pilot.pause()
        k = text.index("엔비디아")
        assert scr.view.selection == (k, k + 4)  # type: ignore[attr-defined]
        await pilot.press("enter", "2")
        await settle(app, pilot)
        with Store(db) as s:
            assert (k, k + 4, "엔비디아") in [(sp.start, sp.end, sp.text) for sp in s.spans(aid)]


async def test_palette_enter_before_the_results_goes_where_the_user_meant(
    lib_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large library answers slowly: ``enter`` typed right after the words waits for their
    results and goes to the first one (not to a hit of the text typed before, not nowhere)."""
    import asyncio

    from tui.commands import ArticleCommands

    real = ArticleCommands.search

    async def slow(self, query: str):  # type: ignore[no-untyped-def]
        await asyncio.sleep(0.4)
        async for hit in real(self, query):
            yield hit

    monkeypatch.setattr(ArticleCommands, "search", slow)
    app = app_for(lib_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        lib = app.screen
        await pilot.press("ctrl+p")
        await pilot.press(*"go to t")  # "t": tram, store... results of this text arrive
        palette = app.screen
        for _ in range(200):  # the results of "go to t" are listed (however loaded the machine is)
            if getattr(palette, "_results_for", None) == "go to t" and palette._gathering() is None:  # type: ignore[attr-defined]
                break
            await pilot.pause(0.05)
        palette.query_one("Input").value = "go to storm"  # type: ignore[attr-defined]
        await pilot.press("enter")  # before the 0.4 s the new results take
        for _ in range(200):
            if app.screen is lib:
                break
            await pilot.pause(0.05)
        await settle(app, pilot)
        assert app.screen is lib
        with Store(lib_db) as s:
            row = s.summaries([lib.article_list.current_id])  # type: ignore[attr-defined]
        assert next(iter(row.values()))["title"] == "Storm closes schools across the region"


async def test_occurrences_inside_korean_words_tag_only_the_form(tmp_path: Path) -> None:
    """The Korean article: 엔비디아 is written 엔비디아의, 엔비디아가, 엔비디아도... `o` offers each
    of them and tags the name without its particle."""
    from tui.screens.occurrences import OccurrencesScreen
    from tui.screens.reader import ReaderScreen

    db = tmp_path / "ko.db"
    ids = make_news(db)
    with Store(db) as s:
        text = s.article(ids["ko"]).text
    at = [i for i in range(len(text)) if text.startswith("엔비디아", i)]
    assert len(at) >= 3 and any(text[i + 4] not in " .,)" for i in at)  # particles follow
    app = app_for(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(ReaderScreen([ids["ko"]], 0))
        await settle(app, pilot)
        scr = app.screen
        await pilot.press("slash")
        scr.query_one("#reader-search").value = "엔비디아"  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("enter", "2")  # ORG
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, OccurrencesScreen)
        await pilot.press("A")
        await settle(app, pilot)
        assert app.screen is scr
    with Store(db) as s:
        got = sorted((sp.start, sp.end, sp.label, sp.text) for sp in s.spans(ids["ko"]))
    assert got == [(i, i + 4, "ORG", "엔비디아") for i in at]
