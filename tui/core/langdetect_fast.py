"""langdetect's detector with its per-character loops written for CPython: same answers.

langdetect (the project's detector) spends most of an article's detection in Python loops that
handle one character per call: normalising it through a Unicode-block lookup, appending it to
an n-gram buffer object, and multiplying 55 language probabilities one at a time. This subclass
keeps langdetect's profiles, random sampling and arithmetic (the same floating-point
operations in the same order, so the same probabilities bit for bit) and only changes how the
loops run: each distinct character is normalised once per process, the n-gram buffer is a local
string, and the probability updates are list comprehensions. ``tests/core/test_langdetect_fast``
compares every answer with langdetect's own on texts in many scripts.

langdetect is imported lazily, by :func:`detect_langs`' first call.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

__all__ = ["detect_langs"]

_RUNS_OF_SPACES = re.compile(" {2,}")


@lru_cache(maxsize=1)
def _detector_class() -> Any:
    """The subclass of langdetect's ``Detector`` (built on first use: langdetect loads lazily)."""
    from langdetect.detector import Detector
    from langdetect.utils.ngram import NGram
    from langdetect.utils.unicode_block import UNICODE_LATIN_EXTENDED_ADDITIONAL, unicode_block

    normalized: dict[str, str] = {}  # NGram.normalize of each character met
    non_latin: dict[str, bool] = {}  # whether cleaning_text counts a character as non-Latin

    class FastDetector(Detector):  # type: ignore[misc]
        text: str  # set by Detector.__init__

        def append(self, text: str) -> None:
            text = self.URL_RE.sub(" ", text)
            text = self.MAIL_RE.sub(" ", text)
            text = NGram.normalize_vi(text)[: self.max_text_length]
            # langdetect drops each space that follows a space within one appended text
            self.text += _RUNS_OF_SPACES.sub(" ", text)

        def cleaning_text(self) -> None:
            latin = other = 0
            for ch in self.text:
                if "A" <= ch <= "z":
                    latin += 1
                elif ch >= "\u0300":
                    counted = non_latin.get(ch)
                    if counted is None:
                        counted = unicode_block(ch) != UNICODE_LATIN_EXTENDED_ADDITIONAL
                        non_latin[ch] = counted
                    other += counted
            if latin * 2 < other:
                self.text = "".join(ch for ch in self.text if ch < "A" or ch > "z")

        def _extract_ngrams(self) -> list[str]:
            known = self.word_lang_prob_map
            result: list[str] = []
            add = result.append
            grams = " "
            capital = False
            for raw in self.text:
                ch = normalized.get(raw)
                if ch is None:
                    ch = normalized[raw] = NGram.normalize(raw)
                last = grams[-1]
                if last == " ":
                    grams = " "
                    capital = False
                    if ch == " ":
                        continue
                elif len(grams) >= NGram.N_GRAM:
                    grams = grams[1:]
                grams += ch
                if ch.isupper():
                    if last.isupper():
                        capital = True
                else:
                    capital = False
                if capital:
                    continue
                if ch != " " and ch in known:
                    add(ch)
                if len(grams) >= 2:
                    pair = grams[-2:]
                    if pair in known:
                        add(pair)
                    if len(grams) >= 3 and grams in known:
                        add(grams)
            return result

        def _update_lang_prob(self, prob: list[float], word: str | None, alpha: float) -> bool:
            if word is None or word not in self.word_lang_prob_map:
                return False
            weight = alpha / self.BASE_FREQ
            prob[:] = [
                p * (weight + q) for p, q in zip(prob, self.word_lang_prob_map[word], strict=True)
            ]
            return True

        def _normalize_prob(self, prob: list[float]) -> float:
            total = sum(prob)
            prob[:] = [p / total for p in prob]
            return max(prob)

    return FastDetector


def detect_langs(text: str) -> list[Any]:
    """``langdetect.detect_langs``, faster: the same ``Language`` list for every text (with
    ``DetectorFactory.seed`` set, as :mod:`tui.core.language` sets it)."""
    from langdetect import detector_factory

    detector_factory.init_factory()
    detector = _detector_class()(detector_factory._factory)
    detector.append(text)
    return detector.get_probabilities()  # type: ignore[no-any-return]
