"""Where an export may write, and with which permissions.

An export never writes over the database it reads, nor its ``-wal``/``-shm`` (by any path, symlink
or hard link), nor a FIFO, a device, a socket, or a folder where a file is meant. Files and
folders it creates get the user's umask (0644/0755 under 022), as ``cp`` and ``mkdir`` would; a
file it replaces keeps its mode. Only ``stat`` is used to look: opening a database file outside
SQLite would drop this process's locks on it (see :func:`tui.core.store.live_database_files`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .store import StoreError, is_live_database_file, live_database_files


class DestinationError(StoreError):
    """A place an export refuses to write to; the message says why and what to do."""


def current_umask() -> int:
    """The process umask, read without changing it (``os.umask`` would race other threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def new_file_mode() -> int:
    return 0o666 & ~current_umask()


def new_dir_mode() -> int:
    return 0o777 & ~current_umask()


def _refuse_database(path: Path) -> None:
    if is_live_database_file(path):
        raise DestinationError(
            f"{path}: is the newsmark database (or its -wal/-shm) being exported; "
            "give another file name"
        )


def file_target(path: str | Path) -> tuple[Path, int]:
    """The real file to write for ``path`` (a symlink is followed, as ``cp`` does) and the mode
    to give it; refuses the database files, folders and anything that is not a regular file."""
    given = Path(path)
    _refuse_database(given)
    real = Path(os.path.realpath(given))
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return real, new_file_mode()
    except OSError as exc:
        raise DestinationError(f"{given}: cannot use it ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise DestinationError(f"{given}: is a folder; give a file name")
    if not stat.S_ISREG(st.st_mode):
        raise DestinationError(
            f"{given}: is not a regular file (a FIFO, a device or a socket); give a file name"
        )
    return real, stat.S_IMODE(st.st_mode)


def folder_target(path: str | Path) -> Path:
    """The real folder a folder export (brat, a ``--split`` folder) replaces: never a file, a
    database file, or a folder holding a database this process has open."""
    given = Path(path)
    _refuse_database(given)
    real = Path(os.path.realpath(given))
    if real.exists() and not real.is_dir():
        raise DestinationError(f"{given}: is not a folder; give a folder name")
    inside = str(real) + os.sep
    for name in live_database_files():
        if name.startswith(inside):
            raise DestinationError(f"{given}: holds the newsmark database; give another folder")
    return real


def existing(paths: list[Path]) -> list[Path]:
    """Those of ``paths`` already there (what an export would replace)."""
    return [p for p in paths if os.path.lexists(p)]


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return rc == 0


def swap_in(stage: Path, target: Path) -> None:
    """Put the fully written folder ``stage`` in ``target``'s place, as one step where the system
    can (so a reader or a ``kill -9`` sees the whole old set or the whole new one), then remove
    the old folder. ``stage`` must be a sibling of ``target``."""
    import shutil

    if not os.path.lexists(target):
        os.rename(stage, target)
    elif _exchange(stage, target):
        shutil.rmtree(stage, ignore_errors=True)  # now the old folder
    else:
        old = target.with_name(f".{target.name}.old.{os.getpid()}")
        os.rename(target, old)
        os.rename(stage, target)
        shutil.rmtree(old, ignore_errors=True)
    fsync_path(target.parent)


def stage_folder(target: Path, written: set[str]) -> Path:
    """A new hidden sibling of ``target`` to write a set of files into, holding hard links to the
    files of ``target`` the export does not write (so swapping keeps them). Refuses a target
    holding folders the export does not write (they cannot be carried over in one step)."""
    import tempfile

    _remove_abandoned_stages(target)
    stage = Path(
        tempfile.mkdtemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=".set.tmp", dir=target.parent
        )
    )
    os.chmod(stage, stat.S_IMODE(os.stat(target).st_mode) if target.is_dir() else new_dir_mode())
    try:
        if target.is_dir():
            for entry in os.scandir(target):
                if entry.name in written:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    raise DestinationError(
                        f"{target}: holds the folder {entry.name}; give a new folder "
                        "or one holding only files"
                    )
                os.link(entry.path, stage / entry.name, follow_symlinks=False)
    except BaseException:
        import shutil

        shutil.rmtree(stage, ignore_errors=True)
        raise
    return stage


def _remove_abandoned_stages(target: Path) -> None:
    """Stage folders left by an export that was killed (its process is gone)."""
    import shutil

    prefix = f".{target.name}."
    for entry in os.scandir(target.parent):
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(".set.tmp")):
            continue
        pid = name[len(prefix) :].split(".", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:
            pass


def fsync_path(path: Path) -> None:
    """Flush a written file, or a folder's entries after a rename, to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
