"""Prodigy/spaCy span JSONL, newsmark's own export format: one record per line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import ExportOptions, Format, utf16_offsets
from .base import IMPORTED_TOKENS, atomic_writer


def with_utf16(rec: dict[str, Any]) -> dict[str, Any]:
    """``start_utf16``/``end_utf16`` beside the code-point offsets of spans and tokens."""
    u = utf16_offsets(rec["text"])
    out = dict(rec)
    out["spans"] = [
        {**sp, "start_utf16": u(sp["start"]), "end_utf16": u(sp["end"])} for sp in rec["spans"]
    ]
    if "tokens" in rec:
        out["tokens"] = [
            {**t, "start_utf16": u(t["start"]), "end_utf16": u(t["end"])} for t in rec["tokens"]
        ]
    return out


@contextmanager
def open_jsonl(
    out: str | Path, options: ExportOptions
) -> Iterator[Callable[[dict[str, Any]], None]]:
    with atomic_writer(out) as fh:

        def write(rec: dict[str, Any]) -> None:
            rec = {k: v for k, v in rec.items() if k != IMPORTED_TOKENS}
            fh.write(
                json.dumps(with_utf16(rec) if options.utf16 else rec, ensure_ascii=False) + "\n"
            )

        yield write


def jsonl_format() -> Format:
    return Format(
        "jsonl", ".jsonl", open_jsonl, description="Prodigy/spaCy span JSONL (the default)"
    )
