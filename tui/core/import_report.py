"""What an import did: the ids it added and every problem it met, each named by ``file:line``.

Its own module, with the item an import reads, because the readers (:mod:`tui.core.ingest_stream`),
the batch writer (:mod:`tui.core.ingest_store`) and the pipeline (:mod:`tui.core.ingest`) all use
them: kept in the pipeline, they would import each other in a cycle.

Core module: no Textual, no Rich.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .store import NewArticle


@dataclass
class Problem:
    where: str
    message: str
    fatal: bool = True  # False: a note (label created, offsets converted), not a failure

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


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
        yield from super().__iter__()
        for key, n in self._seen.items():
            if n > self.NOTES_KEPT:
                yield Problem("…", f"and {n - self.NOTES_KEPT:,} more like this: {key}", fatal=False)


@dataclass
class Item:
    """One article-to-be, before cleaning."""

    where: str
    source: str
    kind: str  # "text", "html" or "record"
    raw: str
    record: dict[str, Any] | None = None
    chrome: frozenset[str] | None = None


@dataclass
class ImportReport:
    added: IdRuns = field(default_factory=IdRuns)  # reads like a list of ids
    duplicates: int = 0
    failed: int = 0
    problems: list[Problem] = field(default_factory=ProblemList)  # repeated notes are counted
    #: (article, where) whose id was taken: stored last, see :mod:`tui.ingest_store`.
    deferred: list[tuple[NewArticle, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"imported {len(self.added)} article(s), skipped {self.duplicates} duplicate(s), "
                f"{self.failed} failed")
