"""Snapshot of the reader: header, text with spans of several labels, selection, label bar, status."""

from __future__ import annotations

from pathlib import Path

from tui.app import NewsmarkApp
from tui.core.store import NewArticle, Store

TEXT = (
    "Emmanuel Macron a rencontré Olaf Scholz à Berlin, où Siemens AG présentait un train.\n\n"
    "La Commission européenne et l'ONU ont salué l'accord signé à Genève.\n\n"
    "東京 et Zoé\tsuivront."
)


def make_db(path: Path) -> Path:
    with Store(path, annotator="tester") as s:
        s.insert_articles(
            [
                NewArticle(
                    text=TEXT,
                    raw=TEXT,
                    title="Macron et Scholz à Berlin",
                    lang="fr",
                    lang_prob=0.98,
                    author="Jeanne Dupont",
                    publisher="Le Courrier",
                    published="2024-03-02",
                ),
                NewArticle(
                    text="Second article.", raw="Second article.", title="Second", lang="en"
                ),
            ]
        )

        def tag(word: str, label: str) -> None:
            i = TEXT.index(word)
            s.tag(1, i, i + len(word), label)

        tag("Emmanuel Macron", "PER")
        tag("Olaf Scholz", "PER")
        tag("Berlin", "LOC")
        tag("Siemens AG", "ORG")
        tag("Commission européenne", "ORG")
        tag("ONU", "ORG")
        tag("Genève", "LOC")
        tag("東京", "LOC")
        tag("train", "MISC")
    return path


def test_reader_snapshot(snap_compare, tmp_path: Path) -> None:
    path = make_db(tmp_path / "snap.db")
    app = NewsmarkApp(path, config_dir=tmp_path / "config")

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        from tui.screens.reader import ReaderScreen

        await pilot.pause()
        await app.workers.wait_for_complete()
        app.push_screen(ReaderScreen(app.store.article_ids(), 0))
        await pilot.pause()
        await app.workers.wait_for_complete()
        # cursor on "Olaf", then a selection over "rencontré Olaf"
        await pilot.press("w", "w", "w", "shift+left")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 24), run_before=run_before)
