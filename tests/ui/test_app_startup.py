"""What the app loads and does before its first frame (cold start): no heavy library ever, and
nothing that only a later screen, command or export needs.

The app runs in a fresh interpreter (``sys.modules`` of this one is shared by every test); the
database is made here, since making one imports sqlite-utils (and pandas when installed), which
opening a current database never needs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from app_support import make_library, screen_text, settle

from tui.app import NewsmarkApp
from tui.screens.library import LibraryScreen

ROOT = Path(__file__).resolve().parents[2]

#: Never imported by the app's start, even once the library has settled (sqlite-utils, and pandas
#: with it, only migrate a new or old database: the one opened here is current).
HEAVY = (
    "langdetect",
    "trafilatura",
    "justext",
    "htmldate",
    "courlan",
    "spacy",
    "lxml",
    "charset_normalizer",
    "sqlite_utils",
    "pandas",
    "numpy",
)
#: Needed only by a later screen, a command or an export: not before the library's first frame.
#: (tui.core.query is not one: ArticleQuery is the store's and the library's own input, plain data.)
LATER = (
    "tui.screens.reader",
    "tui.screens.reader_bindings",
    "tui.screens.reader_assist",
    "tui.screens.reader_search",
    "tui.screens.reader_copy",
    "tui.screens.reader_meta",
    "tui.screens.reader_suggestions",
    "tui.screens.reader_occurrences",
    "tui.screens.reader_model",
    "tui.screens.reader_host",
    "tui.screens.prompts",
    "tui.screens.lint",
    "tui.screens.labels",
    "tui.screens.stats",
    "tui.screens.help",
    "tui.screens.dialogs",
    "tui.screens.occurrences",
    "tui.widgets.text_view",
    "tui.widgets.text_layout",
    "tui.widgets.text_navigation",
    "tui.widgets.text_ranges",
    "tui.widgets.text_scrollbar",
    "tui.widgets.label_bar",
    "tui.widgets.span_panel",
    "tui.widgets.reader_header",
    "tui.commands",
    "tui.clipboard",
    "tui.core.ingest",
    "tui.core.clean",
    "tui.core.clean_html",
    "tui.core.reclean",
    "tui.core.export",
    "tui.core.formats",
    "tui.core.lint",
    "tui.core.assist.suggest",
    "tui.core.assist.model",
    "tui.core.language",
    "tui.core.assist.candidates",
    "tui.core.tokens",
    "tui.core.reanchor",
    "tui.bindings",
    "regex",
    "tomllib",
    "pyperclip",
    "click",
)

CHILD = r"""
import asyncio, json, sys
from pathlib import Path

from tui.app import NewsmarkApp
from tui.screens.library import LibraryScreen

app = NewsmarkApp(Path(sys.argv[1]), config_dir=Path(sys.argv[2]))
first: list[str] = []
display = app._display  # what bench/_child.py hooks: the compositor produced a frame for a screen

def hooked(screen, renderable):
    display(screen, renderable)
    if renderable is not None and not first and isinstance(screen, LibraryScreen):
        first.extend(sys.modules)

app._display = hooked

async def main():
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()
        settled = list(sys.modules)
        shown = type(app.screen).__name__
    print(json.dumps({"first_frame": first, "settled": settled, "screen": shown}))

asyncio.run(main())
"""


def _loaded(names: list[str], wanted: tuple[str, ...]) -> list[str]:
    return sorted(m for m in names if any(m == w or m.startswith(w + ".") for w in wanted))


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("startup")
    db = make_library(tmp / "lib.db")
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), str(tmp / "config")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_app_start_shows_the_library(started: dict) -> None:
    assert started["screen"] == "LibraryScreen"
    assert started["first_frame"], "no frame of the library was drawn"


def test_no_heavy_library_at_app_start(started: dict) -> None:
    assert _loaded(started["first_frame"], HEAVY) == []
    assert _loaded(started["settled"], HEAVY) == []


def test_nothing_a_later_screen_needs_before_the_first_frame(started: dict) -> None:
    assert _loaded(started["first_frame"], LATER) == []


@pytest.mark.anyio
async def test_keymap_applies_to_the_first_screen(tmp_path: Path) -> None:
    """The library is the app's first screen; its footer already shows the user's keys."""
    db = make_library(tmp_path / "lib.db")
    config = tmp_path / "cfg"
    config.mkdir()
    (config / "keymap.toml").write_text('[keymap]\n"library.search" = "ctrl+f"\n')
    app = NewsmarkApp(db, config_dir=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "^f" in footer and "Search" in footer
        assert not app._notifications  # a keymap with known ids only: no warning
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "search"


CLI_CHILD = r"""
import json, sys
import tui.app

def run_app(path, *, store=None):  # the app itself is tested above: here, what the CLI loaded
    print(json.dumps({"modules": list(sys.modules), "reused_store": store is not None and store.path == path}))
    if store is not None:
        store.close()

tui.app.run_app = run_app
from tui.cli import main

main(["--db", sys.argv[1]], prog_name="newsmark")
"""


def test_newsmark_without_a_command_loads_no_pipeline(tmp_path: Path) -> None:
    """``newsmark`` (the app) does not import the import or export pipeline, nor their libraries."""
    db = make_library(tmp_path / "lib.db")
    out = subprocess.run(
        [sys.executable, "-c", CLI_CHILD, str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert res["reused_store"]  # the database opened (and checked) by the CLI is the app's
    pipeline = (
        "tui.core.ingest",
        "tui.core.export",
        "tui.core.tokens",
        "tui.core.formats",
        "tui.core.clean",
        "tui.core.lint",
        "regex",
        "multiprocessing",
        "concurrent.futures.process",
    )
    assert _loaded(res["modules"], HEAVY + pipeline) == []


def test_cli_errors_of_the_import_pipeline_stay_one_line() -> None:
    import click
    from click.testing import CliRunner

    from tui.cli import Group
    from tui.core.formats.base import ExportError
    from tui.core.ingest import IngestError

    @click.group(cls=Group)
    def group() -> None:
        pass

    @group.command("ingest")
    def ingest_cmd() -> None:
        raise IngestError("bad input")

    @group.command("export")
    def export_cmd() -> None:
        raise ExportError("bad output")

    @group.command("other")
    def other_cmd() -> None:
        raise ValueError("boom")

    for name, line, code in (
        ("ingest", "newsmark: bad input\n", 1),
        ("export", "newsmark: bad output\n", 1),
        ("other", "newsmark: internal error: ValueError: boom", 70),
    ):
        res = CliRunner().invoke(group, [name], catch_exceptions=False)
        assert res.exit_code == code, (name, res.stderr)
        assert res.stderr.startswith(line) and res.stderr.count("\n") == 1, (name, res.stderr)
