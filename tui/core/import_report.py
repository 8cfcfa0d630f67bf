"""What an import reports: the records it read, the problems it met, what it stored.

Its own module, below both the reading (:mod:`tui.core.ingest`) and the storing
(:mod:`tui.core.ingest_store`, :mod:`tui.core.import_merge`) halves of an import, so that neither
imports the other (an import cycle).

Core module: no Textual, no Rich.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .store import NewArticle

#: The record key that carries the format a record was read as (internal; never exported).
FORMAT_KEY = "_newsmark_format"


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
                yield Problem(
                    "…", f"and {n - self.NOTES_KEPT:,} more like this: {key}", fatal=False
                )


@dataclass
class Problem:
    where: str
    message: str
    fatal: bool = True  # False: a note (label created, offsets converted), not a failure
    entities: int = 0  # entities of the input this problem says were not stored

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


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
    problems: list[Problem] = field(
        default_factory=lambda: ProblemList()
    )  # repeated notes are counted
    #: (record, article) whose id was taken: stored last, see :mod:`tui.core.ingest_store`.
    deferred: list[tuple[Item, NewArticle]] = field(default_factory=list)
    entities: int = 0  # entities of the input now in the database (new, or already there)
    merged: int = 0  # records whose text an article already had: their annotations were added to it
    rejections: int = 0  # known non-entities stored (rejected suggestions)

    @property
    def entities_lost(self) -> int:
        return sum(p.entities for p in self.problems)

    def summary(self) -> str:
        out = (
            f"imported {len(self.added)} article(s), skipped {self.duplicates} duplicate(s), "
            f"{self.failed} failed; {_n(self.entities, 'entity', 'entities')} stored"
        )
        if self.entities_lost:
            out += f", {_n(self.entities_lost, 'entity', 'entities')} not stored (see above)"
        if self.merged:
            out += f"; {_n(self.merged, 'record')} merged into articles with the same text"
        if self.rejections:
            out += f"; {_n(self.rejections, 'rejected suggestion')} kept as rejections"
        return out


def _n(k: int, one: str, many: str | None = None) -> str:
    return f"{k} {one if k == 1 else (many or one + 's')}"
