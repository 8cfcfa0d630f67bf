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
META_KEYS = (
    "title",
    "source",
    "author",
    "date",
    "publisher",
    "language",
    "language_prob",
    "status",
    "tags",
    "note",
    "annotator",
    "hash",
)


def record(rec: dict[str, Any], utf16: bool = False) -> dict[str, Any]:
    meta = rec["meta"]
    out: dict[str, Any] = {
        "id": meta["id"],
        "text": rec["text"],
        "label": [[sp["start"], sp["end"], sp["label"]] for sp in rec["spans"]],
    }
    if utf16:
        u = utf16_offsets(rec["text"])
        out["label_utf16"] = [[u(sp["start"]), u(sp["end"]), sp["label"]] for sp in rec["spans"]]
    for k in META_KEYS:
        out[k] = meta.get(k)
    for k, v in meta.items():  # an imported record's own keys go back out as they came
        if k not in out:
            out[k] = v
    return out


@contextmanager
def open_sink(
    out: str | Path, options: ExportOptions
) -> Iterator[Callable[[dict[str, Any]], None]]:
    from .base import atomic_writer

    with atomic_writer(out) as fh:

        def write(rec: dict[str, Any]) -> None:
            fh.write(json.dumps(record(rec, options.utf16), ensure_ascii=False) + "\n")

        yield write


FORMAT = Format("doccano", ".jsonl", open_sink, description="doccano sequence-labelling JSONL")


def _label(label: Any) -> Any:
    """doccano 1.x downloads name labels by database id when ``label_name`` is absent: such an
    entity is kept under ``LABEL_<id>`` (see :func:`unnamed_label_ids`), never dropped."""
    if isinstance(label, int) and not isinstance(label, bool):
        return f"LABEL_{label}"
    return label


def spans(rec: dict[str, Any]) -> list[tuple[Any, Any, Any, Any, Any]]:
    """``(start, end, label, None, annotator)`` from every shape doccano wrote over the years.

    * ``label`` (new) and ``labels`` (older): ``[start, end, label]`` triples;
    * ``entities``: triples (the intent-detection export) or objects with ``start_offset``,
      ``end_offset`` and ``label`` (the relation-extraction export);
    * ``annotations`` (doccano 1.x downloads): objects with ``start_offset``, ``end_offset``,
      ``label`` (a label id) and, in later 1.x versions, ``label_name`` and ``user_name``.

    Objects with ``start``/``end``/``labels`` under ``label`` are Label Studio JSON_MIN, read by
    :func:`tui.core.formats.labelstudio.min_spans`. Text-classification labels (plain strings) are
    not spans.
    """
    out: list[tuple[Any, Any, Any, Any, Any]] = []
    for key in ("label", "labels", "entities"):
        val = rec.get(key)
        if not isinstance(val, list):
            continue
        for sp in val:
            if isinstance(sp, list | tuple):
                out.append(
                    (sp[0], sp[1], sp[2], None, None)
                    if len(sp) == 3
                    else (None, None, sp, None, None)
                )
            elif isinstance(sp, dict):
                if "start_offset" in sp or "end_offset" in sp:
                    out.append(
                        (
                            sp.get("start_offset"),
                            sp.get("end_offset"),
                            _label(sp.get("label")),
                            None,
                            None,
                        )
                    )
                # else: Label Studio JSON_MIN, read by labelstudio.min_spans
            elif isinstance(sp, str):
                continue  # a document category, not a span
            else:
                out.append((None, None, sp, None, None))
    for ann in rec.get("annotations") or []:
        if isinstance(ann, dict) and ("start_offset" in ann or "end_offset" in ann):
            who = ann.get("user_name") if isinstance(ann.get("user_name"), str) else None
            if who is None and isinstance(ann.get("user"), int):
                who = f"doccano-user-{ann['user']}"
            out.append(
                (
                    ann.get("start_offset"),
                    ann.get("end_offset"),
                    ann.get("label_name") or _label(ann.get("label")),
                    None,
                    who,
                )
            )
    return out


def unnamed_label_ids(rec: dict[str, Any]) -> list[int]:
    """Label ids of doccano 1.x annotations that carry no ``label_name``."""
    out = []
    for key in ("annotations", "entities"):
        for ann in rec.get(key) or []:
            if (
                isinstance(ann, dict)
                and "start_offset" in ann
                and not ann.get("label_name")
                and isinstance(ann.get("label"), int)
                and not isinstance(ann.get("label"), bool)
            ):
                out.append(ann["label"])
    return sorted(set(out))


def is_annotated(rec: dict[str, Any]) -> bool:
    """Whether the record carries doccano annotations (even an empty list says "annotated")."""
    if any(isinstance(rec.get(k), list) for k in ("label", "labels", "entities", "relations")):
        return True
    return any(isinstance(a, dict) and "start_offset" in a for a in rec.get("annotations") or [])


def status(rec: dict[str, Any]) -> str | None:
    """``done`` for a doccano 1.x download whose document has annotations."""
    anns = rec.get("annotations")
    if isinstance(anns, list) and any(isinstance(a, dict) and "start_offset" in a for a in anns):
        return "done"
    return None
