"""The library screen through Pilot: list, preview, search, filters, sort, import, export, polling."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from app_support import make_big_library, screen_text, settle

from tui.app import NewsmarkApp
from tui.core.query import ArticleQuery
from tui.core.store import Store
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.safe import safe_line, safe_text

DATA = Path(__file__).resolve().parents[1] / "data"
pytestmark = pytest.mark.anyio


def app_for(path: Path) -> NewsmarkApp:
    return NewsmarkApp(path, config_dir=path.parent / "config")


def lst(app: NewsmarkApp) -> ArticleList:
    return app.library.query_one(ArticleList)


def titles(app: NewsmarkApp) -> list[str]:
    with Store(app.db_path) as s:
        rows = s.summaries(lst(app).ids)
    return [rows[i]["title"] for i in lst(app).ids]


async def type_into(app: NewsmarkApp, pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Put ``text`` in the focused input (typing a long path key by key is slow) and press enter."""
    from textual.widgets import Input

    box = app.screen.focused
    assert isinstance(box, Input)
    box.value = text
    await pilot.press("enter")


# --- safe text ------------------------------------------------------------------------------


def test_safe_text_strips_controls_escapes_and_bidi() -> None:
    s = "a\x1b[31mred\x1b[0m\tb\x07c\u202eevil\u2066x\u2069\x1b]0;title\x07z\r\nnext\x9b2Jq\x00"
    out = safe_text(s)
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\x9b" not in out
    assert "\r" not in out and "\x00" not in out and "\t" not in out
    assert out == "ared    bcevilxz\nnextq"
    assert safe_line("one\ntwo\tthree") == "one two three"
    assert safe_text("") == ""


# --- the list -------------------------------------------------------------------------------


async def test_library_opens_moves_and_previews(lib_db: Path) -> None:
    app = app_for(lib_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert len(lst(app).ids) == 8
        text = screen_text(app)
        assert "Council approves new tram line" in text
        assert "8 articles" in text
        # cursor moves, the preview follows
        await pilot.press("down", "down")
        assert lst(app).cursor == 2
        await pilot.pause(0.1)  # the preview follows after a short pause (debounced)
        preview = str(app.screen.query_one("#preview").render())
        assert "Berlin eröffnet" in preview
        await pilot.press("end")
        assert lst(app).cursor == 7
        await pilot.press("home")
        assert lst(app).cursor == 0
        # markup and escapes in data are shown literally, without the escape
        text = screen_text(app)
        assert "[bold]Markup[/bold]" in text
        assert "\x1b" not in text and "\u202e" not in text


async def test_open_article_pushes_reader(lib_db: Path) -> None:
    app = app_for(lib_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.ids == lst(app).ids and app.screen.index == 1
        # tag with 1, mark done and go on (a), then back: the list shows it and follows the reader
        await pilot.press("1", "a")
        await settle(app, pilot)
        for _ in range(3):  # escape clears a selection first, then goes back
            if isinstance(app.screen, LibraryScreen):
                break
            await pilot.press("escape")
            await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        second = lst(app).ids[1]
        with Store(lib_db) as s:
            assert s.summaries([second])[second]["status"] == "done"
        assert lst(app).row(second)["status"] == "done"
        assert lst(app).cursor == 2


async def test_search_and_malformed_search(lib_db: Path) -> None:
    app = app_for(lib_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"ferry", "enter")
        await settle(app, pilot)
        assert titles(app) == ["Le port de Marseille accueille un nouveau ferry"]
        assert "search “ferry”" in screen_text(app)
        # what was FTS syntax is searched as words: no error
        await pilot.press("slash", "ctrl+u", *'"unterminated AND', "enter")
        await settle(app, pilot)
        assert not any(n.severity == "error" for n in app._notifications)
        assert len(lst(app).ids) == 0
        # a refused query (nothing to search for): a message, and no previous result under it
        await pilot.press("slash", "ctrl+u", *"%", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert any(n.severity == "error" for n in app._notifications)
        assert app.screen.filters.search == "%"
        assert len(lst(app).ids) == 0
        # clearing
        await pilot.press("c")
        await settle(app, pilot)
        assert len(lst(app).ids) == 8
        # search over the text, not only titles
        await pilot.press("slash", *"Schmidt", "enter")
        await settle(app, pilot)
        assert len(lst(app).ids) == 8
        # escape in the search box closes it without changing the search
        await pilot.press("slash", "x", "escape")
        await settle(app, pilot)
        assert app.screen.filters.search == "Schmidt"
        assert lst(app).has_focus


async def test_filters_by_status_language_label(lib_db: Path) -> None:
    app = app_for(lib_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        lib: LibraryScreen = app.screen  # type: ignore[assignment]
        lib.filter_by(status="done")
        await settle(app, pilot)
        assert titles(app) == [
            "Le port de Marseille accueille un nouveau ferry",
            "Microsoft investit au Japon",
        ]
        lib.filter_by(status=None, lang="de")
        await settle(app, pilot)
        assert titles(app) == ["Berlin eröffnet neuen Flughafen-Terminal"]
        lib.filter_by(lang=None, has_label="LOC")
        await settle(app, pilot)
        assert titles(app) == ["Berlin eröffnet neuen Flughafen-Terminal"]
        lib.filter_by(has_label="PER")
        await settle(app, pilot)
        assert len(lst(app).ids) == 3
        # an empty result says so
        lib.filter_by(status="rejected")
        await settle(app, pilot)
        assert lst(app).ids == []
        assert "No article matches" in screen_text(app)
        # the `s` key cycles the status filter
        await pilot.press("c", "s")
        await settle(app, pilot)
        assert lib.filters.status == ("new",)
        assert len(lst(app).ids) == 4


async def test_filter_dialog(lib_db: Path) -> None:
    app = app_for(lib_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        lib: LibraryScreen = app.screen  # type: ignore[assignment]
        await pilot.press("f")
        await settle(app, pilot)
        from textual.widgets import Select

        from tui.screens.dialogs import FilterDialog

        dialog = app.screen
        assert isinstance(dialog, FilterDialog)
        dialog.query_one("#filter-lang", Select).value = "fr"
        dialog.query_one("#filter-order", Select).value = "title"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is lib
        assert lib.filters.lang == ("fr",) and lib.filters.order == "title"
        assert titles(app) == [
            "Le port de Marseille accueille un nouveau ferry",
            "Microsoft investit au Japon",
        ]
        await pilot.press("f")
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert not lib.filters.active and len(lst(app).ids) == 8


async def test_sort_orders(lib_db: Path) -> None:
    app = app_for(lib_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        first = titles(app)
        assert first[0] == "Council approves new tram line"
        await pilot.press("o")  # newest first
        await settle(app, pilot)
        assert app.screen.filters.order == "newest"
        assert titles(app)[0] == "River cleanup draws hundreds of volunteers"  # 2024-06-02
        assert "sorted by newest first" in screen_text(app)
        await pilot.press("o")  # oldest first
        await settle(app, pilot)
        assert app.screen.filters.order == "date"
        assert titles(app)[0] == "Apple opens a store in Paris"  # 2023-12-24
        assert "sorted by oldest first" in screen_text(app)
        await pilot.press("o")  # title
        await settle(app, pilot)
        got = titles(app)
        assert got == sorted(got, key=str.lower)
        await pilot.press("o")  # most spans first: the three articles with spans, Berlin's 3 first
        await settle(app, pilot)
        assert titles(app)[0] == "Berlin eröffnet neuen Flughafen-Terminal"
        with Store(lib_db) as s:
            counts = [s.summaries([i])[i]["spans"] for i in lst(app).ids]
        assert counts == sorted(counts, reverse=True) and counts[0] == 3
        await pilot.press("o")  # status: in progress, new, done, skipped
        await settle(app, pilot)
        with Store(lib_db) as s:
            sts = [s.summaries([i])[i]["status"] for i in lst(app).ids]
        assert sts == ["in_progress", "new", "new", "new", "new", "done", "done", "skipped"]
        await pilot.press("o")  # back to imported order
        await settle(app, pilot)
        assert titles(app) == first


async def test_import_through_the_prompt(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    Store(db).close()
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert lst(app).ids == []
        assert "No articles yet" in screen_text(app)
        await pilot.press("i")
        await settle(app, pilot)
        await type_into(app, pilot, str(DATA / "article_fr.txt"))
        await settle(app, pilot)
        with Store(db) as s:
            assert s.article_count() == 1
            aid = s.article_ids()[0]
            title = s.article(aid).display_title
        assert lst(app).ids == [aid]
        assert title[:20] in screen_text(app)
        assert any("imported 1 article" in n.message for n in app._notifications)
        # a path that does not exist: a message, nothing imported, no crash
        await pilot.press("i")
        await settle(app, pilot)
        await type_into(app, pilot, str(tmp_path / "nope.txt"))
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        with Store(db) as s:
            assert s.article_count() == 1


async def export_through_dialog(app: NewsmarkApp, pilot: Any, out: Path) -> None:
    """Press x, type the destination, press enter (the other fields keep their defaults)."""
    from textual.widgets import Input

    await settle(app, pilot)
    await pilot.press("x")
    await settle(app, pilot)
    app.screen.query_one("#export-out", Input).value = str(out)
    await pilot.press("enter")
    await settle(app, pilot)


async def test_export_through_the_dialog(lib_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    app = app_for(lib_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await export_through_dialog(app, pilot, out)
        assert isinstance(app.screen, LibraryScreen)
        assert any("Exported 2 article(s)" in n.message for n in app._notifications)
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["meta"]["title"] for r in recs] == [
        "Le port de Marseille accueille un nouveau ferry",
        "Microsoft investit au Japon",
    ]
    assert all(r["answer"] == "accept" for r in recs)


async def test_export_all_with_label_filter(lib_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "per.jsonl"
    app = app_for(lib_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await settle(app, pilot)
        from textual.widgets import Input, Select

        dlg = app.screen
        dlg.query_one("#export-status", Select).value = "all"
        dlg.query_one("#export-labels", Input).value = "PER"
        dlg.query_one("#export-out", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 8
    labels = {s["label"] for r in recs for s in r["spans"]}
    assert labels == {"PER"}
    for r in recs:
        for s in r["spans"]:
            assert r["text"][s["start"] : s["end"]] == s["text"]


async def test_change_by_another_process_is_picked_up(lib_db: Path) -> None:
    app = app_for(lib_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert len(lst(app).ids) == 8
        from tui.core.store import NewArticle

        with Store(lib_db) as other:
            other.insert_articles(
                [
                    NewArticle(
                        text="Breaking news from elsewhere.",
                        raw="x",
                        title="Inserted by another process",
                        lang="en",
                    )
                ]
            )
            aid = other.article_ids()[0]
            other.set_status(aid, "done")
        app.screen._poll()  # what the timer calls every 1.5 s
        await settle(app, pilot)
        assert len(lst(app).ids) == 9
        assert "Inserted by another process" in screen_text(app) or lst(app).row(lst(app).ids[-1])
        assert lst(app).row(aid)["status"] == "done"


async def test_big_library(tmp_path: Path) -> None:
    db = make_big_library(tmp_path / "big.db", 100_000)
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert len(lst(app).ids) == 100_000
        text = screen_text(app)
        assert "Headline 000001" in text and "100,000 articles" in text
        await pilot.press("end")
        await pilot.pause()
        assert lst(app).cursor == 99_999
        assert "Headline 100000" in screen_text(app)
        await pilot.press("pageup", "up")
        await pilot.pause()
        assert "Headline 100000" not in screen_text(app) or lst(app).cursor < 99_999
        # a search over 100k narrows the id array
        await pilot.press("slash", *"99999", "enter")
        await settle(app, pilot)
        assert len(lst(app).ids) == 1
        assert "Headline 099999" in screen_text(app)


async def test_export_lint_errors_ask_before_forcing(lib_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "forced.jsonl"
    with Store(lib_db) as s:
        aid = s.article_ids(ArticleQuery(status=("done",)))[0]
        text = s.article(aid).text
        i = text.index("Anna ")
        s.tag(aid, i, i + len("Anna "), "PER")  # trailing whitespace: a lint error
    app = app_for(lib_db)
    async with app.run_test(size=(80, 24)) as pilot:
        from tui.screens.dialogs import ConfirmDialog

        await export_through_dialog(app, pilot, out)
        assert isinstance(app.screen, ConfirmDialog)
        assert "lint" in screen_text(app).lower()
        assert not out.exists()
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_search_ids_from_the_index_alone_match_the_join(lib_db: Path) -> None:
    """``article_ids(ArticleQuery(search=...))`` reads the FTS index alone when the search is the only filter;
    same ids as the join, with ``limit`` the first ones, with filters the join; errors stay errors."""
    from tui.core.store import StoreError

    with Store(lib_db) as s:
        for q in ("Berlin", "tram OR ferry", '"Acme Corp"', "Micro*"):
            join = [
                r[0]
                for r in s.execute(
                    "SELECT a.id FROM articles a WHERE a.id IN"
                    " (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) ORDER BY a.id",
                    (q,),
                )
            ]
            assert s.article_ids(ArticleQuery(search=q)) == join, q
            assert s.article_ids(ArticleQuery(search=q), limit=2) == join[:2], q
        everything = s.article_ids(ArticleQuery(search="Berlin"))
        done = s.article_ids(ArticleQuery(status=("done",)))
        assert s.article_ids(ArticleQuery(search="Berlin", status=("done",))) == [
            a for a in everything if a in done
        ]
        assert s.article_ids(limit=3) == s.article_ids()[:3]
        assert (
            s.article_ids(ArticleQuery(search='"unbalanced'), limit=5) == []
        )  # a phrase, not an SQL error
        with pytest.raises(StoreError):
            s.article_ids(ArticleQuery(search="%"), limit=5)  # nothing to search for


async def test_first_page_then_the_whole_list(tmp_path: Path) -> None:
    """More articles than the first page: the list shows them all once the worker is done,
    the cursor stays where the user put it meanwhile, and a search narrows at once."""
    from tui.screens.library import FIRST_PAGE

    n = FIRST_PAGE + 250
    db = make_big_library(tmp_path / "mid.db", n)
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert lst(app).loaded and len(lst(app).ids) >= FIRST_PAGE  # the first page, at least
        await pilot.press("down", "down")
        await settle(app, pilot)
        assert len(lst(app).ids) == n
        assert lst(app).cursor == 2
        assert f"{n:,} articles" in screen_text(app)
        app.screen.search("Headline")  # every article: first page, then the rest
        await settle(app, pilot)
        assert len(lst(app).ids) == n and lst(app).cursor == 0
        app.screen.search("%")
        await settle(app, pilot)
        assert len(lst(app).ids) == 0  # never the previous result under the new text
        assert any(
            "nothing to search for" in m.message and m.severity == "error"
            for m in app._notifications
        )
        assert app.screen.filters.search == "%"


async def test_the_list_is_loaded_once_at_start(
    lib_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen's first ScreenResume (it appearing at all) used to start a second full load of
    the id array beside the one from on_mount (on 100k articles, both ran ~1 s in parallel)."""
    loads: list[dict] = []
    real = LibraryScreen.reload

    def counted(self: LibraryScreen, **kw: object) -> None:
        loads.append(kw)
        real(self, **kw)

    monkeypatch.setattr(LibraryScreen, "reload", counted)
    app = app_for(lib_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert len(loads) == 1
        assert lst(app).loaded and titles(app)
