"""Benchmarks of the core (no Textual): import, export, export memory, durability, search."""

from __future__ import annotations

import bisect
import gc
import os
import re
import sqlite3
import time
from pathlib import Path

import generate as gen
from common import PY, Ctx, Row, copy_db, kn, median, ms, ratio, run_child, timed

from tui.core.query import ArticleQuery
from tui.core.store import Store

# --- import -------------------------------------------------------------------------------------


def _import_once(ctx: Ctx, paths: list[str], tag: str) -> tuple[float, float, int]:
    from tui.core.ingest import import_paths

    db = ctx.tmp / f"import-{tag}-{time.monotonic_ns()}.db"
    store = Store(db, annotator="bench")
    try:
        wall, cpu_s, report = timed(lambda: import_paths(store, paths))
    finally:
        store.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return wall, cpu_s, len(report.added)


def bench_import_text(ctx: Ctx) -> list[Row]:
    """Plain-text import (read, decode, chrome lines, clean, detect language, insert) against
    langdetect's ``detect_langs`` alone on the same texts, in one process, profiles preloaded."""
    n = 60 if ctx.quick else 500
    folder = gen.text_files(n)
    files = sorted(folder.glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    from langdetect import DetectorFactory, detect_langs

    DetectorFactory.seed = 0
    detect_langs(texts[0])  # load the profiles outside the timing

    def baseline() -> None:
        for t in texts:
            detect_langs(t)

    reps = 1 if ctx.quick else 2
    ours: list[tuple[float, float, int]] = []
    base: list[float] = []
    for _ in range(reps):
        ours.append(_import_once(ctx, [str(folder)], "text"))
        base.append(timed(baseline)[0])
    wall, cpu_s, added = min(ours)
    b = min(base)
    thr, bthr = added / wall, n / b
    cores = cpu_s / wall
    ctx.say(
        "import_text",
        f"{n} plain-text files ({sum(map(len, texts)) / n / 1000:.1f} KB each on "
        f"average), {added} imported; best of {reps}: {wall:.2f} s wall, {cpu_s:.2f} s CPU "
        f"(this process and its workers) = {cores:.2f} cores busy; langdetect alone {b:.2f} s.",
    )
    r = thr / bthr
    return [
        Row(
            f"plain-text import, whole pipeline ({n} files)",
            f"{thr:,.0f} articles/s, {cores:.2f} cores",
            "≥ 0.8× and both cores used",
            r >= 0.8 and cores >= 1.6,
            f"langdetect alone: {bthr:,.0f} articles/s",
            ratio(r),
        )
    ]


def bench_import_html(ctx: Ctx) -> list[Row]:
    """HTML import (whole pipeline) against ``trafilatura.extract`` alone on the same pages."""
    n = 50 if ctx.quick else 122
    pages = gen.html_pages(n)
    htmls = [p.read_text(encoding="utf-8") for p in pages]
    import trafilatura

    trafilatura.extract(htmls[0])

    def baseline() -> None:
        for h in htmls:
            trafilatura.extract(h)

    reps = 1 if ctx.quick else 2
    ours: list[tuple[float, float, int]] = []
    base: list[float] = []
    for _ in range(reps):
        ours.append(_import_once(ctx, [str(p) for p in pages], "html"))
        base.append(timed(baseline)[0])
    wall, cpu_s, added = min(ours)
    b = min(base)
    thr, bthr = n / wall, n / b
    src = "the dev set's crawled pages" if gen.devset_dir() else "generated pages"
    ctx.say(
        "import_html",
        f"{n} HTML pages ({src}, {sum(map(len, htmls)) / n / 1000:.0f} KB each on "
        f"average), {added} imported; best of {reps}: {wall:.2f} s wall, {cpu_s / wall:.2f} cores; "
        f"trafilatura alone {b:.2f} s on one core.",
    )
    r = thr / bthr
    return [
        Row(
            f"HTML import ({n} pages)",
            f"{thr:,.1f} pages/s, {cpu_s / wall:.2f} cores",
            "≥ 0.8×",
            r >= 0.8,
            f"trafilatura `extract` alone: {bthr:,.1f} pages/s",
            ratio(r),
        )
    ]


def _jsonl_records(path: Path, mb: int) -> int:
    """``mb`` MB of small Prodigy-style records (text, empty spans, language given): what an
    exported dataset looks like, and cheap to prepare, so the run measures reading and storing."""
    import json
    import random

    rnd = random.Random(mb)
    words = [
        "council",
        "city",
        "mayor",
        "tram",
        "line",
        "river",
        "bridge",
        "school",
        "market",
        "police",
        "court",
        "minister",
        "budget",
        "vote",
        "station",
        "harbour",
        "museum",
        "festival",
    ]
    target, size, n = mb * 2**20, 0, 0
    with open(path, "w", encoding="utf-8") as fh:
        while size < target:
            line = (
                json.dumps(
                    {
                        "text": f"Report {n}: the "
                        + " ".join(rnd.choice(words) for _ in range(10))
                        + ".",
                        "spans": [],
                        "meta": {"language": "en", "n": n},
                    }
                )
                + "\n"
            )
            fh.write(line)
            size += len(line)
            n += 1
    return n


def bench_import_memory(ctx: Ctx) -> list[Row]:
    """``newsmark import`` of a JSONL file (a subprocess, workers included) at two sizes, ten
    times apart: peak RSS must not grow with the file (streamed, stored in batches)."""
    small_mb, big_mb = (10, 100) if ctx.quick else (100, 1024)
    res = {}
    for mb in (small_mb, big_mb):
        src = ctx.tmp / f"records-{mb}mb.jsonl"
        n = _jsonl_records(src, mb)
        db = ctx.tmp / f"import-mem-{mb}.db"
        r = run_child([PY, "-m", "tui", "--db", str(db), "import", str(src)])
        if r["rc"]:
            raise RuntimeError(f"import failed (exit {r['rc']}): {r.get('stderr', '')[-500:]}")
        res[mb] = (n, r)
        ctx.say(
            "import_memory",
            f"{mb} MB JSONL ({n:,} records): {r['wall']:.1f} s, "
            f"{n / r['wall']:,.0f} records/s, peak RSS {r['maxrss_kb'] / 1024:.0f} MB.",
        )
        src.unlink()
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    m = res[big_mb][1]["maxrss_kb"] / res[small_mb][1]["maxrss_kb"]
    return [
        Row(
            f"import memory, peak RSS for {big_mb // 1024} GB of JSONL"
            if big_mb >= 1024
            else f"import memory, peak RSS for {big_mb} MB of JSONL",
            f"{res[big_mb][1]['maxrss_kb'] / 1024:.0f} MB",
            "within 1.2× of a file 10× smaller",
            m <= 1.2,
            f"{small_mb} MB of JSONL: {res[small_mb][1]['maxrss_kb'] / 1024:.0f} MB",
            ratio(m),
        )
    ]


# --- export -------------------------------------------------------------------------------------


def _export_child(ctx: Ctx, db: Path, bare: bool) -> dict:
    out = ctx.tmp / ("bare.jsonl" if bare else "export.jsonl")
    if bare:
        args = [PY, str(Path(__file__).parent / "_child.py"), "bare-export", str(db), str(out)]
    else:
        args = [PY, "-m", "tui", "export", str(out), "--db", str(db), "--status", "all"]
    res = run_child(args)
    if res["rc"]:
        raise RuntimeError(f"export failed (exit {res['rc']})")
    res["bytes"] = out.stat().st_size
    out.unlink()
    return res


def bench_export(ctx: Ctx) -> list[Row]:
    """``newsmark export --status all`` (a subprocess: start-up included) against a bare script
    writing the same records; peak RSS of both; then the same export at the smaller size."""
    n, n_small = ctx.export_n, ctx.export_n // 10
    big, small = gen.corpus_db(n), gen.corpus_db(n_small)
    ours = _export_child(ctx, big, bare=False)
    base = _export_child(ctx, big, bare=True)
    ours_small = _export_child(ctx, small, bare=False)
    thr, bthr = n / ours["wall"], n / base["wall"]
    r = thr / bthr
    if n < 100_000:
        ctx.say(
            "export",
            f"run at {kn(n)} articles, not 100k: at this rate 100k articles would take "
            f"about {100_000 / thr / 60:.0f} min (bare loop {100_000 / bthr / 60:.0f} min).",
        )
    ctx.say(
        "export",
        f"{kn(n)} articles: newsmark {ours['wall']:.1f} s ({ours['bytes'] / 1e9:.2f} GB "
        f"written, peak RSS {ours['maxrss_kb'] / 1024:.0f} MB); bare loop {base['wall']:.1f} s "
        f"({base['bytes'] / 1e9:.2f} GB, peak RSS {base['maxrss_kb'] / 1024:.0f} MB).",
    )
    m = ours["maxrss_kb"] / ours_small["maxrss_kb"]
    ctx.say(
        "export",
        f"{kn(n_small)} articles: newsmark {ours_small['wall']:.1f} s, peak RSS "
        f"{ours_small['maxrss_kb'] / 1024:.0f} MB.",
    )
    return [
        Row(
            f"export `jsonl`, {kn(n)} articles",
            f"{thr:,.0f} articles/s ({ours['wall']:.1f} s)",
            "≥ 0.5×",
            r >= 0.5,
            f"bare SELECT + `json.dumps` loop: {bthr:,.0f} articles/s ({base['wall']:.1f} s)",
            ratio(r),
        ),
        Row(
            f"export memory, peak RSS at {kn(n)}",
            f"{ours['maxrss_kb'] / 1024:.0f} MB",
            "within 1.1× of the smaller export",
            m <= 1.1,
            f"same export at {kn(n_small)}: {ours_small['maxrss_kb'] / 1024:.0f} MB",
            ratio(m),
        ),
    ]


# --- one annotation action made durable ---------------------------------------------------------

_WORD = re.compile(r"\w{3,}")


def _free_words(text: str, taken: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """Up to ``n`` word offsets overlapping no span in ``taken`` (sorted by start)."""
    starts = [s for s, _ in taken]
    out: list[tuple[int, int]] = []
    for m in _WORD.finditer(text):
        s, e = m.span()
        i = bisect.bisect_left(starts, e)
        if any(taken[j][1] > s for j in range(max(0, i - 3), i)):
            continue
        out.append((s, e))
        if len(out) >= n:
            break
    return out[::2]


def _durability_run(
    db: Path, article_ids: list[int], n: int, sync: str = "NORMAL"
) -> tuple[list[float], list[float]]:
    """Interleaved: ``Store.tag`` (one action) and a bare INSERT + COMMIT on a second connection
    to the same file, same journal mode and synchronous level as the store."""
    store = Store(db, annotator="bench")
    store.conn.execute(f"PRAGMA synchronous = {sync}")
    bare = sqlite3.connect(str(db), isolation_level=None)
    bare.execute("PRAGMA journal_mode = WAL")
    bare.execute(f"PRAGMA synchronous = {sync}")
    bare.execute(
        "CREATE TABLE IF NOT EXISTS bench_bare(id INTEGER PRIMARY KEY, article_id INTEGER,"
        ' start INTEGER, "end" INTEGER, label TEXT, text TEXT)'
    )
    todo: list[tuple[int, int, int, str]] = []
    for aid in article_ids:
        text = store.require_article(aid).text
        taken = sorted((s.start, s.end) for s in store.spans(aid))
        todo.extend((aid, s, e, text[s:e]) for s, e in _free_words(text, taken, 4 * n))
        if len(todo) >= n:
            break
    todo = todo[:n]
    t_ours: list[float] = []
    t_bare: list[float] = []
    labels = ("PER", "ORG", "LOC", "MISC")
    gc.disable()
    try:
        for k, (aid, s, e, word) in enumerate(todo):
            t0 = time.perf_counter()
            store.tag(aid, s, e, labels[k % 4])
            t1 = time.perf_counter()
            bare.execute("BEGIN IMMEDIATE")
            bare.execute(
                'INSERT INTO bench_bare(article_id, start, "end", label, text) VALUES (?,?,?,?,?)',
                (aid, s, e, labels[k % 4], word),
            )
            bare.execute("COMMIT")
            t2 = time.perf_counter()
            t_ours.append(t1 - t0)
            t_bare.append(t2 - t1)
    finally:
        gc.enable()
        bare.close()
        store.close()
    return t_ours, t_bare


def bench_durability(ctx: Ctx) -> list[Row]:
    n = 200 if ctx.quick else 1000
    db = copy_db(gen.corpus_db(ctx.small_n), ctx.tmp, "durability.db")
    ours, bare = _durability_run(db, list(range(1, 400)), n)
    mo, mb = median(ours), median(bare)
    ctx.say(
        "durability",
        f"{len(ours)} tags on {kn(ctx.small_n)}-article database, median "
        f"{ms(mo)} (p90 {ms(sorted(ours)[int(len(ours) * 0.9)])}); bare INSERT + COMMIT median "
        f"{ms(mb)}. Both: WAL, synchronous=NORMAL (the store's setting).",
    )
    rows = [
        Row(
            "one annotation action made durable (typical article)",
            ms(mo),
            "≤ 1.5×",
            mo / mb <= 1.5,
            f"bare `sqlite3` INSERT + COMMIT, WAL: {ms(mb)}",
            ratio(mo / mb, 1),
        )
    ]
    nb = 40 if ctx.quick else 150
    bdb = copy_db(gen.big_db(), ctx.tmp, "durability-big.db")
    o2, b2 = _durability_run(bdb, [1], nb)
    ctx.say(
        "durability",
        f"{len(o2)} tags on the 1 MB article: median {ms(median(o2))}; bare {ms(median(b2))}.",
    )
    rows.append(
        Row(
            "the same on the 1 MB / 5,000-span article",
            ms(median(o2)),
            "≤ 1.5×",
            median(o2) / median(b2) <= 1.5,
            f"bare INSERT + COMMIT: {ms(median(b2))}",
            ratio(median(o2) / median(b2), 1),
        )
    )
    # The same with an fsync per commit (synchronous=FULL on both sides): durable across power loss.
    dbf = copy_db(gen.corpus_db(ctx.small_n), ctx.tmp, "durability-full.db")
    o5, b5 = _durability_run(dbf, list(range(1, 400)), n // 2, sync="FULL")
    ctx.say(
        "durability",
        f"with synchronous=FULL on both sides (an fsync per commit): tag median "
        f"{ms(median(o5))}, bare {ms(median(b5))}.",
    )
    rows.append(
        Row(
            "the same with an fsync per commit (synchronous=FULL, typical article)",
            ms(median(o5)),
            "≤ 1.5×",
            median(o5) / median(b5) <= 1.5,
            f"bare INSERT + COMMIT, FULL: {ms(median(b5))}",
            ratio(median(o5) / median(b5), 1),
        )
    )
    for p in (db, bdb, dbf):
        for suffix in ("", "-wal", "-shm"):
            Path(str(p) + suffix).unlink(missing_ok=True)
    return rows


# --- search -------------------------------------------------------------------------------------


def _queries(db: Path) -> list[tuple[str, str]]:
    c = sqlite3.connect(str(db))
    c.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, articles_fts, 'row')")
    # "ref" is in the generator's first line of every article: not a word a user would look for.
    terms = c.execute(
        "SELECT term, doc FROM temp.vocab WHERE length(term) >= 3 AND term GLOB '[a-z]*'"
        " AND term != 'ref' ORDER BY doc DESC"
    ).fetchall()
    c.close()
    n_docs = terms[0][1]
    common = terms[0][0]
    mid = next((t for t, d in terms if d <= n_docs // 20), terms[len(terms) // 2][0])
    rare = terms[-1][0]  # the fewest articles
    return [
        *_cjk_queries(db),
        (f"common word ({terms[0][1]:,} articles)", common),
        ("mid-frequency word", mid),
        ("rare word", rare),
        ("prefix", mid[:3] + "*"),
        ("two words (AND)", f"{common} {mid}"),
        ("phrase", f'"{common} {mid}"'),
    ]


def _cjk_queries(db: Path) -> list[tuple[str, str]]:
    """Substrings of the corpus's Japanese and Korean articles: a Hangul word cut inside (as
    `엔비디아` inside `엔비디아가`), a run of kanji/kana (trigram index), and two characters (too
    short for trigrams: `instr` over the trigram table's rows)."""
    import re

    c = sqlite3.connect(str(db))
    out: list[tuple[str, str]] = []
    for lang, run, label in (
        ("ko", r"[\uac00-\ud7af]{4,}", "Korean inside a word"),
        ("ja", r"[\u3040-\u30ff\u4e00-\u9fff]{4,}", "Japanese substring"),
    ):
        row = c.execute(
            "SELECT text FROM articles WHERE lang = ? LIMIT 1 OFFSET 3", (lang,)
        ).fetchone()
        m = re.search(run, row[0]) if row else None
        if m:
            n = c.execute("SELECT count(*) FROM articles WHERE lang = ?", (lang,)).fetchone()[0]
            out.append((f"{label} ({n:,} {lang} articles)", m.group()[:3]))
            if lang == "ja":
                out.append(("two CJK characters (trigrams starting with them)", m.group()[1:3]))
                out.append(("one CJK character", m.group()[1]))
    c.close()
    return out


def bench_search(ctx: Ctx) -> list[Row]:
    """``/`` in the library: the id array for the FTS query (what the library's worker runs) plus
    the first screenful of rows (``summaries`` of 40 ids)."""
    db = gen.corpus_db(ctx.big_n)
    qs = _queries(db)
    store = Store(db, annotator="bench")
    store.article_ids()  # warm the page cache like an open library has
    worst = 0.0
    try:
        for label, q in qs:
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                ids = store.article_ids(ArticleQuery(search=q))
                store.summaries(ids[:40])
                times.append(time.perf_counter() - t0)
            m = median(times)
            worst = max(worst, m)
            ctx.say(
                "search", f"{label} `{q}`: {len(ids):,} results, median {ms(m)} to the first screen"
            )
    finally:
        store.close()
    return [
        Row(
            f"search (`/`) over {kn(ctx.big_n)} articles, slowest of {len(qs)} queries",
            ms(worst),
            "≤ 50 ms",
            worst <= 0.050,
        )
    ]


def all_core() -> dict[str, object]:
    return {
        "import_text": bench_import_text,
        "import_html": bench_import_html,
        "export": bench_export,
        "durability": bench_durability,
        "search": bench_search,
    }


if __name__ == "__main__":  # pragma: no cover
    print(os.getpid())
