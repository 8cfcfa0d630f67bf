"""Export: self-contained records, written atomically and streamed.

Every record carries its text, spans (checked: ``text[start:end] == span text``), tokens with
offsets, metadata and a stable content hash, so a training pipeline needs nothing else. Files are
written to a temporary file beside the target, fsynced, then renamed over it: a crash or ``kill -9``
half-way leaves the previous file whole. Articles are read in batches, so memory stays flat
however large the corpus.

One writer per format lives in ``WRITERS``; each takes the records and an open target.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .store import Article, Span, Store, StoreError
from .tokens import token_spans

ANSWERS = {"done": "accept", "rejected": "reject", "skipped": "ignore"}


class ExportError(StoreError):
    """An export that cannot be written; the message is meant for the user."""


@dataclass
class Filters:
    status: Sequence[str] | None = ("done",)
    label: Sequence[str] | None = None
    lang: Sequence[str] | None = None
    since: str | None = None
    search: str | None = None
    ids: Sequence[int] | None = None

    def article_ids(self, store: Store) -> list[int]:
        ids = store.article_ids(status=self.status, lang=self.lang, since=self.since, search=self.search)
        if self.ids is not None:
            wanted = set(self.ids)
            ids = [i for i in ids if i in wanted]
        return ids


@dataclass
class ExportResult:
    path: str
    articles: int = 0
    spans: int = 0
    files: list[str] = field(default_factory=list)


def _hash32(*parts: str) -> int:
    """A signed 32-bit hash like Prodigy's ``_input_hash``, stable across runs and machines."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(h[:4], "little", signed=True)


def build_record(article: Article, spans: list[Span], tags: list[str], note: str) -> dict[str, Any]:
    """The newsmark/Prodigy span record for one article."""
    text = article.text
    toks = token_spans(text, article.lang)
    starts = [s for s, _ in toks]
    ends = [e for _, e in toks]
    import bisect

    out_spans = []
    for sp in spans:
        if text[sp.start:sp.end] != sp.text:
            raise ExportError(
                f"article {article.id}: span {sp.id} [{sp.start}, {sp.end}) no longer matches its text; "
                "run `newsmark lint` and fix it"
            )
        t0 = bisect.bisect_right(ends, sp.start)
        t1 = bisect.bisect_left(starts, sp.end) - 1
        out_spans.append({
            "start": sp.start, "end": sp.end, "label": sp.label, "text": sp.text,
            "token_start": t0, "token_end": max(t0, t1),
        })
    n = len(text)
    tokens = [
        {"text": text[s:e], "start": s, "end": e, "id": i, "ws": e < n and text[e].isspace()}
        for i, (s, e) in enumerate(toks)
    ]
    annotators = sorted({sp.annotator for sp in spans if sp.annotator})
    meta = {
        "id": article.id, "title": article.title, "source": article.source, "author": article.author,
        "date": article.published, "publisher": article.publisher, "language": article.lang,
        "language_prob": article.lang_prob, "status": article.status, "tags": tags, "note": note or None,
        "annotator": ", ".join(annotators) or None, "hash": article.hash,
    }
    span_key = json.dumps([[s["start"], s["end"], s["label"]] for s in out_spans])
    record = {
        "text": text, "spans": out_spans, "tokens": tokens, "meta": meta,
        "_input_hash": _hash32(text), "_task_hash": _hash32(text, span_key),
        "_view_id": "ner_manual",
    }
    answer = ANSWERS.get(article.status)
    if answer:
        record["answer"] = answer
    return record


def iter_records(store: Store, filters: Filters) -> Iterator[dict[str, Any]]:
    """Records for the filtered articles, in id order. ``filters.label`` keeps only those spans."""
    keep = set(filters.label) if filters.label else None
    for art in store.iter_articles(filters.article_ids(store)):
        spans = store.spans(art.id)
        if keep is not None:
            spans = [s for s in spans if s.label in keep]
        yield build_record(art, spans, store.tags(art.id), store.note(art.id))


@contextmanager
def atomic_writer(path: str | Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temp file beside ``path``, fsync, rename: never a truncated file."""
    if str(path) == "-":
        yield sys.stdout.buffer if "b" in mode else sys.stdout
        return
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise ExportError(f"{target}: folder {directory} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": "\n"})) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        _unlink(tmp)
        raise ExportError(f"{target}: writing failed ({exc.strerror or exc}); the previous file is unchanged") from None
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(p: str) -> None:
    try:
        os.unlink(p)
    except OSError:
        pass


def write_jsonl(records: Iterator[dict[str, Any]], out: str | Path, result: ExportResult) -> None:
    with atomic_writer(out) as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            result.articles += 1
            result.spans += len(rec["spans"])
    result.files.append(str(out))


Writer = Callable[[Iterator[dict[str, Any]], "str | Path", ExportResult], None]
WRITERS: dict[str, Writer] = {"jsonl": write_jsonl}


def export(store: Store, out: str | Path, fmt: str = "jsonl", filters: Filters | None = None) -> ExportResult:
    """Export the filtered articles to ``out`` in ``fmt``."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(sorted(WRITERS))}")
    result = ExportResult(str(out))
    writer(iter_records(store, filters or Filters()), out, result)
    return result
