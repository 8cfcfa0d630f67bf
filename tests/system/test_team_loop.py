"""The whole team loop on the seed articles, through the CLI entry point: three annotators with
different mistakes work apart, the lead merges, measures agreement, auto-adjudicates, fixes the
rest, and exports gold, which must equal tests/data/seeds_gold.jsonl. Also: assign, the
--annotator exports and --min-agreement.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import SEEDS
from team_support import GOLD, alice_mistakes, annotate, bob_mistakes, carol_mistakes, gold_keys

from tui.core.store import Store


@pytest.fixture
def team_files(tmp_path: Path, cli) -> dict[str, Path]:
    base = tmp_path / "base.db"
    code, _, err = cli("--db", str(base), "import", str(SEEDS))
    assert code == 0, err
    # the in-process CLI keeps its connection: fold the WAL into the file before copying it
    sqlite3.connect(base).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    files = {}
    for who, mistakes in (
        ("alice", alice_mistakes),
        ("bob", bob_mistakes),
        ("carol", carol_mistakes),
    ):
        f = tmp_path / f"{who}.db"
        shutil.copy(base, f)
        annotate(f, who, mistakes)
        files[who] = f
    return files


def records(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_three_annotators_merge_agree_adjudicate_export_gold(
    tmp_path: Path, team_files, cli
) -> None:
    team = str(tmp_path / "team.db")
    code, _, err = cli("--db", team, "merge", *map(str, team_files.values()))
    assert code == 0, err
    assert "3 new and 0 updated" not in err  # six versions: 2 articles x 3 annotators
    assert "6 new and 0 updated" in err and "0 conflict(s)" in err

    code, out, err = cli("--db", team, "agree", "--json")
    assert code == 0, err
    rep = json.loads(out)
    assert rep["annotators"] == ["alice", "bob", "carol"] and rep["articles"] == 2
    assert len(rep["pairs"]) == 3
    for key in ("exact_f1", "overlap_f1", "token_kappa", "token_alpha"):
        assert 0.5 < rep[key] < 1.0, key
    assert rep["overlap_f1"] > rep["exact_f1"]  # carol's cut entity still overlaps

    code, _, err = cli("--db", team, "adjudicate", "--auto")
    assert code == 0, err
    assert "2 article(s) done by two or more: 0 identical" in err and "2 left to adjudicate" in err
    conn = sqlite3.connect(team)
    auto = conn.execute("SELECT count(*) FROM spans WHERE annotator = 'gold'").fetchone()[0]
    assert auto == sum(len(gold_keys(h)) for h in GOLD) - 4  # alice missed 2, bob and carol 1 each
    decided_auto = conn.execute(
        "SELECT count(*) FROM gold_decisions WHERE how = 'auto'"
    ).fetchone()[0]
    assert decided_auto == auto

    # the adjudicator goes through the queue, most disagreement first, and settles each disputed span
    code, out, _ = cli("--db", team, "adjudicate", "--queue")
    assert code == 0
    lines = [ln for ln in out.splitlines() if not ln.startswith("\t")]
    assert len(lines) == 2
    f1s = [float(ln.split("\t")[1]) for ln in lines]
    assert f1s == sorted(f1s)
    hashes = dict(conn.execute("SELECT id, hash FROM articles"))
    for ln in lines:
        aid = int(ln.split("\t")[0])
        disputed = [
            x.split("\t")[1] for x in out.split(ln + "\n", 1)[1].splitlines() if x.startswith("\t")
        ][: int(ln.split("\t")[2].split()[0])]
        args = []
        for spec in disputed:
            s, e, lb = spec.split(":")
            right = (int(s), int(e), lb) in gold_keys(hashes[aid])
            args += ["--accept-span" if right else "--reject-span", spec]
        code, _, err = cli(
            "--db",
            team,
            "--annotator",
            "lead",
            "adjudicate",
            "--article",
            str(aid),
            *args,
            "--done",
        )
        assert code == 0, err
    code, out, _ = cli("--db", team, "adjudicate", "--queue")
    assert out.strip() == ""  # nothing left

    # who decided what is recorded
    by = set(conn.execute("SELECT decided_by, how FROM gold_decisions WHERE how = 'span'"))
    assert by == {("lead", "span")}

    out_file = tmp_path / "gold.jsonl"
    code, _, err = cli("--db", team, "export", str(out_file), "--annotator", "gold")
    assert code == 0, err
    recs = records(out_file)
    assert len(recs) == 2
    for rec in recs:
        assert rec["meta"]["annotator"] == "gold" and rec["meta"]["status"] == "done"
        got = [{k: sp[k] for k in ("start", "end", "label", "text")} for sp in rec["spans"]]
        assert got == GOLD[rec["meta"]["hash"]]["spans"]

    # three different mistakes: the majority is right everywhere too
    maj = tmp_path / "majority.jsonl"
    code, _, err = cli("--db", team, "export", str(maj), "--annotator", "majority")
    assert code == 0, err
    for rec in records(maj):
        assert rec["meta"]["annotator"] == "majority"
        assert {(s["start"], s["end"], s["label"]) for s in rec["spans"]} == gold_keys(
            rec["meta"]["hash"]
        )

    # one annotator's own work, mistakes and all
    mine = tmp_path / "alice.jsonl"
    code, _, err = cli("--db", team, "export", str(mine), "--annotator", "alice")
    assert code == 0, err
    for rec in records(mine):
        keys = sorted(gold_keys(rec["meta"]["hash"]))
        assert rec["meta"]["annotator"] == "alice"
        assert {(s["start"], s["end"], s["label"]) for s in rec["spans"]} == set(keys[1:])


def test_min_agreement_leaves_out_weak_labels(tmp_path: Path, team_files, cli) -> None:
    team = str(tmp_path / "team.db")
    cli("--db", team, "merge", *map(str, team_files.values()))
    code, out, _ = cli("--db", team, "agree", "--json")
    by_label = json.loads(out)["by_label"]
    # bob's MISC is a label only he used: its alpha is the lowest
    weakest = min(
        by_label,
        key=lambda lb: (
            by_label[lb]["token_alpha"] if by_label[lb]["token_alpha"] is not None else -1
        ),
    )
    floor = sorted(v["token_alpha"] for v in by_label.values() if v["token_alpha"] is not None)[1]
    out_file = tmp_path / "x.jsonl"
    code, _, err = cli(
        "--db",
        team,
        "export",
        str(out_file),
        "--annotator",
        "majority",
        "--min-agreement",
        str(floor),
        "--force",
    )
    assert code == 0, err
    assert f"label {weakest}: token alpha" in err and "not exported" in err
    labels = {s["label"] for rec in records(out_file) for s in rec["spans"]}
    assert weakest not in labels and labels
    code, _, err = cli("--db", team, "export", str(tmp_path / "y.jsonl"), "--min-agreement", "1.01")
    assert code == 1 and "nothing exported" in err
    assert not (tmp_path / "y.jsonl").exists()


def test_assign_is_even_deterministic_and_puts_the_queue_first(tmp_path: Path, cli) -> None:
    from tui.core.assign import plan, queue_first

    hashes = [f"{i:064x}" for i in range(30)]
    p = plan(hashes, ["alice", "bob", "carol"], 2)
    assert {k: len(v) for k, v in p.items()} == {"alice": 20, "bob": 20, "carol": 20}
    holders: dict[str, set[str]] = {}
    for who, hs in p.items():
        for h in hs:
            holders.setdefault(h, set()).add(who)
    assert all(len(v) == 2 for v in holders.values()) and len(holders) == 30
    pairs: dict[frozenset, int] = {}
    for v in holders.values():
        pairs[frozenset(v)] = pairs.get(frozenset(v), 0) + 1
    assert sorted(pairs.values()) == [10, 10, 10]
    assert plan(list(reversed(hashes)), ["alice", "bob", "carol"], 2) == p

    db = tmp_path / "lib.db"
    code, _, err = cli("--db", str(db), "import", str(SEEDS))
    assert code == 0, err
    code, out, err = cli(
        "--db", str(db), "assign", "--annotators", "alice,bob,carol", "--overlap", "2"
    )
    assert code == 0, err
    counts = dict(line.split("\t") for line in out.splitlines())
    assert sorted(map(int, counts.values())) == [1, 1, 2]
    conn = sqlite3.connect(db)
    first = conn.execute(
        "SELECT article_id, annotator, ord FROM assignments ORDER BY 1, 2"
    ).fetchall()
    code, out2, _ = cli(
        "--db", str(db), "assign", "--annotators", "alice,bob,carol", "--overlap", "2"
    )
    assert out2 == out
    assert (
        conn.execute("SELECT article_id, annotator, ord FROM assignments ORDER BY 1, 2").fetchall()
        == first
    )
    with Store(db, annotator="carol") as s:
        ids = s.article_ids()
        mine = [a for a, who, _ in first if who == "carol"]
        assert queue_first(s, ids)[: len(mine)] == sorted(mine, key=lambda i: s.article(i).hash)
    code, _, err = cli("--db", str(db), "assign", "--annotators", "alice,bob", "--overlap", "3")
    assert code == 1 and "--overlap must be between 1 and" in err
    code, _, err = cli("--db", str(db), "assign", "--annotators", "alice,gold")
    assert code == 1 and "reserved" in err
