"""The plain-text cleaner: :func:`clean_text` runs normalisation, line classification, the main
region, header metadata and the guard over a whole-page text scrape.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .cleaned import Cleaned
from .guard import guard
from .lines import (
    _SENT_END,
    _classify,
    _headline_index,
    _join_wrapped,
    _main_region,
    _mark_gaps,
    _mark_strays,
    _page_lines,
    _revise,
)
from .metadata import _header_metadata
from .normalize import _prenormalize, normalize
from .stopwords import _SCRIPTS_ANY_RE, _thresholds

#: Inline pieces (ruby readings, name parts, brackets) a scrape put on lines of their own.
_INLINE_PIECE_CHARS = 8
_INLINE_HOST_CHARS = 30


def _join_inline_breaks(pre: str) -> str:
    """Put back on one line a sentence of an unspaced script that a scrape broke at inline
    elements: "…敗れた。山田⏎太郎⏎（⏎やまだ⏎）⏎監督（５８）は辞任した。" (a name with its
    ruby reading). A long line that does not end a sentence, followed by pieces of a few
    characters, up to a line that ends a sentence, is one line; the breaks become spaces (only
    whitespace changes). Menus (short lines with no prose around them) are left alone.
    """
    lines = pre.split("\n")
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        cur = lines[i].strip()
        if (
            len(cur) >= _INLINE_HOST_CHARS
            and not cur.endswith(_SENT_END)
            and _SCRIPTS_ANY_RE.search(cur)
        ):
            j = i + 1
            while j < n and 0 < len(lines[j].strip()) <= _INLINE_PIECE_CHARS:
                j += 1
            if j > i + 1 and j < n and lines[j].strip().endswith(_SENT_END):
                out.append(" ".join(x.strip() for x in lines[i : j + 1]))
                i = j + 1
                continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def clean_text(raw: str, chrome: set[str] | None = None) -> Cleaned:
    """Clean a plain-text scrape: keep the article body, pull out title/author/date/publisher.

    *chrome* is an optional set of normalised lines known to be site chrome for this source
    (see :func:`chrome_lines`); they are dropped wherever they occur.
    """
    pre = _prenormalize(raw)
    if _SCRIPTS_ANY_RE.search(pre):
        pre = _join_inline_breaks(pre)
    page = _page_lines(pre)
    lines, doc_lang, stops, cjk = page.lines, page.lang, page.stops, page.cjk
    # Lines in another language are found only when the page's own language is known for sure
    # (an Icelandic article under English menus is not "foreign" to a page read as English).
    meta: dict[str, Any] = {"lang_guess": doc_lang}
    if not lines:
        return guard(Cleaned(text="", meta=meta), 0, str)

    bylines: dict[str, dict[str, str] | None] = {}
    _classify(lines, doc_lang, chrome, cjk, bylines, page.dens, page.strong)
    _join_wrapped(lines, stops, cjk, _thresholds(page.dens)[0])
    _mark_strays(lines, stops)
    _mark_gaps(lines)
    labels = _revise(lines, briefs=cjk)
    keep = _main_region(lines, labels, _headline_index(lines, labels))

    # ---- metadata ----
    title, author, date, publisher, title_idx, headline = _header_metadata(
        lines, keep, meta, bylines
    )
    if title_idx is not None and keep and min(keep) < title_idx < max(keep):
        # A headline announced by its own dateline starts the article: good-looking text above
        # it is widget or teaser text of the page, not the lead.
        keep = {i for i in keep if i > title_idx}

    # ---- body ----
    body: list[str] = []
    removed: Counter[str] = Counter()
    # the kept body region: from the first kept good line to the last
    first, last = (min(keep), max(keep)) if keep else (0, -1)
    for i, ln in enumerate(lines):
        if labels[i] != "good" or not first <= i <= last:
            removed[ln.why or "context"] += 1
            continue
        if ln.text == (headline or title):  # the headline line, even when not the title
            removed["title"] += 1
            continue
        body.append(ln.text)
    meta["removed"] = dict(removed)
    cleaned = Cleaned(
        # Already in normal form: lines of the normalised page (NFC survives splitting at
        # "\n" and joining with it: nothing composes with a line break), none blank.
        text="\n\n".join(body),
        title=title,
        author=author,
        date=date,
        publisher=publisher,
        meta=meta,
    )
    return guard(cleaned, sum(ln.chars + 1 for ln in lines) - 1, lambda: normalize(raw))


def clean_plain(raw: str) -> str:
    """Plain-text scrape -> article body (the scorer's ``--py`` entry point)."""
    return clean_text(raw).text
