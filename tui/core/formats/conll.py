"""CoNLL-2003-style token-per-line files with IOB2 tags (IOB1, BILOU or BIOES on request).

Export: each article starts with ``-DOCSTART- -X- O O`` and a blank line (the line spaCy's
``spacy convert`` splits documents on; seqeval and the CoNLL-2003 readers skip it); each sentence is
a block of ``token -X- _ TAG`` lines (the four columns of CoNLL-2003; readers take the first
and the last) ended by a blank line. Tokens are newsmark's (:mod:`tui.core.tokens`), sentences
split by :func:`tui.core.formats.sentence_bounds`. Overlapping spans cannot be written (lint makes
them errors); with ``--force`` the longest is kept.

Import: the first column is the token and the last the tag, in any scheme, unless
``--conll-columns TOKEN,TAG`` names others (0-based, negative from the end, as flair's
``column_format`` does); ``-DOCSTART-`` separates documents (a file without it is one
document). A file is recognised by its content whatever its name (``eng.train``, a ``.txt``
column file): :func:`looks_like`. The text is rebuilt with single spaces between tokens and a
line break between sentences: the original spacing is not in the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..tokens import token_spans
from . import ExportOptions, Format, decode_tags, is_tag, sentence_bounds, token_tags

DOCSTART = "-DOCSTART- -X- O O"
#: The key of an imported record that holds the line its document starts on (not stored).
LINE_KEY = "_conll_line"


def sentences(rec: dict[str, Any], scheme: str) -> list[list[tuple[str, str]]]:
    """``[[(token, tag), ...], ...]`` for one export record."""
    text = rec["text"]
    toks = (
        [(t["start"], t["end"]) for t in rec["tokens"] if text[t["start"] : t["end"]].strip()]
        if rec.get("tokens")
        else token_spans(text, rec["meta"].get("language"))
    )
    tags = token_tags(toks, rec["spans"], scheme)
    return [
        [(text[s:e], tags[i]) for i, (s, e) in enumerate(toks[a:b], a)]
        for a, b in sentence_bounds(text, toks, rec["spans"])
    ]


@contextmanager
def open_sink(
    out: str | Path, options: ExportOptions
) -> Iterator[Callable[[dict[str, Any]], None]]:
    from .base import atomic_writer

    with atomic_writer(out) as fh:

        def write(rec: dict[str, Any]) -> None:
            fh.write(DOCSTART + "\n\n")
            for sent in sentences(rec, options.scheme):
                fh.write("".join(f"{tok} -X- _ {tag}\n" for tok, tag in sent) + "\n")

        yield write


FORMAT = Format(
    "conll",
    ".conll",
    open_sink,
    keeps_text=False,
    overlaps=False,
    description="CoNLL-2003 columns, IOB2 tags (--scheme iob1|bilou|bioes)",
)


def parse_columns(spec: str) -> tuple[int, int]:
    """``"0,3"`` (or ``"0 -1"``) -> ``(0, 3)``: the token and tag columns of ``--conll-columns``."""
    parts = [p for p in spec.replace(",", " ").replace(":", " ").split() if p]
    try:
        tok, tag = (int(p) for p in parts)
    except ValueError:
        raise ValueError(
            f"--conll-columns {spec!r}: give the token and tag columns, e.g. 0,3 or 0,-1"
        ) from None
    return tok, tag


def _cols(line: str, columns: tuple[int, int]) -> tuple[str, str] | None:
    cols = line.split()
    try:
        return cols[columns[0]], cols[columns[1]]
    except IndexError:
        return None


def read(
    text: str, where: str, columns: tuple[int, int] = (0, -1)
) -> Iterator[dict[str, Any] | tuple[str, str]]:
    """Records (``text``, ``spans``) of each document, or ``(where, problem)`` for bad lines.

    A record's ``LINE_KEY`` is the line its document starts on (its ``-DOCSTART-``, else its first
    token), for messages about the document; the caller takes it out."""
    docs: list[list[list[tuple[str, str]]]] = [[]]
    starts: list[int] = [0]  # the line each document starts on; 0 until known
    sent: list[tuple[str, str]] = []
    for lineno, line in enumerate(text.split("\n"), 1):
        cols = line.split()
        if not cols:
            if sent:
                docs[-1].append(sent)
                sent = []
            continue
        if cols[0] == "-DOCSTART-":
            if sent:
                docs[-1].append(sent)
                sent = []
            if docs[-1]:
                docs.append([])
                starts.append(0)
            starts[-1] = lineno
            continue
        if line.startswith("#") and not is_tag((_cols(line, columns) or ("", ""))[1]):
            continue  # a comment line (CoNLL-U style)
        got = _cols(line, columns) if len(cols) > 1 else (cols[0], "O")
        if got is None:
            yield (
                f"{where}:{lineno}",
                f"{len(cols)} column(s), no column {columns[1]} for the tag; token read as O",
            )
            got = (cols[0], "O")
        token, tag = got
        if not is_tag(tag):
            yield (
                f"{where}:{lineno}",
                f"{tag!r} is not a tag (O, B-X, I-X, E-X, S-X, L-X, U-X); token read as O"
                " (name the tag column with --conll-columns)",
            )
            tag = "O"
        sent.append((token, tag))
        starts[-1] = starts[-1] or lineno
    if sent:
        docs[-1].append(sent)
    for doc, start in zip(docs, starts, strict=True):
        if not doc:
            continue
        parts: list[str] = []
        spans: list[dict[str, Any]] = []
        tokens: list[list[int]] = []
        pos = 0
        for k, sent in enumerate(doc):
            if k:
                parts.append("\n")
                pos += 1
            offs = []
            for i, (tok, _) in enumerate(sent):
                if i:
                    parts.append(" ")
                    pos += 1
                offs.append((pos, pos + len(tok)))
                tokens.append([pos, pos + len(tok)])
                parts.append(tok)
                pos += len(tok)
            for first, last, label in decode_tags([t for _, t in sent]):
                spans.append({"start": offs[first][0], "end": offs[last][1], "label": label})
        body = "".join(parts)
        for sp in spans:
            sp["text"] = body[sp["start"] : sp["end"]]
        yield {
            "text": body,
            "spans": spans,
            "tokens": tokens,
            "meta": {"status": "done"},
            LINE_KEY: start,
        }


def tag_column(text: str) -> int | None:
    """The column that holds the tags of a column file whose last column does not (flair's
    ``column_with_whitespaces``: ``German B-LOC -``), or None when no column does."""
    lines = [
        ln
        for ln in text.split("\n", 400)[:400]
        if ln.strip() and not ln.startswith(("-DOCSTART-", "#"))
    ][:300]
    if len(lines) < 3:
        return None
    width = min(len(ln.split()) for ln in lines)
    for j in range(width - 1, 0, -1):
        if looks_like(text, (0, j)):
            return j
    return None


def looks_like(text: str, columns: tuple[int, int] = (0, -1)) -> bool:
    """A column file, by its content: a first line ``-DOCSTART-``, or at least three token lines
    of which nearly all (95%) have two or more columns and a tag (``O``, ``B-X``...) in the tag
    column, and some a tag other than ``O``."""
    lines = [ln for ln in text.split("\n", 400)[:400] if ln.strip()]
    if not lines:
        return False
    if lines[0].split()[0] == "-DOCSTART-":
        return True
    body = [ln for ln in lines if not ln.startswith(("-DOCSTART-", "#"))][:300]
    if len(body) < 3:
        return False
    tagged = [
        got[1]
        for ln in body
        if len(ln.split()) > 1 and (got := _cols(ln, columns)) and is_tag(got[1])
    ]
    return len(tagged) >= 0.95 * len(body) and any(t != "O" for t in tagged)
