"""Readers for every input kind, and the import pipeline that feeds the store.

Bytes are decoded (BOMs removed, non-UTF-8 encodings detected with charset-normalizer, line
breaks normalised) before anything else looks at them. Each file or JSONL line that cannot be
read becomes a one-line problem ``path:line: reason`` and the batch goes on. Cleaning and
language detection run in worker processes for large batches, and articles are written in
batched transactions, so an import of thousands of files uses both cores and never leaves a
half-written article behind.
"""

from __future__ import annotations

import codecs
import gc
import json
import os
import re
import sys
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from .formats import ImportOptions, map_fields
from .import_report import FORMAT_KEY, ImportReport, Item, Problem
from .ingest_check import MAX_DEPTH, RecordError, loads, nesting
from .ingest_read import (
    DEFAULT_MAX_BYTES,
    ReadError,
    decode_legacy,
    gunzip,
    max_bytes,
    read_file,
    read_stream,
    reset_max_bytes,
    set_max_bytes,
)
from .ingest_store import store_batch, store_deferred
from .ingest_stream import is_jsonl_name, line_item, stream_jsonl
from .json_positions import (
    ArrayDecodeError,
    RecordTooDeep,
    array_fault,
    array_lines,
    record_where,
)
from .store import NewArticle, Store, StoreError, is_live_database_file

MAX_DOCUMENT_BYTES = DEFAULT_MAX_BYTES  # the default of --max-size
BATCH = 256
#: Characters of input per stored batch, at most (about): a batch of large pages is stored while
#: the workers clean the next one, instead of all of them after the last page is cleaned.
BATCH_CHARS = 4_000_000
PARALLEL_MIN = 48
#: Characters of input read from which the workers start, however few the items (HTML pages:
#: a dozen pages are half a second of cleaning).
PARALLEL_CHARS = 1_000_000
TEXT_EXT = {".txt", ".md", ".text", ""}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
JSON_EXT = {".jsonl", ".ndjson", ".json"}
ANSWER_STATUS = {"accept": "done", "reject": "rejected", "ignore": "skipped"}
#: Marks a record read from an annotation format (brat, CoNLL, DocBin): its text is kept verbatim.
CONLL_EXT = {".conll", ".conll03", ".conllx", ".iob", ".iob2", ".bio", ".bioes", ".bilou"}
BRAT_CONF = {"annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf"}
IMPORT_FORMATS = (
    "auto",
    "jsonl",
    "prodigy",
    "doccano",
    "labelstudio",
    "brat",
    "conll",
    "spacy",
    "csv",
)


class IngestError(Exception):
    """A whole input that cannot be read; the message is meant for the user."""


# --- decoding ---------------------------------------------------------------------------------


#: Control characters that do not occur in text (all below U+0020 but tab, line and page breaks
#: and ESC, which scrapes of terminal output keep).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def decode(data: bytes, where: str) -> tuple[str, str | None]:
    """Bytes to text with ``\\n`` line breaks; returns (text, note about the encoding or None)."""
    note = None
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        note = "decoded as UTF-16"
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text, note = _guess(data, where)
    if text and text.count("\x00") > max(len(text) // 100, 0):
        raise IngestError("binary file (NUL bytes), not text; import text, HTML or JSONL files")
    bad = len(_CONTROL_RE.findall(text, 0, 65536))
    if bad > max(len(text[:65536]) // 20, 8):
        raise IngestError("binary file (control bytes), not text; import text, HTML or JSONL files")
    if "\x00" in text:
        text = text.replace("\x00", "")
        note = "NUL bytes removed"
    return text.replace("\r\n", "\n").replace("\r", "\n"), note


def _guess(data: bytes, where: str) -> tuple[str, str]:
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(0) > len(sample) // 4:
        even = sample[0::2].count(0)
        odd = sample[1::2].count(0)
        enc = "utf-16-be" if even > odd else "utf-16-le"
        try:
            return data.decode(enc), f"decoded as {enc.upper()} (no BOM)"
        except UnicodeDecodeError:
            pass
    try:
        return decode_legacy(data)
    except ReadError as exc:
        raise IngestError(str(exc)) from None


def read_bytes(path: Path) -> bytes:
    """File contents, gunzipped when compressed; the ``--max-size`` limit applies before and after
    decompression (see :mod:`tui.core.ingest_read`)."""
    if is_live_database_file(path):  # opening it outside SQLite would drop this process's locks
        raise IngestError(
            "is the newsmark database being written (or its -wal/-shm), not articles; skipped"
        )
    limit = max_bytes()
    try:
        data = read_file(path, limit)
        return gunzip(data, limit) if data[:2] == b"\x1f\x8b" else data
    except ReadError as exc:
        raise IngestError(str(exc)) from None


def read_stdin() -> bytes:
    """Standard input, gunzipped when compressed, within the ``--max-size`` limit."""
    limit = max_bytes()
    try:
        data = read_stream(sys.stdin.buffer, limit)
        return gunzip(data, limit) if data[:2] == b"\x1f\x8b" else data
    except ReadError as exc:
        raise IngestError(str(exc)) from None


def kind_of(path: Path, text: str) -> str:
    """``text``, ``html`` or ``json``: by extension, else by sniffing the content."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    ext = os.path.splitext(name)[1]
    if ext in HTML_EXT:
        return "html"
    if ext in JSON_EXT:
        return "json"
    head = text.lstrip()[:2048].lower()
    if ext not in TEXT_EXT or ext == "":
        if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head):
            return "html"
        if head.startswith(("{", "[")):
            return "json"
    return "text"


# --- discovery --------------------------------------------------------------------------------


def discover(paths: Iterable[str]) -> Iterator[Path | Problem]:
    """Files named, found under directories (recursively, symlink loops reported) or by globs."""
    import glob

    for p in paths:
        if p == "-":
            yield Path("-")
            continue
        path = Path(p).expanduser()
        if not path.exists() and any(ch in p for ch in "*?["):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                yield Problem(p, "no file matches this pattern")
            for m in matches:
                yield from discover([m]) if Path(m).is_dir() else iter([Path(m)])
            continue
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() and not path.is_file():
            yield Problem(p, "not a regular file (a pipe, socket or device); skipped")
        elif path.exists():
            yield path
        elif path.is_symlink():
            yield Problem(p, "broken or looping symbolic link; fix or remove it")
        else:
            yield Problem(p, "no such file or directory")


def _walk(root: Path) -> Iterator[Path | Problem]:
    seen: set[tuple[int, int]] = set()

    def onerror(err: OSError) -> None:
        problems.append(
            Problem(
                str(err.filename or root),
                f"cannot read directory ({err.strerror}); its files "
                "were not imported: check its permissions",
            )
        )

    problems: list[Problem] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError as exc:
            yield Problem(
                dirpath,
                f"cannot read directory ({exc.strerror}); its files were not imported: "
                "check its permissions",
            )
            dirnames[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            yield Problem(dirpath, "symbolic link loop; skipped")
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames.sort()
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            f = Path(dirpath) / name
            if f.is_symlink() and not f.exists():
                yield Problem(str(f), "broken or looping symbolic link; fix or remove it")
                continue
            if not f.is_file():
                yield Problem(str(f), "not a regular file (a pipe, socket or device); skipped")
                continue
            yield f
        yield from problems
        problems.clear()
    yield from problems  # the root itself, or the last folder walked, could not be listed


# --- reading files into items -----------------------------------------------------------------


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return os.path.splitext(name[:-3] if name.endswith(".gz") else name)[1]


def _format_item(rec: dict[str, Any], where: str, fmt: str) -> Item:
    return Item(where, where, "record", rec["text"], {**rec, FORMAT_KEY: fmt})


def _docbin_items(path: Path, where: str) -> Iterator[Item | Problem]:
    from .formats import spacy_docbin

    try:
        data = read_stdin() if str(path) == "-" else read_bytes(path)
        for n, rec in enumerate(spacy_docbin.read(data, where), 1):
            yield _format_item(rec, f"{where} (document {n})", "spacy")  # binary: no lines
    except IngestError as exc:
        yield Problem(where, str(exc))
    except StoreError as exc:  # spaCy missing (ExportError)
        yield Problem(where, str(exc))
    except (ValueError, KeyError, TypeError, zlib.error) as exc:
        yield Problem(where, f"not a spaCy DocBin ({type(exc).__name__}: {exc}); skipped")


def _brat_items(path: Path, where: str) -> Iterator[Item | Problem]:
    from .formats import brat

    txt, ann = path.with_suffix(".txt"), path.with_suffix(".ann")
    if not txt.exists() or not ann.exists():
        missing = txt if not txt.exists() else ann
        yield Problem(
            where, f"brat: {missing.name} is missing beside it; a document is a .txt and an .ann"
        )
        return
    try:
        text, _ = decode(read_bytes(txt), str(txt))
        ann_text, _ = decode(read_bytes(ann), str(ann))
    except IngestError as exc:
        yield Problem(where, str(exc))
        return
    conf = _brat_conf(path)
    rec, probs = brat.read(text, ann_text, str(ann), conf)
    for w, msg, fatal in probs:
        yield Problem(w, msg, fatal=fatal, entities=int(fatal and "skipped" in msg))
    if txt.stem.isdigit() and int(txt.stem) > 0:
        rec["meta"]["id"] = int(txt.stem)
    rec["meta"]["brat_document"] = txt.stem
    if not text.strip():
        yield Problem(str(txt), "empty text; nothing to import")
        return
    yield _format_item(rec, str(txt), "brat")


def _brat_conf(path: Path) -> str | None:
    """The ``annotation.conf`` that applies to a brat document: in its folder or the nearest above."""
    for folder in [path.parent, *path.parent.parents][:8]:
        conf = folder / "annotation.conf"
        if conf.is_file():
            try:
                return conf.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return None
    return None


def _conll_items(
    text: str, where: str, columns: tuple[int, int] = (0, -1)
) -> Iterator[Item | Problem]:
    from .formats import conll

    n = 0
    for got in conll.read(text, where, columns):
        if isinstance(got, tuple):
            yield Problem(*got, fatal=False)
            continue
        n += 1
        line = got.pop(conll.LINE_KEY, 0)
        yield _format_item(got, record_where(where, line, n, "document"), "conll")
    if n:
        yield Problem(
            where,
            f"CoNLL: the text of {n} document(s) was rebuilt from the tokens, with single "
            "spaces and a line break between sentences (the original spacing is not in the file)",
            fatal=False,
        )
    else:
        yield Problem(where, "CoNLL: no tokens found; nothing to import")


def items_from_path(
    path: Path, fmt: str | None = None, options: ImportOptions | None = None
) -> Iterator[Item | Problem]:
    """Every article a file holds (one for text/HTML, one per record for JSON/JSONL, one per
    document for CoNLL and DocBin, one per ``.txt``/``.ann`` pair for brat).

    ``fmt`` (``newsmark import --format``) forces the reading; ``auto`` or None tells by the
    extension (``.spacy``, ``.ann``, ``.conll``/``.iob``/``.bio``...) and the content.
    """
    fmt = fmt or "auto"
    opts = options or ImportOptions()
    where = "<stdin>" if str(path) == "-" else str(path)
    suffix = _suffix(path)
    if fmt == "spacy" or (fmt == "auto" and suffix == ".spacy"):
        yield from _docbin_items(path, where)
        return
    if fmt == "brat" or (fmt == "auto" and suffix == ".ann"):
        if str(path) == "-":
            yield Problem(where, "brat documents are .txt/.ann file pairs; give their folder")
            return
        yield from _brat_items(path, where)
        return
    if (
        str(path) != "-"
        and fmt in ("auto", "jsonl", "prodigy", "doccano", "labelstudio")
        and is_jsonl_name(path)
    ):
        streamed = stream_jsonl(
            path, where, lambda rec, w, src: _record_item(rec, w, src, opts)
        )  # memory flat in the file size; None: not JSONL after all
        if streamed is not None:
            yield from streamed
            return
    try:
        data = read_stdin() if str(path) == "-" else read_bytes(path)
        text, note = decode(data, where)
    except IngestError as exc:
        yield Problem(where, str(exc))
        return
    except (OSError, EOFError, zlib.error) as exc:
        yield Problem(where, f"cannot read ({exc})")
        return
    if note:
        yield Problem(where, note, fatal=False)
    kind = "json" if fmt in ("jsonl", "prodigy", "doccano", "labelstudio") else kind_of(path, text)
    if fmt == "csv" or (fmt == "auto" and _is_table(path)):
        yield from _table_items(text, where, suffix if suffix in (".tsv", ".tab") else ".csv", opts)
        return
    if fmt == "conll" or (
        fmt == "auto"
        and kind == "text"
        and (suffix in CONLL_EXT or _looks_conll(text, opts.conll_columns))
    ):
        yield from _conll_items(text, where, opts.conll_columns)
        return
    if (
        fmt == "auto"
        and kind == "text"
        and opts.conll_columns == (0, -1)
        and (col := _tag_column(text)) is not None
    ):
        yield Problem(
            where,
            f"a column file whose tags are in column {col}, not the last: read so "
            f"(say it with --conll-columns 0,{col})",
            fatal=False,
        )
        yield from _conll_items(text, where, (0, col))
        return
    yield from items_from_text(text, where, kind, opts)


def _tag_column(text: str) -> int | None:
    from .formats.conll import tag_column

    return tag_column(text)


def _looks_conll(text: str, columns: tuple[int, int] = (0, -1)) -> bool:
    from .formats.conll import looks_like

    return looks_like(text, columns)


def _is_table(path: Path) -> bool:
    from .formats.table import TABLE_EXT

    return _suffix(path) in TABLE_EXT


def _table_items(
    text: str, where: str, suffix: str, opts: ImportOptions
) -> Iterator[Item | Problem]:
    from .formats import table

    n = 0
    for line, got in table.read(text, suffix):
        if isinstance(got, str):
            yield Problem(f"{where}:{line}", got)
            continue
        if not n and "text" not in map_fields(got, opts) and "html" not in got:
            yield Problem(
                where,
                f"no {opts.text_field or 'text'!r} column (columns: {', '.join(got)}); "
                "name the column of the article text with --text-field",
            )
            return
        n += 1
        yield _record_item(got, f"{where}:{line}", where, opts)
    if not n:
        yield Problem(where, "no rows under the header; nothing to import")


def items_from_text(
    text: str, where: str, kind: str, options: ImportOptions | None = None
) -> Iterator[Item | Problem]:
    if kind == "json":
        yield from _json_items(text, where, options)
        return
    if not text.strip():
        yield Problem(where, "empty file (nothing but whitespace); nothing to import")
        return
    yield Item(where, where, kind, text)


def _json_items(
    text: str, where: str, options: ImportOptions | None = None
) -> Iterator[Item | Problem]:
    stripped = text.lstrip()
    if not stripped:
        yield Problem(where, "empty file; nothing to import")
        return
    if stripped.startswith("["):
        try:  # each record named by the line of its opening brace (json_positions)
            starts = array_lines(text)
            data = loads(text, max_depth=None)
        except RecordError as exc:  # deeper as a whole than each element: no record to name
            yield Problem(where, f"{exc}; file skipped")
            return
        except ArrayDecodeError as exc:
            yield Problem(
                f"{where}:{exc.lineno}", f"invalid JSON ({array_fault(exc)}); fix the file"
            )
            return
        except RecordTooDeep as exc:
            yield Problem(
                record_where(where, exc.line, exc.number),
                f"JSON nested too deeply (more than {MAX_DEPTH} levels); flatten the record; "
                "file skipped",
            )
            return
        for i, (lineno, rec) in enumerate(zip(starts, data, strict=True), 1):
            at = record_where(where, lineno, i)
            if nesting(rec) > MAX_DEPTH:
                yield Problem(
                    at,
                    f"JSON nested too deeply (more than {MAX_DEPTH} levels); "
                    "flatten the record; record skipped",
                )
                continue
            yield _record_item(rec, at, where, options)
        return
    lines = text.split("\n")
    if stripped.startswith("{") and len([ln for ln in lines if ln.strip()]) > 1:
        # A pretty-printed single object is JSON, not JSONL.
        try:
            obj = loads(text)
        except (json.JSONDecodeError, RecordError):
            obj = None
        if isinstance(obj, dict):
            yield _record_item(obj, where, where, options)
            return
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        yield line_item(line, where, lineno, lambda rec, w, src: _record_item(rec, w, src, options))


def _record_item(
    rec: Any, where: str, source: str, options: ImportOptions | None = None
) -> Item | Problem:
    if not isinstance(rec, dict):
        return Problem(
            where,
            f'expected a JSON object with "text" or "html", got {type(rec).__name__}; skipped',
        )
    from .record_annotations import record_spans

    rec = map_fields(rec, options)
    if "_missing_field" in rec:
        lost = len(record_spans(rec))
        return Problem(
            where,
            f"record has no {rec['_missing_field']!r} field (--text-field); skipped"
            + (f" ({lost} entit{'y' if lost == 1 else 'ies'} not stored)" if lost else ""),
            entities=lost,
        )
    data = rec.get("data") if isinstance(rec.get("data"), dict) else None
    body = rec.get("text", data.get("text") if data else None)
    html = rec.get("html", data.get("html") if data else None)
    if isinstance(body, str) and body.strip():
        return Item(where, source, "record", body, rec)
    if isinstance(html, str) and html.strip():
        return Item(where, source, "record", html, rec)
    lost = len(record_spans(rec))
    tail = f" ({lost} entit{'y' if lost == 1 else 'ies'} not stored)" if lost else ""
    if body is None and html is None:
        strings = [k for k, v in rec.items() if isinstance(v, str) and len(v) > 80][:3]
        hint = f" (its long text fields: {', '.join(strings)})" if strings else ""
        return Problem(
            where,
            f'record has no "text" or "html" field; name the text\'s key with --text-field{hint}; '
            f"skipped{tail}",
            entities=lost,
        )
    return Problem(
        where, f'record\'s "text" is empty or not a string; skipped{tail}', entities=lost
    )


# --- preparing items (cleaning, language) -----------------------------------------------------


def prepare(item: Item, allow_overlap: bool = False) -> tuple[NewArticle | None, list[Problem]]:
    """Clean an item and detect its language. Runs in worker processes: keep it pure."""
    from . import clean

    if item.kind == "text":
        c, notes = _clean_or_keep(
            item, clean.clean_text(item.raw, chrome=set(item.chrome) if item.chrome else None)
        )
        return _finish(item, c, item.raw, "text"), notes + _cleaner_warnings(item, c)
    if item.kind == "html":
        c = clean.clean_html_document(item.raw)
        return _finish(item, c, item.raw, "html"), _cleaner_warnings(item, c) if c.text else [
            Problem(item.where, "no article text found in the HTML; skipped")
        ]
    return _prepare_record(item, allow_overlap)


def _cleaner_warnings(item: Item, c: Any) -> list[Problem]:
    """The cleaner's own warnings (whole text kept, sliver kept) as notes of the import."""
    return [Problem(item.where, w, fatal=False) for w in c.meta.get("warnings", [])]


def _clean_or_keep(item: Item, c: Any) -> tuple[Any, list[Problem]]:
    """When the cleaner finds no body (a short note, a one-line record), keep the whole text."""
    from . import clean

    if c.text.strip():
        return c, []
    whole = clean.normalize(item.raw)
    if not whole.strip():
        return c, [
            Problem(
                item.where, "no text left after normalisation (only control characters?); skipped"
            )
        ]
    c.text = whole
    return c, [
        Problem(
            item.where, "the cleaner found no article body; the whole text was kept", fatal=False
        )
    ]


def _finish(item: Item, c: Any, raw: str, kind: str) -> NewArticle | None:
    from . import clean, language

    if not c.text.strip():
        return None
    lang = language.detect_language(c.text, c.title)
    return NewArticle(
        text=c.text,
        raw=raw,
        source=item.source,
        title=c.title,
        author=c.author,
        published=c.date,
        publisher=c.publisher,
        lang=lang.code,
        lang_prob=round(lang.prob, 4),
        lang_mixed=lang.mixed,
        kind=kind,
        meta=dict(c.meta),
        cleaner_version=clean.CLEANER_VERSION,
    )


def _prepare_record(item: Item, allow_overlap: bool) -> tuple[NewArticle | None, list[Problem]]:
    from . import clean, language
    from .formats import doccano, labelstudio, prodigy
    from .record_annotations import (
        article_meta,
        check_spans,
        is_annotated,
        record_notes,
        record_rejections,
        record_spans,
    )

    rec = item.record or {}
    meta_in: dict[str, Any] = rec["meta"] if isinstance(rec.get("meta"), dict) else {}
    if not meta_in:  # doccano-style records carry newsmark's metadata as flat keys
        meta_in = {
            k: rec[k] for k in doccano.META_KEYS if k in rec and k not in ("title", "source")
        }
    data: dict[str, Any] = rec["data"] if isinstance(rec.get("data"), dict) else {}
    raw_spans = record_spans(rec)
    raw_rejections = record_rejections(rec)
    early: list[Problem] = []
    is_html = "text" not in rec and "text" not in data
    annotated = bool(raw_spans) or bool(raw_rejections) or is_annotated(rec)
    if is_html:
        c = clean.clean_html_document(item.raw, rec.get("url"))
        text, kind = c.text, "html"
        early.extend(_cleaner_warnings(item, c))
        if raw_spans:
            return None, [
                Problem(
                    item.where,
                    f'{len(raw_spans)} span(s) on an "html" record cannot be placed in the '
                    'cleaned text; record not stored (give "text" instead)',
                    entities=len(raw_spans),
                )
            ]
    elif annotated:
        c = clean.Cleaned(text=item.raw)
        text, kind = item.raw, "record"
    else:
        c, notes = _clean_or_keep(item, clean.clean_text(item.raw))
        text, kind = c.text, "text"
        early.extend(notes + _cleaner_warnings(item, c))
    if not text.strip():
        return None, [
            Problem(
                item.where, "no article text found after cleaning; skipped", entities=len(raw_spans)
            )
        ]
    spans, problems = check_spans(text, raw_spans, item.where, allow_overlap)
    rejections, rej_problems = check_spans(text, raw_rejections, item.where, True, what="rejection")
    problems = early + problems + rej_problems + record_notes(rec, item.where)
    lost = sum(p.entities for p in problems)
    if len(spans) + lost > len(raw_spans):  # the accounting never lies: say so if it would
        problems.append(
            Problem(
                item.where,
                f"{len(spans) + lost - len(raw_spans)} entities counted twice; please report this",
                fatal=False,
            )
        )

    def pick(*keys: str) -> Any:
        for k in keys:
            for src in (rec, meta_in, data):
                v = src.get(k)
                if v not in (None, ""):
                    return v
        return None

    lang = pick("language", "lang")
    prob = pick("language_prob", "lang_prob")
    mixed = False
    if not isinstance(lang, str):
        title = pick("title")  # not yet checked: an object here is refused by the field check below
        det = language.detect_language(text, title if isinstance(title, str) else c.title)
        lang, prob, mixed = det.code, round(det.prob, 4), det.mixed
    status = (
        meta_in.get("status")
        or prodigy.status(rec)
        or labelstudio.status(rec)
        or doccano.status(rec)
        or "new"
    )
    if status not in ("new", "in_progress", "done", "skipped", "rejected"):
        status = "new"
    rid = meta_in.get("id", rec.get("id"))
    known = {
        "text",
        "html",
        "meta",
        "spans",
        "label",
        "labels",
        "entities",
        "tokens",
        "_input_hash",
        "_task_hash",
        "answer",
        "_view_id",
        "id",
        "title",
        "url",
        "source",
        "author",
        "date",
        "publisher",
        "annotations",
        "predictions",
        "data",
        "relations",
        "Comments",
        "_timestamp",
        "_annotator_id",
        "_session_id",
        FORMAT_KEY,
        "label_utf16",
        "completions",
        *doccano.META_KEYS,
        *labelstudio.min_keys(rec),
    }
    meta = {k: v for k, v in rec.items() if k not in known}
    meta.update({k: v for k, v in data.items() if k not in ("text", "html")})
    own = {"id", *doccano.META_KEYS, "lang_mixed"}  # newsmark's own keys: the article's columns
    meta.update({k: v for k, v in meta_in.items() if k not in own})
    if rid is not None and not isinstance(rid, int):
        meta["external_id"] = rid
    annotator = meta_in.get("annotator")
    for sp in spans:
        if (
            isinstance(annotator, str)
            and annotator
            and "," not in annotator
            and "annotator" not in sp
        ):
            sp["annotator"] = annotator
    meta = article_meta(rec, text, spans, meta)
    tags: list[Any] = meta_in["tags"] if isinstance(meta_in.get("tags"), list) else []
    art = NewArticle(
        text=text,
        raw=item.raw,
        source=pick("url", "source") or item.source,
        title=pick("title") or c.title,
        author=pick("author") or c.author,
        published=pick("date", "published") or c.date,
        publisher=pick("publisher") or c.publisher,
        lang=lang,
        lang_prob=float(prob) if isinstance(prob, int | float) else None,
        lang_mixed=bool(meta_in.get("lang_mixed", mixed)),
        status=status,
        kind=kind,
        meta=meta,
        cleaner_version=clean.CLEANER_VERSION if kind != "record" else 0,
        id=rid if isinstance(rid, int) and not isinstance(rid, bool) and rid > 0 else None,
        spans=spans,
        tags=list(tags),
        note=meta_in.get("note") or None,
        rejections=rejections,
        entities_in=len(raw_spans) - lost,
    )
    return art, problems


def _prepare_star(args: tuple[Item, bool]) -> tuple[NewArticle | None, list[Problem]]:
    """``prepare`` and the field checks, for one item: whatever the record holds, a problem naming
    it comes back, never an exception that would stop the import (or its batch)."""
    from .ingest_check import RecordError, check_article

    item = args[0]
    try:
        art, probs = prepare(*args)
        if art is not None:
            check_article(art)
    except RecordError as exc:
        return None, [Problem(item.where, f"{exc}; record skipped")]
    except RecursionError:
        return None, [Problem(item.where, "nested too deeply to read; record skipped (flatten it)")]
    except Exception as exc:  # a cleaner or reader bug on this input: name the input, go on
        return None, [
            Problem(
                item.where,
                f"could not be read ({type(exc).__name__}: {exc}); "
                "record skipped (please report this input)",
            )
        ]
    return art, probs


# --- the pipeline -----------------------------------------------------------------------------


def warm_up(html: bool, language: bool = True) -> None:
    """Load the cleaner, its stoplists, (*language*) langdetect's profiles and (*html*)
    trafilatura, as preparing the first items would (~0.6 s): called before the worker pool
    forks, so that the workers inherit them instead of each loading them. A failure is left for
    that item to meet and report."""
    try:
        from .clean import stopwords

        stopwords._word_lang_bits()
        if language:  # 60 MB: not for records that all carry their language
            from langdetect.detector_factory import init_factory

            from . import language as language_module

            init_factory()
            language_module._langdetect()
        if html:
            import trafilatura  # noqa: F401

            from . import clean_html, clean_html_lead  # noqa: F401
            from .clean import html_meta  # noqa: F401
    except Exception:  # noqa: BLE001, S110 - a failure here is met and reported per item later
        pass


def _needs_language(it: Item) -> bool:
    """Whether preparing ``it`` detects its language (a record may carry it, as ``pick`` in
    :func:`_prepare_record` reads it)."""
    rec = it.record
    if it.kind != "record" or rec is None:
        return True
    keys = ("language", "lang")
    for src in (rec, rec.get("meta"), rec.get("data")):
        if isinstance(src, dict) and any(src.get(k) and isinstance(src[k], str) for k in keys):
            return False
    return True


def _prepare_remote(args: tuple[Item, bool]) -> tuple[NewArticle | None, list[Problem], bool]:
    """:func:`_prepare_star` in a worker process. An article whose ``raw`` is its input's own
    text (an HTML page: 300 KB on average) does not carry it back through the pipe: the parent
    still holds the item and puts it back (:func:`_from_workers`); the flag says so."""
    art, probs = _prepare_star(args)
    if art is not None and art.raw is args[0].raw:
        art.raw = ""
        return art, probs, True
    return art, probs, False


def _from_workers(
    chunk: list[Item], results: Iterable[tuple[NewArticle | None, list[Problem], bool]]
) -> list[tuple[NewArticle | None, list[Problem]]]:
    """The workers' results of ``chunk``, in its order, each article with its raw text again."""
    out: list[tuple[NewArticle | None, list[Problem]]] = []
    for it, (art, probs, raw_is_input) in zip(chunk, results, strict=True):
        if art is not None and raw_is_input:
            art.raw = it.raw
        out.append((art, probs))
    return out


def _pooled(
    pool: ProcessPoolExecutor,
    chunk: list[Item],
    allow: bool,
    early: dict[int, Future[tuple[NewArticle | None, list[Problem], bool]]],
) -> Iterator[tuple[NewArticle | None, list[Problem], bool]]:
    """The workers' results for ``chunk``, in its order: those sent as they were read
    (``early``, taken out of it) and the rest, sent now."""
    sent = [early.pop(id(it), None) for it in chunk]
    rest = [(it, allow) for it, fut in zip(chunk, sent, strict=True) if fut is None]
    later = pool.map(_prepare_remote, rest, chunksize=_chunksize([a[0] for a in rest]))
    for fut in sent:
        yield fut.result() if fut is not None else next(later)


#: Characters of input sent to a worker per task, about: small records travel 8 at a time (the
#: pickling is paid once per task), large pages one by one so that the workers finish together.
TASK_CHARS = 64_000


def _chunksize(chunk: list[Item]) -> int:
    """Items per task of ``chunk`` for the worker pool (1 to 8, by the items' mean size)."""
    mean = sum(len(it.raw) for it in chunk) / max(len(chunk), 1)
    return max(1, min(8, int(TASK_CHARS // max(mean, 1.0))))


def _with_chrome(items: list[Item]) -> list[Item]:
    """Lines shared by many plain-text files of one folder are site chrome: tell the cleaner."""
    groups: dict[str, list[Item]] = defaultdict(list)
    for it in items:
        if it.kind == "text":
            groups[str(Path(it.source).parent)].append(it)
    for group in groups.values():
        if len(group) >= 5:
            from . import clean  # only then: the workers import it themselves, in parallel

            chrome = frozenset(clean.chrome_lines([it.raw for it in group]))
            for it in group:
                it.chrome = chrome
    return items


def import_paths(
    store: Store,
    paths: Iterable[str],
    *,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
    fmt: str | None = None,
    max_size: int | None = None,
    options: ImportOptions | None = None,
) -> ImportReport:
    """Import files, folders, globs and ``-``; never stops at a bad input.

    ``fmt`` (one of :data:`IMPORT_FORMATS`) forces how files are read; by default each file is
    told by its extension and content. A ``.txt`` with an ``.ann`` beside it is a brat document.
    ``max_size`` (bytes, ``--max-size``) is the most of one document or JSONL line held in memory.
    Items are stored in batches as they are read: memory does not grow with a JSONL file's size.
    """
    if fmt and fmt not in IMPORT_FORMATS:
        raise IngestError(f"unknown format {fmt!r}; use one of {', '.join(IMPORT_FORMATS)}")
    report = ImportReport()
    token = set_max_bytes(max_size)
    try:
        import_items(
            store,
            _read_all(store, paths, fmt, report, options),
            report,
            progress=progress,
            jobs=jobs,
        )
    finally:
        reset_max_bytes(token)
    return report


def _read_all(
    store: Store,
    paths: Iterable[str],
    fmt: str | None,
    report: ImportReport,
    options: ImportOptions | None = None,
) -> Iterator[Item]:
    """Every item of every input, in order; problems go to ``report`` as they are found."""
    own = {str(store.path.resolve()) + suffix for suffix in ("", "-wal", "-shm", "-journal")}
    found_all = list(discover(paths))
    names = {str(f) for f in found_all if not isinstance(f, Problem)}
    for found in found_all:
        if isinstance(found, Problem):
            report.problems.append(found)
            report.failed += 1
            continue
        if str(found) != "-" and str(found.resolve()) in own:
            continue  # the database itself, inside an imported folder
        if fmt in (None, "auto", "brat") and str(found) != "-":
            if found.name in BRAT_CONF:
                continue
            if _suffix(found) == ".txt" and found.with_suffix(".ann").exists():
                if str(found.with_suffix(".ann")) in names:
                    continue  # read with its .ann
                found = found.with_suffix(".ann")
        for it in items_from_path(found, fmt, options):
            if isinstance(it, Problem):
                report.problems.append(it)
                report.failed += it.fatal
            else:
                yield it


def _batches(items: Iterable[Item]) -> Iterator[list[Item]]:
    """``items`` in batches of :data:`BATCH` items or :data:`BATCH_CHARS` characters, in order,
    each yielded once the next one is read (the items the next batch sends to the workers as
    they are read keep them busy while this one is stored). Plain-text files wait until their
    folder is complete (the site chrome is learnt from all the files of a folder); records go on.
    """
    ready: list[Item] | None = None
    for batch in _cut(items):
        if ready is not None:
            yield ready
        ready = batch
    if ready is not None:
        yield ready


def _cut(items: Iterable[Item]) -> Iterator[list[Item]]:
    """The batches of :func:`_batches`, each as soon as it is complete."""
    pending: list[Item] = []
    chars = 0
    text_dirs: set[str] = set()
    for it in items:
        folder = str(Path(it.source).parent)
        if text_dirs and folder not in text_dirs:  # the folders of the waiting texts are complete
            _with_chrome(pending)
            for i in range(0, len(pending), BATCH):
                yield pending[i : i + BATCH]
            pending, text_dirs, chars = [], set(), 0
        pending.append(it)
        chars += len(it.raw)
        if it.kind == "text":
            text_dirs.add(folder)
        if not text_dirs and (len(pending) >= BATCH or chars >= BATCH_CHARS):
            yield pending
            pending, chars = [], 0
    _with_chrome(pending)
    for i in range(0, len(pending), BATCH):
        yield pending[i : i + BATCH]


def import_items(
    store: Store,
    items: Iterable[Item],
    report: ImportReport,
    *,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
) -> None:
    """Prepare (clean, detect the language) and store ``items`` batch by batch, as they come."""
    from .import_merge import merge_same_text

    allow = store.allow_overlap
    pool = None
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    done = 0
    known = store.label_names()
    seen = [0]
    read_chars = [0]

    html_seen = language_seen = False

    def start_pool() -> ProcessPoolExecutor:
        import multiprocessing

        from .lifeline import die_with_parent

        fork = multiprocessing.get_start_method() == "fork"
        if fork:
            warm_up(html_seen, language_seen)  # once, here: the workers share it
            gc.freeze()  # the workers' collections never walk (nor copy) what they inherit
        try:
            started = ProcessPoolExecutor(
                max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)
            )
            started.submit(int)  # forks the workers now: they start on the first items at once
        finally:
            if fork:
                gc.unfreeze()
        return started

    # Large items that need nothing from the rest of their batch (not plain text, which waits for
    # its folder's chrome lines) go to the workers as soon as they are read: the workers clean
    # the first pages while this process reads the next ones. By id() of the item.
    early: dict[int, Future[tuple[NewArticle | None, list[Problem], bool]]] = {}
    unsent: list[Item] = []

    def send_early(it: Item) -> None:
        if pool is None:
            unsent.append(it)
        elif it.kind != "text" and len(it.raw) >= TASK_CHARS:
            early[id(it)] = pool.submit(_prepare_remote, (it, allow))

    def counted() -> Iterator[Item]:
        nonlocal pool, html_seen, language_seen
        for it in items:
            seen[0] += 1
            read_chars[0] += len(it.raw)
            if pool is None:
                html_seen = html_seen or it.kind == "html"
                language_seen = language_seen or _needs_language(it)
            enough = seen[0] >= PARALLEL_MIN or read_chars[0] >= PARALLEL_CHARS
            if enough and pool is None and workers > 1:
                pool = start_pool()  # while this process reads the rest of the batch
                for waiting in unsent:
                    send_early(waiting)
            if workers > 1:
                send_early(it)
            yield it

    try:
        for chunk in _batches(counted()):
            unsent.clear()
            if pool is None and len(chunk) >= PARALLEL_MIN and workers > 1:
                pool = start_pool()
            results = (
                _from_workers(chunk, _pooled(pool, chunk, allow, early))
                if pool
                else [_prepare_star((it, allow)) for it in chunk]
            )
            batch: list[tuple[Item, NewArticle]] = []
            for it, (art, probs) in zip(chunk, results, strict=True):
                report.problems.extend(probs)
                report.failed += sum(p.fatal for p in probs)
                if art is not None:
                    batch.append((it, art))
                    if "\x00" in art.text:  # the store replaces them (offsets are kept)
                        report.problems.append(
                            Problem(it.where, "NUL characters replaced by U+FFFD", fatal=False)
                        )
                    for label in sorted({sp["label"] for sp in art.spans} - known):
                        known.add(label)
                        report.problems.append(
                            Problem(it.where, f"created label {label!r}", fatal=False)
                        )
            batch = merge_same_text(batch, allow, report)
            store_batch(store, batch, report)
            done += len(chunk)
            if progress:
                progress(done, seen[0])  # a stream's total grows as it is read
        store_deferred(store, report)
    finally:
        if pool:
            pool.shutdown()
