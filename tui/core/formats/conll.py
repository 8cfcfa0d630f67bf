"""CoNLL-2003-style token-per-line files with IOB2 tags (IOB1, BILOU or BIOES on request).

Export: each article starts with ``-DOCSTART- -X- -X- O`` and a blank line; each sentence is
a block of ``token -X- _ TAG`` lines (the four columns of CoNLL-2003; readers take the first
and the last) ended by a blank line. Tokens are newsmark's (:mod:`tui.core.tokens`), sentences
split by :func:`tui.core.formats.sentence_bounds`. Overlapping spans cannot be written (lint makes
them errors); with ``--force`` the longest is kept.

Import: the first column is the token and the last the tag, in any scheme; ``-DOCSTART-``
separates documents (a file without it is one document). The text is rebuilt with single
spaces between tokens and a line break between sentences: the original spacing is not in
the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..tokens import token_spans
from . import ExportOptions, Format, decode_tags, is_tag, sentence_bounds, token_tags

DOCSTART = "-DOCSTART- -X- -X- O"


def sentences(rec: dict[str, Any], scheme: str) -> list[list[tuple[str, str]]]:
    """``[[(token, tag), ...], ...]`` for one export record."""
    text = rec["text"]
    toks = token_spans(text, rec["meta"].get("language"))
    tags = token_tags(toks, rec["spans"], scheme)
    return [[(text[s:e], tags[i]) for i, (s, e) in enumerate(toks[a:b], a)]
            for a, b in sentence_bounds(text, toks, rec["spans"])]


@contextmanager
def open_sink(out: str | Path, options: ExportOptions) -> Iterator[Callable[[dict[str, Any]], None]]:
    from .base import atomic_writer

    with atomic_writer(out) as fh:
        def write(rec: dict[str, Any]) -> None:
            fh.write(DOCSTART + "\n\n")
            for sent in sentences(rec, options.scheme):
                fh.write("".join(f"{tok} -X- _ {tag}\n" for tok, tag in sent) + "\n")

        yield write


FORMAT = Format("conll", ".conll", open_sink, keeps_text=False, overlaps=False,
                description="CoNLL-2003 columns, IOB2 tags (--scheme iob1|bilou|bioes)")


def read(text: str, where: str) -> Iterator[dict[str, Any] | tuple[str, str]]:
    """Records (``text``, ``spans``) of each document, or ``(where, problem)`` for bad lines."""
    docs: list[list[list[tuple[str, str]]]] = [[]]
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
            continue
        tag = cols[-1] if len(cols) > 1 else "O"
        if not is_tag(tag):
            if line.startswith("#"):
                continue  # a comment line (CoNLL-U style)
            yield (f"{where}:{lineno}", f"{tag!r} is not a tag (O, B-X, I-X, E-X, S-X, L-X, U-X); token read as O")
            tag = "O"
        sent.append((cols[0], tag))
    if sent:
        docs[-1].append(sent)
    for doc in docs:
        if not doc:
            continue
        parts: list[str] = []
        spans: list[dict[str, Any]] = []
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
                parts.append(tok)
                pos += len(tok)
            for first, last, label in decode_tags([t for _, t in sent]):
                spans.append({"start": offs[first][0], "end": offs[last][1], "label": label})
        body = "".join(parts)
        for sp in spans:
            sp["text"] = body[sp["start"]:sp["end"]]
        yield {"text": body, "spans": spans, "meta": {"status": "done"}}


def looks_like(text: str) -> bool:
    """A file whose first line is ``-DOCSTART-`` (CoNLL), for files without a telling extension."""
    first = next((ln for ln in text.split("\n", 50) if ln.strip()), "")
    return first.split()[0:1] == ["-DOCSTART-"]
