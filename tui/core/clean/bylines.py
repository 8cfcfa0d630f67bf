"""Dates, bylines and datelines: :func:`parse_date` and :func:`parse_byline` read one line.

Used by the line classifier (a byline is not body text) and by the header metadata (author,
date and publisher of the article).
"""

from __future__ import annotations

import re

from .boilerplate import _STAMP_WORDS
from .normalize import _normalize_line
from .stopwords import _WORD_RE

_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        "january jan janvier janv janvier januar jän enero ene gennaio genn januari janeiro jan ocak ocak styczeń",
        "february feb février févr fev februar febrero febbraio febr februari fevereiro şubat",
        "march mar mars märz marzo mar marzo maart mars março mart",
        "april apr avril abril aprile aprile april nisan",
        "may mai mayo maggio mei maj maio mayıs",
        "june jun juin juni junio giugno juni junho haziran",
        "july jul juillet juil juli julio luglio juli julho temmuz",
        "august aug août aout august agosto ago augusti agosto ağustos agustus",
        "september sep sept septembre september septiembre settembre set setembro eylül",
        "october oct octobre oktober okt octubre ottobre ott outubro ekim",
        "november nov novembre november noviembre novembre novembro kasım",
        "december dec décembre déc dezember dez diciembre dic dicembre dezembro aralık desember desember",
    ],
    start=1,
):
    for _n in _names.split():
        _MONTHS[_n] = _i
_MONTHS["mai"] = 5  # fr/de; never March
_MONTHS["mar"] = 3
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))

_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_TIME = r"(?:(?:,|\s|à|um|at|a las|alle|kl\.?|klo|saat|-)*\s*(?P<H>\d{1,2})[:h.](?P<M>\d{2})(?:\s*(?P<ampm>[ap]\.?m\.?))?)?"
_DATE_PATTERNS = [
    # 2024-04-10, 2024-04-10T14:04
    re.compile(
        r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ](?P<H>\d{2}):(?P<M>\d{2}))?"
    ),
    # 10.04.2024 / 10/04/2024 / 14 - 04 - 2024 (day first outside the US; US pages rarely use it in bylines)
    re.compile(
        r"(?<!\d)(?P<d>\d{1,2})\s*[./-]\s*(?P<m>\d{1,2})\s*[./-]\s*(?P<y>(?:19|20)\d{2})(?!\d)"
        + _TIME,
        re.I,
    ),
    # 10 avril 2024, 14. April 2024, 10 de abril de 2024
    re.compile(
        r"(?<!\w)(?P<d>\d{1,2})\.?(?:er|st|nd|rd|th)?\s+(?:de\s+)?(?P<mon>"
        + _MONTH_ALT
        + r")\.?,?\s+(?:de\s+)?"
        r"(?P<y>(?:19|20)\d{2})(?!\d)" + _TIME,
        re.I,
    ),
    # April 10, 2024 / Nov 18, 2019
    re.compile(
        r"(?<!\w)(?P<mon>"
        + _MONTH_ALT
        + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})(?!\d)"
        + _TIME,
        re.I,
    ),
]


# What follows the month in "April 10, 2024": a line without it cannot hold such a date, and
# the month-first pattern (which tries the month names at every position) is not run on it.
_DAY_YEAR_RE = re.compile(r"\s\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}(?!\d)", re.I)
_MONTH_FIRST = _DATE_PATTERNS[3]


def parse_date(text: str) -> tuple[str | None, tuple[int, int] | None]:
    """Find the first date in *text*; return (ISO 8601 string, (start, end) of the match).

    Handles numeric day-first dates, ISO dates and month names in the dev-set languages, with an
    optional time ("14:04", "9:24 pm"). Returns (None, None) when nothing plausible is found.
    """
    best: tuple[int, str, tuple[int, int]] | None = None
    if not _YEAR_RE.search(text):
        return None, None  # every pattern needs a year 19xx / 20xx
    for pat in _DATE_PATTERNS:
        if pat is _MONTH_FIRST and not _DAY_YEAR_RE.search(text):
            continue
        for m in pat.finditer(text):
            g = m.groupdict()
            try:
                y, d = int(g["y"]), int(g["d"])
                mon = _MONTHS.get(g["mon"].lower()) if g.get("mon") else int(g["m"])
            except (TypeError, ValueError):
                continue
            if not mon or not (1 <= mon <= 12 and 1 <= d <= 31):
                continue
            iso = f"{y:04d}-{mon:02d}-{d:02d}"
            if g.get("H") and g.get("M"):
                hh, mm = int(g["H"]), int(g["M"])
                ampm = (g.get("ampm") or "").lower().replace(".", "")
                if ampm == "pm" and hh < 12:
                    hh += 12
                elif ampm == "am" and hh == 12:
                    hh = 0
                if hh < 24 and mm < 60:
                    iso += f"T{hh:02d}:{mm:02d}"
            if best is None or m.start() < best[0]:
                best = (m.start(), iso, (m.start(), m.end()))
            break
    if best is None:
        return None, None
    return best[1], best[2]


_NAME_WORD = r"(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.-]*|d[eiau]|v[oa]n|de[rn]?|la|le|el|al|bin|ibn|y|zu|von der|van der|van den)"
_NAME = rf"(?P<name>[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.-]+(?:\s+{_NAME_WORD}){{0,4}}(?:\s*(?:,|and|und|et|y|e|og|och|ve|dan|&)\s*[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.-]+(?:\s+{_NAME_WORD}){{0,3}})?)"
_BYLINE_RE = re.compile(
    r"^\s*(?:written\s+)?(?:par|by|von|por|di|da|av|af|door|oleh|tekst|text|texte|autor|auteur|author|reporter)"
    r"\s*:?\s+" + _NAME + r"\s*(?P<rest>(?:[|,•·/–—-]|\s).*)?$",
    re.IGNORECASE,
)
# First words of _BYLINE_RE and _PUBLISHED_IN_RE: other lines can only be a lone date.
_BYLINE_STARTS = frozenset(
    [
        "written",
        "par",
        "by",
        "von",
        "por",
        "di",
        "da",
        "av",
        "af",
        "door",
        "oleh",
        "tekst",
        "text",
        "texte",
        "autor",
        "auteur",
        "author",
        "reporter",
        "publié",
        "paru",
        "published",
        "erschienen",
        "publicado",
        "pubblicato",
        "publicerad",
        "publisert",
    ]
)
_PUBLISHED_IN_RE = re.compile(
    r"^\s*(?:publié|paru|published|erschienen|publicado|pubblicato|publicerad|publisert)\s+"
    r"(?:dans|in|en|i|sur|on|im|em)\s+(?P<pub>.+?)\s+(?:le|on|am|el|il|den|o|em|,)\s+(?P<date>.*\d.*)$",
    re.IGNORECASE,
)


_STAMP_PREFIX_RE = re.compile(r"^" + _STAMP_WORDS + r"\b\s*:?", re.I)
_NAME_TAIL_RE = re.compile(r"[\s,|•·/–—-]+$")
_NAME_CONNECTOR_RE = re.compile(r"\s+(?:and|und|et|y|e|og|och|ve|dan|&|le|am|on|el|il|den)$", re.I)


def _clean_name(name: str) -> str:
    """Trim trailing connectors and punctuation left by the greedy name pattern."""
    name = _NAME_TAIL_RE.sub("", name.strip())
    return _NAME_CONNECTOR_RE.sub("", name).strip()


def _byline(text: str, seen: dict[str, dict[str, str] | None]) -> dict[str, str] | None:
    """:func:`parse_byline`, remembered in *seen* (a page's lines are parsed more than once)."""
    if text in seen:
        return seen[text]
    info = seen[text] = parse_byline(text)
    return info


def parse_byline(line: str) -> dict[str, str] | None:
    """Parse a byline / dateline into {'author'|'publisher'|'date': value}, or None.

    Recognises "Par: X | 10.04.2024, 14:04", "By X", "Von X", "Por X", "Publié dans X le …",
    "by Regan September 15, 2014" and a lone date or timestamp line ("Modifié le 06/02/2024 à
    22:45"). Only short lines are considered: a body sentence that starts with "By ..." is long.
    """
    text = _normalize_line(line)
    if not text or len(text) > 160:
        return None
    first = text.split(None, 1)[0].rstrip(":").lower()
    if first not in _BYLINE_STARTS and not _YEAR_RE.search(text):
        return None  # neither "By X" / "Publié dans X le ..." nor a date
    m = _PUBLISHED_IN_RE.match(text) if first in _BYLINE_STARTS else None
    if m:
        date, _ = parse_date(m.group("date"))
        if date:
            return {"publisher": m.group("pub").strip(" :,"), "date": date}
    m = _BYLINE_RE.match(text) if first in _BYLINE_STARTS else None
    if m and len(_WORD_RE.findall(text)) <= 16:
        out: dict[str, str] = {}
        name = m.group("name")
        date, span = parse_date(text)
        if span and span[0] < m.end("name"):
            name = text[m.start("name") : span[0]]
        name = _clean_name(name)
        # A name has few words and most are capitalised.
        words = name.split()
        if 1 <= len(words) <= 8 and sum(w[:1].isupper() for w in words) >= max(1, len(words) - 2):
            out["author"] = name
        if date:
            out["date"] = date
        return out or None
    date, span = parse_date(text)
    if date and span:
        rest = (text[: span[0]] + " " + text[span[1] :]).strip()
        rest = _STAMP_PREFIX_RE.sub("", rest).strip()
        rest = _STAMP_PREFIX_RE.sub("", rest).strip()
        rest_words = _WORD_RE.findall(rest)
        if len(rest_words) <= 3:
            return {"date": date}
    return None
