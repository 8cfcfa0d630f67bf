"""`newsmark agree` (tui/core/agreement.py): the figures against the libraries' own documented
examples, a hand-computed case, scikit-learn on random codings, and byte-identical --json."""

from __future__ import annotations

import json
import random
import shutil
from fractions import Fraction
from pathlib import Path

import pytest

from tui.core import team
from tui.core.agreement import cohen_kappa, krippendorff_alpha
from tui.core.store import NewArticle, Store

TOY = "Emmanuel Macron a rencontré Olaf Scholz à Berlin mardi, selon l'Agence France-Presse."
# The toy pair of /work/shared/notes/team.md (B2), as two annotators would tag it.
ALICE = [
    ("Emmanuel Macron", "PER"),
    ("Olaf Scholz", "PER"),
    ("Berlin", "LOC"),
    ("l'Agence France-Presse", "ORG"),
]
BOB = [
    ("Macron", "PER"),
    ("Olaf Scholz", "PER"),
    ("Berlin", "ORG"),
    ("Agence France-Presse", "ORG"),
]


def test_kappa_on_scikit_learns_documented_example() -> None:
    # sklearn.metrics.cohen_kappa_score's docstring example: 0.6875
    y1 = ["negative", "positive", "negative", "neutral", "positive"]
    y2 = ["negative", "positive", "negative", "neutral", "negative"]
    assert cohen_kappa(y1, y2) == pytest.approx(0.6875)


def test_kappa_on_the_textbook_table() -> None:
    # Cohen's kappa, the 50-item yes/no table (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no): 0.4
    a = ["y"] * 25 + ["n"] * 25
    b = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_kappa_matches_scikit_learn_on_random_codings() -> None:
    from sklearn.metrics import cohen_kappa_score

    rng = random.Random(7)
    for _ in range(50):
        n = rng.randint(2, 60)
        codes = rng.sample(["O", "PER", "LOC", "ORG"], rng.randint(2, 4))
        a = [rng.choice(codes) for _ in range(n)]
        b = [x if rng.random() < 0.7 else rng.choice(codes) for x in a]
        ours = cohen_kappa(a, b)
        if ours is None:
            continue
        assert ours == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)


def test_alpha_on_the_krippendorff_packages_documented_example() -> None:
    # krippendorff.alpha's docstring: nominal 0.691358
    n = None
    data = [
        [n, n, n, n, n, 3, 4, 1, 2, 1, 1, 3, 3, n, 3],
        [1, n, 2, 1, 3, 3, 4, 3, n, n, n, n, n, n, n],
        [n, n, 2, 1, 3, 4, 4, n, 2, 1, 1, 3, 3, n, 4],
    ]
    codes = [[None if x is None else str(x) for x in row] for row in data]
    assert round(krippendorff_alpha(codes), 6) == 0.691358


def test_alpha_on_krippendorffs_own_worked_example() -> None:
    # Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", 4 observers, 12 units,
    # nominal alpha = 0.743
    n = None
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
        [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
    ]
    codes = [[None if x is None else str(x) for x in row] for row in data]
    assert round(krippendorff_alpha(codes), 3) == 0.743


def make_pair_db(path: Path, *, bob_done: bool = True) -> Path:
    with Store(path, annotator="alice") as a:
        (aid,), _, _ = a.insert_articles([NewArticle(text=TOY, raw=TOY, lang="fr")])
        team.set_team_mode(a, True)  # one shared database: each annotator's spans are their own
        for form, lb in ALICE:
            i = TOY.index(form)
            a.tag(aid, i, i + len(form), lb)
        a.set_status(aid, "done")
    with Store(path, annotator="bob") as b:
        for form, lb in BOB:
            i = TOY.index(form)
            b.tag(aid, i, i + len(form), lb)
        if bob_done:
            b.set_status(aid, "done")
    return path


def test_hand_computed_pair_through_the_cli(tmp_path: Path, cli) -> None:
    """Tokens (newsmark's tokenizer): Emmanuel|Macron|a|rencontré|Olaf|Scholz|à|Berlin|mardi|,|
    selon|l'|Agence|France-Presse|. (15). Alice codes PER PER O O PER PER O LOC O O O ORG ORG ORG O,
    Bob O PER O O PER PER O ORG O O O O ORG ORG O: they differ on 3 tokens.

    exact F1 = 2*1/(4+4) = 1/4 (only Olaf Scholz); overlap F1 = (3+3)/8 = 3/4 (Berlin's labels differ).
    kappa: p_o = 12/15, p_e = (4*3 + 1*0 + 3*3 + 7*9)/225 = 84/225, kappa = 96/141 = 32/47.
    alpha: 30 values, n_c = PER 7, LOC 1, ORG 6, O 16; D_o = 6/30; D_e = (900-342)/(30*29);
    alpha = 1 - D_o/D_e = 64/93.
    PER only: exact 2*1/4 = 1/2, overlap 4/4 = 1; kappa: p_o = 14/15, p_e = (4*3+11*12)/225 = 144/225,
    kappa = 22/27.
    """
    db = make_pair_db(tmp_path / "pair.db")
    code, out, err = cli("--db", str(db), "agree", "--json")
    assert code == 0, err
    rep = json.loads(out)
    assert rep["annotators"] == ["alice", "bob"] and rep["articles"] == 1
    expect = {
        "exact_f1": Fraction(1, 4),
        "overlap_f1": Fraction(3, 4),
        "token_kappa": Fraction(32, 47),
        "token_alpha": Fraction(64, 93),
    }
    for key, value in expect.items():
        assert rep[key] == round(float(value), 6), key
        assert rep["pairs"][0][key] == round(float(value), 6), key
    per = rep["by_label"]["PER"]
    assert per["exact_f1"] == 0.5 and per["overlap_f1"] == 1.0
    assert per["token_kappa"] == round(22 / 27, 6)
    assert rep["by_label"]["LOC"]["exact_f1"] == 0.0
    # the text table has the same figures
    code, out, _ = cli("--db", str(db), "agree")
    assert code == 0 and "alice / bob (1)" in out and "0.250" in out and "0.681" in out


def test_only_articles_both_finished_count(tmp_path: Path, cli) -> None:
    db = make_pair_db(tmp_path / "pair.db", bob_done=False)
    code, out, _ = cli("--db", str(db), "agree", "--json")
    rep = json.loads(out)
    assert code == 0 and rep["articles"] == 0
    assert all(rep[k] is None for k in ("exact_f1", "overlap_f1", "token_kappa", "token_alpha"))


def test_json_is_byte_identical_for_the_same_inputs(tmp_path: Path, newsmark) -> None:
    db = make_pair_db(tmp_path / "pair.db")
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    first = newsmark("--db", str(db), "agree", "--json")
    again = newsmark("--db", str(db), "agree", "--json")
    other = newsmark("--db", str(copy), "agree", "--json")
    assert first.returncode == 0, first.stderr
    assert first.stdout == again.stdout == other.stdout
    assert b"token_alpha" in first.stdout


def test_three_annotators_alpha_uses_missing_values(tmp_path: Path, cli) -> None:
    db = make_pair_db(tmp_path / "pair.db")
    with Store(db, annotator="carol") as c:
        aid = c.article_ids()[0]
        for form, lb in ALICE:
            i = TOY.index(form)
            c.tag(aid, i, i + len(form), lb)
        c.set_status(aid, "done")
    code, out, _ = cli("--db", str(db), "agree", "--json")
    rep = json.loads(out)
    assert [(p["a"], p["b"]) for p in rep["pairs"]] == [
        ("alice", "bob"),
        ("alice", "carol"),
        ("bob", "carol"),
    ]
    assert rep["pairs"][1]["exact_f1"] == 1.0 and rep["pairs"][1]["token_kappa"] == 1.0
    assert rep["exact_f1"] == round((0.25 + 1.0 + 0.25) / 3, 6)
    code, out, _ = cli("--db", str(db), "agree", "--json", "--annotators", "alice,carol")
    assert json.loads(out)["token_alpha"] == 1.0
