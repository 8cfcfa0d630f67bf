"""The fast langdetect detector gives langdetect's own answers, probabilities included.

The texts are every text the repository holds in some language (the seeds, the lingua and spaCy
sentences of ``tests/data/lang_text.json``, the team's search news and speed articles, three
real HTML pages rendered to text) cut at several lengths, and edge cases of the characters
langdetect treats specially: Vietnamese combining marks, Romanian commas, Farsi yeh, Latin
words in a non-Latin text, capitalised words, URLs, addresses and runs of spaces.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

EDGE_CASES = [
    "",
    "   ",
    "12345 67890",
    "Hà Nội là thủ đô của Việt Nam, nơi có nhiều hồ và đền cổ.",
    "Ha\u0300 No\u0323i la\u0300 thu\u0309 đô cu\u0309a Vie\u0323t Nam",  # combining marks
    "Guvernul României a anunțat că școlile își vor relua activitatea.",
    "Guvernul Romaniei a anuntat ca scolile isi vor relua activitatea ș ț",
    "این یک متن فارسی است که برای آزمایش نوشته شده و ی دارد.",
    "Путин встретился с CEO компании Apple и обсудил iPhone в Москве.",
    "東京都の小池百合子知事は1日、記者会見で新しいAI政策を発表した。",
    "서울시는 1일 새로운 버스 노선을 발표했다고 밝혔다.",
    "THE CITY COUNCIL APPROVED THE NEW BUDGET ON TUESDAY EVENING",
    "NASA and the ESA said the JWST saw it; see https://example.org/a?b=1 or mail a.b@c.org",
    "Le   conseil    municipal  a  adopté     le budget\n\n\n  mardi   soir.",
    "  leading and trailing spaces in a short English sentence  ",
    "Αθήνα: η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία.",
    "Bu haber İstanbul'dan geldi ve ĞÜŞİÖÇ harfleri içeriyor.",
]


def _texts() -> Iterator[str]:
    yield from EDGE_CASES
    docs: list[str] = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    docs += [p.read_text(encoding="utf-8") for p in sorted((DATA / "speed").glob("*.txt"))]
    langs = json.loads((DATA / "lang_text.json").read_text(encoding="utf-8"))
    docs += [t for code, texts in langs.items() if code != "_sources" for t in texts]
    for line in (DATA / "search" / "news.jsonl").read_text(encoding="utf-8").splitlines():
        docs.append(json.loads(line)["text"])
    from tui.core.clean.html import html_to_text

    for page in sorted((DATA / "html_pages").glob("*.html")):
        docs.append(html_to_text(page.read_text(encoding="utf-8")))
    docs += [p for doc in docs for p in doc.split("\n\n") if len(p) > 40]
    for doc in docs:
        yield doc
        yield doc[:150]
        yield doc[:2000]
        yield doc[1000:3000]


def _answers(detect: object, text: str) -> object:
    from langdetect.lang_detect_exception import LangDetectException

    try:
        return [(lang.lang, lang.prob) for lang in detect(text)]  # type: ignore[operator]
    except LangDetectException as exc:
        return f"error: {exc}"


@pytest.fixture(scope="module")
def seeded() -> None:
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0


def test_same_answers_as_langdetect(seeded: None) -> None:
    from langdetect import detect_langs as original

    from tui.core.langdetect_fast import detect_langs

    texts = list(dict.fromkeys(_texts()))
    assert len(texts) > 400
    differ = [t[:60] for t in texts if _answers(original, t) != _answers(detect_langs, t)]
    assert differ == []


def test_language_module_uses_it(seeded: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The article language goes through the fast detector (and still answers right)."""
    from tui.core import langdetect_fast, language

    calls: list[str] = []
    real = langdetect_fast.detect_langs

    def spy(text: str) -> list[object]:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(langdetect_fast, "detect_langs", spy)
    text = EDGE_CASES[13].replace("\n", " ") * 3
    assert language.detect_language(text).code == "fr"
    assert calls
