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

#: A record key saying its tokens came with the import (the DocBin writer keeps them as they
#: are); internal: never written out.
IMPORTED_TOKENS = "__imported_tokens"


class ExportError(StoreError):
    """An export that cannot be written; the message is meant for the user."""


@contextmanager
def atomic_writer(path: str | Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temp file beside ``path``, fsync, rename: never a truncated file.

    Never over the database, a FIFO, a device or a folder (:func:`tui.core.destinations.file_target`);
    a symlink is followed; a new file gets the umask's mode, a replaced one keeps its own."""
    if str(path) == "-":
        if (
            "b" not in mode and sys.stdout.isatty()
        ):  # a person reads it: the data must not act on the terminal
            from ..safe_text import TerminalWriter

            yield TerminalWriter(sys.stdout)  # type: ignore[misc]
            return
        yield sys.stdout.buffer if "b" in mode else sys.stdout
        return
    from ..destinations import file_target, fsync_path

    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise ExportError(f"{target}: folder {directory} does not exist")
    real, file_mode = file_target(target)
    directory = real.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write here ({exc.strerror})") from None
    try:
        text_args: dict[str, Any] = {} if "b" in mode else {"encoding": "utf-8", "newline": "\n"}
        with os.fdopen(fd, mode, **text_args) as fh:
            yield fh
            fh.flush()
            os.fchmod(fh.fileno(), file_mode)
            os.fsync(fh.fileno())
        os.replace(tmp, real)
        fsync_path(directory)
    except OSError as exc:
        _unlink(tmp)
        raise ExportError(
            f"{target}: writing failed ({exc.strerror or exc}); the previous file is unchanged"
        ) from None
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(p: str) -> None:
    with suppress(OSError):
        os.unlink(p)
