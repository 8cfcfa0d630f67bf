"""The text view's index of ranges (spans, suggestions): found by offset without a scan.

Items are objects with ``start`` and ``end`` code-point offsets, kept sorted by a key that starts
with ``start``, beside a parallel list of starts for ``bisect`` and the length of the longest
item: the items overlapping ``[a, b)`` all start in ``[a - longest, b)``. A line of an article
with 5,000 spans is drawn from the few that touch it. The spans and the suggestions shared this
code twice inside the widget; no Textual here.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import Any, Generic, Protocol, TypeVar


class _Range(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


R = TypeVar("R", bound=_Range)


class RangeIndex(Generic[R]):
    """Ranges sorted by ``key`` (which must order by ``start`` first), found by bisect."""

    __slots__ = ("items", "_key", "_longest", "_starts")

    def __init__(self, key: Callable[[R], Any], items: Iterable[R] = ()) -> None:
        self._key = key
        self.items: list[R] = []
        self._starts: list[int] = []
        self._longest = 0
        self.reset(items)

    def reset(self, items: Iterable[R]) -> None:
        """Replace every item (sorting is linear on items already in key order)."""
        self.items = sorted(items, key=self._key)
        self._starts = [r.start for r in self.items]
        self._longest = max((r.end - r.start for r in self.items), default=0)

    def _window(self, start: int, end: int) -> tuple[int, int]:
        """Indexes of the items that may overlap ``[start, end)``."""
        return bisect_left(self._starts, start - self._longest), bisect_left(self._starts, end)

    def overlapping(self, start: int, end: int) -> list[R]:
        """The items overlapping ``[start, end)``, in key order."""
        if not self.items:
            return []
        lo, hi = self._window(start, end)
        return [r for r in self.items[lo:hi] if r.end > start and r.start < end]

    def covering(self, offset: int) -> list[R]:
        """The items covering ``offset``, in key order."""
        lo = bisect_left(self._starts, offset - self._longest)
        hi = bisect_right(self._starts, offset)
        return [r for r in self.items[lo:hi] if r.start <= offset < r.end]

    def pop_overlapping(self, start: int, end: int) -> list[R]:
        """Remove and return the items overlapping ``[start, end)``, in key order (the longest
        length is kept: a stale bound only widens the window, it never hides an item)."""
        lo, hi = self._window(start, end)
        gone = [i for i in range(lo, hi) if self.items[i].end > start]
        out = []
        for i in reversed(gone):
            out.append(self.items.pop(i))
            del self._starts[i]
        return out[::-1]

    def insert(self, item: R) -> None:
        """Add ``item`` at its place in key order (before any item with an equal key)."""
        key = self._key(item)
        j = bisect_left(self._starts, item.start)
        while j < len(self.items) and self._key(self.items[j]) < key:
            j += 1
        self.items.insert(j, item)
        self._starts.insert(j, item.start)
        self._longest = max(self._longest, item.end - item.start)
