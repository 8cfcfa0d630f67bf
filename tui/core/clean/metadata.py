"""Article metadata from the top of a cleaned page: title (minus the site part), author, date
and publisher, read from the lines around the start of the body.
"""

from __future__ import annotations

import re
from typing import Any

from .boilerplate import _FILE_RE
from .bylines import _BYLINE_STARTS, _byline
from .lines import _HEADLINE_MIN_CHARS, _Line

_TITLE_SEP_RE = re.compile(r"(\s+[|–—·-]\s+|\s+::\s+|\s+»\s+)")
_DATE_PART_RE = re.compile(r"^[\d./\-: ]+$")
_EDGE_SEP_RE = re.compile(r"\s*[:|–—·»-]\s+")
_EDGE_SEP_END_RE = re.compile(r"\s+[:|–—·»-]\s*$")
#: A part of a page title this short is a site, section or date, not part of the headline.
_SITE_WORDS = 4
_SITE_CHARS = 40


#: Lower-case words that occur inside names of sites and sections ("Times of India").
_NAME_CONNECTORS = frozenset(
    {"of", "the", "de", "la", "le", "les", "del", "della", "di", "da", "do", "dos", "das"}
    | {"du", "des", "van", "von", "der", "den", "and", "und", "et", "y", "e", "for", "on", "at"}
)


def _site_like(part: str, rest: str) -> bool:
    """A title part that names a site, a section or a date: short, shorter than the headline."""
    part = part.strip()
    return (
        bool(part)
        and len(part.split()) <= _SITE_WORDS
        and len(part) <= _SITE_CHARS
        and len(part) < len(rest)
    )


def _name_shaped(part: str) -> bool:
    """True if *part* reads like a name (a site, a section, a date): every word starts with a
    capital, a digit or a symbol, or is a connector ("of", "de") or a domain ("golem.de").
    "nu ska Sara utvisas", "Generalsekretär tritt zurück" are the rest of a headline."""
    for w in part.split():
        lower = w[0].isalpha() and w[0].islower()
        if lower and w.lower() not in _NAME_CONNECTORS and "." not in w.strip("."):
            return False
    return True


def _names_site(part: str, others: set[str], site_name: str | None) -> bool:
    """True if a short trailing title *part* is a site, section or date: it reads like a name,
    or the page shows it as a line of its own (a section link, the site's logo text), or it is
    part of the page's site name."""
    p = part.strip()
    if _name_shaped(p) or p in others:
        return True
    return bool(site_name) and p.lower() in (site_name or "").lower()


def _strip_site_name(title: str, site_name: str | None) -> str:
    """*title* without the page's own site name at its start or end ("LinkNaija | Nigeria's
    popular news platform: Headline" -> "Headline"), separator included."""
    name = (site_name or "").strip()
    if len(name) < 3 or len(name) > len(title) // 2 + 10:
        return title
    low, nl = title.lower(), name.lower()
    if low.startswith(nl):
        rest = title[len(name) :]
        m = _EDGE_SEP_RE.match(rest)
        if m and len(rest) > m.end():
            return rest[m.end() :]
    if low.endswith(nl):
        rest = title[: len(title) - len(name)]
        m = _EDGE_SEP_END_RE.search(rest)
        if m and m.start() > 0:
            return rest[: m.start()]
    return title


def _title_and_site(
    first: str, others: set[str], site_name: str | None = None
) -> tuple[str | None, str | None]:
    """Split a page title into (headline, site).

    "Headline - Section - Site", "Headline – DW – 30.01.2024", "Site | Headline": short parts
    after the headline (site, section, date) go, and so does a short part before it when a pipe
    separates them (sites put their name first that way; "Kenya – Uganda ..." keeps its "Kenya").
    A prefix of the title that recurs on the page (the h1) is the headline outright. A short
    part after the headline that does not read like a name ("Giftes bort som 17-åring – nu ska
    Sara utvisas") is kept unless the page shows it on a line of its own or it is part of
    *site_name* (the page's declared site name, which is also cut from either end).
    """
    first = _strip_site_name(first, site_name)
    pieces = _TITLE_SEP_RE.split(first)
    parts, seps = pieces[0::2], pieces[1::2]
    if len(parts) < 2:
        return first, None
    for k in range(len(parts) - 1, 0, -1):
        head = "".join(pieces[: 2 * k - 1])
        if head in others and len(head) >= _HEADLINE_MIN_CHARS:
            tail = [p.strip() for p in parts[k:] if not _DATE_PART_RE.match(p.strip())]
            return head, (tail[-1] if tail else None)
    lo, hi = 0, len(parts)
    site: str | None = None
    while hi - lo > 1:
        rest = "".join(pieces[2 * lo : 2 * hi - 2])
        if not _site_like(parts[hi - 1], rest) or not _names_site(parts[hi - 1], others, site_name):
            break
        if site is None and not _DATE_PART_RE.match(parts[hi - 1].strip()):
            site = parts[hi - 1].strip()
        hi -= 1
    while hi - lo > 1 and seps[lo].strip() == "|":
        rest = "".join(pieces[2 * lo + 2 : 2 * hi - 1])
        if not _site_like(parts[lo], rest):
            break
        site = site or parts[lo].strip()
        lo += 1
    head = "".join(pieces[2 * lo : 2 * hi - 1]).strip()
    return head or first, site


_HEADLINE_MIN_WORDS = 3
_CONTENT_WORD_RE = re.compile(r"\w{3,}")
_NOT_HEADLINE_RE = re.compile(
    r"\s[>›»]\s.*\s[>›»]\s|^\S+:\s*\d{1,2}[:.]\d{2}\b|\|.*\b\d{1,2}:\d{2}\b|\b\d{1,2}:\d{2}\b.*\|"
    r"|\b(?:posts|articles|stories)\s+by\b",
    re.IGNORECASE,
)
#: Share of the line's content words that the page title must also hold for the line above the
#: dateline to replace the title (the h1 rewords the <title>; a photo credit, breadcrumb or
#: another story's headline shares nothing with it).
_TITLE_OVERLAP = 0.4


def _title_like(text: str) -> bool:
    """False for the lines that sit between a headline and its byline and read like one: a
    breadcrumb, a dateline with a clock time, an author link, a parenthesised photo credit."""
    return not (_NOT_HEADLINE_RE.search(text) or (text.startswith("(") and text.endswith(")")))


def _shares_words(line: str, title: str) -> bool:
    """True if *title* holds at least ``_TITLE_OVERLAP`` of *line*'s content words."""
    words = {w.lower() for w in _CONTENT_WORD_RE.findall(line)}
    held = {w.lower() for w in _CONTENT_WORD_RE.findall(title)}
    return bool(words) and len(words & held) >= _TITLE_OVERLAP * len(words)


_NAME_LIST_RE = re.compile(
    r"^[\w'’.-]+(?: [\w'’.-]+){0,3}(?:(?:,| and| und| et| og| och| y| e) [\w'’.-]+(?: [\w'’.-]+){0,3})+$"
)


def _headline_like(ln: _Line, bylines: dict[str, dict[str, str] | None]) -> bool:
    """A line that can be the article's headline: not an author's name or role ("Redakteur",
    "Hannah Ritzmann", "By admin", "Mamokete Modiba, Claire Benit-Gbaffou and Tanya Zack"), a
    label ("Oppdatert", "Author of the article:"), a file name or a lone symbol."""
    t = ln.text
    if ln.words < _HEADLINE_MIN_WORDS or t.endswith((":", ",")) or _FILE_RE.match(t):
        return False
    if ln.lwords[0] in _BYLINE_STARTS or _byline(t, bylines) is not None:
        return False
    caps = sum(1 for w in t.split() if w[:1].isupper())
    if ln.words <= 3 and caps == len(t.split()):
        return False  # "Anna Maria Schmidt"
    return not (_NAME_LIST_RE.match(t) and caps >= 0.6 * len(t.split()))


def _may_be_page_title(ln: _Line) -> bool:
    """Whether a line can be the page's title line: not a ticker, boilerplate, site chrome or a
    line in another language, and not a paragraph."""
    return (
        ln.chars <= 300
        and ln.why not in ("ticker", "boiler", "chrome")
        and not ln.why.startswith("lang")
    )


def _recurring_title(lines: list[_Line], body_start: int, others: set[str]) -> int | None:
    """The page's title line when lines were pasted above it (an aggregator's "Top stories",
    share links, a ticker of other stories): the first line above the body that could be a
    title and whose headline, less a site or section part, recurs just above the body (the
    ``<h1>`` over the article repeats the ``<title>``). Pasted lines do not recur there, and menu
    entries that recur in the footer are not above the body; a title that does not recur is not
    guessed. *others* are the texts of the page's lines after the first."""
    near = {ln.text for ln in lines[max(body_start - _HEADLINE_ABOVE_BODY, 1) : body_start + 1]}
    for k in range(1, min(body_start, _TITLE_SEARCH_LINES)):
        ln = lines[k]
        if ln.text.endswith(".") or not _TITLE_SEP_RE.search(ln.text):
            continue
        if not _may_be_page_title(ln):
            continue
        head = _title_and_site(ln.text, others)[0]
        if head and head != ln.text and len(head) >= _HEADLINE_MIN_CHARS and head in near:
            return k
    return None


#: Lines above the body's first line where the headline of a recurring title is looked for.
_HEADLINE_ABOVE_BODY = 10
#: Lines from the top of the page searched for a title line that recurs (:func:`_recurring_title`).
_TITLE_SEARCH_LINES = 60


def _header_metadata(
    lines: list[_Line],
    keep: set[int],
    meta: dict[str, Any],
    bylines: dict[str, dict[str, str] | None],
) -> tuple[str | None, str | None, str | None, str | None, int | None, str | None]:
    """Find title, author, date and publisher in the lines around the start of the body, the
    index of the line above the dateline (it starts the article) and that line's text when it
    reads like a headline (a headline, kept out of the body even when it is not the title).

    Bylines and datelines are looked for from the top of the page down to a few lines into the
    body; a byline with an author or publisher is preferred as the source of the date over a
    lone timestamp (aggregators paste unrelated "updated" stamps at the top). The title is the
    page's first line (minus a " - Site" suffix) or the headline just above a dateline.
    """
    body_start = min(keep) if keep else len(lines)
    limit = min(len(lines), body_start + 8)
    author = date = publisher = None
    lone_date: str | None = None
    anchor: int | None = None
    for j in range(limit):
        ln = lines[j]
        if ln.label != "bad" or ln.chars > 200:
            continue
        info = _byline(ln.text, bylines)
        if not info:
            continue
        strong = "author" in info or "publisher" in info
        if strong:
            if author is None and "author" in info:
                author = info["author"]
            if publisher is None and "publisher" in info:
                publisher = info["publisher"]
            if date is None and "date" in info:
                date = info["date"]
            if anchor is None:
                anchor = j
        elif "date" in info and (lone_date is None or j >= body_start - 6):
            lone_date = info["date"]
            if anchor is None and j > 0 and j >= body_start - 6:
                anchor = j
    date = date or lone_date
    title: str | None = None
    title_idx: int | None = None
    headline: str | None = None
    others = {ln.text for ln in lines[1:]}
    first = lines[0]
    near: _Line | None = None
    if anchor is not None and anchor > 0:
        cand = lines[anchor - 1]
        if (
            cand.chars <= 300
            and cand.why not in ("ticker", "boiler", "chrome")
            and not cand.text.endswith(".")
        ):
            near = cand
    top = 0 if _may_be_page_title(first) else _recurring_title(lines, body_start, others)
    if top is not None:
        title, site = _title_and_site(lines[top].text, others)
        meta["site"] = site
        if publisher is None and site:
            publisher = site
    if (
        near is not None
        and near.idx != first.idx
        and (title is None or not (near.text in first.text or (title and title in near.text)))
    ):
        # The line above the dateline starts the article (see clean_text); it is the title
        # only when it reads like a headline, not like the author's name or role, and, when
        # the page's first line gave a title, rewords that title (not a photo credit, a
        # breadcrumb or another story's headline between the title and the byline).
        title_idx = lines.index(near)
        if _headline_like(near, bylines):
            headline = near.text  # kept out of the body as before, title or not
            if _title_like(near.text) and (title is None or _shares_words(near.text, title)):
                title = near.text
    return title, author, date, publisher, title_idx, headline
