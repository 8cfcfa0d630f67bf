"""Article cleaning: normalisation, boilerplate removal, HTML extraction, metadata.

Articles arrive as whole-page text scrapes or saved HTML. Annotators must see the article and
only the article, and spans are stored as character offsets into the cleaned text, so the cleaner
has to be deterministic (same input, same output for a given ``CLEANER_VERSION``) and must never
rewrite letters or punctuation: it only removes lines, invisible characters and extra whitespace.

The plain-text cleaner scores each line with language-aware features (stopword density for the
article's language, sentence shape, separators, digits, boilerplate vocabulary in ~15 languages),
revises short lines by their neighbours (jusText-style context) and keeps the main body region.
No rule is keyed to one site; recurring site chrome can be learned from a batch with
:func:`chrome_lines`. HTML pages go through trafilatura, a vote with the plain-text cleaner and a
second opinion from the page's DOM blocks (link density, teaser cards, chrome class words,
recovery of dropped body paragraphs: :mod:`tui.core.clean_html`).

This module must not import textual or rich; trafilatura and lxml are imported lazily because
they take a noticeable time to load and plain-text cleaning never needs them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, chain, repeat
from pathlib import Path
from typing import Any

__all__ = [
    "CLEANER_VERSION",
    "Cleaned",
    "chrome_lines",
    "clean_html",
    "clean_html_document",
    "clean_plain",
    "clean_text",
    "guard",
    "normalize",
    "stopword_language",
]

#: Bump whenever the output of any cleaner changes: articles store the version they were cleaned
#: with, and "reclean" re-runs only older ones (and re-anchors their spans).
CLEANER_VERSION = 4

_DATA = Path(__file__).parent.parent / "data"  # tui/data: package data beside tui/core


@dataclass
class Cleaned:
    """Result of cleaning one article: the body to annotate plus the metadata pulled out of it."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO 8601: YYYY-MM-DD or YYYY-MM-DDTHH:MM
    publisher: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------

# Terminal escape sequences: a scraped page pasted from a terminal, or a hostile page, must not be
# able to move the cursor or retitle the window when the TUI renders the text.
_ANSI_RE = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL / ST
    r"|\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"  # 8-bit OSC
    r"|\x1b[@-Z\\-_]"  # other two-character escapes
)
# Line breaks other than "\n", once "\r\n" is replaced (a single character class: the regex
# engine scans for it fast).
_LONE_BREAK_RE = re.compile("[\r\x0b\x0c\x85\u2028]")
# Invisible characters removed: C0/C1 controls (tab and newline are handled separately), DEL,
# zero-width space, word joiner, BOM, soft hyphen, Mongolian vowel separator, LRM/RLM/ALM, bidi
# embeddings/overrides/isolates, invisible math operators, interlinear annotation marks.
# Kept on purpose: ZWJ U+200D (emoji sequences), ZWNJ U+200C (orthographic in Persian and Indic
# scripts), variation selectors and tag characters (emoji presentation, flags).
_INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
# Every Unicode space separator (NBSP, narrow NBSP, em space, ideographic space...) and the tab
# become one ASCII space: offsets stay simple and a tab has no meaning in an article body.
_SPACES_RE = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# The same in two fast passes (a class of rare characters, then a literal): see _collapse_spaces.
_ODD_SPACE_RE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUN_RE = re.compile("  +")
_BLANKS_RE = re.compile(r"\n{3,}")


def _collapse_spaces(text: str) -> str:
    """``_SPACES_RE.sub(" ", text)``, several times faster.

    Turning every other space character into " " keeps each run a run; collapsing runs of " "
    then gives the same text. Both patterns let the regex engine skip ordinary characters (and
    single spaces) without trying a match at each one.
    """
    text = _ODD_SPACE_RE.sub(" ", text)
    return _SPACE_RUN_RE.sub(" ", text) if "  " in text else text


def _normalize_line(line: str) -> str:
    """Collapse spaces and strip one line that contains no line breaks any more."""
    if line.isascii() and "  " not in line and "\t" not in line:
        return line.strip()  # fast path: nothing for the regex to collapse
    return _collapse_spaces(line).strip()


def _prenormalize(text: str) -> str:
    """Everything of :func:`normalize` that keeps the lines and their inner spacing intact.

    The plain-text cleaner needs the raw spacing (headline tickers are often joined by runs of
    spaces) before it is collapsed.
    """
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _ANSI_RE.sub("", text)
    text = _LONE_BREAK_RE.sub("\n", text.replace("\r\n", "\n")).replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    return _INVISIBLE_RE.sub("", text)


def normalize(text: str) -> str:
    """Return *text* in the canonical form that span offsets refer to.

    Line breaks of every kind become ``\\n`` (U+2029 PARAGRAPH SEPARATOR becomes a blank line),
    the text is NFC-composed, terminal escape sequences and invisible controls are removed (see
    ``_INVISIBLE_RE`` for what is kept and why), tabs and all Unicode spaces become single ASCII
    spaces, lines are stripped, runs of blank lines become exactly one blank line and leading /
    trailing blank lines go. Letters and punctuation are never rewritten, so the text a user sees
    is the text that was scraped. Idempotent: ``normalize(normalize(t)) == normalize(t)``.
    """
    text = _prenormalize(text)
    lines = [_normalize_line(line) for line in text.split("\n")]
    out = "\n".join(lines)
    out = _BLANKS_RE.sub("\n\n", out)
    return out.strip("\n")


# --------------------------------------------------------------------------------------------
# Language-aware features
# --------------------------------------------------------------------------------------------

_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")


# jusText's stoplists (installed with trafilatura) by ISO 639-1 code (639-3 where there is none).
# Left out: Simple_English (English again) and lists of a few dozen words (Cebuano, Waray-Waray,
# Haitian, Ido), which match any text with "a", "an", "in".
_JUSTEXT_CODES = {
    "Afrikaans": "af", "Albanian": "sq", "Arabic": "ar", "Aragonese": "an", "Armenian": "hy",
    "Aromanian": "rup", "Asturian": "ast", "Azerbaijani": "az", "Basque": "eu", "Belarusian": "be",
    "Belarusian_Taraskievica": "be-tarask", "Bengali": "bn", "Bishnupriya_Manipuri": "bpy",
    "Bosnian": "bs", "Breton": "br", "Bulgarian": "bg", "Catalan": "ca", "Chuvash": "cv",
    "Croatian": "hr", "Czech": "cs", "Danish": "da", "Dutch": "nl", "English": "en",
    "Esperanto": "eo", "Estonian": "et", "Finnish": "fi", "French": "fr", "Galician": "gl",
    "Georgian": "ka", "German": "de", "Greek": "el", "Gujarati": "gu", "Hebrew": "he", "Hindi": "hi",
    "Hungarian": "hu", "Icelandic": "is", "Igbo": "ig", "Indonesian": "id", "Irish": "ga",
    "Italian": "it", "Javanese": "jv", "Kannada": "kn", "Kazakh": "kk", "Korean": "ko",
    "Kurdish": "ku", "Kyrgyz": "ky", "Latin": "la", "Latvian": "lv", "Lithuanian": "lt",
    "Lombard": "lmo", "Low_Saxon": "nds", "Luxembourgish": "lb", "Macedonian": "mk", "Malay": "ms",
    "Malayalam": "ml", "Maltese": "mt", "Marathi": "mr", "Neapolitan": "nap", "Nepali": "ne",
    "Newar": "new", "Norwegian_Bokmal": "no", "Norwegian_Nynorsk": "nn", "Occitan": "oc",
    "Persian": "fa", "Piedmontese": "pms", "Polish": "pl", "Portuguese": "pt", "Quechua": "qu",
    "Romanian": "ro", "Russian": "ru", "Samogitian": "sgs", "Serbian": "sr",
    "Serbo_Croatian": "sh", "Sicilian": "scn", "Slovak": "sk", "Slovenian": "sl", "Spanish": "es",
    "Sundanese": "su", "Swahili": "sw", "Swedish": "sv", "Tagalog": "tl", "Tamil": "ta",
    "Telugu": "te", "Turkish": "tr", "Turkmen": "tk", "Ukrainian": "uk", "Urdu": "ur",
    "Uzbek": "uz", "Vietnamese": "vi", "Volapuk": "vo", "Walloon": "wa", "West_Frisian": "fy",
    "Western_Panjabi": "pnb", "Yoruba": "yo",
}  # fmt: skip
_MIN_STOPLIST = 50
_STOPLIST_SIZE = 400
# Languages not written in Latin script (their jusText lists can be mostly English words).
_NON_LATIN = frozenset(
    [
        "ar",
        "hy",
        "be",
        "be-tarask",
        "bpy",
        "bn",
        "bg",
        "cv",
        "ka",
        "el",
        "gu",
        "he",
        "hi",
        "kn",
        "kk",
        "ko",
        "ky",
        "mk",
        "ml",
        "mr",
        "ne",
        "new",
        "fa",
        "ru",
        "sr",
        "ta",
        "te",
        "uk",
        "ur",
        "pnb",
    ]
)
#: Stoplists left out on purpose (leave-one-language-out checks in bench/clean.py set it).
HIDDEN_STOPLISTS: set[str] = set()


def _justext_stoplists() -> dict[str, frozenset[str]]:
    """jusText's ~100 stoplists by code, reduced to plain lower-case words (its lists hold
    Wikipedia tokens such as "(born" or '"the'). Empty when jusText is not installed."""
    try:
        import justext
    except ImportError:  # pragma: no cover - installed with trafilatura
        return {}
    out: dict[str, frozenset[str]] = {}
    for name, code in _JUSTEXT_CODES.items():
        try:
            words = justext.get_stoplist(name)
        except (ValueError, OSError):  # pragma: no cover - a list missing from this version
            continue
        plain = [w.lower() for w in words if _WORD_RE.fullmatch(w.lower())]
        # Keep the words in the list's own script: jusText's lists of Devanagari, Arabic or
        # Cyrillic languages also hold the English words of their Wikipedias ("the", "of").
        scripts = Counter(_script_of(w) for w in plain)
        main = scripts.most_common(1)[0][0] if scripts else ""
        if code in _NON_LATIN and main == "LATIN":
            main = next((sc for sc, _ in scripts.most_common() if sc != "LATIN"), main)
        words_in_script = sorted(
            {w for w in plain if _script_of(w) == main}, key=lambda w: (len(w), w)
        )
        # Lists run from 50 to 4000 words (Uzbek's holds names and inflected nouns); the longer
        # a list, the more pages it claims. Like the built-in lists (the 400 most frequent
        # words), keep 400, the shortest: function words are the short ones (Zipf).
        clean = frozenset(words_in_script[:_STOPLIST_SIZE])
        if len(clean) >= _MIN_STOPLIST:
            out[code] = clean
    return out


def _script_of(word: str) -> str:
    """Unicode script of a word's first letter ("LATIN", "CYRILLIC", ...), from its name."""
    if word.isascii():
        return "LATIN"
    for ch in word:
        if ch.isalpha():
            return unicodedata.name(ch, "?").split(" ", 1)[0]
    return ""


@lru_cache(maxsize=1)
def _core_codes() -> frozenset[str]:
    """Languages of the built-in lists (the frequent news languages, each list trimmed to its
    400 most frequent words); the other jusText lists are larger and some overlap with them
    (Uzbek, Azerbaijani and Turkmen with Turkish), so those must win clearly (see _best_lang)."""
    raw = json.loads((_DATA / "stopwords.json").read_text(encoding="utf8"))
    return frozenset(k for k in raw if not k.startswith("_"))


#: How many times more stopword hits a language outside the built-in lists needs than the best
#: built-in one to be taken.
_EXTRA_MARGIN = 1.5


def _best_lang(hits: Counter[str] | dict[str, int]) -> tuple[str | None, int]:
    """The language with the most stopword hits, built-in lists first (see _core_codes)."""
    if not hits:
        return None, 0
    core = _core_codes()
    best, n = max(hits.items(), key=lambda kv: (kv[1], kv[0]))
    if best in core:
        return best, n
    in_core = [(k, v) for k, v in hits.items() if k in core]
    if not in_core:
        return best, n
    cbest, cn = max(in_core, key=lambda kv: (kv[1], kv[0]))
    return (best, n) if n >= _EXTRA_MARGIN * cn else (cbest, cn)


@lru_cache(maxsize=1)
def _stopwords() -> dict[str, frozenset[str]]:
    """Stoplists by language code, loaded once on first use: the built-in lists (the most
    frequent 400 words of 18 jusText lists) and, for every other language, jusText's own."""
    raw = json.loads((_DATA / "stopwords.json").read_text(encoding="utf8"))
    lists = {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}
    for code, words in _justext_stoplists().items():
        lists.setdefault(code, words)
    return {k: v for k, v in lists.items() if k not in HIDDEN_STOPLISTS}


def reset_stoplists() -> None:
    """Forget the loaded stoplists (after changing :data:`HIDDEN_STOPLISTS`)."""
    for cached in (_stopwords, _word_langs, _any_stopword, _word_lang_bits):
        cached.cache_clear()


_HANGUL_RE = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KANA_RE = re.compile("[\u3040-\u30ff]")
_HAN_RE = re.compile("[\u4e00-\u9fff]")
_DEVA_RE = re.compile("[\u0900-\u097f]")
_LETTER_RE = re.compile(r"[^\W\d_]")
# Scripts written without spaces between words (Thai, Lao, Khmer, Myanmar).
_NOSPACE_SCRIPTS = {
    "th": "\u0e00-\u0e7f",
    "lo": "\u0e80-\u0eff",
    "km": "\u1780-\u17ff",
    "my": "\u1000-\u109f",
}
_NOSPACE_RES = {code: re.compile(f"[{rng}]") for code, rng in _NOSPACE_SCRIPTS.items()}
_SCRIPTS_ANY_RE = re.compile(
    "[\u0900-\u097f\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u4e00-\u9fff\uac00-\ud7a3"
    + "".join(_NOSPACE_SCRIPTS.values())
    + "]"
)


def _script_language(text: str) -> str | None:
    """Languages recognisable by their script alone (no spaces between words, or own script)."""
    sample = text[:3000]
    if not _SCRIPTS_ANY_RE.search(sample):
        return None  # no Hangul, kana, Han or Devanagari at all: one C-level scan
    total = len(_LETTER_RE.findall(sample))
    if not total:
        return None
    hangul = len(_HANGUL_RE.findall(sample))
    kana = len(_KANA_RE.findall(sample))
    han = len(_HAN_RE.findall(sample))
    deva = len(_DEVA_RE.findall(sample))
    if hangul / total > 0.3:
        return "ko"
    if kana / total > 0.1:
        return "ja"
    if (kana + han) / total > 0.3:
        return "zh"
    if deva / total > 0.3:
        return "hi"
    for code, pattern in _NOSPACE_RES.items():
        if len(pattern.findall(sample)) / total > 0.3:
            return code
    return None


@lru_cache(maxsize=1)
def _word_langs() -> dict[str, tuple[str, ...]]:
    """Inverted stoplists: word -> languages it is a stopword of (one lookup per word)."""
    out: dict[str, list[str]] = {}
    for code, stops in _stopwords().items():
        for w in stops:
            out.setdefault(w, []).append(code)
    return {w: tuple(c) for w, c in out.items()}


@lru_cache(maxsize=1)
def _any_stopword() -> frozenset[str]:
    """Union of all stoplists."""
    return frozenset(_word_langs())


# Width in bits of one language's counter in the packed counts of :func:`_word_lang_bits`.
_FIELD = 32


@lru_cache(maxsize=1)
def _word_lang_bits() -> tuple[dict[str, int], tuple[str, ...]]:
    """Word -> the languages it is a stopword of, packed as one integer with a 1 in each of those
    languages' ``_FIELD``-bit fields, and the language codes in field order.

    Adding the integers of a text's words counts the hits of every language at once (one C-level
    ``sum``); a field never overflows into the next below 2**32 words.
    """
    codes = tuple(sorted(_stopwords()))
    shift = {code: _FIELD * k for k, code in enumerate(codes)}
    packed = {w: sum(1 << shift[c] for c in langs) for w, langs in _word_langs().items()}
    return packed, codes


def _lang_hits(words: list[str], lowered: bool = False) -> Counter[str]:
    """Number of *words* in each language's stoplist (languages with none are left out)."""
    if not lowered:
        words = [x.lower() for x in words]
    packed, codes = _word_lang_bits()
    total = sum(map(packed.get, words, repeat(0, len(words))))
    hits: Counter[str] = Counter()
    mask = (1 << _FIELD) - 1
    for k, code in enumerate(codes):
        n = (total >> (_FIELD * k)) & mask
        if n:
            hits[code] = n
    return hits


def stopword_language(text: str, min_words: int = 1) -> tuple[str | None, float]:
    """Guess a language from stopword density; return (code, density) or (None, 0.0).

    Cheap (no model) and robust on text of a few words: used to find lines written in another
    language than the article (tickers of foreign headlines) and to pick the stoplist for the
    line-scoring features. Density is the share of the words that are stopwords of that language.
    """
    words = _WORD_RE.findall(text)
    if len(words) < min_words or not words:
        return None, 0.0
    hits = _lang_hits(words)
    if not hits:
        return None, 0.0
    # ties broken by language code so the answer never depends on dict order
    best, best_n = _best_lang(hits)
    return best, best_n / len(words)


def _doc_language(lines: list[str], lwords: dict[str, list[str]] | None = None) -> str | None:
    """Language of the page whose stoplist describes it, or None (see _weak_language)."""
    lang, strong = _weak_language(lines, lwords)
    return lang if strong else None


def _weak_language(
    lines: list[str], lwords: dict[str, list[str]] | None = None
) -> tuple[str | None, bool]:
    """Language of the page from its long lines (the article body dominates them).

    *lwords* maps a line to its lower-cased words when the caller has them (words never span
    lines, so they are the words of the sample; only U+0130 lower-cases into two characters).
    """
    long_lines = sorted(lines, key=len, reverse=True)[:40]
    # Prose lines speak for the page; menus and link lists only when there is no prose (a page
    # of 200 menu entries around one paragraph is in the paragraph's language).
    prose = [t for t in long_lines if len(t) >= _PROSE_CHARS]
    if prose:
        long_lines = prose
    sample = "\n".join(long_lines)
    script = _script_language(sample)
    if script:
        return script, True
    if lwords is not None and "\u0130" not in sample:
        words = list(chain.from_iterable(map(lwords.__getitem__, long_lines)))
        hits = _lang_hits(words, lowered=True)
    else:
        words = _WORD_RE.findall(sample)
        hits = _lang_hits(words)
    if not hits:
        return None, False
    best, n = _best_lang(hits)
    # A page in a language without a stoplist still shares a few words with some list (names,
    # English menu words, "a", "de"): below this density no stoplist describes the page alone.
    return best, n >= _MIN_DOC_DENSITY * len(words)


_PROSE_CHARS = 80
#: Share of the page's words that must be stopwords of its best language for that stoplist to be
#: used; below it the page gets a stoplist of its own most frequent words (:func:`_page_stoplist`).
_MIN_DOC_DENSITY = 0.12
#: Scripts written without spaces between words: line length in characters stands in for words.
_NO_SPACE_SCRIPTS = ("ko", "ja", "zh", "hi", "th", "lo", "km", "my")
_PAGE_STOPS = 40
_PAGE_STOPS_MIN_LINE = 60


def _page_stoplist(lines: list[str], lwords: dict[str, list[str]] | None = None) -> frozenset[str]:
    """The page's own function words, for a language without a stoplist.

    In every language written with spaces the most frequent words of running text are its
    function words (Zipf): the words found in the most long lines of the page (menus and
    tickers are short lines, and a distinct line counts once) play the stoplist's part.
    """
    df: Counter[str] = Counter()
    for t in dict.fromkeys(lines):
        if len(t) >= _PAGE_STOPS_MIN_LINE:
            ws = lwords[t] if lwords is not None and t in lwords else _WORD_RE.findall(t.lower())
            df.update(set(ws))
    common = [w for w, n in df.most_common(_PAGE_STOPS) if n >= 2 and not w.isdigit()]
    return frozenset(common)


def _page_language(
    lines: list[str], lwords: dict[str, list[str]] | None = None
) -> tuple[str | None, frozenset[str] | None, bool, float, bool]:
    """(language code or None, stoplist for the line features, written without spaces,
    the stoplist's density on the page's long lines; 0.0 when no list describes the page, and
    then no line is taken for foreign either; whether a stoplist describes the page).

    A language without a stoplist gets the page's own frequent words ("und"); a stoplist that
    covers the page's text thinly (agglutinative languages: Turkish runs at 0.15, English at
    0.45) is completed with them.
    """
    lang, strong = _weak_language(lines, lwords)
    if lang in _NO_SPACE_SCRIPTS:
        return lang, None, True, 0.0, True
    stops = _stopwords().get(lang) if lang is not None else None
    dens = _long_density(lines, stops, lwords) if stops else 0.0
    own: frozenset[str] = frozenset()
    if stops is None or dens < _THIN_DENSITY:
        own = _page_stoplist(lines, lwords)
        if not own and stops is None:
            return None, None, False, 0.0, False
        stops = own | stops if stops else own
        lang = lang or "und"
        dens = _long_density(lines, stops, lwords)
    if not strong and len(own) < _PAGE_STOPS_ENOUGH:
        # No list describes the page (a language without a stoplist; the best list only matches
        # its chrome or names) and the page has too little prose to learn its own function
        # words from: the line features that need no language decide, as jusText does without
        # a stoplist. The best list's lines are still not foreign.
        dens = 0.0
    return lang, stops, False, dens, strong


#: Density under which a stoplist is completed with the page's own frequent words.
_THIN_DENSITY = 0.25
#: Own frequent words a page needs for them to stand in for a stoplist (see _page_stoplist).
_PAGE_STOPS_ENOUGH = 25


def _long_density(
    lines: list[str], stops: frozenset[str], lwords: dict[str, list[str]] | None = None
) -> float:
    """Stopword density over the page's 40 longest lines (its body text, mostly)."""
    total = hits = 0
    for t in sorted(set(lines), key=len, reverse=True)[:40]:
        ws = lwords[t] if lwords is not None and t in lwords else _WORD_RE.findall(t.lower())
        total += len(ws)
        hits += sum(map(stops.__contains__, ws))
    return hits / total if total else 0.0


def _thresholds(dens: float) -> tuple[float, float]:
    """Stopword densities for good and near-good lines on a page whose body runs at *dens*:
    the tuned values for a well-covered language, scaled down for a thinly covered one."""
    if dens <= 0:
        return 0.0, 0.0
    scale = min(1.0, dens / _TYPICAL_DENSITY)
    return _STOP_HI * scale, _STOP_LO * scale


#: Body density of the languages the line thresholds were tuned on (English, German: 0.3-0.5).
_TYPICAL_DENSITY = 0.35


# --------------------------------------------------------------------------------------------
# Boilerplate vocabulary (multilingual). Short lines matching these are chrome anywhere on the
# page; the prefixed forms ("Read also: <headline>") are dropped whatever their length.
# --------------------------------------------------------------------------------------------

_BOILER_WORDS = [
    # share / social
    r"share(?: this| on| article| story)?",
    r"sharing is caring",
    r"partager",
    r"partagez",
    r"teilen",
    r"compartir",
    r"condividi",
    r"compartilhar",
    r"dela",
    r"del",
    r"paylaş",
    r"bagikan",
    r"facebook",
    r"twitter",
    r"whatsapp",
    r"pinterest",
    r"linkedin",
    r"reddit",
    r"flipboard",
    r"telegram",
    r"e-?mail",
    r"print",
    r"drucken",
    r"imprimer",
    r"copy link",
    r"link kopieren",
    r"\d*\s*shares?",
    r"tweet",
    r"x \(twitter\)",
    # report / comments
    r"merci d['’]avoir signalé",
    r"signaler(?: un abus| ce contenu)?",
    r"report(?: this)?(?: ad| comment| abuse)?",
    r"melden",
    r"reply",
    r"antworten",
    r"répondre",
    r"responder",
    r"rispondi",
    r"comments?",
    r"kommentare?",
    r"commentaires?",
    r"comentarios?",
    r"commenti",
    r"kommentarer",
    r"yorumlar",
    r"leave a (?:comment|reply)",
    r"\d+ comments?",
    # cookies / consent / privacy
    r".*\bcookies?\b.*",
    r"accept(?: all)?",
    r"alle akzeptieren",
    r"tout accepter",
    r"aceptar",
    r"privacy policy",
    r"datenschutz.*",
    r"politique de confidentialité",
    r"terms of (?:use|service)",
    r"nutzungsbedingungen",
    r"impressum",
    r"mentions légales",
    r"all rights reserved.*",
    r"tous droits réservés.*",
    r"alle rechte vorbehalten.*",
    r"copyright.*",
    r"©.*",
    # newsletter / subscribe / account
    r".*\bnewsletter\b.*",
    r"subscribe.*",
    r"abonnieren.*",
    r"abonnez-vous.*",
    r"s['’]abonner.*",
    r"suscr[ií]bete.*",
    r"iscriviti.*",
    r"prenumerera.*",
    r"abonner.*",
    r"abonnement",
    r"abo",
    r"sign (?:up|in)",
    r"log ?in",
    r"log ?out",
    r"anmelden",
    r"registrieren",
    r"se connecter",
    r"connexion",
    r"mon compte",
    r"my account",
    r"mein konto",
    r"iniciar sesión",
    r"logga in",
    r"logg inn",
    r"e-paper",
    r"epaper",
    # advertising
    r"advertisement",
    r"advertising",
    r"anzeige",
    r"werbung(?: überspringen)?",
    r"publicité",
    r"sponsored(?: content)?",
    r"sponsorisé",
    r"publicidad",
    r"pubblicità",
    r"annons",
    r"annonse",
    r"reklam",
    r"ad",
    r"ads",
    r"promoted",
    r"partner content",
    # read more / related
    r"read (?:more|also|next)",
    r"more (?:from|on|stories|news)",
    r"related(?: articles?| stories| posts)?",
    r"see also",
    r"you (?:may|might) also like",
    r"recommended(?: for you)?",
    r"most (?:read|popular|viewed)",
    r"top stories",
    r"trending(?: now)?",
    r"latest(?: news)?",
    r"breaking news",
    r"lire (?:aussi|la suite|plus)",
    r"à lire (?:aussi|également)",
    r"voir aussi",
    r"approfondir",
    r"en savoir plus",
    r"fil info",
    r"lesen sie (?:auch|mehr)",
    r"mehr zum thema",
    r"weiterlesen",
    r"auch interessant",
    r"das könnte sie auch interessieren",
    r"ähnliche artikel",
    r"meistgelesen",
    r"leer más",
    r"lee también",
    r"leggi anche",
    r"leggi (?:di più|tutto)",
    r"les også",
    r"les mer",
    r"läs (?:också|mer)",
    r"lees ook",
    r"devamını oku",
    r"baca juga",
    r"up next",
    r"next article",
    r"previous article",
    r"article suivant",
    r"nächster artikel",
    # click here / navigation
    r"click here.*",
    r"cliquez ici.*",
    r"hier klicken.*",
    r"haga clic.*",
    r"clicca qui.*",
    r"klicka här.*",
    r"klikk her.*",
    r"menu",
    r"menü",
    r"search",
    r"suche",
    r"rechercher",
    r"buscar",
    r"home",
    r"accueil",
    r"startseite",
    r"inicio",
    r"back to top",
    r"nach oben",
    r"skip to (?:main )?content",
    r"zum inhalt",
    r"aller au contenu",
    r"navigation",
    r"close",
    r"schließen",
    r"fermer",
    r"anhören",
    r"listen(?: to (?:this )?article)?",
    r"écouter",
    r"play",
    r"play now",
    r"watch",
    r"more",
    r"mehr",
    r"plus",
    r"weitere",
    r"voir plus",
    r"show more",
    r"load more",
    r"\d+\s*min(?:ute)?s? read",
    r"lesezeit.*",
    r"temps de lecture.*",
    r"lectura.*min.*",
    r"\d+ (?:min|minutes?) de lecture",
    # share / save / report actions, "verb (preposition) (object)" in any order of the parts
    r"(?:jetzt |now )?(?:share|partager|partagez|teilen|compartir|condividi|compartilhar|dela|del|paylaş"
    r"|bagikan|envoyer|send|senden|enviar|invia|skicka|tweet|pin|copy|copier|copiar|copia|kopieren"
    r"|kopiera|email|e-mail)"
    r"(?: (?:this|cet|cette|ce|le|la|den|die|das|el|il|on|sur|auf|en|su|på|via|per|par|by|with|mit|to|à|por))*"
    r"(?: (?:article|artikel|artículo|articolo|story|post|page|link|lien|enlace|facebook|twitter|x|whatsapp"
    r"|linkedin|e-?mail|mail|messenger|telegram|reddit|pinterest|bluesky|threads|flipboard))*",
    r"(?:link|lien|enlace|länk|lenke) (?:kopieren|copier|copiar|kopiera|kopier)",
    r"(?:report|signaler|melden|denunciar|segnala|rapportera|rapporter)(?: (?:this|ce|cet|diesen|este|questo))?"
    r"(?: (?:article|artikel|artículo|articolo|post|comment|kommentar|commentaire|contenu|content|inhalt"
    r"|ad|abuse|abus|error|erreur|fehler))?",
    r"(?:comments are closed|commentaires fermés|kommentare (?:sind )?geschlossen|comentarios cerrados)",
    r"(?:show|see|view|hide|read|load|voir|afficher|lire|anzeigen|ver|leer|mostra|visa|vis)(?: all| the| les| tous les| alle| los| i)?"
    r" (?:comments?|commentaires?|kommentare?|comentarios?|commenti|kommentarer)(?: anzeigen)?",
    r"(?:\d+|no|aucun|keine|sin|nessun|inga|ingen) (?:comments?|commentaires?|kommentare?|comentarios?|commenti|kommentarer)",
    r"(?:more|plus d['’]|mehr|más|altri|fler|flere|meer) ?(?:articles?|artikel|artículos|articoli|stories|news"
    r"|nachrichten|actualités|infos|noticias|notizie|nyheter|artiklar|saker|nieuws)",
    r"(?:ajouter aux|ajouter à mes|add to|zu den|zu|añadir a|aggiungi ai|lägg till i|legg til i) ?"
    r"(?:favoris|favou?rites|favoriten|bookmarks|merkliste|liste de lecture|reading list|favoritos|preferiti"
    r"|favoriter|favoritter)(?: hinzufügen)?",
    r"(?:bookmark|merken|save|sauvegarder|enregistrer|speichern|guardar|salva|spara|lagre)(?: (?:article|artikel|story|for later))?",
    r"(?:ver|voir|see|mehr|vedi|se|vis) (?:más|plus|more|mehr|altro|mer|flere)",
    r"(?:les plus (?:lus|partagés|commentés)|à la une|lo más (?:leído|visto)|(?:i )?più letti|mest (?:lest|lästa|delt)"
    r"|am meisten gelesen|most (?:shared|commented))",
    r"(?:retour en haut|volver arriba|torna su|zurück nach oben|til toppen|till toppen|haut de page)",
    r"(?:contenus? sponsorisés?|sponsored (?:content|stories|links)|gesponsert|contenido patrocinado"
    r"|contenuti sponsorizzati|sponsrat innehåll|sponset innhold|partner ?content|paid (?:content|post))",
    r"(?:read|see|view) the (?:full|original|whole) (?:story|article).*",
    r"(?:voir|lire) l['’]article(?: original| complet| entier)?.*",
    r"zum (?:artikel|beitrag|originalartikel)",
    r"(?:ver|leer) (?:el )?artículo(?: original| completo)?",
    r"leggi l['’]articolo(?: originale| completo)?",
]
_BOILER_LINE_RE = re.compile(r"^[\W_]*(?:" + "|".join(_BOILER_WORDS) + r")[\W_]*$", re.IGNORECASE)
_LEADING_NONWORD_RE = re.compile(r"[\W_]*")


def _on_lower(pattern: str) -> re.Pattern[str]:
    """Compile an all-lower-case IGNORECASE pattern case-sensitively, for lower-cased text.

    On a line without the characters of ``_FOLD_ODD_RE``, ``str.lower()`` maps every character
    to the one IGNORECASE would compare (and keeps the length), so ``p.match(text.lower())``
    answers like the IGNORECASE pattern on *text*, about twice as fast.
    """
    assert not any(c.isupper() for c in re.sub(r"\\.", "", pattern)), pattern
    return re.compile(pattern)


# Alternatives that match a word anywhere in the line: ``^[\W_]*(?:.*\bX\b.*)[\W_]*$`` is a search
# for ``\bX\b``, tried only when the lower-cased line contains X.
_BOILER_ANYWHERE = {r".*\bcookies?\b.*": "cookie", r".*\bnewsletter\b.*": "newsletter"}
_BOILER_ANYWHERE_WORDS = tuple(_BOILER_ANYWHERE.values())
_BOILER_ANYWHERE_RE = re.compile(r"\b(?:cookies?|newsletter)\b", re.IGNORECASE)
# Non-ASCII characters that IGNORECASE matches to ASCII letters (lower() does not map them all).
_FOLD_ODD_CHARS = "\u0130\u0131\u017f\u212a"
_FOLD_ODD_RE = re.compile(f"[{_FOLD_ODD_CHARS}]")


def _first_letters(alt: str) -> set[str] | None:
    """ASCII letters (lower case) an alternative of the boilerplate pattern must start with, or
    None when it may start otherwise (digit, punctuation, optional group, non-ASCII letter)."""
    if not alt:
        return None
    if alt[0].isascii() and alt[0].isalpha():
        return None if alt[1:2] in ("?", "*", "{") else {alt[0].lower()}
    if alt.startswith("\\d+"):
        return {"#"}  # any ASCII digit
    if not alt.startswith("(?:"):
        return None
    depth, branches, cur = 0, [], 3
    extra: set[str] = set()
    for i in range(3, len(alt)):
        ch = alt[i]
        if ch == "\\":
            return None  # escapes inside the group: not worth parsing
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                branches.append(alt[cur:i])
                after = alt[i + 1 : i + 2]
                if after in ("*", "{"):
                    return None
                if after == "?":  # optional group: the alternative may also start after it
                    rest = _first_letters(alt[i + 2 :])
                    if rest is None:
                        return None
                    extra = rest
                break
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append(alt[cur:i])
            cur = i + 1
    else:
        return None
    letters: set[str] = set(extra)
    for b in branches:
        first = _first_letters(b)
        if first is None:
            return None
        letters |= first
    return letters


def _boiler_dispatch() -> tuple[dict[str, re.Pattern[str]], re.Pattern[str]]:
    """Split the boilerplate alternatives by the ASCII letter they must start with.

    A line can only match an alternative that begins with a plain letter at its first letter
    (the leading ``[\\W_]*`` holds no letters), so for a line whose first word character is an
    ASCII letter only that letter's alternatives plus the ones that do not start with a plain
    letter (groups, digits, ``.*``, ``©``) are tried: same result as the full pattern, ~10x fewer
    branches.
    """
    by_letter: dict[str, list[str]] = {}
    other: list[str] = []
    for w in _BOILER_WORDS:
        if w in _BOILER_ANYWHERE:
            continue  # matched by _BOILER_ANYWHERE_RE, behind a substring check
        letters = _first_letters(w)
        if letters is None:
            other.append(w)
        else:
            for c in letters:
                by_letter.setdefault(c, []).append(w)

    def comp(words: list[str]) -> re.Pattern[str]:
        return _on_lower(r"^[\W_]*(?:" + "|".join(words) + r")[\W_]*$")

    return {c: comp(ws + other) for c, ws in by_letter.items()}, comp(other)


_BOILER_BY_LETTER, _BOILER_OTHER_RE = _boiler_dispatch()
_BOILER_LINE_LC = _on_lower(_BOILER_LINE_RE.pattern)
_BOILER_ANYWHERE_LC = _on_lower(_BOILER_ANYWHERE_RE.pattern)


def _boiler_line(text: str, low: str | None = None, first_word: str = "_") -> bool:
    """``_BOILER_LINE_RE.match(text)``, dispatched on the first word character (see above).

    *low* is ``text.lower()`` when the caller has it and *text* has no ``_FOLD_ODD_RE`` character;
    *first_word* is then the first word of *low* (``_WORD_RE``), when it has one.
    """
    if low is None:
        if _FOLD_ODD_RE.search(text):
            return _BOILER_LINE_RE.match(text) is not None
        low = text.lower()
    for word in _BOILER_ANYWHERE_WORDS:
        if word in low and _BOILER_ANYWHERE_LC.search(low):
            return True
    if first_word[0] != "_":
        c = first_word[0]  # the first character outside [\W_]
    else:
        start = _LEADING_NONWORD_RE.match(low).end()  # type: ignore[union-attr]
        c = low[start : start + 1]
    if c.isascii():
        pat = _BOILER_BY_LETTER.get("#" if c.isdigit() else c, _BOILER_OTHER_RE)
    else:
        pat = _BOILER_LINE_LC  # a non-ASCII first letter: every alternative
    return pat.match(low) is not None


# Lines that start like a pointer to another story or a source, whatever follows.
_BOILER_PREFIX_RE = re.compile(
    r"^[\W_]*(?:read (?:also|more|next)|see also|related|lire (?:aussi|également)|à (?:lire|voir) (?:aussi|également)"
    r"|voir également|ne manquez pas|don['’]t miss|must read|auch lesen|lesen sie|zum thema|no te pierdas|da non perdere"
    r"|l[äe]s också|les også"
    r"|voir aussi|lesen sie (?:auch|mehr)|mehr zum thema|siehe auch|lee (?:también|más)|leer más|ver también"
    r"|leggi anche|vedi anche|les også|les mer|läs (?:också|mer)|se även|lees ook|lue myös|baca juga"
    r"|ayrıca bakınız|devamını oku|click here|cliquez ici|hier klicken|klicken sie hier|haga clic aquí"
    r"|clicca qui|klicka här|klikk her|source|sources|quelle|quellen|fuente|fonte|kilde|källa|kaynak|sumber"
    r"|photo|photos|foto|fotos|bild|bilder|image|images|crédits?(?: photo)?|credit|picture|illustration"
    r"|video|vidéo|sponsored|publicité|anzeige|advertisement)\s*[:：|»›>-]",
    re.IGNORECASE,
)
_BOILER_PREFIX_LC = _on_lower(_BOILER_PREFIX_RE.pattern)
# Photo credits and agency tags anywhere in a short line.
_CREDIT_RE = re.compile(
    r"(?:©|\(c\)|getty\s*images|shutterstock|imago|picture[- ]alliance|\bdpa\b|\bafp\b|reuters|\bap photo"
    r"|istock|keystone|\bepa\b|foto\s*:|photo\s*:|bild\s*:|image\s*:|crédit|credit\s*:)",
    re.IGNORECASE,
)
# Lower-case substrings one of which every _CREDIT_RE match contains (cheap pre-check).
# Lower-case substrings one of which every _CREDIT_RE match contains (cheap pre-check); the
# generic words ("photo", "bild", ...) count only with the colon the pattern requires after them.
_CREDIT_ANCHORS = (
    "©", "(c)", "getty", "shutterstock", "imago", "alliance", "reuters", "ap photo", "istock",
    "keystone", "crédit", "dpa", "afp", "epa",
)  # fmt: skip
_CREDIT_COLON_WORDS = ("foto", "photo", "bild", "image", "credit")
_CREDIT_PREFILTER = _CREDIT_ANCHORS + _CREDIT_COLON_WORDS
_CREDIT_ANCHOR_RE = re.compile(
    "|".join(map(re.escape, _CREDIT_ANCHORS)) + r"|(?:" + "|".join(_CREDIT_COLON_WORDS) + r")\s*:"
)


def _credit(text: str, low: str | None = None) -> bool:
    """``_CREDIT_RE.search(text)``, skipped when no anchor substring occurs (*low* as in
    :func:`_boiler_line`)."""
    if low is None:
        if _FOLD_ODD_RE.search(text):
            return _CREDIT_RE.search(text) is not None
        low = text.lower()
    if _CREDIT_ANCHOR_RE.search(low):
        return _CREDIT_LC.search(low) is not None
    return False


_STAMP_WORDS = (
    r"(?:updated|published|posted|last updated|modifié(?: le)?|mis à jour(?: le)?|publié(?: le)?|aktualisiert(?: am)?"
    r"|veröffentlicht(?: am)?|stand|actualizado|publicado|aggiornato|pubblicato|oppdatert|publisert|uppdaterad"
    r"|publicerad|güncelleme|yayınlanma|diperbarui|dipublikasikan|le|am|on)"
)
_COMMENTS_RE = re.compile(
    r"^[\W\d_]*(?:\d+\s+)?(?:comments?|responses?(?: to\b.*)?|replies|leave a (?:comment|reply)|post a comment"
    r"|add a comment|join the (?:conversation|discussion)|kommentare?|kommentar schreiben|leserkommentare"
    r"|commentaires?|réagir|réactions|comentarios?|deja un comentario|commenti|kommentarer|yorumlar"
    r"|discussion|diskussion)\b.*$",
    re.IGNORECASE,
)
# Relative timestamps of feeds and tickers ("14 hours ago", "Il y a 7 heures", "vor 3 Stunden").
_UNITS = (
    r"(?:s|sec|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|weeks?|months?|heures?|jours?|semaines?"
    r"|mois|minuten|stunden?|std\.?|tagen?|wochen?|monaten?|segundos?|minutos?|horas?|días?|semanas?|meses"
    r"|minuti|ore|giorni|settimane|mesi|sekunder|minutter|timmar|timme|timer|time|dagar|dager|døgn|veckor|uker"
    r"|saniye|dakika|saat|gün|hafta|ay|detik|menit|jam|hari|minggu|bulan)"
)
_RELTIME_RE = re.compile(
    r"^[\W_]*(?:(?:updated|aktualisiert|mis à jour|actualizado|aggiornato|oppdatert|uppdaterad)\s+)?"
    r"(?:(?:il y a|vor|hace|há|for|för|fa)\s+(?:\d+|an?|one|une?|einer?|ein)\s+"
    + _UNITS
    + r"(?:\s+(?:ago|siden|sedan|fa|önce|yang lalu|lalu))?"
    r"|(?:\d+|an?|one)\s*" + _UNITS + r"\s+(?:ago|siden|sedan|fa|önce|yang lalu|lalu)"
    r"|just now|à l['’]instant|gerade eben|justo ahora)[\W_]*$",
    re.IGNORECASE,
)
_CREDIT_LC = _on_lower(_CREDIT_RE.pattern)
# Words one of which a relative timestamp without a digit contains ("an hour ago", "just now").
_RELTIME_WORDS = frozenset(
    ["a", "an", "one", "un", "une", "eine", "einer", "ein", "just", "l'instant", "l’instant", "gerade",
     "justo"]
)  # fmt: skip
_RELTIME_LC = _on_lower(_RELTIME_RE.pattern)
_FILE_RE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|svg|mp4|pdf)$", re.IGNORECASE)
_URL_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)

# --------------------------------------------------------------------------------------------
# Dates, bylines, datelines
# --------------------------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        "january jan janvier janv janvier januar jän enero ene gennaio genn januari janeiro jan ocak ocak styczeń",
        "february feb février févr fev februar febrero febbraio febr februari fevereiro şubat",
        "march mar mars märz marzo mar marzo maart mars março mart",
        "april apr avril abril aprile aprile april nisan",
        "may mai mayo maggio mei maj maio mayıs",
        "june jun juin juni junio giugno juni junho haziran",
        "july jul juillet juil juli julio luglio juli julho temmuz",
        "august aug août aout august agosto ago augusti agosto ağustos agustus",
        "september sep sept septembre september septiembre settembre set setembro eylül",
        "october oct octobre oktober okt octubre ottobre ott outubro ekim",
        "november nov novembre november noviembre novembre novembro kasım",
        "december dec décembre déc dezember dez diciembre dic dicembre dezembro aralık desember desember",
    ],
    start=1,
):
    for _n in _names.split():
        _MONTHS[_n] = _i
_MONTHS["mai"] = 5  # fr/de; never March
_MONTHS["mar"] = 3
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))

_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_TIME = r"(?:(?:,|\s|à|um|at|a las|alle|kl\.?|klo|saat|-)*\s*(?P<H>\d{1,2})[:h.](?P<M>\d{2})(?:\s*(?P<ampm>[ap]\.?m\.?))?)?"
_DATE_PATTERNS = [
    # 2024-04-10, 2024-04-10T14:04
    re.compile(
        r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ](?P<H>\d{2}):(?P<M>\d{2}))?"
    ),
    # 10.04.2024 / 10/04/2024 / 14 - 04 - 2024 (day first outside the US; US pages rarely use it in bylines)
    re.compile(
        r"(?<!\d)(?P<d>\d{1,2})\s*[./-]\s*(?P<m>\d{1,2})\s*[./-]\s*(?P<y>(?:19|20)\d{2})(?!\d)"
        + _TIME,
        re.I,
    ),
    # 10 avril 2024, 14. April 2024, 10 de abril de 2024
    re.compile(
        r"(?<!\w)(?P<d>\d{1,2})\.?(?:er|st|nd|rd|th)?\s+(?:de\s+)?(?P<mon>"
        + _MONTH_ALT
        + r")\.?,?\s+(?:de\s+)?"
        r"(?P<y>(?:19|20)\d{2})(?!\d)" + _TIME,
        re.I,
    ),
    # April 10, 2024 / Nov 18, 2019
    re.compile(
        r"(?<!\w)(?P<mon>"
        + _MONTH_ALT
        + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})(?!\d)"
        + _TIME,
        re.I,
    ),
]


# What follows the month in "April 10, 2024": a line without it cannot hold such a date, and
# the month-first pattern (which tries the month names at every position) is not run on it.
_DAY_YEAR_RE = re.compile(r"\s\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}(?!\d)", re.I)
_MONTH_FIRST = _DATE_PATTERNS[3]


def parse_date(text: str) -> tuple[str | None, tuple[int, int] | None]:
    """Find the first date in *text*; return (ISO 8601 string, (start, end) of the match).

    Handles numeric day-first dates, ISO dates and month names in the dev-set languages, with an
    optional time ("14:04", "9:24 pm"). Returns (None, None) when nothing plausible is found.
    """
    best: tuple[int, str, tuple[int, int]] | None = None
    if not _YEAR_RE.search(text):
        return None, None  # every pattern needs a year 19xx / 20xx
    for pat in _DATE_PATTERNS:
        if pat is _MONTH_FIRST and not _DAY_YEAR_RE.search(text):
            continue
        for m in pat.finditer(text):
            g = m.groupdict()
            try:
                y, d = int(g["y"]), int(g["d"])
                mon = _MONTHS.get(g["mon"].lower()) if g.get("mon") else int(g["m"])
            except (TypeError, ValueError):
                continue
            if not mon or not (1 <= mon <= 12 and 1 <= d <= 31):
                continue
            iso = f"{y:04d}-{mon:02d}-{d:02d}"
            if g.get("H") and g.get("M"):
                hh, mm = int(g["H"]), int(g["M"])
                ampm = (g.get("ampm") or "").lower().replace(".", "")
                if ampm == "pm" and hh < 12:
                    hh += 12
                elif ampm == "am" and hh == 12:
                    hh = 0
                if hh < 24 and mm < 60:
                    iso += f"T{hh:02d}:{mm:02d}"
            if best is None or m.start() < best[0]:
                best = (m.start(), iso, (m.start(), m.end()))
            break
    if best is None:
        return None, None
    return best[1], best[2]


_NAME_WORD = r"(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.-]*|d[eiau]|v[oa]n|de[rn]?|la|le|el|al|bin|ibn|y|zu|von der|van der|van den)"
_NAME = rf"(?P<name>[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.-]+(?:\s+{_NAME_WORD}){{0,4}}(?:\s*(?:,|and|und|et|y|e|og|och|ve|dan|&)\s*[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.-]+(?:\s+{_NAME_WORD}){{0,3}})?)"
_BYLINE_RE = re.compile(
    r"^\s*(?:written\s+)?(?:par|by|von|por|di|da|av|af|door|oleh|tekst|text|texte|autor|auteur|author|reporter)"
    r"\s*:?\s+" + _NAME + r"\s*(?P<rest>(?:[|,•·/–—-]|\s).*)?$",
    re.IGNORECASE,
)
# First words of _BYLINE_RE and _PUBLISHED_IN_RE: other lines can only be a lone date.
_BYLINE_STARTS = frozenset(
    [
        "written",
        "par",
        "by",
        "von",
        "por",
        "di",
        "da",
        "av",
        "af",
        "door",
        "oleh",
        "tekst",
        "text",
        "texte",
        "autor",
        "auteur",
        "author",
        "reporter",
        "publié",
        "paru",
        "published",
        "erschienen",
        "publicado",
        "pubblicato",
        "publicerad",
        "publisert",
    ]
)
_PUBLISHED_IN_RE = re.compile(
    r"^\s*(?:publié|paru|published|erschienen|publicado|pubblicato|publicerad|publisert)\s+"
    r"(?:dans|in|en|i|sur|on|im|em)\s+(?P<pub>.+?)\s+(?:le|on|am|el|il|den|o|em|,)\s+(?P<date>.*\d.*)$",
    re.IGNORECASE,
)


_STAMP_PREFIX_RE = re.compile(r"^" + _STAMP_WORDS + r"\b\s*:?", re.I)
_NAME_TAIL_RE = re.compile(r"[\s,|•·/–—-]+$")
_NAME_CONNECTOR_RE = re.compile(r"\s+(?:and|und|et|y|e|og|och|ve|dan|&|le|am|on|el|il|den)$", re.I)


def _clean_name(name: str) -> str:
    """Trim trailing connectors and punctuation left by the greedy name pattern."""
    name = _NAME_TAIL_RE.sub("", name.strip())
    return _NAME_CONNECTOR_RE.sub("", name).strip()


def _byline(text: str, seen: dict[str, dict[str, str] | None]) -> dict[str, str] | None:
    """:func:`parse_byline`, remembered in *seen* (a page's lines are parsed more than once)."""
    if text in seen:
        return seen[text]
    info = seen[text] = parse_byline(text)
    return info


def parse_byline(line: str) -> dict[str, str] | None:
    """Parse a byline / dateline into {'author'|'publisher'|'date': value}, or None.

    Recognises "Par: X | 10.04.2024, 14:04", "By X", "Von X", "Por X", "Publié dans X le …",
    "by Regan September 15, 2014" and a lone date or timestamp line ("Modifié le 06/02/2024 à
    22:45"). Only short lines are considered: a body sentence that starts with "By ..." is long.
    """
    text = _normalize_line(line)
    if not text or len(text) > 160:
        return None
    first = text.split(None, 1)[0].rstrip(":").lower()
    if first not in _BYLINE_STARTS and not _YEAR_RE.search(text):
        return None  # neither "By X" / "Publié dans X le ..." nor a date
    m = _PUBLISHED_IN_RE.match(text) if first in _BYLINE_STARTS else None
    if m:
        date, _ = parse_date(m.group("date"))
        if date:
            return {"publisher": m.group("pub").strip(" :,"), "date": date}
    m = _BYLINE_RE.match(text) if first in _BYLINE_STARTS else None
    if m and len(_WORD_RE.findall(text)) <= 16:
        out: dict[str, str] = {}
        name = m.group("name")
        date, span = parse_date(text)
        if span and span[0] < m.end("name"):
            name = text[m.start("name") : span[0]]
        name = _clean_name(name)
        # A name has few words and most are capitalised.
        words = name.split()
        if 1 <= len(words) <= 8 and sum(w[:1].isupper() for w in words) >= max(1, len(words) - 2):
            out["author"] = name
        if date:
            out["date"] = date
        return out or None
    date, span = parse_date(text)
    if date and span:
        rest = (text[: span[0]] + " " + text[span[1] :]).strip()
        rest = _STAMP_PREFIX_RE.sub("", rest).strip()
        rest = _STAMP_PREFIX_RE.sub("", rest).strip()
        rest_words = _WORD_RE.findall(rest)
        if len(rest_words) <= 3:
            return {"date": date}
    return None


# --------------------------------------------------------------------------------------------
# Line scoring
# --------------------------------------------------------------------------------------------

# Sentence ends of many scripts: Arabic question mark and Urdu full stop, Ethiopic, Armenian,
# Myanmar, Tibetan, Greek question mark, CJK and Devanagari.
_SENT_END = tuple(".!?…:»\"”'’)]。！？」』〉》）।॥\u061f\u06d4\u1362\u1367\u0589\u104b\u0f0d\u037e")
_SEPARATOR_RE = re.compile(r"[|•·»›◦▪►]|\s[/–—-]\s")
_MULTISPACE_RE = re.compile("\\S(?:[ \u00a0\u2000-\u200a\u202f\u3000]{3,}|\t+|\u00a0{2,})\\S")
_DIGIT_RE = re.compile(r"\d")
# Where a _MULTISPACE_RE match can begin its run of spaces (one character after its start).
_SPACE_RUN_START_RE = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u3000]{2,}|\t")
# One match per line that holds a digit (the rest of the line is consumed).
_DIGIT_LINE_RE = re.compile(r"\d[^\n]*")
# _SEPARATOR_RE on normalised lines (whose only whitespace is " "), in parts the regex engine and
# str.find scan fast; counted with overlaps, so a line has at least as many as findall finds.
_SEPARATOR_CHAR_RE = re.compile("[|•·»›◦▪►]")
_SEPARATOR_SPACED = (" / ", " – ", " — ", " - ")


@dataclass(slots=True)
class _Line:
    """One non-blank line of the page with the features the classifier uses."""

    idx: int
    raw: str
    text: str
    words: int
    chars: int
    stop: float
    ends: bool
    lwords: list[str]  # lower-cased words (shared by lines with the same text: read only)
    low: str  # lower-cased text
    lang: str | None = None
    label: str = "short"  # bad | short | near | good
    why: str = ""
    gap: bool = False  # a lone dropped line inside prose (see _mark_gaps)


def _stop_density(words: list[str], stops: frozenset[str] | None) -> float:
    return sum(map(stops.__contains__, words)) / len(words) if stops and words else 0.0


def _features(idx: int, raw: str, stops: frozenset[str] | None, text: str | None = None) -> _Line:
    if text is None:
        text = _normalize_line(raw)
    low = text.lower()
    words = _WORD_RE.findall(low)  # tokenised once, lower-cased once, reused by every signal
    stop = _stop_density(words, stops)
    return _Line(idx, raw, text, len(words), len(text), stop, text.endswith(_SENT_END), words, low)


@dataclass
class _Page:
    """A plain-text page split into lines with their features, and its language."""

    lines: list[_Line]
    lang: str | None
    stops: frozenset[str] | None
    cjk: bool
    dens: float = 0.0
    strong: bool = True  # a stoplist describes the page (see _page_language)


def _page_lines(pre: str) -> _Page:
    """Lines of a prenormalised page with their features (see :func:`_features`).

    A page repeats many lines (menus in header and footer, teaser and link): the words of each
    distinct text are found once and serve both the page language and the line features.
    """
    texts = _normalized_lines(pre)
    distinct = dict.fromkeys(texts)
    distinct.pop("", None)
    lows = {t: t.lower() for t in distinct}
    words = {t: _WORD_RE.findall(low) for t, low in lows.items()}
    lang, stops, cjk, dens, strong = _page_language([t for t in texts if t], words)
    shape = {
        t: (len(w), len(t), _stop_density(w, stops), t.endswith(_SENT_END), w, lows[t])
        for t, w in words.items()
    }
    lines = [
        _Line(i, r, t, *shape[t])
        for i, (r, t) in enumerate(zip(pre.split("\n"), texts, strict=True))
        if t
    ]
    return _Page(lines, lang, stops, cjk, dens, strong)


def _normalized_lines(pre: str) -> list[str]:
    """``[_normalize_line(x) for x in pre.split("\\n")]`` with one regex pass over the page."""
    return [x.strip() for x in _collapse_spaces(pre).split("\n")]


def chrome_lines(texts: list[str], min_share: float = 0.5) -> set[str]:
    """Lines that recur in at least *min_share* of *texts* (≥ 2 texts): the site's own chrome.

    Pass the result to ``clean_text(raw, chrome=...)`` for every article of the same batch /
    source. Long sentence-like lines are never reported (a syndicated paragraph may recur, and
    losing a body paragraph is worse than keeping a menu entry).
    """
    if len(texts) < 2:
        return set()
    counts: Counter[str] = Counter()
    for t in texts:
        seen = {_normalize_line(x) for x in _prenormalize(t).split("\n")}
        seen.discard("")
        counts.update(seen)
    need = max(2, int(min_share * len(texts) + 0.9999))
    return {
        line
        for line, c in counts.items()
        if c >= need and len(line) < 200 and not _sentence_like(line)
    }


def _sentence_like(line: str) -> bool:
    """A line that reads like body prose: enough words and ends like a sentence."""
    return len(_WORD_RE.findall(line)) >= 12 and line.endswith(_SENT_END)


def _may_be_foreign(ln: _Line) -> bool:
    """False when no language's stopword density can make *ln* a foreign line (see _classify):
    the best language's density is at most the share of words in any stoplist."""
    bound = sum(map(_any_stopword().__contains__, ln.lwords)) / ln.words
    return bound >= 0.2 and ln.stop < bound * _FOREIGN_RATIO


class _PageIndex:
    """Which distinct lines of a page can match the rarer line patterns, found in a few passes
    over the page (or the part of it a pattern applies to) instead of one regex call per line.

    Each set is a superset of the lines the exact per-line pattern matches (the exact pattern
    still decides), so the verdicts are the ones the per-line checks give. Lines with a
    ``_FOLD_ODD_RE`` character (whose lower case is not what IGNORECASE compares) are always
    candidates. Keys are indices into *lines*, the page's distinct lines.
    """

    def __init__(
        self, lines: list[_Line], bylines: dict[str, dict[str, str] | None] | None = None
    ) -> None:
        #: lines in another language than the page's are dropped (its language is sure)
        self.foreign = True
        #: most long prose of the page occurs twice (see _verdict)
        self.repeats_are_body = False
        #: stopword densities of good and near-good lines (see _thresholds)
        self.stop_hi, self.stop_lo = _STOP_HI, _STOP_LO
        #: parse_byline results by text, filled by the classifier
        self.bylines: dict[str, dict[str, str] | None] = {} if bylines is None else bylines
        texts = [ln.text for ln in lines]
        doc = "\n".join(texts)
        self.odd: set[int] = set()
        if any(c in doc for c in _FOLD_ODD_CHARS):
            self.odd = _lines_at(texts, (m.start() for m in _FOLD_ODD_RE.finditer(doc)))
        # digits count only in lines under 200 characters (bylines, timestamps, digit share)
        short = [k for k, ln in enumerate(lines) if ln.chars < 200]
        short_texts = [texts[k] for k in short]
        found = _DIGIT_LINE_RE.finditer("\n".join(short_texts))
        self.digits = {short[k] for k in _lines_at(short_texts, (m.start() for m in found))}
        starts = _line_starts(texts)
        seps = Counter(
            bisect_right(starts, m.start()) - 1 for m in _SEPARATOR_CHAR_RE.finditer(doc)
        )
        for sep in _SEPARATOR_SPACED:
            seps.update(bisect_right(starts, p) - 1 for p in _find_all(doc, sep))
        #: lines that may have 3 separators or more (the classifier counts them exactly)
        self.seps = {k for k, n in seps.items() if n >= 3}
        # photo credits are looked for in the last 70 characters of a line of > 12 words
        tails = [ln.low[-70:] if ln.words > 12 else ln.low for ln in lines]
        tail_doc = "\n".join(tails)
        credit = set(self.odd)
        for anchor in _CREDIT_PREFILTER:
            if anchor in tail_doc:
                credit |= _lines_at(tails, _find_all(tail_doc, anchor))
        self.credit = credit


def _line_starts(texts: list[str]) -> list[int]:
    """Offsets of each text in ``"\\n".join(texts)``."""
    return list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))


def _lines_at(texts: list[str], positions: Iterable[int]) -> set[int]:
    """Indices of the texts that hold the given offsets of ``"\\n".join(texts)``."""
    starts = _line_starts(texts)
    return {bisect_right(starts, p) - 1 for p in positions}


def _joined_headlines(raw: str) -> bool:
    """``len(_MULTISPACE_RE.findall(raw)) >= 2``: headlines joined by runs of spaces (a ticker).

    Tries the pattern only one character before each run of spaces, in findall's order, and
    stops at the second match: a ticker line holds thousands of characters.
    """
    found, pos = 0, 0
    for run in _SPACE_RUN_START_RE.finditer(raw):
        at = run.start() - 1
        if at < pos:
            continue
        m = _MULTISPACE_RE.match(raw, at)
        if m:
            found += 1
            if found == 2:
                return True
            pos = m.end()
    return False


def _find_all(text: str, sub: str) -> Iterator[int]:
    """Start offsets of the occurrences of *sub* in *text* (``str.find`` runs in C)."""
    i = text.find(sub)
    while i >= 0:
        yield i
        i = text.find(sub, i + 1)


def _verdict(
    ln: _Line, k: int, doc_lang: str | None, cjk: bool, repeated: bool, page: _PageIndex
) -> tuple[str, str, str | None]:
    """(label, why, lang) of a line from its text alone (everything but chrome and tickers).

    *k* is the line's index among the page's distinct texts (the key of *page*'s sets).
    """
    t = ln.text
    # lower-cased text for the fast, case-sensitive variants of the patterns (see _on_lower)
    low = None if k in page.odd else ln.low
    if _boiler_line(t, low, ln.lwords[0] if ln.lwords and low is not None else "_") or (
        _BOILER_PREFIX_RE.match(t) if low is None else _BOILER_PREFIX_LC.match(low)
    ):
        return "bad", "boiler", None
    if " " not in t and (_FILE_RE.match(t) or _URL_RE.match(t)):
        return "bad", "file", None
    if k in page.credit:
        tail = ln.words > 12
        if _credit(t[-70:] if tail else t, low[-70:] if tail and low is not None else low):
            return "bad", "credit", None
    digits = k in page.digits
    if ln.chars < 200 and (
        # parse_byline needs a first word of _BYLINE_STARTS or a year; a relative
        # timestamp needs a digit or one of _RELTIME_WORDS (cheap checks first)
        (
            (ln.lwords and ln.lwords[0] in _BYLINE_STARTS or digits and _YEAR_RE.search(t))
            and _byline(t, page.bylines) is not None
        )
        or (
            (digits or not _RELTIME_WORDS.isdisjoint(ln.lwords))
            and (_RELTIME_RE.match(t) if low is None else _RELTIME_LC.match(low))
        )
    ):
        return "bad", "byline", None
    if digits and ln.chars < 80 and len(_DIGIT_RE.findall(t)) / ln.chars > 0.3:
        return "bad", "digits", None
    if k in page.seps:
        seps = len(_SEPARATOR_RE.findall(t))
        if seps >= 3 and ln.words < 6 * seps:
            return "bad", "separators", None
    lang = None
    # Foreign-language line (e.g. a ticker of a headline in another language).
    if not cjk and doc_lang and page.foreign and ln.words >= 6 and _may_be_foreign(ln):
        hits = _lang_hits(ln.lwords, lowered=True)
        dens = 0.0
        if hits:
            lang, best_n = _best_lang(hits)
            dens = best_n / ln.words
        if lang and lang != doc_lang and dens >= 0.2 and ln.stop < dens * _FOREIGN_RATIO:
            return "bad", f"lang:{lang}", lang
    if repeated and not page.repeats_are_body:
        # Image alt text + caption, teaser + link, menu in header and footer: on a web page a
        # body paragraph practically never occurs twice. In a document that repeats most of
        # its prose (articles pasted twice, a file of bodies) the paragraphs are body text:
        # only chrome shared across documents (chrome_lines) is dropped for recurring.
        return "bad", "repeated", lang
    if cjk:
        if ln.chars >= 80 and ln.ends:
            return "good", "", lang
        if ln.chars >= 30 and ln.ends or ln.chars >= 60:
            return "near", "", lang
        return "short", "", lang
    stop_hi, stop_lo = page.stop_hi, page.stop_lo
    if (
        ln.chars >= 120
        and ln.stop >= stop_hi
        and ln.words >= 12
        or ln.chars >= 60
        and ln.stop >= stop_hi
        and ln.ends
    ):
        return "good", "", lang
    if ln.chars >= 50 and ln.stop >= stop_lo:
        return "near", "", lang
    if ln.chars >= 50:
        return "bad", "low-stopwords", lang
    return "short", "", lang


def _classify(
    lines: list[_Line],
    doc_lang: str | None,
    chrome: set[str] | None,
    cjk: bool,
    bylines: dict[str, dict[str, str] | None] | None = None,
    dens: float = _TYPICAL_DENSITY,
    foreign: bool = True,
) -> None:
    """Label each line bad / short / near / good from its own features.

    Chrome (by text) and tickers (by the raw spacing) are decided per line, everything else
    once per distinct text (:func:`_verdict`). *bylines* receives the lines parsed as bylines
    on the way (text -> :func:`parse_byline` result), for the metadata.
    """
    texts = [ln.text for ln in lines]
    counts = Counter(texts)
    one = dict(zip(texts, lines, strict=True))  # a line of each distinct text (all alike)
    key = {t: k for k, t in enumerate(one)}
    page = _PageIndex(list(one.values()), bylines)
    prose = [(t, ln.chars) for t, ln in one.items() if ln.chars >= _REPEAT_BODY_CHARS and ln.ends]
    twice = sum(n for t, n in prose if counts[t] > 1)
    page.repeats_are_body = twice >= _REPEAT_BODY_SHARE * sum(n for _, n in prose) > 0
    page.stop_hi, page.stop_lo = _thresholds(dens) if doc_lang is not None else (0.0, 0.0)
    page.foreign = foreign
    verdicts: dict[str, tuple[str, str, str | None]] = {}
    for ln in lines:
        t = ln.text
        if chrome and t in chrome:
            ln.label, ln.why = "bad", "chrome"
            continue
        r = ln.raw
        # collapsing runs of spaces shortens a line; a tab becomes one space
        if ln.chars > 80 and (len(r) > ln.chars or "\t" in r) and _joined_headlines(r):
            ln.label, ln.why = "bad", "ticker"
            continue
        v = verdicts.get(t)
        if v is None:
            v = verdicts[t] = _verdict(ln, key[t], doc_lang, cjk, counts[t] > 1, page)
        ln.label, ln.why, ln.lang = v


def _join_wrapped(
    lines: list[_Line], stops: frozenset[str] | None, cjk: bool, stop_hi: float = 0.25
) -> None:
    """Upgrade hard-wrapped paragraphs: lines broken mid-sentence are judged as one block.

    Some scrapes (``<br>``-wrapped posts, e-mail and fixed-width text) split a paragraph into
    lines of a few words; each line alone looks like a caption or a menu entry. A line that does
    not end a sentence followed by one that starts in lower case continues the same paragraph.
    """
    if cjk:
        return
    i, n = 0, len(lines)
    while i < n:
        j = i
        while (
            j + 1 < n
            and lines[j].label != "bad"
            and lines[j + 1].label != "bad"
            and not lines[j].ends
            and lines[j + 1].text[:1].islower()
        ):
            j += 1
        if j > i:
            run = lines[i : j + 1]
            words = [w for ln in run for w in ln.lwords]
            chars = sum(ln.chars + 1 for ln in run)
            stop = sum(1 for w in words if w in stops) / len(words) if stops and words else 1.0
            if chars >= 120 and stop >= stop_hi and len(words) >= 12 and run[-1].ends:
                for ln in run:
                    ln.label, ln.why = "good", "wrapped"
        i = j + 1


_INNER_SENT_RE = re.compile(r"[.!?…]\s+[\"“„«]?([^\W\d_])")
#: Letters a word is compared by in the cohesion test (a crude stem for inflected languages).
_STEM = 5


def _inner_sentence(text: str) -> bool:
    """A sentence end followed by a capital letter of any script inside *text*."""
    return any(m.group(1).isupper() for m in _INNER_SENT_RE.finditer(text))


def _mark_strays(lines: list[_Line], stops: frozenset[str] | None) -> None:
    """Drop a lone sentence that shares no content word with the prose of the page.

    Aggregators and "read also" widgets put the first sentence of another story between two
    paragraphs. It reads like prose, but it is about something else: none of its content words
    (not stopwords, 4+ letters, compared in lower case) occur in the other good lines, while even
    a one-sentence paragraph of the article repeats a name or a topic word (lexical cohesion).
    """
    if not stops:
        return
    prose = [ln for ln in lines if ln.label in ("good", "near")]
    # Candidates first (short one-sentence lines with enough content words); then each of their
    # words is counted in the prose lines that hold it (a set intersection per line, in C).
    candidates: list[tuple[_Line, set[str]]] = []
    for ln in prose:
        if (
            ln.chars < _STRAY_MAX_CHARS
            and ln.text.endswith((".", "!", "?", "…"))
            and not _inner_sentence(ln.text)
        ):
            words = {w[:_STEM] for w in ln.lwords if len(w) >= 4 and w not in stops}
            if len(words) >= _STRAY_MIN_WORDS:
                candidates.append((ln, words))
    if not candidates:
        return
    wanted = set().union(*(words for _, words in candidates))
    freq: Counter[str] = Counter()
    for ln in prose:
        # words compared by their first letters: "Путин" / "Путина", "Medwedew" / "Medwedews"
        freq.update(wanted.intersection(w[:_STEM] for w in ln.lwords))
    for ln, words in candidates:
        if all(freq[w] == 1 for w in words):
            ln.label, ln.why = "bad", "stray"


def _mark_gaps(lines: list[_Line]) -> None:
    """Flag lone context-free drops between two prose lines as gaps (see ``_TRANSPARENT``).

    A block of chrome (share bar, "more on this" list) separates the article from what follows
    and must keep doing so; one ad label or aggregator line sandwiched between two paragraphs
    is an interruption of the article, not its end.
    """
    for i in range(1, len(lines) - 1):
        ln = lines[i]
        if ln.label != "bad" or ln.why.split(":")[0] not in _TRANSPARENT:
            continue
        prev, nxt = lines[i - 1], lines[i + 1]
        if (
            prev.label in ("good", "near")
            and nxt.label in ("good", "near")
            and (prev.chars >= _GAP_MIN_CHARS and nxt.chars >= _GAP_MIN_CHARS)
        ):
            ln.gap = True
        elif (
            _GAP_SHORTS
            and ln.why.split(":")[0] in _INSERTS
            and prev.label == nxt.label == "short"
            and _nearest(lines, i, -1) == _nearest(lines, i, 1) == "good"
        ):
            # inside a run of short lines (a list, a quote split in lines) framed by prose
            ln.gap = True


def _nearest(lines: list[_Line], i: int, step: int) -> str:
    """Label of the nearest line from *i* in direction *step* that is not short."""
    j = i + step
    while 0 <= j < len(lines):
        if lines[j].label != "short":
            return lines[j].label
        j += step
    return "bad"


def _revise(lines: list[_Line]) -> list[str]:
    """jusText-style context revision: short and near-good lines take their neighbours' class.

    A line's neighbours are the nearest good or bad lines on each side (gaps, short and
    near-good lines are looked through; the page's edges count as bad). Short lines are
    revised first, from the labels of :func:`_classify`; near-good lines then see the revised
    short lines.
    """
    labels = [ln.label for ln in lines]
    gaps = [ln.gap for ln in lines]
    # short lines
    before, after = _sides(labels, gaps)
    revised = [
        ("good" if before[i] == "good" and after[i] == "good" else "bad") if lab == "short" else lab
        for i, lab in enumerate(labels)
    ]
    # near-good lines: one good neighbour is enough for a sentence; a line that does not end
    # like one (a headline of another story, a teaser) needs good text on both sides.
    before, after = _sides(revised, gaps)
    out = []
    for i, lab in enumerate(revised):
        if lab == "near":
            if lines[i].ends:
                lab = "good" if before[i] == "good" or after[i] == "good" else "bad"
            else:
                lab = "good" if before[i] == after[i] == "good" else "bad"
        out.append(lab)
    return out


def _sides(labels: list[str], gaps: list[bool]) -> tuple[list[str], list[str]]:
    """For each line, the label of the nearest good-or-bad line before it and after it."""
    n = len(labels)
    before, after = [""] * n, [""] * n
    last = "bad"
    for i in range(n):
        before[i] = last
        lab = labels[i]
        if (lab == "good" or lab == "bad") and not gaps[i]:
            last = lab
    last = "bad"
    for i in range(n - 1, -1, -1):
        after[i] = last
        lab = labels[i]
        if (lab == "good" or lab == "bad") and not gaps[i]:
            last = lab
    return before, after


# Tuned on the dev set (a coarse grid, not per-page rules): weight of a good line beyond its
# length, fixed and per-character cost of any other line, share of the main block's weight a
# second block needs to be kept, stopword densities for good and near-good lines.
_GOOD_BONUS = 20
_BAD_COST = 25.0
_BAD_CHAR = 1.0
_SECOND_BLOCK = 1.5
_STOP_HI = 0.25
_STOP_LO = 0.15
# Lines dropped for what they are, whatever surrounds them (an ad label, a share line, a headline
# in another language, a byline): an aggregator or an ad slot can put them between two
# paragraphs, so they are invisible to the context revision and nearly free in the body search.
_TRANSPARENT = frozenset(
    {"boiler", "lang", "ticker", "chrome", "file", "byline", "credit", "stray"}
)
_TRANSPARENT_COST = 0.2
#: Long prose lines (at least this many characters, ending a sentence) that recur are body text
#: when they make at least this share of the page's long prose (see _verdict).
_REPEAT_BODY_CHARS = 200
_REPEAT_BODY_SHARE = 0.5
_GAP_MIN_CHARS = 50
# A line is in another language when that language's stopword density is this much above the
# page language's (stoplists share words: "i", "at", "over" are English and Norwegian).
_FOREIGN_RATIO = 0.6
_INSERTS = frozenset({"boiler", "lang", "stray", "ticker"})
_GAP_SHORTS = True
_STRAY_MIN_WORDS = 6
_STRAY_MAX_CHARS = 150
_HEADLINE_MIN_CHARS = 20
_HEADLINE_PROSE = 300
_HEADLINE_TOP = 10
# A comment-section heading ends the article once this much prose (or 40 % of it) was seen.
_COMMENTS_AFTER = 800


def _headline_index(lines: list[_Line], labels: list[str]) -> int | None:
    """Index of the article's own headline (the h1 repeating the page title), or None.

    The page title (first line) minus its " - Site" suffix recurs as the headline right above
    the article; teaser lists and "most read" boxes above it are not the article. When the
    title recurs several times (breadcrumb, h1, related box), the occurrence followed by the
    most prose within a few lines is the one that opens the article.
    """
    if len(lines) < 3:
        return None
    # The page title is the first line of a scrape, but aggregators paste share lines, a
    # timestamp or the first sentences of other stories above it: the title is the first line
    # that is neither dropped for what it is nor a sentence.
    good = [ln.chars if lab == "good" else 0 for ln, lab in zip(lines, labels, strict=True)]
    total = sum(good)
    for pos, ln in enumerate(lines[:_HEADLINE_TOP]):
        if ln.why.split(":")[0] in _TRANSPARENT:
            continue
        if ln.text.endswith((".", "…")) and ln.words >= 6 or ln.words > 16:
            continue  # a sentence (another story's first line), not a page title
        title = ln.text
        heads = {title}
        parts = _TITLE_SPLIT_RE.split(title)
        if len(parts) >= 2:
            heads.add(parts[0].strip())
            heads.add(title[: title.rfind(parts[-1])].rstrip(" |–—-:»"))
        heads = {h for h in heads if len(h) >= _HEADLINE_MIN_CHARS}
        best: tuple[int, int] | None = None
        for k in range(pos + 1, len(lines)):
            if lines[k].text not in heads:
                continue
            weight = sum(good[k + 1 : k + 13])
            if weight < _HEADLINE_PROSE and sum(good[k:]) < 0.5 * total:
                continue  # a headline in a footer list, or the title repeated in a related box
            if weight and (best is None or weight > best[0]):
                best = (weight, k)
        return best[1] if best else None
    return None


def _main_region(lines: list[_Line], labels: list[str], start: int | None = None) -> set[int]:
    """Keep the densest block of good lines (the article), not good text in header or footer.

    Maximum-sum segment over the lines: good lines count their length (capped), every other
    line costs a fixed amount plus part of its length, so a paragraph survives a caption or an
    ad between paragraphs but not a menu or a list of other stories. A second block elsewhere
    is kept only when it is nearly as heavy as the first (a long article split by a big box).
    """
    gap_cost = -_BAD_COST * _TRANSPARENT_COST
    scores = [
        (800 if ln.chars > 800 else ln.chars) + _GOOD_BONUS
        if lab == "good"
        else gap_cost
        if ln.gap
        else -(_BAD_COST + _BAD_CHAR * (400 if ln.chars > 400 else ln.chars))
        for ln, lab in zip(lines, labels, strict=False)
    ]

    def best_segment(lo: int, hi: int) -> tuple[float, int, int]:
        best = (0.0, lo, lo)
        cur, start = 0.0, lo
        for i in range(lo, hi):
            if cur <= 0:
                cur, start = 0.0, i
            cur += scores[i]
            if cur > best[0]:
                best = (cur, start, i + 1)
        return best

    if start is not None:
        # Good-looking text above the headline is a teaser list or a widget.
        for i in range(start):
            if scores[i] > 0:
                scores[i] = -_BAD_COST
    # The comment section ends the article even when comments read like prose.
    body_chars = sum(ln.chars for ln, lab in zip(lines, labels, strict=True) if lab == "good")
    enough = min(0.4 * body_chars, _COMMENTS_AFTER)
    seen = 0
    for i, (ln, lab) in enumerate(zip(lines, labels, strict=True)):
        if lab == "good":
            seen += ln.chars
        elif seen > enough and ln.chars < 100 and _COMMENTS_RE.match(ln.text):
            for j in range(i, len(scores)):
                scores[j] = -abs(scores[j]) - 1000
            break
    total, a, b = best_segment(0, len(lines))
    if total <= 0:
        return set()
    keep = {i for i in range(a, b) if labels[i] == "good"}
    for lo, hi in ((0, a), (b, len(lines))):
        t2, a2, b2 = best_segment(lo, hi)
        if t2 >= _SECOND_BLOCK * total:
            keep.update(i for i in range(a2, b2) if labels[i] == "good")
    return keep


# --------------------------------------------------------------------------------------------
# Plain-text cleaning
# --------------------------------------------------------------------------------------------

_TITLE_SPLIT_RE = re.compile(r"\s+[|–—-]\s+|\s+::\s+|\s+»\s+")


_TITLE_SEP_RE = re.compile(r"(\s+[|–—·-]\s+|\s+::\s+|\s+»\s+)")
_DATE_PART_RE = re.compile(r"^[\d./\-: ]+$")
#: A part of a page title this short is a site, section or date, not part of the headline.
_SITE_WORDS = 4
_SITE_CHARS = 40


def _site_like(part: str, rest: str) -> bool:
    """A title part that names a site, a section or a date: short, shorter than the headline."""
    part = part.strip()
    return (
        bool(part)
        and len(part.split()) <= _SITE_WORDS
        and len(part) <= _SITE_CHARS
        and len(part) < len(rest)
    )


def _title_and_site(first: str, others: set[str]) -> tuple[str | None, str | None]:
    """Split a page title into (headline, site).

    "Headline - Section - Site", "Headline – DW – 30.01.2024", "Site | Headline": short parts
    after the headline (site, section, date) go, and so does a short part before it when a pipe
    separates them (sites put their name first that way; "Kenya – Uganda ..." keeps its "Kenya").
    A prefix of the title that recurs on the page (the h1) is the headline outright.
    """
    pieces = _TITLE_SEP_RE.split(first)
    parts, seps = pieces[0::2], pieces[1::2]
    if len(parts) < 2:
        return first, None
    for k in range(len(parts) - 1, 0, -1):
        head = "".join(pieces[: 2 * k - 1])
        if head in others and len(head) >= _HEADLINE_MIN_CHARS:
            tail = [p.strip() for p in parts[k:] if not _DATE_PART_RE.match(p.strip())]
            return head, (tail[-1] if tail else None)
    lo, hi = 0, len(parts)
    site: str | None = None
    while hi - lo > 1:
        rest = "".join(pieces[2 * lo : 2 * hi - 2])
        if not _site_like(parts[hi - 1], rest):
            break
        if site is None and not _DATE_PART_RE.match(parts[hi - 1].strip()):
            site = parts[hi - 1].strip()
        hi -= 1
    while hi - lo > 1 and seps[lo].strip() == "|":
        rest = "".join(pieces[2 * lo + 2 : 2 * hi - 1])
        if not _site_like(parts[lo], rest):
            break
        site = site or parts[lo].strip()
        lo += 1
    head = "".join(pieces[2 * lo : 2 * hi - 1]).strip()
    return head or first, site


_HEADLINE_MIN_WORDS = 3
_NAME_LIST_RE = re.compile(
    r"^[\w'’.-]+(?: [\w'’.-]+){0,3}(?:(?:,| and| und| et| og| och| y| e) [\w'’.-]+(?: [\w'’.-]+){0,3})+$"
)


def _headline_like(ln: _Line, bylines: dict[str, dict[str, str] | None]) -> bool:
    """A line that can be the article's headline: not an author's name or role ("Redakteur",
    "Hannah Ritzmann", "By admin", "Mamokete Modiba, Claire Benit-Gbaffou and Tanya Zack"), a
    label ("Oppdatert", "Author of the article:"), a file name or a lone symbol."""
    t = ln.text
    if ln.words < _HEADLINE_MIN_WORDS or t.endswith((":", ",")) or _FILE_RE.match(t):
        return False
    if ln.lwords[0] in _BYLINE_STARTS or _byline(t, bylines) is not None:
        return False
    caps = sum(1 for w in t.split() if w[:1].isupper())
    if ln.words <= 3 and caps == len(t.split()):
        return False  # "Anna Maria Schmidt"
    return not (_NAME_LIST_RE.match(t) and caps >= 0.6 * len(t.split()))


def _header_metadata(
    lines: list[_Line],
    keep: set[int],
    meta: dict[str, Any],
    bylines: dict[str, dict[str, str] | None],
) -> tuple[str | None, str | None, str | None, str | None, int | None]:
    """Find title, author, date and publisher in the lines around the start of the body.

    Bylines and datelines are looked for from the top of the page down to a few lines into the
    body; a byline with an author or publisher is preferred as the source of the date over a
    lone timestamp (aggregators paste unrelated "updated" stamps at the top). The title is the
    page's first line (minus a " - Site" suffix) or the headline just above a dateline.
    """
    body_start = min(keep) if keep else len(lines)
    limit = min(len(lines), body_start + 8)
    author = date = publisher = None
    lone_date: str | None = None
    anchor: int | None = None
    for j in range(limit):
        ln = lines[j]
        if ln.label != "bad" or ln.chars > 200:
            continue
        info = _byline(ln.text, bylines)
        if not info:
            continue
        strong = "author" in info or "publisher" in info
        if strong:
            if author is None and "author" in info:
                author = info["author"]
            if publisher is None and "publisher" in info:
                publisher = info["publisher"]
            if date is None and "date" in info:
                date = info["date"]
            if anchor is None:
                anchor = j
        elif "date" in info and (lone_date is None or j >= body_start - 6):
            lone_date = info["date"]
            if anchor is None and j > 0 and j >= body_start - 6:
                anchor = j
    date = date or lone_date
    title: str | None = None
    title_idx: int | None = None
    others = {ln.text for ln in lines[1:]}
    first = lines[0]
    near: _Line | None = None
    if anchor is not None and anchor > 0:
        cand = lines[anchor - 1]
        if (
            cand.chars <= 300
            and cand.why not in ("ticker", "boiler", "chrome")
            and not cand.text.endswith(".")
        ):
            near = cand
    if (
        first.chars <= 300
        and first.why not in ("ticker", "boiler", "chrome")
        and not first.why.startswith("lang")
    ):
        title, site = _title_and_site(first.text, others)
        meta["site"] = site
        if publisher is None and site:
            publisher = site
    if (
        near is not None
        and near.idx != first.idx
        and (title is None or not (near.text in first.text or (title and title in near.text)))
    ):
        # The line above the dateline starts the article (see clean_text); it is the title
        # only when it reads like a headline, not like the author's name or role.
        title_idx = lines.index(near)
        if _headline_like(near, bylines):
            title = near.text
    return title, author, date, publisher, title_idx


#: Inline pieces (ruby readings, name parts, brackets) a scrape put on lines of their own.
_INLINE_PIECE_CHARS = 8
_INLINE_HOST_CHARS = 30


def _join_inline_breaks(pre: str) -> str:
    """Put back on one line a sentence of an unspaced script that a scrape broke at inline
    elements: "…敗退。岡田⏎彰布⏎（⏎あきのぶ⏎）⏎監督（６６）は今季で退任する。" (a name with its
    ruby reading). A long line that does not end a sentence, followed by pieces of a few
    characters, up to a line that ends a sentence, is one line; the breaks become spaces (only
    whitespace changes). Menus (short lines with no prose around them) are left alone.
    """
    lines = pre.split("\n")
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        cur = lines[i].strip()
        if (
            len(cur) >= _INLINE_HOST_CHARS
            and not cur.endswith(_SENT_END)
            and _SCRIPTS_ANY_RE.search(cur)
        ):
            j = i + 1
            while j < n and 0 < len(lines[j].strip()) <= _INLINE_PIECE_CHARS:
                j += 1
            if j > i + 1 and j < n and lines[j].strip().endswith(_SENT_END):
                out.append(" ".join(x.strip() for x in lines[i : j + 1]))
                i = j + 1
                continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def clean_text(raw: str, chrome: set[str] | None = None) -> Cleaned:
    """Clean a plain-text scrape: keep the article body, pull out title/author/date/publisher.

    *chrome* is an optional set of normalised lines known to be site chrome for this source
    (see :func:`chrome_lines`); they are dropped wherever they occur.
    """
    pre = _prenormalize(raw)
    if _SCRIPTS_ANY_RE.search(pre):
        pre = _join_inline_breaks(pre)
    page = _page_lines(pre)
    lines, doc_lang, stops, cjk = page.lines, page.lang, page.stops, page.cjk
    # Lines in another language are found only when the page's own language is known for sure
    # (an Icelandic article under English menus is not "foreign" to a page read as English).
    meta: dict[str, Any] = {"lang_guess": doc_lang}
    if not lines:
        return guard(Cleaned(text="", meta=meta), 0, str)

    bylines: dict[str, dict[str, str] | None] = {}
    _classify(lines, doc_lang, chrome, cjk, bylines, page.dens, page.strong)
    _join_wrapped(lines, stops, cjk, _thresholds(page.dens)[0])
    _mark_strays(lines, stops)
    _mark_gaps(lines)
    labels = _revise(lines)
    keep = _main_region(lines, labels, _headline_index(lines, labels))

    # ---- metadata ----
    title, author, date, publisher, title_idx = _header_metadata(lines, keep, meta, bylines)
    if title_idx is not None and keep and min(keep) < title_idx < max(keep):
        # A headline announced by its own dateline starts the article: good-looking text above
        # it is widget or teaser text of the page, not the lead.
        keep = {i for i in keep if i > title_idx}

    # ---- body ----
    body: list[str] = []
    removed: Counter[str] = Counter()
    # the kept body region: from the first kept good line to the last
    first, last = (min(keep), max(keep)) if keep else (0, -1)
    for i, ln in enumerate(lines):
        if labels[i] != "good" or not first <= i <= last:
            removed[ln.why or "context"] += 1
            continue
        if title and ln.text == title:
            removed["title"] += 1
            continue
        body.append(ln.text)
    meta["removed"] = dict(removed)
    cleaned = Cleaned(
        # Already in normal form: lines of the normalised page (NFC survives splitting at
        # "\n" and joining with it: nothing composes with a line break), none blank.
        text="\n\n".join(body),
        title=title,
        author=author,
        date=date,
        publisher=publisher,
        meta=meta,
    )
    return guard(cleaned, sum(ln.chars + 1 for ln in lines) - 1, lambda: normalize(raw))


#: An input of at least _SLIVER_INPUT characters cleaned to less than _SLIVER_SHARE of it, or to
#: fewer than _SLIVER_CHARS characters, gets a warning: real pages can hold as little as 5 % of
#: article (menus, link lists), so the text is kept as cleaned, but the user is told.
_SLIVER_INPUT = 2000
_SLIVER_SHARE = 0.05
_SLIVER_CHARS = 200


def guard(c: Cleaned, n_in: int, whole: Callable[[], str]) -> Cleaned:
    """Never empty a text, never cut it to a sliver without saying so.

    *n_in* is the size of the input as text (for HTML, the rendered page) and *whole* returns
    it normalised (called only when needed). When the cleaner
    found no body, the whole text is kept; when it kept a sliver of a long input, the text stays
    as cleaned. Either way ``meta["warnings"]`` says so, with how much was dropped; the import
    and ``newsmark clean`` both report these warnings. ``meta["input_chars"]`` and
    ``meta["kept_chars"]`` always tell the sizes.
    """
    warnings: list[str] = c.meta.setdefault("warnings", [])
    if not c.text.strip() and n_in:
        text = whole()
        if text.strip():
            c.text = text
            c.meta["guard"] = "whole"
            warnings.append(
                f"the cleaner found no article body; the whole text ({len(text)} characters) was kept"
            )
    n_out = len(c.text)
    if (
        c.meta.get("guard") != "whole"
        and n_in >= _SLIVER_INPUT
        and (n_out < _SLIVER_SHARE * n_in or n_out < _SLIVER_CHARS)
    ):
        c.meta["guard"] = "sliver"
        warnings.append(
            f"the cleaner kept only {n_out} of {n_in} characters ({100 * n_out / n_in:.1f} %): "
            "check that the article is complete (menus and link lists can be most of a page)"
        )
    c.meta["input_chars"] = n_in
    c.meta["kept_chars"] = n_out
    return c


def clean_plain(raw: str) -> str:
    """Plain-text scrape -> article body (the scorer's ``--py`` entry point)."""
    return clean_text(raw).text


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "tr",
    "table",
    "br",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "main",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "form",
    "title",
    "hr",
    "address",
    "details",
    "summary",
}
_SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "svg",
    "iframe",
    "select",
    "template",
    "button",
    "head",
}


def html_to_text(html: str) -> str:
    """Render an HTML page to text, one block per line (the fallback input for clean_text)."""
    import lxml.html  # lazy: only HTML imports need it

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:  # noqa: BLE001 - malformed HTML must not crash an import
        return html
    out: list[str] = []
    title = root.findtext(".//title")
    if title:
        out.append(title.strip())
        out.append("\n")

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS:
            if el.tail:
                out.append(el.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            out.append("\n")
        if tag == "img" and el.get("alt"):
            out.append("\n" + el.get("alt") + "\n")
        if el.text:
            out.append(el.text)
        for child in el:
            walk(child)
        if block:
            out.append("\n")
        if el.tail:
            out.append(el.tail)

    body = root.find("body")
    walk(body if body is not None else root)
    return "".join(out)


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?", value)
    if not m:
        return None
    return m.group(1) + (f"T{m.group(2)}" if m.group(2) else "")


def _filter_extracted(text: str) -> tuple[str, dict[str, int]]:
    """Drop the boilerplate lines trafilatura lets through (share/subscribe/related lines,
    bylines, photo credits), using the plain-text line rules that need no context."""
    lines = [ln for ln in _prenormalize(text).split("\n") if _normalize_line(ln)]
    lang, stops, cjk, dens, strong = _page_language([_normalize_line(ln) for ln in lines])
    feats = [_features(i, r, stops) for i, r in enumerate(lines)]
    _classify(feats, lang, None, cjk, None, dens, strong)
    keep: list[str] = []
    dropped: Counter[str] = Counter()
    for ln in feats:
        why = ln.why.split(":")[0]
        if (
            ln.label == "bad"
            and why in ("boiler", "byline", "file", "ticker", "chrome")
            or (why == "credit" and ln.words <= 12)
        ):
            dropped[why] += 1
            continue
        keep.append(ln.text)
    return "\n\n".join(keep), dict(dropped)


_VOTE_KEY = 60
_VOTE_MIN_SHARE = 0.3
#: Share of the default extraction the plain-text cleaner must keep for the precise extraction
#: to be skipped.
_PRECISE_SKIP = 0.95


def _vote_lines(base: str, others: list[str]) -> str:
    """Lines of *base* that at least one of *others* also contains (first 60 characters)."""
    texts = [_SPACES_RE.sub(" ", o) for o in others if o.strip()]
    if not texts:
        return ""
    keep = []
    for line in base.split("\n"):
        line = _normalize_line(line)
        if line and any(line[:_VOTE_KEY] in t for t in texts):
            keep.append(line)
    return "\n\n".join(keep)


def _keep_extracted_line(line: str) -> bool:
    """True if the context-free line rules of the extraction filter keep *line*."""
    return bool(_filter_extracted(line)[0])


def _refine_with_dom(text: str, html: str, meta: dict[str, Any]) -> str:
    """Second opinion from the page's DOM blocks (see :mod:`tui.core.clean_html`)."""
    from tui.core.clean_html import dom_blocks, refine_lines

    lines = [ln for ln in (_normalize_line(x) for x in text.split("\n")) if ln]
    blocks = dom_blocks(html, norm=lambda t: _normalize_line(_prenormalize(t)))
    stops = _page_language(lines)[1]

    def density(t: str) -> float:
        words = _WORD_RE.findall(t.lower())
        return sum(1 for w in words if w in stops) / len(words) if words and stops else 0.0

    stats: dict[str, int] = {}
    out = refine_lines(lines, blocks, density if stops else None, _keep_extracted_line, stats)
    meta["dom"] = stats
    return "\n\n".join(out)


def clean_html_document(html: str, url: str | None = None) -> Cleaned:
    """Extract the article of an HTML page with trafilatura, falling back to the text cleaner.

    trafilatura gives the main content and metadata (title, author, date, sitename). When it
    returns nothing (odd markup, very short pages) the page is rendered to text and cleaned by
    :func:`clean_text`, so an import never yields an empty article silently.
    """
    import trafilatura  # lazy: ~0.3 s import

    meta: dict[str, Any] = {"url": url}
    doc = None
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, include_comments=False, with_metadata=True, favor_precision=False
        )
    except Exception as exc:  # noqa: BLE001 - extractor bugs must not crash an import
        meta["trafilatura_error"] = repr(exc)
    text = precise = ""
    title = author = date = publisher = None
    if doc is not None:
        get = doc.get if isinstance(doc, dict) else (lambda k, d=None: getattr(doc, k, d))
        text = get("text") or ""
        title = get("title")
        author = get("author")
        date = _iso_date(get("date"))
        publisher = get("sitename")
        meta["url"] = url or get("url")
        # Three opinions on the article: trafilatura's default extraction (best recall),
        # its favor_precision extraction (drops teasers and link lists, sometimes half the
        # article) and our plain-text cleaner on the rendered page (stopword density, context,
        # headline anchor). A line of the default extraction is kept when one of the other two
        # also keeps it; when that vote keeps too little, the precise extraction is used if it
        # kept most of the default one, else the default extraction.
    rendered = html_to_text(html)
    fallback = clean_text(rendered)
    if text.strip():
        default, dropped = _filter_extracted(text)
        meta["removed"] = dropped
        # The precise extraction (a second full trafilatura run) can only add lines the
        # plain-text cleaner dropped: when that cleaner already keeps nearly all of the default
        # extraction, it is not run (HTML import speed).
        precise = precise_f = ""
        if len(_vote_lines(default, [fallback.text])) < _PRECISE_SKIP * len(default):
            try:
                precise = (
                    trafilatura.extract(html, url=url, include_comments=False, favor_precision=True)
                    or ""
                )
            except Exception:  # noqa: BLE001
                precise = ""
            precise_f = _filter_extracted(precise)[0] if precise.strip() else ""
        voted = _vote_lines(default, [precise_f, fallback.text])
        if len(voted) >= _VOTE_MIN_SHARE * len(default) and voted.strip():
            text = voted
            meta["extractor_mode"] = "vote"
        elif precise_f.strip() and len(precise) >= 0.5 * len(text):
            text = precise_f
            meta["extractor_mode"] = "precision"
        else:
            text = default
            meta["extractor_mode"] = "default"
        if text.strip():
            text = _refine_with_dom(text, html, meta)
    if not text.strip():
        meta["extractor"] = "fallback"
        text = fallback.text
    else:
        meta["extractor"] = "trafilatura"
    if _SCRIPTS_ANY_RE.search(text):
        # a name with its ruby reading, split by the extractor into paragraphs of its own
        joined = _join_inline_breaks("\n".join(x for x in text.split("\n") if x.strip()))
        text = "\n\n".join(joined.split("\n"))
    meta["warnings"] = (
        list(fallback.meta.get("warnings", [])) if meta["extractor"] == "fallback" else []
    )
    if title:
        # trafilatura's title is the page's <title> or og:title: "Headline – DW – 30.01.2024"
        head, site = _title_and_site(title.strip(), set(normalize(rendered).split("\n")))
        title, publisher = head, publisher or site
    return guard(
        Cleaned(
            text=normalize(text),
            title=title or fallback.title,
            author=author or fallback.author,
            date=date or fallback.date,
            publisher=publisher or fallback.publisher,
            meta=meta,
        ),
        len(normalized := normalize(rendered)),
        lambda: normalized,
    )


def clean_html(html: str) -> str:
    """HTML page -> article body (the scorer's ``--py`` entry point)."""
    return clean_html_document(html).text
