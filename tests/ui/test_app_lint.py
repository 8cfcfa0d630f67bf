"""The lint screen through Pilot: findings listed, enter jumps to the span, fixed findings disappear."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import screen_text, settle

from tui.app import NewsmarkApp
from tui.core.store import NewArticle, Store
from tui.screens.library import LibraryScreen
from tui.screens.lint import LintScreen

pytestmark = pytest.mark.anyio

T1 = (
    "[bold]Council[/bold] approves tram\n\nAnna Schmidt met officials from Acme Corp in Berlin on Monday. "
    "The talks covered transport."
)
T2 = "Port news\n\nThe mayor of Berlin visited Acme Corp on Friday."
T3 = "Storm news\n\nBerlin closed its schools; Acme Corp sent buses."
T4 = "Quiet day\n\nNothing happened in the region today."


def at(text: str, word: str) -> tuple[int, int]:
    i = text.index(word)
    return i, i + len(word)


@pytest.fixture
def lint_db(tmp_path: Path) -> Path:
    """A misaligned span, a span with trailing whitespace, an inconsistent label, a done article
    without spans."""
    path = tmp_path / "lint.db"
    with Store(path) as s:
        ids, _, _ = s.insert_articles(
            [
                NewArticle(text=T1, raw=T1, title="[bold]Council[/bold] approves tram", lang="en"),
                NewArticle(text=T2, raw=T2, title="Port news", lang="en"),
                NewArticle(text=T3, raw=T3, title="Storm news", lang="en"),
                NewArticle(text=T4, raw=T4, title="Quiet day", lang="en"),
            ]
        )
        a1, a2, a3, a4 = ids
        s.tag(a1, *at(T1, "Anna Schmid"), "PER")  # cuts "Schmidt"
        s.tag(a1, *at(T1, "Acme Corp "), "ORG")  # trailing space
        s.tag(a1, *at(T1, "Berlin"), "ORG")  # LOC in the two others
        s.tag(a2, *at(T2, "Berlin"), "LOC")
        s.tag(a2, *at(T2, "Acme Corp"), "ORG")
        s.tag(a3, *at(T3, "Berlin"), "LOC")
        s.tag(a3, *at(T3, "Acme Corp"), "ORG")
        for aid in ids:
            s.set_status(aid, "done")
    return path


def app_for(path: Path) -> NewsmarkApp:
    return NewsmarkApp(path, config_dir=path.parent / "config")


def codes(scr: LintScreen) -> set[tuple[str, str, int | None, int | None, int | None]]:
    return {(f.severity, f.code, f.article_id, f.start, f.end) for f in scr.shown}


async def open_lint(app: NewsmarkApp, pilot) -> LintScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    assert isinstance(app.screen, LibraryScreen)
    await pilot.press("exclamation_mark")
    await settle(app, pilot)
    scr = app.screen
    assert isinstance(scr, LintScreen)
    assert scr.loaded
    return scr


async def test_lint_lists_findings_and_a_fix_makes_one_disappear(lint_db: Path) -> None:
    app = app_for(lint_db)
    async with app.run_test(size=(100, 30)) as pilot:
        scr = await open_lint(app, pilot)
        got = codes(scr)
        assert ("error", "misaligned", 1, *at(T1, "Anna Schmid")) in got
        assert ("error", "whitespace", 1, *at(T1, "Acme Corp ")) in got
        assert ("warning", "inconsistent", 1, *at(T1, "Berlin")) in got
        assert ("warning", "empty", 4, None, None) in got
        text = screen_text(app)
        errors = sum(1 for f in scr.findings if f.severity == "error")
        warnings = len(scr.findings) - errors
        assert f"{errors} errors · {warnings} warning" in text
        assert "misaligned" in text and "whitespace" in text
        assert "[bold]Council[/bold] approves tram" in text  # a title with markup, shown literally
        # the cursor on the misaligned finding; enter opens the reader with the span selected
        lst = scr.finding_list
        target = next(i for i, f in enumerate(scr.shown) if f.code == "misaligned")
        while lst.highlighted != target:
            await pilot.press("down" if (lst.highlighted or 0) < target else "up")
        await pilot.press("enter")
        await settle(app, pilot)
        from tui.screens.reader import ReaderScreen

        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.article_id == 1
        assert reader.ids == sorted({f.article_id for f in scr.shown if f.article_id is not None})
        assert reader.view.selection == at(T1, "Anna Schmid")
        # fix it: delete the span, back to the lint screen
        await pilot.press("d")
        await settle(app, pilot)
        for _ in range(3):
            if app.screen is scr:
                break
            await pilot.press("escape")
            await settle(app, pilot)
        assert app.screen is scr
        got = codes(scr)
        assert ("error", "misaligned", 1, *at(T1, "Anna Schmid")) not in got
        assert ("error", "whitespace", 1, *at(T1, "Acme Corp ")) in got
        # the cursor stays near where it was: on the finding that took the fixed one's place
        assert scr.finding_list.highlighted == min(target, len(scr.shown) - 1)
        with Store(lint_db) as s:
            assert [(sp.start, sp.end) for sp in s.spans(1)] == [
                at(T1, "Acme Corp "),
                at(T1, "Berlin"),
            ]


async def test_fix_by_retagging_the_whole_words(lint_db: Path) -> None:
    app = app_for(lint_db)
    async with app.run_test(size=(100, 30)) as pilot:
        scr = await open_lint(app, pilot)
        # the whitespace finding: select only the words and tag them with ORG (key 2)
        i = next(i for i, f in enumerate(scr.shown) if f.code == "whitespace")
        scr.finding_list.highlighted = i
        await pilot.press("enter")
        await settle(app, pilot)
        reader = app.screen
        assert reader.view.selection == at(T1, "Acme Corp ")
        await pilot.press("d")  # delete the bad span, then select "Acme Corp" and tag it
        await settle(app, pilot)
        reader.view.select_range(*at(T1, "Acme Corp"))
        await pilot.press("2")
        await settle(app, pilot)
        while app.screen is not scr:
            await pilot.press("escape")
            await settle(app, pilot)
        assert not [f for f in scr.shown if f.code == "whitespace"]
        with Store(lint_db) as s:
            rows = [(sp.start, sp.end, sp.label, sp.text) for sp in s.spans(1)]
        assert (*at(T1, "Acme Corp"), "ORG", "Acme Corp") in rows
        assert not any(r[3].endswith(" ") for r in rows)


async def test_errors_only_format_and_walking_with_n(lint_db: Path) -> None:
    app = app_for(lint_db)
    async with app.run_test(size=(100, 30)) as pilot:
        scr = await open_lint(app, pilot)
        n_all = len(scr.shown)
        await pilot.press("e")
        await pilot.pause()
        assert scr.errors_only
        assert scr.shown and all(f.severity == "error" for f in scr.shown)
        assert len(scr.shown) < n_all
        assert "errors only" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert len(scr.shown) == n_all
        # cycle the format: conll
        await pilot.press("f")
        await settle(app, pilot)
        assert scr.fmt == "conll"
        assert "for conll" in screen_text(app)
        # n in the reader walks the articles with findings
        scr.finding_list.highlighted = 0
        await pilot.press("enter")
        await settle(app, pilot)
        reader = app.screen
        first = reader.article_id
        await pilot.press("n")
        await settle(app, pilot)
        assert reader.article_id != first
        assert reader.article_id in {f.article_id for f in scr.shown}


async def test_library_filter_is_the_scope(lint_db: Path) -> None:
    app = app_for(lint_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        lib = app.screen
        assert isinstance(lib, LibraryScreen)
        lib.search("Quiet")
        await settle(app, pilot)
        scr = await open_lint(app, pilot)
        assert {f.article_id for f in scr.shown} <= {4, None}
        assert ("warning", "empty", 4, None, None) in codes(scr)
        assert scr.articles == 1
        await pilot.press("a")  # scope: all articles
        await settle(app, pilot)
        assert scr.articles == 4
        assert any(f.code == "misaligned" for f in scr.shown)


async def test_palette_opens_the_lint_screen(lint_db: Path) -> None:
    app = app_for(lint_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"Lint annotations for conll")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        scr = app.screen
        assert isinstance(scr, LintScreen)
        assert scr.fmt == "conll"
        assert any(f.code == "misaligned" for f in scr.shown)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_clean_corpus_and_sizes(tmp_path: Path) -> None:
    path = tmp_path / "clean.db"
    with Store(path) as s:
        (a1,), _, _ = s.insert_articles([NewArticle(text=T2, raw=T2, title="Port news", lang="en")])
        s.tag(a1, *at(T2, "Berlin"), "LOC")
        s.tag(a1, *at(T2, "Acme Corp"), "ORG")
        s.set_status(a1, "done")
    for size in ((80, 24), (200, 50)):
        app = app_for(path)
        async with app.run_test(size=size) as pilot:
            scr = await open_lint(app, pilot)
            assert not [f for f in scr.findings if f.severity == "error"]
            lines = screen_text(app).splitlines()
            assert len(lines) == size[1]
            assert "Lint" in lines[0] and "0 errors" in lines[0]
            assert "Fix" in lines[-1] and "Errors only" in lines[-1]  # the footer shows the keys


async def test_corpus_finding_opens_labels(lint_db: Path) -> None:
    from tui.screens.labels import LabelsScreen

    with Store(lint_db) as s:
        s.add_label("EVENT")
    app = app_for(lint_db)
    async with app.run_test(size=(100, 30)) as pilot:
        scr = await open_lint(app, pilot)
        i = next(
            i for i, f in enumerate(scr.shown) if f.code == "unused-label" and "EVENT" in f.message
        )
        scr.finding_list.highlighted = i
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LabelsScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is scr


async def test_long_lists_are_capped_with_a_note(
    lint_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.screens.lint as lint_screen
    from tui.core.lint import Finding

    monkeypatch.setattr(lint_screen, "MAX_SHOWN", 50)
    app = app_for(lint_db)
    async with app.run_test(size=(80, 24)) as pilot:
        scr = await open_lint(app, pilot)
        scr.findings = [
            Finding("error", "misaligned", 1, i, i + 3, f"[red]x{i}[/red]") for i in range(120)
        ]
        scr._fill()
        await pilot.pause()
        assert len(scr.shown) == 50 and scr.not_listed == 70
        assert scr.finding_list.option_count == 51  # the note, which cannot be chosen
        text = screen_text(app)
        assert "first 50 listed" in text
        assert "[red]x" in text  # messages are shown literally
