"""Imports through the worker pool store what an import in one process stores.

The workers send each article back without its raw input when it is the input itself (an HTML
page is 300 KB on average), and the parent puts it back; large inputs travel one per task so
that the workers finish together. Neither may change a stored byte. Pages: the real pages of
tests/data/html_pages (see SOURCES.md there); records: JSONL written here.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from conftest import DATA

from tui.core.import_report import Item
from tui.core.ingest import PARALLEL_MIN, _chunksize, import_paths
from tui.core.store import Store

PAGES = sorted((DATA / "html_pages").glob("*.html"))


def _inputs(folder: Path) -> list[Path]:
    """Three real pages and a JSONL file of text and HTML records: more items than PARALLEL_MIN."""
    folder.mkdir()
    paths = []
    for page in PAGES:
        dst = folder / page.name
        dst.write_bytes(page.read_bytes())
        paths.append(dst)
    records = []
    for n in range(PARALLEL_MIN):
        if n % 3:
            text = (
                f"Report {n}: the city council met on Tuesday evening and voted on the budget of "
                "the new tram line after a long debate about the cost of the old bridges."
            )
            records.append({"text": text, "meta": {"n": n}})
        else:
            html = (
                f"<html><body><h1>Brief {n}</h1><p>The harbour opened quay {n} on Monday after "
                "two years of works, and the ferries to the islands will leave from it from "
                "next week on, the port authority said.</p></body></html>"
            )
            records.append({"html": html, "url": f"https://example.org/{n}"})
    jsonl = folder / "records.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return [*paths, jsonl]


def _articles(db: Path, jobs: int, paths: list[Path]) -> list[tuple]:
    store = Store(db, annotator="t")
    try:
        report = import_paths(store, [str(p) for p in paths], jobs=jobs)
    finally:
        store.close()
    assert len(report.added) == len(PAGES) + PARALLEL_MIN
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "SELECT id, hash, source, title, author, published, publisher, raw, text, lang,"
            " lang_prob, lang_mixed, meta, kind, cleaner_version FROM articles ORDER BY id"
        ).fetchall()
    finally:
        con.close()


def test_workers_store_what_one_process_stores(tmp_path: Path) -> None:
    paths = _inputs(tmp_path / "in")
    alone = _articles(tmp_path / "one.db", 1, paths)
    pooled = _articles(tmp_path / "two.db", 2, paths)
    assert pooled == alone
    raws = {row[2]: row[7] for row in pooled}
    for page in PAGES:  # the raw input came back from the workers whole
        assert raws[str(tmp_path / "in" / page.name)] == page.read_text(encoding="utf-8")
    assert all(row[7] for row in pooled)


def test_large_inputs_go_to_the_workers_one_by_one() -> None:
    def items(size: int) -> list[Item]:
        return [Item("w", "w", "html", "x" * size) for _ in range(10)]

    assert _chunksize(items(300_000)) == 1
    assert _chunksize(items(20_000)) == 3
    assert _chunksize(items(200)) == 8
    assert _chunksize([]) == 8


def test_workers_start_while_the_batch_is_still_read(store: Store) -> None:
    """The pool is started once PARALLEL_MIN items are read, not when the whole batch (up to 256
    items) is: the workers load their modules while this process reads the rest."""
    import multiprocessing

    from tui.core.import_report import ImportReport
    from tui.core.ingest import import_items

    workers_seen: list[int] = []

    def items() -> Iterator[Item]:
        for n in range(PARALLEL_MIN + 20):
            if n == PARALLEL_MIN + 1:
                workers_seen.append(len(multiprocessing.active_children()))
            text = f"Record {n}: the harbour opened a new quay for the ferries to the islands."
            rec = {"text": text, "meta": {"language": "en"}}
            yield Item(f"r:{n}", "r", "record", text, rec)

    report = ImportReport()
    import_items(store, items(), report, jobs=2)
    assert len(report.added) == PARALLEL_MIN + 20
    assert workers_seen == [2]


def test_warm_up_loads_what_preparing_needs() -> None:
    """The workers' warm-up loads the stoplists, langdetect's profiles and trafilatura."""
    import sys

    from langdetect import detector_factory

    from tui.core.clean import stopwords
    from tui.core.ingest import warm_up

    stopwords._word_lang_bits.cache_clear()
    warm_up(html=True)
    assert stopwords._word_lang_bits.cache_info().currsize == 1
    assert detector_factory._factory is not None
    assert "trafilatura" in sys.modules


def test_warm_up_imports_the_modules_a_worker_would_import_itself() -> None:
    """In a fresh process (this one has imported everything already): the DOM opinion's modules
    and the fast langdetect, which the cleaner and the detector import lazily, are loaded by the
    warm-up, so that the forked workers inherit them."""
    import subprocess
    import sys

    wanted = ["tui.core.clean_html", "tui.core.clean_html_lead", "tui.core.langdetect_fast"]
    code = (
        "import sys; from tui.core.ingest import warm_up; "
        f"before = [m in sys.modules for m in {wanted!r}]; warm_up(html=True); "
        f"print(before, [m in sys.modules for m in {wanted!r}])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("] [") == ["[False, False, False", "True, True, True]\n"]


def test_items_sent_early_come_back_in_their_place() -> None:
    """Items sent to the workers as they were read and those sent with their batch come back in
    the batch's order, each once."""
    from concurrent.futures import ProcessPoolExecutor

    from tui.core.ingest import _pooled, _prepare_remote

    chunk = []
    for n, lang in enumerate(["en", "de", "fr", "en", "de"]):
        text = f"Record {n}, written for this test about the harbour and its ferries to the isles."
        chunk.append(Item(f"r:{n}", "r", "record", text, {"text": text, "language": lang}))
    with ProcessPoolExecutor(max_workers=2) as pool:
        early = {id(it): pool.submit(_prepare_remote, (it, False)) for it in chunk[1::2]}
        got = list(_pooled(pool, chunk, False, early))
    assert early == {}
    assert [(a.text, a.lang) for a, _, _ in got if a is not None] == [
        (it.raw, it.record["language"]) for it in chunk if it.record
    ]


def test_records_that_carry_their_language_do_not_load_langdetect_in_the_parent() -> None:
    """langdetect's profiles (60 MB) are loaded before the fork only when an item needs them."""
    from tui.core.ingest import _needs_language

    def record(**rec: object) -> Item:
        return Item("r", "r", "record", "text", {"text": "text", **rec})

    assert not _needs_language(record(language="en"))
    assert not _needs_language(record(meta={"lang": "de"}))
    assert not _needs_language(record(data={"text": "t", "language": "fr"}))
    assert _needs_language(record(language=""))
    assert _needs_language(record(meta={"n": 1}))
    assert _needs_language(Item("p", "p", "html", "<p>x</p>"))


def test_the_parent_collects_its_garbage_again_after_the_fork(store: Store) -> None:
    """The objects loaded before the fork are frozen for the workers only."""
    import gc

    from tui.core.import_report import ImportReport
    from tui.core.ingest import import_items

    def items() -> Iterator[Item]:
        for n in range(PARALLEL_MIN + 2):
            text = f"Record {n}: the harbour opened a new quay for the ferries to the islands."
            yield Item(f"r:{n}", "r", "record", text, {"text": text, "language": "en"})

    report = ImportReport()
    import_items(store, items(), report, jobs=2)
    assert len(report.added) == PARALLEL_MIN + 2
    assert gc.get_freeze_count() == 0


def test_large_items_are_stored_in_batches_read_one_ahead() -> None:
    """Large pages are cut into batches of about BATCH_CHARS characters, and each batch is
    handed on only once the next one is read (its pages sent to the workers), so that storing
    a batch overlaps the cleaning of the next instead of waiting for the last page."""
    from tui.core.ingest import BATCH_CHARS, _batches

    size = BATCH_CHARS // 3 + 1
    read: list[int] = []

    def pages() -> Iterator[Item]:
        for n in range(8):
            read.append(n)
            yield Item(f"p{n}.html", f"p{n}.html", "html", "x" * size)

    seen: list[tuple[list[str], int]] = []
    for batch in _batches(pages()):
        seen.append(([it.where for it in batch], len(read)))
    assert seen == [
        (["p0.html", "p1.html", "p2.html"], 6),
        (["p3.html", "p4.html", "p5.html"], 8),
        (["p6.html", "p7.html"], 8),
    ]


def test_workers_start_after_a_few_large_pages(store: Store) -> None:
    """A few large pages are enough work for the pool: it starts once PARALLEL_CHARS characters
    are read, however few the items."""
    import multiprocessing

    from tui.core.import_report import ImportReport
    from tui.core.ingest import PARALLEL_CHARS, import_items

    workers_seen: list[int] = []
    para = "<p>The harbour opened a new quay for the ferries to the islands on Monday.</p>\n"
    page = "<html><body><article>" + para * (PARALLEL_CHARS // len(para) // 2 + 1)
    page += "</article></body></html>"

    def items() -> Iterator[Item]:
        for n in range(4):
            if n == 3:
                workers_seen.append(len(multiprocessing.active_children()))
            yield Item(f"p{n}.html", f"p{n}.html", "html", page.replace("Monday", f"day {n}"))

    report = ImportReport()
    import_items(store, items(), report, jobs=2)
    assert len(report.added) == 4
    assert workers_seen == [2]
