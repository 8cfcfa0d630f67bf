"""Language identification for articles and paragraphs.

langdetect is accurate on paragraphs but random by default: with the seed fixed
(``DetectorFactory.seed = 0``) the same article always gets the same code, which matters because
the code is stored and shown. Its profiles take ~1 s to load, so they are loaded on the first
call, not at import. On short snippets langdetect confuses close languages (no/da, it/es/pt,
de/nl); the built-in stoplists of :mod:`tui.core.clean.stopwords` break such near-ties.

Must not import textual or rich.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

__all__ = ["Language", "detect", "detect_language"]

#: Characters read at most: a long article's language is settled by its first few paragraphs,
#: and langdetect's cost grows with the length.
MAX_CHARS = 5000
#: Characters the whole-text answer is read from: langdetect's cost is linear in the length
#: (it extracts every n-gram before sampling them) and two thousand characters of prose settle
#: the language as well as five (same answers on the dev set's 488 pages, raw and cleaned);
#: the paragraphs of the whole sample still decide the mixed flag.
DETECT_CHARS = 2000
#: Below this many letters the answer is a guess, reported as "und".
MIN_LETTERS = 12
#: Top probability under which the whole-text answer is "und".
MIN_PROB = 0.5
#: Paragraph-level detection (for the mixed flag) only on texts at least this long.
MIXED_MIN_CHARS = 600
MIXED_MIN_PARAGRAPH = 120

_URL_RE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+")
_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")


@dataclass
class Language:
    """Detected language of a text (ISO 639-1, or "und")."""

    code: str
    prob: float
    mixed: bool = False
    paragraphs: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _langdetect() -> Any:
    """Import langdetect and fix its seed once (profiles load on the first detection); its
    ``detect_langs`` as :mod:`tui.core.langdetect_fast` runs it (same answers, faster)."""
    from langdetect import DetectorFactory

    from . import langdetect_fast

    DetectorFactory.seed = 0
    return lambda text: langdetect_fast.detect_langs(text)


def _norm_code(code: str) -> str:
    code = code.lower().split("-")[0]
    return {"nb": "no", "nn": "no"}.get(code, code)


def _has_letters(text: str, n: int) -> bool:
    """Whether *text* has at least *n* letters (stops counting there: texts run to 5,000)."""
    for ch in text:
        if ch.isalpha():
            n -= 1
            if n <= 0:
                return True
    return n <= 0


def _ranked(text: str) -> list[tuple[str, float]]:
    """langdetect's candidates (code, prob), best first; empty when it cannot tell."""
    from langdetect.lang_detect_exception import LangDetectException

    try:
        langs = _langdetect()(text)
    except LangDetectException:
        return []
    out: dict[str, float] = {}
    for lang in langs:
        code = _norm_code(lang.lang)
        out[code] = out.get(code, 0.0) + lang.prob
    return sorted(out.items(), key=lambda kv: -kv[1])


def _stop_hits(text: str) -> dict[str, int]:
    """Stopword hits per language (built-in lists), for breaking near-ties on short text."""
    from tui.core.clean.stopwords import _stopwords

    words = [w.lower() for w in _WORD_RE.findall(text)]
    return {code: sum(1 for w in words if w in stops) for code, stops in _stopwords().items()}


#: Languages lingua knows and langdetect has no profile for (langdetect reads Icelandic as
#: Norwegian, Zulu and Xhosa as Swahili): always among lingua's candidates.
LINGUA_ONLY = frozenset(
    {"az", "be", "bs", "eo", "eu", "ga", "hy", "is", "ka", "kk", "la", "lg"}
    | {"mi", "mn", "ms", "sn", "sr", "st", "tn", "ts", "xh", "yo", "zu"}
)
#: Texts shorter than this are decided by lingua among the candidates (strong on short text).
SHORT_CHARS = 120
#: langdetect's answer is checked by lingua below this probability.
SURE_PROB = 0.9
#: Minimum lingua confidence for a language langdetect does not know to replace its answer.
LINGUA_MIN = 0.5


@lru_cache(maxsize=64)
def _lingua(codes: frozenset[str], low_accuracy: bool = False) -> Any:
    """A lingua detector for these ISO 639-1 codes (None when lingua is not installed).

    Built per candidate set and cached: lingua loads a language's models on first use (about
    30 MB each), so a detector over a few dozen languages stays small, where all 75 take ~1 GB.
    *low_accuracy* detectors read trigrams only, as lingua itself does for a text of 120
    characters or more, and load only those models: the five n-gram models of a few dozen
    languages take a second to load, in every process that needs them.
    """
    try:
        from lingua import IsoCode639_1, LanguageDetectorBuilder
    except ImportError:
        return None
    langs = []
    wanted = set(codes)
    if "no" in wanted:  # lingua has Bokmål and Nynorsk, langdetect and we say "no"
        wanted |= {"nb", "nn"}
    for c in sorted(wanted):
        iso = getattr(IsoCode639_1, c.upper(), None)
        if iso is None:
            continue
        try:
            from lingua import Language as LinguaLanguage

            langs.append(LinguaLanguage.from_iso_code_639_1(iso))
        except (ValueError, KeyError):
            continue
    if len(langs) < 2:
        return None
    builder = LanguageDetectorBuilder.from_languages(*langs)
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


def _lingua_ranked(text: str, codes: set[str]) -> list[tuple[str, float]]:
    """lingua's confidence for each of *codes*, best first (empty without lingua).

    A text of :data:`SHORT_CHARS` or more is read from its trigrams only: lingua does the same
    for a text of that length once it has taken out digits and punctuation, so only a text that
    sits near the line (a paragraph of 120 characters with a few figures in it) is read
    differently, and the other models are loaded only for the short texts that need them.
    """
    det = _lingua(frozenset(codes), len(text) >= SHORT_CHARS)
    if det is None:
        return []
    # lingua takes UTF-8: a lone surrogate (a broken JSON escape) is no letter of any language
    values = det.compute_language_confidence_values(text.encode("utf-8", "replace").decode("utf-8"))
    return [(_norm_code(v.language.iso_code_639_1.name), v.value) for v in values]


def _best(text: str) -> tuple[str | None, float]:
    """Top language of *text* with its probability.

    langdetect answers first. lingua (optional dependency, loaded lazily) checks its answer
    when it is unsure, when the text is short, or always against the languages langdetect has
    no profile for; its candidates are langdetect's, the stoplist language and
    :data:`LINGUA_ONLY`.
    """
    langdetect_ranked = _ranked(text)  # once: it is most of the cost of a long text
    code, prob = _best_langdetect(text, langdetect_ranked)
    short = len(text) < SHORT_CHARS
    hits, n_words = _stop_hits_sample(text)
    if code and not short and prob >= SURE_PROB and _settled(text, code, hits, n_words):
        return code, prob  # lingua could only have replaced it by a language it alone knows
    candidates = set(LINGUA_ONLY)
    if code:
        candidates.update(c for c, _ in langdetect_ranked[:3])
    candidates.update(_stop_candidates(text, hits=hits))
    ranked = _lingua_ranked(text, candidates)
    if not ranked:
        return code, prob
    top, conf = ranked[0]
    if top in LINGUA_ONLY and conf >= LINGUA_MIN and top != code:
        return top, conf
    if (code is None or short or prob < SURE_PROB) and (code is None or conf > 0.0):
        return top, max(conf, prob if top == code else 0.0)
    return code, prob


def _stop_hits_sample(text: str) -> tuple[dict[str, int], int]:
    """Stoplist hits per language over the words of the first 2,000 characters of *text*, and
    the number of those words."""
    from tui.core.clean.stopwords import _WORD_RE as words_re
    from tui.core.clean.stopwords import _lang_hits

    words = words_re.findall(text[:2000])
    return _lang_hits(words), len(words)


def _stop_candidates(text: str, n: int = 5, hits: dict[str, int] | None = None) -> list[str]:
    """The *n* languages whose stoplists hold most of the words of *text* (a headline's "for",
    "at", "new" make English a candidate even when langdetect never names it); *hits* are
    those counts when the caller has them (:func:`_stop_hits_sample`)."""
    hits = _stop_hits_sample(text)[0] if hits is None else hits
    return [c for c, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


#: Share of a text's words that must be stopwords of langdetect's answer for the stoplists to
#: confirm it (prose runs at 0.3-0.5; Zulu and Luganda read as Swahili at 0-0.06, Tswana at 0.13).
SETTLED_DENSITY = 0.2
#: How many times more stopword hits langdetect's answer needs than any language of
#: :data:`LINGUA_ONLY`: Croatian and Bosnian, Indonesian and Malay share most of their function
#: words, so such texts stay with lingua (English stays with it too when its text is heavy with
#: the English words of the Yoruba and Malay lists).
SETTLED_MARGIN = 1.5
#: Letters of the scripts the languages of :data:`LINGUA_ONLY` are written in.
_LINGUA_ONLY_SCRIPTS_RE = re.compile(
    "[A-Za-z\u00c0-\u024f\u1e00-\u1eff"  # Latin
    "\u0400-\u052f\u1c80-\u1c8f\ua640-\ua69f"  # Cyrillic
    "\u0530-\u058f\ufb13-\ufb17"  # Armenian
    "\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]"  # Georgian
)
_LETTER_RE = re.compile(r"[^\W\d_]")
#: Share of letters in those scripts under which no language of LINGUA_ONLY can be the text's.
SETTLED_SCRIPT_SHARE = 0.05


def _settled(text: str, code: str, hits: dict[str, int], n_words: int) -> bool:
    """Whether langdetect's sure answer *code* for a long *text* is beyond lingua's reach.

    lingua overrules a sure, long answer only with a language of :data:`LINGUA_ONLY` (see
    :func:`_best`), so its models need not run (nor load: ~0.2 s per process) when the text
    cannot be in one of them: when the text's stopwords are clearly *code*'s (the most hits of
    all ~100 stoplists, dense like prose, well ahead of every LINGUA_ONLY list), or when its
    letters are nearly all in scripts none of those languages is written in (CJK, Hangul,
    Arabic, Devanagari...). Icelandic read as Norwegian has more Icelandic stopwords; Zulu read
    as Swahili almost no Swahili ones: both still go to lingua.
    """
    if n_words and code in hits:
        top = max(hits.values())
        near = max((hits.get(c, 0) for c in LINGUA_ONLY), default=0)
        n = hits[code]
        if n == top and n >= SETTLED_DENSITY * n_words and n >= SETTLED_MARGIN * near:
            return True
    letters = len(_LETTER_RE.findall(text))
    return (
        letters > 0 and len(_LINGUA_ONLY_SCRIPTS_RE.findall(text)) < SETTLED_SCRIPT_SHARE * letters
    )


def _best_langdetect(
    text: str, ranked: list[tuple[str, float]] | None = None
) -> tuple[str | None, float]:
    """Top language of *text* with its probability, stoplists breaking close calls.

    *ranked* is langdetect's ranking of *text* when the caller already has it."""
    ranked = _ranked(text) if ranked is None else ranked
    if not ranked:
        return None, 0.0
    code, prob = ranked[0]
    if len(text) < 120 and len(ranked) > 1:
        hits = _stop_hits(text)
        # Among langdetect's own candidates, prefer one whose function words are clearly
        # present when langdetect itself is unsure.
        if prob < 0.9:
            best_alt = max(ranked, key=lambda kv: (hits.get(kv[0], 0), kv[1]))
            if hits.get(best_alt[0], 0) >= hits.get(code, 0) + 1:
                code, prob = best_alt
    return code, prob


#: Stopword density from which a paragraph's stoplist language, when it is not the article's,
#: is taken as a sign the paragraph may be in another language (then langdetect decides).
MIXED_STOP_DENSITY = 0.15


def _paragraph_language(p: str, code: str) -> str:
    """Language of one paragraph of an article in ``code``, for the mixed flag.

    The built-in stoplists first (no model): a paragraph whose function words are the article's
    language's is taken to be in it. langdetect runs only where the stoplists disagree with
    confidence, or find nothing while the article's language has a stoplist (another script) --
    so most articles need no paragraph detection at all.
    """
    from tui.core.clean.stopwords import _stopwords, stopword_language

    stop, density = stopword_language(p)
    if stop == code:
        return code
    unsure = stop is None or density < MIXED_STOP_DENSITY
    if unsure and (stop is not None or code not in _stopwords()):
        return code
    c, pr = _best(p)
    return c if c and pr >= MIN_PROB else "und"


def detect_language(text: str, title: str | None = None) -> Language:
    """Detect the language of *text* (an article or a paragraph).

    Returns "und" with prob 0.0 when the text has too few letters or the answer is too unsure.
    For long texts, paragraphs are checked one by one (stoplists first, langdetect only where
    they disagree with the article) and ``mixed`` is set when a sizeable share of the text is in
    another language than the whole. A short text (a headline, a one-line record) is read with
    its *title* when there is one: more words, same language.
    """
    if title and len(text) < SHORT_CHARS and title.strip() not in text:
        text = f"{title.strip()}\n{text}"
    sample = _URL_RE.sub(" ", text[:MAX_CHARS])
    if not _has_letters(sample, MIN_LETTERS):
        return Language("und", 0.0)
    code, prob = _best(sample[:DETECT_CHARS])
    if code is None or prob < MIN_PROB:
        return Language("und", 0.0)
    result = Language(code, round(prob, 4))
    if len(sample) >= MIXED_MIN_CHARS:
        paras = [p.strip() for p in re.split(r"\n\s*\n|\n", sample) if p.strip()]
        sizes: dict[str, int] = {}
        codes: list[str] = []
        for p in paras:
            if len(p) < MIXED_MIN_PARAGRAPH:
                codes.append("und")
                continue
            c = _paragraph_language(p, code)
            codes.append(c)
            if c != "und":
                sizes[c] = sizes.get(c, 0) + len(p)
        total = sum(sizes.values())
        result.paragraphs = codes
        if total:
            other = sum(n for c, n in sizes.items() if c != code)
            result.mixed = other >= 0.2 * total and other >= MIXED_MIN_PARAGRAPH
    return result


def detect(text: str) -> str | None:
    """Best-guess ISO 639-1 code or None (the scorer's ``--py`` entry point).

    Unlike :func:`detect_language` this never answers "und" when langdetect has any candidate:
    the scorer counts a non-answer as wrong.
    """
    sample = _URL_RE.sub(" ", text[:MAX_CHARS])
    code, _ = _best(sample)
    return code
