"""The team loop's shared material: the gold spans of the seed articles and three annotators who
each make their own mistakes. Used by tests/system/test_team_loop.py (the CLI) and
tests/ui/test_app_adjudicate.py (the adjudication screen)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DATA

from tui.core.store import Store

GOLD = {
    r["hash"]: r
    for r in map(json.loads, (DATA / "seeds_gold.jsonl").read_text(encoding="utf-8").splitlines())
}


def gold_keys(h: str) -> set[tuple[int, int, str]]:
    return {(s["start"], s["end"], s["label"]) for s in GOLD[h]["spans"]}


def annotate(path: Path, who: str, mistakes) -> None:  # type: ignore[no-untyped-def]
    """Tag the gold spans of every article as ``who`` (as the reader does, through the store),
    with ``mistakes(article index, spans) -> spans`` applied, and mark each article done."""
    with Store(path, annotator=who) as s:
        for n, aid in enumerate(sorted(s.article_ids(), key=lambda i: s.article(i).hash)):
            keys = sorted(gold_keys(s.article(aid).hash))
            for start, end, label in mistakes(n, keys):
                s.tag(aid, start, end, label)
            s.set_status(aid, "done")


def alice_mistakes(n, keys):  # misses the first entity of each article
    return keys[1:]


def bob_mistakes(n, keys):  # a wrong label on the third entity of the first article
    out = list(keys)
    if n == 0:
        s, e, lb = out[2]
        out[2] = (s, e, "MISC")
    return out


def carol_mistakes(n, keys):  # cuts the last entity one character short on the second article
    out = list(keys)
    if n == 1:
        s, e, lb = out[-1]
        out[-1] = (s, e - 1, lb)
    return out
