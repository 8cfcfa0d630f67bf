"""Storing a batch of checked articles so that one bad article never costs the others.

``Store.insert_articles`` writes a batch in one transaction: fast, but one article SQLite refuses
rolls the whole batch back. Here a refused batch is retried one article at a time, and only the
article that fails is reported (by its ``file:line``); errors that concern the database itself
(locked, read-only, full disk) still stop the import, since no article could be stored.

Ids: a record's own ``id`` is kept when it is free. One already taken (a second ``id 500`` with a
different text, or an article of an earlier import) is never given the next free number on the
spot, which would push the real ``501`` to ``502``: it waits until the end of the import, then
takes a new number, keeps its own id as ``meta.source_id`` and the import says so.

Core module: no Textual, no Rich.
"""

from __future__ import annotations

from collections.abc import Sequence

from .import_merge import account
from .import_report import ImportReport, Item, Problem
from .store import NewArticle, Store, StoreError

#: Words of the StoreErrors about the database rather than an article: these stop the import.
GLOBAL_ERRORS = (
    "locked",
    "read-only",
    "disk is full",
    "not a SQLite",
    "newer newsmark",
    "another application",
)


def _is_global(exc: Exception) -> bool:
    return isinstance(exc, StoreError) and any(w in str(exc) for w in GLOBAL_ERRORS)


def store_batch(
    store: Store, batch: Sequence[tuple[Item, NewArticle]], report: ImportReport
) -> None:
    """Insert the articles of ``batch`` (each with the record it came from); ids already taken
    wait in ``report.deferred``."""
    ready: list[tuple[Item, NewArticle]] = []
    claimed: set[int] = set()
    taken = _taken_ids(store, [a.id for _, a in batch if a.id is not None])
    for it, art in batch:
        if art.id is not None and (art.id in taken or art.id in claimed):
            report.deferred.append((it, art))
            continue
        if art.id is not None:
            claimed.add(art.id)
        ready.append((it, art))
    _insert(store, ready, report)


def store_deferred(store: Store, report: ImportReport) -> None:
    """The articles whose id was taken: each gets the next free id now, once every other record of
    the import has its own; the id they carried is kept in ``meta.source_id``."""
    for it, art in report.deferred:
        own = art.id
        art.id = None
        art.meta = {**art.meta, "source_id": own}
        before = len(report.added)
        _insert(store, [(it, art)], report)
        if len(report.added) > before:
            report.problems.append(
                Problem(
                    it.where,
                    f"id {own} is already used by another article with a "
                    f"different text; stored as id {report.added[-1]} (its own id is "
                    "kept as meta.source_id); give each record its own id",
                    fatal=False,
                )
            )
    report.deferred.clear()


def _taken_ids(store: Store, ids: list[int]) -> set[int]:
    taken: set[int] = set()
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        rows = store.execute(
            f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(part))})", part
        )
        taken.update(r[0] for r in rows)
    return taken


def _insert(store: Store, batch: list[tuple[Item, NewArticle]], report: ImportReport) -> None:
    if not batch:
        return
    try:
        ids, _, _ = store.insert_articles([art for _, art in batch])
    except Exception as exc:
        if _is_global(exc):
            raise
        if len(batch) == 1:
            it, art = batch[0]
            report.problems.append(
                Problem(
                    it.where,
                    f"could not be stored ({_why(exc)}); record skipped: fix it and "
                    "import the file again (what was stored is not imported twice)",
                    entities=art.entities_in,
                )
            )
            report.failed += 1
            return
        for pair in batch:  # find the one SQLite refuses
            _insert(store, [pair], report)
        return
    report.added.extend(ids)
    account(store, batch, report)


def _why(exc: Exception) -> str:
    msg = str(exc)
    return f"{type(exc).__name__}: {msg}" if not isinstance(exc, StoreError) else msg
