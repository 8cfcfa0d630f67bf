"""Language detection: reproducible, right on paragraphs, honest ("und") on scraps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.core.language import Language, detect, detect_language

PARAGRAPHS = {
    "en": "The city council approved the new budget on Tuesday evening after a long debate about "
    "the cost of public transport and the repair of several old bridges near the river.",
    "de": "Der Stadtrat hat am Dienstagabend nach einer langen Debatte über die Kosten des "
    "Nahverkehrs und die Sanierung mehrerer alter Brücken den neuen Haushalt beschlossen.",
    "fr": "Le conseil municipal a adopté mardi soir le nouveau budget après un long débat sur le "
    "coût des transports publics et la réparation de plusieurs vieux ponts près du fleuve.",
    "es": "El ayuntamiento aprobó el martes por la noche el nuevo presupuesto tras un largo debate "
    "sobre el coste del transporte público y la reparación de varios puentes antiguos.",
    "it": "Il consiglio comunale ha approvato martedì sera il nuovo bilancio dopo un lungo dibattito "
    "sul costo dei trasporti pubblici e sulla riparazione di alcuni vecchi ponti vicino al fiume.",
    "sv": "Kommunfullmäktige godkände den nya budgeten på tisdagskvällen efter en lång debatt om "
    "kostnaderna för kollektivtrafiken och reparationen av flera gamla broar vid älven.",
}


@pytest.mark.parametrize("code", sorted(PARAGRAPHS))
def test_paragraphs(code: str) -> None:
    lang = detect_language(PARAGRAPHS[code])
    assert lang.code == code
    assert lang.prob > 0.9
    assert lang.mixed is False
    assert detect(PARAGRAPHS[code]) == code


def test_reproducible() -> None:
    text = "Der Zug kommt heute später"
    assert len({detect(text) for _ in range(5)}) == 1


def test_too_short_is_und() -> None:
    assert detect_language("OK") == Language("und", 0.0)
    assert detect_language("12:45 — 3/4").code == "und"
    assert detect_language("").code == "und"


def test_short_snippet_tie_broken_by_function_words() -> None:
    # Short Norwegian/Italian snippets are where langdetect alone wavers.
    assert detect("Det er ikke lett for oss å si") == "no"
    assert detect("Il governo non ha ancora deciso") == "it"


def test_mixed_language_article_flagged() -> None:
    text = (
        PARAGRAPHS["fr"]
        + "\n\n"
        + PARAGRAPHS["fr"].replace("mardi", "mercredi")
        + "\n\n"
        + (PARAGRAPHS["en"] + "\n\n" + PARAGRAPHS["en"].replace("Tuesday", "Monday"))
    )
    lang = detect_language(text)
    assert lang.mixed is True
    assert set(lang.paragraphs) == {"fr", "en"}


def test_single_language_article_not_mixed() -> None:
    text = "\n\n".join(
        [PARAGRAPHS["de"]] * 2 + [PARAGRAPHS["de"].replace("Dienstagabend", "Montag")] * 3
    )
    lang = detect_language(text)
    assert lang.code == "de" and not lang.mixed
    assert set(lang.paragraphs) == {"de"}


def test_script_languages() -> None:
    assert detect("서울시는 화요일 저녁 새로운 예산안을 승인했다고 밝혔다.") == "ko"
    assert detect("東京都は火曜日の夜、新しい予算案を承認したと発表しました。") == "ja"


def test_no_heavy_imports_at_module_import() -> None:
    code = (
        "import sys, tui.core.language, tui.core.clean, tui.core.reanchor; "
        "bad = [m for m in ('langdetect', 'trafilatura', 'textual', 'rich') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == ""


def test_a_long_article_is_read_from_its_start_and_its_mix_from_all_of_it() -> None:
    """The whole-text answer reads the first DETECT_CHARS characters (langdetect's cost is
    linear in the length); paragraphs further on still make the article mixed."""
    from tui.core.language import DETECT_CHARS

    fr = "\n\n".join([PARAGRAPHS["fr"]] * (DETECT_CHARS // len(PARAGRAPHS["fr"]) + 1))
    en = "\n\n".join([PARAGRAPHS["en"]] * 8)
    lang = detect_language(fr + "\n\n" + en)
    assert lang.code == "fr" and lang.mixed is True
    assert set(lang.paragraphs) == {"fr", "en"}


def test_lingua_reads_a_long_text_from_trigrams_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text of 120 characters or more gets a low-accuracy lingua detector (trigram models
    only); the full models of a few dozen languages took a second to load in every import
    worker that met one paragraph lingua had to check."""
    from tui.core import language

    built: list[bool] = []
    real = language._lingua

    def spy(codes: frozenset[str], low_accuracy: bool = False) -> object:
        built.append(low_accuracy)
        return real(codes, low_accuracy)

    monkeypatch.setattr(language, "_lingua", spy)
    codes = {"en", "de", "is", "no"}
    long_text = PARAGRAPHS["en"]
    assert len(long_text) >= language.SHORT_CHARS
    assert language._lingua_ranked(long_text, codes)[0][0] == "en"
    assert language._lingua_ranked("Council backs new tram line", codes)[0][0] == "en"
    assert built == [True, False]
