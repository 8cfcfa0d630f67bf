"""Processes end as they should (issue #12 point 9): an app crash is a non-zero exit status, and
an import's worker processes never outlive a parent killed with ``kill -9``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

from tui.core.store import NewArticle, Store


def children_of(pid: int) -> set[int]:
    out: set[int] = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(entry))
    return out


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_import_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    body = " ".join(f"word{j} Lyon Geneva council budget" for j in range(400))
    for i in range(400):
        (folder / f"s{i:04d}.html").write_text(
            f"<html><body><h1>Story {i}</h1><p>{body} {i}</p></body></html>", encoding="utf-8"
        )
    db = tmp_path / "w.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", "--db", str(db), "import", str(folder), "--jobs", "2"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = children_of(proc.pid)
        time.sleep(0.02)
    assert len(workers) >= 2, "the import finished before its workers could be seen"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.05)
    left = [w for w in workers if alive(w)]
    for w in left:  # do not leave them behind for the next test
        os.kill(w, signal.SIGKILL)
    assert left == [], "import workers outlived their killed parent"


CRASH = """
import sys
import tui.app as app_mod
from tui.screens.library import LibraryScreen

def boom(self, *a, **kw):
    raise RuntimeError("simulated crash")

LibraryScreen.on_mount = boom
run = app_mod.NewsmarkApp.run
app_mod.NewsmarkApp.run = lambda self, *a, **kw: run(self, headless=True)  # no terminal in CI
from tui.cli import main
sys.argv[0] = "newsmark"
main()
"""


def test_an_app_crash_exits_non_zero(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with Store(db) as s:
        s.insert_articles([NewArticle(text="A text about Lyon.", raw="A text about Lyon.")])
    res = subprocess.run(
        [sys.executable, "-c", CRASH, "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode != 0, (res.stdout[-2000:], res.stderr[-2000:])
