"""Measured speed of annotation: keys and seconds per action, and a scripted user on the seeds and
on news written for the tests (the user is tests/helpers/scripted_user.py, shared with
bench/annotation_speed.py, which runs it on dev-set pages).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, SEEDS
from tui.core.store import NewArticle, Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))

from scripted_user import read_gold, run_user  # noqa: E402


def test_speed_stats_by_how(store: Store, cli) -> None:
    text = "Brad Smith et Fumio Kishida à Tokyo et Tokyo."
    (a,), _, _ = store.insert_articles([NewArticle(text=text, raw=text)])
    store.tag(a, 0, 10, "PER", how="typed", keys=4, seconds=6.0)
    store.tag(a, 14, 27, "PER", how="candidate", keys=2, seconds=2.0)
    store.tag(a, 30, 35, "LOC", how="candidate", keys=2, seconds=2.0)
    store.tag_many(a, [(a, 39, 44, "LOC")], how="occurrence", keys=2, seconds=1.0)
    store.tag(a, 30, 35, "ORG", keys=1, seconds=1.0)  # a relabel: cost, no new entity
    store.reject(a, 39, 44, "PER", kind="occurrence", keys=1, seconds=0.5)
    store.tag(a, 11, 13, "MISC", how="typed", keys=3, seconds=3.0)
    store.undo()  # cost spent, no entity
    st = store.speed_stats()
    assert st["entities"] == 4 and st["keys"] == 15 and st["keys_per_entity"] == 3.75
    assert st["entities_per_hour"] == round(4 * 3600 / 15.5, 1)
    by = st["by_how"]
    assert by["candidate"]["entities"] == 2 and by["candidate"]["keys_per_entity"] == 2.0
    assert by["typed"]["entities"] == 1 and by["typed"]["keys_per_entity"] == 7.0
    assert by["occurrence"]["keys_per_entity"] == 2.0
    assert by["relabel"]["entities"] == 0 and by["rejected"]["keys"] == 1
    code, out, _ = cli("--db", str(store.path), "stats", "--json")
    assert code == 0 and json.loads(out)["speed"]["keys_per_entity"] == 3.75
    code, out, _ = cli("--db", str(store.path), "stats")
    assert code == 0 and "speed (entities, entities/hour, keys/entity):" in out
    assert "candidate" in out and "3.75" in out


SPEED = DATA / "speed"

#: (name, input files, gold files, bound on keys per entity a little above the measurement)
PAGES = [
    ("seeds", [SEEDS], [DATA / "seeds_gold.jsonl"], 2.0),  # measured 1.52
    ("de", [SPEED / "de_team.txt"], [SPEED / "de_gold.jsonl"], 2.5),  # measured 2.36
    ("ko", [SPEED / "ko_team.txt"], [SPEED / "ko_gold.jsonl"], 2.9),  # measured 2.75
    ("ja", [SPEED / "ja_team.txt"], [SPEED / "ja_gold.jsonl"], 3.6),  # measured 3.43
]


@pytest.mark.parametrize(
    ("name", "inputs", "gold_files", "bound"), PAGES, ids=[p[0] for p in PAGES]
)
def test_scripted_user_on_a_page(
    store: Store, name: str, inputs: list[Path], gold_files: list[Path], bound: float
) -> None:
    """The same scripted user on the seeds and on a German, a Korean and a Japanese article
    written for the tests (hand-made gold, see tests/data/speed/SOURCES.md): the spans stored
    equal the gold exactly, and the keys per entity stay under the measured figure's bound.
    (The same on dev-set pages: ``python bench/annotation_speed.py``.)"""
    from tui.core.ingest import import_paths

    import_paths(store, [str(p) for p in inputs], jobs=1)
    gold = read_gold(*gold_files)
    ids = store.article_ids()
    assert {store.require_article(i).hash for i in ids} == set(gold)
    run = run_user(store, gold)
    # the result is exactly the gold, and nothing but spans of known origins and hows
    for aid in ids:
        art = store.require_article(aid)
        got = [(s.start, s.end, s.label, s.text) for s in store.spans(aid)]
        assert got == [(g["start"], g["end"], g["label"], g["text"]) for g in gold[art.hash]]
        assert all(art.text[s:e] == t for s, e, _, t in got)
    assert run.exact
    n_gold = sum(len(v) for v in gold.values())
    st = store.speed_stats()
    assert st["entities"] == n_gold == run.entities
    hows = {h for h, b in st["by_how"].items() if b["entities"]}
    assert hows <= {"candidate", "occurrence", "dictionary", "typed"}
    print(
        f"\n{name}: {n_gold} entities, {run.keys} keys, {run.keys_per_entity:.2f} keys/entity, "
        f"{run.wasted} on false candidates, {run.missed} typed; "
        + ", ".join(f"{h}: {b['entities']} in {b['keys']} keys" for h, b in st["by_how"].items())
    )
    if name == "seeds":
        assert n_gold == 65 and run.missed == 0
    assert run.keys_per_entity <= bound
