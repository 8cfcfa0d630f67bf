"""Reproducible benchmark corpora: newsmark databases of 1k-100k articles, one 1 MB article with
5,000 spans, and folders of plain-text and HTML files to import.

    python bench/generate.py --articles 10000          # build (or reuse) corpus-10000.db
    python bench/generate.py --big                     # the 1 MB / 5,000-span article's database
    python bench/generate.py --where                   # print the cache folder

Raw material: the paragraphs of the development set's gold texts (``/work/shared/devset`` or
``$NEWSMARK_DEVSET``), read at run time and never copied into the repository; without it, the
sample articles of ``seeds/``. Articles are made of paragraphs of one language drawn with a fixed
seed, so the same size and source always give the same database. Spans are capitalised word
runs (or, in scripts without case, single words) on token boundaries, labelled PER/ORG/LOC/MISC,
never overlapping; an entity string is tagged everywhere or nowhere, always with one label, as a
careful annotator would (so the export's lint finds what it would find in real work).

Databases are created by ``tui.core.store.Store`` (the real schema, contract triggers and FTS) and
filled with ``executemany`` in one transaction. Everything lives in the cache folder
(``platformdirs.user_cache_dir("newsmark-bench")`` or ``$NEWSMARK_BENCH_CACHE``), outside the
repository; a file is built under a temporary name and renamed, so an interrupted build is redone.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import json
import math
import os
import random
import re
import sqlite3
import sys
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tui.core.store import Store, content_hash, trigram_fill_sql  # noqa: E402

#: Bump when the generated data changes shape: old cache files are then ignored.
GEN_VERSION = 5
#: The long article's own version (its spans are drawn differently).
BIG_VERSION = 4
SEED = 20240601
LABELS = ("PER", "ORG", "LOC", "MISC")
STATUS_WEIGHTS = (("new", 45), ("in_progress", 10), ("done", 40), ("skipped", 3), ("rejected", 2))
#: Median article length in characters (news articles: ~400-600 words) and log-normal spread.
MEDIAN_CHARS = 2400
SIGMA = 0.55
#: One span per this many characters on average (about 12 entities in a 2,400-character article).
CHARS_PER_SPAN = 200
PUBLISHERS = (
    "The Daily Ledger",
    "Nordkurier",
    "Le Quotidien",
    "Morgenbladet",
    "Il Foglio Web",
    "Haber Gazetesi",
    "Diario Nacional",
    "Harian Kita",
    "Habari Leo",
    "Aftonposten",
)
_CAP_RUN = re.compile(r"\b[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]+(?:\s[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]+){0,3}")
_WORD = re.compile(r"\w{2,}")


def cache_dir() -> Path:
    env = os.environ.get("NEWSMARK_BENCH_CACHE")
    if env:
        d = Path(env).expanduser()
    else:
        import platformdirs

        d = Path(platformdirs.user_cache_dir("newsmark-bench"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def devset_dir() -> Path | None:
    cand = Path(os.environ.get("NEWSMARK_DEVSET", "/work/shared/devset"))
    return cand if (cand / "plaintext").is_dir() else None


# --- raw material -------------------------------------------------------------------------------


@dataclass
class Para:
    text: str
    cands: list[tuple[int, int]]  # candidate entity offsets inside ``text``


@dataclass
class Pool:
    """Paragraphs by language, and where they came from."""

    source: str
    by_lang: dict[str, list[Para]] = field(default_factory=dict)
    #: Share of distinct entity strings that are tagged, so that one span falls on about every
    #: CHARS_PER_SPAN characters.
    tag_share: float = 1.0

    @property
    def langs(self) -> list[str]:
        return sorted(self.by_lang)


def _candidates(text: str, lang: str) -> list[tuple[int, int]]:
    """Entity-like runs that start and end on token boundaries (``tui.core.tokens``), as the app's
    spans do: the export's lint refuses spans that cut a token."""
    from tui.core.tokens import token_spans

    toks = token_spans(text, lang)
    starts = {s for s, _ in toks}
    ends = {e for _, e in toks}
    cands = [m.span() for m in _CAP_RUN.finditer(text) if m.start() > 0]
    if len(cands) < len(text) // 400:  # scripts without case: any word will do
        cands = [m.span() for m in _WORD.finditer(text)][::7]
    return [(s, e) for s, e in cands if s in starts and e in ends]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if len(p.strip()) >= 40]


@functools.lru_cache(maxsize=1)
def load_pool() -> Pool:
    """Paragraphs of the dev set's gold texts by language, else of the seeds."""
    dev = devset_dir()
    raw: dict[str, list[str]] = {}
    if dev is not None:
        for f in sorted((dev / "plaintext").glob("*.json")):
            d = json.loads(f.read_text(encoding="utf-8"))
            raw.setdefault(d["lang"], []).extend(_paragraphs(d.get("gold_text") or ""))
        source = f"devset gold texts ({dev})"
    else:
        from tui.core.language import detect_language

        for f in sorted((ROOT / "seeds").glob("*.txt")):
            paras = _paragraphs(f.read_text(encoding="utf-8"))
            lang = detect_language("\n".join(paras)).code
            raw.setdefault(lang, []).extend(paras)
        source = "seeds/ (dev set not found)"
    pool = Pool(source)
    for lang, paras in raw.items():
        if sum(map(len, paras)) >= 400:
            pool.by_lang[lang] = [Para(p, _candidates(p, lang)) for p in paras]
    chars = sum(len(p.text) for ps in pool.by_lang.values() for p in ps)
    cands = sum(len(p.cands) for ps in pool.by_lang.values() for p in ps)
    pool.tag_share = min(1.0, chars / CHARS_PER_SPAN / max(cands, 1))
    return pool


def _consistent(
    text: str, cands: list[tuple[int, int]], share: float
) -> list[tuple[int, int, str]]:
    """Spans as a careful annotator makes them: an entity string is tagged everywhere or nowhere,
    always with the same label (chosen by a hash of the string, so runs are reproducible)."""
    out: list[tuple[int, int, str]] = []
    for s, e in cands:
        h = zlib.crc32(text[s:e].encode("utf-8"))
        if (h % 10_000) < share * 10_000:
            out.append((s, e, LABELS[(h >> 16) % 4]))
    return out


def pool_fingerprint(pool: Pool) -> str:
    h = hashlib.sha256()
    for lang in pool.langs:
        h.update(lang.encode())
        for p in pool.by_lang[lang]:
            h.update(p.text.encode("utf-8"))
    return h.hexdigest()[:10]


# --- articles -----------------------------------------------------------------------------------


@dataclass
class GenArticle:
    id: int
    text: str
    title: str
    lang: str
    status: str
    published: str
    publisher: str
    spans: list[tuple[int, int, str]]


def _lang_weights(pool: Pool) -> tuple[list[str], list[float]]:
    """Languages weighted by the square root of their material, so small ones still show up."""
    langs = pool.langs
    return langs, [math.sqrt(sum(len(p.text) for p in pool.by_lang[lg])) for lg in langs]


def _pick_spans(
    cands: list[tuple[int, int]], want: int, rng: random.Random
) -> list[tuple[int, int, str]]:
    if want <= 0 or not cands:
        return []
    chosen = sorted(rng.sample(range(len(cands)), min(want, len(cands))))
    out: list[tuple[int, int, str]] = []
    last_end = -1
    for i in chosen:
        s, e = cands[i]
        if s >= last_end:
            out.append((s, e, LABELS[rng.randrange(4)] if rng.random() < 0.9 else "PER"))
            last_end = e
    return out


def make_article(
    i: int,
    pool: Pool,
    rng: random.Random,
    langs: list[str],
    weights: list[float],
    target: int | None = None,
) -> GenArticle:
    lang = rng.choices(langs, weights)[0]
    paras = pool.by_lang[lang]
    if target is None:
        target = int(min(20000, max(500, rng.lognormvariate(math.log(MEDIAN_CHARS), SIGMA))))
    publisher = PUBLISHERS[i % len(PUBLISHERS)]
    day = 1 + (i * 7919) % 3650
    published = time.strftime("%Y-%m-%d", time.gmtime(1420070400 + day * 86400))
    head = f"{publisher} · {published} · ref {i:06d}"
    parts = [head]
    cands: list[tuple[int, int]] = []
    pos = len(head) + 1
    while pos < target:
        p = paras[rng.randrange(len(paras))]
        parts.append(p.text)
        cands.extend((pos + s, pos + e) for s, e in p.cands)
        pos += len(p.text) + 1
    text = "\n".join(parts)
    first = parts[1] if len(parts) > 1 else head
    title = " ".join(first.split()[:10])[:90]
    spans = _consistent(text, cands, pool.tag_share)
    status = rng.choices([s for s, _ in STATUS_WEIGHTS], [w for _, w in STATUS_WEIGHTS])[0]
    return GenArticle(i, text, title, lang, status, published, publisher, spans)


def iter_articles(n: int, pool: Pool, seed: int = SEED) -> Iterator[GenArticle]:
    rng = random.Random(seed)
    langs, weights = _lang_weights(pool)
    for i in range(1, n + 1):
        yield make_article(i, pool, rng, langs, weights)


def big_article(
    pool: Pool, chars: int = 1_000_000, spans: int = 5000, seed: int = SEED + 1, id_: int = 1
) -> GenArticle:
    """One long article of mixed languages (paragraphs of every language in turn) with ``spans``."""
    rng = random.Random(seed)
    langs = pool.langs
    main_lang = max(langs, key=lambda lg: sum(len(p.text) for p in pool.by_lang[lg]))
    parts = [f"Long read · ref {id_:06d}"]
    cands: list[tuple[int, int]] = []
    pos = len(parts[0]) + 1
    k = 0
    while pos < chars:
        paras = pool.by_lang[langs[k % len(langs)] if k % 4 == 3 else main_lang]
        k += 1
        p = paras[rng.randrange(len(paras))]
        parts.append(p.text)
        cands.extend((pos + s, pos + e) for s, e in p.cands)
        pos += len(p.text) + 1
    text = "\n".join(parts)[:chars]
    cands = [c for c in cands if c[1] <= len(text)]
    chosen = _pick_spans(cands, spans * 2, rng)  # twice as many, then thin out evenly to `spans`
    step = len(chosen) / spans if len(chosen) > spans else 1
    picked = [chosen[int(j * step)] for j in range(min(spans, len(chosen)))]
    return GenArticle(
        id_, text, "A very long read", main_lang, "in_progress", "2024-06-01", PUBLISHERS[0], picked
    )


# --- databases ----------------------------------------------------------------------------------


def _ts(i: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(1717200000 + i)) + ".000Z"


def fill(path: Path, articles: Iterator[GenArticle], chunk: int = 2000) -> tuple[int, int]:
    """Create ``path`` with Store (real schema) and insert the articles with executemany, in one
    transaction. Returns (articles, spans)."""
    Store(path).close()
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA cache_size = -200000")
    n_art = n_span = 0
    # Triggers are dropped for the bulk load and recreated verbatim before COMMIT (the FTS index
    # is then rebuilt in one pass): twice as fast as firing them per row, and the database ends up
    # exactly as Store made it. Spans match their text by construction (checked below on a sample).
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    conn.execute("BEGIN")
    try:
        for name, _ in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        batch: list[GenArticle] = []

        def flush() -> None:
            nonlocal n_art, n_span
            conn.executemany(
                "INSERT INTO articles(id, hash, source, title, author, published, publisher, raw, text,"
                " lang, lang_prob, status, imported_at, updated_at, meta, kind, cleaner_version)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        a.id,
                        content_hash(a.text),
                        f"https://example.org/news/{a.id}",
                        a.title,
                        None,
                        a.published,
                        a.publisher,
                        a.text,
                        a.text,
                        a.lang,
                        0.99,
                        a.status,
                        _ts(a.id),
                        _ts(a.id),
                        "{}",
                        "text",
                        1,
                    )
                    for a in batch
                ],
            )
            rows = [
                (a.id, s, e, lb, a.text[s:e], "bench", "manual", _ts(a.id), _ts(a.id))
                for a in batch
                for s, e, lb in a.spans
            ]
            conn.executemany(
                'INSERT INTO spans(article_id, start, "end", label, text, annotator, origin,'
                " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                rows,
            )
            n_art += len(batch)
            n_span += len(rows)
            batch.clear()

        for a in articles:
            batch.append(a)
            if len(batch) >= chunk:
                flush()
        flush()
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
        conn.execute("DELETE FROM articles_tri")
        conn.execute(trigram_fill_sql())  # what the dropped insert trigger would have indexed
        for _, sql in triggers:
            conn.execute(sql)
        bad = conn.execute(
            "SELECT count(*) FROM (SELECT * FROM spans ORDER BY random() LIMIT 2000) s"
            " JOIN articles a ON a.id = s.article_id"
            ' WHERE s.text IS NOT substr(a.text, s.start + 1, s."end" - s.start)'
        ).fetchone()[0]
        if bad:
            raise RuntimeError(f"{path}: {bad} generated span(s) do not match their text")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        conn.close()
        raise
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.close()
    return n_art, n_span


def _cached(name: str, build, force: bool = False) -> Path:  # build(tmp_path) -> None
    target = cache_dir() / name
    if target.exists() and not force:
        return target
    tmp = target.with_name(target.name + ".building")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    build(tmp)
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    os.replace(tmp, target)
    return target


def corpus_db(n: int, pool: Pool | None = None, *, force: bool = False) -> Path:
    """The database of ``n`` generated articles (built once, then reused)."""
    pool = pool or load_pool()
    name = f"corpus-v{GEN_VERSION}-{pool_fingerprint(pool)}-{n}.db"
    return _cached(name, lambda p: fill(p, iter_articles(n, pool)), force)


def big_db(
    pool: Pool | None = None, *, chars: int = 1_000_000, spans: int = 5000, force: bool = False
) -> Path:
    """A database whose article 1 is the long article (``chars`` / ``spans``), plus 20 normal ones."""
    pool = pool or load_pool()
    name = f"big-v{BIG_VERSION}-{pool_fingerprint(pool)}-{chars}-{spans}.db"

    def build(p: Path) -> None:
        def arts() -> Iterator[GenArticle]:
            yield big_article(pool, chars, spans)
            rng = random.Random(SEED + 2)
            langs, weights = _lang_weights(pool)
            for i in range(2, 22):
                yield make_article(i, pool, rng, langs, weights)

        fill(p, arts())

    return _cached(name, build, force)


# --- files to import ----------------------------------------------------------------------------

CHROME = (
    "Home | World | Business | Sport | Culture | Opinion",
    "Subscribe to our newsletter",
    "Sign in",
    "Most read",
    "Share on Facebook  Share on X  Email",
    "© 2024 All rights reserved. Privacy policy · Cookie settings · Contact us",
)


def text_files(n: int, pool: Pool | None = None) -> Path:
    """A folder of ``n`` plain-text scrapes (article + site chrome lines), one file each."""
    pool = pool or load_pool()

    def build(p: Path) -> None:
        p.mkdir()
        rng = random.Random(SEED + 3)
        langs, weights = _lang_weights(pool)
        for i in range(1, n + 1):
            a = make_article(i, pool, rng, langs, weights)
            lines = list(CHROME[:3]) + [a.title, ""] + a.text.split("\n") + ["", *CHROME[3:]]
            (p / f"{i:06d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    return _cached(f"texts-v{GEN_VERSION}-{pool_fingerprint(pool)}-{n}", build)


def html_pages(n: int, pool: Pool | None = None) -> list[Path]:
    """``n`` HTML pages: the dev set's crawled pages (read in place, repeated if needed) when
    present, else generated pages with menus and footers."""
    dev = devset_dir()
    pages = sorted((dev / "html").glob("*.html.gz")) if dev else []
    if pages:
        out_dir = cache_dir() / f"html-dev-v{GEN_VERSION}-{n}"
        if not out_dir.exists():
            tmp = out_dir.with_name(out_dir.name + ".building")
            if tmp.exists():
                for f in tmp.iterdir():
                    f.unlink()
            tmp.mkdir(exist_ok=True)
            # Pages past the first pass get a unique comment so re-imports are not duplicates.
            for i in range(n):
                src = pages[i % len(pages)]
                html = gzip.decompress(src.read_bytes()).decode("utf-8", errors="replace")
                if i >= len(pages):
                    html = html.replace(
                        "</body>",
                        f"<p>Update {i}: correction appended to this story.</p></body>",
                        1,
                    )
                (tmp / f"{i:05d}.html").write_text(html, encoding="utf-8")
            os.replace(tmp, out_dir)
        return sorted(out_dir.glob("*.html"))
    pool = pool or load_pool()

    def build(p: Path) -> None:
        p.mkdir()
        rng = random.Random(SEED + 4)
        langs, weights = _lang_weights(pool)
        for i in range(1, n + 1):
            a = make_article(i, pool, rng, langs, weights)
            body = "\n".join(f"<p>{para}</p>" for para in a.text.split("\n")[1:])
            nav = "".join(
                f"<li><a href='/s{k}'>{w}</a></li>" for k, w in enumerate(CHROME[0].split(" | "))
            )
            html = (
                f"<!doctype html><html lang='{a.lang}'><head><title>{a.title} | {a.publisher}</title>"
                f"<meta name='author' content='Staff'><meta property='article:published_time' "
                f"content='{a.published}'></head><body><nav><ul>{nav}</ul></nav><article>"
                f"<h1>{a.title}</h1>{body}</article><aside>{CHROME[3]}</aside>"
                f"<footer>{CHROME[5]}</footer></body></html>"
            )
            (p / f"{i:05d}.html").write_text(html, encoding="utf-8")

    return sorted(
        _cached(f"html-gen-v{GEN_VERSION}-{pool_fingerprint(pool)}-{n}", build).glob("*.html")
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, action="append", default=[], help="build corpus-N.db")
    ap.add_argument(
        "--big", action="store_true", help="build the 1 MB / 5,000-span article's database"
    )
    ap.add_argument("--force", action="store_true", help="rebuild even when cached")
    ap.add_argument("--where", action="store_true", help="print the cache folder and exit")
    args = ap.parse_args(argv)
    if args.where:
        print(cache_dir())
        return
    pool = load_pool()
    print(f"material: {pool.source}; languages: {', '.join(pool.langs)}")
    for n in args.articles:
        t = time.perf_counter()
        p = corpus_db(n, pool, force=args.force)
        print(f"{p}  ({time.perf_counter() - t:.1f} s)")
    if args.big:
        t = time.perf_counter()
        p = big_db(pool, force=args.force)
        print(f"{p}  ({time.perf_counter() - t:.1f} s)")


if __name__ == "__main__":
    main()
