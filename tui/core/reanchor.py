"""Re-anchor annotation spans when an article's cleaned text changes (reclean).

Spans are character offsets into the cleaned text. When the cleaner improves, the text of old
articles changes and every offset after the first edit shifts. We align old and new text and move
a span only when all of its characters lie in one unchanged block of the alignment and the new
text under the moved offsets is exactly the span's text; everything else is reported as failed so
that the user re-checks it. Nothing is moved approximately and nothing is dropped silently.
Stored suggestions and rejections move with the same :class:`Alignment` (one per article), by
the same rule; those whose text is gone are dropped by the caller and counted.

Pure functions, no I/O; must not import textual or rich.
"""

from __future__ import annotations

import difflib
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["Alignment", "SpanRef", "reanchor"]


@dataclass
class SpanRef:
    """A span as stored: its id, offsets into the old text and the text it covered."""

    id: int
    start: int
    end: int
    text: str


def _blocks(old_text: str, new_text: str) -> list[tuple[int, int, int]]:
    """Equal blocks (old_start, new_start, size) of a character alignment, in old order.

    SequenceMatcher's junk heuristic is disabled (``autojunk=False``): in long articles it would
    treat frequent characters (spaces, "e") as junk and break equal regions into pieces.
    """
    sm = difflib.SequenceMatcher(None, old_text, new_text, autojunk=False)
    return [(b.a, b.b, b.size) for b in sm.get_matching_blocks() if b.size]


class Alignment:
    """One alignment of an article's old text to its new text, computed once (on first use) and
    reused for everything that points into the old text: spans, stored suggestions, rejections.
    """

    def __init__(self, old_text: str, new_text: str) -> None:
        self.old_text = old_text
        self.new_text = new_text
        self._blocks: list[tuple[int, int, int]] | None = None
        self._starts: list[int] = []

    def _ensure(self) -> list[tuple[int, int, int]]:
        if self._blocks is None:
            self._blocks = _blocks(self.old_text, self.new_text)
            self._starts = [b[0] for b in self._blocks]
        return self._blocks

    def move(self, start: int, end: int, text: str) -> tuple[int, int] | None:
        """New offsets of ``[start, end)``, which covered ``text`` in the old text, or None when
        that text is not intact in the new one: the range is empty or out of range, does not
        cover ``text`` in the old text, or does not lie inside one equal block."""
        old, new = self.old_text, self.new_text
        if not (0 <= start < end <= len(old)) or old[start:end] != text:
            return None
        if old == new:
            return start, end
        blocks = self._ensure()
        k = bisect_right(self._starts, start) - 1
        if k < 0:
            return None
        a, b, size = blocks[k]
        if end > a + size:
            return None
        ns, ne = b + (start - a), b + (end - a)
        if new[ns:ne] != text:  # cannot happen for an equal block; a guard against alignment bugs
            return None
        return ns, ne

    def reanchor(self, spans: list[SpanRef]) -> tuple[dict[int, tuple[int, int]], list[int]]:
        """:func:`reanchor` on this alignment."""
        moved: dict[int, tuple[int, int]] = {}
        failed: list[int] = []
        for sp in spans:
            to = self.move(sp.start, sp.end, sp.text)
            if to is None:
                failed.append(sp.id)
            else:
                moved[sp.id] = to
        return moved, failed


def reanchor(
    old_text: str, new_text: str, spans: list[SpanRef], alignment: Alignment | None = None
) -> tuple[dict[int, tuple[int, int]], list[int]]:
    """Map spans of *old_text* onto *new_text*.

    Returns ``({span_id: (new_start, new_end)}, [failed span ids])``. Every span id appears in
    exactly one of the two. A span is moved only if its whole range lies inside one equal block
    of the alignment and ``new_text[s:e] == span.text``; spans whose stored text no longer
    matches the old text, spans touching removed or rewritten text and empty or out-of-range
    spans fail. Pass ``alignment`` (of the same two texts) to reuse one already made.
    """
    if alignment is None:
        alignment = Alignment(old_text, new_text)
    elif alignment.old_text != old_text or alignment.new_text != new_text:
        raise ValueError("reanchor: the alignment is of other texts")
    return alignment.reanchor(spans)
