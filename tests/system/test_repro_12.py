"""Issue #12's reproductions A-D, on real processes: the headless app in a child process
(tests/helpers/app_child.py, real key bindings) and ``newsmark`` commands run beside it.

Each one used to lose what the app showed as saved (or corrupt the database). Each ends with
the spans the app's screen showed equal to the spans in SQLite, ``PRAGMA integrity_check`` ok,
and the ``-wal`` present while the app still runs.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

from tui.core.ingest import import_paths
from tui.core.store import Store

CHILD = Path(__file__).resolve().parents[1] / "helpers" / "app_child.py"
N_PAGES = 24


def seeded_db(path: Path) -> Path:
    """A fresh database with the sample articles, as a first run makes it."""
    with Store(path) as store:
        import_paths(store, [str(ROOT / "seeds")], jobs=1)
    return path


def make_pages(folder: Path, n: int = N_PAGES) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"page{i:03d}.txt").write_text(
            f"Story {i} from Lyon\n\nThe mayor of Lyon met Claire Dubois and Acme Corp about the "
            f"budget number {i}. Officials in Geneva and Turin said it mattered.\n",
            encoding="utf-8",
        )
    return folder


def journal(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def stored(db: Path, aid: int) -> list[list]:
    conn = sqlite3.connect(db)
    try:
        return [
            list(r)
            for r in conn.execute(
                'SELECT start, "end", label, text FROM spans WHERE article_id = ? ORDER BY start, "end", label',
                (aid,),
            )
        ]
    finally:
        conn.close()


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


class AppChild:
    """One headless newsmark app in its own process, pressing ``keys`` on the reader."""

    def __init__(self, tmp: Path, name: str, db: Path, keys: list[str], *, linger: bool) -> None:
        self.journal = tmp / f"{name}.jsonl"
        self.out_path = tmp / f"{name}.out"
        self.out = open(self.out_path, "wb")  # noqa: SIM115
        cmd = [
            sys.executable,
            str(CHILD),
            "--db",
            str(db),
            "--journal",
            str(self.journal),
            "--keys",
            ",".join(keys),
        ]
        if linger:
            cmd.append("--linger")
        self.proc = subprocess.Popen(cmd, cwd=tmp, stdout=self.out, stderr=subprocess.STDOUT)

    def records(self) -> list[dict]:
        return journal(self.journal)

    def wait_step(self, step: int, timeout: float = 90) -> None:
        """Until the key number ``step`` has settled and been journalled."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(r.get("step") == step for r in self.records()):
                return
            assert self.proc.poll() is None, self.output()
            time.sleep(0.05)
        raise AssertionError(f"step {step} not reached: {self.output()}")

    def wait_exit(self, timeout: float = 90) -> int:
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self.out.close()

    def kill(self) -> None:
        """Like closing the terminal the app runs in, without the chance to clean up."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.wait_exit()

    def output(self) -> str:
        if not self.out.closed:
            self.out.flush()
        return self.out_path.read_text(errors="replace")[-3000:]

    def shown(self) -> dict[int, list[list]]:
        """The spans the screen last showed for each article it showed."""
        last: dict[int, list[list]] = {}
        for r in self.records():
            if "spans" in r:
                last[r["aid"]] = r["spans"]
        return last

    def errors(self) -> list[str]:
        return [e for r in self.records() for e in r.get("errors", [])]


def newsmark(db: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    res = subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(db), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    return res


def spans_in_stats(db: Path, cwd: Path) -> int:
    return json.loads(newsmark(db, "stats", "--json", cwd=cwd).stdout)["spans"]


def assert_nothing_lost(db: Path, *apps: AppChild) -> None:
    for app in apps:
        assert app.errors() == [], app.errors()
        for aid, spans in app.shown().items():
            assert stored(db, aid) == sorted(spans), (aid, spans)
    assert integrity(db) == "ok"


def wal_present(db: Path) -> bool:
    return Path(str(db) + "-wal").exists() and Path(str(db) + "-shm").exists()


def test_a_reader_open_while_stats_runs(tmp_path: Path) -> None:
    """A: app -> enter; ``newsmark stats``; app ``] 2 ] ] 3 ] 1 ] 1 a``; ``stats`` sees all of it;
    the app's terminal closes: still all of it."""
    db = seeded_db(tmp_path / "a.db")
    go = tmp_path / "go"
    keys = [f"until:{go}", *["]", "2", "]", "]", "3", "]", "1", "]", "1", "a"]]
    keys = [k.replace("]", "right_square_bracket") for k in keys]
    app = AppChild(tmp_path, "app", db, keys, linger=True)
    try:
        app.wait_step(0)
        newsmark(db, "stats", cwd=tmp_path)
        go.touch()
        app.wait_step(len(keys))
        shown = app.shown()
        total = sum(len(v) for v in shown.values())
        assert total >= 2, shown
        assert spans_in_stats(db, tmp_path) == total
        assert wal_present(db)
        assert_nothing_lost(db, app)
    finally:
        app.kill()
    assert count(db, "SELECT count(*) FROM spans") == total
    assert_nothing_lost(db, app)


def test_b_two_apps_one_quits(tmp_path: Path) -> None:
    """B: apps A and B on one database; A tags; B opens the reader, leaves it and quits; A tags
    three more; ``stats`` and the database have all four."""
    db = seeded_db(tmp_path / "b.db")
    go = tmp_path / "go"
    a = AppChild(tmp_path, "a", db, ["1", f"until:{go}", "w", "2", "w", "3", "w", "4"], linger=True)
    try:
        a.wait_step(1)
        b = AppChild(tmp_path, "b", db, ["escape"], linger=False)
        assert b.wait_exit() == 0, b.output()
        assert wal_present(db)
        go.touch()
        a.wait_step(8)
        total = sum(len(v) for v in a.shown().values())
        assert total == 4, a.shown()
        assert spans_in_stats(db, tmp_path) == 4
        assert wal_present(db)
        assert_nothing_lost(db, a)  # B showed the state before A's last three tags
        assert b.errors() == [] and b.records()[-1].get("done")
    finally:
        a.kill()
    assert count(db, "SELECT count(*) FROM spans") == 4
    assert_nothing_lost(db, a)


def test_c_app_stats_and_an_import(tmp_path: Path) -> None:
    """C: app -> enter; ``stats``; app tags; ``newsmark import pages/``; app tags, leaves, quits:
    integrity ok, every imported page there, every shown span there."""
    db = seeded_db(tmp_path / "c.db")
    pages = make_pages(tmp_path / "pages")
    go1, go2 = tmp_path / "go1", tmp_path / "go2"
    keys = [
        f"until:{go1}",
        "right_square_bracket",
        "2",
        "right_square_bracket",
        "right_square_bracket",
        "3",
        f"until:{go2}",
        "right_square_bracket",
        "1",
        "raw:escape",
    ]
    app = AppChild(tmp_path, "app", db, keys, linger=False)
    try:
        app.wait_step(0)
        newsmark(db, "stats", cwd=tmp_path)
        go1.touch()
        app.wait_step(6)
        res = newsmark(db, "import", str(pages), cwd=tmp_path)
        assert f"imported {N_PAGES}" in res.stdout + res.stderr
        assert wal_present(db)
        go2.touch()
        assert app.wait_exit() == 0, app.output()
    finally:
        app.kill()
    assert app.records()[-1].get("done")
    assert_nothing_lost(db, app)
    assert count(db, "SELECT count(*) FROM articles") == 2 + N_PAGES


def test_d_library_export_import_delete_quit(tmp_path: Path) -> None:
    """D: both seeds tagged, app on the library; ``export`` and ``stats``; the app's export
    dialog; ``import pages/`` (the library shows them); the reader deletes a span; the app
    quits with status 0 and no traceback, and the database has what it showed."""
    db = seeded_db(tmp_path / "d.db")
    pages = make_pages(tmp_path / "pages")
    go1, go2 = tmp_path / "go1", tmp_path / "go2"
    keys = [
        "1",
        "w",
        "2",
        "a",
        "1",
        "w",
        "w",
        "3",
        "raw:escape",
        f"until:{go1}",
        "raw:x",
        "raw:enter",
        f"until:{go2}",
        "raw:enter",
        "d",
        "raw:escape",
    ]
    app = AppChild(tmp_path, "app", db, keys, linger=False)
    try:
        app.wait_step(9)
        newsmark(db, "export", str(tmp_path / "train.jsonl"), "--status", "all", cwd=tmp_path)
        shown_before = sum(len(v) for v in app.shown().values())
        assert spans_in_stats(db, tmp_path) == shown_before >= 3
        go1.touch()
        app.wait_step(12)
        newsmark(db, "import", str(pages), cwd=tmp_path)
        assert wal_present(db)
        go2.touch()
        assert app.wait_exit() == 0, app.output()
    finally:
        app.kill()
    assert "Traceback" not in app.output()
    assert app.records()[-1].get("done")
    assert_nothing_lost(db, app)
    assert count(db, "SELECT count(*) FROM articles") == 2 + N_PAGES
    assert count(db, "SELECT count(*) FROM spans") == shown_before - 1
