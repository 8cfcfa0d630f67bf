"""Label Studio JSON exports (import side).

A JSON export is an array of tasks: ``{"id", "data": {"text", ...}, "annotations": [{"result":
[{"value": {"start", "end", "text", "labels": [...]}, "type": "labels", ...}], "was_cancelled",
...}], "predictions": [...]}``. The last annotation that was not cancelled is taken (its
article is then ``done``); a task whose annotations were all cancelled is ``skipped``; a task
with none takes its first prediction's spans as pre-annotations and stays ``new``. Results that
are not character spans (choices, relations, HTML/XPath ranges) are ignored. Offsets are
UTF-16 units (the browser's); :func:`tui.core.ingest.check_spans` converts them, using ``value.text``.
JSON_MIN exports (``label: [{start, end, labels, text}]``) are read by
:func:`tui.core.formats.doccano.spans`.
"""

from __future__ import annotations

from typing import Any


def _results(block: dict[str, Any]) -> list[tuple[Any, Any, Any, Any]]:
    out: list[tuple[Any, Any, Any, Any]] = []
    for res in block.get("result") or []:
        v = res.get("value") if isinstance(res, dict) else None
        if not isinstance(v, dict) or "start" not in v or "end" not in v:
            continue  # choices, relations, ratings...
        if isinstance(v.get("start"), str):
            continue  # HyperText labels: XPath ranges, not character offsets
        labels = v.get("labels") or v.get("hypertextlabels") or [None]
        out.append((v.get("start"), v.get("end"), labels[0], v.get("text")))
    return out


def spans(rec: dict[str, Any]) -> list[tuple[Any, Any, Any, Any]]:
    anns = [a for a in rec.get("annotations") or [] if isinstance(a, dict)]
    done = [a for a in anns if not a.get("was_cancelled")]
    if done:
        return _results(done[-1])
    if anns:
        return []
    preds = [p for p in rec.get("predictions") or [] if isinstance(p, dict)]
    return _results(preds[0]) if preds else []


def status(rec: dict[str, Any]) -> str | None:
    """``done`` with a kept annotation, ``skipped`` when all were cancelled, else None."""
    anns = [a for a in rec.get("annotations") or [] if isinstance(a, dict)]
    if not anns:
        return None
    return "done" if any(not a.get("was_cancelled") for a in anns) else "skipped"


def is_task(rec: dict[str, Any]) -> bool:
    return isinstance(rec.get("data"), dict) and ("annotations" in rec or "predictions" in rec)
