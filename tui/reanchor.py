"""Re-anchor annotation spans when an article's cleaned text changes (reclean).

Spans are character offsets into the cleaned text. When the cleaner improves, the text of old
articles changes and every offset after the first edit shifts. We align old and new text and move
a span only when all of its characters lie in one unchanged block of the alignment and the new
text under the moved offsets is exactly the span's text; everything else is reported as failed so
that the user re-checks it. Nothing is moved approximately and nothing is dropped silently.

Pure functions, no I/O; must not import textual or rich.
"""

from __future__ import annotations

import difflib
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["SpanRef", "reanchor"]


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


def reanchor(
    old_text: str, new_text: str, spans: list[SpanRef]
) -> tuple[dict[int, tuple[int, int]], list[int]]:
    """Map spans of *old_text* onto *new_text*.

    Returns ``({span_id: (new_start, new_end)}, [failed span ids])``. Every span id appears in
    exactly one of the two. A span is moved only if its whole range lies inside one equal block
    of the alignment and ``new_text[s:e] == span.text``; spans whose stored text no longer
    matches the old text, spans touching removed or rewritten text and empty or out-of-range
    spans fail.
    """
    moved: dict[int, tuple[int, int]] = {}
    failed: list[int] = []
    if old_text == new_text:
        for sp in spans:
            if 0 <= sp.start < sp.end <= len(old_text) and old_text[sp.start : sp.end] == sp.text:
                moved[sp.id] = (sp.start, sp.end)
            else:
                failed.append(sp.id)
        return moved, failed

    blocks = _blocks(old_text, new_text) if spans else []
    starts = [b[0] for b in blocks]
    for sp in spans:
        if not (0 <= sp.start < sp.end <= len(old_text)) or old_text[sp.start : sp.end] != sp.text:
            failed.append(sp.id)
            continue
        k = bisect_right(starts, sp.start) - 1
        if k < 0:
            failed.append(sp.id)
            continue
        a, b, size = blocks[k]
        if sp.end > a + size:
            failed.append(sp.id)
            continue
        ns, ne = b + (sp.start - a), b + (sp.end - a)
        if new_text[ns:ne] == sp.text:
            moved[sp.id] = (ns, ne)
        else:  # cannot happen for an equal block; kept as a guard against alignment bugs
            failed.append(sp.id)
    return moved, failed
