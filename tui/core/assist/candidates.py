"""Candidate jumps: the likely entities of an article not yet tagged, as token ranges.

:func:`candidates` runs once per article (in a worker: about 40 ms per MB) and returns sorted,
non-overlapping ``(first_token, last_token)`` ranges (inclusive); :func:`next_candidate` then
answers each jump key by bisection. A candidate is

- a run of capitalised tokens (``Microsoft Research Asia``), with at most two lowercase
  particles between capitalised tokens (``Banque de France``, ``Bank of England``,
  ``Ludwig van Beethoven``, ``Côte d'Ivoire``) and hyphen, apostrophe or ampersand joins written
  without spaces (``Hewlett-Packard``, ``AT&T``); a run never crosses a line break or punctuation;
- a capitalised token alone, except at a sentence start (after ``.!?…`` and a space, at a line
  start, at the text start, after an opening quote there), where it counts only with evidence:
  it is part of a run, or the dictionary knows it, or the same word appears capitalised
  elsewhere in the article away from a sentence start ("Microsoft a annoncé…" starts a
  candidate when "…de Microsoft…" appears later). A run starting a sentence loses a leading
  function word (``Le Japon`` → ``Japon``, ``The White House`` → ``White House``);
- a number with a unit, currency or magnitude (``2,9 milliards de dollars``, ``$5 million``,
  ``30%``, ``775,2 milliards``, ``10 €``);
- a dictionary match (:meth:`tui.core.assist.suggest.Dictionary.matches`), which wins over a heuristic
  candidate it overlaps unless that one is longer.

Titles (``M.``, ``Mme``, ``Dr``, ``Mr.``, ``Herr``…) are never part of a candidate, and the word
after one is not a sentence start (``M. Kishida`` → ``Kishida``).

German capitalises every noun, so for ``lang="de"`` a capitalised word alone is a candidate only
with evidence: the dictionary knows it, it is an acronym or has an inner capital or digit
(``BMW``, ``SoftBank``, ``G7``; a hyphenated word is judged by its head, so ``SPD-Politiker`` is
a common noun), it is part of a longer name, or it follows a locative preposition without an
article (``in Schwerin``, ``zwischen Rostock und Neustrelitz``); see :func:`_german_refine`.

Scripts without capitals have their own modules: Japanese and Chinese in
:mod:`tui.core.assist.cjk`, Korean in :mod:`tui.core.assist.hangul`. A Korean name ends inside
its token, before the particle written onto it (``엔비디아`` of ``엔비디아가``): such a candidate is
a :class:`CharCand`, still the token pair every jump bisects on, carrying the characters to
select; :func:`candidate_range` gives them for any candidate.

No Textual, no database: pure functions over the text and its token offsets.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Container, Iterable, Sequence
from typing import Any

from .cjk import cjk_names
from .hangul import glossed_acronyms, korean_names, particle_tail

Cand = tuple[int, int]


class CharCand(tuple[int, int]):
    """A candidate whose end falls inside its last token: a Korean name without the particle
    written onto it (``엔비디아`` of the token ``엔비디아가``). It is still the ``(first_token,
    last_token)`` pair every jump works with (and equal to it); ``start``/``end`` are the
    characters to select, which :func:`candidate_range` gives for any candidate."""

    start: int
    end: int

    def __new__(cls, first: int, last: int, start: int, end: int) -> CharCand:
        obj = super().__new__(cls, (first, last))
        obj.start, obj.end = start, end
        return obj


def candidate_range(c: Cand, starts: Sequence[int], ends: Sequence[int]) -> tuple[int, int]:
    """The characters a jump to ``c`` selects: its tokens' span, or less for a :class:`CharCand`."""
    if isinstance(c, CharCand):
        return c.start, c.end
    return starts[c[0]], ends[c[1]]


_CJK_TEXT_RE = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")
_HANGUL_TEXT_RE = re.compile("[\uac00-\ud7a3]")
_HANGUL_TAIL_RE = re.compile("[\uac00-\ud7a3]+$")


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


#: Particles allowed between two capitalised tokens of one name.
PARTICLES = frozenset(
    [
        "de",
        "du",
        "des",
        "d'",
        "d’",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "del",
        "della",
        "delle",
        "degli",
        "dei",
        "der",
        "den",
        "van",
        "von",
        "vom",
        "zu",
        "zum",
        "zur",
        "ter",
        "ten",
        "of",
        "the",
        "la",
        "las",
        "los",
        "le",
        "al",
        "el",
        "bin",
        "ibn",
        "ben",
        "&",
        "y",
    ]
)
#: Titles: never part of a candidate; the word after them is not a sentence start.
HONORIFICS = frozenset(
    [
        "M.",
        "MM.",
        "Mme",
        "Mme.",
        "Mmes",
        "Mlle",
        "Mlle.",
        "Mlles",
        "Me",
        "Me.",
        "Mgr",
        "Mgr.",
        "Dr",
        "Dr.",
        "Pr",
        "Pr.",
        "Prof",
        "Prof.",
        "Mr",
        "Mr.",
        "Mrs",
        "Mrs.",
        "Ms",
        "Ms.",
        "Sr",
        "Sr.",
        "Jr",
        "Jr.",
        "St.",
        "Hr.",
        "Fr.",
        "Herr",
        "Frau",
        "Sir",
        "Dame",
        "Lord",
        "Lady",
    ]
)
#: Function words and sentence openers that are not names when they begin a sentence (fr, en, de).
STOPWORDS = _words(
    # French
    "le la les l' l’ un une des du de d' d’ ce cet cette ces c' c’ il ils elle elles on nous vous "
    "je j' j’ tu qui que qu' qu’ quoi dont où mais ou et donc or ni car si s' s’ selon pour par "
    "dans avec sans sous sur chez entre vers après avant depuis pendant lors malgré hier demain "
    "aujourd'hui aujourd’hui ici là alors ainsi aussi encore déjà puis enfin toutefois cependant "
    "pourtant néanmoins en au aux à a y son sa ses leur leurs notre nos votre vos mon ma mes ton "
    "ta tes tout toute tous toutes plus moins très trop peu bien mal comme quand comment pourquoi "
    "combien cela ceci ça celui celle ceux celles chaque certains certaines plusieurs aucun aucune "
    "autre autres même non oui outre face grâce afin sauf dès parmi jusqu' jusqu’ lorsqu' lorsqu’ "
    "puisqu' puisqu’ ne n' n’ voici voilà désormais notamment d'abord d’abord "
    # English
    "the a an this that these those it its he she they we i you his her their our my your in on "
    "at for to from by with without of and or but so if as when while after before since during "
    "yesterday today tomorrow here there then thus also still however meanwhile although though "
    "because despite according more most some many several all each every no not yes what which "
    "who whom whose where why how there's it's what's one two three last next first "
    # German
    "der die das den dem des ein eine einen einem einer eines er sie es wir ihr ich du und oder "
    "aber doch denn wenn als wie auch noch schon dann so nach vor seit bei mit von zu im am ins "
    "zum zur für über unter gegen durch ohne um auf aus an in dieser diese dieses jeder jede "
    "jedes kein keine man nicht nur heute gestern morgen hier dort sollte sollten soll wird werden "
    "wurde wurden kann können konnte hat haben hatte ist sind war waren laut trotz während "
    # German conjunctions, pronouns and adverbs that open a sentence ("Ob Nadeschdin antritt…")
    "ob dass daß weil damit obwohl sobald solange falls nachdem bevor seitdem indem sodass wo was "
    "wer wen wem warum wieso weshalb wann welche welcher welches welchen solche jetzt nun da zwar "
    "sogar bereits immer etwa rund fast allerdings jedoch dabei daher deshalb darum trotzdem zudem "
    "außerdem inzwischen mittlerweile zunächst erst bis ab neben zwischen hinter wegen statt sein "
    "seine seinen seinem seiner ihre ihren ihrem ihrer unser unsere alle alles viele einige "
    "beide beiden andere anderen dies dazu davon darauf dafür dagegen wohl vielleicht"
)
CURRENCY_WORDS = (
    r"dollars?|euros?|yens?|yuans?|livres?(?:\s+sterling)?|francs?(?:\s+suisses?)?|roubles?|"
    r"roupies?|wons?|pesos?|reals?|rands?|pounds?(?:\s+sterling)?|rupees?|USD|EUR|GBP|JPY|CNY|"
    r"CHF|CAD|AUD|Euro|Dollar|Pfund|Franken"
)
MAGNITUDE_WORDS = (
    r"milliards?|millions?|billions?|trillions?|thousands?|mille|bn|mn|Mrd\.?|Mio\.?|Milliarden?|"
    r"Millionen?|md|Md\$|M\$|k"
)
_NUM_REST = r"\d*(?:[.,\u202f\u00a0\u2009 ]\d{3})*(?:[.,]\d+)?"
#: A number with a unit, currency or magnitude; each pattern starts with a character class and
#: checks the character before after it, so the engine's fast first-character scan still applies.
_NUMBER_RE = re.compile(
    rf"""\d(?<![\w.,]\d){_NUM_REST}
      (?:
        \s?(?:%|‰)
      | \s+(?:pour\s+cent|per\s*cent|percent|Prozent)\b
      | \s?(?:[$€£¥])
      | \s+(?:{MAGNITUDE_WORDS})\b(?:\s+(?:de\s+|d['’])?(?:{CURRENCY_WORDS})\b|\s?[$€£¥])?
      | \s+(?:de\s+|d['’])?(?:{CURRENCY_WORDS})\b
      )""",
    re.VERBOSE,
)
_CURRENCY_FIRST_RE = re.compile(
    rf"[$€£¥](?<![\w.,].)\s?\d{_NUM_REST}(?:\s+(?:{MAGNITUDE_WORDS})\b)?"
)


def number_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the numbers with a unit, currency or magnitude."""
    out = [m.span() for m in _NUMBER_RE.finditer(text)]
    if "$" in text or "€" in text or "£" in text or "¥" in text:
        out.extend(m.span() for m in _CURRENCY_FIRST_RE.finditer(text))
    return out


# Capital letters the fast scan looks for (Latin, Greek, Cyrillic, Armenian; the first letter
# of a run is checked with str.isupper, as these ranges also hold lowercase letters): one small
# class keeps the C scan fast, where \p{Lu} or a full Unicode class costs 5 to 10 times more.
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u0370-\u03ff\u0400-\u042f\u0460-\u052f\u0531-\u0556\u1e00-\u1eff"
_PART = "|".join(
    sorted((re.escape(p) for p in PARTICLES if p[-1] not in "'’"), key=len, reverse=True)
)
_CAPWORD = rf"[{_UP}][\w\u0300-\u036f]*"
_JOIN = (
    rf"(?:[-‐](?:(?:de|du|des|la|le|les|sur|en|et|sous|lès|aux|au|am|an|im)[-‐])?|[&'’]){_CAPWORD}"
)
_SEP = rf"[ \u00a0](?:(?:{_PART})[ \u00a0]){{0,2}}(?:[dl]['’])?"
#: A run of capitalised words: the lookbehind right after the first letter (not before it) keeps
#: the engine's fast first-character scan.
_RUN_RE = re.compile(
    rf"[{_UP}](?<![^\W_].)[\w\u0300-\u036f]*(?:{_JOIN})*(?:{_SEP}{_CAPWORD}(?:{_JOIN})*)*"
)
_HON_FIRST = frozenset(w[0] for w in HONORIFICS)
_OPENERS = "«“„‘\"'([{—–-‹¿¡ \t\u00a0\u202f"
_QUOTES = "«“„‘\"'‹"
_SENT_END = ".!?…"
_BREAKS = "\n\r\u2028\u2029"


def is_word_char(ch: str) -> bool:
    """A letter, digit or combining mark: what may not touch a whole-word match."""
    return ch.isalnum() or unicodedata.category(ch)[0] in "LMN"


def is_cjk(ch: str) -> bool:
    """Han, kana (written without spaces): a word boundary is not needed next to these."""
    o = ord(ch)
    return (
        0x3040 <= o <= 0x30FF
        or 0x31F0 <= o <= 0x31FF
        or 0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF66 <= o <= 0xFF9F
        or 0x20000 <= o <= 0x3134F
    )


def is_hangul(ch: str) -> bool:
    """A Hangul syllable or jamo: Korean words take particles written onto them
    (``엔비디아가``, ``엔비디아의``), so a Hangul form may end where more Hangul follows."""
    o = ord(ch)
    return 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F


def whole_word(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is not part of a longer word (accents, marks and CJK aware). A Hangul
    form followed by a particle or ending is whole (``엔비디아`` in ``엔비디아가``, not in
    ``엔비디아칩``, :func:`tui.core.assist.hangul.particle_tail`); its start must still be a
    word's start."""
    if start > 0:
        a, b = text[start - 1], text[start]
        if is_word_char(a) and is_word_char(b) and not (is_cjk(a) or is_cjk(b)):
            return False
    if end < len(text):
        a, b = text[end - 1], text[end]
        if is_hangul(b) and is_word_char(a) and not is_cjk(a):
            if not particle_tail(text, end):
                return False
        elif is_word_char(a) and is_word_char(b) and not (is_cjk(a) or is_cjk(b)):
            return False
        if unicodedata.category(b)[0] == "M":
            return False
    return True


def _is_abbrev(tok: str) -> bool:
    """A word ending in a dot that does not end a sentence (``M.``, ``J.``, ``U.S.``)."""
    if tok in HONORIFICS:
        return True
    core = tok[:-1]
    return bool(core) and (len(core) == 1 and core.isalpha() or "." in core and len(tok) <= 6)


def sentence_start(text: str, pos: int, prev_token: str | None = None) -> bool:
    """Does a word starting at ``pos`` begin a sentence? After ``.!?…`` and a space, a line
    break, the text start, or an opening quote there; not after a title or an initial
    (``M. Kishida``, ``J. Smith``). ``prev_token`` overrides the word found before the dot."""
    i = pos - 1
    quoted = False
    while i >= 0 and text[i] in _OPENERS:
        if text[i] in _QUOTES:
            quoted = True
        i -= 1
    if i < 0:
        return True
    c = text[i]
    if c in _BREAKS:
        return True
    if c in _SENT_END:
        if i + 1 >= pos:
            return False  # "x.Y" without a space is not a sentence end
        if c == ".":
            if prev_token is None:
                j = i
                while j > 0 and not text[j - 1].isspace() and text[j - 1] not in _OPENERS:
                    j -= 1
                prev_token = text[j : i + 1]
            if _is_abbrev(prev_token):
                return False
        return True
    return c == ":" and quoted


def _strong(word: str) -> bool:
    """Evidence enough for a German capitalised word alone: acronym, inner capital, digit. A
    hyphenated word is judged by its last part, the head of the compound (``SoftBank-Chef`` and
    ``SPD-Politiker`` are common nouns; ``G7-Gipfel`` too)."""
    head = word.rsplit("-", 1)[-1]
    if head is not word and not head[:1].isupper():
        return False  # "Nord-" / "-pendler": no head worth judging
    return any(ch.isupper() or ch.isdigit() for ch in head[1:])


def candidates(
    text: str,
    token_starts: Sequence[int],
    token_ends: Sequence[int],
    spans: Iterable[Any] = (),
    dictionary_matches: Iterable[Any] = (),
    lang: str | None = None,
    *,
    kinds: Iterable[str] = ("name", "number", "dictionary"),
    char_ranges: bool = False,
) -> list[Cand]:
    """Sorted, non-overlapping ``(first_token, last_token)`` candidates not overlapping ``spans``.

    ``spans`` and ``dictionary_matches`` are objects with ``start``/``end`` (character offsets;
    :class:`tui.core.store.Span`, :class:`tui.core.assist.suggest.Suggestion`) or ``(start, end, ...)`` tuples.
    ``kinds`` picks among ``name`` (capitalised runs), ``number`` and ``dictionary``.
    A candidate whose start falls inside a token is dropped; one whose end does (a Korean name
    before its particle) is a :class:`CharCand` with ``char_ranges``, for a caller that selects
    :func:`candidate_range`, and dropped without (a caller selecting whole tokens would take
    the particle along).
    """
    kinds = set(kinds)
    if not len(token_starts):
        return []
    starts = token_starts if isinstance(token_starts, list) else list(token_starts)
    ends = token_ends if isinstance(token_ends, list) else list(token_ends)
    found: list[tuple[int, int, int]] = []  # (start char, -end char, priority): dictionary = 1
    dict_forms: set[str] = set()
    for m in dictionary_matches:
        s, e = _range(m)
        dict_forms.add(text[s:e])
        if "dictionary" in kinds:
            found.append((s, -e, 1))
    if "name" in kinds:
        german = (lang or "").lower().startswith("de")
        runs = name_runs(text, dict_forms, german)
        if _CJK_TEXT_RE.search(text):
            found.extend((s, -e, 0) for s, e in cjk_names(text))
        if _HANGUL_TEXT_RE.search(text):
            korean = korean_names(text, dict_forms)
            found.extend((s, -e, 0) for s, e in korean)
            common = glossed_acronyms(text, {text[s:e] for s, e in korean})
            runs = [
                r
                for s, e in runs
                for r in _split_at_particles(text, s, e)
                if text[r[0] : r[1]] not in common
            ]
        found.extend((s, -e, 0) for s, e in runs)
    if "number" in kinds and any(ch.isdigit() for ch in text):
        found.extend((s, -e, 0) for s, e in number_ranges(text))
    return _resolve(text, found, spans, starts, ends, char_ranges)


def _split_at_particles(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A Latin run with Korean particles written onto its words ends at each particle, which
    ends a noun phrase (``LG는 OLED를`` → ``LG``, ``OLED``); a word followed by Hangul that is
    not a particle is no name (``SK하이닉스``: the Korean pass judges it)."""
    out: list[tuple[int, int]] = []
    start = s
    i = s + 1
    while i < e:
        if is_hangul(text[i]) and not is_hangul(text[i - 1]):
            if particle_tail(text, i) and start < i:
                out.append((start, i))
            while i < e and not text[i].isspace():
                i += 1
            while i < e and text[i].isspace():
                i += 1
            start = i
        i += 1
    if start < e:
        out.append((start, e))
    return out


def _range(m: Any) -> tuple[int, int]:
    if isinstance(m, tuple):
        return m[0], m[1]
    return m.start, m.end


def _resolve(
    text: str,
    found: list[tuple[int, int, int]],
    spans: Iterable[Any],
    starts: list[int],
    ends: list[int],
    char_ranges: bool = False,
) -> list[Cand]:
    """Token ranges of the candidates: aligned to tokens (or, with ``char_ranges``, ending
    before a particle), not overlapping a span; between overlapping candidates the longer one
    (the dictionary's on a tie)."""
    found.sort()
    kept: list[tuple[int, int, int]] = []  # (start, end, priority)
    for s, ne, pr in found:
        e = -ne
        if kept and s < kept[-1][1]:
            ks, ke, kp = kept[-1]
            if (e - s, pr) > (ke - ks, kp):
                kept[-1] = (s, e, pr)
            continue
        kept.append((s, e, pr))
    taken = sorted(_range(sp) for sp in spans)
    out: list[Cand] = []
    ti = 0
    n_tok = len(starts)
    bl, br = bisect.bisect_left, bisect.bisect_right
    for s, e, _ in kept:
        while ti < len(taken) and taken[ti][1] <= s:
            ti += 1
        if ti < len(taken) and taken[ti][0] < e:
            continue
        a = bl(starts, s)
        if a >= n_tok or starts[a] != s:
            continue
        b = br(ends, e) - 1
        if b >= a and ends[b] == e:
            out.append((a, b))
        elif (
            char_ranges and b + 1 < n_tok and starts[b + 1] < e and e > s and particle_tail(text, e)
        ):
            out.append(CharCand(a, b + 1, s, e))  # "엔비디아" of "엔비디아가"
    return out


#: English day and month names (capitalised, so they make runs; "May" is also a name and a
#: verb). German ones are among its common nouns (:data:`_DE_CALENDAR`); most other languages
#: write them in lower case.
_CALENDAR = _words(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "June July August September October November December"
)


def name_runs(
    text: str, dict_forms: Container[str] = frozenset(), german: bool = False
) -> list[tuple[int, int]]:
    """Character ranges of the capitalised runs worth a candidate (see the module doc)."""
    runs: list[tuple[int, int, bool, bool]] = []  # (start, end, initial, several words)
    known: set[str] = set()
    hon_first = _HON_FIRST
    subjects = _german_subjects(text) if german else set()
    for m in _RUN_RE.finditer(text):
        s, e = m.span()
        c0 = text[s]
        if not c0.isupper() and not c0.istitle():
            continue
        if s + 1 < e and text[s + 1] in "'’":  # elision: "L'IA" → "IA"
            if e - s == 2:
                continue
            s += 2
        run = text[s:e]
        sp = run.find(" ")
        if sp < 0:
            sp = run.find("\u00a0")
        word = run if sp < 0 else run[:sp]
        if text[s] in hon_first and (
            word in HONORIFICS
            or text[s + len(word) : s + len(word) + 1] == "."
            and word + "." in HONORIFICS
        ):
            if sp < 0:
                continue
            s += sp + 1  # "Mme Dupont" → "Dupont"; "M. Kishida" comes as "Kishida"
            run = text[s:e]
            sp = run.find(" ")
            word = run if sp < 0 else run[:sp]
            if not word[:1].isupper() and not word[:1].istitle():
                continue
        # a word after a space and a lowercase letter or a comma is not a sentence start:
        # the common case, decided without the full look-back
        if s >= 2 and text[s - 1] == " " and (text[s - 2].islower() or text[s - 2] in ",;"):
            initial = False
        else:
            initial = sentence_start(text, s)
        if not initial:
            known.add(_HANGUL_TAIL_RE.sub("", word))  # "FT는" is "FT" seen
        runs.append((s, e, initial, sp >= 0))
    out: list[tuple[int, int]] = []
    for s, e, initial, several in runs:
        if initial:
            word = _word_at(text, s, e)
            if word not in dict_forms and _HANGUL_TAIL_RE.sub("", word) not in known:
                if (
                    word.lower() in STOPWORDS
                    or several
                    and not _word_at(text, s + len(word) + 1, e)[:1].isupper()
                ):
                    # "Le Japon" → "Japon", "Selon le Bureau" → "Bureau", "Shares of Hewlett-Packard"
                    # → "Hewlett-Packard", "Selon Mme Dupont" → "Dupont": no longer a sentence start
                    if not several:
                        continue
                    s += len(word)
                    while True:
                        while s < e and text[s] in " \u00a0":
                            s += 1
                        word = _word_at(text, s, e)
                        if (
                            not word
                            or (word[:1].isupper() or word[:1].istitle())
                            and word not in HONORIFICS
                        ):
                            break
                        s += len(word)
                    if not word:
                        continue
                    several = " " in text[s:e] or "\u00a0" in text[s:e]
                    if (
                        german
                        and not several
                        and not (word in dict_forms or word in subjects or _strong(word))
                    ):
                        continue
                    out.append((s, e))
                    continue
                if not several:
                    continue
        elif german and not several:
            word = text[s:e]
            if not (word in dict_forms or _strong(word)):
                out.append((s, e))  # judged with the others below: a name seen in a longer one
                continue
        out.append((s, e))
    # "on Monday", "In January": a date, never a name to tag
    out = [
        r for r in out if text[r[0] : r[1]].removesuffix("'s").removesuffix("’s") not in _CALENDAR
    ]
    return _german_refine(text, out, dict_forms) if german else out


#: German determiners and contractions: the capitalised word after one (maybe after an
#: adjective or two) is a common noun of this article ("der Amtsinhaber", "die Helfer").
_DE_DET_RE = re.compile(
    r"\b(?:[Dd](?:er|ie|as|en|em|es)|[Ee]in(?:e|en|em|er|es)?|[Kk]ein(?:e|en|em|er|es)?|"
    r"[Ss]ein(?:e|en|em|er|es)?|[Ii]hr(?:e|en|em|er|es)?|[Uu]nser(?:e|en|em|er|es)?|"
    r"[Dd]ies(?:e|er|en|em|es)|[Jj]ed(?:e|er|en|em|es)|zum|zur|im|am|vom|beim|ins)"
    r"\s+(?:[a-zäöüß][\w-]*\s+){0,2}([A-ZÄÖÜ][\w-]*)(?![\s\u00a0]+[A-ZÄÖÜ])"
)
#: Endings of German common nouns, and of the role nouns written before names
#: ("Kremlsprecher Dmitri Peskow", "Oppositionspolitiker Nadeschdin").
_DE_NOUN_ENDINGS = (
    "ung",
    "ungen",
    "heit",
    "heiten",
    "keit",
    "keiten",
    "schaft",
    "schaften",
    "tum",
    "nis",
    "nisse",
    "ismus",
    "ität",
    "ment",
    "chef",
    "chefin",
    "sprecher",
    "sprecherin",
    "präsident",
    "präsidentin",
    "präsidenten",
    "minister",
    "ministerin",
    "ministers",
    "kanzler",
    "kanzlerin",
    "kandidat",
    "kandidatin",
    "kandidaten",
    "politiker",
    "politikerin",
    "politologe",
    "politologin",
    "inhaber",
    "inhaberin",
    "kritiker",
    "kritikerin",
    "gegner",
    "gegnerin",
    "helfer",
    "helferin",
    "wähler",
    "wählerin",
    "anhänger",
    "experte",
    "expertin",
    "oligarch",
    "oligarchen",
    "führer",
    "führerin",
    "vorsitzende",
    "vorsitzender",
    "interview",
    "prozent",
    "ehefrau",
    "ehemann",
    "sohn",
    "tochter",
    "bruder",
    "schwester",
    "vater",
    "mutter",
    "assistent",
    "assistentin",
    "sekretär",
    "sekretärin",
    "direktor",
    "direktorin",
    "trainer",
    "trainerin",
    "bürgermeister",
    "bürgermeisterin",
    "abgeordnete",
    "abgeordneter",
    "botschafter",
    "richter",
    "richterin",
    "anwalt",
    "anwältin",
    "journalist",
    "journalistin",
    "journalisten",
    "stadt",
    "städten",
    "wahl",
    "wahlen",
    "büro",
    "stimmen",
    "bevölkerung",
    "regionen",
    "zukunft",
    "sieg",
    "ik",  # Politik, Kritik, Technik
    "tur",  # Kultur, Infrastruktur, Temperatur
    "ionen",  # Investitionen, Regionen (plural)
)
#: Role nouns written before a person's name ("Innenminister Hans Muster", "Landesbischof
#: Christian Kopp"): one inside a run separates two names instead of joining them.
_DE_ROLE_ENDINGS = (
    "chef",
    "chefin",
    "sprecher",
    "sprecherin",
    "präsident",
    "präsidentin",
    "minister",
    "ministerin",
    "kanzler",
    "kanzlerin",
    "kandidat",
    "kandidatin",
    "politiker",
    "politikerin",
    "inhaber",
    "inhaberin",
    "kritiker",
    "kritikerin",
    "bischof",
    "bischöfin",
    "vertreter",
    "vertreterin",
    "leiter",
    "leiterin",
    "kenner",
    "kennerin",
    "forscher",
    "forscherin",
    "berater",
    "beraterin",
    "beauftragte",
    "beauftragter",
    "manager",
    "managerin",
    "gründer",
    "gründerin",
    "trainer",
    "trainerin",
    "direktor",
    "direktorin",
    "bürgermeister",
    "bürgermeisterin",
    "botschafter",
    "botschafterin",
    "professor",
    "professorin",
    "experte",
    "expertin",
    "vorsitzende",
    "vorsitzender",
    "unternehmer",
    "unternehmerin",
    "landrat",
    "landrätin",
    "dezernent",
    "dezernentin",
    "abgeordnete",
    "abgeordneter",
    "sekretär",
    "sekretärin",
    "anwalt",
    "anwältin",
    "redakteur",
    "redakteurin",
    "ökonom",
    "ökonomin",
    "analyst",
    "analystin",
)
#: Locative prepositions: a capitalised word right after one, with no article, is likely a
#: place ("in Schwerin", "zwischen Rostock und Neustrelitz", "nach Berlin").
_DE_PLACE_RE = re.compile(
    r"(?<![\w-])(?:in|nach|aus|bei|zwischen|nahe|von)[ \u00a0]+([A-ZÄÖÜ][\w]*(?:-[A-ZÄÖÜ][\w]*)*)"
    r"(?:[ \u00a0]+(?:und|oder)[ \u00a0]+([A-ZÄÖÜ][\w]*(?:-[A-ZÄÖÜ][\w]*)*))?(?![\w-])"
)
#: Subordinating conjunctions: the subject right after one, with no article, is a name or a
#: pronoun ("ob Nadeschdin antreten darf", "dass Putin gewinnt"); a common noun there takes one
#: ("ob der Kandidat…").
_DE_SUBJECT_RE = re.compile(
    r"(?<![\w-])(?:[Oo]b|[Dd]ass|[Dd]aß|[Ww]eil|[Oo]bwohl|[Nn]achdem|[Ss]obald|[Ff]alls|[Bb]evor|"
    r"[Ss]eitdem|[Ww]ährend)[ \u00a0]+([A-ZÄÖÜ][\w]*(?:-[A-ZÄÖÜ][\w]*)*)[ \u00a0]+[a-zäöüß]"
)


def _german_subjects(text: str) -> set[str]:
    """Bare subjects after a conjunction (:data:`_DE_SUBJECT_RE`), less the plural common nouns
    that also go without an article ("dass Bauzinsen steigen", "weil Studenten…"): German
    plurals mostly end in -en/-ern, few names do."""
    return {
        w
        for m in _DE_SUBJECT_RE.finditer(text)
        if len(w := m.group(1)) > 2 and not w.endswith(("en", "ern"))
    }


#: The German states whose names are compounds (their hyphen would otherwise make a common noun).
_DE_STATES = frozenset(
    [
        "Baden-Württemberg",
        "Mecklenburg-Vorpommern",
        "Nordrhein-Westfalen",
        "Rheinland-Pfalz",
        "Sachsen-Anhalt",
        "Schleswig-Holstein",
    ]
)
_DE_ENDINGS = _DE_NOUN_ENDINGS + _DE_ROLE_ENDINGS
_DE_COMPASS = ("nord", "süd", "ost", "west", "mittel", "zentral", "nordost", "südost")
_DE_CALENDAR = _words(
    "januar februar märz april mai juni juli august september oktober november dezember "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag"
)
_DE_NAME_PARTICLES = frozenset(["von", "van", "de", "di", "da", "del", "zu", "bin", "ibn", "al"])


def _german_refine(
    text: str, runs: list[tuple[int, int]], dict_forms: Container[str]
) -> list[tuple[int, int]]:
    """German capitalises every noun: cut the runs where common nouns are glued to names.

    A run is split at its lowercase joins (``Wahl zum Präsidenten``, ``Prozent der Stimmen``),
    except a name particle between two names (``Ursula von der Leyen``); common nouns at either
    end are dropped (``Amtsinhaber Wladimir Putin`` → ``Wladimir Putin``), and a genitive name
    keeps apart from the noun after it (``Nadeschdins Helfer`` → ``Nadeschdins``). A word left
    alone stays a candidate only as a name seen in a longer candidate (``Putin``, ``Putins``),
    a dictionary form, or with an acronym's or a digit's evidence (``BMW``, ``G7``).
    """
    # a word after a determiner is a common noun, unless most of its uses go without one
    # ("braucht ihr Biden nicht", "das wäre für Biden" against four more "Biden")
    after_det = Counter(
        m.group(1)
        for m in _DE_DET_RE.finditer(text)
        if text[max(0, m.start() - 4) : m.start()] not in ("von ", "van ")  # von der Leyen
    )
    uses = Counter(re.findall(r"[\w-]+", text)) if after_det else Counter()
    nouns = {w for w, n in after_det.items() if n * 2 >= uses[w]}

    def state(w: str) -> bool:
        return w in _DE_STATES or w[-1:] == "s" and w[:-1] in _DE_STATES

    def compound_heads(forms: set[str]) -> set[str]:
        """Which of ``forms`` (lowercase) end a longer word of the article, after at least three
        letters: "kunden" of "Firmenkunden", "wasser" of "Meerwasser". A place is rarely a
        compound's head, but for a compass point (Westeuropa). One pass over the vocabulary."""
        if not forms:
            return set()
        lo, hi = min(map(len, forms)), max(map(len, forms))
        found: set[str] = set()
        for x in set(re.findall(r"\w{6,}", text.lower())):
            for k in range(max(3, len(x) - hi), len(x) - lo + 1):
                if x[k:] in forms and not x[:k].endswith(_DE_COMPASS):
                    found.add(x[k:])
        return found

    def nounish(w: str) -> bool:
        if w in dict_forms or _strong(w) or state(w):
            return False
        lw = w.lower()
        return (
            w in nouns
            or lw in STOPWORDS
            or lw in _DE_CALENDAR
            or any(
                lw.endswith(inflection) and lw[: len(lw) - len(inflection)].endswith(_DE_ENDINGS)
                for inflection in ("", "s", "n", "en", "nen", "e", "es")
            )
        )

    Word = tuple[int, int, str]

    def segments(s: int, e: int) -> list[list[Word]]:
        out: list[list[Word]] = []
        cur: list[Word] = []
        for m in re.finditer(r"[^\s\u00a0]+", text[s:e]):
            w = (s + m.start(), s + m.end(), m.group())
            capital = w[2][:1].isupper() or w[2][:1].istitle()
            if capital and cur and w[2].lower().endswith(_DE_ROLE_ENDINGS):
                out.append(cur)  # "Bayerns Innenminister Hans Muster"
                cur = [w]
            elif (
                capital
                or (
                    w[2] in _DE_NAME_PARTICLES
                    and cur
                    and not nounish(cur[-1][2])
                    and not _strong(cur[-1][2])  # "RE5 von Rostock", "CEO von Tesla"
                )
                or w[2] in ("der", "den", "dem")
                and cur
                and cur[-1][2] in ("von", "van")
            ):
                cur.append(w)  # "Ursula von der Leyen"
            elif cur:
                out.append(cur)
                cur = []
        if cur:
            out.append(cur)
        return [part for seg in out for part in split_von_der(seg)]

    def split_von_der(seg: list[Word]) -> list[list[Word]]:
        """ "von der" joins a surname that ends the run ("Ursula von der Leyen"), not an
        institution ("Karsten Haustein von der Universität Leipzig")."""
        for i in range(2, len(seg)):
            if (
                seg[i - 1][2] in ("der", "den", "dem")
                and seg[i - 2][2] in ("von", "van")
                and (i != len(seg) - 1 or nounish(seg[i][2]))
            ):
                return [seg[: i - 2], *split_von_der(seg[i:])]
        return [seg]

    def trim(seg: list[Word]) -> list[Word]:
        while seg and (not seg[0][2][:1].isupper() or nounish(seg[0][2])):
            seg = seg[1:]
        while seg and (not seg[-1][2][:1].isupper() or nounish(seg[-1][2])):
            seg = seg[:-1]
        return seg

    segs = [t for s, e in runs for seg in segments(s, e) if (t := trim(seg))]
    names = {w[2] for seg in segs if len(seg) > 1 for w in seg}
    # places after a locative preposition without an article ("in Schwerin") and subjects
    # after a conjunction ("dass Putin"), never seen after one ("in der Stadt") nor shaped
    # like a common noun
    after_prep = {w for m in _DE_PLACE_RE.finditer(text) for w in m.groups() if w and len(w) > 2}
    after_prep |= _german_subjects(text)
    after_prep = {w for w in after_prep if not nounish(w)}
    heads = compound_heads({w.lower() for w in after_prep})
    names.update(w for w in after_prep if w.lower() not in heads)
    names.update(w for seg in segs for w in (x[2] for x in seg) if state(w))
    out: list[tuple[int, int]] = []
    for seg in segs:
        # a genitive name and the noun it owns: "Putins Sieg", "Nadeschdins Wahlbüro"
        parts: list[list[Word]] = []
        cur: list[Word] = []
        for w in seg:
            cur.append(w)
            if w[2].endswith("s") and w[2][:-1] in names and w is not seg[-1]:
                parts.append(cur)
                cur = []
        if cur:
            parts.append(cur)
        for part in parts:
            part = trim(part)
            if not part:
                continue
            if len(part) == 1:
                form = part[0][2]
                if not (
                    form in names
                    or form.endswith("s")
                    and form[:-1] in names
                    or form in dict_forms
                    or _strong(form)
                ):
                    continue
            out.append((part[0][0], part[-1][1]))
    return out


def _word_at(text: str, s: int, e: int) -> str:
    """The word of ``text[s:e]`` starting at ``s`` (up to a space)."""
    j = s
    while j < e and text[j] not in " \u00a0":
        j += 1
    return text[s:j]


def next_candidate(
    cands: Sequence[Cand],
    cursor_token: int,
    direction: int = 1,
    skip: Callable[[Cand], bool] | None = None,
) -> Cand | None:
    """The candidate after (``direction=1``) or before (``-1``) ``cursor_token``: bisection, so
    O(log n) per key. ``skip`` drops candidates (tagged since, or a form the user ignores)."""
    if direction >= 0:
        i = bisect.bisect_right(cands, cursor_token, key=lambda c: c[0])
        while i < len(cands):
            if skip is None or not skip(cands[i]):
                return cands[i]
            i += 1
    else:
        i = bisect.bisect_left(cands, cursor_token, key=lambda c: c[0]) - 1
        while i >= 0:
            if skip is None or not skip(cands[i]):
                return cands[i]
            i -= 1
    return None


def remove_overlapping(cands: list[Cand], first: int, last: int) -> int:
    """Drop, in place, the candidates overlapping tokens ``[first, last]`` (after a tag).
    Returns how many were dropped."""
    i = bisect.bisect_left(cands, first, key=lambda c: c[1])
    j = i
    while j < len(cands) and cands[j][0] <= last:
        j += 1
    del cands[i:j]
    return j - i
