"""Importing short news briefs in unspaced scripts through the CLI: the article is stored
without the page's menus, share buttons and link lists, and no "no article body" note."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from test_clean_unspaced import BRIEFS  # noqa: E402  (the briefs written for the core tests)


@pytest.mark.parametrize("lang", ["ja", "zh", "th"])
def test_import_stores_the_brief_only(cli, db_path: Path, tmp_path: Path, lang: str) -> None:
    head, body, foot = BRIEFS[lang]
    f = tmp_path / f"brief_{lang}.txt"
    f.write_text("\n".join(head + body + foot), encoding="utf8")
    code, _, err = cli("--db", str(db_path), "import", str(f))
    assert code == 0, err
    assert "no article body" not in err
    [(text, lang_col)] = sqlite3.connect(db_path).execute(
        "SELECT text, lang FROM articles WHERE source = ?", (str(f),)
    )
    assert text == "\n\n".join(body)
    assert lang_col == lang
