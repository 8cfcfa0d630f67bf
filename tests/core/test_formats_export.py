"""Every export format, read back by the tool it is for: spaCy, seqeval, Hugging Face datasets,
newsmark's own importer (brat, doccano, jsonl), plus splits, UTF-16 offsets and atomic folders."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest
from conftest import DATA, SEEDS

FORMATS = DATA / "formats"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")


def corpus(cli, db: Path) -> None:
    code, _, err = cli("--db", str(db), "import", str(FORMATS / "corpus.jsonl"))
    assert code == 0, err


def db_spans(db: Path) -> dict[int, list[tuple[int, int, str, str]]]:
    conn = sqlite3.connect(db)
    out: dict[int, list[tuple[int, int, str, str]]] = {}
    for aid, s, e, label, text in conn.execute(
        'SELECT article_id, start, "end", label, text FROM spans ORDER BY article_id, start, "end"'
    ):
        out.setdefault(aid, []).append((s, e, label, text))
    conn.close()
    return out


def db_texts(db: Path) -> dict[int, tuple[str, str]]:
    conn = sqlite3.connect(db)
    rows = {
        aid: (text, lang) for aid, text, lang in conn.execute("SELECT id, text, lang FROM articles")
    }
    conn.close()
    return rows


# --- spaCy ------------------------------------------------------------------------------------


def test_spacy_docbin_has_every_entity_where_it_was(cli, db_path: Path, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy", reason="spaCy (newsmark[spacy]) is not installed")
    from spacy.tokens import DocBin

    corpus(cli, db_path)
    out = tmp_path / "train.spacy"
    code, _, err = cli("--db", str(db_path), "export", str(out), "--format", "spacy")
    assert code == 0, err
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("xx").vocab))
    spans, texts = db_spans(db_path), db_texts(db_path)
    assert len(docs) == len(texts) == 3
    for doc in docs:
        aid = doc.user_data["newsmark"]["id"]
        text, lang = texts[aid]
        assert doc.text == text
        # spaCy's own tokenizer for the article's language
        assert [t.text for t in doc] == [t.text for t in spacy.blank(lang).make_doc(text)]
        assert [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents] == spans[aid]
        assert [(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]] == [
            x[:3] for x in spans[aid]
        ]


def test_spacy_overlapping_spans_go_to_the_span_group(cli, db_path: Path, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy", reason="spaCy (newsmark[spacy]) is not installed")
    from spacy.tokens import DocBin

    from tui.core.store import Store

    corpus(cli, db_path)
    s = Store(db_path)
    s.set_setting("allow_overlap", "1")
    text = s.require_article(3).text
    i = text.index("port de Marseille")
    s.tag(3, i, i + len("port de Marseille"), "LOC")  # overlaps "Marseille"
    s.close()
    out = tmp_path / "o.spacy"
    code, _, err = cli("--db", str(db_path), "export", str(out), "--format", "spacy")
    assert code == 0, err
    assert "overlap" in err  # a warning for spacy, not an error
    doc = [
        d
        for d in DocBin().from_disk(out).get_docs(spacy.blank("xx").vocab)
        if d.user_data["newsmark"]["id"] == 3
    ][0]
    assert ("port de Marseille", "LOC") in [(e.text, e.label_) for e in doc.ents]
    assert "Marseille" not in [e.text for e in doc.ents]
    assert {(x.text, x.label_) for x in doc.spans["sc"]} >= {
        ("port de Marseille", "LOC"),
        ("Marseille", "LOC"),
    }


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_token_snapped_spans_pass_spacy_strict_char_span(lang: str) -> None:
    """Our tokenizer against spaCy's: any run of our tokens is a span spaCy's strict mode accepts."""
    spacy = pytest.importorskip("spacy", reason="spaCy (newsmark[spacy]) is not installed")
    from tui.core.tokens import token_spans

    recs = [json.loads(x) for x in (FORMATS / "corpus.jsonl").read_text().splitlines()]
    texts = [r["text"] for r in recs if r["meta"]["language"] == lang]
    if lang == "fr":
        texts += [p.read_text() for p in sorted(SEEDS.glob("*.txt"))] + [
            (DATA / "article_fr.txt").read_text()
        ]
        texts.append(
            "L'ONU a dit qu'aujourd'hui, à Paris, M. Macron (président) rencontrera « Jean-Luc "
            "Mélenchon » et Mme. Durand : c'est 3,5 % de plus... Les États-Unis, le 3 janv. 2024, etc."
        )
    else:
        texts.append(
            "He didn't say, \"We're done.\" The U.S. Senate's vote (52-48) came on Jan. 5, 2024 at "
            "3:30 p.m. in Washington, D.C. -- it cost $2.9 billion, or 12%. Mr. Smith's company, "
            "Apple Inc., said it's O'Neill's. Mail a@b.com or see https://x.org/a. Dr. J. Doe agreed."
        )
    nlp = spacy.blank(lang)
    checked = 0
    for text in texts:
        doc = nlp.make_doc(text)
        toks = token_spans(text, lang)
        for i in range(len(toks)):
            for j in range(i, min(i + 3, len(toks))):
                s, e = toks[i][0], toks[j][1]
                assert doc.char_span(s, e, alignment_mode="strict") is not None, (
                    lang,
                    text[s:e],
                    text[s - 20 : e + 20],
                )
                checked += 1
    assert checked > 200


def test_spacy_missing_says_how_to_get_it(cli, db_path: Path, tmp_path: Path, monkeypatch) -> None:
    corpus(cli, db_path)
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy -> ImportError
    code, _, err = cli(
        "--db", str(db_path), "export", str(tmp_path / "x.spacy"), "--format", "spacy"
    )
    assert code == 1
    assert err.count("\n") == 1 and "pip install 'newsmark[spacy]'" in err
    assert not (tmp_path / "x.spacy").exists()


# --- CoNLL and seqeval ------------------------------------------------------------------------


def read_conll(path: Path) -> list[list[list[tuple[str, str]]]]:
    docs: list[list[list[tuple[str, str]]]] = []
    sent: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        cols = line.split()
        if not cols:
            if sent:
                docs[-1].append(sent)
                sent = []
        elif cols[0] == "-DOCSTART-":
            docs.append([])
        else:
            assert len(cols) == 4 and cols[1:3] == ["-X-", "_"]
            sent.append((cols[0], cols[3]))
    return docs


@pytest.mark.parametrize(
    ("scheme", "seqeval_scheme"),
    [("iob2", "IOB2"), ("bilou", "BILOU"), ("bioes", "IOBES"), ("iob1", None)],
)
def test_conll_tags_are_accepted_by_seqeval(
    cli, db_path: Path, tmp_path: Path, scheme: str, seqeval_scheme: str | None
) -> None:
    pytest.importorskip("seqeval", reason="seqeval is not installed")
    from seqeval import scheme as schemes
    from seqeval.metrics import classification_report, f1_score
    from seqeval.metrics.sequence_labeling import get_entities

    corpus(cli, db_path)
    out = tmp_path / "train.conll"
    code, _, err = cli(
        "--db", str(db_path), "export", str(out), "--format", "conll", "--scheme", scheme
    )
    assert code == 0, err
    docs = read_conll(out)
    assert len(docs) == 3 and all(len(d) >= 2 for d in docs)  # sentences split
    y = [[tag for _, tag in sent] for doc in docs for sent in doc]
    if seqeval_scheme:
        kind = getattr(schemes, seqeval_scheme)
        assert f1_score(y, y, mode="strict", scheme=kind) == 1.0
        classification_report(y, y, mode="strict", scheme=kind)  # raises on tags outside the scheme
    else:
        assert f1_score(y, y) == 1.0  # conlleval mode reads IOB1
    if scheme == "iob2":
        assert any(tag == "B-PER" for s in y for tag in s) and not any(
            t.startswith(("U-", "S-")) for s in y for t in s
        )
    # The entities seqeval finds are the spans in the database, in order.
    spans = db_spans(db_path)
    for (aid, want), doc in zip(sorted(spans.items()), docs, strict=True):
        got = []
        for sent in doc:
            toks = [t for t, _ in sent]
            tags = [t for _, t in sent]
            if scheme == "iob1":  # seqeval's get_entities reads IOB2; convert
                tags = [
                    ("B" + t[1:])
                    if t.startswith("I-") and (i == 0 or tags[i - 1][2:] != t[2:])
                    else t
                    for i, t in enumerate(tags)
                ]
            if scheme == "bilou":  # seqeval's get_entities reads IOBES letters
                tags = [{"U": "S", "L": "E"}.get(t[0], t[0]) + t[1:] for t in tags]
            for label, a, b in get_entities(tags):
                got.append((label, toks[a : b + 1]))
        from tui.core.tokens import token_spans

        text, lang = db_texts(db_path)[aid]
        expect = [
            (label, [text[s:e] for s, e in token_spans(text, lang) if s >= s0 and e <= e0])
            for s0, e0, label, _ in want
        ]
        assert got == expect


def test_conll_refuses_overlaps_unless_forced(cli, db_path: Path, tmp_path: Path) -> None:
    from tui.core.store import Store

    corpus(cli, db_path)
    s = Store(db_path)
    s.set_setting("allow_overlap", "1")
    text = s.require_article(3).text
    i = text.index("port de Marseille")
    s.tag(3, i, i + len("port de Marseille"), "LOC")
    s.close()
    out = tmp_path / "x.conll"
    code, _, err = cli("--db", str(db_path), "export", str(out), "--format", "conll")
    assert code == 1 and "error: article 3" in err and "overlap" in err and not out.exists()
    code, _, err = cli("--db", str(db_path), "export", str(out), "--format", "conll", "--force")
    assert code == 0, err
    doc = read_conll(out)[2]
    tagged = [(t, tag) for sent in doc for t, tag in sent if tag != "O"][:3]
    assert tagged == [
        ("port", "B-LOC"),
        ("de", "I-LOC"),
        ("Marseille", "I-LOC"),
    ]  # the longer span wins


# --- Hugging Face datasets --------------------------------------------------------------------


def test_hf_loads_with_datasets_and_right_features(cli, db_path: Path, tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets", reason="Hugging Face datasets is not installed")
    corpus(cli, db_path)
    folder = tmp_path / "hf"
    code, _, err = cli("--db", str(db_path), "export", str(folder), "--format", "hf")
    assert code == 0, err
    names = json.loads((folder / "labels.json").read_text())
    assert names[:9] == [
        "O",
        "B-PER",
        "I-PER",
        "B-ORG",
        "I-ORG",
        "B-LOC",
        "I-LOC",
        "B-MISC",
        "I-MISC",
    ]
    # A folder: the dataset card gives ClassLabel features.
    ds = datasets.load_dataset(str(folder), cache_dir=str(tmp_path / "cache"))["train"]
    feat = ds.features["ner_tags"]
    inner = getattr(feat, "feature", None) or feat.feature
    assert isinstance(inner, datasets.ClassLabel) and inner.names == names
    # A single file with the documented recipe.
    single = tmp_path / "train.jsonl"
    code, _, err = cli("--db", str(db_path), "export", str(single), "--format", "hf")
    assert code == 0, err
    features = datasets.Features(
        {
            "id": datasets.Value("string"),
            "tokens": datasets.Sequence(datasets.Value("string")),
            "ner_tags": datasets.Sequence(datasets.ClassLabel(names=names)),
        }
    )
    ds2 = datasets.load_dataset(
        "json", data_files=str(single), features=features, cache_dir=str(tmp_path / "cache")
    )["train"]
    assert ds2.to_list() == ds.to_list()
    # Entities read back from the dataset are the spans in the database.
    from tui.core.tokens import token_spans

    got: dict[int, list[tuple[str, list[str]]]] = {}
    for row in ds:
        aid = int(row["id"].split("-")[0])
        for tok, tag in zip(row["tokens"], [names[i] for i in row["ner_tags"]], strict=True):
            if tag.startswith("B-"):
                got.setdefault(aid, []).append((tag[2:], [tok]))
            elif tag.startswith("I-"):
                got[aid][-1][1].append(tok)
    texts = db_texts(db_path)
    expect = {
        aid: [
            (label, [texts[aid][0][a:b] for a, b in token_spans(*texts[aid]) if a >= s and b <= e])
            for s, e, label, _ in v
        ]
        for aid, v in db_spans(db_path).items()
    }
    assert got == expect


# --- doccano, jsonl: UTF-16 offsets -----------------------------------------------------------


def test_utf16_offsets_beside_code_points(cli, db_path: Path, tmp_path: Path) -> None:
    corpus(cli, db_path)
    for fmt in ("jsonl", "doccano"):
        out = tmp_path / f"{fmt}.jsonl"
        code, _, err = cli(
            "--db", str(db_path), "export", str(out), "--format", fmt, "--utf16-offsets"
        )
        assert code == 0, err
        recs = [json.loads(x) for x in out.read_text().splitlines()]
        en = next(r for r in recs if r["text"].startswith("👍"))
        units = en["text"].encode("utf-16-le")
        if fmt == "jsonl":
            triples = [
                (s["start"], s["end"], s["start_utf16"], s["end_utf16"]) for s in en["spans"]
            ]
        else:
            triples = [
                (a[0], a[1], b[0], b[1])
                for a, b in zip(en["label"], en["label_utf16"], strict=True)
            ]
        for s, e, s16, e16 in triples:
            assert units[2 * s16 : 2 * e16].decode("utf-16-le") == en["text"][s:e]
            assert s16 == s + 1  # one astral character before every span
    code, _, _ = cli(
        "--db", str(db_path), "export", str(tmp_path / "plain.jsonl"), "--format", "doccano"
    )
    rec = json.loads((tmp_path / "plain.jsonl").read_text().splitlines()[1])
    assert set(rec) >= {"id", "text", "label"} and "label_utf16" not in rec
    assert rec["label"][0] == [2, 7, "ORG"] and rec["text"][2:7] == "Apple"


# --- round trips ------------------------------------------------------------------------------


def _snapshot(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {
            str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()
        }
    return {path.name: path.read_bytes()}


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("jsonl", "a.jsonl"), ("doccano", "a.jsonl"), ("brat", "brat"), ("spacy", "a.spacy")],
)
def test_export_import_export_is_identical(
    cli, db_path: Path, tmp_path: Path, fmt: str, name: str
) -> None:
    if fmt == "spacy":
        pytest.importorskip("spacy", reason="spaCy (newsmark[spacy]) is not installed")
    corpus(cli, db_path)
    cli("--db", str(db_path), "import", str(SEEDS))  # articles without spans too
    from tui.core.store import Store

    s = Store(db_path)
    for aid in s.article_ids():
        s.set_status(aid, "done")
    s.set_tags(1, ["politique"])
    s.set_note(1, "vérifier")
    s.close()
    first = tmp_path / "one" / name
    first.parent.mkdir()
    code, _, err = cli("--db", str(db_path), "export", str(first), "--format", fmt, "--no-lint")
    assert code == 0, err
    db2 = tmp_path / "two.db"
    code, _, err = cli("--db", str(db2), "import", str(first))
    assert code == 0, err
    second = tmp_path / "two" / name
    second.parent.mkdir()
    code, _, err = cli("--db", str(db2), "export", str(second), "--format", fmt, "--no-lint")
    assert code == 0, err
    assert _snapshot(first) == _snapshot(second)
    assert db_spans(db2) == db_spans(db_path)
    assert {a: t for a, (t, _) in db_texts(db2).items()} == {
        a: t for a, (t, _) in db_texts(db_path).items()
    }


def test_brat_pair_read_back_by_our_importer(cli, db_path: Path, tmp_path: Path) -> None:
    corpus(cli, db_path)
    out = tmp_path / "brat"
    code, _, err = cli("--db", str(db_path), "export", str(out), "--format", "brat")
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [
        "000001.ann",
        "000001.txt",
        "000002.ann",
        "000002.txt",
        "000003.ann",
        "000003.txt",
        "annotation.conf",
    ]
    ann = (out / "000001.ann").read_text().splitlines()
    assert ann[0] == "T1\tPER 0 15\tEmmanuel Macron"
    assert "[entities]\nPER\nORG\nLOC\nMISC\n" in (out / "annotation.conf").read_text()
    db2 = tmp_path / "b.db"
    code, _, err = cli("--db", str(db2), "import", str(out / "000002.ann"))
    assert code == 0, err
    assert db_spans(db2) == {2: db_spans(db_path)[2]}


# --- splits -----------------------------------------------------------------------------------


def test_split_is_deterministic_and_disjoint(cli, db_path: Path, tmp_path: Path) -> None:
    corpus(cli, db_path)
    cli("--db", str(db_path), "import", str(SEEDS), str(DATA / "article_fr.txt"))
    from tui.core.store import Store

    s = Store(db_path)
    for aid in s.article_ids():
        s.set_status(aid, "done")
    s.close()

    def parts(folder: Path, seed: str) -> dict[str, list[int]]:
        code, _, err = cli(
            "--db",
            str(db_path),
            "export",
            str(folder),
            "--split",
            "50/25/25",
            "--seed",
            seed,
            "--no-lint",
        )
        assert code == 0, err
        assert "train" in err
        return {
            p: [
                json.loads(x)["meta"]["id"]
                for x in (folder / f"{p}.jsonl").read_text().splitlines()
            ]
            for p in ("train", "dev", "test")
        }

    a = parts(tmp_path / "a", "7")
    b = parts(tmp_path / "b", "7")
    assert a == b
    for p in ("train", "dev", "test"):
        assert (tmp_path / "a" / f"{p}.jsonl").read_bytes() == (
            tmp_path / "b" / f"{p}.jsonl"
        ).read_bytes()
    ids = [i for v in a.values() for i in v]
    assert sorted(ids) == list(range(1, 7)) and len(set(ids)) == len(ids)
    from tui.core.formats.split import assign, parse_split

    seeds = {
        seed: tuple(
            assign(h, seed, parse_split("50/25/25")) for h in ("a", "b", "c", "d", "e", "f")
        )
        for seed in range(5)
    }
    assert len(set(seeds.values())) > 1  # the seed matters
    # a file OUT with an extension gives OUT.train.ext ...
    code, _, err = cli(
        "--db",
        str(db_path),
        "export",
        str(tmp_path / "c.conll"),
        "--format",
        "conll",
        "--split",
        "80/20",
        "--no-lint",
    )
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.glob("c.*.conll")) == ["c.test.conll", "c.train.conll"]
    code, _, err = cli("--db", str(db_path), "export", str(tmp_path / "d"), "--split", "80/x")
    assert code == 1 and "--split" in err


# --- atomic folders ---------------------------------------------------------------------------


def test_brat_folder_is_replaced_atomically_and_foreign_folders_refused(
    cli, db_path: Path, tmp_path: Path, monkeypatch
) -> None:
    corpus(cli, db_path)
    out = tmp_path / "brat"
    assert cli("--db", str(db_path), "export", str(out), "--format", "brat")[0] == 0
    before = _snapshot(out)
    from tui.core.formats import brat

    calls = {"n": 0}
    real = brat.ann_lines

    def boom(rec):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(rec)

    monkeypatch.setattr(brat, "ann_lines", boom)
    code, _, err = cli("--db", str(db_path), "export", str(out), "--format", "brat")
    assert code == 1 and "previous folder is unchanged" in err
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "brat",
        "test.db",
        "test.db-shm",
        "test.db-wal",
    ]
    monkeypatch.setattr(brat, "ann_lines", real)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("precious")
    code, _, err = cli("--db", str(db_path), "export", str(mine), "--format", "brat")
    assert code == 1 and "holds other files" in err
    assert [p.name for p in mine.iterdir()] == ["thesis.docx"]
