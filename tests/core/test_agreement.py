"""`newsmark agree` (tui/core/agreement.py): the figures against the libraries' own documented
examples, a hand-computed case, scikit-learn on random codings, and byte-identical --json."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
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


# --- streaming: the same figures from counts, in bounded memory ---------------------------------

WORDS = [
    "le",
    "gouvernement",
    "a",
    "annoncé",
    "mardi",
    "que",
    "la",
    "ministre",
    "et",
    "le",
    "président",
    "de",
    "la",
    "région",
    "ont",
    "signé",
]
NAMES = {
    "PER": ["Emmanuel Macron", "Olaf Scholz", "Jeanne Dupont"],
    "LOC": ["Berlin", "Lyon", "Marseille"],
    "ORG": ["Air France", "Renault", "l'ONU"],
}


def bulk_team_db(
    path: Path, n_articles: int, annotators: list[str], seed: int, names_per_article: int = 8
) -> Path:
    """A team database of synthetic French-like articles, each annotator's work written with
    plain SQL (fast enough for hundreds of articles): per name, each annotator tags it right,
    with a wrong label, one character short, with the next word (overlapping a right span), or
    not at all; each finishes an article or not."""
    rng = random.Random(seed)
    with Store(path, annotator="lead") as s:
        team.set_team_mode(s, True)
        for lb in NAMES:
            if lb not in s.label_names():
                s.add_label(lb)
        texts = []
        for i in range(n_articles):
            parts, gold, pos = [f"Article {i}."], [], len(f"Article {i}.") + 1
            for _ in range(names_per_article):
                filler = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 30)))
                lb = rng.choice(list(NAMES))
                name = rng.choice(NAMES[lb])
                pos += len(filler) + 1
                gold.append((pos, pos + len(name), lb))
                parts += [filler, name]
                pos += len(name) + 1
            parts.append("fin.")
            texts.append((" ".join(parts), gold))
        ids, _, _ = s.insert_articles(
            [NewArticle(text=t, raw=t, title=f"a{i}", lang="fr") for i, (t, _) in enumerate(texts)]
        )
    conn = sqlite3.connect(path)
    ts = "2026-12-04T00:00:00"
    with conn:
        for aid, (text, gold) in zip(ids, texts, strict=True):
            for who in annotators:
                for start, end, lb in gold:
                    r = rng.random()
                    if r < 0.1:
                        continue
                    if r < 0.2:
                        lb = rng.choice([x for x in NAMES if x != lb])
                    elif r < 0.27:
                        end -= 1
                    spans = [(start, end, lb)]
                    if rng.random() < 0.05:  # a second, longer span over the same name
                        spans.append(
                            (start, min(len(text), text.find(" ", end + 1) % len(text) or end), lb)
                        )
                    for s_, e_, l_ in spans:
                        if e_ <= s_:
                            continue
                        conn.execute(
                            'INSERT INTO spans(article_id, start, "end", label, text, annotator,'
                            " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                            (aid, s_, e_, l_, text[s_:e_], who, ts, ts),
                        )
                status = "done" if rng.random() < 0.8 else "in_progress"
                conn.execute(
                    "INSERT INTO annotator_status(article_id, annotator, status, updated_at)"
                    " VALUES (?,?,?,?)",
                    (aid, who, status, ts),
                )
    conn.close()
    return path


def reference_report(conn: sqlite3.Connection, names=None, labels=None) -> dict:  # type: ignore[no-untyped-def]
    """The report as newsmark computed it before it streamed (every token code of every
    double-finished article in memory, α by the ``krippendorff`` package on the token table):
    the streaming figures must equal it, byte for byte once written as JSON."""
    from collections import Counter
    from itertools import combinations

    import krippendorff
    import numpy as np

    from tui.core.agreement import exact_f1, overlap_f1, token_codes
    from tui.core.tokens import token_spans

    def kappa(a, b):  # type: ignore[no-untyped-def]
        n = len(a)
        if n == 0 or n != len(b):
            return None
        p_o = sum(x == y for x, y in zip(a, b, strict=True)) / n
        ca, cb = Counter(a), Counter(b)
        p_e = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
        return None if p_e >= 1.0 else (p_o - p_e) / (1.0 - p_e)

    def alpha(codes):  # type: ignore[no-untyped-def]
        values = sorted({c for row in codes for c in row if c is not None})
        if len(values) < 2:
            return None
        index = {v: float(i) for i, v in enumerate(values)}
        data = np.array([[index[c] if c is not None else np.nan for c in row] for row in codes])
        pairable = (~np.isnan(data)).sum(axis=0) >= 2
        if pairable.sum() == 0:
            return None
        v = float(
            krippendorff.alpha(
                reliability_data=data[:, pairable],
                level_of_measurement="nominal",
                value_domain=list(index.values()),
            )
        )
        return None if v != v else v

    names = sorted(names or [n for n in team.annotators(conn) if "~" not in n])
    done: dict[int, list[str]] = {}
    for aid, who in conn.execute(
        "SELECT article_id, annotator FROM annotator_status WHERE status = 'done'"
        " ORDER BY article_id, annotator"
    ):
        if who in names:
            done.setdefault(aid, []).append(who)
    arts = []
    for aid in sorted(done):
        if len(done[aid]) < 2:
            continue
        text, lang = conn.execute("SELECT text, lang FROM articles WHERE id = ?", (aid,)).fetchone()
        spans = {w: [] for w in done[aid]}
        for s, e, lb, w in conn.execute(
            'SELECT start, "end", label, annotator FROM spans WHERE article_id = ?'
            ' ORDER BY start, "end", label',
            (aid,),
        ):
            if w in spans:
                spans[w].append((s, e, lb))
        toks = token_spans(text, lang)
        arts.append((aid, toks, spans, {w: token_codes(toks, sp) for w, sp in spans.items()}))

    def figures(who, pool, label):  # type: ignore[no-untyped-def]
        def span_set(w, ps):  # type: ignore[no-untyped-def]
            return {
                (a[0], s, e, lb)
                for a in ps
                for s, e, lb in a[2].get(w, ())
                if label is None or lb == label
            }

        def codes(w, a):  # type: ignore[no-untyped-def]
            cs = a[3][w]
            return cs if label is None else [label if c == label else "O" for c in cs]

        ex, ov, ka = [], [], []
        for x, y in combinations(who, 2):
            both = [a for a in pool if x in a[2] and y in a[2]]
            if not both:
                continue
            sx, sy = span_set(x, both), span_set(y, both)
            ex.append(exact_f1(sx, sy))
            ov.append(overlap_f1(sx, sy))
            ka.append(
                kappa(
                    [c for a in both for c in codes(x, a)], [c for a in both for c in codes(y, a)]
                )
            )
        rows = [[] for _ in who]
        for a in pool:
            if len([n for n in who if n in a[2]]) < 2:
                continue
            for i, n in enumerate(who):
                rows[i].extend(codes(n, a) if n in a[2] else [None] * len(a[1]))

        def mean(xs):  # type: ignore[no-untyped-def]
            vals = [x for x in xs if x is not None]
            return sum(vals) / len(vals) if vals else None

        def rnd(x):  # type: ignore[no-untyped-def]
            return None if x is None else round(x, 6)

        return {
            "exact_f1": rnd(mean(ex)),
            "overlap_f1": rnd(mean(ov)),
            "token_kappa": rnd(mean(ka)),
            "token_alpha": rnd(alpha(rows) if rows and rows[0] else None),
        }

    if labels is None:
        used = {lb for a in arts for sp in a[2].values() for _, _, lb in sp}
        order = [r[0] for r in conn.execute("SELECT name FROM labels ORDER BY ord, name")]
        labels = [lb for lb in order if lb in used] + sorted(used - set(order))
    rep = {"annotators": names, "articles": len(arts), "labels": list(labels)}
    rep.update(figures(names, arts, None))
    rep["by_label"] = {lb: figures(names, arts, lb) for lb in labels}
    rep["pairs"] = []
    for x, y in combinations(names, 2):
        both = [a for a in arts if x in a[2] and y in a[2]]
        rep["pairs"].append(
            {
                "a": x,
                "b": y,
                "articles": len(both),
                **figures([x, y], both, None),
                "by_label": {lb: figures([x, y], both, lb) for lb in labels},
            }
        )
    return rep


@pytest.mark.parametrize("seed", [1, 2])
def test_streamed_report_equals_the_token_table_report(tmp_path: Path, seed: int) -> None:
    from tui.core.agreement import agreement, to_json

    db = bulk_team_db(tmp_path / "team.db", 25, ["alice", "bob", "carol", "dan"], seed)
    with sqlite3.connect(db) as conn:
        got = agreement(conn)
        assert got["articles"] > 15 and len(got["pairs"]) == 6
        assert to_json(got) == to_json(reference_report(conn))
        for names, labels in ((["bob", "dan"], None), (["alice", "bob", "carol"], ["LOC", "MISC"])):
            assert to_json(agreement(conn, names, labels)) == to_json(
                reference_report(conn, names, labels)
            )


def test_alpha_equals_the_krippendorff_package_on_random_tables() -> None:
    import krippendorff
    import numpy as np

    rng = random.Random(11)
    for trial in range(60):
        coders = rng.randint(2, 5)
        units = rng.randint(2, 40)
        codes = rng.sample(["O", "PER", "LOC", "ORG", "MISC"], rng.randint(2, 5))
        table = [
            [rng.choice(codes) if rng.random() < 0.8 else None for _ in range(units)]
            for _ in range(coders)
        ]
        ours = krippendorff_alpha(table)
        values = sorted({c for row in table for c in row if c is not None})
        data = np.array([[values.index(c) if c else np.nan for c in row] for row in table])
        keep = (~np.isnan(data)).sum(axis=0) >= 2
        if len(values) < 2 or not keep.any():
            assert ours is None
            continue
        theirs = float(
            krippendorff.alpha(
                reliability_data=data[:, keep],
                level_of_measurement="nominal",
                value_domain=list(range(len(values))),
            )
        )
        if theirs != theirs:  # nan: undefined
            assert ours is None
        elif coders <= 3:  # coincidences exact in floats: the very same number
            assert ours == theirs, trial
        else:
            assert ours == pytest.approx(theirs, abs=1e-12), trial


def _peak_agreement(db: Path) -> tuple[int, dict]:
    import tracemalloc

    from tui.core.agreement import agreement

    conn = sqlite3.connect(db)
    try:
        tracemalloc.start()
        rep = agreement(conn)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    finally:
        conn.close()
    return peak, rep


def test_agreement_memory_does_not_grow_with_the_tokens(tmp_path: Path) -> None:
    """Four times the articles (and tokens) must not need four times the memory: agreement keeps
    counts, not token lists (holding the token codes, as before, took 4.3x here; now 1.3x)."""
    small = bulk_team_db(tmp_path / "small.db", 30, ["alice", "bob"], 3, names_per_article=20)
    large = bulk_team_db(tmp_path / "large.db", 120, ["alice", "bob"], 3, names_per_article=20)
    _peak_agreement(small)  # imports and caches (tokenizer, NumPy) out of the measure
    p1, r1 = _peak_agreement(small)
    p4, r4 = _peak_agreement(large)
    assert r4["articles"] > 3 * r1["articles"] > 0
    assert p4 < 2 * p1, (p1, p4)
