"""Random key sequences pressed in the reader never raise, and never leave the screen out of step
with SQLite.

30 seeded sequences of 40 keys each, drawn from every key the reader binds (read from
``ReaderScreen.BINDINGS``, so new bindings are covered automatically) plus keys it does not
bind, on small articles of emoji, CJK, combining marks and a Devanagari cluster. The keys go
through Textual's own key dispatch (the event Pilot sends, without Pilot's ~60 ms idle wait per
key, which would make 1,200 keys take over a minute). Whatever screen a key opens (label picker,
prompts, search, span panel, occurrences), the next keys go to it, as they would for a user;
when a key leaves the reader (escape, done on the last article) ``enter`` in the library
reopens it (after ``c`` clears the filters, if a key reached the library and set one).

After every sequence: the app has not raised (``app._exception`` is None, it is still running),
every stored span satisfies ``text[start:end] == span.text``, and the reader's view shows
exactly the stored spans of its article. A failure prints the seed and the keys.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

from app_support import settle
from conftest import ROOT
from textual import events
from textual.app import _character_to_key
from textual.binding import Binding

from tui.app import NewsmarkApp
from tui.core.store import NewArticle, Store
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen, SearchInput
from tui.widgets.article_list import ArticleList
from tui.widgets.text_view import TextView

CHILD = Path(__file__).resolve().parents[1] / "helpers" / "random_keys_child.py"
SEQUENCES = 30
KEYS_PER_SEQUENCE = 40

TEXTS = [
    "👩‍🚒 Zoé\u0301 met 東京 officials from Acme Corp. क्षि is one cluster; 👍🏽 too.\n\n"
    "Anna Schmidt said 日本語の文章 and 🇫🇷 flags are fine.",
    "Second article: Brad Smith, Fumio Kishida and Joe Biden in Washington.",
    "三つ目の記事。Zoë visits Köln with e\u0301 and ü.",
]
#: Keys left out: M runs the spaCy model (seconds per press; tests/core/test_model.py); ctrl+p (bound by
#: the search box) is the app's command palette in the reader, where random typing runs commands.
EXCLUDED = {"M", "ctrl+p"}
UNBOUND = [
    "z",
    "Q",
    "0",
    "space",
    "tab",
    "shift+tab",
    "backspace",
    "ctrl+a",
    "ctrl+e",
    "f5",
    "insert",
    "é",
    "日",
    "ctrl+shift+up",
    "alt+x",
]


def reader_keys() -> list[str]:
    keys: set[str] = set()
    for cls in (ReaderScreen, SearchInput):
        for b in cls.BINDINGS:
            binding = b if isinstance(b, Binding) else Binding(*b)
            keys.update(k.strip() for k in binding.key.split(","))
    return sorted(keys - EXCLUDED)


def make_db(path: Path) -> Path:
    with Store(path) as s:
        items = []
        for i, t in enumerate(TEXTS):
            spans = []
            if i == 0:
                s0 = t.index("Anna Schmidt")
                spans = [{"start": s0, "end": s0 + 12, "label": "PER"}]
            items.append(
                NewArticle(text=t, raw=t, title=f"Article {i + 1}", lang="en", spans=spans)
            )
        s.insert_articles(items)
    return path


async def press(app: NewsmarkApp, pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    """One key through the driver, as ``Pilot.press`` sends it, then wait for it to be handled."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    event = events.Key(key, key if len(key) == 1 else (" " if key == "space" else None))
    event.set_sender(app)
    app._driver.send_message(event)  # type: ignore[union-attr]
    await pilot._wait_for_screen()


def stored_spans(db: Path) -> tuple[list[tuple], dict[int, str]]:
    conn = sqlite3.connect(db)
    try:
        spans = conn.execute(
            'SELECT id, article_id, start, "end", label, text FROM spans'
        ).fetchall()
        texts = dict(conn.execute("SELECT id, text FROM articles"))
    finally:
        conn.close()
    return spans, texts


async def quiet(app: NewsmarkApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Pending messages handled and workers finished (no idle-detection sleeps)."""
    await pilot._wait_for_screen()
    await app.workers.wait_for_complete()
    await pilot._wait_for_screen()


async def back_to_reader(app: NewsmarkApp, pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    """Close whatever is above the reader; from the library, ``enter`` opens it again."""
    for _ in range(10):
        await quiet(app, pilot)
        if isinstance(app.screen, ReaderScreen):
            return app.screen
        if isinstance(app.screen, LibraryScreen):
            lst = app.screen.query_one(ArticleList)
            lst.focus()
            if app.screen.filters.active or not lst.ids:  # a key meant for the reader reached it
                await press(app, pilot, "c")  # clear the filters
                await quiet(app, pilot)
            await press(app, pilot, "enter")
        else:
            app.pop_screen()
    lst = app.screen.query_one(ArticleList) if isinstance(app.screen, LibraryScreen) else None
    raise AssertionError(
        f"cannot get back to the reader from {app.screen!r}: "
        f"{lst and (lst.loaded, lst.ids, app.focused, app.screen.filters)}"
    )


async def run_sequences(db: Path, seeds: list[int], config_dir: Path) -> None:
    """Press the random sequences of ``seeds`` in one app on ``db``, checking after each."""
    pool = reader_keys() + UNBOUND
    app = NewsmarkApp(db, config_dir=config_dir)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(app, pilot)
        app.push_screen(ReaderScreen(app.store.article_ids(), 0))
        await settle(app, pilot)
        for seed in seeds:
            rng = random.Random(seed)
            seq = [rng.choice(pool) for _ in range(KEYS_PER_SEQUENCE)]
            where = f"seed {seed}, keys {seq}"
            for key in seq:
                if isinstance(app.screen, LibraryScreen):
                    await back_to_reader(app, pilot)
                await press(app, pilot, key)
                assert app._exception is None, f"{where}: {app._exception!r}"
                assert app.is_running, f"{where}: the app exited"
            scr = await back_to_reader(app, pilot)
            if scr.raw:
                scr.action_raw()
                await quiet(app, pilot)
            assert app._exception is None, f"{where}: {app._exception!r}"
            spans, texts = stored_spans(db)
            for sid, aid, start, end, label, text in spans:
                assert texts[aid][start:end] == text, f"{where}: span {sid} {label}"
            view = scr.query_one(TextView)
            assert view.text == texts[scr.article_id], where
            shown = sorted((s.id, s.start, s.end, s.label, s.text) for s in view.spans)
            want = sorted(
                (sid, s, e, lb, t) for sid, aid, s, e, lb, t in spans if aid == scr.article_id
            )
            assert shown == want, where
        # the keys did annotate (tags, deletes, undos, statuses), not only move
        assert app.store.execute("SELECT count(*) FROM actions").fetchone()[0] >= len(seeds)
    assert app._exception is None
    assert app.return_code in (0, None)


def test_random_key_sequences_never_raise(tmp_path: Path) -> None:
    """Half the sequences here, half in a child process (tests/helpers/random_keys_child.py)
    on its own copy of the database, side by side: two cores, half the wall time."""
    keys = reader_keys()
    assert {"1", "d", "u", "ctrl+r", "a", "shift+right", "slash", "escape"} <= set(keys)
    here, there = make_db(tmp_path / "keys.db"), make_db(tmp_path / "keys-child.db")
    seeds = list(range(SEQUENCES))
    child = subprocess.Popen(
        [
            sys.executable,
            str(CHILD),
            str(there),
            str(tmp_path / "child-config"),
            *map(str, seeds[1::2]),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        asyncio.run(run_sequences(here, seeds[0::2], tmp_path / "config"))
    finally:
        out, _ = child.communicate(timeout=300)
    assert child.returncode == 0, out.decode(errors="replace")[-5000:]
