"""Export: self-contained records, written atomically and streamed.

Every record carries its text, spans (checked: ``text[start:end] == span text``), tokens with
offsets, metadata and a stable content hash, so a training pipeline needs nothing else. Files are
written to a temporary file beside the target, fsynced, then renamed over it: a crash or ``kill -9``
half-way leaves the previous file whole. Articles are read in batches, so memory stays flat
however large the corpus.

One writer per format lives in ``WRITERS`` (``jsonl``, ``doccano``, ``spacy``, ``conll``, ``hf``,
``brat``; the formats themselves are in :mod:`tui.core.formats`). :func:`export` lints while it
writes (:mod:`tui.core.lint`, on the tokens of each record) and refuses on errors unless forced
(the temporary file is discarded, the previous file untouched), and can split the articles into
train/dev/test files by content hash (:mod:`tui.core.formats.split`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .formats import SCHEMES, ExportOptions, Format, registry, require_spacy, split_at
from .formats.base import IMPORTED_TOKENS
from .formats.base import ExportError as ExportError
from .formats.base import atomic_writer as atomic_writer
from .formats.jsonl import jsonl_format
from .formats.jsonl import open_jsonl as open_jsonl
from .formats.jsonl import with_utf16 as with_utf16
from .imported_tokens import article_tokens
from .query import DONE, ArticleQuery
from .store import Article, Span, Store

ANSWERS = {"done": "accept", "rejected": "reject", "skipped": "ignore"}
#: Record key (not written by any format): the tokens came with the imported record.


class LintError(ExportError):
    """Lint found errors and the export was not forced; ``findings`` has them all."""

    def __init__(self, findings: list[Any]) -> None:
        self.findings = findings
        errors = [f for f in findings if f.severity == "error"]
        super().__init__(
            f"{len(errors)} lint error(s), nothing exported (fix them, or add --force); first: {errors[0]}"
        )


@dataclass
class ExportResult:
    path: str
    articles: int = 0
    spans: int = 0
    files: list[str] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)  # lint findings (warnings, or forced errors)
    splits: dict[str, int] = field(default_factory=dict)  # articles per part with --split
    notes: list[str] = field(default_factory=list)


def _hash32(*parts: str) -> int:
    """A signed 32-bit hash like Prodigy's ``_input_hash``, stable across runs and machines."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(h[:4], "little", signed=True)


def build_record(
    article: Article,
    spans: list[Span],
    tags: list[str],
    note: str,
    toks: list[tuple[int, int]] | None = None,
) -> dict[str, Any]:
    """The newsmark/Prodigy span record for one article (``toks``: its :func:`token_spans`,
    when the caller has them already)."""
    from .imported_tokens import article_tokens, record_tokens, stored

    text = article.text
    if toks is None:
        toks = article_tokens(article)
    # a span edge inside a token (a name inside a Korean word) splits it, as spaCy's
    # retokenizer would: every format then labels exactly the span
    tokens = record_tokens(
        text, split_at(stored(article) or toks, [p for sp in spans for p in (sp.start, sp.end)])
    )
    starts = [t["start"] for t in tokens]
    ends = [t["end"] for t in tokens]
    import bisect

    out_spans = []
    for sp in spans:
        if text[sp.start : sp.end] != sp.text:
            raise ExportError(
                f"article {article.id}: span {sp.id} [{sp.start}, {sp.end}) no longer matches its text; "
                "run `newsmark lint` and fix it"
            )
        t0 = bisect.bisect_right(ends, sp.start)
        t1 = bisect.bisect_left(starts, sp.end) - 1
        out_spans.append(
            {
                "start": sp.start,
                "end": sp.end,
                "label": sp.label,
                "text": sp.text,
                "token_start": t0,
                "token_end": max(t0, t1),
            }
        )
    annotators = sorted({sp.annotator for sp in spans if sp.annotator})
    meta = {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "author": article.author,
        "date": article.published,
        "publisher": article.publisher,
        "language": article.lang,
        "language_prob": article.lang_prob,
        "status": article.status,
        "tags": tags,
        "note": note or None,
        "annotator": ", ".join(annotators) or None,
        "hash": article.hash,
    }
    foreign = article.meta.get("foreign") if isinstance(article.meta, dict) else None
    if isinstance(foreign, dict):  # an imported record's own keys go back out as they came
        meta.update({k: v for k, v in foreign.items() if k not in meta})
    span_key = json.dumps([[s["start"], s["end"], s["label"]] for s in out_spans])
    input_hash, task_hash = _hash32(text), _hash32(text, span_key)
    theirs = article.meta.get("_prodigy") if isinstance(article.meta, dict) else None
    if isinstance(theirs, dict) and theirs.get("hash") == article.hash:
        # Prodigy's own hashes, while they still describe this text (and these spans)
        input_hash = theirs.get("_input_hash", input_hash)
        if sorted([s["start"], s["end"], s["label"]] for s in out_spans) == theirs.get("spans"):
            task_hash = theirs.get("_task_hash", task_hash)
    record = {
        "text": text,
        "spans": out_spans,
        "tokens": tokens,
        "meta": meta,
        "_input_hash": input_hash,
        "_task_hash": task_hash,
        "_view_id": "ner_manual",
    }
    answer = ANSWERS.get(article.status)
    if answer:
        record["answer"] = answer
    if stored(article) is not None:
        record[IMPORTED_TOKENS] = True  # the DocBin writer keeps them; never written out
    return record


def _whose(store: Store, article_id: int, spans: list[Span], query: ArticleQuery) -> list[Span]:
    """The spans of ``query.annotator`` (every span when None)."""
    if query.annotator is None:
        return spans
    from .adjudicate import select_spans

    return select_spans(store, article_id, spans, query.annotator)


def _stamp(store: Store, record: dict[str, Any], query: ArticleQuery) -> dict[str, Any]:
    """A record of one annotator's (or gold's, or the majority's) work says whose, and their status."""
    if query.annotator is not None:
        from . import team

        record["meta"]["annotator"] = query.annotator
        if query.annotator != "majority":
            status = team.status_of(store.conn, record["meta"]["id"], query.annotator)
            record["meta"]["status"] = status
            answer = ANSWERS.get(status)
            if answer:
                record["answer"] = answer
            else:
                record.pop("answer", None)
    return record


def iter_records(store: Store, query: ArticleQuery) -> Iterator[dict[str, Any]]:
    """Records for the articles ``query`` selects, in its order (id order unless it says
    otherwise), with only the spans ``query.span_labels`` keeps."""
    for art in store.iter_articles(store.article_ids(query)):
        spans = _whose(store, art.id, store.spans(art.id), query)
        spans = [s for s in spans if query.keeps_span(s.label)]
        yield _stamp(store, build_record(art, spans, store.tags(art.id), store.note(art.id)), query)


def _linted_records(
    store: Store, query: ArticleQuery, fmt: str, result: ExportResult, force: bool
) -> Iterator[dict[str, Any]]:
    """:func:`iter_records` that lints each article on the tokens of its record as it goes.

    At the end (before the writer renames its temporary file over the target) the findings go
    to ``result.findings``; with errors and not ``force`` it raises :class:`LintError`, so the
    temporary file is discarded and the previous file stays as it was. Once an error is found
    and the export is not forced, records are no longer built (the lint goes on, for the list).
    """
    from .lint import Linter

    ids = store.article_ids(query)
    linter = Linter(store, query, fmt, ids)
    for art in store.iter_articles(ids):
        spans = linter.spans_of(art.id)  # query.annotator's: what is checked is what is written
        toks = article_tokens(art)
        linter.check(art, spans, toks)
        if linter.errors and not force:
            continue
        yield _stamp(
            store, build_record(art, spans, store.tags(art.id), store.note(art.id), toks), query
        )
    result.findings = linter.finish()
    if linter.errors and not force:
        raise LintError(result.findings)


class _NothingToExport(Exception):
    """Raised inside the sinks so that their temporary files are dropped, not renamed."""


Writer = Callable[..., None]


def _writer(fmt: str) -> Writer:
    def write(
        records: Iterator[dict[str, Any]],
        out: str | Path,
        result: ExportResult,
        options: ExportOptions | None = None,
    ) -> None:
        _write(registry()[fmt], records, out, result, options or ExportOptions())

    write.__name__ = f"write_{fmt}"
    return write


def _write(
    f: Format,
    records: Iterator[dict[str, Any]],
    out: str | Path,
    result: ExportResult,
    options: ExportOptions,
) -> None:
    from .formats.split import assign, parse_split, split_targets

    parts = parse_split(options.split) if options.split else None
    if str(out) == "-" and (parts or not f.stdout):
        raise ExportError(
            f"--format {f.name}{' with --split' if parts else ''} writes files; give a path, not -"
        )
    single = ""
    if parts:
        targets = split_targets(out, [p for p, _ in parts], f.ext)
    elif str(out) == "-":
        targets = {"": out}  # type: ignore[dict-item]
    elif f.folder_part and (Path(out).is_dir() or not Path(out).suffix):
        single = f.folder_part
        targets = split_targets(out, [single], f.ext)
    else:
        targets = {"": Path(out)}
    final = dict(targets)
    folder = None
    if str(out) != "-" and all(p.parent == Path(out) for p in targets.values()):
        # a set of files in one folder (--split, hf's data + labels.json + card): written into a
        # sibling folder and swapped in whole, so no one ever sees half of the set
        from .destinations import folder_target, stage_folder

        folder = folder_target(out)
        # files of the folder the export does not write are carried over (hf's finish writes two)
        written = {p.name for p in targets.values()} | (
            {"labels.json", "README.md"} if f.finish else set()
        )
        stage = stage_folder(folder, written)
        targets = {n: stage / p.name for n, p in targets.items()}
    fileset = None
    if parts and folder is None:
        # parts beside other files (corpus.train.jsonl...): replaced through a journal, so a
        # kill never leaves parts of two exports side by side (tui.core.file_set)
        from .file_set import open_set
        from .formats.split import set_members

        others = [p for n, p in set_members(Path(out)).items() if n not in targets]
        fileset = open_set(Path(out), targets, others)
        result.notes.extend(fileset.notes)
        targets = dict(fileset.temps)
    elif folder is None and str(out) != "-":
        from .file_set import finish_pending

        note = finish_pending(Path(out))  # a set a killed --split export to this name left
        if note:
            result.notes.append(note)
    try:
        with ExitStack() as stack:
            sinks = {
                name: stack.enter_context(f.open(path, options)) for name, path in targets.items()
            }
            result.splits = dict.fromkeys(targets, 0) if parts else {}
            for rec in records:
                name = assign(rec["meta"]["hash"], options.seed, parts) if parts else single
                sinks[name](rec)
                result.articles += 1
                result.spans += len(rec["spans"])
                if parts:
                    result.splits[name] += 1
            replaced = [*final.values(), *(fileset.others if fileset else [])]
            if result.articles == 0 and str(out) != "-" and _any_exists(replaced):
                raise _NothingToExport
        if fileset is not None:
            from .file_set import commit

            seen = len(fileset.notes)
            commit(fileset)
            result.notes.extend(fileset.notes[seen:])  # a set another export left meanwhile
            targets = final
        extra = []
        if f.finish is not None:
            extra = f.finish(stage if folder is not None else out, options, targets)  # type: ignore[arg-type]
        if folder is not None:
            from .destinations import swap_in

            swap_in(stage, folder)
            extra = [str(Path(out) / Path(x).name) for x in extra]
    except _NothingToExport:
        result.notes.append(f"nothing to export; {out} left as it was")
        return
    except OSError as exc:
        raise ExportError(
            f"{out}: writing failed ({exc.strerror or exc}); the previous files are unchanged"
        ) from None
    finally:
        if fileset is not None:
            from .file_set import discard

            discard(fileset)
        if folder is not None and stage.exists():
            import shutil

            shutil.rmtree(stage, ignore_errors=True)
    result.files.extend(str(p) for p in final.values())
    result.files.extend(extra)
    result.notes.extend(dict.fromkeys(options.notes))


def replaced_by(out: str, fmt: str, split: str | None = None) -> list[Path]:
    """The existing files or folders an export to ``out`` would replace or remove (the app asks
    before it does): ``out`` itself, or with ``--split`` to a file name every part of the set
    already there (``corpus.train.jsonl``..., a previous ``dev`` included)."""
    if out == "-":
        return []
    from .destinations import existing

    path = Path(out)
    f = registry().get(fmt)
    if split and f is not None and f.ext and path.suffix and not path.is_dir():
        from .formats.split import set_members

        return existing(list(set_members(path).values()))
    return existing([path])


def _any_exists(paths: Iterable[Path]) -> bool:
    return any(os.path.lexists(p) for p in paths)


def write_jsonl(
    records: Iterator[dict[str, Any]],
    out: str | Path,
    result: ExportResult,
    options: ExportOptions | None = None,
) -> None:
    _write(jsonl_format(), records, out, result, options or ExportOptions())


WRITERS: dict[str, Writer] = {
    "jsonl": write_jsonl,
    **{f: _writer(f) for f in ("doccano", "spacy", "conll", "hf", "brat")},
}


def export(
    store: Store,
    out: str | Path,
    fmt: str = "jsonl",
    query: ArticleQuery | None = None,
    options: ExportOptions | None = None,
) -> ExportResult:
    """Export the articles ``query`` selects (default: the done ones) to ``out`` in ``fmt``,
    written atomically and linted on the way: on lint errors nothing is written unless
    ``options.force`` (``options.lint=False`` skips the lint)."""
    formats = registry()
    f = formats.get(fmt)
    if f is None:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(formats)}")
    query = query or DONE
    options = options or ExportOptions()
    if options.scheme not in SCHEMES:
        raise ExportError(f"unknown scheme {options.scheme!r}; use one of {', '.join(SCHEMES)}")
    if options.split:
        from .formats.split import parse_split

        parse_split(options.split)  # a bad --split fails before anything is read
    if f.tokens == "spacy":
        require_spacy(f"--format {fmt}")
    with store.snapshot():  # one read transaction: a consistent export while others annotate
        return _export(store, out, fmt, query, options)


def _export(
    store: Store, out: str | Path, fmt: str, query: ArticleQuery, options: ExportOptions
) -> ExportResult:
    if not options.labels:
        options.labels = [lb.name for lb in store.labels() if query.keeps_span(lb.name)]
    result = ExportResult(str(out))
    if not options.lint:
        records = iter_records(store, query)
    elif str(out) == "-":
        # Standard output cannot be taken back: lint first (streaming too), then write.
        from .lint import lint

        result.findings = lint(store, query, fmt)
        if any(x.severity == "error" for x in result.findings) and not options.force:
            raise LintError(result.findings)
        records = iter_records(store, query)
    else:
        # Lint while writing to the temporary file: each article is read and tokenised once.
        records = _linted_records(store, query, fmt, result, options.force)
    WRITERS[fmt](records, out, result, options)
    return result
