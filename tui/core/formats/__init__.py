"""Annotation formats: one module per format, and what they share.

Writers take the records of :func:`tui.core.export.iter_records` (text, spans, tokens, meta) and write
them through :func:`tui.core.export.atomic_writer`; readers turn another tool's files into records that
:mod:`tui.core.ingest` checks and stores. Shared here: the export options, tag schemes (IOB2, IOB1,
BILOU, BIOES) in both directions, sentence splitting, UTF-16 offsets and the format registry.

Core module: never imports Textual or Rich; spaCy and ``datasets`` are imported inside functions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMES = ("iob2", "iob1", "bilou", "bioes")


@dataclass
class ExportOptions:
    """Everything a writer may need beyond the records."""

    labels: list[str] = field(default_factory=list)  # label order (hf ids, brat annotation.conf)
    scheme: str = "iob2"  # conll / hf tags
    utf16: bool = False  # add UTF-16 offsets beside code-point ones (jsonl, doccano)
    split: str | None = None  # "80/10/10"
    seed: int = 0
    lint: bool = True
    force: bool = False
    notes: list[str] = field(default_factory=list)  # what writers want the user to know


@dataclass
class ImportOptions:
    """How to read files beyond their format (``newsmark import`` options)."""

    conll_columns: tuple[int, int] = (0, -1)  # token and tag columns (--conll-columns)
    text_field: str | None = None  # --text-field: the key holding the text of a record
    title_field: str | None = None  # --title-field
    id_field: str | None = None  # --id-field


def map_fields(rec: dict[str, Any], opts: ImportOptions | None) -> dict[str, Any]:
    """A record with the user's field names (``--text-field body`` …) renamed to newsmark's
    ``text``, ``title`` and ``id``; a dotted name reaches into an object (``data.body``)."""
    if opts is None or not (opts.text_field or opts.title_field or opts.id_field):
        return rec
    rec = dict(rec)
    for ours, theirs in (
        ("text", opts.text_field),
        ("title", opts.title_field),
        ("id", opts.id_field),
    ):
        if not theirs or theirs == ours:
            continue
        node: Any = rec
        parts = theirs.split(".")
        for p in parts[:-1]:
            node = node.get(p) if isinstance(node, dict) else None
        if isinstance(node, dict) and parts[-1] in node:
            if ours in rec and ours != theirs:
                rec[f"original_{ours}"] = rec[ours]
            rec[ours] = node[parts[-1]] if node is not rec else rec.pop(parts[-1])
        elif ours == "text":
            rec.pop("text", None)
            rec.pop("html", None)
            rec["_missing_field"] = theirs
    return rec


Record = dict[str, Any]
Sink = Callable[[Record], None]


@dataclass
class Format:
    """One export format: how to open a sink for it and what it can represent."""

    name: str
    ext: str  # extension of one output file; "" for a folder (brat)
    open: Callable[[Path | str, ExportOptions], AbstractContextManager[Sink]]
    keeps_text: bool = True  # the whole text survives (export -> import -> export is identity)
    overlaps: bool = True  # overlapping spans representable
    tokens: str = "newsmark"  # whose tokenization the format depends on: newsmark, spacy or none
    finish: Callable[[Path | str, ExportOptions, dict[str, Path]], list[str]] | None = None
    stdout: bool = True
    folder_part: str | None = None  # OUT given as a folder without --split: the one file's name
    description: str = ""


# --- tag schemes ------------------------------------------------------------------------------


def tag_names(labels: Sequence[str], scheme: str = "iob2") -> list[str]:
    """``["O", "B-PER", "I-PER", ...]``: the label list of a scheme, in label order."""
    prefixes = {"iob2": "BI", "iob1": "BI", "bilou": "BILU", "bioes": "BIES"}[scheme]
    return ["O"] + [f"{p}-{lb}" for lb in labels for p in prefixes]


def non_overlapping(spans: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Longest spans first, then earliest, none overlapping (spaCy's ``filter_spans`` rule)."""
    chosen: list[dict[str, Any]] = []
    for sp in sorted(spans, key=lambda s: (-(s["end"] - s["start"]), s["start"])):
        if all(sp["end"] <= c["start"] or sp["start"] >= c["end"] for c in chosen):
            chosen.append(sp)
    return sorted(chosen, key=lambda s: (s["start"], s["end"]))


def token_tags(
    tokens: Sequence[tuple[int, int]], spans: Sequence[dict[str, Any]], scheme: str = "iob2"
) -> list[str]:
    """One tag per token. Spans cover the tokens they overlap; overlapping spans: see
    :func:`non_overlapping` (lint reports them as errors for the formats that need this)."""
    import bisect

    starts = [s for s, _ in tokens]
    ends = [e for _, e in tokens]
    tags = ["O"] * len(tokens)
    owner = [-1] * len(tokens)
    for k, sp in enumerate(non_overlapping(spans)):
        first = bisect.bisect_right(ends, sp["start"])
        last = bisect.bisect_left(starts, sp["end"]) - 1
        if first > last:
            continue
        for i in range(first, last + 1):
            owner[i] = k
            tags[i] = sp["label"]
    out = ["O"] * len(tokens)
    for i, lb in enumerate(tags):
        if owner[i] < 0:
            continue
        begin = i == 0 or owner[i - 1] != owner[i]
        end = i == len(tokens) - 1 or owner[i + 1] != owner[i]
        if scheme == "iob2":
            p = "B" if begin else "I"
        elif scheme == "iob1":
            # B- only where an entity directly follows another of the same type.
            p = "B" if begin and i > 0 and owner[i - 1] >= 0 and tags[i - 1] == lb else "I"
        elif scheme in ("bilou", "bioes"):
            single, last_p = ("U", "L") if scheme == "bilou" else ("S", "E")
            p = single if begin and end else "B" if begin else last_p if end else "I"
        else:
            raise ValueError(f"unknown scheme {scheme!r}; use one of {', '.join(SCHEMES)}")
        out[i] = f"{p}-{lb}"
    return out


_TAG = re.compile(r"^(?:O|([BIESLU])-(\S+))$")


def is_tag(tag: str) -> bool:
    return bool(_TAG.match(tag))


def decode_tags(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(first, last_inclusive, label)`` token ranges from tags in any scheme (IOB1, IOB2,
    BIOES/IOBES, BILOU): ``I-`` after another type or after ``O`` starts an entity (IOB1)."""
    out: list[tuple[int, int, str]] = []
    cur: list[Any] | None = None
    for i, tag in enumerate(tags):
        m = _TAG.match(tag)
        if not m or tag == "O":
            if cur:
                out.append(tuple(cur))  # type: ignore[arg-type]
            cur = None
            continue
        p, lb = m.group(1), m.group(2)
        if p in "BSU" or cur is None or cur[2] != lb:
            if cur:
                out.append(tuple(cur))  # type: ignore[arg-type]
            cur = [i, i, lb]
        else:
            cur[1] = i
        if p in "SUEL":
            out.append(tuple(cur))  # type: ignore[arg-type]
            cur = None
    if cur:
        out.append(tuple(cur))  # type: ignore[arg-type]
    return out


# --- sentences --------------------------------------------------------------------------------

_FINAL = {".", "!", "?", "…", "...", "!?", "?!"}
_CLOSERS = set("\"'»”’)]")


def sentence_bounds(
    text: str, tokens: Sequence[tuple[int, int]], spans: Sequence[dict[str, Any]] = ()
) -> list[tuple[int, int]]:
    """``[(first, end_exclusive), ...]`` token ranges of sentences.

    A sentence ends at a line break, or after ``.``/``!``/``?``/``…`` (and any closing quote or
    bracket) when whitespace and an upper-case letter, digit or opening quote follow. Never
    inside a span.
    """
    n = len(tokens)
    if not n:
        return []
    inside = bytearray(len(text) + 1)
    for sp in spans:
        for i in range(sp["start"] + 1, sp["end"]):
            inside[i] = 1
    out: list[tuple[int, int]] = []
    first = 0
    for i in range(n - 1):
        e = tokens[i][1]
        nxt = tokens[i + 1][0]
        gap = text[e:nxt]
        cut = False
        if "\n" in gap:
            cut = True
        elif gap:
            j = i
            while j > first and text[tokens[j][0] : tokens[j][1]] in _CLOSERS:
                j -= 1
            tok = text[tokens[j][0] : tokens[j][1]]
            if tok in _FINAL or (tok and tok[-1] in "!?…" and len(set(tok)) == 1):
                ch = text[nxt]
                cut = ch.isupper() or ch.isdigit() or ch in "\"«“'([¿¡-—–"
        if cut and not inside[e] and not inside[nxt]:
            out.append((first, i + 1))
            first = i + 1
    out.append((first, n))
    return out


# --- offsets ----------------------------------------------------------------------------------


def utf16_offsets(text: str) -> Callable[[int], int]:
    """Code-point offset -> UTF-16 code-unit offset (what JavaScript's ``String`` indexes)."""
    if all(ord(ch) < 0x10000 for ch in text):
        return lambda i: i
    table = [0]
    for ch in text:
        table.append(table[-1] + (2 if ord(ch) >= 0x10000 else 1))
    return table.__getitem__


# Scripts whose words carry their particles and endings without a space (Korean 엔비디아의 =
# 엔비디아 + 의; Japanese, Chinese, Thai, Lao, Khmer, Myanmar): a name ends inside a "word".
_BOUND_SCRIPTS = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f]"
)


def inner_boundary(text: str, i: int) -> bool:
    """Whether offset ``i`` is a word edge, or a morpheme edge inside a word of a script that
    writes particles onto the word (a letter of such a script on either side)."""
    if i <= 0 or i >= len(text) or not (text[i - 1].isalnum() and text[i].isalnum()):
        return True
    return bool(_BOUND_SCRIPTS.match(text[i - 1]) or _BOUND_SCRIPTS.match(text[i]))


def morpheme_edge(text: str, i: int) -> bool:
    """Offset ``i`` falls inside a word, at a morpheme edge of such a script (``엔비디아|의``)."""
    return (
        0 < i < len(text)
        and text[i - 1].isalnum()
        and text[i].isalnum()
        and bool(_BOUND_SCRIPTS.match(text[i - 1]) or _BOUND_SCRIPTS.match(text[i]))
    )


def name_in_word(text: str, s: int, e: int) -> bool:
    """A span of an agglutinative script whose edges are word or morpheme edges, one at least
    inside a word: correct, and kept exactly (token formats split the word there)."""
    return (
        inner_boundary(text, s)
        and inner_boundary(text, e)
        and (morpheme_edge(text, s) or morpheme_edge(text, e))
    )


def split_at(toks: Sequence[tuple[int, int]], cuts: Sequence[int]) -> list[tuple[int, int]]:
    """Tokens split at the offsets in ``cuts`` that fall inside one (what spaCy's retokenizer
    does for a span edge inside a token): labels then fall on whole tokens."""
    import bisect

    inner = sorted({c for c in cuts})
    if not inner:
        return list(toks)
    out: list[tuple[int, int]] = []
    for s, e in toks:
        k = bisect.bisect_right(inner, s)
        pos = s
        while k < len(inner) and inner[k] < e:
            out.append((pos, inner[k]))
            pos = inner[k]
            k += 1
        out.append((pos, e))
    return out


def edge_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


# --- optional dependencies --------------------------------------------------------------------


def require_spacy(what: str) -> Any:
    """``import spacy`` or a one-line :class:`~tui.core.export.ExportError` telling how to get it."""
    try:
        import spacy
    except ImportError:
        from .base import ExportError

        raise ExportError(
            f"{what} needs spaCy, which is not installed; install it with "
            "pip install 'newsmark[spacy]'"
        ) from None
    return spacy


def registry() -> dict[str, Format]:
    """Every export format, by name (jsonl first: the default)."""
    from . import brat, conll, doccano, hf, spacy_docbin
    from .jsonl import jsonl_format

    fmts = [
        jsonl_format(),
        doccano.FORMAT,
        spacy_docbin.FORMAT,
        conll.FORMAT,
        hf.FORMAT,
        brat.FORMAT,
    ]
    return {f.name: f for f in fmts}
