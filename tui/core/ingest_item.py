"""One article-to-be as read from the input, before cleaning, and how a JSON record becomes one.

Shared by the whole-file readers (:mod:`tui.core.ingest`) and the line-at-a-time JSONL reader
(:mod:`tui.core.ingest_stream`), which would otherwise import each other.

Core module: no Textual, no Rich.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .import_report import Problem


@dataclass
class Item:
    """One article-to-be, before cleaning."""

    where: str
    source: str
    kind: str  # "text", "html" or "record"
    raw: str
    record: dict[str, Any] | None = None
    chrome: frozenset[str] | None = None



def record_item(rec: Any, where: str, source: str) -> Item | Problem:
    if not isinstance(rec, dict):
        return Problem(where, f"expected a JSON object with \"text\" or \"html\", got {type(rec).__name__}; skipped")
    data = rec.get("data") if isinstance(rec.get("data"), dict) else None
    body = rec.get("text", data.get("text") if data else None)
    html = rec.get("html", data.get("html") if data else None)
    if isinstance(body, str) and body.strip():
        return Item(where, source, "record", body, rec)
    if isinstance(html, str) and html.strip():
        return Item(where, source, "record", html, rec)
    if body is None and html is None:
        return Problem(where, "record has no \"text\" or \"html\" field; skipped")
    return Problem(where, "record's \"text\" is empty or not a string; skipped")
