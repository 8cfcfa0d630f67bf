"""A problem with a record of a JSON array names the line of the record's opening brace (an editor
jumps there) and its number in the array: ``export.json:1841 (record 7312)``, never the bare
index ``export.json:[7312]``. Built on the real Label Studio and doccano files in
tests/data/formats/real/ (SOURCES.md), imported through the CLI as a user would."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import DATA

REAL = DATA / "formats" / "real"


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def brace_line(text: str, marker: str, indent: str) -> int:
    """The 1-based line of the ``{`` (alone on its line at ``indent``) that opens the record
    holding ``marker``, found by reading the file's lines upwards from the marker."""
    lines = text.split("\n")
    at = next(i for i, ln in enumerate(lines) if marker in ln)
    while lines[at].rstrip("\r") != indent + "{":
        at -= 1
    return at + 1


def label_studio_tasks(n: int) -> list[dict]:
    """``n`` tasks of a Label Studio 1.x JSON export made from the real pre-1.0 task 348 (its
    ``completions`` are 1.x's ``annotations``), each with its own text (a sentence added at the
    end, so every region's offsets still hold)."""
    src = json.loads((REAL / "labelstudio_completions_348.json").read_text())
    tasks = []
    for k in range(1, n + 1):
        task = copy.deepcopy(src)
        task["id"] = 348000 + k
        task["data"]["text"] = src["data"]["text"] + f" Batch {k} of the same product line."
        task["annotations"] = task.pop("completions")
        tasks.append(task)
    return tasks


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_label_studio_export_names_the_line_of_the_broken_task(
    cli, tmp_path: Path, newline: str
) -> None:
    tasks = label_studio_tasks(7)
    regions = len(tasks[0]["annotations"][0]["result"])
    broken = tasks[4]  # the fifth task: its text is under a key Label Studio never writes
    broken["data"] = {"body": broken["data"].pop("text")}
    text = json.dumps(tasks, indent=2, ensure_ascii=False)  # pretty-printed, one key a line
    src = tmp_path / "project-1-at-2026-12-04.json"
    src.write_bytes(text.replace("\n", newline).encode())
    line = brace_line(text, '"id": 348005', "  ")
    assert line > 1000  # the task sits deep in a long, multi-line file

    db = tmp_path / "ls.db"
    code, _, err = cli("--db", str(db), "import", str(src))
    assert code == 1, err
    assert f'error: {src}:{line} (record 5): record has no "text" or "html" field' in err
    assert f"({regions} entities not stored)" in err
    assert ":[" not in err
    assert count(db, "SELECT count(*) FROM articles") == 6
    assert count(db, "SELECT count(*) FROM spans") == 6 * regions
    ids = {i for (i,) in sqlite3.connect(db).execute("SELECT id FROM articles")}
    assert ids == {348001, 348002, 348003, 348004, 348006, 348007}  # the task ids


def doccano_records() -> list[dict]:
    """The real doccano 1.x download (three records), as doccano's JSON export writes it."""
    path = REAL / "doccano_download_sequence_labeling.jsonl"
    return [json.loads(ln) for ln in path.read_text().splitlines() if ln.strip()]


def test_doccano_json_array_names_the_line_of_the_broken_record(cli, tmp_path: Path) -> None:
    recs = doccano_records()
    more = copy.deepcopy(recs)
    for r in more:  # three more records with texts of their own
        r["id"] += 10
        r["text"] += " (second batch)"
    recs += more
    recs[2]["text"] = [recs[2]["text"]]  # a list where the text must be a string
    text = json.dumps(recs, indent=4)
    src = tmp_path / "doccano_export.json"
    src.write_text(text)
    line = brace_line(text, '"id": 3,', "    ")

    db = tmp_path / "dc.db"
    code, _, err = cli("--db", str(db), "import", str(src))
    assert code == 1, err
    assert f'error: {src}:{line} (record 3): record\'s "text" is empty or not a string' in err
    assert "(1 entity not stored)" in err
    assert count(db, "SELECT count(*) FROM articles") == 5
    assert count(db, "SELECT count(*) FROM spans") == 5
    texts = {t for (t,) in sqlite3.connect(db).execute("SELECT text FROM articles")}
    assert "President Obama" not in texts and "President Obama (second batch)" in texts


def test_minified_array_names_line_one_and_the_record_number(cli, tmp_path: Path) -> None:
    recs = doccano_records()
    recs.append({"id": 4, "text": "Brussels, 2 March", "title": {"en": "a title object"}})
    recs.append({"id": 5, "text": "Germany imports British lamb", "annotations": []})
    src = tmp_path / "minified.json"
    src.write_text(json.dumps(recs, separators=(",", ":")))
    assert src.read_text().count("\n") == 0

    db = tmp_path / "min.db"
    code, _, err = cli("--db", str(db), "import", str(src))
    assert code == 1, err
    assert f"error: {src}:1 (record 4): " in err and '"title" is an object' in err
    assert err.count("error: ") == 1
    assert count(db, "SELECT count(*) FROM articles") == 4


def test_invalid_json_names_the_fault_and_the_record_it_breaks(cli, tmp_path: Path) -> None:
    """A comma missing inside task 5 of a pretty-printed export: the whole file is refused (as
    before), naming the fault's line and column and the record it is in."""
    tasks = label_studio_tasks(7)
    text = json.dumps(tasks, indent=2)
    lines = text.split("\n")
    start = brace_line(text, '"id": 348005', "  ")
    at = next(i for i in range(start, len(lines)) if '"lead_time": 72.138,' in lines[i])
    lines[at] = lines[at].rstrip(",")  # the comma after lead_time is gone
    src = tmp_path / "broken_export.json"
    src.write_text("\n".join(lines))

    db = tmp_path / "bad.db"
    code, _, err = cli("--db", str(db), "import", str(src))
    assert code == 1, err
    column = len(lines[at + 1]) - len(lines[at + 1].lstrip()) + 1  # the key after it
    assert (
        f"error: {src}:{at + 2}: invalid JSON (Expecting ',' delimiter at column {column}, "
        f"in record 5 (from line {start})); fix the file"
    ) in err
    assert count(db, "SELECT count(*) FROM articles") == 0


def test_a_record_too_deep_to_parse_is_named_by_its_line(cli, tmp_path: Path) -> None:
    recs = [json.dumps(r) for r in doccano_records()]
    deep = '{"text": "deep", "meta": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}"
    src = tmp_path / "deep.json"
    src.write_text("[\n  " + ",\n  ".join([*recs[:2], deep, recs[2]]) + "\n]\n")
    db = tmp_path / "deep.db"
    code, _, err = cli("--db", str(db), "import", str(src))
    assert code == 1, err
    assert f"error: {src}:4 (record 3): JSON nested too deeply" in err


def test_conll_document_is_named_by_the_line_it_starts_on(cli, tmp_path: Path) -> None:
    """flair's real fashion file twice as two documents of the same text, the second tagging one
    span longer: the overlap is named by the second document's ``-DOCSTART-`` line."""
    first = (REAL / "flair_fashion_eng.train").read_text()
    second = first.replace(
        "faille _ _ B-ProductPart\n, _ _ O", "faille _ _ B-ProductPart\n, _ _ I-ProductPart", 1
    )
    assert second != first
    head = "-DOCSTART- -X- O O\n\n"
    src = tmp_path / "fashion.conll"
    src.write_text(head + first.rstrip("\n") + "\n\n" + head + second)
    line = 2 + len(first.rstrip("\n").split("\n")) + 2  # the second -DOCSTART-
    assert src.read_text().split("\n")[line - 1].startswith("-DOCSTART-")

    db = tmp_path / "conll.db"
    code, _, err = cli("--db", str(db), "import", str(src))
    assert code == 1, err
    assert f"error: {src}:{line} (document 2): span [71, 79) ProductPart 'faille ,' overlaps" in err
    assert count(db, "SELECT count(*) FROM articles") == 1
