"""Replacing a set of files that share a folder with other files, so that an interrupted export
never leaves parts of two exports side by side.

``newsmark export corpus.jsonl --split 80/10/10`` writes ``corpus.train.jsonl``,
``corpus.dev.jsonl`` and ``corpus.test.jsonl`` beside whatever else the folder holds, so the set
cannot be swapped in as one folder. POSIX cannot rename several names in one step either, so the
set is replaced in an order that can always be finished, even after ``kill -9`` at any moment:

1. every new part is written to a hidden temporary file beside its final name and fsynced
   (``.corpus.train.jsonl.newsmark-part.PID``);
2. a journal naming each temporary file, its final name and inode, and the members of the set's
   name the new export does not write, is written and fsynced (``.corpus.jsonl.newsmark-set``);
3. the previous members are all removed before any new part is renamed in: an interruption leaves
   old parts or new parts, never both (train and test never share an article);
4. the new parts are renamed in and the folder fsynced; 5. the journal is removed.

The next export to the same name finds a journal left behind and rolls it forward from the
fsynced temporary files (or, if some are gone, removes the partial new set), and says so in one
line. Steps 2-5 and that recovery hold an exclusive ``flock`` on the folder, so two exports into
one folder never interleave them; temporary files of an export whose process is gone are removed.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .destinations import DestinationError, file_target, fsync_path
from .formats.base import ExportError

JOURNAL_SUFFIX = ".newsmark-set"
PART_MARK = ".newsmark-part."


@dataclass
class FileSet:
    """One set being replaced: where each part is written first and where it goes."""

    out: Path  # the name the user gave (``corpus.jsonl``), which names the set
    journal: Path
    finals: dict[str, Path]  # part -> the real file it replaces (a symlink is followed, as cp)
    modes: dict[str, int]  # part -> mode (a replaced file keeps its own, a new one the umask's)
    temps: dict[str, Path]  # part -> hidden temporary file beside its final name
    others: list[Path]  # members of the set's name this export does not write (a previous dev)
    notes: list[str] = field(default_factory=list)  # what recovery did, one line each
    journaled: bool = False  # from here on the temporary files belong to the journal


def journal_path(out: Path) -> Path:
    folder = Path(os.path.realpath(out.parent if str(out.parent) else "."))
    return folder / f".{out.name}{JOURNAL_SUFFIX}"


def open_set(out: Path, parts: dict[str, Path], others: list[Path]) -> FileSet:
    """Prepare replacing the set named ``out``: finish or undo what an interrupted export to it
    left, then check every name (never the database, a folder, a FIFO or a device, by
    :func:`tui.core.destinations.file_target`) before anything is written."""
    journal = journal_path(out)
    if not journal.parent.is_dir():
        raise ExportError(f"{out}: folder {out.parent} does not exist")
    others = [Path(os.path.realpath(p.parent)) / p.name for p in others]  # as the journal's
    notes: list[str] = []
    # one hold of the lock: no journal can appear between recovery and the sweep of temporary
    # files (journals are only written under it), so the sweep never takes one a journal needs
    with _locked(journal.parent):
        note = _recover_or_refuse(journal, out)
        if note:
            notes.append(note)
        finals: dict[str, Path] = {}
        modes: dict[str, int] = {}
        for name, path in parts.items():
            finals[name], modes[name] = file_target(path)
        if len(set(finals.values())) < len(finals):
            raise DestinationError(
                f"{out}: two parts of the set name the same file; give other names"
            )
        for path in others:
            if os.path.lexists(path):
                file_target(path)  # a previous member is removed: it must be a file to remove
        for path in [*finals.values(), *others]:
            _remove_abandoned_temps(Path(os.path.realpath(path.parent)), path.name)
    temps = {n: p.with_name(f".{p.name}{PART_MARK}{os.getpid()}") for n, p in finals.items()}
    return FileSet(out, journal, finals, modes, temps, list(others), notes)


def finish_pending(out: Path) -> str | None:
    """For an export to ``out`` that writes no set (no ``--split`` now): complete a set a killed
    ``--split`` export to the same name left, as any later export to it does first."""
    journal = journal_path(out)
    if not os.path.lexists(journal):
        return None
    with _locked(journal.parent):
        return _recover_or_refuse(journal, out)


def _recover_or_refuse(journal: Path, out: Path) -> str | None:
    try:
        return recover(journal, out)
    except OSError as exc:
        raise ExportError(
            f"{out}: cannot finish an interrupted export to it ({exc.strerror or exc}); "
            "nothing was written"
        ) from None


def commit(fs: FileSet) -> None:
    """Put the written temporary files in place of the previous set (steps 2 to 5)."""
    entries = []
    for name, temp in fs.temps.items():
        os.chmod(temp, fs.modes[name])
        fsync_path(temp)
        st = os.lstat(temp)
        entries.append(
            {
                "temp": _rel(temp, fs.journal.parent),
                "final": _rel(fs.finals[name], fs.journal.parent),
                "ino": st.st_ino,
                "size": st.st_size,
            }
        )
    with _locked(fs.journal.parent):
        note = _recover_or_refuse(fs.journal, fs.out)  # one killed after this export began
        if note:
            fs.notes.append(note)
        drop = [_rel(p, fs.journal.parent) for p in fs.others if os.path.lexists(p)]
        data = {"pid": os.getpid(), "parts": entries, "remove": drop}
        _write_journal(fs.journal, data)
        fs.journaled = True
        try:
            _fsync_dirs({fs.journal.parent})
            _apply(fs.journal, data)
        except OSError as exc:
            raise ExportError(
                f"{fs.out}: writing the set failed ({exc.strerror or exc}); the next export to "
                f"{fs.out} finishes or removes it"
            ) from None


def discard(fs: FileSet) -> None:
    """Remove the temporary files of an export that did not reach its journal."""
    if fs.journaled:
        return
    for temp in fs.temps.values():
        with suppress(OSError):
            os.unlink(temp)


def recover(journal: Path, out: Path) -> str | None:
    """Finish the replacement a killed export left in ``journal`` (or remove its partial new set
    if its temporary files are not all there); the line saying what was done, None if nothing
    was pending. The caller holds the folder's lock."""
    with suppress(FileNotFoundError):
        os.unlink(journal.with_name(journal.name + ".tmp"))  # killed while writing it
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        parts, _ = _entries(journal.parent, data)
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        os.unlink(journal)  # unreadable: written by none of ours; nothing can be done with it
        return f"{out}: removed an unreadable journal of an interrupted export ({journal.name})"
    names = ", ".join(final.name for _, final, _ in parts)
    removed = _apply(journal, data)
    if removed is None:
        return f"{out}: completed the set an interrupted export had left half-replaced ({names})"
    if removed:
        return (
            f"{out}: an interrupted export's temporary files are gone; removed the parts it had "
            f"put in place ({', '.join(p.name for p in removed)}); export again"
        )
    return f"{out}: an interrupted export's temporary files are gone; its previous set is as it was"


def _apply(journal: Path, data: dict[str, Any]) -> list[Path] | None:
    """Steps 3 to 5 from a written journal; also what recovery runs, so it must work from any
    point it may have been interrupted at. None once the new set is in place; if it cannot be
    completed (a temporary file is gone), its parts are removed instead and listed."""
    folder = journal.parent
    parts, remove = _entries(folder, data)
    dirs = {folder, *(p.parent for t, f, _ in parts for p in (t, f)), *(r.parent for r in remove)}
    removed: list[Path] | None = None
    if not all(_is(t, ino) or _is(f, ino) for t, f, ino in parts):
        removed = [final for _, final, ino in parts if _is(final, ino)]
        for temp, final, ino in parts:
            for path in (temp, final):
                if _is(path, ino):
                    os.unlink(path)
    else:
        # every previous member goes before any new part comes: never old and new side by side
        for _, final, ino in parts:
            if os.path.lexists(final) and not _is(final, ino):
                os.unlink(final)
        for path in remove:
            with suppress(FileNotFoundError):
                os.unlink(path)
        _fsync_dirs(dirs)
        for temp, final, ino in parts:
            if _is(temp, ino):
                os.replace(temp, final)
    _fsync_dirs(dirs)
    os.unlink(journal)
    _fsync_dirs({folder})
    return removed


def _entries(folder: Path, data: Any) -> tuple[list[tuple[Path, Path, int]], list[Path]]:
    """The journal's (temporary file, final name, inode) triples and the names to remove;
    KeyError, TypeError or ValueError if it is not one of ours."""
    parts = [
        (folder / str(e["temp"]), folder / str(e["final"]), int(e["ino"])) for e in data["parts"]
    ]
    if not all(PART_MARK in temp.name for temp, _, _ in parts):
        raise ValueError("not a journal of newsmark's")
    return parts, [folder / str(r) for r in data["remove"]]


def _is(path: Path, ino: int) -> bool:
    """Whether ``path`` is the regular file with inode ``ino`` (a rename keeps the inode)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    return st.st_ino == ino and stat.S_ISREG(st.st_mode)


def _write_journal(journal: Path, data: dict[str, Any]) -> None:
    tmp = journal.with_name(journal.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        os.write(fd, json.dumps(data, ensure_ascii=False).encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, journal)


def _remove_abandoned_temps(folder: Path, name: str) -> None:
    """Temporary files for ``name`` left by an export whose process is gone (and the ones the
    atomic writer makes for them)."""
    prefix = f"{name}{PART_MARK}"
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        bare = entry.name.lstrip(".")
        if not (entry.name.startswith(".") and bare.startswith(prefix)):
            continue
        pid = bare[len(prefix) :].split(".", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        with suppress(OSError):
            os.unlink(entry.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on the folder (released when the process dies, so never stale)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        except (ImportError, OSError):
            pass  # no flock here: exports into one folder at once are then not kept apart
        yield
    finally:
        os.close(fd)


def _rel(path: Path, folder: Path) -> str:
    return os.path.relpath(path, folder)


def _fsync_dirs(dirs: set[Path]) -> None:
    for d in dirs:
        with suppress(FileNotFoundError):
            fsync_path(d)
