"""Records of one text are one article: merging them, and counting what each brought.

Several answers about one input are data, not duplicates (Prodigy's ``ner.teach`` asks about each
suggestion apart; several annotators label one text). Records of one text within a batch are
merged into the first one's article (:func:`merge_same_text`); a record whose text is already
in the database gives that article its annotations (:func:`account`, one transaction per
batch). A span that cannot join (an overlap the database does not allow) is named, never dropped.
"""

from __future__ import annotations

from .import_report import ImportReport, Item, Problem
from .store import NewArticle, Store

_STATUS_RANK = ("done", "in_progress", "new", "skipped", "rejected")


def _merge_spans(
    base: NewArticle, other: NewArticle, where: str, allow_overlap: bool
) -> list[Problem]:
    """Add ``other``'s spans and rejections to ``base`` (same text); first come, first kept."""
    problems: list[Problem] = []
    keys = {(sp["start"], sp["end"], sp["label"]) for sp in base.spans}
    refused = 0
    for sp in other.spans:
        if (sp["start"], sp["end"], sp["label"]) in keys:
            continue
        clash = next(
            (k for k in base.spans if k["start"] < sp["end"] and sp["start"] < k["end"]), None
        )
        if clash is not None and not allow_overlap:
            refused += 1
            problems.append(
                Problem(
                    where,
                    f"span [{sp['start']}, {sp['end']}) {sp['label']} "
                    f"{other.text[sp['start'] : sp['end']]!r} overlaps [{clash['start']}, {clash['end']}) "
                    f"{clash['label']} of another record of the same text; span not stored (this database "
                    "does not allow overlaps)",
                    entities=1,
                )
            )
            continue
        keys.add((sp["start"], sp["end"], sp["label"]))
        base.spans.append(sp)
    base.spans.sort(key=lambda d: (d["start"], d["end"], d["label"]))
    rkeys = {(r["start"], r["end"], r["label"]) for r in base.rejections}
    base.rejections.extend(
        r for r in other.rejections if (r["start"], r["end"], r["label"]) not in rkeys
    )
    base.entities_in += other.entities_in - refused
    base.status = min(
        base.status,
        other.status,
        key=lambda st: _STATUS_RANK.index(st) if st in _STATUS_RANK else 9,
    )
    return problems


def merge_same_text(
    batch: list[tuple[Item, NewArticle]], allow_overlap: bool, report: ImportReport
) -> list[tuple[Item, NewArticle]]:
    """Records of one text are one article: several answers about one input (Prodigy's
    ``ner.teach`` asks about each suggestion apart; several annotators) are data, not
    duplicates. Their spans and rejections are merged into the first record's article."""
    from .store import content_hash

    first: dict[str, NewArticle] = {}
    out: list[tuple[Item, NewArticle]] = []
    for it, art in batch:
        h = content_hash(art.text.replace("\x00", "\ufffd"))
        base = first.get(h)
        if base is None:
            first[h] = art
            out.append((it, art))
            continue
        if art.kind == "record":  # an annotated record: its answers are data
            report.merged += 1
            new = _merge_spans(base, art, it.where, allow_overlap)
            report.problems.extend(new)
            report.failed += len(new)
        else:
            report.duplicates += 1
    return out


def account(store: Store, batch: list[tuple[Item, NewArticle]], report: ImportReport) -> None:
    """Count what each record brought; a record whose text is already an article gives that
    article its annotations (merged in one transaction per batch, never dropped as a duplicate)."""
    merges: list[tuple[Item, NewArticle]] = []
    for it, art in batch:
        if art.stored_id is not None:
            report.entities += art.entities_in
            report.rejections += len(art.rejections)
        elif art.duplicate_of is not None and art.kind != "record":
            report.duplicates += 1
        elif art.duplicate_of is not None:
            merges.append((it, art))
    if not merges:
        return
    results = store.merge_imported_many(
        [
            (a.duplicate_of, a.spans, a.rejections, a.status)  # type: ignore[misc]
            for _, a in merges
        ]
    )
    for (it, art), (_, _, refused) in zip(merges, results, strict=True):
        report.merged += 1
        report.entities += art.entities_in - len(refused)
        report.rejections += len(art.rejections)
        for sp, k in refused:
            report.failed += 1
            report.problems.append(
                Problem(
                    it.where,
                    f"span [{sp['start']}, {sp['end']}) {sp['label']} "
                    f"{art.text[sp['start'] : sp['end']]!r} overlaps [{k.start}, {k.end}) {k.label} "
                    f"of article {art.duplicate_of} (same text); span not stored (this database "
                    "does not allow overlaps)",
                    entities=1,
                )
            )
