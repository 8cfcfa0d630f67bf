"""Several writers on one database at once: two app instances and the CLI.

Instance A runs in a child process (tests/helpers/app_child.py: headless ``run_test``, real
reader keys) and tags article 1; instance B runs here (``run_test``) and tags article 2;
``newsmark import`` (a subprocess) imports a folder at the same time. Afterwards every write is
in SQLite (nothing lost, no error shown by either app, the import's exit code is 0), and B's
library shows A's spans and the imported articles (it polls ``Store.data_version``).

Also: a database locked for longer than the store's patience gives a clear message in the
app (no span shown, none stored), and the reader notices another process's changes to the
article it shows.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from app_support import settle
from conftest import ROOT

from tui.app import NewsmarkApp
from tui.core.store import NewArticle, Store
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.text_view import TextView

CHILD = Path(__file__).resolve().parents[1] / "helpers" / "app_child.py"

TEXT1 = (
    "Emmanuel Macron a rencontré Olaf Scholz à Berlin avec Ursula von der Leyen. "
    "La réunion avec Siemens AG et Airbus a duré deux heures à Paris."
)
TEXT2 = (
    "Anna Schmidt works for Acme Corp in Paris with Bob Jones and Carol King. "
    "They met Microsoft and Google in Tokyo and Osaka last week."
)
TEXT3 = "A third article that nobody touches."


def make_db(path: Path) -> Path:
    with Store(path) as s:
        s.insert_articles(
            [
                NewArticle(text=t, raw=t, title=f"Article {i + 1}", lang="en")
                for i, t in enumerate((TEXT1, TEXT2, TEXT3))
            ]
        )
    return path


def make_folder(folder: Path, n: int) -> Path:
    folder.mkdir()
    words = ["harbour", "council", "budget", "railway", "festival", "election", "river", "museum"]
    for i in range(n):
        body = " ".join(f"{words[(i + j) % 8]} {i}-{j}" for j in range(30))
        (folder / f"story{i:03d}.txt").write_text(
            f"Story number {i}\n\nThe city discussed the {body}. Officials said it was important.\n",
            encoding="utf-8",
        )
    return folder


def stored(db: Path, aid: int) -> list[list]:
    conn = sqlite3.connect(db)
    try:
        return [
            list(r)
            for r in conn.execute(
                'SELECT start, "end", label, text FROM spans WHERE article_id = ? ORDER BY start, "end"',
                (aid,),
            )
        ]
    finally:
        conn.close()


def journal(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


async def wait_until(pilot, cond, timeout: float = 8.0) -> bool:  # type: ignore[no-untyped-def]
    """Let the app run (timers included) until ``cond()`` or the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        await pilot.pause(0.05)
    return cond()


# A tags article 1: phase 1 while B tags and the CLI imports; phase 2 once B is back on its
# library (so only B's polling can show it).
A_PHASE1 = ["1", "w", "w", "w", "2", "w", "w", "w", "shift+right", "3", "w", "w", "4"]
A_PHASE2 = ["w", "w", "1", "w", "w", "2"]
B_KEYS = ["1", "w", "w", "w", "shift+right", "2", "w", "w", "3", "w", "w", "4", "w", "w", "1"]
N_FILES = 30


async def open_reader(app: NewsmarkApp, pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    """The library settles, then the reader opens on the first article."""
    await settle(app, pilot)
    app.push_screen(ReaderScreen(app.store.article_ids(), 0))
    await settle(app, pilot)
    scr = app.screen
    assert isinstance(scr, ReaderScreen)
    return scr


def test_two_apps_and_the_cli_write_at_once(tmp_path: Path) -> None:
    db = make_db(tmp_path / "shared.db")
    folder = make_folder(tmp_path / "incoming", N_FILES)
    jpath = tmp_path / "a.jsonl"
    go = tmp_path / "go"
    a_keys = [*A_PHASE1, f"until:{go}", *A_PHASE2]
    a_out = open(tmp_path / "a.out", "wb")  # noqa: SIM115
    child = subprocess.Popen(
        [
            sys.executable,
            str(CHILD),
            "--db",
            str(db),
            "--journal",
            str(jpath),
            "--index",
            "0",
            "--keys",
            ",".join(a_keys),
        ],
        cwd=ROOT,
        stdout=a_out,
        stderr=subprocess.STDOUT,
    )
    importer: subprocess.Popen | None = None

    async def run_b() -> tuple[list, bool]:
        nonlocal importer
        app = NewsmarkApp(db, config_dir=tmp_path / "b-config")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            app.push_screen(ReaderScreen(app.store.article_ids(), 1))
            await settle(app, pilot)
            scr = app.screen
            assert isinstance(scr, ReaderScreen) and scr.article_id == 2
            # start B's keys once A is annotating too, and the import at the same moment
            assert await wait_until(pilot, lambda: len(journal(jpath)) >= 2, 60), "A did not start"
            importer = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tui",
                    "--db",
                    str(db),
                    "import",
                    str(folder),
                    "--jobs",
                    "1",
                ],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            a_lines_before = len(journal(jpath))
            for key in B_KEYS:
                await pilot.press(key)
            await settle(app, pilot)
            overlapped = len(journal(jpath)) > a_lines_before or importer.poll() is None
            b_spans = sorted(
                [s.start, s.end, s.label, s.text] for s in scr.query_one(TextView).spans
            )
            errors = [str(n.message) for n in app._notifications if n.severity == "error"]
            assert errors == []
            assert b_spans == stored(db, 2)

            # back to the library; A's phase 2 happens only now: the poll must show it
            await pilot.press("escape")
            lib = app.screen
            assert isinstance(lib, LibraryScreen)
            lst = lib.query_one(ArticleList)
            assert await wait_until(pilot, lambda: lst.loaded and not lib._loading)
            go.touch()
            assert await wait_until(pilot, lambda: child.poll() is not None, 60), "A did not finish"
            assert await wait_until(
                pilot, lambda: importer is not None and importer.poll() is not None, 60
            )
            a_final = [r for r in journal(jpath) if "spans" in r][-1]["spans"]
            want_spans = len(a_final)

            def shows_everything() -> bool:
                row = lst.row(1)
                return (
                    len(lst.ids) == 3 + N_FILES
                    and row is not None
                    and row.get("spans") == want_spans
                )

            assert await wait_until(pilot, shows_everything, 6), (
                len(lst.ids),
                lst.row(1),
                want_spans,
            )
            assert "Story number" in json.dumps(lst.row(lst.ids[-1]), ensure_ascii=False)
        assert app.return_code in (0, None)
        return b_spans, overlapped

    try:
        b_spans, overlapped = asyncio.run(run_b())
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        a_out.close()
        if importer is not None:
            importer.wait(timeout=120)
    out = (tmp_path / "a.out").read_text(errors="replace")
    assert child.returncode == 0, out[-3000:]
    assert importer is not None
    imp_err = importer.stderr.read().decode()  # type: ignore[union-attr]
    assert importer.returncode == 0, imp_err
    assert "locked" not in imp_err

    # nothing lost: A's last shown state, B's, and every imported file are in SQLite
    recs = journal(jpath)
    assert recs[-1].get("done") and recs[-1]["errors"] == []
    assert all(not r.get("errors") for r in recs), [r for r in recs if r.get("errors")]
    a_final = [r for r in recs if "spans" in r][-1]["spans"]
    assert len(a_final) >= 4
    assert stored(db, 1) == a_final
    assert stored(db, 2) == b_spans and len(b_spans) >= 4
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3 + N_FILES
        assert conn.execute("SELECT count(*) FROM spans WHERE article_id > 2").fetchone()[0] == 0
        # both apps' actions are in the one log, each with its own undo history intact
        kinds = conn.execute(
            "SELECT article_id, count(*) FROM actions GROUP BY article_id"
        ).fetchall()
        assert {aid for aid, _ in kinds} >= {1, 2}
    finally:
        conn.close()
    assert overlapped, "A and the import had both finished before B started: no concurrency tested"


# --- a database locked for too long ------------------------------------------------------------


LOCKER = """
import os, sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
open(sys.argv[2], "w").close()
while not os.path.exists(sys.argv[3]):
    time.sleep(0.02)
conn.execute("ROLLBACK")
conn.close()
"""


def test_a_locked_database_holds_the_keys_and_the_writes_land_when_it_clears(
    tmp_path: Path,
) -> None:
    """Another program holds the write lock: the reader does not freeze on it, keeps the keys
    pressed meanwhile (in order), says the database is busy, shows nothing as done, and
    applies them when the lock clears."""
    db = make_db(tmp_path / "locked.db")
    locked, release = tmp_path / "locked", tmp_path / "release"

    async def run() -> None:
        app = NewsmarkApp(db, config_dir=tmp_path / "config")
        async with app.run_test(size=(100, 30)) as pilot:
            scr = await open_reader(app, pilot)
            holder = subprocess.Popen(
                [sys.executable, "-c", LOCKER, str(db), str(locked), str(release)]
            )
            try:
                assert await wait_until(pilot, locked.exists, 30)
                for key in ("1", "w", "w", "2"):
                    await pilot.press(key)
                await settle(app, pilot)
                hold = scr._key_hold()
                assert hold.busy and [k for k, _ in hold.held] == ["1", "w", "w", "2"]
                notes = [str(n.message) for n in app._notifications]
                assert any("Database busy" in m for m in notes), notes
                assert scr.query_one(TextView).spans == [] and stored(db, 1) == []
                release.touch()
                holder.wait(timeout=30)
            finally:
                release.touch()
                holder.wait(timeout=30)

            def landed() -> bool:
                return len(stored(db, 1)) == 2 and not scr._key_hold().busy

            assert await wait_until(pilot, landed, 10), stored(db, 1)
            await settle(app, pilot)
            shown = [[s.start, s.end, s.label, s.text] for s in scr.query_one(TextView).spans]
            assert shown == stored(db, 1)
            assert [r[2:] for r in stored(db, 1)] == [["PER", "Emmanuel"], ["ORG", "a"]]
            errors = [str(n.message) for n in app._notifications if n.severity == "error"]
            assert errors == []
        assert app.return_code in (0, None)

    asyncio.run(run())


# --- the reader notices another process's changes -----------------------------------------------


def test_reader_shows_another_process_spans(tmp_path: Path) -> None:
    """The open reader polls ``data_version``: another process's tag and delete in the article
    it shows appear without reopening it."""
    db = make_db(tmp_path / "r.db")

    async def run() -> None:
        app = NewsmarkApp(db, config_dir=tmp_path / "config")
        async with app.run_test(size=(100, 30)) as pilot:
            scr = await open_reader(app, pilot)
            view = scr.query_one(TextView)
            await pilot.press("1")  # our own span on the first token
            await settle(app, pilot)
            with Store(db, annotator="other") as other:  # another newsmark, or the CLI
                other.tag(1, TEXT1.index("Olaf"), TEXT1.index("Olaf") + 11, "PER")
                other.delete_span(other.spans(1)[0].id)  # and removes ours

            def in_sync() -> bool:
                return [[s.start, s.end, s.label, s.text] for s in view.spans] == stored(db, 1)

            assert await wait_until(pilot, in_sync, 5), (
                [(s.start, s.end) for s in view.spans],
                stored(db, 1),
            )
        assert app.return_code in (0, None)

    asyncio.run(run())


def test_reader_header_status_after_undo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Right after the key, not one poll later: the poll is switched off here."""
    monkeypatch.setattr(ReaderScreen, "POLL_SECONDS", 3600.0)
    db = make_db(tmp_path / "h.db")

    async def run() -> None:
        app = NewsmarkApp(db, config_dir=tmp_path / "config")
        async with app.run_test(size=(100, 30)) as pilot:
            scr = await open_reader(app, pilot)
            await pilot.press("1")
            await settle(app, pilot)
            assert scr.article.status == "in_progress" == app.store.article(1).status
            await pilot.press("u")
            await settle(app, pilot)
            assert app.store.article(1).status == "new"
            assert scr.article.status == "new"

    asyncio.run(run())
