"""Writes the bad-input corpus beside this file, and expected.json: what each must produce.

Run it again after changing the corpus (python tests/data/bad/make_corpus.py). Inputs that
cannot live in a repository (a 50 MB file, an unreadable file, a symlink loop, locked or
foreign databases) are made by tests/system/test_bad_input.py at run time.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
BODY = (
    "Le conseil municipal de Lyon a voté mardi soir un nouveau plan de circulation pour le centre-ville. "
    "Selon la maire, les travaux commenceront au printemps et dureront deux ans.\n\n"
    "Les commerçants de la presqu'île craignent une baisse de la fréquentation pendant le chantier, "
    "tandis que les associations de cyclistes saluent une décision attendue depuis longtemps.\n"
)
EN = (
    "The city council approved a new traffic plan for the town centre on Tuesday evening. "
    "Work will begin in the spring and is expected to last two years, the mayor said.\n"
)


def jl(*recs: object) -> str:
    return "".join(
        (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in recs
    )


# name -> (bytes, exit code, stderr substring, articles stored)
CORPUS: dict[str, tuple[bytes, int, str, int]] = {
    "binary.png": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, 1, "binary file", 0),
    "archive.docx": (b"PK\x03\x04" + bytes(range(256)) * 20, 1, "binary file", 0),
    "elf.bin": (
        b"\x7fELF\x02\x01\x01" + b"\x00" * 400 + bytes(range(32)) * 20,
        1,
        "binary file",
        0,
    ),
    "invalid_utf8.txt": (
        BODY.encode() + b"\xff\xfe\xfa bad bytes \xc3\x28 here",
        0,
        "not UTF-8, decoded as",
        1,
    ),
    "utf16_bom.txt": (BODY.encode("utf-16"), 0, "decoded as UTF-16", 1),
    "utf16le_nobom.txt": (BODY.encode("utf-16-le"), 0, "decoded as UTF-16-LE (no BOM)", 1),
    "utf16be_nobom.txt": (BODY.encode("utf-16-be"), 0, "decoded as UTF-16-BE (no BOM)", 1),
    "cp1252.txt": (
        (BODY + "Prix : 20 € « TTC » – œuvre.\n").encode("cp1252"),
        0,
        "not UTF-8, decoded as",
        1,
    ),
    "latin1.txt": (BODY.encode("latin-1"), 0, "not UTF-8, decoded as", 1),
    "utf8_bom.txt": (b"\xef\xbb\xbf" + BODY.encode(), 0, "imported 1 article(s)", 1),
    "empty.txt": (b"", 1, "empty file", 0),
    "whitespace.txt": (b"  \n\t\n   \r\n", 1, "empty file", 0),
    "nul_bytes.txt": (BODY.encode().replace(b"mardi", b"mar\x00di"), 0, "NUL bytes removed", 1),
    "crlf.txt": (BODY.replace("\n", "\r\n").encode(), 0, "imported 1 article(s)", 1),
    "cr_only.txt": (BODY.replace("\n", "\r").encode(), 0, "imported 1 article(s)", 1),
    "u2028_formfeed.txt": (
        BODY.replace("\n\n", "\u2028\u2028").replace("soir", "soir\x0c").encode(),
        0,
        "imported 1 article(s)",
        1,
    ),
    "rtl_arabic.txt": (
        (
            "صادق مجلس المدينة مساء الثلاثاء على خطة مرور جديدة لوسط المدينة. "
            "وقالت رئيسة البلدية إن الأشغال ستبدأ في الربيع وستستمر عامين.\n"
        ).encode(),
        0,
        "imported 1 article(s)",
        1,
    ),
    "bidi_override.txt": (
        ("Le fichier \u202egnp.exe\u202c est arrivé. " + BODY).encode(),
        0,
        "imported 1 article(s)",
        1,
    ),
    "zwj_emoji.txt": (
        ("👩‍👩‍👧 La famille 👍🏽 a visité Paris 🇫🇷. " + BODY).encode(),
        0,
        "imported 1 article(s)",
        1,
    ),
    "combining.txt": (BODY.replace("é", "e\u0301").encode(), 0, "imported 1 article(s)", 1),
    "tabs.txt": (BODY.replace(" ", "\t", 5).encode(), 0, "imported 1 article(s)", 1),
    "ansi_escapes.txt": (
        ("\x1b[31mALERTE\x1b[0m \x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07" + BODY).encode(),
        0,
        "imported 1 article(s)",
        1,
    ),
    "only_controls.txt": (b"\x1b[31m\x07\x1b]0;title\x07\x1b[0m\n", 1, "no text left", 0),
    "markup_title.jsonl": (
        jl({"text": EN, "title": "[bold red]Breaking[/] [link=http://x]click[/link]"}).encode(),
        0,
        "imported 1 article(s)",
        1,
    ),
    "malformed_lines.jsonl": (
        jl({"text": EN}, '{"text": "unterminated', "not json at all", {"text": BODY}).encode(),
        1,
        "malformed_lines.jsonl:2: malformed JSON",
        2,
    ),
    "wrong_shape_list.json": (
        b"[1, 2, 3]",
        1,
        "wrong_shape_list.json:[1]: expected a JSON object",
        0,
    ),
    "wrong_shape_text.jsonl": (jl({"text": 42}).encode(), 1, "not a string", 0),
    "no_text_field.jsonl": (
        jl({"body": EN}).encode(),
        1,
        'record has no "text" or "html" field',
        0,
    ),
    "truncated.json": (b'[{"text": "The city council', 1, "invalid JSON", 0),
    "spans_out_of_range.jsonl": (
        jl({"text": EN, "spans": [{"start": 4, "end": 900, "label": "ORG"}]}).encode(),
        1,
        "outside the text",
        1,
    ),
    "spans_negative.jsonl": (
        jl({"text": EN, "spans": [{"start": -3, "end": 2, "label": "ORG"}]}).encode(),
        1,
        "outside the text",
        1,
    ),
    "spans_wrong_text.jsonl": (
        jl(
            {"text": EN, "spans": [{"start": 4, "end": 8, "label": "ORG", "text": "town"}]}
        ).encode(),
        1,
        "covers 'city', not 'town'",
        1,
    ),
    "spans_not_int.jsonl": (
        jl({"text": EN, "spans": [{"start": "4", "end": 8.0, "label": "ORG"}]}).encode(),
        1,
        "must be integers",
        1,
    ),
    "spans_overlap.jsonl": (
        jl(
            {
                "text": EN,
                "spans": [
                    {"start": 4, "end": 16, "label": "ORG"},
                    {"start": 9, "end": 16, "label": "MISC"},
                ],
            }
        ).encode(),
        1,
        "overlaps",
        1,
    ),
    "spans_bad_label.jsonl": (
        jl({"text": EN, "spans": [{"start": 4, "end": 8, "label": "two words"}]}).encode(),
        1,
        "is not a one-word name",
        1,
    ),
    "unknown_label.jsonl": (
        jl({"text": EN, "spans": [{"start": 4, "end": 16, "label": "COUNCIL"}]}).encode(),
        0,
        "created label 'COUNCIL'",
        1,
    ),
    "doccano_bad_label.jsonl": (
        jl({"text": EN, "label": [[4, 16]]}).encode(),
        1,
        "start and end must be integers",
        1,
    ),
    "html_scripts.html": (
        (
            "<html><head><script>alert('x'); document.write('EVIL')</script><style>p{}</style></head>"
            "<body><iframe src='http://evil.example/'>IFRAME TEXT</iframe><article><p>"
            + EN * 3
            + "</p><p>"
            + EN
            + "</p></article><script>var tracker = 1;</script></body></html>"
        ).encode(),
        0,
        "imported 1 article(s)",
        1,
    ),
    "html_empty.html": (
        b"<html><head><title></title></head><body></body></html>",
        1,
        "no article text found in the HTML",
        0,
    ),
    "truncated.txt.gz": (gzip.compress(BODY.encode() * 50)[:80], 1, "broken gzip", 0),
    "not_gzip.txt.gz": (b"\x1f\x8b\x08\x00garbage that is not deflate", 1, "broken gzip", 0),
    "good.jsonl.gz": (gzip.compress(jl({"text": EN}).encode()), 0, "imported 1 article(s)", 1),
    # one bad record never stops the rest (issue 13): each is named, the good record is stored
    "field_title_object.jsonl": (
        jl({"text": EN, "title": {"en": "x"}}, {"text": BODY}).encode(),
        1,
        'field_title_object.jsonl:1: "title" is an object, not text',
        1,
    ),
    "field_date_list.jsonl": (
        jl({"text": BODY, "date": [2024, 5, 1]}, {"text": EN}).encode(),
        1,
        '"date" is a list, not text',
        1,
    ),
    "field_url_object.jsonl": (
        jl({"text": BODY, "url": {"href": "x"}}, {"text": EN}).encode(),
        1,
        '"url" is an object, not text',
        1,
    ),
    "field_note_object.jsonl": (
        jl({"text": BODY, "meta": {"note": {"n": 1}}}, {"text": EN}).encode(),
        1,
        '"meta.note" is an object, not text',
        1,
    ),
    "field_tags_objects.jsonl": (
        jl({"text": BODY, "meta": {"tags": ["ok", {"x": 1}]}}, {"text": EN}).encode(),
        1,
        'a tag in "meta.tags" is an object',
        1,
    ),
    "id_overflow.jsonl": (
        jl({"text": BODY, "id": 10**30}, {"text": EN}).encode(),
        1,
        'id_overflow.jsonl:1: "id" 1000000000000000000000000000000 is not a whole number',
        1,
    ),
    "nested_deep.jsonl": (
        ("[" * 5000 + "]" * 5000 + "\n" + jl({"text": EN})).encode(),
        1,
        "nested_deep.jsonl:1: JSON nested too deeply",
        1,
    ),
    "nested_deep.json": (
        ("[" * 5000 + "]" * 5000).encode(),
        1,
        "nested_deep.json: JSON nested too deeply",
        0,
    ),
    "surrogate.jsonl": (
        (jl({"text": EN}) + '{"text": "Un texte avec \\ud800 seul."}\n').encode(),
        1,
        "surrogate.jsonl:2: could not be stored",
        1,
    ),
    "duplicate_ids.jsonl": (
        jl(
            {"id": 9001, "text": EN},
            {"id": 9001, "text": BODY},
            {"id": 9002, "text": EN + " More."},
        ).encode(),
        0,
        "duplicate_ids.jsonl:2: id 9001 is already used by another article",
        3,
    ),
    "meta_utf8_over_cp1252.html": (
        (
            "<html><head><meta charset=utf-8><title>Un café</title></head><body><article><p>"
            + BODY.replace("\n", " ")
            + " Une idée naïve, « déjà » vue – 20 €.</p></article></body></html>"
        ).encode("cp1252"),
        0,
        "decoded as cp1252 (the file says utf-8, but its bytes are not)",
        1,
    ),
    "jsonl_cp1252.jsonl": (
        (jl({"text": BODY + " Une œuvre de Noël à 20 €."}) + jl({"text": EN})).encode("cp1252"),
        0,
        "jsonl_cp1252.jsonl:1: not UTF-8, decoded as cp1252",
        2,
    ),
    "gzip_bomb.txt.gz": (
        gzip.compress(b"\x00" * (24 * 2**20), 9, mtime=0),
        1,
        "too large once decompressed (over the 20 MB limit)",
        0,
    ),
}


def main() -> None:
    expected = {}
    for name, (data, code, message, stored) in CORPUS.items():
        (HERE / name).write_bytes(data)
        expected[name] = {"exit": code, "message": message, "stored": stored}
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
