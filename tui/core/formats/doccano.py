"""doccano sequence-labelling JSONL.

Export, one object per line (doccano's import shape; extra keys are shown as metadata)::

    {"id": 1, "text": "Apple hired Tim Cook.", "label": [[0, 5, "ORG"], [12, 20, "PER"]],
     "title": ..., "source": ..., "language": "en", "status": "done", "tags": [], ...}

Offsets are code points; ``--utf16-offsets`` adds ``label_utf16`` (the same triples in UTF-16
units, which is what doccano's browser front end counts). Import reads ``label`` (new),
``labels`` (older) and ``entities`` (with relations) -- see :func:`spans`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import ExportOptions, Format, utf16_offsets

#: Flat keys written beside ``text`` and ``label``, read back by the importer.
META_KEYS = ("title", "source", "author", "date", "publisher", "language", "language_prob",
             "status", "tags", "note", "annotator", "hash")


def record(rec: dict[str, Any], utf16: bool = False) -> dict[str, Any]:
    meta = rec["meta"]
    out: dict[str, Any] = {"id": meta["id"], "text": rec["text"],
                           "label": [[sp["start"], sp["end"], sp["label"]] for sp in rec["spans"]]}
    if utf16:
        u = utf16_offsets(rec["text"])
        out["label_utf16"] = [[u(sp["start"]), u(sp["end"]), sp["label"]] for sp in rec["spans"]]
    for k in META_KEYS:
        out[k] = meta.get(k)
    return out


@contextmanager
def open_sink(out: str | Path, options: ExportOptions) -> Iterator[Callable[[dict[str, Any]], None]]:
    from .base import atomic_writer

    with atomic_writer(out) as fh:
        def write(rec: dict[str, Any]) -> None:
            fh.write(json.dumps(record(rec, options.utf16), ensure_ascii=False) + "\n")

        yield write


FORMAT = Format("doccano", ".jsonl", open_sink, description="doccano sequence-labelling JSONL")


def spans(rec: dict[str, Any]) -> list[tuple[Any, Any, Any, Any]]:
    """``(start, end, label, None)`` from doccano's ``label``/``labels`` triples and ``entities``.

    Label Studio's JSON_MIN also uses ``label``, with objects (``start``, ``end``, ``labels``,
    ``text``); those are read here too. Text-classification labels (plain strings) are not spans
    and are ignored.
    """
    out: list[tuple[Any, Any, Any, Any]] = []
    for key in ("label", "labels"):
        val = rec.get(key)
        if not isinstance(val, list):
            continue
        for sp in val:
            if isinstance(sp, list | tuple) and len(sp) == 3:
                out.append((sp[0], sp[1], sp[2], None))
            elif isinstance(sp, dict):  # Label Studio JSON_MIN
                labels = sp.get("labels") or [sp.get("label")]
                out.append((sp.get("start"), sp.get("end"), labels[0] if labels else None, sp.get("text")))
            elif isinstance(sp, str):
                continue  # a document category, not a span
            else:
                out.append((None, None, None, None))
    for ent in rec.get("entities") or []:
        if isinstance(ent, dict):
            out.append((ent.get("start_offset", ent.get("start")), ent.get("end_offset", ent.get("end")),
                        ent.get("label"), None))
    return out
