"""The screens around the library: labels, stats, help, keymap, command palette."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import screen_text, settle
from textual.widgets import DataTable, Input

from tui.app import NewsmarkApp
from tui.core.store import Store
from tui.keymap import load_keymap, parse_keymap
from tui.screens.dialogs import ConfirmDialog, TextPrompt
from tui.screens.help import HelpScreen
from tui.screens.labels import LabelsScreen
from tui.screens.library import LibraryScreen
from tui.screens.stats import StatsScreen, bar

pytestmark = pytest.mark.anyio


def app_for(path: Path, config_dir: Path | None = None) -> NewsmarkApp:
    return NewsmarkApp(path, config_dir=config_dir or path.parent / "config")


def labels_in_db(path: Path) -> list[tuple[str, str, str | None]]:
    with Store(path) as s:
        return [(lb.name, lb.colour, lb.hotkey) for lb in s.labels()]


async def answer(app: NewsmarkApp, pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, TextPrompt)
    box = app.screen.query_one(Input)
    box.value = text
    await pilot.press("enter")
    await settle(app, pilot)


async def open_labels(app: NewsmarkApp, pilot) -> LabelsScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("L")
    await settle(app, pilot)
    assert isinstance(app.screen, LabelsScreen)
    return app.screen


async def cursor_to(app: NewsmarkApp, pilot, name: str) -> None:  # type: ignore[no-untyped-def]
    screen = app.screen
    assert isinstance(screen, LabelsScreen)
    idx = [lb.name for lb in screen.labels].index(name)
    screen.query_one(DataTable).move_cursor(row=idx)
    await pilot.pause()
    assert screen.current is not None and screen.current.name == name


# --- labels -----------------------------------------------------------------------------------


async def test_labels_add_rename_recolour_rekey(lib_db: Path) -> None:
    app = app_for(lib_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_labels(app, pilot)
        text = screen_text(app)
        for name in ("PER", "ORG", "LOC", "MISC"):
            assert name in text
        # add
        await pilot.press("a")
        await answer(app, pilot, "PRODUCT")
        assert "PRODUCT" in [n for n, _, _ in labels_in_db(lib_db)]
        assert app.screen.current.name == "PRODUCT"
        # a bad name is a message, not a crash
        await pilot.press("a")
        await answer(app, pilot, "two words")
        assert isinstance(app.screen, LabelsScreen)
        assert any(n.severity == "error" for n in app._notifications)
        # rename PER (its spans follow)
        await cursor_to(app, pilot, "PER")
        await pilot.press("r")
        await answer(app, pilot, "PERSON")
        with Store(lib_db) as s:
            assert "PERSON" in s.label_names() and "PER" not in s.label_names()
            assert s.label_usage("PERSON") == 3
        # recolour
        await pilot.press("c")
        await answer(app, pilot, "#123abc")
        assert ("PERSON", "#123abc", "1") in labels_in_db(lib_db)
        await pilot.press("c")
        await answer(app, pilot, "red")  # refused: a message
        assert ("PERSON", "#123abc", "1") in labels_in_db(lib_db)
        # re-key: PRODUCT takes 1, PERSON loses it
        await cursor_to(app, pilot, "PRODUCT")
        await pilot.press("k")
        await answer(app, pilot, "1")
        got = {n: k for n, _, k in labels_in_db(lib_db)}
        assert got["PRODUCT"] == "1" and got["PERSON"] is None
        # clear a key with an empty answer
        await pilot.press("k")
        await answer(app, pilot, "")
        assert {n: k for n, _, k in labels_in_db(lib_db)}["PRODUCT"] is None
        assert "PERSON" in screen_text(app)


async def test_labels_reorder_and_remove_with_confirm(lib_db: Path) -> None:
    app = app_for(lib_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_labels(app, pilot)
        assert [n for n, _, _ in labels_in_db(lib_db)] == ["PER", "ORG", "LOC", "MISC"]
        await cursor_to(app, pilot, "LOC")
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert [n for n, _, _ in labels_in_db(lib_db)] == ["PER", "LOC", "ORG", "MISC"]
        assert app.screen.current.name == "LOC"  # the cursor follows
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(app, pilot)
        assert [n for n, _, _ in labels_in_db(lib_db)] == ["PER", "ORG", "MISC", "LOC"]
        # remove ORG (used by 3 spans): the dialog says how many; "no" keeps it
        await cursor_to(app, pilot, "ORG")
        await pilot.press("x")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "3 span(s)" in screen_text(app)
        await pilot.press("n")
        await settle(app, pilot)
        assert "ORG" in {n for n, _, _ in labels_in_db(lib_db)}
        # "y" removes it and its spans
        await pilot.press("x")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        with Store(lib_db) as s:
            assert "ORG" not in s.label_names()
            assert s.execute("SELECT count(*) FROM spans WHERE label = 'ORG'").fetchone()[0] == 0
        # remove an unused label
        await cursor_to(app, pilot, "MISC")
        await pilot.press("x")
        await settle(app, pilot)
        assert "No span uses it" in screen_text(app)
        await pilot.press("y")
        await settle(app, pilot)
        assert [n for n, _, _ in labels_in_db(lib_db)] == ["PER", "LOC"]
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)


# --- stats ------------------------------------------------------------------------------------


def test_bar() -> None:
    assert bar(10, 10, 5) == "█████"
    assert bar(0, 10, 5) == ""
    assert bar(1, 1000, 5) == "▏"
    assert bar(5, 10, 4) == "██"


async def test_stats_screen_shows_numbers(lib_db: Path) -> None:
    with Store(lib_db) as s:
        aid = s.article_ids()[1]
        art = s.article(aid)
        i = art.text.index("Marseille")
        s.tag(aid, i, i + len("Marseille"), "LOC")
    app = app_for(lib_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("S")
        await settle(app, pilot)
        assert isinstance(app.screen, StatsScreen)
        text = screen_text(app)
        assert "8 articles, 8 spans; 2 done (25%)" in text
        assert "Progress by status" in text
        data = app.screen.data
        assert data["by_status"]["done"] == 2 and data["by_label"]["PER"] == 3
        assert sum(data["by_day"].values()) == 1
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
    app = app_for(lib_db)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("S")
        await settle(app, pilot)
        text = screen_text(app)
        for word in ("Spans per label", "Articles per language", "Annotations per day", "LOC"):
            assert word in text


# --- help, keymap, palette --------------------------------------------------------------------


async def test_help_lists_active_bindings(lib_db: Path) -> None:
    app = app_for(lib_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-text").render())
        for word in ("Library", "Search", "library.search", "How to annotate", "keymap.toml"):
            assert word in help_text
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)


def test_parse_keymap() -> None:
    km, errors = parse_keymap(
        '[keymap]\n"library.search" = "ctrl+f"\n"app.help" = ["f1", "f2"]\nbad = 3\n'
    )
    assert km == {"library.search": "ctrl+f", "app.help": "f1,f2"}
    assert len(errors) == 1
    km, errors = parse_keymap("not toml [")
    assert km == {} and errors


async def test_keymap_file_rebinds_keys(lib_db: Path, tmp_path: Path) -> None:
    config = tmp_path / "cfg"
    config.mkdir()
    (config / "keymap.toml").write_text('[keymap]\n"library.search" = "ctrl+f"\n"nope.id" = "x"\n')
    loaded = load_keymap(config, {"library.search"})
    assert loaded.keymap["library.search"] == "ctrl+f" and len(loaded.errors) == 1
    app = app_for(lib_db, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == "search"
        # the unknown id is reported, the app still runs
        assert any("nope.id" in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert "ctrl+f" in str(app.screen.query_one("#help-text").render()).lower()


async def test_broken_keymap_does_not_stop_the_app(lib_db: Path, tmp_path: Path) -> None:
    config = tmp_path / "cfg"
    config.mkdir()
    (config / "keymap.toml").write_text("this is [not toml")
    app = app_for(lib_db, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert any("not valid TOML" in n.message for n in app._notifications)


async def test_command_palette_runs_actions(lib_db: Path) -> None:
    app = app_for(lib_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        lib = app.screen
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"status done")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is lib
        assert lib.filters.status == ("done",)
        # go to an article by title (clears the filter it is hidden by)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"go to tram")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is lib
        assert not lib.filters.active
        with Store(lib_db) as s:
            row = s.summaries([lib.article_list.current_id])
        assert next(iter(row.values()))["title"] == "Council approves new tram line"
        # open the labels screen from the palette
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"Labels")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LabelsScreen)


async def test_fits_at_80x24_and_200x50(lib_db: Path) -> None:
    for size in ((80, 24), (200, 50)):
        app = app_for(lib_db)
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            text = screen_text(app).splitlines()
            assert len(text) == size[1]
            assert "Search" in text[-1] and "Open" in text[-1]  # the footer is on the last line
            assert "Council approves" in "\n".join(text)


async def test_ctrl_q_quits_from_any_screen(lib_db: Path) -> None:
    app = app_for(lib_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("L")
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0 or app.return_code is None
    assert not app.is_running
