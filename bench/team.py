"""Benchmark of team work: `newsmark merge` of two annotators' databases and `newsmark agree`.

    python bench/team.py [--articles 10000] [--spans-per-article 10]

Builds two databases (alice's and bob's) with the same articles, each with its annotator's
spans, done statuses and one logged action per span (as the app writes them), bob agreeing with
alice on ~80 % of the spans; then times, each in a child process with its peak RSS:
the merge of both into a new database, the same merge again (nothing new), and `agree --json`
on the result. Prints a Markdown table (for docs/benchmarks.md). Synthetic text only.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "le",
    "la",
    "les",
    "un",
    "une",
    "de",
    "du",
    "des",
    "et",
    "à",
    "en",
    "pour",
    "avec",
    "sur",
    "dans",
    "par",
    "que",
    "qui",
    "ne",
    "pas",
    "plus",
    "gouvernement",
    "ministre",
    "président",
    "ville",
    "pays",
    "accord",
    "réunion",
    "semaine",
    "année",
    "projet",
    "loi",
]
NAMES = {
    "PER": ["Emmanuel Macron", "Olaf Scholz", "Angela Merkel", "Jeanne Dupont"],
    "LOC": ["Berlin", "Paris", "Lyon", "Marseille"],
    "ORG": ["Air France", "la SNCF", "Renault", "l'ONU"],
    "MISC": ["Coupe du monde", "Tour de France"],
}


def make_articles(n: int, k: int, seed: int = 1) -> list[tuple[str, list[tuple[int, int, str]]]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        parts: list[str] = [f"Article {i}."]
        spans = []
        pos = len(parts[0]) + 1
        for _ in range(k):
            filler = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))
            label = rng.choice(list(NAMES))
            name = rng.choice(NAMES[label])
            parts.append(filler)
            pos += len(filler) + 1
            spans.append((pos, pos + len(name), label))
            parts.append(name)
            pos += len(name) + 1
        parts.append(" ".join(rng.choice(WORDS) for _ in range(8)) + ".")
        out.append((" ".join(parts), spans))
    return out


def build(path: Path, who: str, arts, agree: float, seed: int) -> None:
    """One annotator's database, written with plain SQL at the speed of a bulk load."""
    from tui.core.store import Store, content_hash, now

    rng = random.Random(seed)
    with Store(path, annotator=who) as s:
        s.set_setting("team_mode", "1")
        ts = now()
        with s.transaction() as c:
            for i, (text, spans) in enumerate(arts, 1):
                c.execute(
                    "INSERT INTO articles(id, hash, raw, text, lang, status, imported_at, updated_at)"
                    " VALUES (?,?,?,?,?,?,?,?)",
                    (i, content_hash(text), text, text, "fr", "done", ts, ts),
                )
                for start, end, label in spans:
                    if rng.random() > agree:
                        label = rng.choice([lb for lb in NAMES if lb != label])
                    cur = c.execute(
                        'INSERT INTO spans(article_id, start, "end", label, text, annotator, origin,'
                        " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                        (i, start, end, label, text[start:end], who, "manual", ts, ts),
                    )
                    op = [
                        {
                            "op": "insert",
                            "span": {
                                "id": cur.lastrowid,
                                "article_id": i,
                                "start": start,
                                "end": end,
                                "label": label,
                            },
                        }
                    ]
                    c.execute(
                        "INSERT INTO actions(ts, article_id, kind, ops, inverse, annotator) VALUES (?,?,?,?,?,?)",
                        (f"{ts}{cur.lastrowid}", i, "tag", json.dumps(op), "[]", who),
                    )
                c.execute(
                    "INSERT INTO annotator_status(article_id, annotator, status, updated_at) VALUES (?,?,?,?)",
                    (i, who, "done", ts),
                )


#: Runs a command and prints its peak RSS (KB) last on stderr. A go-between, as /usr/bin/time
#: is: a child forked from this (large) process would report this process's RSS as its own.
PEAK = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(r.returncode)"
)


def timed(args: list[str]) -> tuple[float, float, str]:
    """Run ``newsmark ARGS`` in a child; (seconds, peak RSS MB of that command, its last stderr
    line or the start of its output)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", PEAK, sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    secs = time.perf_counter() - t0
    *lines, peak = proc.stderr.strip().splitlines()
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{args}: exit {proc.returncode}: {proc.stderr[-500:]}")
    return (secs, int(peak) / 1024, lines[-1] if lines else proc.stdout[:200])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--spans-per-article", type=int, default=10)
    opts = ap.parse_args()
    arts = make_articles(opts.articles, opts.spans_per_article)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        t0 = time.perf_counter()
        build(tmp / "alice.db", "alice", arts, 1.0, 2)
        build(tmp / "bob.db", "bob", arts, 0.8, 3)
        made = time.perf_counter() - t0
        team = str(tmp / "team.db")
        rows = []
        secs, rss, msg = timed(["--db", team, "merge", str(tmp / "alice.db"), str(tmp / "bob.db")])
        rows.append(("merge 2 databases into a new one", secs, rss, msg))
        secs, rss2, msg = timed(["--db", team, "merge", str(tmp / "alice.db"), str(tmp / "bob.db")])
        rows.append(("the same merge again (nothing new)", secs, rss2, msg))
        secs, rss3, msg = timed(["--db", team, "agree", "--json"])
        rows.append(("agree --json on the merged database", secs, rss3, ""))
        n_spans = opts.articles * opts.spans_per_article
        print(
            f"<!-- bench/team.py: {opts.articles:,} articles, {n_spans:,} spans per annotator, "
            f"2 annotators; databases built in {made:.1f} s -->"
        )
        print("| what | time | peak RSS of the command | output |")
        print("| --- | --- | --- | --- |")
        for what, secs, rss, msg in rows:
            print(f"| {what} | {secs:.1f} s | {rss:.0f} MB | {msg} |")


if __name__ == "__main__":
    main()
