"""Line classification: features of each line of a page, a verdict per line (body, boilerplate,
byline, ticker, caption, foreign language...), revision by context and the article's main region.

The plain-text cleaner's scorer, jusText-style: stopword density for the page's language,
sentence shape, separators, digits and boilerplate vocabulary, then short lines revised by their
neighbours. Also :func:`chrome_lines`, which learns recurring site chrome from a batch.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate

from .boilerplate import (
    _BOILER_PREFIX_LC,
    _BOILER_PREFIX_RE,
    _COMMENTS_RE,
    _CREDIT_PREFILTER,
    _FILE_RE,
    _FOLD_ODD_CHARS,
    _FOLD_ODD_RE,
    _RELTIME_LC,
    _RELTIME_RE,
    _RELTIME_WORDS,
    _URL_RE,
    _boiler_line,
    _credit,
)
from .bylines import _BYLINE_STARTS, _YEAR_RE, _byline
from .normalize import _collapse_spaces, _normalize_line, _prenormalize
from .stopwords import (
    _STOP_HI,
    _STOP_LO,
    _TYPICAL_DENSITY,
    _WORD_RE,
    _any_stopword,
    _best_lang,
    _lang_hits,
    _page_language,
    _thresholds,
)

# Sentence ends of many scripts: Arabic question mark and Urdu full stop, Ethiopic, Armenian,
# Myanmar, Tibetan, Greek question mark, CJK, Devanagari and Khmer (khan, bariyosan).
_SENT_END = tuple(
    ".!?…:»\"”'’)]。！？」』〉》）।॥\u061f\u06d4\u1362\u1367\u0589\u104b\u0f0d\u037e\u17d4\u17d5"
)
_TITLE_SPLIT_RE = re.compile(r"\s+[|–—-]\s+|\s+::\s+|\s+»\s+")
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
        return (*_unspaced_label(ln), lang)
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


#: Han and kana, where one character is a morpheme or a syllable: a line of them says as much as
#: 2.5 times as many Latin letters (a Japanese or Chinese text is about 40 % as long as its
#: English translation). Hangul is left at one: Korean puts spaces between words and comes to
#: about 60 % of its English length, near enough to the raw thresholds (a 27-character "if you
#: liked this article, press like" line is not a sentence of the article).
_DENSE_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_DENSE_WEIGHT = 2.5
#: Full-width punctuation (ideographic comma and full stop, full-width brackets and marks) stands
#: for a Latin mark and the space after it.
_WIDE_PUNCT_RE = re.compile("[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
#: Sentence ends inside a line of an unspaced script: CJK full stops and marks, Devanagari
#: danda, Khmer khan, Myanmar section mark, and Latin marks before a space or the line end
#: (Korean ends sentences with "."; decimals and abbreviations do not count).
_UNSPACED_SENT_RE = re.compile("[。！？।॥\u17d4\u17d5\u104b]+|[.!?…]+(?=[\"”'’)」』]*(?:\\s|$))")
#: Scripts written with no sentence punctuation at all (Thai, Lao): a space ends a clause or a
#: sentence, in lines of their letters.
_SPACE_SENTENCE_LANGS = frozenset({"th", "lo"})
_SPACE_SENTENCE_RE = re.compile("[\u0e00-\u0eff]")
#: Line lengths of the unspaced-script verdict. A line is good at _UNSPACED_GOOD_CHARS characters
#: ending a sentence (80 Han characters say as much as 200 Latin ones). A line that ends a
#: sentence is near-good at _UNSPACED_NEAR_CHARS characters or at _UNSPACED_NEAR Latin-equivalent
#: ones (see _DENSE_WEIGHT: a sentence of 20 Han characters is as long as a 50-letter Latin one,
#: the Latin near-good floor), any line at _UNSPACED_NEAR_ANY_CHARS. Devanagari and Thai letters
#: weigh one. A line of two complete sentences is not good by itself: the service blurbs of a
#: footer ("X is our site for Y. Sign up now.") are too; a brief made of such lines is found
#: as a block (see _prose_block).
_UNSPACED_NEAR = 50
_UNSPACED_GOOD_CHARS = 80
_UNSPACED_NEAR_CHARS = 30
_UNSPACED_NEAR_ANY_CHARS = 60


def _latin_length(text: str) -> float:
    """Length of *text* in Latin-equivalent characters (see _DENSE_WEIGHT, _WIDE_PUNCT_RE)."""
    dense = len(_DENSE_RE.findall(text))
    return len(text) + (_DENSE_WEIGHT - 1) * dense + len(_WIDE_PUNCT_RE.findall(text))


def _unspaced_label(ln: _Line) -> tuple[str, str]:
    """(label, why) of a line of a page in a script written without spaces between words (or
    without stoplist-friendly words: Korean), where stopword density says nothing.

    Length stands in for it, weighed by how much a character says (:data:`_DENSE_WEIGHT`). Thai
    and Lao have no sentence punctuation: a space between two clauses of a long line plays its
    part.
    """
    ends = ln.ends  # Thai and Lao: see _classify
    if ends and ln.chars >= _UNSPACED_GOOD_CHARS:
        return "good", ""
    if (
        ends
        and (ln.chars >= _UNSPACED_NEAR_CHARS or _latin_length(ln.text) >= _UNSPACED_NEAR)
        or ln.chars >= _UNSPACED_NEAR_ANY_CHARS
    ):
        return "near", ""
    return "short", ""


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
    clauses = cjk and doc_lang in _SPACE_SENTENCE_LANGS
    for ln in lines:
        t = ln.text
        if clauses and not ln.ends:
            # Thai and Lao end a sentence with a space, not a mark: a long line of clauses ends
            # one where it ends (for the verdict and the context revision alike)
            ln.ends = (
                ln.chars >= _UNSPACED_NEAR_ANY_CHARS
                and " " in t
                and _SPACE_SENTENCE_RE.search(t) is not None
            )
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
    Only a sentence between two prose lines is one: the first and last sentences of a short
    brief may share no word with each other ("line" and "city" are English stopwords).
    """
    if not stops:
        return
    prose = [ln for ln in lines if ln.label in ("good", "near")]
    # Candidates first (short one-sentence lines with enough content words); then each of their
    # words is counted in the prose lines that hold it (a set intersection per line, in C).
    candidates: list[tuple[_Line, set[str]]] = []
    for k, ln in enumerate(prose):
        if (
            0 < k < len(prose) - 1
            and ln.chars < _STRAY_MAX_CHARS
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


def _revise(lines: list[_Line], briefs: bool = False) -> list[str]:
    """jusText-style context revision: short and near-good lines take their neighbours' class.

    A line's neighbours are the nearest good or bad lines on each side (gaps, short and
    near-good lines are looked through; the page's edges count as bad). Short lines are
    revised first, from the labels of :func:`_classify`; near-good lines then see the revised
    short lines. With *briefs* (a page of an unspaced script), a run of near-good prose lines
    heavier than all the page's good text is the article (see :func:`_prose_block`).
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
    # A short brief of an unspaced script (paragraphs of 50 Han characters say as much as 125
    # Latin ones) can have no line good by itself. The heaviest run of prose lines is then
    # the article when it outweighs all the good text of the page (a footer notice), rather than
    # that notice or no body at all (and the whole page, menus included, kept by the guard).
    block = _prose_block(lines) if briefs else None
    if block:
        good = sum(ln.chars for ln, lab in zip(lines, out, strict=True) if lab == "good")
        if sum(lines[i].chars for i in block) > good:
            for i in block:
                out[i] = "good"
    return out


def _prose_runs(lines: list[_Line]) -> list[list[int]]:
    """Runs of near-good lines that end a sentence (indices into *lines*).

    Short lines that end a sentence between them (a one-sentence paragraph) belong to the run
    and lone gaps (see _mark_gaps) are looked through; any other line ends it, and so does a
    line with two separators or more (a list). A run starts and ends on a near-good line.
    """
    runs: list[list[int]] = []
    i, n = 0, len(lines)
    while i < n:
        if lines[i].label != "near":
            i += 1
            continue
        run: list[int] = []
        j = i
        while j < n:
            ln = lines[j]
            if ln.gap:
                j += 1
                continue
            if ln.label not in ("near", "short") or not ln.ends:
                break
            if len(_SEPARATOR_RE.findall(ln.text)) >= 2:
                break
            run.append(j)
            j += 1
        while run and lines[run[-1]].label != "near":
            run.pop()
        if run:
            runs.append(run)
        i = max(j, i + 1)
    return runs


def _paragraph(lines: list[_Line], run: list[int]) -> bool:
    """A line of *run* holds two sentences or more: a paragraph, where a list of teasers or
    captions has one sentence a line."""
    return any(len(_UNSPACED_SENT_RE.findall(lines[k].text)) >= 2 for k in run)


def _prose_block(lines: list[_Line]) -> list[int]:
    """The lines of the heaviest block of prose runs (see :func:`_prose_runs`), or none.

    A block is a run that holds a paragraph (:func:`_paragraph`). One line (a photo caption,
    an ad label, a dateline) between it and the next run interrupts a brief without ending it:
    that run joins the block when it holds a paragraph too, or when it is a single line above
    (a lead above the photo); several one-sentence lines are a list of teasers (under a
    "related" heading, or a sidebar above the article). Once only: runs that alternate with
    single lines all along are a directory of blurbs (a service's name, two sentences about
    it, the next name...), not an article. Heaviest: the most characters.
    """
    runs = _prose_runs(lines)
    best: list[int] = []
    best_size = 0
    for k, run in enumerate(runs):
        if not _paragraph(lines, run):
            continue
        blocks = [run]
        if (
            k > 0
            and runs[k - 1][-1] + 2 == run[0]
            and (len(runs[k - 1]) == 1 or _paragraph(lines, runs[k - 1]))
        ):
            blocks.append(runs[k - 1] + run)
        if k + 1 < len(runs) and run[-1] + 2 == runs[k + 1][0] and _paragraph(lines, runs[k + 1]):
            blocks.append(run + runs[k + 1])
        for block in blocks:
            size = sum(lines[i].chars for i in block)
            if size > best_size:
                best, best_size = block, size
    return best


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
# second block needs to be kept (stopword densities for good and near-good lines: stopwords.py).
_GOOD_BONUS = 20
_BAD_COST = 25.0
_BAD_CHAR = 1.0
_SECOND_BLOCK = 1.5
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
