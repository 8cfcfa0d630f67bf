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


LONG = {
    "en": "The city council approved the new budget on Tuesday evening after a long debate about "
    "the cost of public transport and the repair of several old bridges near the river.",
    "de": "Der Stadtrat hat am Dienstagabend nach einer langen Debatte über die Kosten des "
    "Nahverkehrs und die Sanierung mehrerer alter Brücken den neuen Haushalt beschlossen.",
    "ja": "東京都は火曜日の夜、新しい予算案を承認したと発表しました。市議会では公共交通の費用と"
    "川の近くにある古い橋の修理について長い議論が行われ、最終的に賛成多数で可決されました。"
    "知事は記者会見で、来年度から工事を始める考えを示しました。住民からは通勤が便利になるとの"
    "声が上がっています。",
}


def test_lingua_not_run_where_it_cannot_change_the_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long text that langdetect reads surely, whose stopwords are clearly that language's (or
    whose script no language of LINGUA_ONLY is written in), is not given to lingua: its models
    cost ~0.2 s to load per import worker and ~10 ms per text for nothing."""
    from tui.core import language

    asked: list[str] = []
    real = language._lingua_ranked

    def spy(text: str, codes: set[str]) -> list[tuple[str, float]]:
        asked.append(text)
        return real(text, codes)

    monkeypatch.setattr(language, "_lingua_ranked", spy)
    for code, text in LONG.items():
        assert detect_language(text).code == code
        assert detect_language("\n\n".join([text] * 5)).code == code
    assert asked == []
    # Where lingua can change the answer it is still asked, and decides.
    icelandic = " ".join(s for s in TEXT["is"] if len(s) >= 60)
    zulu = " ".join(s for s in TEXT["zu"] if len(s) >= 60)
    assert detect_language(icelandic).code == "is"
    assert detect_language(zulu).code == "zu"
    assert len(asked) == 2


def test_skipping_lingua_gives_the_answer_lingua_would(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same code, probability and mixed flag with and without the shortcut, on every text of
    tests/data/lang_text.json (alone, joined, one per line) and the long paragraphs."""
    from tui.core import language

    samples = [*LONG.values()]
    for code, sentences in TEXT.items():
        if not code.startswith("_"):
            samples += [*sentences, " ".join(sentences), "\n".join(sentences)]

    def answers() -> list[tuple[str, float, bool, str | None]]:
        out = []
        for s in samples:
            lang = detect_language(s)
            out.append((lang.code, lang.prob, lang.mixed, detect(s)))
        return out

    fast = answers()
    monkeypatch.setattr(language, "_settled", lambda *a: False)
    assert answers() == fast
