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

from array import array
from dataclasses import dataclass

import regex

_WORDCH = r"(?:(?![\p{Han}\p{Hiragana}\p{Katakana}])[\p{L}\p{M}\p{N}_\u200c\u200d])"
_NUMBER = r"\p{N}+(?:[.,:/]\p{N}+)+\p{M}*"
_WORD = rf"{_WORDCH}+(?:['’]{_WORDCH}+)*"
_HYPHENATED = rf"{_WORD}(?:[-‐]{_WORD})*"
_CJK = r"[\p{Han}\p{Hiragana}\p{Katakana}]\p{M}*"
_TOKEN_RE = regex.compile(rf"{_NUMBER}|{_HYPHENATED}|{_CJK}|\X", regex.V1)
_TOKEN_RE_EN = regex.compile(rf"{_NUMBER}|{_WORD}|{_CJK}|\X", regex.V1)
_ELISION = regex.compile(
    r"(?i)^(qu|jusqu|lorsqu|puisqu|quoiqu|presqu|[ldjnmtsc]|dell|all|dall|nell|sull|coll|un|quest|quell|tutt)['’](?=\p{L})"
)
_EN_SUFFIX = regex.compile(r"(?i)(n['’]t|['’](?:s|re|ll|ve|m|d))$")
_SPACE = regex.compile(r"\s")
# Tokens spaCy keeps whole, merged after the main pass (cheaper than more alternatives in it):
# its abbreviation exceptions (``M.``, ``Mme.``, ``Mr.``, ``Inc.``), initials and dotted
# acronyms (``A.``, ``U.S.``, ``p.m.``), ``...`` and ``--``, URLs and e-mail addresses. A span
# snapped to our tokens is then one spaCy's strict ``char_span`` accepts.
_ABBR_EN = frozenset(["Adm", "Ak", "Ala", "Apr", "Ariz", "Ark", "Aug", "Bros", "Calif", "Co", "Colo", "Conn", "Corp", "Dec", "Del", "Dr", "Feb", "Fla", "Ga", "Gen", "Gov", "Ia", "Id", "Ill", "Inc", "Ind", "Jan", "Jr", "Jul", "Jun", "Kan", "Kans", "Ky", "La", "Ltd", "Mar", "Mass", "Md", "Messrs", "Mich", "Minn", "Miss", "Mo", "Mont", "Mr", "Mrs", "Ms", "Mt", "Neb", "Nebr", "Nev", "Nov", "Oct", "Okla", "Ore", "Pa", "Prof", "Rep", "Rev", "Sen", "Sep", "Sept", "St", "Tenn", "Va", "Wash", "Wis", "co", "vs"])
_ABBR_FR = frozenset(["Dr", "MM", "M", "Mlle", "Mme", "Mr", "No", "St", "Ste", "Vol", "apr", "av", "avr", "cf", "déc", "etc", "févr", "janv", "juill", "nov", "oct", "pp", "sept"])
_DOTTED = regex.compile(r"\p{L}(?:\.\p{L})*\.?")
_URL_EMAIL = regex.compile(
    r"https?://[^\s<>\"«»]+?(?=[.,;:!?)\]»\"']*(?:\s|$))|[\w+-]+(?:\.[\w+-]+)*@[\w-]+(?:\.[\w-]+)+")


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
    pattern = _TOKEN_RE_EN if english else _TOKEN_RE
    out: list[tuple[int, int]] = []
    append = out.append
    for m in pattern.finditer(text):
        s, e = m.span()
        tok = m.group()
        if tok.isspace():
            continue
        if "'" in tok or "’" in tok:
            if english:
                suf = _EN_SUFFIX.search(tok)
                if suf and suf.start() > 0:
                    append((s, s + suf.start()))
                    append((s + suf.start(), e))
                    continue
            else:
                el = _ELISION.match(tok)
                if el:
                    append((s, s + el.end()))
                    s += el.end()
        append((s, e))
    if "://" in text or "@" in text:
        out = _merge_urls(text, out)
    if "." in text or "--" in text:
        out = _merge_spacy_specials(text, out, english)
    return out


def _alnum_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def _merge_spacy_specials(text: str, toks: list[tuple[int, int]], english: bool) -> list[tuple[int, int]]:
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
            elif tok == "." and edge and not prev.endswith("."):
                after = e < len(text) and text[e].isalpha() and (e + 1 == len(text) or text[e + 1] == ".")
                if _DOTTED.fullmatch(prev) and (after or not _alnum_at(text, e)):
                    merge = True  # "A.", "U." of "U.S."
                elif prev in abbr and not _alnum_at(text, e):
                    merge = True  # "M.", "Inc."
            elif len(tok) == 1 and tok.isalpha() and edge and prev.endswith(".") and _DOTTED.fullmatch(prev):
                merge = True  # "U." + "S"
            if merge:
                res[-1] = (ps, e)
                continue
        res.append((s, e))
    return res


def _merge_urls(text: str, toks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    import bisect

    out = list(toks)
    for m in reversed(list(_URL_EMAIL.finditer(text))):
        ms, me = m.span()
        starts = [s for s, _ in out]
        i = bisect.bisect_left(starts, ms)
        j = i
        while j < len(out) and out[j][1] <= me:
            j += 1
        if i < len(out) and out[i][0] == ms and j > i + 1 and out[j - 1][1] == me:
            out[i:j] = [(ms, me)]
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
