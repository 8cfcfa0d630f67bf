"""Helpers shared by the app tests: a small fixed library, a 100k library, waiting for the app."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from tui.core.store import NewArticle, Store, content_hash

TITLES = [
    ("Council approves new tram line", "en", "The Daily Example", "2024-03-01"),
    ("Le port de Marseille accueille un nouveau ferry", "fr", "Le Courrier", "2024-03-02"),
    ("Berlin eröffnet neuen Flughafen-Terminal", "de", "Berliner Blatt", "2024-03-03"),
    ("Storm closes schools across the region", "en", "Weather Desk", "2024-02-27"),
    ("Microsoft investit au Japon", "fr", "Albayane", "2024-04-14"),
    ("River cleanup draws hundreds of volunteers", "en", "The Daily Example", "2024-06-02"),
    ("[bold]Markup[/bold] in a title \x1b[31mand an escape", "en", "Evil \u202eFeed", "2024-01-15"),
    ("Apple opens a store in Paris", "en", "Tech Times", "2023-12-24"),
]
BODY = (
    "{title}\n\nAnna Schmidt met officials from Acme Corp in Berlin on Monday. "
    "The talks covered transport, housing and the budget for next year.\n\n"
    "A second paragraph follows with more words about the city and its people."
)
STATUSES = ["new", "done", "new", "in_progress", "done", "new", "new", "skipped"]


def make_library(path: Path) -> Path:
    """A small deterministic database: 8 articles, fixed titles/dates, a few spans."""
    with Store(path) as store:
        items = []
        for i, (title, lang, pub, date) in enumerate(TITLES):
            text = BODY.format(title=title.replace("\x1b", ""))
            spans = []
            if i in (0, 2, 5):
                s = text.index("Anna Schmidt")
                spans.append({"start": s, "end": s + len("Anna Schmidt"), "label": "PER"})
                s = text.index("Acme Corp")
                spans.append({"start": s, "end": s + len("Acme Corp"), "label": "ORG"})
            if i == 2:
                s = text.index("Berlin on")
                spans.append({"start": s, "end": s + len("Berlin"), "label": "LOC"})
            items.append(
                NewArticle(
                    text=text,
                    raw=text,
                    title=title,
                    lang=lang,
                    lang_prob=0.99,
                    publisher=pub,
                    published=date,
                    source=f"https://example.org/{i}",
                    status=STATUSES[i],
                    spans=spans,
                )
            )
        store.insert_articles(items)
    return path


def make_big_library(path: Path, n: int = 100_000) -> Path:
    """``n`` short articles inserted with plain SQL in one transaction."""
    with Store(path):
        pass  # creates the schema
    conn = sqlite3.connect(path)
    ts = "2024-01-01T00:00:00.000Z"
    langs = ("en", "fr", "de", "es")
    statuses = ("new", "new", "done", "in_progress")

    def rows():
        for i in range(1, n + 1):
            text = f"Article number {i} body"
            yield (
                i,
                content_hash(text),
                f"Headline {i:06d}",
                text,
                text,
                langs[i % 4],
                statuses[i % 4],
                f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                ts,
                ts,
            )

    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        " AND tbl_name = 'articles' AND name LIKE '%_ai'"
    ).fetchall()
    with conn:
        for name, _ in triggers:  # index once at the end instead of row by row
            conn.execute(f"DROP TRIGGER {name}")
        conn.executemany(
            "INSERT INTO articles(id, hash, title, raw, text, lang, status, published, imported_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            rows(),
        )
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
        for _, sql in triggers:
            conn.execute(sql)
    conn.close()
    return path


async def settle(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Let workers finish and messages settle (no fixed sleeps)."""
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """What the terminal shows now, as plain text lines."""
    lines = []
    for strip in app.screen._compositor.render_strips():
        lines.append("".join(seg.text for seg in strip))
    return "\n".join(lines)


def export_over_existing(
    db: Path, config_dir: Path, out: Path, kept: Callable[[], None], split: str = ""
) -> None:
    """Export from the app's dialog (``x``) to ``out``, which already holds something: answer
    ``n`` to the replace question (then ``kept()`` checks nothing changed), then ``y``."""
    import asyncio

    from textual.widgets import Input

    from tui.app import NewsmarkApp
    from tui.screens.dialogs import ConfirmDialog, ExportDialog

    async def go() -> None:
        app = NewsmarkApp(db, config_dir=config_dir)
        async with app.run_test(size=(110, 34)) as pilot:
            await settle(app, pilot)
            for answer in ("n", "y"):
                await pilot.press("x")
                await settle(app, pilot)
                dlg = app.screen
                assert isinstance(dlg, ExportDialog)
                dlg.query_one("#export-out", Input).value = str(out)
                if split:
                    dlg.query_one("#export-split", Input).value = split
                dlg.action_submit()
                await settle(app, pilot)
                assert isinstance(app.screen, ConfirmDialog)
                await pilot.press(answer)
                await settle(app, pilot)
                if answer == "n":
                    kept()
            await settle(app, pilot)

    asyncio.run(go())
