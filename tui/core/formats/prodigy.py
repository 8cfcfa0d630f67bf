"""Prodigy datasets (``prodigy db-out``): reading answers the way Prodigy's own tools read them.

A manual task (``ner_manual``, ``spans_manual``...) is a whole annotation: its spans are
entities, and its ``answer`` is the article's status (``reject`` marks a text not worth
annotating). A *binary* task (``ner.teach``, ``ner.correct`` with ``_view_id: "ner"``) asks one
question about a suggested span: ``accept`` makes that span an entity, ``reject`` makes it a
known non-entity (a rejection, never an entity) and ``ignore`` says nothing. One text is asked
about many times, so several tasks share an ``_input_hash``: :mod:`tui.core.ingest` merges them into
one article, as ``prodigy review`` and ``data-to-spacy`` do, keeping each answer's
``_session_id`` or ``_annotator_id`` as the annotator of what it added.

A span of a manual task answered ``reject`` on its own (``"answer": "reject"`` inside the span,
as ``ner.eval-ab`` writes) is a rejection too.
"""

from __future__ import annotations

from typing import Any

#: Views whose task is one yes/no question about the spans shown.
BINARY_VIEWS = {"ner", "ner_teach", "spans", "classification", "binary"}
#: Keys of a Prodigy task that newsmark reads (everything else is kept as metadata).
TASK_KEYS = {
    "_input_hash",
    "_task_hash",
    "_view_id",
    "answer",
    "_timestamp",
    "_annotator_id",
    "_session_id",
    "tokens",
    "spans",
}

SpanTuple = tuple[Any, Any, Any, Any, Any]


def is_binary(rec: dict[str, Any]) -> bool:
    """A yes/no question about suggested spans (``ner.teach``), not a manual annotation."""
    view = rec.get("_view_id")
    if isinstance(view, str):
        return view in BINARY_VIEWS
    spans = rec.get("spans")
    return (
        "answer" in rec
        and isinstance(spans, list)
        and any(isinstance(sp, dict) and ("score" in sp or "priority" in sp) for sp in spans)
    )


def annotator(rec: dict[str, Any]) -> str | None:
    """Who answered: ``_annotator_id``, else ``_session_id`` (``dataset-name`` prefixes kept)."""
    for key in ("_annotator_id", "_session_id"):
        v = rec.get(key)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return None


def _tuple(sp: dict[str, Any], who: str | None) -> SpanTuple:
    return (sp.get("start"), sp.get("end"), sp.get("label"), sp.get("text"), who)


def spans(rec: dict[str, Any]) -> list[SpanTuple]:
    """Entities of one task: ``(start, end, label, text|None, annotator)``."""
    raw = rec.get("spans")
    if not isinstance(raw, list):
        return []
    who = annotator(rec)
    if is_binary(rec) and rec.get("answer") != "accept":
        return []
    out: list[SpanTuple] = []
    for sp in raw:
        if not isinstance(sp, dict):
            out.append((None, None, None, None, who))
        elif sp.get("answer", "accept") == "accept":
            out.append(_tuple(sp, who))
    return out


def rejections(rec: dict[str, Any]) -> list[SpanTuple]:
    """Known non-entities of one task: every span of a rejected binary task, and spans whose
    own ``answer`` is ``reject``."""
    raw = rec.get("spans")
    if not isinstance(raw, list):
        return []
    who = annotator(rec)
    whole = is_binary(rec) and rec.get("answer") == "reject"
    return [
        _tuple(sp, who)
        for sp in raw
        if isinstance(sp, dict) and (whole or sp.get("answer") == "reject")
    ]


def ignored(rec: dict[str, Any]) -> int:
    """Suggested spans of a binary task answered ``ignore``: neither entity nor rejection."""
    raw = rec.get("spans")
    if not (isinstance(raw, list) and is_binary(rec) and rec.get("answer") == "ignore"):
        return 0
    return sum(isinstance(sp, dict) for sp in raw)


def status(rec: dict[str, Any]) -> str | None:
    """The article status an answer gives: a manual task's answer decides it; a binary answer
    about one suggestion never rejects or skips the text (``accept`` makes it ``done``, other
    answers ``in_progress``)."""
    answer = rec.get("answer")
    if answer not in ("accept", "reject", "ignore"):
        return None
    if is_binary(rec):
        return "done" if answer == "accept" else "in_progress"
    return {"accept": "done", "reject": "rejected", "ignore": "skipped"}[answer]
