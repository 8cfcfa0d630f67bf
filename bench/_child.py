"""Subprocess entry points of the benchmarks (not meant to be run by hand).

_child.py rss -- CMD...                 run CMD, print {"wall", "maxrss_kb", "rc"} as JSON
_child.py bare-export DB OUT            the export baseline: sqlite3 SELECT + json.dumps loop
_child.py coldstart bare|newsmark [DB]  print seconds from $BENCH_T0 to the first frame
"""

from __future__ import annotations

import bisect
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rss(cmd: list[str]) -> None:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - t0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode:
        sys.stderr.write(p.stderr.decode(errors="replace")[-2000:])
    print(
        json.dumps(
            {
                "wall": wall,
                "maxrss_kb": ru.ru_maxrss,
                "rc": p.returncode,
                "cpu": ru.ru_utime + ru.ru_stime,
            }
        )
    )


_TOKEN = re.compile(r"\w+|[^\w\s]")


def bare_export(db: str, out: str) -> None:
    """What a bare script writes for the same records: the same fields, tokens from a plain
    ``re`` pattern, spans merged from one ordered SELECT; no checks, no atomic rename."""
    conn = sqlite3.connect(db)
    spans = conn.execute(
        'SELECT article_id, start, "end", label, text FROM spans ORDER BY article_id, start, "end"'
    )
    pending = next(spans, None)
    with open(out, "w", encoding="utf-8") as fh:
        for (
            aid,
            text,
            title,
            source,
            author,
            published,
            publisher,
            lang,
            prob,
            status,
            h,
        ) in conn.execute(
            "SELECT id, text, title, source, author, published, publisher, lang,"
            " lang_prob, status, hash FROM articles ORDER BY id"
        ):
            toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
            starts = [s for s, _ in toks]
            ends = [e for _, e in toks]
            sp = []
            while pending is not None and pending[0] <= aid:
                if pending[0] == aid:
                    t0 = bisect.bisect_right(ends, pending[1])
                    t1 = bisect.bisect_left(starts, pending[2]) - 1
                    sp.append(
                        {
                            "start": pending[1],
                            "end": pending[2],
                            "label": pending[3],
                            "text": pending[4],
                            "token_start": t0,
                            "token_end": max(t0, t1),
                        }
                    )
                pending = next(spans, None)
            n = len(text)
            rec = {
                "text": text,
                "spans": sp,
                "tokens": [
                    {
                        "text": text[s:e],
                        "start": s,
                        "end": e,
                        "id": i,
                        "ws": e < n and text[e].isspace(),
                    }
                    for i, (s, e) in enumerate(toks)
                ],
                "meta": {
                    "id": aid,
                    "title": title,
                    "source": source,
                    "author": author,
                    "date": published,
                    "publisher": publisher,
                    "language": lang,
                    "language_prob": prob,
                    "status": status,
                    "hash": h,
                },
            }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def coldstart(mode: str, db: str | None) -> None:
    """Run an app headless and print the seconds between $BENCH_T0 (set by the parent just before
    it spawned us) and the first frame the compositor produced for the app's first real screen."""
    t0 = float(os.environ["BENCH_T0"])
    if mode == "bare":
        from textual.app import App, ComposeResult
        from textual.widgets import Label

        class Bare(App[None]):
            def compose(self) -> ComposeResult:
                yield Label("hello")

        app: App[None] = Bare()
        wanted = None
    else:
        sys.path.insert(0, str(ROOT))
        from tui.app import NewsmarkApp
        from tui.screens.library import LibraryScreen

        app = NewsmarkApp(db_path=db)
        wanted = LibraryScreen

    display = app._display
    stamped: list[float] = []

    def hooked(screen, renderable) -> None:  # the compositor produced a frame for ``screen``
        display(screen, renderable)
        if (
            renderable is not None
            and not stamped
            and (wanted is None or isinstance(screen, wanted))
        ):
            stamped.append(time.time())
            app.call_later(app.exit)

    app._display = hooked  # type: ignore[method-assign]
    app.run(headless=True, size=(120, 40))
    if not stamped:
        raise SystemExit("no frame")
    print(json.dumps({"first_frame": stamped[0] - t0}))


def main() -> None:
    cmd = sys.argv[1]
    if cmd == "rss":
        rss(sys.argv[sys.argv.index("--") + 1 :])
    elif cmd == "bare-export":
        bare_export(sys.argv[2], sys.argv[3])
    elif cmd == "coldstart":
        coldstart(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    else:
        raise SystemExit(f"unknown: {cmd}")


if __name__ == "__main__":
    main()
