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

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from .store import NewArticle, Store, StoreError

if TYPE_CHECKING:
    from .ingest import ImportReport

#: Words of the StoreErrors about the database rather than an article: these stop the import.
GLOBAL_ERRORS = ("locked", "read-only", "disk is full", "not a SQLite", "newer newsmark", "another application")


class IdRuns:
    """The ids an import added, kept as runs of consecutive numbers: a streamed import of nine
    million records holds a few runs, not nine million ints (~330 MB). Reads like a list."""

    def __init__(self, ids: Iterable[int] = ()) -> None:
        self._runs: list[list[int]] = []  # [first, last]
        self._n = 0
        self.extend(ids)

    def append(self, i: int) -> None:
        if self._runs and self._runs[-1][1] + 1 == i:
            self._runs[-1][1] = i
        else:
            self._runs.append([i, i])
        self._n += 1

    def extend(self, ids: Iterable[int]) -> None:
        for i in ids:
            self.append(i)

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[int]:
        for a, b in self._runs:
            yield from range(a, b + 1)

    def __getitem__(self, k: int) -> int:
        if k < 0:
            k += self._n
        if not 0 <= k < self._n:
            raise IndexError(k)
        for a, b in self._runs:
            if k <= b - a:
                return a + k
            k -= b - a + 1
        raise IndexError(k)

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, IdRuns | list) else NotImplemented

    def __repr__(self) -> str:
        return f"IdRuns({list(self)!r})" if self._n < 20 else f"IdRuns(<{self._n} ids>)"


class ProblemList(list):  # type: ignore[type-arg]
    """The problems of an import. Every error is kept (each names a record not imported), but a
    note repeated on every record of a big file ("the whole text was kept") is kept
    :data:`NOTES_KEPT` times and then counted: a million of them would be a million objects held
    to the end of the import, and a million lines on the terminal. Iterating adds one line per
    counted note: ``... and 999,990 more like this``."""

    NOTES_KEPT = 10

    def __init__(self) -> None:
        super().__init__()
        self._seen: dict[str, int] = {}

    def append(self, p: object) -> None:
        if getattr(p, "fatal", True):
            super().append(p)
            return
        key = str(getattr(p, "message", p))
        n = self._seen.get(key, 0)
        self._seen[key] = n + 1
        if n < self.NOTES_KEPT:
            super().append(p)

    def extend(self, ps: Iterable[object]) -> None:
        for p in ps:
            self.append(p)

    def __iter__(self) -> Iterator[object]:
        from .ingest import Problem

        yield from super().__iter__()
        for key, n in self._seen.items():
            if n > self.NOTES_KEPT:
                yield Problem("…", f"and {n - self.NOTES_KEPT:,} more like this: {key}", fatal=False)


def _is_global(exc: Exception) -> bool:
    return isinstance(exc, StoreError) and any(w in str(exc) for w in GLOBAL_ERRORS)


def store_batch(store: Store, arts: Sequence[NewArticle], wheres: Sequence[str], report: ImportReport) -> None:
    """Insert ``arts`` (read at ``wheres``); ids already taken wait in ``report.deferred``."""
    ready: list[NewArticle] = []
    ready_where: list[str] = []
    claimed: set[int] = set()
    taken = _taken_ids(store, [a.id for a in arts if a.id is not None])
    for art, where in zip(arts, wheres, strict=True):
        if art.id is not None and (art.id in taken or art.id in claimed):
            report.deferred.append((art, where))
            continue
        if art.id is not None:
            claimed.add(art.id)
        ready.append(art)
        ready_where.append(where)
    _insert(store, ready, ready_where, report)


def store_deferred(store: Store, report: ImportReport) -> None:
    """The articles whose id was taken: each gets the next free id now, once every other record of
    the import has its own; the id they carried is kept in ``meta.source_id``."""
    from .ingest import Problem

    for art, where in report.deferred:
        own = art.id
        art.id = None
        art.meta = {**art.meta, "source_id": own}
        before = len(report.added)
        _insert(store, [art], [where], report)
        if len(report.added) > before:
            report.problems.append(Problem(where, f"id {own} is already used by another article with a "
                                           f"different text; stored as id {report.added[-1]} (its own id is "
                                           "kept as meta.source_id); give each record its own id", fatal=False))
    report.deferred.clear()


def _taken_ids(store: Store, ids: list[int]) -> set[int]:
    taken: set[int] = set()
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        rows = store.execute(f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(part))})", part)
        taken.update(r[0] for r in rows)
    return taken


def _insert(store: Store, arts: list[NewArticle], wheres: list[str], report: ImportReport) -> None:
    from .ingest import Problem

    if not arts:
        return
    try:
        ids, dupes, _ = store.insert_articles(arts)
    except Exception as exc:
        if _is_global(exc) or len(arts) == 1:
            if _is_global(exc):
                raise
            report.problems.append(Problem(wheres[0], f"could not be stored ({_why(exc)}); record skipped: fix it and import "
                                       "the file again (what was stored is not imported twice)"))
            report.failed += 1
            return
        for art, where in zip(arts, wheres, strict=True):  # find the one SQLite refuses
            _insert(store, [art], [where], report)
        return
    report.added.extend(ids)
    report.duplicates += dupes


def _why(exc: Exception) -> str:
    msg = str(exc)
    return f"{type(exc).__name__}: {msg}" if not isinstance(exc, StoreError) else msg
