"""`newsmark lint` on a shared team database (blind annotation), through the CLI entry point:
an annotator's lint checks their own spans and status, so it never reports (nor shows) a
finding made of another annotator's spans; ``--annotator NAME|gold|majority|all`` chooses
whose, and the lint an export runs checks exactly the spans the export writes.

The material is team_support.lint_team_db: counting everyone's spans, alice's Macron PER is
"inconsistent" (bob's three ORG outvote it) and so is bob's Berlin ORG; bob's own work has the
Berlin inconsistency and a whitespace error; alice's own work has neither.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from team_support import BERLIN, LINT_TEXTS, MACRON, SCHOLZ, at, lint_team_db

from tui.core import team
from tui.core.store import Store

TEXTS = LINT_TEXTS


@pytest.fixture
def team_db(tmp_path: Path) -> tuple[Path, list[int]]:
    db = tmp_path / "team.db"
    return db, lint_team_db(db)


def findings(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def spans_of(db: Path, who: str) -> set[tuple[int, int, int]]:
    with sqlite3.connect(db) as c:
        return set(
            c.execute('SELECT article_id, start, "end" FROM spans WHERE annotator = ?', (who,))
        )


def test_lint_checks_the_annotators_own_spans_in_team_mode(team_db, cli) -> None:
    db, ids = team_db
    bobs, alices = spans_of(db, "bob"), spans_of(db, "alice")
    berlin_org = (ids[2], *at(TEXTS[2], BERLIN))
    assert berlin_org in bobs

    # alice, by default: her own spans, all consistent: exit 0, and no finding sits on, or
    # names, bob's work (labels only bob used are unused in hers)
    code, out, err = cli("--db", str(db), "--annotator", "alice", "lint", "--json")
    assert code == 0, err
    assert "checking alice's own spans" in err
    got = findings(out)
    assert not [f for f in got if f["code"] in ("inconsistent", "whitespace")], got
    on_spans = {(f["article_id"], f["start"], f["end"]) for f in got if f["start"] is not None}
    assert not (on_spans - alices), got
    assert all("ORG" not in f["message"] for f in got if f["code"] != "unused-label"), got

    # --annotator bob: bob's own work, with its whitespace error and his Berlin ORG outvoted
    code, out, err = cli(
        "--db", str(db), "--annotator", "alice", "lint", "--annotator", "bob", "--json"
    )
    assert code == 1
    assert "checking bob's spans and status" in err
    got = findings(out)
    codes = {(f["code"], f["article_id"], f["start"], f["end"]) for f in got}
    assert ("inconsistent", *berlin_org) in codes
    assert ("whitespace", ids[0], *at(TEXTS[0], SCHOLZ + " ")) in codes
    on_spans = {(f["article_id"], f["start"], f["end"]) for f in got if f["start"] is not None}
    assert on_spans <= bobs, got
    assert not any(f["code"] == "inconsistent" and "PER" in f["message"] for f in got)

    # bob by default (the same as --annotator bob), and alice with "all": every span, as before
    code, out, _ = cli("--db", str(db), "--annotator", "bob", "lint", "--json")
    assert code == 1 and ("inconsistent", *berlin_org) in {
        (f["code"], f["article_id"], f["start"], f["end"]) for f in findings(out)
    }
    code, out, err = cli(
        "--db", str(db), "--annotator", "alice", "lint", "--annotator", "all", "--json"
    )
    assert code == 1 and "every annotator's spans" in err
    mixed = {(f["article_id"], f["start"]) for f in findings(out) if f["code"] == "inconsistent"}
    assert (ids[0], TEXTS[0].index(MACRON)) in mixed  # alice's PER, outvoted by bob's ORG
    assert (ids[2], TEXTS[2].index(BERLIN)) in mixed


def test_lint_outside_team_mode_checks_every_span(team_db, cli) -> None:
    db, ids = team_db
    with Store(db) as s:
        team.set_team_mode(s, False)
    code, out, err = cli("--db", str(db), "--annotator", "alice", "lint", "--json")
    assert code == 1  # bob's whitespace error counts: every span, as before team mode
    assert "several annotators' work, all checked together" in err
    assert "whitespace" in {f["code"] for f in findings(out)}
    # --annotator still chooses (status is then theirs: done)
    code, out, _ = cli("--db", str(db), "lint", "--annotator", "alice", "--json")
    assert code == 0 and "whitespace" not in {f["code"] for f in findings(out)}


def test_export_lints_the_spans_it_writes(team_db, cli, tmp_path: Path) -> None:
    db, ids = team_db
    # to a file: alice's work exports, her records hold only her spans, no warning about bob's
    out = tmp_path / "alice.jsonl"
    code, _, err = cli("--db", str(db), "export", "--annotator", "alice", str(out))
    assert code == 0, err
    assert "inconsistent" not in err and "whitespace" not in err
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert {(r["meta"]["id"], s["start"], s["end"]) for r in recs for s in r["spans"]} == (
        spans_of(db, "alice")
    )
    # to standard output (lint first, then write): bob's error does not stop alice's export...
    code, stdout, err = cli("--db", str(db), "export", "--annotator", "alice", "-")
    assert code == 0, err
    assert len(stdout.splitlines()) == 3
    # ...and does stop bob's, named
    code, stdout, err = cli("--db", str(db), "export", "--annotator", "bob", "-")
    assert code == 1 and stdout == ""
    assert "whitespace" in err
    code, _, err = cli("--db", str(db), "export", "--annotator", "bob", str(tmp_path / "b.jsonl"))
    assert code == 1 and "whitespace" in err and not (tmp_path / "b.jsonl").exists()
    # forced, bob's export warns of his own inconsistency, never of alice's labels
    code, _, err = cli(
        "--db", str(db), "export", "--annotator", "bob", "--force", str(tmp_path / "b.jsonl")
    )
    assert code == 0, err
    assert f"article {ids[2]} [" in err and "'Berlin' is tagged ORG here" in err
    assert "PER" not in err.replace("PER 'Olaf Scholz '", "")


def test_lint_of_the_majority_and_of_gold(team_db, cli) -> None:
    db, ids = team_db
    # the majority of two finishers is what both made: Berlin LOC in the first two articles
    # only, so the third (empty for the majority) has its Berlin "missed"; nothing inconsistent
    code, out, err = cli("--db", str(db), "lint", "--annotator", "majority", "--json")
    assert code == 0, err
    got = findings(out)
    assert {f["code"] for f in got} == {"empty", "missed", "unused-label"}, got
    assert [(f["article_id"], f["start"]) for f in got if f["code"] == "missed"] == [
        (ids[2], TEXTS[2].index(BERLIN))
    ]
    # gold has no work yet: said so, and nothing is checked
    code, out, err = cli("--db", str(db), "lint", "--annotator", "gold", "--json")
    assert code == 0 and "gold has no work in this database" in err


def test_lint_as_a_real_process(team_db, newsmark) -> None:
    """The console entry in a child process, with the annotator from the environment."""
    db, ids = team_db
    alice = newsmark("--db", str(db), "lint", env={"NEWSMARK_ANNOTATOR": "alice"})
    assert alice.returncode == 0, alice.stderr
    assert b"checking alice's own spans" in alice.stderr and b"inconsistent" not in alice.stdout
    bob = newsmark("--db", str(db), "lint", env={"NEWSMARK_ANNOTATOR": "bob"})
    assert bob.returncode == 1
    assert f"article {ids[0]} [0, 12): whitespace".encode() in bob.stdout
    assert b"inconsistent" in bob.stdout
