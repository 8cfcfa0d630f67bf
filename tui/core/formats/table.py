"""CSV and TSV files of articles: one row per article, the first row naming the columns.

A row is read as a record with those names as keys (``text``, ``title``, ``url``, ``id``...,
or the names given with ``--text-field``/``--title-field``/``--id-field``) and goes through the
same checks as a JSONL record; other columns are kept as metadata and exported back. Fields may
hold line breaks (quoted, as spreadsheets write them); a row is named by the line it starts on.
The delimiter is told by the extension (``.tsv``/``.tab``: tab) or sniffed among ``,;\\t|``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

TABLE_EXT = {".csv", ".tsv", ".tab"}


def delimiter(text: str, suffix: str) -> str:
    if suffix in (".tsv", ".tab"):
        return "\t"
    head = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def read(text: str, suffix: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """``(line, record)`` per row, or ``(line, problem)`` for a row that cannot be read."""
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text, suffix))
    header: list[str] | None = None
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [h.strip() for h in row]
                continue
            if len(row) != len(header):
                yield (
                    line,
                    (
                        f"{len(row)} field(s) where the header has {len(header)}; "
                        "row skipped (a quote left open, or a delimiter in an unquoted field?)"
                    ),
                )
                continue
            yield line, {k: v for k, v in zip(header, row, strict=True) if k}
    except csv.Error as exc:
        yield start, f"cannot read the table from here on ({exc}); rows after this one skipped"
