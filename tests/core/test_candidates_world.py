"""Candidate jumps (`]`) on German and Japanese news written for the tests
(tests/data/search/SOURCE.md): German runs no longer glue common nouns or role nouns to names,
Japanese (no capitals) gets candidates at all."""

from __future__ import annotations

import json
from pathlib import Path

from tui.core.assist.candidates import candidates
from tui.core.tokens import token_bounds

DATA = Path(__file__).resolve().parents[1] / "data" / "search" / "news.jsonl"


def _page(lang: str) -> str:
    for line in DATA.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec["meta"]["lang"] == lang:
            return str(rec["text"])
    raise AssertionError(lang)


def _cands(text: str, lang: str) -> list[str]:
    s, e = token_bounds(text, lang)
    starts, ends = list(s), list(e)
    return [text[starts[a] : ends[b]] for a, b in candidates(text, starts, ends, lang=lang)]


def test_german_runs_keep_names_apart_from_common_nouns() -> None:
    text = _page("de")
    got = _cands(text, "de")
    forms = set(got)
    assert "Amtsinhaber Wladimir Putin" not in forms and "Nadeschdins Helfer" not in forms
    assert {
        "Wladimir Putin",
        "Boris Nadeschdin",
        "Nadeschdins",
        "Michail Chodorkowski",
        "Alexej Nawalny",
        "Dmitri Peskov",
    } <= forms
    # every candidate that starts with a capital and has several words is made of names only
    for c in got:
        words = c.split()
        assert not any(w in ("der", "des", "dem", "zum", "zur") for w in words), c
    # the name alone, as later mentions write it, is a candidate too
    assert got.count("Nadeschdin") >= 5 and "Putin" in forms
    assert not forms & {
        "März",
        "Er",
        "Unterschriften",
        "Unterstützung",
        "Wahl zum Präsidenten",
        "Prozent der Stimmen",
        "Städten des Landes",
    }


def test_japanese_gets_name_candidates() -> None:
    text = _page("ja")
    got = _cands(text, "ja")
    assert "阪神タイガース" in got and "藤川球児" in got
    assert got.count("藤川") == text.count("藤川") - 1  # every later 藤川 (one is inside 藤川球児)
    assert "ジェフ・ウィリアムス" in got
    assert "阪神" in got  # written alone after 阪神タイガース
