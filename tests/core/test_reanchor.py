"""Re-anchoring spans after a reclean: exact moves only, failures reported, nothing dropped."""

from __future__ import annotations

from tui.core.reanchor import SpanRef, reanchor


def span(i: int, text: str, sub: str, nth: int = 0) -> SpanRef:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return SpanRef(i, start, start + len(sub), sub)


def check_partition(spans: list[SpanRef], moved: dict, failed: list[int]) -> None:
    assert set(moved) | set(failed) == {s.id for s in spans}
    assert not set(moved) & set(failed)


def test_identical_texts_all_unchanged() -> None:
    text = "Angela Merkel traf Emmanuel Macron in Paris."
    spans = [
        span(1, text, "Angela Merkel"),
        span(2, text, "Emmanuel Macron"),
        span(3, text, "Paris"),
    ]
    moved, failed = reanchor(text, text, spans)
    assert failed == []
    assert moved == {1: (0, 13), 2: (19, 34), 3: (38, 43)}


def test_spans_shift_after_removed_prefix() -> None:
    old = "Lire aussi : autre chose\n\nMicrosoft investit au Japon. Brad Smith parle."
    new = "Microsoft investit au Japon. Brad Smith parle."
    spans = [span(1, old, "Microsoft"), span(2, old, "Japon"), span(3, old, "Brad Smith")]
    moved, failed = reanchor(old, new, spans)
    assert failed == []
    for s in spans:
        ns, ne = moved[s.id]
        assert new[ns:ne] == s.text


def test_span_in_removed_region_fails() -> None:
    old = "Publicité Sponsored by Acme Corp\nBerlin is the capital. Paris too."
    new = "Berlin is the capital. Paris too."
    spans = [span(1, old, "Acme Corp"), span(2, old, "Berlin"), span(3, old, "Paris")]
    moved, failed = reanchor(old, new, spans)
    assert failed == [1]
    assert new[slice(*moved[2])] == "Berlin" and new[slice(*moved[3])] == "Paris"


def test_span_straddling_removed_edge_fails() -> None:
    old = "Intro words. Olaf Scholz said hello."
    new = "Scholz said hello."
    spans = [span(1, old, "Olaf Scholz"), span(2, old, "Scholz", 0)]
    moved, failed = reanchor(old, new, spans)
    assert 1 in failed
    assert new[slice(*moved[2])] == "Scholz"
    check_partition(spans, moved, failed)


def test_spans_adjacent_to_insertion_move_correctly() -> None:
    old = "Madrid and Rome are cities."
    new = "Madrid, Spain, and Rome are cities."
    spans = [span(1, old, "Madrid"), span(2, old, "Rome")]
    moved, failed = reanchor(old, new, spans)
    assert failed == []
    assert moved[1] == (0, 6)
    assert new[slice(*moved[2])] == "Rome"


def test_insertion_inside_span_fails() -> None:
    old = "New York is big."
    new = "New  big York is big."
    spans = [span(1, old, "New York")]
    moved, failed = reanchor(old, new, spans)
    assert failed == [1] and moved == {}


def test_span_at_text_edges() -> None:
    old = "Lisbon is sunny today in Porto"
    new = "Breaking: Lisbon is sunny today in Porto\nMore"
    spans = [span(1, old, "Lisbon"), span(2, old, "Porto")]
    moved, failed = reanchor(old, new, spans)
    assert failed == []
    assert new[slice(*moved[1])] == "Lisbon" and new[slice(*moved[2])] == "Porto"


def test_emoji_and_combining_characters() -> None:
    old = "👩‍👩‍👧 Family 🇫🇷 José Müller e\u0301té"
    new = "Hello! 👩‍👩‍👧 Family 🇫🇷 José Müller e\u0301té"
    spans = [
        span(1, old, "👩‍👩‍👧"),
        span(2, old, "🇫🇷"),
        span(3, old, "e\u0301té"),
        span(4, old, "José Müller"),
    ]
    moved, failed = reanchor(old, new, spans)
    assert failed == []
    for s in spans:
        assert new[slice(*moved[s.id])] == s.text


def test_changed_span_text_fails() -> None:
    old = "Boris Johnson spoke."
    new = "Boris Johnsen spoke."
    moved, failed = reanchor(old, new, [span(1, old, "Boris Johnson"), span(2, old, "spoke")])
    assert failed == [1]
    assert new[slice(*moved[2])] == "spoke"


def test_stale_or_invalid_span_fails_not_dropped() -> None:
    old = "Alpha beta gamma."
    spans = [SpanRef(1, 0, 5, "Gamma"), SpanRef(2, 10, 99, "x"), SpanRef(3, 3, 3, "")]
    moved, failed = reanchor(old, "Alpha beta gamma!", spans)
    assert sorted(failed) == [1, 2, 3] and moved == {}


def test_repeated_words_map_to_their_own_occurrence() -> None:
    old = "Paris, Paris, Paris."
    new = "Intro. Paris, Paris, Paris."
    spans = [span(i, old, "Paris", i) for i in range(3)]
    moved, failed = reanchor(old, new, spans)
    assert failed == []
    assert [moved[i][0] for i in range(3)] == [7, 14, 21]


def test_large_texts_stay_fast() -> None:
    para = "Der Bundestag hat am Donnerstag ein Gesetz beschlossen. " * 200
    old = "Werbung\n" + para
    new = para + "\nQuelle: dpa"
    spans = [SpanRef(1, 8, 8 + 13, "Der Bundestag")]
    moved, failed = reanchor(old, new, spans)
    assert failed == [] and moved[1] == (0, 13)
