"""The cleaner's fast paths answer exactly like the plain patterns they stand in for.

The plain-text cleaner avoids one regex call per line where it can (page-wide scans, prefilters,
one verdict per distinct line, packed stopword counts). Each shortcut must give the answer of the
straightforward form, or the cleaned text (and every span offset into it) would depend on an
optimisation. These tests draw scraped-looking text from tokens that hit the corner cases:
Unicode spaces and tabs, odd case-folding letters (İ ı ſ K), separators, photo credits,
dates and month names, apostrophes, escape sequences.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core import clean as C

TOKENS = [
    "a", "Le", "the", "und", "der", "de", "la", "och", "ve", "bir", "İstanbul", "ıl", "ſ", "K",
    "Share", "share on", "Facebook", "cookies", "Newsletter", "Lire aussi :", "Photo:", "AFP",
    "© Reuters", "Getty Images", "dpa", "prepare", "image", "Par", "By", "Von", "Publié dans",
    "April", "avril", "10", "2024", "10.04.2024", "14:04", "Mayis", "mayıs", "15th,", "ago",
    "Il y a", "heures", "l'homme", "d’avril", "U-20", "|", "•", "·", "»", " - ", " – ", " / ",
    "—", "-", ".", ",", ":", "!", "?", "…", "(c)", "_x", "__", "www.example.com", "photo.jpg",
    " ", "  ", "   ", "\t", "\u00a0", "\u00a0\u00a0", "\u2003", "\u3000", "\u202f", "\u1680",
    "\n", "\n\n", "\r\n", "\r", "\x0b", "\u2028", "\u2029", "\x1b[31m", "\x1b]0;t\x07", "\x9b2J",
    "\u200b", "\u00ad", "e\u0301", "\ufeff", "Café", "ß", "ẞ", "東京", "서울",
]  # fmt: skip

text = st.lists(st.sampled_from(TOKENS), max_size=80).map("".join)
texts = st.lists(text, min_size=1, max_size=6)
line = st.lists(st.sampled_from([t for t in TOKENS if "\n" not in t]), max_size=40).map("".join)

_OLD_LINEBREAK_RE = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028]")


@settings(max_examples=300, deadline=None)
@given(text)
def test_prenormalize_and_line_normalisation_match_the_plain_forms(raw: str) -> None:
    expected = C._ANSI_RE.sub("", raw)
    expected = _OLD_LINEBREAK_RE.sub("\n", expected).replace("\u2029", "\n\n")
    expected = C._INVISIBLE_RE.sub("", unicodedata.normalize("NFC", expected))
    pre = C._prenormalize(raw)
    assert pre == expected
    assert C._collapse_spaces(pre) == C._SPACES_RE.sub(" ", pre)
    assert C._normalized_lines(pre) == [C._SPACES_RE.sub(" ", x).strip() for x in pre.split("\n")]
    lines = "\n".join(C._SPACES_RE.sub(" ", x).strip() for x in pre.split("\n"))
    assert C.normalize(raw) == re.sub(r"\n{3,}", "\n\n", lines).strip("\n")


@settings(max_examples=300, deadline=None)
@given(text)
def test_cleaned_text_is_already_normalised(raw: str) -> None:
    out = C.clean_text(raw).text
    assert C.normalize(out) == out


@settings(max_examples=300, deadline=None)
@given(line)
def test_ticker_test_counts_like_findall(raw: str) -> None:
    assert C._joined_headlines(raw) == (len(C._MULTISPACE_RE.findall(raw)) >= 2)


@settings(max_examples=300, deadline=None)
@given(line)
def test_boilerplate_dispatch_matches_the_whole_pattern(raw: str) -> None:
    t = C._normalize_line(raw)
    expected = C._BOILER_LINE_RE.match(t) is not None
    assert C._boiler_line(t) == expected
    if not C._FOLD_ODD_RE.search(t):
        low = t.lower()
        words = C._WORD_RE.findall(low)
        assert C._boiler_line(t, low, words[0] if words else "_") == expected


@settings(max_examples=200, deadline=None)
@given(texts)
def test_page_index_candidates_hold_every_line_the_patterns_match(pages: list[str]) -> None:
    page = C._page_lines(C._prenormalize("\n".join(pages)))
    one = list(dict(zip((ln.text for ln in page.lines), page.lines, strict=True)).values())
    index = C._PageIndex(one)
    for k, ln in enumerate(one):
        t = ln.text
        if C._FOLD_ODD_RE.search(t):
            assert k in index.odd
        if ln.chars < 200 and C._DIGIT_RE.search(t):
            assert k in index.digits
        if len(C._SEPARATOR_RE.findall(t)) >= 3:
            assert k in index.seps
        tail = t[-70:] if ln.words > 12 else t
        if C._CREDIT_RE.search(tail):
            assert k in index.credit


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(TOKENS + ["et", "le", "les", "die", "das", "och", "i", "en"]), max_size=300
    )
)
def test_packed_stopword_counts_equal_plain_counts(tokens: list[str]) -> None:
    words = C._WORD_RE.findall(" ".join(tokens).lower())
    expected = Counter(
        {code: n for code, stops in C._stopwords().items() if (n := sum(w in stops for w in words))}
    )
    assert C._lang_hits(words, lowered=True) == expected


@settings(max_examples=200, deadline=None)
@given(texts)
def test_page_language_from_line_words_equals_page_language_from_text(pages: list[str]) -> None:
    lines = [x for x in C._normalized_lines(C._prenormalize("\n".join(pages))) if x]
    words = {t: C._WORD_RE.findall(t.lower()) for t in lines}
    assert C._doc_language(lines, words) == C._doc_language(lines)


@settings(max_examples=300, deadline=None)
@given(line)
def test_month_first_dates_are_never_skipped(raw: str) -> None:
    if C._MONTH_FIRST.search(raw):
        assert C._DAY_YEAR_RE.search(raw)


def test_month_first_dates_still_parse() -> None:
    assert C.parse_date("Updated April 10, 2024 9:24 pm")[0] == "2024-04-10T21:24"
    assert C.parse_date("Nov 18th, 2019")[0] == "2019-11-18"


def test_page_index_finds_each_kind_of_candidate() -> None:
    lines = [
        "Home - News - Sport - Weather",
        "Accueil / Monde / Europe / France",
        "Politik | Wirtschaft | Kultur | Sport",
        "Photo: Jane Doe",
        "A long paragraph of more than twelve words that ends with a credit line (c) Reuters",
        "Published 10.04.2024",
        "İstanbul'da bir gün",
        "Plain prose without any of those things in it at all.",
    ]
    page = C._page_lines("\n".join(lines))
    index = C._PageIndex(page.lines)
    assert index.seps >= {0, 1, 2}
    assert index.credit >= {3, 4}
    assert 5 in index.digits
    assert 6 in index.odd
    assert 7 not in index.seps | index.credit | index.digits | index.odd
