"""The text view's range index answers as a scan of every range would, through edits."""

from __future__ import annotations

import random

from tui.widgets.text_ranges import RangeIndex
from tui.widgets.text_view import ViewSpan


def _key(s: ViewSpan) -> tuple[int, int, int]:
    return (s.start, s.end, s.id)


def _random_span(rnd: random.Random, i: int) -> ViewSpan:
    start = rnd.randrange(0, 200)
    return ViewSpan(i, start, start + rnd.randrange(1, 30), rnd.choice(["PER", "LOC"]))


def test_lookups_and_edits_match_a_scan() -> None:
    rnd = random.Random(17)
    spans = [_random_span(rnd, i) for i in range(150)]
    index = RangeIndex(_key, spans)
    for n in range(300):
        everything = sorted(spans, key=_key)
        assert index.items == everything
        a = rnd.randrange(0, 240)
        b = a + rnd.randrange(0, 40)
        assert index.overlapping(a, b) == [s for s in everything if s.end > a and s.start < b]
        assert index.covering(a) == [s for s in everything if s.start <= a < s.end]
        if n % 3 == 0:  # replace what overlaps [a, b) with new spans, as an edit does
            gone = index.pop_overlapping(a, b)
            assert gone == [s for s in everything if s.end > a and s.start < b]
            spans = [s for s in spans if s not in gone]
            for k in range(rnd.randrange(0, 3)):
                new = _random_span(rnd, 1000 + 10 * n + k)
                index.insert(new)
                spans.append(new)


def test_an_empty_index_finds_nothing() -> None:
    index: RangeIndex[ViewSpan] = RangeIndex(_key)
    assert index.overlapping(0, 10) == [] and index.covering(3) == []
    assert index.pop_overlapping(0, 10) == []
