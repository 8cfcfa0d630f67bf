"""The article's lead (standfirst, teaser paragraph, ingress) restored under the headline.

Extractors drop the lead of many news pages: it sits in the article header beside the headline,
byline and date, in markup unlike the body's paragraphs (DW, NRK, Aftonbladet, Expressen, The
Telegraph ...), and it is often shorter than a paragraph or has no final full stop. Readers see it
as the article's first paragraph, and annotators need it (it names the story's people and places).

A block of the page is restored as a lead when it lies between the headline (``<h1>``) and the
first body paragraph kept, and

* its element, or an ancestor below the container it shares with the headline, is *named* a
  lead by its class / id / itemprop (lead, intro, standfirst, summary, teaser, ingress,
  preamble, abstract, description, excerpt, subtitle, deck, dek, spot, lede, chapo ...), or
* its text is the page's meta description (``description`` / ``og:description`` /
  ``twitter:description``), which is then visible on the page near the headline (a description
  found only in ``<head>`` is never added).

It is never a caption, byline, kicker, date, share line or box (the class words and tags of those
rule it out), never mostly link text, never a teaser card of another story (a small element
holding a link block, unless that element also holds the headline) and must pass the cleaner's
line filter. The rule reads the already-parsed page (the DOM blocks of
:func:`tui.core.clean_html.render_page`): no new parse. lxml is not imported here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .clean_html import Block, _find_block, block_index, is_card

__all__ = ["drop_headline", "meta_descriptions", "restore_leads"]

# Class / id / itemprop words that name a lead. "lead" is not "leader(board)" or "leading";
# "intro" is not "introduction"; short words match only as whole words.
_LEAD_NAME_RE = re.compile(
    r"lead(?!er|ing)|(?<![a-z])lede(?![a-z])|intro(?!duc)|standfirst|stand-first|summary"
    r"|teaser|ingress|preamble|abstract|description|excerpt|subtitle|sub-title"
    r"|(?<![a-z])(?:deck|dek|spot|sapo|chapo|chapeau|vorspann|anriss|entradilla|bajada"
    r"|sommario|ozet)(?![a-z])"
)
# Words that name what sits near a headline but is no lead: captions, credits, media, bylines,
# kickers, dates, share and sign-up boxes, links to other stories.
_NOT_LEAD_RE = re.compile(
    r"caption|credit|copyright|image|(?<![a-z])img|photo|picture|media|video|gallery|byline"
    r"|author|kicker|overline|roofline|eyebrow|date|time|(?<![a-z])meta|share|social|breadcrumb"
    r"|related|promo|signup|newsletter|subscri|advert|sponsor|comment|rating|(?<![a-z])tags?"
    r"(?![a-z])|(?<![a-z])nav|label|badge|button|(?<![a-z])cta(?![a-z])|more|recommend"
    r"|lightbox|modal|overlay|popup|hidden|premium|paywall|register|login|signin"
)
_SKIP_TAGS = frozenset(
    {
        "li",
        "figcaption",
        "figure",
        "details",
        "summary",
        "aside",
        "form",
        "nav",
        "footer",
        "address",
        "time",
        "blockquote",
        "label",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "a",
    }
)
_NAME_LEVELS = 4  # the block's element (or its inline child) and its nearest ancestors
_MAX_LINK = 0.2
_MIN_CHARS = 25
_MIN_WORDS = 4
_MIN_CHARS_UNSPACED = 10  # a lead in an unspaced script (Japanese, Chinese, Thai)
_SCAN = 40  # blocks looked at below the headline
_MAX_LEAD_CHARS = 1500  # a lead is a paragraph or three, not a second article
_DESC_KEY = 60
_DESC_MIN = 30
_WS_RE = re.compile(r"\s+")
_DISPLAY_NONE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
_UNSPACED_RE = re.compile("[\u3040-\u30ff\u3400-\u9fff\u0e00-\u0eff\u1780-\u17ff]")


def _hint(el: Any) -> str:
    return " ".join(el.get(a) or "" for a in ("class", "id", "itemprop")).lower()


def meta_descriptions(root: Any) -> list[str]:
    """The page's description meta values (name/property description, og:, twitter:),
    whitespace-collapsed; [] without a ``<head>``."""
    head = root.find("head") if root is not None else None
    if head is None:
        return []
    out = []
    for m in head.iter("meta"):
        key = (m.get("name") or m.get("property") or "").lower()
        if key in ("description", "og:description", "twitter:description"):
            value = _WS_RE.sub(" ", m.get("content") or "").strip()
            if len(value) >= _DESC_MIN and value not in out:
                out.append(value)
    return out


def _invisible(el: Any) -> bool:
    """True if the element is hidden from readers by its attributes (``hidden``,
    ``aria-hidden``, an inline ``display: none``)."""
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style) and "none" in style and _DISPLAY_NONE_RE.search(style) is not None


def _is_h1(b: Block) -> bool:
    return any(e.tag == "h1" for e in b.els[-3:])


def _describes(text: str, descriptions: list[str]) -> bool:
    """True if *text* is one of the page's meta descriptions (or starts like it: descriptions
    are cut with an ellipsis, and a lead of several blocks starts with one)."""
    for d in descriptions:
        k = min(_DESC_KEY, len(text), len(d))
        if k >= _DESC_MIN and text[:k] == d[:k]:
            return True
    return False


def _own_levels(b: Block, holders: set[Any]) -> list[Any] | None:
    """The block's element and its nearest ancestors below the first one that holds the
    headline (one of *holders*, the ``<h1>`` and its ancestors: the shared article header names
    nothing); None when no ancestor within ``_NAME_LEVELS`` levels holds the headline (the block
    is not beside it: a sign-in box, a sidebar, a lightbox further down the page)."""
    out: list[Any] = []
    for el in reversed(b.els[-_NAME_LEVELS:]):
        if el in holders:
            return out
        out.append(el)
    return None


def _lead_signal(b: Block, holders: set[Any], descriptions: list[str]) -> bool:
    """True if the block is named a lead (class / id / itemprop) or is the meta description,
    and nothing around it names it a caption, byline, kicker, date or box."""
    if any(t in _SKIP_TAGS for t, _ in b.ctx[-_NAME_LEVELS:]):
        return False
    levels = _own_levels(b, holders)
    if levels is None:
        return False
    hints = [_hint(el) for el in levels]
    if any(_NOT_LEAD_RE.search(h) for h in hints) or any(_invisible(el) for el in b.els):
        return False
    return any(_LEAD_NAME_RE.search(h) for h in hints) or _describes(b.text, descriptions)


def _long_enough(text: str) -> bool:
    if _UNSPACED_RE.search(text):
        return len(text) >= _MIN_CHARS_UNSPACED
    return len(text) >= _MIN_CHARS and len(text.split()) >= _MIN_WORDS


def _headline(blocks: list[Block], kept: list[int]) -> int | None:
    """Index of the headline block: the last ``<h1>`` above the first kept block that is not
    itself a headline, moved up to the first copy of the same headline just above it (pages
    that print the headline twice, once in a header above the lead)."""
    body0 = next((j for j in kept if not _is_h1(blocks[j])), None)
    if body0 is None:
        return None
    h = next((i for i in range(body0 - 1, -1, -1) if _is_h1(blocks[i])), None)
    if h is None:
        return None
    for i in range(max(0, h - _SCAN), h):
        if _is_h1(blocks[i]) and blocks[i].text == blocks[h].text:
            return i
    return h


def restore_leads(
    lines: list[str],
    blocks: list[Block],
    keep_line: Callable[[str], bool],
    stats: dict[str, int] | None = None,
) -> list[str]:
    """*lines* (the article's kept lines) with the lead blocks under the headline inserted in
    page order.

    *keep_line* is the cleaner's context-free line filter (boilerplate vocabulary, bylines,
    credits) that a lead must pass. The page's meta descriptions are read from the tree the
    blocks come from.
    """
    if not blocks or not lines:
        return lines
    index = block_index(blocks)
    where = [_find_block(line, blocks, index) for line in lines]
    kept = sorted({j for j in where if j is not None})
    if not kept:
        return lines
    h = _headline(blocks, kept)
    if h is None:
        return lines
    descriptions = meta_descriptions(blocks[h].els[0].getroottree().getroot())
    head = next(e for e in reversed(blocks[h].els[-3:]) if e.tag == "h1")
    # the headline element and every element that holds it (lxml elements hash by identity;
    # the set keeps their proxies alive)
    holders = {head, *head.iterancestors()}
    title = blocks[h].text
    kept_set = set(kept)
    text_now = "\n".join(lines)
    found: list[int] = []
    size = 0
    for i in range(h + 1, min(len(blocks), h + 1 + _SCAN)):
        b = blocks[i]
        if not b.els:
            continue
        signal = _lead_signal(b, holders, descriptions)
        if i in kept_set:
            if signal or _is_h1(b) or any(t in _SKIP_TAGS for t, _ in b.ctx[-_NAME_LEVELS:]):
                continue  # a lead already kept, a second headline, a caption: not the body yet
            break  # the first body paragraph
        if (
            not signal
            or b.link_density >= _MAX_LINK
            or b.text == title
            or not _long_enough(b.text)
            or b.text[:50] in text_now
            or not keep_line(b.text)
            or is_card(blocks, i, holders)
        ):
            continue
        size += len(b.text)
        if size > _MAX_LEAD_CHARS:
            break
        found.append(i)
        text_now += "\n" + b.text
    if not found:
        return lines
    out = list(zip(where, lines, strict=True))
    for i in found:
        pos = next((p for p, (j, _) in enumerate(out) if j is not None and j > i), len(out))
        out.insert(pos, (i, blocks[i].text))
    if stats is not None:
        stats["dom-lead-named"] = stats.get("dom-lead-named", 0) + len(found)
    return [t for _, t in out]


def drop_headline(
    lines: list[str], blocks: list[Block], stats: dict[str, int] | None = None
) -> list[str]:
    """*lines* without the headline at their top: lines before the first body line whose DOM
    block is the page's ``<h1>`` are the article's title (stored as such), not its body. A text
    that is nothing but its headline is returned as it is."""
    if not blocks or len(lines) < 2:
        return lines
    index = block_index(blocks)
    top = 0
    while top < len(lines) - 1:
        j = _find_block(lines[top], blocks, index)
        if j is None or not _is_h1(blocks[j]):
            break
        top += 1
    if top and stats is not None:
        stats["dom-headline"] = stats.get("dom-headline", 0) + top
    return lines[top:]
