"""Where exports may write, and how (issue #12 points 3, 4, 5, 8), through the CLI entry point
and the app's export dialog.

- Read-only commands refuse a ``--db`` that does not exist; ``import`` creates one.
- ``export`` never writes over the database, its ``-wal``/``-shm`` (by any path, symlink or hard
  link), a FIFO, a device or a folder; the CLI replaces an existing file (as ``cp``), the app asks
  first; with nothing to export an existing file is left alone; every format honours the umask.
- A set of files (``--split`` into a folder) appears whole or not at all, even under ``kill -9``
  at any rename.
- An export is one snapshot while another process writes.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from tui.cli import main
from tui.core.store import NewArticle, Store

TEXTS = [
    f"Report {i}: Anna Schmidt met Acme Corp officials in Berlin about budget line {i}."
    for i in range(12)
]


def make_db(path: Path, n: int = 12) -> Path:
    with Store(path) as s:
        s.insert_articles(
            [NewArticle(text=t, raw=t, title=f"R{i}", lang="en") for i, t in enumerate(TEXTS[:n])]
        )
        for aid in s.article_ids():
            s.tag(aid, 0, 6, "MISC")
            s.set_status(aid, "done")
    return path


def run(db: Path, *args: str, umask: int | None = None) -> subprocess.CompletedProcess:
    """``newsmark`` as a user runs it (a real process), optionally under another umask."""
    pre = f"import os; os.umask({umask}); " if umask is not None else ""
    code = pre + "import sys; from tui.cli import main; sys.argv[0] = 'newsmark'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, "--db", str(db), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def snapshot_of(db: Path) -> tuple:
    conn = sqlite3.connect(db)
    try:
        return (
            conn.execute("PRAGMA integrity_check").fetchone()[0],
            conn.execute("SELECT count(*) FROM articles").fetchone()[0],
            conn.execute("SELECT count(*) FROM spans").fetchone()[0],
            conn.execute("PRAGMA application_id").fetchone()[0],
        )
    finally:
        conn.close()


# --- point 8 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["stats"], ["lint"], ["export", "out.jsonl"]])
def test_read_only_commands_refuse_a_missing_database(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "typo" / "nope.db"
    res = run(db, *[str(tmp_path / a) if a.endswith(".jsonl") else a for a in args])
    assert res.returncode != 0
    assert "no such database" in res.stderr and "Traceback" not in res.stderr
    assert not db.exists() and not db.parent.exists()
    assert not (tmp_path / "out.jsonl").exists()


def test_import_still_creates_the_database(tmp_path: Path) -> None:
    db = tmp_path / "new" / "fresh.db"
    res = run(db, "import", str(ROOT / "seeds"))
    assert res.returncode == 0, res.stderr
    assert snapshot_of(db)[1] == 2


# --- point 3 -------------------------------------------------------------------------------------


def test_export_never_writes_over_the_database_files(tmp_path: Path) -> None:
    db = make_db(tmp_path / "corpus.db")
    before = snapshot_of(db)
    (tmp_path / "link.jsonl").symlink_to(db)
    os.link(db, tmp_path / "hard.jsonl")
    sub = tmp_path / "sub"
    sub.mkdir()
    os.mkfifo(tmp_path / "pipe.jsonl")
    targets = [
        str(db),
        str(db) + "-wal",
        str(db) + "-shm",
        str(tmp_path / "link.jsonl"),
        str(tmp_path / "hard.jsonl"),
        str(sub / ".." / "corpus.db"),
        str(tmp_path / "pipe.jsonl"),
        "/dev/null",
        str(sub),
    ]
    for target in targets:
        res = run(db, "export", target, "--status", "all")
        assert res.returncode != 0, (target, res.stderr)
        assert "Traceback" not in res.stderr
        assert snapshot_of(db) == before, target
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe.jsonl").st_mode)
    assert os.path.islink(tmp_path / "link.jsonl") and sub.is_dir() and list(sub.iterdir()) == []
    # in-process too (the app's export runs beside its own connections)
    from tui.core.export import export
    from tui.core.store import StoreError

    with Store(db) as s:
        for target in (str(db), str(db) + "-wal", str(tmp_path / "link.jsonl")):
            with pytest.raises(StoreError):
                export(s, target)
    assert snapshot_of(db) == before


def test_cli_replaces_a_file_and_follows_a_symlink(tmp_path: Path) -> None:
    db = make_db(tmp_path / "c.db")
    out = tmp_path / "train.jsonl"
    out.write_text("old\n", encoding="utf-8")
    os.chmod(out, 0o600)
    assert run(db, "export", str(out), "--status", "all").returncode == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 12
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # a replaced file keeps its mode
    link = tmp_path / "latest.jsonl"
    link.symlink_to(out)
    assert run(db, "export", str(link), "--status", "done", "--label", "MISC").returncode == 0
    assert link.is_symlink() and len(out.read_text(encoding="utf-8").splitlines()) == 12


def test_nothing_to_export_leaves_an_existing_file_alone(tmp_path: Path) -> None:
    db = make_db(tmp_path / "n.db")
    out = tmp_path / "keep.jsonl"
    out.write_text("my precious data\n", encoding="utf-8")
    res = run(db, "export", str(out), "--status", "skipped")
    assert res.returncode == 0, res.stderr
    assert "nothing to export" in res.stderr
    assert out.read_text(encoding="utf-8") == "my precious data\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    "fmt,name",
    [
        ("jsonl", "o.jsonl"),
        ("doccano", "o.jsonl"),
        ("conll", "o.conll"),
        ("hf", "hfdir"),
        ("brat", "bratdir"),
        ("spacy", "o.spacy"),
        ("hf", "h.jsonl"),
    ],
)
def test_every_format_honours_the_umask(tmp_path: Path, fmt: str, name: str) -> None:
    db = make_db(tmp_path / "u.db", 3)
    out = tmp_path / name
    res = run(db, "export", str(out), "--format", fmt, "--status", "all", umask=0o027)
    assert res.returncode == 0, res.stderr
    paths = [
        p for p in tmp_path.rglob("*") if not p.name.startswith("u.db")
    ]  # labels.json beside too
    assert out in paths
    for p in paths:
        want = 0o750 if p.is_dir() else 0o640
        assert stat.S_IMODE(p.stat().st_mode) == want, (p, oct(p.stat().st_mode))


def test_split_files_honour_the_umask(tmp_path: Path) -> None:
    db = make_db(tmp_path / "s.db")
    res = run(
        db, "export", str(tmp_path / "parts"), "--split", "50/50", "--status", "all", umask=0o022
    )
    assert res.returncode == 0, res.stderr
    assert stat.S_IMODE((tmp_path / "parts").stat().st_mode) == 0o755
    for p in (tmp_path / "parts").iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o644


def test_the_app_asks_before_replacing(tmp_path: Path) -> None:
    from app_support import export_over_existing

    db = make_db(tmp_path / "app.db")
    out = tmp_path / "there.jsonl"
    out.write_text("keep me\n", encoding="utf-8")

    def kept() -> None:
        assert out.read_text(encoding="utf-8") == "keep me\n"

    export_over_existing(db, tmp_path / "config", out, kept)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 12


# --- point 4: a set of files, whole or not at all ---------------------------------------------------

KILLER = """
import os, signal, sys
import tui.core.destinations as d
k = int(sys.argv[1]); n = [0]
def hit():
    n[0] += 1
    if n[0] == k:
        os.kill(os.getpid(), signal.SIGKILL)
def wrap(real):
    def call(*a, **kw):
        hit(); out = real(*a, **kw); hit(); return out
    return call
os.replace = wrap(os.replace); os.rename = wrap(os.rename)
d._exchange = wrap(d._exchange)
from tui.cli import main
sys.argv = ["newsmark"] + sys.argv[2:]
main()
"""


def _parts(folder: Path) -> dict[str, set[str]]:
    return {
        p.name: {
            json.loads(line)["meta"]["hash"] for line in p.read_text(encoding="utf-8").splitlines()
        }
        for p in sorted(folder.glob("*.jsonl"))
    }


def test_a_split_set_appears_whole_or_not_at_all_under_kill_9(tmp_path: Path) -> None:
    db = make_db(tmp_path / "k.db", 12)
    out = tmp_path / "parts"
    args = ["--db", str(db), "export", str(out), "--split", "50/50", "--status", "all"]
    assert (
        run(db, "export", str(out), "--split", "50/50", "--status", "all", "--seed", "1").returncode
        == 0
    )
    old = _parts(out)
    assert set(old) == {"train.jsonl", "test.jsonl"}
    assert (
        run(
            db,
            "export",
            str(tmp_path / "expected"),
            "--split",
            "50/50",
            "--status",
            "all",
            "--seed",
            "7",
        ).returncode
        == 0
    )
    new = _parts(tmp_path / "expected")
    assert new != old and set().union(*new.values()) == set().union(*old.values())
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")  # files of the user's, kept
    (out / "README.md").write_text("my readme\n", encoding="utf-8")
    kills = 0
    for k in range(1, 40):
        res = subprocess.run(
            [sys.executable, "-c", KILLER, str(k), *args, "--seed", "7"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        seen = _parts(out)
        assert seen in (old, new), (k, seen)  # never half of a set: train and test never share
        assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
        assert (out / "README.md").read_text(encoding="utf-8") == "my readme\n"
        if res.returncode == 0:
            break
        assert res.returncode == -9, res.stderr
        kills += 1
    assert seen == new and kills >= 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# --- point 5: one snapshot ---------------------------------------------------------------------------


def test_an_export_is_one_snapshot_while_another_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.core.export as ex

    db = make_db(tmp_path / "snap.db", 12)
    out = tmp_path / "snap.jsonl"
    real = ex.build_record
    calls = [0]
    writer = (
        "import sys; from tui.core.store import Store\n"
        "with Store(sys.argv[1], annotator='other') as s:\n"
        "    s.tag(12, 7, 19, 'PER')\n    s.delete_span(s.spans(11)[0].id)\n"
    )

    def build(*a, **kw):  # type: ignore[no-untyped-def]
        calls[0] += 1
        if calls[0] == 1:  # another process writes while the export is under way
            subprocess.run([sys.executable, "-c", writer, str(db)], check=True, timeout=60)
        return real(*a, **kw)

    monkeypatch.setattr(ex, "build_record", build)
    res = CliRunner().invoke(main, ["--db", str(db), "export", str(out), "--status", "all"])
    assert res.exit_code == 0, res.output
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [len(r["spans"]) for r in recs] == [1] * 12  # as it was when the export began
    assert snapshot_of(db)[2] == 12  # the other process's writes did land


def test_a_brat_folder_is_replaced_whole_under_kill_9(tmp_path: Path) -> None:
    db = make_db(tmp_path / "b.db", 12)
    with Store(db) as s:
        for aid in (1, 2, 3):
            s.set_status(aid, "skipped")
    out = tmp_path / "brat"
    assert run(db, "export", str(out), "--format", "brat").returncode == 0  # the 9 done ones

    def names() -> set[str]:
        return {p.name for p in out.iterdir()} if out.is_dir() else set()

    old = names()
    assert len([n for n in old if n.endswith(".txt")]) == 9
    args = ["--db", str(db), "export", str(out), "--format", "brat", "--status", "all"]
    states = []
    for k in range(1, 30):
        res = subprocess.run(
            [sys.executable, "-c", KILLER, str(k), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        states.append(names())
        if res.returncode == 0:
            break
        assert res.returncode == -9, res.stderr
    new = states[-1]
    assert len([n for n in new if n.endswith(".txt")]) == 12 and k >= 2
    for seen in states:  # killed anywhere: the whole old folder or the whole new one, never none
        assert seen in (old, new), sorted(seen ^ old)
    assert old in states  # some kills did land before the swap
