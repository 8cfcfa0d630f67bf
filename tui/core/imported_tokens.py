"""Token sequences that came with an imported record, kept and given back as they came.

A Prodigy task, a CoNLL file or a DocBin made by ``spacy convert`` fixes its own tokens (and a
model trained on them depends on them): re-tokenizing on export would hand back other tokens
and other sentences. The importer keeps them in the article's ``meta["_tokens"]`` as code-point
offsets with the content hash of the text they belong to; exports use them for as long as the
text is the one they were made on, and newsmark's own tokens otherwise.

Records carry tokens the way spaCy and Prodigy write them: ``ws`` is true when one space follows,
and any other whitespace between two tokens (a line break, a second space) is a token of its
own, so ``Doc(vocab, words, spaces).text == text`` always holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .store import Article, content_hash
from .tokens import token_spans

META_KEY = "_tokens"


def from_record(text: str, tokens: Any) -> list[tuple[int, int]] | None:
    """Offsets of a record's ``tokens`` (Prodigy dicts with start/end, or ``[start, end]``
    pairs) when they are valid for ``text``: in order, not overlapping, inside the text and not
    empty. None otherwise (the record then gets newsmark's tokens)."""
    if not isinstance(tokens, list) or not tokens:
        return None
    out: list[tuple[int, int]] = []
    last = 0
    for t in tokens:
        if isinstance(t, dict):
            s, e = t.get("start"), t.get("end")
        elif isinstance(t, list | tuple) and len(t) == 2:
            s, e = t
        else:
            return None
        if not (isinstance(s, int) and isinstance(e, int)) or not (last <= s < e <= len(text)):
            return None
        if isinstance(t, dict) and isinstance(t.get("text"), str) and text[s:e] != t["text"]:
            return None
        out.append((s, e))
        last = e
    return out


def to_meta(text: str, offsets: Sequence[tuple[int, int]]) -> dict[str, Any]:
    return {"hash": content_hash(text), "offsets": [[s, e] for s, e in offsets]}


def stored(article: Article) -> list[tuple[int, int]] | None:
    """The article's imported tokens, while its text is the one they were made on."""
    got = article.meta.get(META_KEY) if isinstance(article.meta, dict) else None
    if not isinstance(got, dict) or got.get("hash") != article.hash:
        return None
    return from_record(article.text, got.get("offsets"))


def article_tokens(article: Article) -> list[tuple[int, int]]:
    """Word tokens of an article: its imported ones (whitespace tokens left out), else newsmark's."""
    got = stored(article)
    if got is None:
        return token_spans(article.text, article.lang)
    return [(s, e) for s, e in got if article.text[s:e].strip()]


def record_tokens(text: str, toks: Sequence[tuple[int, int]]) -> list[dict[str, Any]]:
    """Prodigy/spaCy token dicts: ``ws`` for one following space, other whitespace as tokens."""
    out: list[dict[str, Any]] = []

    def add(s: int, e: int) -> None:
        out.append({"text": text[s:e], "start": s, "end": e, "id": len(out), "ws": False})

    pos = 0
    for s, e in toks:
        _gap(text, pos, s, out, add)
        add(s, e)
        pos = e
    _gap(text, pos, len(text), out, add)
    return out


def _gap(text: str, pos: int, s: int, out: list[dict[str, Any]], add: Any) -> None:
    if s <= pos:
        return
    if out and text[pos] == " ":
        out[-1]["ws"] = True
        pos += 1
    if s > pos:
        add(pos, s)  # a line break, a second space, or text that no token covers
