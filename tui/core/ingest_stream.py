"""JSONL read a line at a time, so memory stays flat in the size of the file.

A 116 MB JSONL of a million records used to be read, decoded and split whole (1.39 GB before
the first batch was stored). Here a ``.jsonl``/``.ndjson`` file (gzipped or not) is read line by
line: each line is decoded, parsed and handed on as one item, and the import stores items in
batches as they come. The size limit (``--max-size``) applies to one line; a longer line is
skipped and named, and the rest of the file is read. A file that turns out not to be JSONL (a
pretty-printed object or an array under a ``.jsonl`` name) goes back to the whole-file reader.

Core module: no Textual, no Rich.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, cast

from .import_report import Item, Problem
from .ingest_check import RecordError, loads
from .ingest_read import decode_legacy, max_bytes, too_large

#: ``(record, where, source)`` to an article-to-be, or the problem that stops it.
MakeItem = Callable[[Any, str, str], "Item | Problem"]

JSONL_EXT = (".jsonl", ".ndjson")
_SKIP_CHUNK = 1 << 20


def is_jsonl_name(path: Path) -> bool:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return name.endswith(JSONL_EXT)


def _open(path: Path) -> IO[bytes]:
    with open(path, "rb") as fh:
        magic = fh.read(2)
    if magic == b"\x1f\x8b":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")  # noqa: SIM115


def stream_jsonl(path: Path, where: str, make_item: MakeItem) -> Iterator[Item | Problem] | None:
    """The items of a JSONL file one line at a time, or None when it is not JSONL after all (its
    first line is an array or not whole JSON: an array, a pretty-printed object) and fits the
    limit: the caller reads it whole. ``make_item(record, where, source)`` turns a parsed record
    into an article-to-be (the caller's, so that this module never imports the reader)."""
    limit = max_bytes()
    try:
        with _open(path) as fh:
            head = fh.read(65536)
            first = next((ln for ln in head.split(b"\n") if ln.strip()), b"")
    except (
        OSError
    ) as exc:  # unreadable, or a gzip error in the first block: the whole reader says it
        if isinstance(exc, gzip.BadGzipFile):
            return None
        return iter(
            [
                Problem(
                    where,
                    f"cannot read ({exc.strerror or exc}); check the path and its permissions",
                )
            ]
        )
    except (EOFError, zlib.error):
        return None
    if head.count(0) > max(len(head) // 100, 0):
        return iter(
            [Problem(where, "binary file (NUL bytes), not text; import text, HTML or JSONL files")]
        )
    try:  # JSONL when the first line is a whole JSON value (an object; too deep is a bad record)
        jsonl = not isinstance(
            loads(first.lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace")), list
        )
    except RecordError:
        jsonl = True
    except ValueError:  # a pretty-printed object
        jsonl = False
    if not jsonl and path.stat().st_size <= limit:
        return None
    return _stream(path, where, limit, make_item)


def _stream(path: Path, where: str, limit: int, make_item: MakeItem) -> Iterator[Item | Problem]:

    lineno = 0
    legacy: str | None = None  # the encoding found for the first non-UTF-8 line
    try:
        fh = _open(path)
        before = os.stat(path)
    except OSError as exc:
        yield Problem(
            where, f"cannot read ({exc.strerror or exc}); check the path and its permissions"
        )
        return
    with fh:
        while True:
            try:
                raw = fh.readline(limit + 1)
                if len(raw) > limit and not raw.endswith(b"\n"):
                    lineno += 1
                    _skip_line(fh)
                    yield Problem(
                        f"{where}:{lineno}",
                        too_large("", limit, "line too large") + "; line skipped",
                    )
                    continue
            except (OSError, EOFError, zlib.error) as exc:
                yield Problem(
                    f"{where}:{lineno + 1}",
                    f"broken gzip ({exc}) after line {lineno}; the rest of the "
                    "file was not read: it is damaged, get it again (what was read is imported)",
                )
                return
            if not raw:
                break
            lineno += 1
            if lineno == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                if legacy is None:
                    line, note = decode_legacy(raw)
                    legacy = note.split("decoded as ", 1)[-1].split(" ", 1)[0]
                    yield Problem(
                        f"{where}:{lineno}",
                        f"{note}; the following non-UTF-8 lines too",
                        fatal=False,
                    )
                else:
                    line = raw.decode(legacy, errors="replace")
            yield line_item(line, where, lineno, make_item)
    try:
        after = os.stat(path)
    except OSError:
        after = None
    if after is None or (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        yield Problem(
            where,
            f"the file changed while it was read ({lineno} lines read); import it again once "
            "it is complete (records already stored are not imported twice)",
        )


def _skip_line(fh: IO[bytes]) -> None:
    """Read past the rest of an over-long line without holding it."""
    while True:
        chunk = fh.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def line_item(line: str, where: str, lineno: int, make_item: MakeItem) -> Item | Problem:
    """One JSONL line to an article-to-be, or the problem that skips the line: the streamed and
    the whole-file readers share it, so a line reads the same either way."""
    at = f"{where}:{lineno}"
    try:
        rec = loads(line)
    except json.JSONDecodeError as exc:
        return Problem(at, f"malformed JSON ({exc.msg} at column {exc.colno}); line skipped")
    except RecordError as exc:
        return Problem(at, f"{exc}; line skipped")
    return make_item(rec, at, where)
