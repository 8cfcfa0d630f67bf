"""HTML block classification: second opinion on the lines an extractor kept.

trafilatura's output is good but has two kinds of errors that are visible in the page's DOM and
not in its text: it keeps teaser cards, link lists and sign-up boxes that sit inside the article
container, and it stops early or skips the lead when the markup changes style (a paywall class on
the second half of the paragraphs, a standfirst in the article header). This module segments the
page jusText-style into text blocks (one per block-level element, with the share of its text that
is inside links and the tag / class context of its ancestors), maps each extracted line to its
block and

* vetoes lines whose block is mostly link text (a headline of another story), lies in a small
  "card" whose other block is a link (teaser: title link + summary), or sits in an element whose
  class names it as chrome (newsletter, banner, comments, call-to-action, navigation);
* recovers prose blocks that the extractor dropped but that have the same tag/class path as the
  paragraphs it kept (the rest of the article body), and prose blocks just above the first kept
  paragraph inside the same ``<article>`` / ``<main>`` (the lead or standfirst).

Rules use generic features only (link density, stopword density, sentence shape, tag paths,
generic class words), never site names. lxml is imported lazily; the module does not import
textual or rich.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Block", "dom_blocks", "refine_lines"]

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "tr",
        "table",
        "br",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "main",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "dd",
        "dt",
        "dl",
        "form",
        "title",
        "hr",
        "address",
        "details",
        "summary",
        "body",
    ]
)
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "svg",
        "iframe",
        "select",
        "template",
        "button",
        "head",
        "textarea",
    ]
)
_WS_RE = re.compile(r"\s+")
_CLASS_TOKEN_RE = re.compile(r"[a-z0-9]+")

# Class / id words that name an element as chrome. Long words match as substrings of the class
# string ("c-newsletter-box"), short ones only as whole tokens ("cta" but not "octagon").
_CHROME_SUBSTR = ("newsletter", "banner", "comments", "lightbox", "bookmark", "signup")
_CHROME_TOKENS = frozenset({"cta", "nav"})
_CHROME_TAGS = frozenset({"nav"})
_CHROME_DEPTH = 3  # the block element and its two nearest ancestors
# Lead / standfirst recovery must not pick captions, boxes or AI summaries above the body.
_LEAD_SKIP_TAGS = frozenset(
    {"li", "figcaption", "figure", "details", "summary", "aside", "form", "nav", "footer"}
)
_LEAD_SKIP_WORDS = ("caption", "signup", "newsletter", "subscri", "promo", "teaser", "related")

_LINK_VETO = 0.8  # a line whose block is this much link text is a headline of another story
_CARD_LEVELS = 3  # ancestors checked for a teaser card
_CARD_MAX_CHARS = 400  # a card holds a title link and a short summary, not an article
_CARD_LINK_MIN_CHARS = 15
_SIG_DEPTH = 3  # tag/class path compared when recovering body paragraphs
_RECOVER_MIN_CHARS = 80
_RECOVER_MAX_LINK = 0.2
_RECOVER_MIN_STOP = 0.3
_LEAD_WINDOW = 15


@dataclass
class Block:
    """One run of text between block-level tags, with its DOM context."""

    text: str
    link_chars: int
    ctx: list[tuple[str, str]]  # (tag, lower-cased "class id") from <body> down to the block
    els: list[Any] = field(repr=False, default_factory=list)  # the same ancestors, lxml elements

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0

    def signature(self) -> tuple[tuple[str, str], ...]:
        return tuple(self.ctx[-_SIG_DEPTH:])

    def inside(self, el: Any) -> bool:
        return any(x is el for x in self.els)


def dom_blocks(html: str, norm: Callable[[str], str] | None = None) -> list[Block]:
    """Segment an HTML page into text blocks in document order (jusText-style).

    A block is the text between two block-level tags; inline markup (links, emphasis, spans)
    stays inside it. Scripts, styles, forms' controls and the like are dropped. *norm* is applied
    to each block's text (pass the cleaner's line normaliser so blocks compare with its output).
    """
    import lxml.html  # lazy: only HTML imports need it

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:  # noqa: BLE001 - malformed HTML must not crash an import
        return []
    out: list[Block] = []
    parts: list[str] = []
    link = [0]
    stack: list[tuple[str, str, Any]] = []

    def flush() -> None:
        text = _WS_RE.sub(" ", "".join(parts)).strip()
        if norm is not None and text:
            text = norm(text)
        if text:
            out.append(
                Block(
                    text,
                    min(link[0], len(text)),
                    [(t, c) for t, c, _ in stack],
                    [e for _, _, e in stack],
                )
            )
        parts.clear()
        link[0] = 0

    def add(s: str | None, in_link: bool) -> None:
        if s:
            parts.append(s)
            if in_link:
                link[0] += len(_WS_RE.sub(" ", s).strip())

    def walk(el: Any, in_link: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in SKIP_TAGS:
            return
        a = in_link or tag == "a"
        block = tag in BLOCK_TAGS
        if block:
            flush()
        hint = ((el.get("class") or "") + " " + (el.get("id") or "")).lower()
        stack.append((tag, hint, el))
        add(el.text, a)
        for child in el:
            walk(child, a)
            add(child.tail, a)
        if block:
            flush()
        stack.pop()

    body = root.find("body")
    walk(body if body is not None else root, False)
    flush()
    return out


def _chrome_context(b: Block) -> bool:
    for tag, hint in b.ctx[-_CHROME_DEPTH:]:
        if tag in _CHROME_TAGS:
            return True
        if any(w in hint for w in _CHROME_SUBSTR):
            return True
        if _CHROME_TOKENS.intersection(_CLASS_TOKEN_RE.findall(hint)):
            return True
    return False


def _is_card(blocks: list[Block], j: int) -> bool:
    """True if block *j* is the summary of a teaser card: a small element around it (at most
    ``_CARD_LEVELS`` ancestors up, under ``_CARD_MAX_CHARS`` of text) also holds a link block."""
    els = blocks[j].els
    for level in range(2, _CARD_LEVELS + 1):
        if len(els) < level:
            break
        el = els[-level]
        if el.tag in ("body", "main", "article"):
            break
        a = j
        while a > 0 and blocks[a - 1].inside(el):
            a -= 1
        z = j
        while z + 1 < len(blocks) and blocks[z + 1].inside(el):
            z += 1
        if sum(len(blocks[x].text) for x in range(a, z + 1)) > _CARD_MAX_CHARS:
            break
        if any(
            x != j
            and len(blocks[x].text) >= _CARD_LINK_MIN_CHARS
            and blocks[x].link_density >= _LINK_VETO
            for x in range(a, z + 1)
        ):
            return True
    return False


_SENT_END = tuple(".!?…:»\"”'’)]。！？」।॥")


def _prose(b: Block, stop_density: Callable[[str], float]) -> bool:
    return (
        len(b.text) >= _RECOVER_MIN_CHARS
        and b.link_density < _RECOVER_MAX_LINK
        and b.text.endswith(_SENT_END)
        and stop_density(b.text) >= _RECOVER_MIN_STOP
    )


def _find_block(line: str, blocks: list[Block], index: dict[str, int]) -> int | None:
    key = line[2:] if line.startswith("- ") else line  # trafilatura renders <li> as "- item"
    j = index.get(key[:50])
    if j is not None:
        return j
    probe = key[:40]
    for i, b in enumerate(blocks):
        if probe in b.text:
            return i
    return None


def refine_lines(
    lines: list[str],
    blocks: list[Block],
    stop_density: Callable[[str], float] | None,
    keep_line: Callable[[str], bool],
    stats: dict[str, int] | None = None,
) -> list[str]:
    """Veto extracted *lines* that fall in bad blocks and recover dropped body blocks.

    *stop_density* gives the share of stopwords of the page language in a text (None: no
    stoplist, e.g. CJK pages; nothing is recovered then); *keep_line* is the cleaner's
    context-free line filter (boilerplate vocabulary, credits, bylines) that recovered text must
    pass. Lines that cannot be found in the DOM are kept as they are.
    """
    if not blocks:
        return lines
    stats = stats if stats is not None else {}
    index: dict[str, int] = {}
    for i, b in enumerate(blocks):
        index.setdefault(b.text[:50], i)
    out: list[tuple[int | None, str]] = []
    for line in lines:
        j = _find_block(line, blocks, index)
        if j is not None:
            b = blocks[j]
            why = (
                "dom-links"
                if b.link_density >= _LINK_VETO
                else "dom-chrome"
                if _chrome_context(b)
                else "dom-card"
                if _is_card(blocks, j)
                else None
            )
            if why:
                stats[why] = stats.get(why, 0) + 1
                continue
        out.append((j, line))
    if stop_density is None:
        return [t for _, t in out]
    kept = sorted({j for j, _ in out if j is not None})
    if not kept:
        return [t for _, t in out]

    def present(b: Block) -> bool:
        probe = b.text[:50]
        return any(probe in t for _, t in out)

    # Body paragraphs with the same tag/class path as the kept ones, from the first kept block
    # to past the last one while that path continues (text the extractor cut off).
    sigs = {blocks[j].signature() for j in kept}
    lo, hi = kept[0], kept[-1]
    end = hi + 1
    while end < len(blocks) and blocks[end].signature() in sigs:
        end += 1
    kept_set = set(kept)
    for i in range(lo, end):
        b = blocks[i]
        if i in kept_set or b.signature() not in sigs or not _prose(b, stop_density):
            continue
        if present(b) or not keep_line(b.text):
            continue
        pos = max((p for p, (j, _) in enumerate(out) if j is not None and j < i), default=-1)
        out.insert(pos + 1, (i, b.text))
        stats["dom-recovered"] = stats.get("dom-recovered", 0) + 1
    # Lead / standfirst: prose just above the first kept block, in the same <article>/<main>,
    # below the headline.
    first = blocks[lo]
    art = next((e for e in reversed(first.els) if e.tag in ("article", "main")), None)
    if art is not None:
        for i in range(lo - 1, max(-1, lo - _LEAD_WINDOW), -1):
            b = blocks[i]
            if b.ctx[-1][0] == "h1" or not b.inside(art):
                break
            near = b.ctx[-4:]
            if any(t in _LEAD_SKIP_TAGS for t, _ in near):
                continue
            if any(w in h for _, h in near for w in _LEAD_SKIP_WORDS):
                continue
            if not _prose(b, stop_density) or present(b) or not keep_line(b.text):
                continue
            out.insert(0, (i, b.text))
            stats["dom-lead"] = stats.get("dom-lead", 0) + 1
    return [t for _, t in out]
