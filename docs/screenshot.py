"""Make docs/reader.svg, the README's screenshot, with the app's own screenshot function.

    python docs/screenshot.py

It imports the sample articles of seeds/ into a temporary database, tags a few entities in the
first one, opens it in the reader and saves what a 100x30 terminal shows.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.app import NewsmarkApp  # noqa: E402
from tui.core.ingest import import_paths  # noqa: E402
from tui.core.store import Store  # noqa: E402

ENTITIES = (
    ("Microsoft", "ORG"),
    ("Japon", "LOC"),
    ("Washington", "LOC"),
    ("Brad Smith", "PER"),
    ("Fumio Kishida", "PER"),
    ("États-Unis", "LOC"),
    ("Joe Biden", "PER"),
    ("Bureau américain d'analyse économique", "ORG"),
)


def build(db: Path) -> int:
    with Store(db, annotator="demo") as s:
        import_paths(s, [str(ROOT / "seeds")], jobs=1)
        aid = s.article_ids()[0]
        text = s.require_article(aid).text
        for form, label in ENTITIES:
            start = 0
            while (i := text.find(form, start)) >= 0:
                if not any(sp.start < i + len(form) and sp.end > i for sp in s.spans(aid)):
                    s.tag(aid, i, i + len(form), label)
                start = i + len(form)
        return aid


async def shoot(out: Path) -> None:
    from tui.screens.reader import ReaderScreen

    with tempfile.TemporaryDirectory() as d:
        db = Path(d) / "demo.db"
        aid = build(db)
        app = NewsmarkApp(db, config_dir=Path(d) / "config")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            app.push_screen(
                ReaderScreen(app.store.article_ids(), app.store.article_ids().index(aid))
            )
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.press("]", "]")  # jump to a candidate: the selection shows
            await pilot.pause()
            app.save_screenshot(filename=out.name, path=str(out.parent))


if __name__ == "__main__":
    target = ROOT / "docs" / "reader.svg"
    asyncio.run(shoot(target))
    print(f"wrote {target}")
