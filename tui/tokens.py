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
