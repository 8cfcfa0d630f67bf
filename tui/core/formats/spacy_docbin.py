"""spaCy v3 ``DocBin`` (``.spacy``), the input of ``spacy train``.

Each article becomes a ``Doc`` made by spaCy's own tokenizer for its language
(``spacy.blank(lang)``; ``xx`` when spaCy has no such language or it needs extra packages, and
for ``und``). Entities go to ``doc.ents`` (overlapping ones: the longest, as spaCy's
``filter_spans`` keeps) and every span to ``doc.spans["sc"]`` (for spancat). The article's
metadata rides in ``doc.user_data["newsmark"]``, so a DocBin imports back whole.

spaCy is an optional extra (``pip install 'newsmark[spacy]'``): imported inside functions only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import ExportOptions, Format, name_in_word, non_overlapping, require_spacy, split_at
from .base import IMPORTED_TOKENS

SPAN_KEY = "sc"
META_KEY = "newsmark"


@lru_cache(maxsize=32)
def blank(lang: str | None) -> Any:
    """``spacy.blank(lang)``, or ``spacy.blank("xx")`` when spaCy cannot make that language."""
    spacy = require_spacy("spaCy tokenization")
    code = (lang or "").split("-")[0].lower()
    if code and code != "und":
        try:
            return spacy.blank(code)
        except Exception:  # unknown language, or one needing extra packages (ja, ko, th, vi...)
            pass
    return spacy.blank("xx")


def make_doc(rec: dict[str, Any], notes: list[str] | None = None) -> Any:
    """A ``Doc`` of one export record, spans as entities and in ``doc.spans["sc"]``."""
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

    nlp = blank(rec["meta"].get("language"))
    doc = nlp.make_doc(rec["text"])
    toks = rec.get("tokens") if rec.get(IMPORTED_TOKENS) else None
    if toks and [(t.idx, t.idx + len(t)) for t in doc] != [(t["start"], t["end"]) for t in toks]:
        # the tokens the article came with (a DocBin, a CoNLL file, Prodigy tokens), as they came
        doc = Doc(nlp.vocab, words=[t["text"] for t in toks], spaces=[bool(t["ws"]) for t in toks])
    else:
        doc = _split_doc(nlp, doc, rec, notes)
    made = []
    for sp in rec["spans"]:
        s = doc.char_span(sp["start"], sp["end"], label=sp["label"], alignment_mode="strict")
        if s is None:  # only when lint was skipped or forced: widen to whole tokens
            s = doc.char_span(sp["start"], sp["end"], label=sp["label"], alignment_mode="expand")
            if notes is not None:
                notes.append(
                    f"article {rec['meta']['id']}: span [{sp['start']}, {sp['end']}) "
                    f"{sp['text']!r} widened to spaCy's tokens ({s.text if s is not None else 'dropped'!r})"
                )
            if s is None:
                continue
        made.append(s)
    as_dicts = [
        {"start": s.start_char, "end": s.end_char, "label": s.label_, "span": s} for s in made
    ]
    doc.ents = [d["span"] for d in non_overlapping(as_dicts)]
    doc.spans[SPAN_KEY] = [SpacySpan(doc, s.start, s.end, label=s.label_) for s in made]
    meta = {k: v for k, v in rec["meta"].items() if v is not None}
    if "answer" in rec:
        meta["answer"] = rec["answer"]
    doc.user_data[META_KEY] = meta
    return doc


def _split_doc(nlp: Any, doc: Any, rec: dict[str, Any], notes: list[str] | None) -> Any:
    """The ``Doc`` with its tokens split where a span edge falls inside one and the span is a
    name inside a word of an agglutinative script (Korean ``엔비디아|의``), as spaCy's retokenizer
    would split it; other docs are returned unchanged."""
    from spacy.tokens import Doc

    text = rec["text"]
    bounds = {t.idx for t in doc} | {t.idx + len(t) for t in doc}
    cuts = [
        p
        for sp in rec["spans"]
        if name_in_word(text, sp["start"], sp["end"])
        for p in (sp["start"], sp["end"])
        if p not in bounds
    ]
    if not cuts:
        return doc
    offs = split_at([(t.idx, t.idx + len(t)) for t in doc], cuts)
    words = [text[s:e] for s, e in offs]
    spaces = [
        e < len(text) and text[e] == " " and (i + 1 == len(offs) or offs[i + 1][0] == e + 1)
        for i, (_, e) in enumerate(offs)
    ]
    new = Doc(nlp.vocab, words=words, spaces=spaces)
    if new.text != text:
        return doc
    if notes is not None:
        notes.append(
            f"article {rec['meta']['id']}: {len(cuts)} spaCy token(s) split at a name's edge inside a word"
        )
    return new


@contextmanager
def open_sink(
    out: str | Path, options: ExportOptions
) -> Iterator[Callable[[dict[str, Any]], None]]:
    require_spacy("--format spacy")
    from spacy.tokens import DocBin

    from .base import atomic_writer

    docbin = DocBin(store_user_data=True)

    def write(rec: dict[str, Any]) -> None:
        docbin.add(make_doc(rec, options.notes))

    yield write
    with atomic_writer(out, "wb") as fh:
        fh.write(docbin.to_bytes())


FORMAT = Format(
    "spacy",
    ".spacy",
    open_sink,
    tokens="spacy",
    description="spaCy DocBin (.spacy), spaCy's tokenizer; needs newsmark[spacy]",
)


def misaligned(text: str, lang: str | None, spans: list[tuple[int, int]]) -> list[int]:
    """Indexes of the spans spaCy's strict ``char_span`` refuses (for lint)."""
    doc = blank(lang).make_doc(text)
    return [
        i
        for i, (s, e) in enumerate(spans)
        if doc.char_span(s, e, alignment_mode="strict") is None and not name_in_word(text, s, e)
    ]


def read(data: bytes, where: str) -> Iterator[dict[str, Any]]:
    """Records (``text``, ``spans``, ``meta``) from the bytes of a ``.spacy`` file."""
    require_spacy(f"{where}: reading a spaCy DocBin")
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=True).from_bytes(data)
    for doc in docbin.get_docs(blank("xx").vocab):
        seen: set[tuple[int, int, str]] = set()
        spans = []
        for s in [*doc.ents, *doc.spans.get(SPAN_KEY, [])]:  # the NER spans first: kept first
            key = (s.start_char, s.end_char, s.label_)
            if key not in seen:
                seen.add(key)
                spans.append({"start": key[0], "end": key[1], "label": key[2], "text": s.text})
        meta = doc.user_data.get(META_KEY)
        meta = (
            {k: list(v) if isinstance(v, tuple) else v for k, v in meta.items()}
            if isinstance(meta, dict)
            else {"status": "done"}
        )  # msgpack gives tuples for lists
        rec: dict[str, Any] = {
            "text": doc.text,
            "spans": spans,
            "meta": meta,
            "tokens": [[t.idx, t.idx + len(t)] for t in doc],
        }
        if "answer" in meta:
            rec["answer"] = meta.pop("answer")
        yield rec
