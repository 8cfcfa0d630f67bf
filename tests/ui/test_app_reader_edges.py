"""Reader details of issue 18: the selection's left edge, arrows from a selection, `i` without a
jump; checked on the screen's state and in SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import settle

from tui.app import NewsmarkApp
from tui.core.store import NewArticle, Store
from tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.anyio

# Two sentences of French news, written for this test (a role noun before a name, typographic
# apostrophes, a hyphenated place).
TEXT = (
    "D’après une riveraine interrogée par la radio locale, une camionnette a percuté la vitrine "
    "d’une pharmacie de Nantes mardi matin. Le premier ministre Michel Barnier a remercié les "
    "pompiers de Loire-Atlantique."
)


def app_for(path: Path) -> NewsmarkApp:
    return NewsmarkApp(path, config_dir=path.parent / "config")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "e.db"
    with Store(path) as s:
        s.insert_articles([NewArticle(text=TEXT, raw=TEXT, title="Nantes", lang="fr")])
    return path


def sel_text(scr: ReaderScreen) -> str | None:
    sel = scr.view.selection
    return None if sel is None else TEXT[sel[0] : sel[1]]


async def open_reader(app: NewsmarkApp, pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    app.push_screen(ReaderScreen(app.store.article_ids(), 0))
    await settle(app, pilot)
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


async def test_a_key_moves_the_left_edge(db: Path) -> None:
    app = app_for(db)
    async with app.run_test(size=(100, 30)) as pilot:
        scr = await open_reader(app, pilot)
        scr.view.select_range(
            TEXT.index("ministre"), TEXT.index("ministre") + len("ministre Michel Barnier")
        )
        assert sel_text(scr) == "ministre Michel Barnier"
        await pilot.press("greater_than_sign")  # let go of "ministre"
        assert sel_text(scr) == "Michel Barnier"
        await pilot.press("less_than_sign", "less_than_sign")  # take in "ministre" and "premier"
        assert sel_text(scr) == "premier ministre Michel Barnier"
        await pilot.press(
            "greater_than_sign",
            "greater_than_sign",
            "greater_than_sign",
            "greater_than_sign",
            "greater_than_sign",
        )  # never past the right edge
        assert sel_text(scr) == "Barnier"
        await pilot.press("less_than_sign", "1")
        await settle(app, pilot)
        with Store(db) as s:
            at = TEXT.index("Michel")
            assert [(x.start, x.end, x.label, x.text) for x in s.spans(1)] == [
                (at, at + 14, "PER", "Michel Barnier")
            ]


async def test_arrows_from_a_selection_land_on_its_edges(db: Path) -> None:
    app = app_for(db)
    async with app.run_test(size=(100, 30)) as pilot:
        scr = await open_reader(app, pilot)
        at = TEXT.index("Michel Barnier")
        scr.view.select_range(at, at + 14)
        await pilot.press("right")
        assert scr.view.selection is None
        b = TEXT.index("Barnier")
        assert scr.view.cursor == (b, b + 7)  # on it, not past
        scr.view.select_range(at, at + 14)
        await pilot.press("left")
        assert scr.view.selection is None and scr.view.cursor == (at, at + 6)
        await pilot.press("right")  # without a selection, a plain step
        assert scr.view.cursor[0] == TEXT.index("Barnier")


async def test_ignore_does_not_jump_past_the_next_candidate(db: Path) -> None:
    app = app_for(db)
    async with app.run_test(size=(100, 30)) as pilot:
        scr = await open_reader(app, pilot)
        seq = []  # the candidates in order, nothing ignored
        while True:
            before = (scr.view.selection, scr.view.cursor)
            await pilot.press("right_square_bracket")
            if scr.view.selection is None or (scr.view.selection, scr.view.cursor) == before:
                break
            seq.append(sel_text(scr))
        assert len(seq) >= 2, seq
        await pilot.press("escape", "g", "right_square_bracket")
        assert sel_text(scr) == seq[0]
        await pilot.press("i")
        assert scr.view.selection is None  # no jump
        await pilot.press("right_square_bracket")
        assert sel_text(scr) == seq[1]  # the very next one, not the one after it


def _long_text(n_paras: int) -> str:
    paras = [
        f"Absatz {i}: Boris Nadeschdin sammelt Unterschriften in Moskau und Sankt Petersburg, "
        f"während Wladimir Putin zum fünften Mal antreten will. " * 3
        for i in range(n_paras)
    ]
    return "\n\n".join(paras) + "\n\nDas letzte Wort ENDE."


async def _reader_on(tmp_path: Path, text: str, app_size: tuple[int, int]):  # type: ignore[no-untyped-def]
    path = tmp_path / "long.db"
    with Store(path) as s:
        s.insert_articles([NewArticle(text=text, raw=text, title="Lang", lang="de")])
    return path


@pytest.mark.parametrize("n_paras", [60, 700])  # short (laid out at once) and > 100k characters
async def test_the_cursor_stays_on_screen_after_a_resize(tmp_path: Path, n_paras: int) -> None:
    text = _long_text(n_paras)
    path = await _reader_on(tmp_path, text, (100, 40))
    app = app_for(path)
    async with app.run_test(size=(100, 40)) as pilot:
        scr = await open_reader(app, pilot)
        await app.workers.wait_for_complete()
        await settle(app, pilot)
        v = scr.view
        at = text.index("Absatz " + str(int(n_paras * 0.7)))
        v.set_cursor(at)
        v.scroll_cursor_visible(center=True)
        await settle(app, pilot)
        for size in ((60, 20), (140, 45), (40, 16)):
            await pilot.resize_terminal(*size)
            await settle(app, pilot)
            await app.workers.wait_for_complete()
            await settle(app, pilot)
            y = v.line_of(v.cursor[0])
            top = int(v.scroll_offset.y)
            assert top <= y < top + v.scrollable_content_region.height, (size, y, top)
            assert v.cursor[0] == at


async def test_G_while_a_long_article_is_laid_out_goes_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import tui.widgets.text_view as tv

    real = tv.token_bounds
    release = threading.Event()

    def slow(text: str, lang: str | None = None):  # type: ignore[no-untyped-def]
        if len(text) > 100_000:
            release.wait(30)  # the layout is still running when G is pressed, however fast
        return real(text, lang)

    monkeypatch.setattr(tv, "token_bounds", slow)
    text = _long_text(900)
    assert len(text) > 100_000
    path = await _reader_on(tmp_path, text, (100, 40))
    app = app_for(path)
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(ReaderScreen(app.store.article_ids(), 0))
        await pilot.pause()
        scr = app.screen
        assert isinstance(scr, ReaderScreen)
        for _ in range(200):  # the article is loaded into the view (however loaded the machine is)
            if scr.view.text == text:
                break
            await pilot.pause(0.01)
        assert scr.view.text == text
        assert not scr.view.ready  # still laying out
        await pilot.press("G")
        release.set()
        await app.workers.wait_for_complete()
        await settle(app, pilot)
        assert scr.view.ready
        assert text[scr.view.cursor[0] : scr.view.cursor[1]] == "."
        assert scr.view.cursor[1] == len(text)
        y = scr.view.line_of(scr.view.cursor[0])
        top = int(scr.view.scroll_offset.y)
        assert top <= y < top + scr.view.scrollable_content_region.height
