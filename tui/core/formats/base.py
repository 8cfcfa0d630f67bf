"""What every export writer shares: the error it raises and the atomic file it writes to.

Here, not in :mod:`tui.core.export`, so that the format modules never import the export pipeline
that imports them (an import cycle).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from ..store import StoreError


class ExportError(StoreError):
    """An export that cannot be written; the message is meant for the user."""


@contextmanager
def atomic_writer(path: str | Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temp file beside ``path``, fsync, rename: never a truncated file."""
    if str(path) == "-":
        yield sys.stdout.buffer if "b" in mode else sys.stdout
        return
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise ExportError(f"{target}: folder {directory} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write here ({exc.strerror})") from None
    try:
        text_args: dict[str, Any] = {} if "b" in mode else {"encoding": "utf-8", "newline": "\n"}
        with os.fdopen(fd, mode, **text_args) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        _unlink(tmp)
        raise ExportError(f"{target}: writing failed ({exc.strerror or exc}); the previous file is unchanged") from None
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(p: str) -> None:
    with suppress(OSError):
        os.unlink(p)
