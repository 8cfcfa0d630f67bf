"""Import of other tools' real files (tests/data/formats/real/, sources in SOURCES.md): every
entity comes through, or is named with its file and line, and the exit code says so."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from conftest import DATA

REAL = DATA / "formats" / "real"


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def all_spans(db: Path) -> list[tuple]:
    return rows(
        db,
        'SELECT a.id, s.start, s."end", s.label, s.text FROM spans s JOIN articles a ON a.id = s.article_id'
        " ORDER BY a.id, s.start",
    )


def test_label_studio_completions_keep_every_region_and_the_text(cli, db_path: Path) -> None:
    src = json.loads((REAL / "labelstudio_completions_348.json").read_text())
    code, _, err = cli(
        "--db", str(db_path), "import", str(REAL / "labelstudio_completions_348.json")
    )
    assert code == 0, err
    assert "38 entities stored" in err
    [(text, status)] = rows(db_path, "SELECT text, status FROM articles")
    assert text == src["data"]["text"]  # annotated: never cleaned (leading and trailing space kept)
    assert status == "done"
    got = {(s, e, lb, t) for _, s, e, lb, t in all_spans(db_path)}
    want = {
        (r["value"]["start"], r["value"]["end"], "INGREDIENT", r["value"]["text"])
        for r in src["completions"][0]["result"]
    }
    assert got == want and len(got) == 38


def test_label_studio_json_min_with_a_control_named_ner(cli, db_path: Path) -> None:
    src = json.loads((REAL / "labelstudio_json_min_ner.json").read_text())
    code, _, err = cli("--db", str(db_path), "import", str(REAL / "labelstudio_json_min_ner.json"))
    assert code == 0, err
    assert "6 entities stored" in err
    texts = [t for (t,) in rows(db_path, "SELECT text FROM articles ORDER BY id")]
    assert texts == [r["text"] for r in src]  # CRLFs and all: the text under annotations is kept
    spans = [(lb, t) for _, _, _, lb, t in all_spans(db_path)]
    assert spans == [
        ("Person", "Angela Merkel"),
        ("Person", "Emmanuel Macron"),
        ("Date", "Monday"),
        ("Location", "Paris"),
        ("Location", "Frankfurt\nam Main"),
        ("Organization", "European Central Bank"),
    ]
    assert "anchored on their text" in err  # the browser counted each CRLF as one character
    assert rows(db_path, "SELECT DISTINCT annotator FROM spans") == [("anna@example.org",)]
    assert rows(db_path, "SELECT id FROM articles ORDER BY id") == [(101,), (102,)]


def test_doccano_intent_entities_as_lists_and_a_record_without_text(cli, db_path: Path) -> None:
    f = REAL / "doccano_intent_example.jsonl"
    code, _, err = cli("--db", str(db_path), "import", str(f))
    assert code == 1  # line 5 has entities but no text: named, and the exit code says so
    assert f'{f}:5: record has no "text"' in err and "1 entity not stored" in err
    assert "2 entities stored, 1 entity not stored (see above)" in err
    assert [(lb, t) for _, _, _, lb, t in all_spans(db_path)] == [("LOC", "e"), ("LOC", "e")]
    assert "doccano_intent_example.jsonl:2: the cleaner" not in err  # "cats" is an annotation too
    # the records were annotated: their text is kept as it came, never cleaned
    assert [t for (t,) in rows(db_path, "SELECT text FROM articles ORDER BY id")] == [
        "exampleA",
        "exampleB",
        "exampleC",
        "exampleD",
    ]


def test_doccano_1x_download_annotations(cli, db_path: Path) -> None:
    code, _, err = cli(
        "--db", str(db_path), "import", str(REAL / "doccano_download_sequence_labeling.jsonl")
    )
    assert code == 0, err
    assert "3 entities stored" in err
    assert all_spans(db_path) == [
        (1, 0, 2, "ORG", "EU"),
        (2, 0, 15, "PERSON", "Peter Blackburn"),
        (3, 10, 15, "PERSON", "Obama"),
    ]
    assert rows(db_path, "SELECT DISTINCT status FROM articles") == [("done",)]
    assert rows(db_path, "SELECT DISTINCT annotator FROM spans") == [("user1",)]


def test_doccano_1x_label_ids_without_names_are_kept_and_said(
    cli, db_path: Path, tmp_path: Path
) -> None:
    # the same download as doccano 1.0 wrote it, before label_name was added
    src = REAL / "doccano_download_sequence_labeling.jsonl"
    f = tmp_path / "doccano_1_0.jsonl"
    lines = []
    for line in src.read_text().splitlines():
        rec = json.loads(line)
        for ann in rec["annotations"]:
            del ann["label_name"], ann["user_name"]
        lines.append(json.dumps(rec))
    f.write_text("\n".join(lines) + "\n")
    code, _, err = cli("--db", str(db_path), "import", str(f))
    assert code == 0, err
    assert "3 entities stored" in err
    assert "label id 2 has no name" in err and "LABEL_2" in err
    assert [(lb, t) for _, _, _, lb, t in all_spans(db_path)] == [
        ("LABEL_2", "EU"),
        ("LABEL_1", "Peter Blackburn"),
        ("LABEL_1", "Obama"),
    ]
    code, _, err = cli("--db", str(db_path), "labels", "rename", "LABEL_1", "PERSON")
    assert code == 0, err
    assert rows(db_path, "SELECT count(*) FROM spans WHERE label = 'PERSON'") == [(2,)]


def test_prodigy_ner_teach_answers_are_merged_not_skipped(cli, db_path: Path) -> None:
    code, _, err = cli("--db", str(db_path), "import", str(REAL / "prodigy_ner_teach.jsonl"))
    assert code == 0, err
    assert (
        "imported 1 article(s)" in err
        and "5 records merged" in err
        and "skipped 0 duplicate(s)" in err
    )
    assert "3 entities stored" in err and "2 rejected suggestions kept as rejections" in err
    assert "answered 'ignore'" in err
    spans = rows(db_path, 'SELECT start, "end", label, text, annotator FROM spans ORDER BY start')
    assert [(t, who) for *_, t, who in spans] == [
        ("Civic", "news-ner-alice"),
        ("Accord", "news-ner-bob"),
        ("i7", "news-ner-bob"),
    ]
    rejected = rows(db_path, "SELECT form, label, annotator FROM rejections ORDER BY start")
    assert rejected == [
        ("Honda", "PRODUCT", "news-ner-alice"),
        ("Intel", "PRODUCT", "news-ner-bob"),
    ]
    # a rejected suggestion never becomes an entity, and never rejects the text
    assert rows(db_path, "SELECT status FROM articles") == [("done",)]


def test_prodigy_ner_teach_imported_again_adds_nothing_twice(
    cli, db_path: Path, tmp_path: Path
) -> None:
    f = REAL / "prodigy_ner_teach.jsonl"
    assert cli("--db", str(db_path), "import", str(f))[0] == 0
    code, _, err = cli("--db", str(db_path), "import", str(f))
    assert code == 0, err
    assert "3 entities stored" in err  # already there: counted, not added twice
    assert rows(db_path, "SELECT count(*) FROM spans") == [(3,)]
    assert rows(db_path, "SELECT count(*) FROM rejections") == [(2,)]


def test_two_annotators_of_one_text_both_come_through_or_are_named(
    cli, db_path: Path, tmp_path: Path
) -> None:
    text = "Apple hired Tim Cook in Cupertino."
    a = {
        "text": text,
        "spans": [
            {"start": 0, "end": 5, "label": "ORG"},
            {"start": 12, "end": 20, "label": "PERSON"},
        ],
        "_view_id": "ner_manual",
        "answer": "accept",
        "_session_id": "alice",
    }
    b = {
        "text": text,
        "spans": [
            {"start": 12, "end": 15, "label": "PERSON"},
            {"start": 24, "end": 33, "label": "GPE"},
        ],
        "_view_id": "ner_manual",
        "answer": "accept",
        "_session_id": "bob",
    }
    f = tmp_path / "two.jsonl"
    f.write_text(json.dumps(a) + "\n" + json.dumps(b) + "\n")
    code, _, err = cli("--db", str(db_path), "import", str(f))
    assert code == 1  # bob's "Tim" overlaps alice's "Tim Cook": named, not silently dropped
    assert f"{f}:2: span [12, 15) PERSON 'Tim' overlaps [12, 20) PERSON" in err
    assert "3 entities stored, 1 entity not stored (see above)" in err
    assert rows(db_path, "SELECT text, annotator FROM spans ORDER BY start") == [
        ("Apple", "alice"),
        ("Tim Cook", "alice"),
        ("Cupertino", "bob"),
    ]


def test_conll_files_named_as_distributed_are_recognised_by_content(
    cli, db_path: Path, tmp_path: Path
) -> None:
    f = tmp_path / "eng.train"
    f.write_bytes((REAL / "flair_fashion_eng.train").read_bytes())
    code, _, err = cli("--db", str(db_path), "import", str(f))
    assert code == 0, err
    assert "20 entities stored" in err
    got = [(lb, t) for _, _, _, lb, t in all_spans(db_path)]
    assert ("NamedPerson", "Arlésienne") in got and (
        "NamedLocation",
        "Leonard Pearlstein Gallery",
    ) in got
    assert len(got) == 20
    # the same file as a .txt column file (no -DOCSTART-) is still a column file
    db2 = tmp_path / "two.db"
    t = tmp_path / "fashion.txt"
    t.write_bytes(f.read_bytes())
    code, _, err = cli("--db", str(db2), "import", str(t))
    assert code == 0 and "20 entities stored" in err


def test_conll_columns_option_names_the_tag_column(cli, db_path: Path, tmp_path: Path) -> None:
    f = tmp_path / "eng.train"
    f.write_bytes((REAL / "flair_column_with_whitespaces_eng.train").read_bytes())
    code, _, err = cli("--db", str(db_path), "import", "--conll-columns", "0,1", str(f))
    assert code == 0, err
    assert [(lb, t) for _, _, _, lb, t in all_spans(db_path)] == [("LOC", "German")]
    assert "1 entity stored" in err
    code, _, err = cli("--db", str(db_path), "import", "--conll-columns", "zero", str(f))
    assert code == 2 and "--conll-columns" in err and "Traceback" not in err
    # without the option the tag column is found (never a plain-text article with 0 entities)
    db2 = tmp_path / "auto.db"
    code, _, err = cli("--db", str(db2), "import", str(f))
    assert code == 0 and "tags are in column 1" in err and "1 entity stored" in err
    assert [(lb, t) for _, _, _, lb, t in all_spans(db2)] == [("LOC", "German")]


def test_csv_with_a_header_and_field_names(cli, db_path: Path, tmp_path: Path) -> None:
    f = REAL / "prodigy_recipes_abt.csv"
    code, _, err = cli("--db", str(db_path), "import", str(f))
    assert code == 1 and "no 'text' column (columns: unique_id, title, description, price)" in err
    assert "--text-field" in err and rows(db_path, "SELECT count(*) FROM articles") == [(0,)]
    code, _, err = cli(
        "--db",
        str(db_path),
        "import",
        "--text-field",
        "description",
        "--title-field",
        "title",
        "--id-field",
        "unique_id",
        str(f),
    )
    assert code == 0, err
    assert "imported 5 article(s)" in err
    got = rows(db_path, "SELECT title, text, meta FROM articles ORDER BY id")
    assert got[1][0] == "Linksys EtherFast10/100 5-Port Auto-Sensing Switch - EZXS55W"
    assert (
        got[1][1].startswith("Linksys EtherFast10/100 5-Port") and "20Mbps, 100Mbps" in got[1][1]
    )  # quoted commas
    assert json.loads(got[0][2])["foreign"]["price"] == "$44.00"  # other columns kept


def test_tsv_with_a_line_break_in_a_quoted_field(cli, db_path: Path, tmp_path: Path) -> None:
    f = tmp_path / "news.tsv"
    f.write_text(
        'title\ttext\turl\nStorm\t"Heavy rain hit Lyon on Monday.\nRivers rose."\thttps://example.org/a\n'
        "Bad\trow\n"
        "Vote\tThe Senate voted on Tuesday in Rome.\thttps://example.org/b\n"
    )
    code, _, err = cli("--db", str(db_path), "import", str(f))
    assert code == 1 and f"{f}:4: 2 field(s) where the header has 3" in err
    assert rows(db_path, "SELECT title, source FROM articles ORDER BY id") == [
        ("Storm", "https://example.org/a"),
        ("Vote", "https://example.org/b"),
    ]


def test_field_names_for_jsonl_records(cli, db_path: Path, tmp_path: Path) -> None:
    f = tmp_path / "scraped.jsonl"
    f.write_text(
        json.dumps(
            {
                "doc_id": "n-1",
                "headline": "Merger",
                "raw_text": "Acme buys Globex for $3bn.",
                "spans": [{"start": 0, "end": 4, "label": "ORG"}],
            }
        )
        + "\n"
        + json.dumps({"doc_id": "n-2", "headline": "No body here"})
        + "\n"
    )
    code, _, err = cli(
        "--db",
        str(db_path),
        "import",
        "--text-field",
        "raw_text",
        "--title-field",
        "headline",
        "--id-field",
        "doc_id",
        str(f),
    )
    assert code == 1 and f"{f}:2: record has no 'raw_text' field" in err
    assert rows(db_path, "SELECT title, text FROM articles") == [
        ("Merger", "Acme buys Globex for $3bn.")
    ]
    assert all_spans(db_path)[0][3:] == ("ORG", "Acme")
    assert (
        json.loads(rows(db_path, "SELECT meta FROM articles")[0][0])["foreign"]["external_id"]
        == "n-1"
    )


def test_brat_event_triggers_are_not_entities_and_names_come_back(
    cli, db_path: Path, tmp_path: Path
) -> None:
    import shutil

    folder = tmp_path / "ge"
    shutil.copytree(REAL / "brat_ge", folder)
    code, _, err = cli("--db", str(db_path), "import", str(folder))
    assert code == 0, err
    assert "8 entities stored" in err
    assert "not kept (newsmark keeps entity spans): 9 events, 8 event triggers" in err
    labels = sorted({lb for _, _, _, lb, _ in all_spans(db_path)})
    assert labels == ["Entity", "Protein"]  # no trigger type became a label of spans
    assert rows(
        db_path, "SELECT count(*) FROM labels WHERE name IN ('Regulation', 'Gene_expression')"
    ) == [(0,)]
    out = tmp_path / "out"
    code, _, err = cli("--db", str(db_path), "export", str(out), "--format", "brat")
    assert code == 0, err
    assert (out / "PMID-8051172.txt").read_text() == (folder / "PMID-8051172.txt").read_text()
    back = {ln.split("\t", 1)[1] for ln in (out / "PMID-8051172.ann").read_text().splitlines()}
    given = {
        ln.split("\t", 1)[1]
        for ln in (folder / "PMID-8051172.ann").read_text().splitlines()
        if ln.split("\t")[1].split()[0] in ("Protein", "Entity")
    }
    assert back == given


def test_annotations_of_a_text_already_in_the_database_are_added_to_it(
    cli, db_path: Path, tmp_path: Path
) -> None:
    text = "Apple hired Tim Cook in Cupertino."
    plain = tmp_path / "plain.jsonl"
    plain.write_text(json.dumps({"text": text, "spans": []}) + "\n")
    assert cli("--db", str(db_path), "import", str(plain))[0] == 0
    ann = tmp_path / "ann.jsonl"
    ann.write_text(
        json.dumps(
            {
                "text": text,
                "answer": "accept",
                "spans": [
                    {"start": 0, "end": 5, "label": "ORG"},
                    {"start": 12, "end": 20, "label": "PERSON"},
                ],
            }
        )
        + "\n"
        + json.dumps(
            {
                "text": text,
                "answer": "accept",
                "spans": [{"start": 12, "end": 15, "label": "PERSON"}],
            }
        )
        + "\n"
    )
    code, _, err = cli("--db", str(db_path), "import", str(ann))
    assert code == 1
    assert f"{ann}:2: span [12, 15) PERSON 'Tim' overlaps [12, 20) PERSON" in err
    assert "2 entities stored, 1 entity not stored (see above)" in err and "merged" in err
    assert rows(db_path, "SELECT count(*), min(status) FROM articles") == [(1, "done")]
    assert [t for *_, t in all_spans(db_path)] == ["Apple", "Tim Cook"]


def test_doccano_extra_keys_go_back_out(cli, db_path: Path, tmp_path: Path) -> None:
    f = REAL / "doccano_intent_example.jsonl"
    cli("--db", str(db_path), "import", str(f))
    out = tmp_path / "out.jsonl"
    code, _, err = cli(
        "--db",
        str(db_path),
        "export",
        str(out),
        "--format",
        "doccano",
        "--status",
        "all",
        "--no-lint",
    )  # its spans cut words ("e" of "exampleA"): lint says so
    assert code == 0, err
    back = {r["text"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert back["exampleA"]["cats"] == ["positive"] and back["exampleA"]["label"] == [[0, 1, "LOC"]]
    assert back["exampleB"]["cats"] == ["positive"]
