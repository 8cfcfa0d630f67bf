"""The annotations of an imported record: what it carries, checked against its text.

Every span shape of the formats we read (:func:`record_spans`), rejected suggestions
(:func:`record_rejections`), whether a record is annotated (then never cleaned), the checks of
each span against the text (:func:`check_spans`: UTF-16 offsets converted, drifted offsets
re-anchored, each span not kept named with ``entities=1``), what a record carries that is not an
entity (:func:`record_notes`) and the stored ``meta`` (foreign keys, Prodigy hashes, tokens).
Pure functions: they run in the import's worker processes.
"""

from __future__ import annotations

from typing import Any

from .import_report import FORMAT_KEY, Problem


def _utf16_to_cp(text: str) -> list[int] | None:
    """Map from UTF-16 unit offset to code-point offset, or None when they coincide."""
    if all(ord(ch) < 0x10000 for ch in text):
        return None
    table: list[int] = []
    for i, ch in enumerate(text):
        table.append(i)
        if ord(ch) >= 0x10000:
            table.append(i)
    table.append(len(text))
    return table


def record_spans(rec: dict[str, Any]) -> list[tuple[Any, Any, Any, Any, Any]]:
    """``(start, end, label, text|None, annotator|None)`` of every entity a record carries, in
    every shape we read: Prodigy/newsmark ``spans`` (:mod:`tui.core.formats.prodigy`: an accepted
    binary answer is an entity, a rejected one is not), doccano ``label``/``labels``/
    ``entities``/``annotations`` (:mod:`tui.core.formats.doccano`), Label Studio
    ``annotations``/``completions``/``predictions`` and JSON_MIN controls
    (:mod:`tui.core.formats.labelstudio`).
    """
    from .formats import doccano, labelstudio, prodigy

    return [*prodigy.spans(rec), *doccano.spans(rec), *labelstudio.spans(rec)]


def record_rejections(rec: dict[str, Any]) -> list[tuple[Any, Any, Any, Any, Any]]:
    """Known non-entities a record carries (rejected suggestions), same tuples as :func:`record_spans`."""
    from .formats import prodigy

    return prodigy.rejections(rec)


#: Keys that make a record an annotation: its text is then kept exactly as it came.


#: Keys that make a record an annotation: its text is then kept exactly as it came.
ANNOTATION_KEYS = (
    "spans",
    "tokens",
    "_input_hash",
    "_task_hash",
    "answer",
    "cats",
    "accept",
    FORMAT_KEY,
)


def is_annotated(rec: dict[str, Any]) -> bool:
    """Whether a record carries annotations (even an empty list of them): such a record is never
    cleaned, since cleaning would move the text under its offsets."""
    from .formats import doccano, labelstudio

    return (
        any(k in rec for k in ANNOTATION_KEYS)
        or doccano.is_annotated(rec)
        or labelstudio.is_annotated(rec)
    )


def _clean_edges(text: str, s: int, e: int) -> bool:
    """Whether ``[s, e)`` starts and ends on word edges (how we tell code points from UTF-16)."""
    if not (0 <= s < e <= len(text)) or text[s].isspace() or text[e - 1].isspace():
        return False
    return not (s > 0 and text[s - 1].isalnum() and text[s].isalnum()) and not (
        e < len(text) and text[e - 1].isalnum() and text[e].isalnum()
    )


def _same_text(a: str, b: str) -> bool:
    """Equal once line breaks are written alike (``\r\n``, ``\r``, and the two characters
    ``\\n`` that some exports put in a region's text)."""

    def norm(x: str) -> str:
        return x.replace("\r\n", "\n").replace("\r", "\n").replace("\\n", "\n")

    return norm(a) == norm(b)


def _crlf_as_one(text: str, i: int) -> int:
    """The offset in ``text`` of offset ``i`` counted by a tool that saw each ``\r\n`` as one
    character (a browser's DOM does)."""
    seen = 0
    pos = 0
    while True:
        j = text.find("\r\n", pos)
        if j == -1 or j - seen >= i:
            return i + seen
        seen += 1
        pos = j + 2


def _reanchor(text: str, s: int, e: int, covered: str) -> tuple[int, int] | None:
    """Where ``covered`` sits when the offsets drifted: at the offsets a tool that counted each
    ``\r\n`` as one character meant, or within two characters of them (the region's text may
    write a line break as the two characters ``\\n``)."""
    wanted = [covered]
    if "\\n" in covered:
        wanted.append(covered.replace("\\n", "\n"))
    if "\n" in covered:
        wanted.append(covered.replace("\n", "\r\n"))
    starts = [s]
    if "\r\n" in text:
        starts.insert(0, _crlf_as_one(text, s))
    for p in starts:
        for w in wanted:
            if w and text.startswith(w, p):
                return p, p + len(w)
    best: tuple[int, int] | None = None
    for p in starts:
        for w in wanted:
            for q in range(max(0, p - 2), p + 3):
                if w and text.startswith(w, q) and (best is None or abs(q - p) < abs(best[0] - p)):
                    best = (q, q + len(w))
    return best


def check_spans(
    text: str, raw_spans: list[tuple[Any, ...]], where: str, allow_overlap: bool, what: str = "span"
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Validate imported spans against their text; convert UTF-16 offsets when that is what they
    are, and re-anchor a span whose covered text sits a few characters off (line breaks counted
    differently). Each span not kept is one problem naming it (``entities=1``)."""
    problems: list[Problem] = []
    good: list[dict[str, Any]] = []
    table: list[int] | None = None
    converted = moved = 0
    raw = [(*sp, None, None, None, None, None)[:5] for sp in raw_spans]
    blind = [
        sp for sp in raw if sp[3] is None and isinstance(sp[0], int) and isinstance(sp[1], int)
    ]
    if blind and (table := _utf16_to_cp(text) or []):
        # No covered text to check against (doccano): the offsets are UTF-16 when, read as such,
        # more spans fall on word edges than when read as code points.
        as_cp = sum(_clean_edges(text, s, e) for s, e, *_ in blind)
        as_16 = sum(
            0 <= s < e < len(table) and _clean_edges(text, table[s], table[e]) for s, e, *_ in blind
        )
        if as_16 > as_cp:
            raw = [
                (table[sp[0]], table[sp[1]], *sp[2:])
                if sp in blind and 0 <= sp[0] < sp[1] < len(table)
                else sp
                for sp in raw
            ]
            converted += len(blind)
    lost = 1 if what == "span" else 0
    for s, e, label, covered, who in raw:
        if not (
            isinstance(s, int)
            and isinstance(e, int)
            and not isinstance(s, bool)
            and not isinstance(e, bool)
        ):
            problems.append(
                Problem(
                    where,
                    f"{what} {s!r}-{e!r} {label!r}: start and end must be integers; {what} not stored",
                    entities=lost,
                )
            )
            continue
        if (
            not isinstance(label, str)
            or not label.strip()
            or any(c.isspace() for c in label.strip())
        ):
            problems.append(
                Problem(
                    where,
                    f"{what} [{s}, {e}): label {label!r} is not a one-word name; {what} not stored",
                    entities=lost,
                )
            )
            continue
        label = label.strip()
        if not isinstance(covered, str):
            covered = None
        ok = 0 <= s < e <= len(text) and (
            covered is None or text[s:e] == covered or _same_text(text[s:e], covered)
        )
        if not ok and covered is not None:
            table = table if table is not None else (_utf16_to_cp(text) or [])
            if table and 0 <= s < e < len(table) and _same_text(text[table[s] : table[e]], covered):
                s, e = table[s], table[e]
                ok = True
                converted += 1
            elif (near := _reanchor(text, s, e, covered)) is not None:
                s, e = near
                ok = True
                moved += 1
        if not ok:
            if not (0 <= s < e <= len(text)):
                problems.append(
                    Problem(
                        where,
                        f"{what} [{s}, {e}) {label} is outside the text (length {len(text)}); {what} not stored",
                        entities=lost,
                    )
                )
            else:
                problems.append(
                    Problem(
                        where,
                        f"{what} [{s}, {e}) {label} covers {text[s:e]!r}, not {covered!r}; {what} not stored",
                        entities=lost,
                    )
                )
            continue
        sp: dict[str, Any] = {"start": s, "end": e, "label": label}
        if isinstance(who, str) and who:
            sp["annotator"] = who
        good.append(sp)
    if converted:
        problems.append(
            Problem(
                where,
                f"{converted} {what}(s) had UTF-16 offsets (a browser tool's); converted to code points",
                fatal=False,
            )
        )
    if moved:
        problems.append(
            Problem(
                where,
                f"{moved} {what}(s) found a few characters from their offsets (line breaks or "
                "emoji counted differently) and anchored on their text",
                fatal=False,
            )
        )
    good, clashes = _dedupe(good, allow_overlap)
    for sp, k in clashes:
        problems.append(
            Problem(
                where,
                f"{what} [{sp['start']}, {sp['end']}) {sp['label']} {text[sp['start'] : sp['end']]!r} overlaps "
                f"[{k['start']}, {k['end']}) {k['label']}; {what} not stored (this database does not allow "
                "overlaps: `newsmark labels --allow-overlap` or import the other one separately)",
                entities=lost,
            )
        )
    return good, problems


def _dedupe(
    spans: list[dict[str, Any]], allow_overlap: bool
) -> tuple[list[dict[str, Any]], list[tuple[dict[str, Any], dict[str, Any]]]]:
    """Spans sorted, a repeated one (same offsets and label) once; without overlaps, a span that
    overlaps one kept before it *in the input's order* is returned with it as a clash (first
    come, first kept: a DocBin's ``doc.ents`` come before its span group)."""
    import bisect

    kept: list[dict[str, Any]] = []
    seen: set[tuple[int, int, str]] = set()
    clashes: list[tuple[dict[str, Any], dict[str, Any]]] = []
    starts: list[int] = []  # kept spans, sorted by start (they never overlap without allow_overlap)
    by_start: list[dict[str, Any]] = []
    for sp in spans:
        key = (sp["start"], sp["end"], sp["label"])
        if key in seen:
            continue
        if not allow_overlap:
            i = bisect.bisect_left(starts, sp["end"])
            clash = by_start[i - 1] if i and by_start[i - 1]["end"] > sp["start"] else None
            if clash is not None:
                clashes.append((sp, clash))
                continue
            starts.insert(i, sp["start"])
            by_start.insert(i, sp)
        seen.add(key)
        kept.append(sp)
    kept.sort(key=lambda d: (d["start"], d["end"], d["label"]))
    return kept, clashes


def article_meta(
    rec: dict[str, Any], text: str, spans: list[dict[str, Any]], foreign: dict[str, Any]
) -> dict[str, Any]:
    """The stored ``meta`` of an imported record: its foreign keys (exported back as they came,
    :func:`tui.core.export.build_record`), Prodigy's hashes with what they were computed on, and
    the record's own tokens (:mod:`tui.core.imported_tokens`)."""
    from . import imported_tokens
    from .store import content_hash

    meta: dict[str, Any] = {"foreign": foreign} if foreign else {}
    hashes = {k: rec[k] for k in ("_input_hash", "_task_hash") if isinstance(rec.get(k), int)}
    if hashes:  # Prodigy matches re-imported tasks by them: exported while still true
        meta["_prodigy"] = {
            **hashes,
            "hash": content_hash(text),
            "spans": sorted([sp["start"], sp["end"], sp["label"]] for sp in spans),
        }
    toks = imported_tokens.from_record(text, rec.get("tokens"))
    if toks:
        meta[imported_tokens.META_KEY] = imported_tokens.to_meta(text, toks)
    return meta


def record_notes(rec: dict[str, Any], where: str) -> list[Problem]:
    """What a record carries that is not an entity and is not kept as one: said, never silent."""
    from .formats import doccano, labelstudio, prodigy

    out: list[Problem] = []
    for lid in doccano.unnamed_label_ids(rec):
        out.append(
            Problem(
                where,
                f"doccano label id {lid} has no name in the file; its entities are stored under "
                f"label 'LABEL_{lid}' (rename it: newsmark labels rename LABEL_{lid} NAME)",
                fatal=False,
            )
        )
    if n := prodigy.ignored(rec):
        out.append(
            Problem(
                where,
                f"{n} suggested span(s) answered 'ignore': neither an entity nor a rejection, not stored",
                fatal=False,
            )
        )
    _, others = labelstudio.spans_and_others(rec)
    if others:
        out.append(
            Problem(
                where,
                f"{others} Label Studio result(s) that are not text regions (choices, relations, "
                "ratings...) not kept",
                fatal=False,
            )
        )
    if n := labelstudio.unused_predictions(rec):
        out.append(
            Problem(
                where,
                f"{n} prediction region(s) not kept: the task has annotations (a model's guesses "
                "are not entities)",
                fatal=False,
            )
        )
    if isinstance(rec.get("relations"), list) and rec["relations"]:
        out.append(
            Problem(
                where,
                f"{len(rec['relations'])} relation(s) not kept (newsmark keeps entity spans)",
                fatal=False,
            )
        )
    return out
