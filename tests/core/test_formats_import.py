"""Import of what other annotation tools write, from files made by hand after each tool's
documented shape (tests/data/formats/): doccano, Label Studio, brat, CoNLL, Prodigy, spaCy."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import DATA

FORMATS = DATA / "formats"


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def spans_of(db: Path, text_like: str) -> list[tuple[int, int, str, str]]:
    return rows(
        db,
        'SELECT s.start, s."end", s.label, s.text FROM spans s JOIN articles a ON a.id = s.article_id'
        " WHERE a.text LIKE ? ORDER BY s.start",
        (text_like,),
    )


def article(db: Path, text_like: str) -> tuple:
    return rows(
        db, "SELECT id, status, text, source FROM articles WHERE text LIKE ?", (text_like,)
    )[0]


def test_doccano_label_labels_and_entities_shapes(cli, db_path: Path) -> None:
    code, _, err = cli("--db", str(db_path), "import", str(FORMATS / "doccano.jsonl"))
    assert code == 0, err
    assert spans_of(db_path, "Apple hired Tim Cook in%") == [
        (0, 5, "ORG", "Apple"),
        (12, 20, "PERSON", "Tim Cook"),
        (24, 33, "GPE", "Cupertino"),
    ]
    assert article(db_path, "Apple hired%")[3] == "example"
    assert spans_of(db_path, "Google%") == [
        (0, 6, "ORG", "Google"),
        (14, 22, "ORG", "DeepMind"),
        (26, 32, "GPE", "London"),
    ]
    assert article(db_path, "Google%")[0] == 17  # doccano's id kept
    assert spans_of(db_path, "Satya%") == [
        (0, 13, "PERSON", "Satya Nadella"),
        (20, 29, "ORG", "Microsoft"),
    ]
    # UTF-16 offsets (doccano counts in the browser): no span text to compare, told by word edges
    assert spans_of(db_path, "👍%") == [(2, 7, "ORG", "Apple"), (14, 22, "PERSON", "Tim Cook")]
    assert "UTF-16" in err and "converted" in err
    assert "created label 'PERSON'" in err


def test_label_studio_json_export(cli, db_path: Path) -> None:
    code, _, err = cli("--db", str(db_path), "import", str(FORMATS / "labelstudio.json"))
    assert code == 0, err
    # the completed annotation, not the cancelled one; UTF-16 offsets converted; choices ignored
    assert spans_of(db_path, "👍%") == [
        (2, 7, "ORG", "Apple"),
        (14, 22, "PERSON", "Tim Cook"),
        (26, 35, "GPE", "Cupertino"),
    ]
    assert "UTF-16" in err
    assert article(db_path, "👍%")[1] == "done"
    assert article(db_path, "Nothing to see%")[1] == "skipped"  # every annotation cancelled
    assert spans_of(db_path, "Nothing to see%") == []
    assert article(db_path, "Angela%")[1] == "new"  # pre-annotations only
    assert spans_of(db_path, "Angela%") == [
        (0, 13, "PERSON", "Angela Merkel"),
        (22, 27, "GPE", "Paris"),
    ]
    assert rows(db_path, "SELECT count(*) FROM labels WHERE name = 'PRODUCT'") == [(0,)]


def test_brat_folder(cli, db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    shutil.copytree(FORMATS / "brat", folder)
    code, _, err = cli("--db", str(db_path), "import", str(folder))
    assert code == 1  # one span could not be kept: said so, the rest imported
    assert "imported 2 article(s)" in err
    assert "T4 LOC is discontinuous" in err and "news1.ann:8" in err
    assert (
        "not kept (newsmark keeps entity spans): 1 attribute, 1 normalisation, 1 note, 1 relation"
        in err
    )
    assert "4 entities stored, 1 entity not stored (see above)" in err
    assert spans_of(db_path, "Apple hired%") == [
        (0, 5, "ORG", "Apple"),
        (12, 20, "PERSON", "Tim Cook"),
        (24, 33, "GPE", "Cupertino"),
    ]
    assert article(db_path, "Apple hired%")[2] == (folder / "news1.txt").read_text()
    # a span across a line break, in fragments as brat writes it, is one span again
    assert spans_of(db_path, "Le match%") == [(12, 28, "LOC", "Parc des\nPrinces")]
    assert article(db_path, "Le match%")[1] == "done"
    assert rows(db_path, "SELECT count(*) FROM articles") == [
        (2,)
    ]  # no .txt imported twice, no .conf


def test_conll_iob1_file(cli, db_path: Path) -> None:
    code, _, err = cli("--db", str(db_path), "import", str(FORMATS / "conll2003.conll"))
    assert code == 0, err
    assert "rebuilt from the tokens, with single spaces" in err
    assert article(db_path, "Apple%")[2] == "Apple hired Tim Cook in Cupertino ."
    assert spans_of(db_path, "Apple%") == [
        (0, 5, "ORG", "Apple"),
        (12, 20, "PER", "Tim Cook"),
        (24, 33, "LOC", "Cupertino"),
    ]
    assert article(db_path, "EU%")[2] == "EU rejects German call .\nFlights link Paris London ."
    # IOB1: I- after O starts an entity, B- splits two adjacent ones of the same type
    assert spans_of(db_path, "EU%") == [
        (0, 2, "ORG", "EU"),
        (11, 17, "MISC", "German"),
        (38, 43, "LOC", "Paris"),
        (44, 50, "LOC", "London"),
    ]


def test_conll_format_option_on_a_txt_file(cli, db_path: Path, tmp_path: Path) -> None:
    f = tmp_path / "ner.txt"
    f.write_text("Angela\tB-PER\nMerkel\tI-PER\nvisited\tO\nParis\tU-LOC\n.\tO\n")
    code, _, err = cli("--db", str(db_path), "import", "--format", "conll", str(f))
    assert code == 0, err
    assert spans_of(db_path, "Angela%") == [
        (0, 13, "PER", "Angela Merkel"),
        (22, 27, "LOC", "Paris"),
    ]


def test_prodigy_answers(cli, db_path: Path) -> None:
    code, _, err = cli("--db", str(db_path), "import", str(FORMATS / "prodigy.jsonl"))
    assert code == 0, err
    assert spans_of(db_path, "Apple%") == [
        (0, 5, "ORG", "Apple"),
        (12, 20, "PERSON", "Tim Cook"),
        (24, 33, "GPE", "Cupertino"),
    ]
    assert article(db_path, "Apple%")[1] == "done"
    # a rejected ner.teach suggestion is not an entity but a known non-entity; it does not
    # reject the text (the answer was about the suggestion)
    assert article(db_path, "Berlin%")[1] == "in_progress" and spans_of(db_path, "Berlin%") == []
    assert rows(
        db_path,
        'SELECT r.start, r."end", r.label, r.form FROM rejections r JOIN articles a'
        " ON a.id = r.article_id WHERE a.text LIKE 'Berlin%'",
    ) == [(0, 6, "ORG", "Berlin")]
    # a span answered reject is a rejection, the rest kept
    assert spans_of(db_path, "Rome%") == [(0, 4, "GPE", "Rome")]
    assert "4 entities stored" in err and "2 rejected suggestions kept as rejections" in err
    # the annotator of each answer is kept on its spans; Prodigy's hashes are kept
    assert rows(
        db_path,
        "SELECT DISTINCT s.annotator FROM spans s JOIN articles a ON a.id = s.article_id"
        " WHERE a.text LIKE 'Apple%'",
    ) == [("news-alice",)]
    meta = json.loads(rows(db_path, "SELECT meta FROM articles WHERE text LIKE 'Apple%'")[0][0])
    assert (meta["_prodigy"]["_input_hash"], meta["_prodigy"]["_task_hash"]) == (
        -128513711,
        904175527,
    )


def test_spacy_docbin_written_by_spacy(cli, db_path: Path, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy", reason="spaCy (newsmark[spacy]) is not installed")
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    doc = nlp.make_doc("Apple hired Tim Cook in Cupertino.")
    doc.ents = [
        doc.char_span(0, 5, "ORG"),
        doc.char_span(12, 20, "PERSON"),
        doc.char_span(24, 33, "GPE"),
    ]
    doc2 = nlp.make_doc("Tim Cook runs Apple Inc.")
    doc2.spans["sc"] = [
        doc2.char_span(0, 8, "PERSON"),
        doc2.char_span(14, 24, "ORG"),
        doc2.char_span(14, 19, "BRAND"),
    ]
    path = tmp_path / "made_by_spacy.spacy"
    DocBin(docs=[doc, doc2]).to_disk(path)
    code, _, err = cli("--db", str(db_path), "import", str(path))
    assert code == 1 and "imported 2 article(s)" in err  # exit 1: an overlapping span was skipped
    assert spans_of(db_path, "Apple hired%") == [
        (0, 5, "ORG", "Apple"),
        (12, 20, "PERSON", "Tim Cook"),
        (24, 33, "GPE", "Cupertino"),
    ]
    assert article(db_path, "Apple hired%")[1] == "done"
    # overlapping spans of the span group: this database does not allow overlaps, so one is kept and one reported
    assert [s[2] for s in spans_of(db_path, "Tim Cook runs%")] in (
        ["PERSON", "ORG"],
        ["PERSON", "BRAND"],
    )
    assert "overlaps" in err


def test_span_that_matches_neither_code_points_nor_utf16_is_reported(
    cli, db_path: Path, tmp_path: Path
) -> None:
    f = tmp_path / "ls.json"
    f.write_text(
        '[{"data": {"text": "👍 Apple hired Tim Cook."}, "annotations": [{"result": ['
        '{"type": "labels", "value": {"start": 3, "end": 8, "text": "Apple", "labels": ["ORG"]}},'
        '{"type": "labels", "value": {"start": 9, "end": 12, "text": "Tim", "labels": ["PER"]}}]}]}]'
    )
    code, _, err = cli("--db", str(db_path), "import", str(f))
    assert code == 1
    assert "covers" in err and "not stored" in err
    assert "1 entity stored, 1 entity not stored (see above)" in err
    assert spans_of(db_path, "👍%") == [(2, 7, "ORG", "Apple")]
