"""Language identification beyond langdetect's profiles and on short headlines.

Icelandic and Zulu sentences come from lingua-go's test data, the headlines from spaCy's
example sentences (``tests/data/lang_text.json``, sources in the file). lingua is an optional
dependency (``newsmark[lang]``, installed with the test extra); it is loaded lazily.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA

from tui.core.language import detect, detect_language

TEXT = json.loads((DATA / "lang_text.json").read_text(encoding="utf8"))


@pytest.mark.parametrize("code", ["is", "zu"])
def test_languages_langdetect_has_no_profile_for(code: str) -> None:
    """langdetect reads Icelandic as Norwegian and Zulu as Swahili; lingua knows both."""
    from tui.core.language import _best_langdetect

    sentences = [s for s in TEXT[code] if len(s) >= 60]
    assert _best_langdetect(sentences[0])[0] != code  # what langdetect alone says
    right = sum(detect(s) == code for s in sentences)
    assert right == len(sentences)
    paragraph = " ".join(sentences[:4])
    lang = detect_language(paragraph)
    assert lang.code == code and lang.prob >= 0.5


@pytest.mark.parametrize("code", ["en", "de", "nl"])
def test_short_headlines(code: str) -> None:
    """Short headlines in English, German and Dutch are read as such (not as Catalan,
    Tagalog or Afrikaans): lingua decides short texts among langdetect's and the stoplists'
    candidates."""
    heads = [s for s in TEXT[code] if len(s.replace(" ", "")) >= 20]
    assert heads
    assert [detect(h) for h in heads] == [code] * len(heads)


def test_headline_read_with_its_title() -> None:
    """A one-line text is read together with its title: more words, same language."""
    text = "Tim Cook in Cupertino"
    title = "Apple is looking at buying U.K. startup for $1 billion"
    assert detect_language(text, title=title).code == "en"


def test_right_to_left_scripts() -> None:
    assert detect(" ".join(TEXT["ar"][:3])) == "ar"
    assert detect(" ".join(TEXT["he"][:3])) == "he"


def test_lingua_loaded_lazily() -> None:
    code = "import sys, tui.core.language; print('lingua' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "False"
