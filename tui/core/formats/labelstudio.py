"""Label Studio exports (import side): JSON, JSON_MIN, and pre-1.0 ``completions``.

A JSON export is an array of tasks: ``{"id", "data": {"text", ...}, "annotations": [{"result":
[{"value": {"start", "end", "text", "labels": [...]}, "from_name", "type": "labels", ...}],
"was_cancelled", "completed_by", ...}], "predictions": [...]}``. Label Studio before 1.0 wrote
the same under ``completions`` (one task per file). Every annotation that was not cancelled is
kept, each region with its annotator (``completed_by``): several annotators are data, not
duplicates. A task whose annotations were all cancelled is ``skipped``; a task with none takes
its first prediction's regions as pre-annotations and stays ``new``. Results that are not
character spans (choices, ratings, relations, HTML/XPath ranges) are not entities and are
counted in a note.

JSON_MIN flattens a task to ``{"id", "text", <control name>: [{"start", "end", "text",
"labels"}], "annotator", ...}``: the key is the name of the labels control in the project's
config (``label`` by default, ``ner`` in Label Studio's own NER template), so any key holding a
list of such regions is read (:func:`min_spans`).

Offsets are UTF-16 units (the browser's); :func:`tui.core.record_annotations.check_spans` converts them, using
``value.text`` (which Label Studio may write with ``\\n`` where the text has ``\\r\\n``).
"""

from __future__ import annotations

from typing import Any

SpanTuple = tuple[Any, Any, Any, Any, Any]
#: Keys of a JSON_MIN record that are never a labels control.
MIN_META = {
    "id",
    "text",
    "annotator",
    "annotation_id",
    "created_at",
    "updated_at",
    "lead_time",
    "data",
    "annotations",
    "predictions",
    "completions",
    "meta",
    "spans",
    "tokens",
}


def _who(block: dict[str, Any]) -> str | None:
    who = block.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("id")
    if who is None or who == "":
        return None
    return who if isinstance(who, str) else f"labelstudio-user-{who}"


def _region(v: dict[str, Any], who: str | None) -> SpanTuple | None:
    if "start" not in v or "end" not in v or isinstance(v.get("start"), str):
        return None  # not a character range (XPath ranges of HyperText labels)
    labels = next((v[k] for k in v if k.endswith("labels") and isinstance(v[k], list)), None) or [
        v.get("label")
    ]
    return (v.get("start"), v.get("end"), labels[0] if labels else None, v.get("text"), who)


def _results(block: dict[str, Any]) -> tuple[list[SpanTuple], int]:
    """Regions of one annotation or prediction, and how many results were not regions."""
    out: list[SpanTuple] = []
    other = 0
    who = _who(block)
    for res in block.get("result") or []:
        v = res.get("value") if isinstance(res, dict) else None
        got = _region(v, who) if isinstance(v, dict) else None
        if got is None:
            other += 1
        else:
            out.append(got)
    return out, other


def _annotations(rec: dict[str, Any]) -> list[dict[str, Any]]:
    anns = rec.get("annotations")
    if not isinstance(anns, list) or not any(isinstance(a, dict) and "result" in a for a in anns):
        anns = rec.get("completions")  # Label Studio < 1.0
    return [a for a in anns or [] if isinstance(a, dict) and "result" in a]


def spans(rec: dict[str, Any]) -> list[SpanTuple]:
    return spans_and_others(rec)[0]


def spans_and_others(rec: dict[str, Any]) -> tuple[list[SpanTuple], int]:
    """Regions of every kept annotation (or of the first prediction), and the count of results
    that are not character regions (choices, relations...)."""
    anns = _annotations(rec)
    done = [a for a in anns if not a.get("was_cancelled")]
    blocks = done if anns else [p for p in rec.get("predictions") or [] if isinstance(p, dict)][:1]
    out: list[SpanTuple] = []
    other = 0
    for block in blocks:
        got, n = _results(block)
        out.extend(got)
        other += n
    out.extend(min_spans(rec))
    return out, other


def min_keys(rec: dict[str, Any]) -> list[str]:
    """The keys of a JSON_MIN record that hold regions (the labels controls' names)."""
    return [k for k in rec if k not in MIN_META and _is_regions(rec[k])]


def _is_regions(val: Any) -> bool:
    return (
        isinstance(val, list)
        and bool(val)
        and all(isinstance(v, dict) and "start" in v and "end" in v for v in val)
        and any(k.endswith("labels") or k in ("text", "label") for v in val for k in v)
    )


def min_spans(rec: dict[str, Any]) -> list[SpanTuple]:
    """JSON_MIN regions under any labels control's name (``label``, ``ner``...)."""
    who = rec.get("annotator")
    who = (
        who
        if isinstance(who, str) and who
        else (f"labelstudio-user-{who}" if isinstance(who, int) else None)
    )
    out: list[SpanTuple] = []
    for key in min_keys(rec):
        for v in rec[key]:
            got = _region(v, who)
            if got is not None:
                out.append(got)
    return out


def status(rec: dict[str, Any]) -> str | None:
    """``done`` with a kept annotation, ``skipped`` when all were cancelled, else None."""
    anns = _annotations(rec)
    if not anns:
        return None
    return "done" if any(not a.get("was_cancelled") for a in anns) else "skipped"


def is_task(rec: dict[str, Any]) -> bool:
    return isinstance(rec.get("data"), dict) and any(
        k in rec for k in ("annotations", "predictions", "completions")
    )


def is_annotated(rec: dict[str, Any]) -> bool:
    """A task, or a JSON_MIN record with regions: its text is never cleaned."""
    return is_task(rec) or bool(min_spans(rec))


def unused_predictions(rec: dict[str, Any]) -> int:
    """Prediction regions of a task that has annotations: a model's guesses, not kept."""
    if not _annotations(rec):
        return 0
    return sum(len(_results(p)[0]) for p in rec.get("predictions") or [] if isinstance(p, dict))
