"""Round trips through the real consumers: what another tool wrote comes back out as it came
(tokens, sentences, metadata, Prodigy's hashes), and what we write is read by spaCy's own
converter as the documents we meant."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA

REAL = DATA / "formats" / "real"


def conll_sentences(text: str) -> list[list[tuple[str, str]]]:
    """``[[(token, tag), ...], ...]`` of a column file: first column and last, -DOCSTART- skipped."""
    out: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    for line in text.splitlines():
        cols = line.split()
        if not cols or cols[0] == "-DOCSTART-":
            if cur:
                out.append(cur)
            cur = []
            continue
        cur.append((cols[0], cols[-1]))
    if cur:
        out.append(cur)
    return out


def test_conll_comes_back_with_its_own_tokens_and_sentences(
    cli, db_path: Path, tmp_path: Path
) -> None:
    src = tmp_path / "eng.train"
    src.write_bytes((REAL / "flair_fashion_eng.train").read_bytes())
    assert cli("--db", str(db_path), "import", str(src))[0] == 0
    out = tmp_path / "out.conll"
    code, _, err = cli("--db", str(db_path), "export", str(out), "--format", "conll")
    assert code == 0, err
    assert conll_sentences(out.read_text()) == conll_sentences(src.read_text())


def test_spacy_convert_splits_our_conll_into_our_articles(
    cli, db_path: Path, tmp_path: Path
) -> None:
    pytest.importorskip("spacy")
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    src = tmp_path / "eng.train"
    src.write_bytes((REAL / "flair_fashion_eng.train").read_bytes())
    assert (
        cli("--db", str(db_path), "import", str(src), str(DATA / "formats" / "conll2003.conll"))[0]
        == 0
    )
    out = tmp_path / "out.conll"
    assert cli("--db", str(db_path), "export", str(out), "--format", "conll")[0] == 0
    assert out.read_text().splitlines()[0] == "-DOCSTART- -X- O O"
    dest = tmp_path / "converted"
    dest.mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "spacy", "convert", str(out), str(dest), "--converter", "ner"],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr + run.stdout
    docs = list(DocBin().from_disk(dest / "out.spacy").get_docs(Vocab()))
    conn = sqlite3.connect(db_path)
    arts = conn.execute("SELECT id FROM articles ORDER BY id").fetchall()
    want = [
        sorted(
            (t, lb)
            for t, lb in conn.execute("SELECT text, label FROM spans WHERE article_id = ?", a)
        )
        for a in arts
    ]
    conn.close()
    assert len(docs) == len(arts) == 3  # one Doc per article, not one per sentence
    assert [sorted((e.text, e.label_) for e in d.ents) for d in docs] == want


def test_prodigy_records_come_back_with_their_hashes_tokens_and_meta(
    cli, db_path: Path, tmp_path: Path
) -> None:
    src = REAL / "prodigy_db_out.jsonl"
    assert cli("--db", str(db_path), "import", str(src))[0] == 0
    out = tmp_path / "out.jsonl"
    code, _, err = cli("--db", str(db_path), "export", str(out))
    assert code == 0, err
    given = [json.loads(line) for line in src.read_text().splitlines()]
    back = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(back) == len(given)
    for g, b in zip(given, back, strict=True):
        assert (b["_input_hash"], b["_task_hash"]) == (g["_input_hash"], g["_task_hash"])
        assert b["meta"]["section"] == g["meta"]["section"]  # foreign metadata goes back out
        assert [(t["start"], t["end"]) for t in b["tokens"]] == [
            (t["start"], t["end"]) for t in g["tokens"]
        ]
        assert [
            (s["start"], s["end"], s["label"], s["token_start"], s["token_end"]) for s in b["spans"]
        ] == [
            (s["start"], s["end"], s["label"], s["token_start"], s["token_end"]) for s in g["spans"]
        ]


def test_task_hash_is_recomputed_once_the_spans_change(cli, db_path: Path, tmp_path: Path) -> None:
    from tui.core.store import Store

    src = REAL / "prodigy_db_out.jsonl"
    assert cli("--db", str(db_path), "import", str(src))[0] == 0
    with Store(db_path) as store:
        aid = store.article_ids()[1]
        art = store.require_article(aid)
        store.tag(aid, art.text.index("luck"), art.text.index("luck") + 4, "DRUG")
    out = tmp_path / "out.jsonl"
    assert cli("--db", str(db_path), "export", str(out))[0] == 0
    rec = json.loads(out.read_text().splitlines()[1])
    assert rec["_input_hash"] == 1156882765 and rec["_task_hash"] != 132751075


def test_jsonl_tokens_rebuild_the_text_with_spacy(cli, db_path: Path, tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    f = tmp_path / "lines.jsonl"
    texts = ["Paris\nLondon  and Rome.\n\n", "  Berlin, 4 Dec.\r\nBonn", "Tokyo\tOsaka \n Kyoto"]
    f.write_text("".join(json.dumps({"text": t, "spans": []}) + "\n" for t in texts))
    assert cli("--db", str(db_path), "import", str(f))[0] == 0
    out = tmp_path / "out.jsonl"
    assert cli("--db", str(db_path), "export", str(out), "--status", "all")[0] == 0
    for line in out.read_text().splitlines():
        rec = json.loads(line)
        toks = rec["tokens"]
        doc = Doc(Vocab(), words=[t["text"] for t in toks], spaces=[t["ws"] for t in toks])
        assert doc.text == rec["text"]
        assert [(t.idx, t.idx + len(t)) for t in doc] == [(t["start"], t["end"]) for t in toks]


def test_docbin_ner_spans_win_and_overlaps_can_be_allowed(
    cli, db_path: Path, tmp_path: Path
) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    doc = nlp.make_doc("Tim Cook runs Apple Inc. in Cupertino.")
    doc.ents = [
        doc.char_span(0, 8, "PERSON"),
        doc.char_span(14, 24, "ORG"),
        doc.char_span(28, 37, "GPE"),
    ]
    doc.spans["sc"] = [doc.char_span(14, 19, "BRAND"), doc.char_span(0, 8, "PERSON")]
    path = tmp_path / "both.spacy"
    DocBin(docs=[doc]).to_disk(path)
    code, _, err = cli("--db", str(db_path), "import", str(path))
    assert code == 1 and "3 entities stored, 1 entity not stored" in err
    assert (
        "span [14, 19) BRAND 'Apple' overlaps [14, 24) ORG" in err
    )  # the NER span is the one kept
    conn = sqlite3.connect(db_path)
    assert conn.execute('SELECT label FROM spans ORDER BY start, "end"').fetchall() == [
        ("PERSON",),
        ("ORG",),
        ("GPE",),
    ]
    conn.close()
    # a database that allows overlaps keeps both; lint flags them for the formats that cannot hold them
    db2 = tmp_path / "nested.db"
    code, _, err = cli("--db", str(db2), "labels", "--allow-overlap")
    assert code == 0 and "allowed" in err
    code, _, err = cli("--db", str(db2), "import", str(path))
    assert code == 0 and "4 entities stored" in err
    code, out, err = cli("--db", str(db2), "lint", "--format", "conll")
    assert "overlap" in out + err
    code, _, err = cli("--db", str(db2), "export", str(tmp_path / "n.conll"), "--format", "conll")
    assert code == 1 and "overlap" in err
    code, _, err = cli("--db", str(db2), "export", str(tmp_path / "n.spacy"), "--format", "spacy")
    assert code == 0, err
    [back] = list(DocBin().from_disk(tmp_path / "n.spacy").get_docs(nlp.vocab))
    assert [(e.text, e.label_) for e in back.ents] == [
        ("Tim Cook", "PERSON"),
        ("Apple Inc.", "ORG"),
        ("Cupertino", "GPE"),
    ]
    assert ("Apple", "BRAND") in [(s.text, s.label_) for s in back.spans["sc"]]


def test_a_docbin_made_by_spacy_convert_comes_back_with_its_tokens(
    cli, db_path: Path, tmp_path: Path
) -> None:
    pytest.importorskip("spacy")
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    src = tmp_path / "fashion.conll"
    src.write_bytes((REAL / "flair_fashion_eng.train").read_bytes())
    dest = tmp_path / "conv"
    dest.mkdir()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "convert",
            str(src),
            str(dest),
            "--converter",
            "ner",
            "-n",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr + run.stdout
    given = list(DocBin().from_disk(dest / "fashion.spacy").get_docs(Vocab()))
    assert len(given) == 3
    code, _, err = cli("--db", str(db_path), "import", str(dest / "fashion.spacy"))
    assert code == 0, err
    out = tmp_path / "back.spacy"
    code, _, err = cli("--db", str(db_path), "export", str(out), "--format", "spacy")
    assert code == 0, err
    back = list(DocBin().from_disk(out).get_docs(Vocab()))
    assert [[t.text for t in d] for d in back] == [[t.text for t in d] for d in given]
    assert [[(e.start, e.end, e.label_) for e in d.ents] for d in back] == [
        [(e.start, e.end, e.label_) for e in d.ents] for d in given
    ]
