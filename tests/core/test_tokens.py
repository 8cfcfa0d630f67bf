"""The tokenizer's fast path (stdlib ``re``, for text without marks, joiners, CJK...) gives
exactly the tokens of the full ``regex`` pattern, and no token ever splits a grapheme."""

from __future__ import annotations

import sys

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core import tokens
from tui.core.tokens import _token_spans_full, token_spans

CORPUS = [
    "Le président Emmanuel Macron est arrivé à Paris, puis à Lyon avec la SNCF.",
    "L'intelligence artificielle, qu'on dit « révolutionnaire », coûte 2,9 milliards d'euros.",
    "M. Dupont et Mme. Martin ont vu le Dr Durand à 10:30, etc. Aujourd'hui c'est l'été.",
    "The U.S. economy grew 2.9% in Q3, Apple Inc. said; don't worry, it's fine -- really...",
    "Mr. Smith visited Washington D.C. at 5 p.m. on Jan. 3rd, 2024. They'll see; we've won.",
    "Die Bundesregierung (Berlin) hat am Dienstagabend 1.000.000 € für Straßenbäume bewilligt.",
    "Régierungs-Chef Jean-Luc Mélenchon und États-Unis; Ökonomen: „Das Wachstum‟ bleibt 1/2.",
    "Mehr unter https://www.example.com/a/b?c=1&d=2, oder schreiben Sie an presse@example.org.",
    "Voir http://lemonde.fr/politique/article.html). Contact : redaction@journal.fr !",
    "Great game 👍🏽 — the family 👨‍👩‍👧 cheered 🇫🇷 and ❤️ and 😀!",
    "東京都は火曜日の夜、新しい予算案を承認したと発表しました。Tokyo said so.",
    "서울시는 화요일 저녁 새로운 예산안을 승인했다고 밝혔다.",
    "Cafe\u0301 de\u0301ja\u0300 vu, Zoe\u0308 e\u0301tait la\u0300; n\u0303o \u0301 ha.",
    "क्षिति और हिन्दी; ภาษาไทย ที่ดี; ١٢٣ arabic ٣.",
    "Line one\r\nLine two\n\nLine three\t tabbed\u00a0nbsp\u2009thin\u202fnarrow.",
    "x² + y³ = ½ ; Ⅻ siècle ; ① ② ; 3½ kg ; n°5 ; 50 % ; 3–4 ; 4—5.",
    "‘Quoted’ “double” «guillemets» ‹single› 'plain' \"ascii\"; l’homme qu’il aime.",
    "",
    "   \n\n  ",
]

ALPHABET = list("abcdeéèàçœßüöÄÉzAZMSU0123456789 \n\t.,;:!?'’-‐/()«»“”\"@_€%&+=#") + [
    "\u0301",
    "\u0308",
    "\u200d",
    "\u200c",
    "\ufe0f",
    "👍",
    "🏽",
    "👨",
    "🇫",
    "🇷",
    "東",
    "ひ",
    "カ",
    "한",
    "\u1100",
    "\u1161",
    "क",
    "्",
    "²",
    "½",
    "\u00a0",
    "\u2009",
    "\r",
    "\x1c",
    "Ω",
    "ж",
]
PIECES = [
    "M.",
    "U.S.",
    "Inc.",
    "p.m.",
    "l'",
    "qu’",
    "don't",
    "it's",
    "...",
    "--",
    "2,9",
    "1.000",
    "10:30",
    "https://x.fr/a?b=1",
    "www.a.org",
    "a.b@c.org",
    "Jean-Luc",
    "États-Unis",
    " ",
]


def _langs() -> tuple[str, ...]:
    return ("fr", "en", "de", None)


def _graphemes(text: str) -> set[int]:
    """Offsets where a grapheme starts (and the end of the text)."""
    out = {len(text)}
    out.update(m.start() for m in regex.finditer(r"\X", text))
    return out


def check(text: str) -> None:
    bounds = _graphemes(text)
    for lang in _langs():
        got = token_spans(text, lang)
        assert got == _token_spans_full(text, lang), (text, lang)
        last = 0
        for s, e in got:
            assert last <= s < e <= len(text)
            assert s in bounds and e in bounds, (text, lang, s, e)
            assert not text[s:e].isspace()
            last = e


def test_fast_path_equals_full_path_on_a_varied_corpus() -> None:
    for text in CORPUS:
        check(text)
    check("2,9\u094d\u0915")  # regex's \X: "9" + virama + consonant is one grapheme
    check("\n".join(CORPUS))  # lines that need the full pattern among lines that do not
    check(" ".join(CORPUS))  # one line: the full pattern for all of it


def test_known_tokens() -> None:
    t = "M. Dupont, l'intelligence et les États-Unis : 2,9 %."
    toks = [t[s:e] for s, e in token_spans(t, "fr")]
    assert toks[:2] == ["M.", "Dupont"] and "l'" in toks and "intelligence" in toks
    assert "États-Unis" in toks and "2,9" in toks
    t = "The U.S. said don't, see https://x.org/a."
    toks = [t[s:e] for s, e in token_spans(t, "en")]
    assert "U.S." in toks and toks[3:5] == ["do", "n't"] and "https://x.org/a" in toks
    t = "e\u0301te\u0301 👍🏽 東京"
    toks = [t[s:e] for s, e in token_spans(t, "fr")]
    assert toks == ["e\u0301te\u0301", "👍🏽", "東", "京"]


def test_fast_path_characters_match_the_full_classes() -> None:
    """On every character the fast path accepts, the stdlib's \\w and \\d are the full
    pattern's word and number classes, and each is a grapheme of its own."""
    import re

    chars = "".join(
        chr(c)
        for c in range(sys.maxunicode + 1)
        if not 0xD800 <= c <= 0xDFFF and not tokens._SLOW.match(chr(c))
    )
    assert "a" in chars and "é" in chars and "😀" in chars and "\u0301" not in chars
    word = regex.compile(tokens._WORDCH, regex.V1)
    assert set(re.findall(r"\w", chars)) == set(word.findall(chars))
    assert set(re.findall(r"\d", chars)) == set(regex.findall(r"\p{N}", chars))
    assert not regex.findall(
        r"[\p{GCB=Extend}\p{GCB=SpacingMark}\p{GCB=ZWJ}\p{GCB=Prepend}]", chars
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(ALPHABET), st.sampled_from(PIECES)), max_size=60))
def test_fast_path_equals_full_path_property(parts: list[str]) -> None:
    check("".join(parts))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from([c for c in [*ALPHABET, *PIECES] if not tokens._SLOW.search(c)]),
        max_size=80,
    )
)
def test_fast_path_equals_full_path_latin_only(parts: list[str]) -> None:
    text = "".join(parts)
    assert tokens._SLOW.search(text) is None  # this alphabet takes the fast path
    check(text)
