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
from typing import Any, TypeVar

import click

from .store import STATUSES, Store, StoreError, default_db_path

F = TypeVar("F", bound=Callable[..., Any])


def seeds_dir() -> Path | None:
    """The sample articles: packaged as ``tui/seeds`` in a wheel, ``seeds/`` in a checkout."""
    here = Path(__file__).resolve().parent
    for cand in (here / "seeds", here.parent / "seeds"):
        if cand.is_dir():
            return cand
    return None


def open_store(db: str | None) -> Store:
    """Open ``--db``/``$NEWSMARK_DB`` or the default database, seeding the default one when new."""
    path = Path(db).expanduser() if db else default_db_path()
    first_run = db is None and not os.environ.get("NEWSMARK_DB") and not path.exists()
    store = Store(path)
    if first_run:
        seeds = seeds_dir()
        if seeds is not None:
            from .ingest import import_paths

            import_paths(store, [str(seeds)], jobs=1)
    return store


def db_option(f: F) -> F:
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False), envvar="NEWSMARK_DB", default=None,
        help="Database file (default: $NEWSMARK_DB or the user data dir's newsmark.db).",
    )(f)


def _db(ctx: click.Context, db: str | None) -> str | None:
    return db or (ctx.obj or {}).get("db")


def fail(message: str, code: int = 1) -> None:
    click.echo(f"newsmark: {message}", err=True)
    sys.exit(code)


class Group(click.Group):
    """Turns every expected error into one line on stderr."""

    def invoke(self, ctx: click.Context) -> Any:
        from .export import ExportError
        from .ingest import IngestError

        try:
            return super().invoke(ctx)
        except (StoreError, ExportError, IngestError) as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except Exception as exc:  # last resort: still one line, never a traceback
            if os.environ.get("NEWSMARK_DEBUG"):
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (set NEWSMARK_DEBUG=1 for details)", 70)


@click.group(cls=Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@click.version_option(package_name="newsmark")
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """newsmark: read news articles and tag their entities, from the keyboard.

    With no command, opens the app on the database.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is None:
        store = open_store(db)
        path = store.path
        store.close()
        try:
            from .app import run_app
        except ImportError as exc:
            fail(f"the app cannot start ({exc}); reinstall newsmark")
        run_app(path)


@main.command("import")
@click.argument("paths", nargs=-1, required=True)
@click.option("--jobs", type=int, default=None, help="Worker processes for cleaning (default: all cores).")
@db_option
@click.pass_context
def import_cmd(ctx: click.Context, paths: tuple[str, ...], jobs: int | None, db: str | None) -> None:
    """Import files, folders (recursively), globs, or - for standard input.

    Plain text, HTML, JSON/JSONL (records with "text" or "html", optional spans) and gzip of
    any of these. Bad files and lines are reported as path:line: reason; the rest is imported.
    """
    from .ingest import import_paths

    store = open_store(_db(ctx, db))
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None and total >= 20 and sys.stderr.isatty():
            bar = click.progressbar(length=total, label="importing", file=sys.stderr)
            bar.__enter__()
        if bar is not None:
            bar.update(done - bar.pos)

    try:
        report = import_paths(store, paths, progress=progress, jobs=jobs)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for p in report.problems:
        click.echo(f"{'error' if p.fatal else 'note'}: {p}", err=True)
    click.echo(report.summary(), err=True)
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
                raise click.BadParameter(f"{s!r}; use one of {', '.join(STATUSES)} or all", param_hint="--status")
            out.append(s)
    return tuple(out) or ("done",)


def _split(values: tuple[str, ...]) -> tuple[str, ...] | None:
    out = tuple(x.strip() for v in values for x in v.split(",") if x.strip())
    return out or None


@main.command("export")
@click.argument("out")
@click.option("--format", "fmt", default="jsonl", show_default=True, help="Output format.")
@click.option("--status", multiple=True, help="Status(es) to export, comma-separated, or 'all' [default: done].")
@click.option("--label", multiple=True, help="Keep only spans of these labels.")
@click.option("--lang", multiple=True, help="Only articles in these languages.")
@click.option("--since", default=None, help="Only articles changed since this date (YYYY-MM-DD).")
@db_option
@click.pass_context
def export_cmd(ctx: click.Context, out: str, fmt: str, status: tuple[str, ...], label: tuple[str, ...],
               lang: tuple[str, ...], since: str | None, db: str | None) -> None:
    """Export annotations to OUT (a path, or - for standard output), written atomically."""
    from .export import Filters, export

    store = open_store(_db(ctx, db))
    labels = _split(label)
    if labels:
        unknown = sorted(set(labels) - store.label_names())
        if unknown:
            fail(f"unknown label(s) {', '.join(unknown)}; `newsmark labels` lists them")
    filters = Filters(status=_statuses(status), label=labels, lang=_split(lang), since=since)
    result = export(store, out, fmt, filters)
    click.echo(f"exported {result.articles} article(s), {result.spans} span(s) to {out}", err=True)


@main.command("clean")
@click.argument("path")
@click.option("--json", "as_json", is_flag=True, help="Print metadata and text as JSON.")
@click.option("--text", "force", flag_value="text", help="Treat the input as a plain-text scrape.")
@click.option("--html", "force", flag_value="html", help="Treat the input as HTML.")
def clean_cmd(path: str, as_json: bool, force: str | None) -> None:
    """Print the cleaned text of one file (no database is touched)."""
    from . import clean, language
    from .ingest import IngestError, decode, kind_of, read_bytes

    p = Path(path)
    try:
        data = sys.stdin.buffer.read() if path == "-" else read_bytes(p)
        text, _ = decode(data, path)
    except IngestError as exc:
        fail(f"{path}: {exc}")
    kind = force or kind_of(p, text)
    c = clean.clean_html_document(text) if kind == "html" else clean.clean_text(text)
    if as_json:
        lang = language.detect_language(c.text)
        click.echo(json.dumps({
            "title": c.title, "author": c.author, "date": c.date, "publisher": c.publisher,
            "language": lang.code, "language_prob": round(lang.prob, 4), "mixed_language": lang.mixed,
            "text": c.text,
        }, ensure_ascii=False, indent=2))
    else:
        click.echo(c.text)


@main.command("lang")
@click.argument("path", required=False)
@click.option("--jsonl", is_flag=True, help="Read {id, text} records on stdin; print id<TAB>code.")
def lang_cmd(path: str | None, jsonl: bool) -> None:
    """Print the language (ISO 639-1, or und) of a text file, or of JSONL records on stdin."""
    from .ingest import IngestError, decode, read_bytes
    from .language import detect_language

    if jsonl:
        for n, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                click.echo(f"{rec['id']}\t{detect_language(rec['text']).code}")
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                click.echo(f"newsmark: <stdin>:{n}: expected {{\"id\", \"text\"}} ({exc})", err=True)
        return
    if not path:
        fail("give a file, or --jsonl with records on standard input")
    try:
        data = sys.stdin.buffer.read() if path == "-" else read_bytes(Path(path))
        text, _ = decode(data, path)
    except IngestError as exc:
        fail(f"{path}: {exc}")
    click.echo(detect_language(text).code)


@main.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@db_option
@click.pass_context
def stats_cmd(ctx: click.Context, as_json: bool, db: str | None) -> None:
    """Articles by status and language, spans by label."""
    store = open_store(_db(ctx, db))
    st = store.stats()
    if as_json:
        click.echo(json.dumps(st, ensure_ascii=False, indent=2))
        return
    click.echo(f"{st['articles']} article(s), {st['spans']} span(s)")
    for title, key in (("by status", "by_status"), ("by language", "by_language"), ("spans by label", "by_label")):
        click.echo(f"\n{title}:")
        for k, v in st[key].items():
            click.echo(f"  {k:<14}{v:>8}")


@main.group("labels", cls=Group, invoke_without_command=True)
@db_option
@click.pass_context
def labels_cmd(ctx: click.Context, db: str | None) -> None:
    """List labels; subcommands add, rename, remove, colour and key them."""
    ctx.obj["db"] = _db(ctx, db)
    if ctx.invoked_subcommand is None:
        store = open_store(ctx.obj["db"])
        for lb in store.labels():
            click.echo(f"{lb.hotkey or '-'}  {lb.name:<12} {lb.colour}  {store.label_usage(lb.name):>6} span(s)  {lb.description}")


@labels_cmd.command("add")
@click.argument("name")
@click.option("--colour", "--color", "colour", default=None, help="#rrggbb")
@click.option("--key", default=None, help="Hotkey 1-9.")
@click.option("--description", default="", help="What the label is for.")
@click.pass_context
def labels_add(ctx: click.Context, name: str, colour: str | None, key: str | None, description: str) -> None:
    """Add a label."""
    lb = open_store(ctx.obj["db"]).add_label(name, colour, key, description)
    click.echo(f"added label {lb.name} ({lb.colour}, key {lb.hotkey or 'none'})", err=True)


@labels_cmd.command("rename")
@click.argument("old")
@click.argument("new")
@click.pass_context
def labels_rename(ctx: click.Context, old: str, new: str) -> None:
    """Rename a label (its spans follow)."""
    open_store(ctx.obj["db"]).update_label(old, new_name=new)
    click.echo(f"renamed label {old} to {new}", err=True)


@labels_cmd.command("remove")
@click.argument("name")
@click.option("--force", is_flag=True, help="Also delete the spans that use it.")
@click.pass_context
def labels_remove(ctx: click.Context, name: str, force: bool) -> None:
    """Remove a label; one in use needs --force and takes its spans with it."""
    n = open_store(ctx.obj["db"]).remove_label(name, force=force)
    click.echo(f"removed label {name}" + (f" and {n} span(s)" if n else ""), err=True)


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
    from .reclean import reclean

    if not ids and not all_:
        fail("give article ids or --all")
    store = open_store(_db(ctx, db))
    report = reclean(store, None if all_ else list(ids))
    for line in report.lines():
        click.echo(line, err=True)
    if report.refused:
        sys.exit(1)

