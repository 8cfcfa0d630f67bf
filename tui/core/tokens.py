"""Tokenizer with code-point offsets that never splits a grapheme.

Exports carry tokens (Prodigy's ``tokens`` and ``token_start``/``token_end``), the reader moves
token by token, and spans snap to tokens. The rules follow spaCy's French and English
tokenizers for the common cases, so spans made here pass spaCy's strict ``char_span``:
``l'`` / ``qu'`` split from the word after them (``l'intelligence`` → ``l'`` ``intelligence``),
decimal numbers stay whole (``2,9``), hyphenated words stay whole except in English
(``États-Unis``), quotes and punctuation are tokens of their own (``«`` … ``»``), English
contractions split (``don't`` → ``do`` ``n't``). A grapheme (``e`` + U+0301, ``👍🏽``, a ZWJ
family, ``क्षि``) always stays inside one token; CJK ideographs and kana are one token each.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from typing import Any

import regex

# A word character: letters, marks, digits, "_" and whatever extends a grapheme (joiners,
# emoji modifiers), so that a word never ends inside a grapheme; CJK ideographs and kana are
# tokens of their own, each with what extends it.
_EXTEND = r"\p{GCB=Extend}\p{GCB=SpacingMark}\p{GCB=ZWJ}"
_WORDCH = (
    rf"[[\p{{L}}\p{{M}}\p{{N}}_\u200c\u200d{_EXTEND}]--[\p{{Han}}\p{{Hiragana}}\p{{Katakana}}]]"
)
# A number keeps the marks that follow it unless a letter follows them: regex's ``\X`` joins
# "9" + virama + a consonant into one grapheme, which a number token must not cut.
_NUMBER = rf"\p{{N}}+(?:[.,:/]\p{{N}}+)+(?:[\p{{M}}{_EXTEND}]+(?!{_WORDCH}))?(?![\p{{M}}{_EXTEND}])"
_WORD = rf"{_WORDCH}+(?:['’]{_WORDCH}+)*"
_HYPHENATED = rf"{_WORD}(?:[-‐]{_WORD})*"
_CJK = r"(?=[\p{Han}\p{Hiragana}\p{Katakana}])\X"
# A run of whitespace is skipped in one match, but never its last character when a mark or a
# joiner follows (" " + U+0301 is one grapheme, left to ``\X``).
_BLANK = r"\s+(?![\p{GCB=Extend}\p{GCB=SpacingMark}\p{GCB=ZWJ}])"
_TOKEN_RE = regex.compile(rf"{_NUMBER}|{_HYPHENATED}|{_CJK}|{_BLANK}|\X", regex.V1)
_TOKEN_RE_EN = regex.compile(rf"{_NUMBER}|{_WORD}|{_CJK}|{_BLANK}|\X", regex.V1)
# Fast path: text (or a line of it) where every character is a grapheme of its own and the
# stdlib's ``\w``/``\d`` are exactly ``_WORDCH``/``\p{N}`` -- Latin, Greek, Cyrillic, general
# punctuation and symbols, emoji without modifiers or joiners; no marks, joiners, variation
# selectors, regional indicators, Hangul jamo, CJK, or ``\p{No}``/``\p{Nl}`` (``²``, ``½``). One
# search tells; there, the stdlib pattern below gives the very same tokens, several times faster
# (tests/core/test_tokens.py checks both, on every such code point). ``\u2080-\u209f`` is left out:
# the stdlib's Unicode tables (Python 3.11: 14.0) lack letters that ``regex`` knows there.
_FAST_RANGES = (
    (0x0, 0x52F),
    (0x1E00, 0x1FFF),
    (0x2000, 0x207F),
    (0x20A0, 0x2BFF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
    (0x1F000, 0x1FAFF),
)
_NEEDS_FULL = regex.compile(
    r"[\p{GCB=Extend}\p{GCB=SpacingMark}\p{GCB=ZWJ}\p{GCB=Prepend}\p{GCB=Regional_Indicator}"
    r"\p{GCB=L}\p{GCB=V}\p{GCB=T}\p{GCB=LV}\p{GCB=LVT}\p{M}\p{Han}\p{Hiragana}\p{Katakana}"
    r"\p{No}\p{Nl}\u200c\u200d]"
)


def _fast_chars() -> str:
    """The characters the fast path takes, as the body of a stdlib character class."""
    chars = "".join(
        chr(c) for lo, hi in _FAST_RANGES for c in range(lo, hi + 1) if not 0xD800 <= c <= 0xDFFF
    )
    ok = sorted(ord(c) for c in _NEEDS_FULL.sub("", chars))
    parts: list[str] = []
    i = 0
    while i < len(ok):
        j = i
        while j + 1 < len(ok) and ok[j + 1] == ok[j] + 1:
            j += 1
        parts.append(f"\\U{ok[i]:08x}" + (f"-\\U{ok[j]:08x}" if j > i else ""))
        i = j + 1
    return "".join(parts)


#: Finds a character that needs the full pattern (the stdlib searches a class fast).
_SLOW = re.compile(f"[^{_fast_chars()}]")
_F_WORD = r"\w+(?:['’]\w+)*"
_FAST_RE = re.compile(rf"\d+(?:[.,:/]\d+)+|{_F_WORD}(?:[-‐]{_F_WORD})*|\S")
_FAST_RE_EN = re.compile(rf"\d+(?:[.,:/]\d+)+|{_F_WORD}|\S")
_ELISION = regex.compile(
    r"(?i)^(qu|jusqu|lorsqu|puisqu|quoiqu|presqu|[ldjnmtsc]|dell|all|dall|nell|sull|coll|un|quest|quell|tutt)['’](?=\p{L})"
)
_EN_SUFFIX = regex.compile(r"(?i)(n['’]t|['’](?:s|re|ll|ve|m|d))$")
_SPACE = regex.compile(r"\s")
# Tokens spaCy keeps whole, merged after the main pass (cheaper than more alternatives in it):
# its abbreviation exceptions (``M.``, ``Mme.``, ``Mr.``, ``Inc.``), initials and dotted
# acronyms (``A.``, ``U.S.``, ``p.m.``), ``...`` and ``--``, URLs and e-mail addresses. A span
# snapped to our tokens is then one spaCy's strict ``char_span`` accepts.
_ABBR_EN = frozenset(
    [
        "Adm",
        "Ak",
        "Ala",
        "Apr",
        "Ariz",
        "Ark",
        "Aug",
        "Bros",
        "Calif",
        "Co",
        "Colo",
        "Conn",
        "Corp",
        "Dec",
        "Del",
        "Dr",
        "Feb",
        "Fla",
        "Ga",
        "Gen",
        "Gov",
        "Ia",
        "Id",
        "Ill",
        "Inc",
        "Ind",
        "Jan",
        "Jr",
        "Jul",
        "Jun",
        "Kan",
        "Kans",
        "Ky",
        "La",
        "Ltd",
        "Mar",
        "Mass",
        "Md",
        "Messrs",
        "Mich",
        "Minn",
        "Miss",
        "Mo",
        "Mont",
        "Mr",
        "Mrs",
        "Ms",
        "Mt",
        "Neb",
        "Nebr",
        "Nev",
        "Nov",
        "Oct",
        "Okla",
        "Ore",
        "Pa",
        "Prof",
        "Rep",
        "Rev",
        "Sen",
        "Sep",
        "Sept",
        "St",
        "Tenn",
        "Va",
        "Wash",
        "Wis",
        "co",
        "vs",
    ]
)
_ABBR_FR = frozenset(
    [
        "Dr",
        "MM",
        "M",
        "Mlle",
        "Mme",
        "Mr",
        "No",
        "St",
        "Ste",
        "Vol",
        "apr",
        "av",
        "avr",
        "cf",
        "déc",
        "etc",
        "févr",
        "janv",
        "juill",
        "nov",
        "oct",
        "pp",
        "sept",
    ]
)
_DOTTED = regex.compile(r"\p{L}(?:\.\p{L})*\.?")
_URL_EMAIL = regex.compile(
    r"https?://[^\s<>\"«»]+?(?=[.,;:!?)\]»\"']*(?:\s|$))|[\w+-]+(?:\.[\w+-]+)*@[\w-]+(?:\.[\w-]+)+"
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    id: int
    ws: bool


def token_spans(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """``[(start, end), ...]`` of every token, in order, as code-point offsets."""
    english = (lang or "").lower().startswith("en")
    out: list[tuple[int, int]] = []
    fast = _FAST_RE_EN if english else _FAST_RE
    pos, n = 0, len(text)
    if "'" not in text and "’" not in text and _SLOW.search(text) is None:
        return _merge(text, [m.span() for m in fast.finditer(text)], english)
    # The lines that need it (no token crosses a line break) take the full pattern.
    full = _TOKEN_RE_EN if english else _TOKEN_RE
    search = _SLOW.search
    while pos < n:
        m = search(text, pos)
        if m is None:
            _scan(text, pos, n, fast, english, False, out)
            break
        ls = max(pos, text.rfind("\n", pos, m.start()) + 1)
        le = text.find("\n", m.end())
        le = n if le < 0 else le + 1
        if ls > pos:
            _scan(text, pos, ls, fast, english, False, out)
        _scan(text, ls, le, full, english, True, out)
        pos = le
    return _merge(text, out, english)


def _token_spans_full(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """:func:`token_spans` with the full pattern everywhere (the reference the fast path must
    equal; for the tests)."""
    english = (lang or "").lower().startswith("en")
    out: list[tuple[int, int]] = []
    _scan(text, 0, len(text), _TOKEN_RE_EN if english else _TOKEN_RE, english, True, out)
    return _merge(text, out, english)


def _merge(text: str, out: list[tuple[int, int]], english: bool) -> list[tuple[int, int]]:
    if "://" in text or "@" in text:
        out = _merge_urls(text, out)
    if "." in text or "--" in text:
        out = _merge_spacy_specials(text, out, english)
    if english and "." in text:
        out = _merge_inner_dots(text, out)
    return out


def _merge_inner_dots(text: str, toks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``Buy.com``, ``example.co.uk``: spaCy's English infixes split a dot between letters only
    when an upper-case letter follows it, so a word, a dot and a lower-case word are one token."""
    res: list[tuple[int, int]] = []
    i, n = 0, len(toks)
    while i < n:
        s, e = toks[i]
        while (
            i + 2 < n
            and toks[i + 1] == (e, e + 1)
            and text[e] == "."
            and toks[i + 2][0] == e + 1
            and text[e - 1].isalpha()
            and text[e + 1].isalpha()
            and text[e + 1].islower()
        ):
            e = toks[i + 2][1]
            i += 2
        res.append((s, e))
        i += 1
    return res


def _scan(
    text: str,
    pos: int,
    endpos: int,
    pattern: Any,
    english: bool,
    blanks: bool,
    out: list[tuple[int, int]],
) -> None:
    """Append the tokens ``pattern`` finds in ``text[pos:endpos]``; ``blanks``: the pattern also
    matches whitespace, to be skipped."""
    if blanks:
        spans = [m.span() for m in pattern.finditer(text, pos, endpos)]
        spans = [(s, e) for s, e in spans if not (text[s].isspace() and text[s:e].isspace())]
    else:
        spans = [m.span() for m in pattern.finditer(text, pos, endpos)]
    # Elisions and contractions: only the tokens with an apostrophe, found from the apostrophes.
    hits: set[int] = set()
    for q in ("'", "’"):
        i = text.find(q, pos, endpos)
        while i >= 0:
            hits.add(i)
            i = text.find(q, i + 1, endpos)
    if not hits:
        out.extend(spans)
        return
    import bisect

    starts = [s for s, _ in spans]
    idx = sorted({k for k in (bisect.bisect_right(starts, h) - 1 for h in hits) if k >= 0})
    prev = 0
    for k in idx:
        s, e = spans[k]
        out.extend(spans[prev:k])
        prev = k + 1
        tok = text[s:e]
        if english:
            suf = _EN_SUFFIX.search(tok)
            if suf and suf.start() > 0:
                out.append((s, s + suf.start()))
                out.append((s + suf.start(), e))
                continue
        else:
            el = _ELISION.match(tok)
            if el:
                out.append((s, s + el.end()))
                s += el.end()
        out.append((s, e))
    out.extend(spans[prev:])


def _alnum_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def _merge_spacy_specials(
    text: str, toks: list[tuple[int, int]], english: bool
) -> list[tuple[int, int]]:
    abbr = _ABBR_EN if english else _ABBR_FR
    res: list[tuple[int, int]] = []
    for s, e in toks:
        if e - s == 1 and res and res[-1][1] == s:
            ps, pe = res[-1]
            prev = text[ps:pe]
            tok = text[s]
            edge = not (_alnum_at(text, ps - 1) or (ps > 0 and text[ps - 1] == "."))
            merge = False
            if tok == "." and prev.strip(".") == "":
                merge = True  # "..."
            elif tok == "-" and prev.strip("-") == "":
                merge = True  # "--"
            elif tok == "." and edge and not prev.endswith(".") and text[e : e + 1] != ".":
                # (a dot that starts an ellipsis is not an abbreviation's: "X..." is "X" "...")
                after = (
                    e < len(text)
                    and text[e].isalpha()
                    and (e + 1 == len(text) or text[e + 1] == ".")
                )
                if _DOTTED.fullmatch(prev) and (after or not _alnum_at(text, e)):
                    merge = True  # "A.", "U." of "U.S."
                elif prev in abbr and not _alnum_at(text, e):
                    merge = True  # "M.", "Inc."
            elif (
                len(tok) == 1
                and tok.isalpha()
                and edge
                and prev.endswith(".")
                and _DOTTED.fullmatch(prev)
            ):
                merge = True  # "U." + "S"
            if merge:
                res[-1] = (ps, e)
                continue
        res.append((s, e))
    return res


def _merge_urls(text: str, toks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each URL or e-mail address that starts and ends on token boundaries becomes one token."""
    import bisect

    # Only the lines with a "://" or an "@" (neither a URL nor an address crosses a line).
    lines: dict[int, int] = {}
    for mark in ("://", "@"):
        i = text.find(mark)
        while i >= 0:
            ls = text.rfind("\n", 0, i) + 1
            le = text.find("\n", i)
            le = len(text) if le < 0 else le + 1
            lines[ls] = le
            i = text.find(mark, le)
    matches = [m.span() for ls in sorted(lines) for m in _URL_EMAIL.finditer(text, ls, lines[ls])]
    if not matches:
        return toks
    starts = [s for s, _ in toks]
    out: list[tuple[int, int]] = []
    k = 0  # toks[:k] are in out already
    for ms, me in matches:
        i = bisect.bisect_left(starts, ms, k)
        j = i
        while j < len(toks) and toks[j][1] <= me:
            j += 1
        if i < len(toks) and toks[i][0] == ms and j > i + 1 and toks[j - 1][1] == me:
            out.extend(toks[k:i])
            out.append((ms, me))
            k = j
    out.extend(toks[k:])
    return out


def token_bounds(text: str, lang: str | None = None) -> tuple[array, array]:
    """Token starts and ends as two ``array('l')``: compact for a 1 MB article in the reader."""
    starts = array("l")
    ends = array("l")
    for s, e in token_spans(text, lang):
        starts.append(s)
        ends.append(e)
    return starts, ends


def tokenize(text: str, lang: str | None = None) -> list[Token]:
    """Tokens with Prodigy's fields: ``text``, ``start``, ``end``, ``id`` and ``ws``."""
    spans = token_spans(text, lang)
    n = len(text)
    return [
        Token(text[s:e], s, e, i, e < n and bool(_SPACE.match(text, e)))
        for i, (s, e) in enumerate(spans)
    ]


def covering_tokens(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """Indexes of the first and last (inclusive) tokens that overlap ``[start, end)``."""
    import bisect

    if not spans:
        return None
    ends = [e for _, e in spans]
    first = bisect.bisect_right(ends, start)
    starts = [s for s, _ in spans]
    last = bisect.bisect_left(starts, end) - 1
    if first > last or first >= len(spans):
        return None
    return first, last
