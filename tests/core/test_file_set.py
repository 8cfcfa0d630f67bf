"""Replacing a set of files beside other files (:mod:`tui.core.file_set`): the paths recovery
takes that a ``kill -9`` sweep cannot reach (temporary files deleted by hand, an unreadable
journal), and the names a set refuses before anything is written. The kill sweeps themselves are
in ``tests/system/test_split_files.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import tui.core.file_set as fs_mod
from tui.core.destinations import DestinationError
from tui.core.export import export, replaced_by
from tui.core.file_set import commit, journal_path, open_set, recover
from tui.core.formats import ExportOptions
from tui.core.store import NewArticle, Store


class Killed(BaseException):
    """Stands for the process dying at that point (nothing after it runs)."""


def members(folder: Path) -> dict[str, str]:
    """The visible files of ``folder`` (hidden ones are the journal and temporary files)."""
    return {
        p.name: p.read_text()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


def half_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An old set of three parts, and a new two-part one stopped after its first part went in."""
    for n in ("train", "dev", "test"):
        (tmp_path / f"c.{n}.jsonl").write_text(f"old {n}\n")
    out = tmp_path / "c.jsonl"
    fs = open_set(
        out,
        {"train": tmp_path / "c.train.jsonl", "test": tmp_path / "c.test.jsonl"},
        [tmp_path / "c.dev.jsonl"],
    )
    for name, temp in fs.temps.items():
        temp.write_text(f"new {name}\n")
    real = os.replace
    calls = []

    def replace(src: str, dst: str) -> None:
        if ".newsmark-part." in str(src):
            calls.append(dst)
            if len(calls) == 2:
                raise Killed
        real(src, dst)

    monkeypatch.setattr(fs_mod.os, "replace", replace)
    with pytest.raises(Killed):
        commit(fs)
    monkeypatch.setattr(fs_mod.os, "replace", real)
    return out


def test_a_half_replaced_set_is_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = half_replaced(tmp_path, monkeypatch)
    assert members(tmp_path) == {"c.train.jsonl": "new train\n"}  # no old part beside it
    note = recover(journal_path(out), out)
    assert note is not None and "completed the set" in note
    assert members(tmp_path) == {"c.train.jsonl": "new train\n", "c.test.jsonl": "new test\n"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_set_whose_temporary_files_are_gone_is_removed_not_mixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = half_replaced(tmp_path, monkeypatch)
    for p in tmp_path.glob(".*newsmark-part*"):
        p.unlink()  # someone cleaned hidden files
    note = recover(journal_path(out), out)
    assert note is not None and "removed the parts it had put in place (c.train.jsonl)" in note
    assert members(tmp_path) == {}  # not at all, rather than half
    assert recover(journal_path(out), out) is None


def test_an_unreadable_journal_is_removed_with_a_note(tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    (tmp_path / "c.train.jsonl").write_text("mine\n")
    journal_path(out).write_text("{not json")
    note = recover(journal_path(out), out)
    assert note is not None and "unreadable journal" in note
    assert members(tmp_path) == {"c.train.jsonl": "mine\n"}
    assert not journal_path(out).exists()


def test_abandoned_temporary_files_of_a_dead_process_are_removed(tmp_path: Path) -> None:
    dead = 2**22 + 12345  # above pid_max's default: no such process
    stray = tmp_path / f".c.train.jsonl.newsmark-part.{dead}"
    inner = tmp_path / f"..c.test.jsonl.newsmark-part.{dead}.abc123.tmp"
    alive = tmp_path / f".c.train.jsonl.newsmark-part.{os.getppid()}"
    for p in (stray, inner, alive):
        p.write_text("x")
    open_set(
        tmp_path / "c.jsonl",
        {"train": tmp_path / "c.train.jsonl", "test": tmp_path / "c.test.jsonl"},
        [],
    )
    assert not stray.exists() and not inner.exists() and alive.exists()


def test_a_set_refuses_folders_fifos_and_the_database_before_writing(tmp_path: Path) -> None:
    db = tmp_path / "c.train.db"
    with Store(db) as s:
        s.insert_articles([NewArticle(text="Anna met Bob.", raw="Anna met Bob.", lang="en")])
        s.set_status(1, "done")
        (tmp_path / "c.dev.jsonl").mkdir()  # a previous dev part the new split drops
        (tmp_path / "c.test.jsonl").write_text("keep\n")
        with pytest.raises(DestinationError, match="is a folder"):
            export(s, tmp_path / "c.jsonl", options=ExportOptions(split="50/50", lint=False))
        (tmp_path / "c.dev.jsonl").rmdir()
        os.mkfifo(tmp_path / "c.train.jsonl")
        with pytest.raises(DestinationError, match="not a regular file"):
            export(s, tmp_path / "c.jsonl", options=ExportOptions(split="50/50", lint=False))
        os.unlink(tmp_path / "c.train.jsonl")
        with pytest.raises(DestinationError, match="newsmark database"):
            export(s, tmp_path / "c.db", options=ExportOptions(split="50/50", lint=False))
        assert (tmp_path / "c.test.jsonl").read_text() == "keep\n"
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
        res = export(s, tmp_path / "c.jsonl", options=ExportOptions(split="50/50", lint=False))
    assert sorted(Path(p).name for p in res.files) == ["c.test.jsonl", "c.train.jsonl"]


def test_what_an_export_would_replace(tmp_path: Path) -> None:
    (tmp_path / "c.dev.jsonl").write_text("old\n")
    (tmp_path / "c.jsonl").write_text("single\n")
    out = str(tmp_path / "c.jsonl")
    assert replaced_by(out, "jsonl", "50/50") == [tmp_path / "c.dev.jsonl"]
    assert replaced_by(out, "jsonl") == [tmp_path / "c.jsonl"]
    assert replaced_by(str(tmp_path / "none.jsonl"), "jsonl", "80/10/10") == []
    assert replaced_by("-", "jsonl") == []


def test_an_export_without_split_to_the_name_completes_the_set_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = half_replaced(tmp_path, monkeypatch)
    with Store(tmp_path / "db" / "n.db") as s:
        s.insert_articles([NewArticle(text="Anna met Bob.", raw="Anna met Bob.", lang="en")])
        s.set_status(1, "done")
        res = export(s, out, options=ExportOptions(lint=False))
    assert any("completed the set" in n for n in res.notes), res.notes
    got = members(tmp_path)
    assert got.pop("c.jsonl").startswith('{"text": "Anna met Bob."')
    assert got == {"c.train.jsonl": "new train\n", "c.test.jsonl": "new test\n"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
