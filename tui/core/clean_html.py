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
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

__all__ = [
    "Block",
    "block_index",
    "dom_blocks",
    "parse_html",
    "refine_lines",
    "render_page",
    "same_structure",
    "vetoed",
]

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
# The rendered text's lists, as it has always used them: <body> is no block (no line break
# around the whole page) and <textarea> text is rendered.
_RENDER_BLOCK_TAGS = BLOCK_TAGS - {"body"}
_RENDER_SKIP_TAGS = SKIP_TAGS - {"textarea"}
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
_STRUCT_MAX_LINK = 0.5  # a line in the body's structure is not kept when its block is link text


@dataclass
class Block:
    """One run of text between block-level tags, with its DOM context."""

    text: str
    link_chars: int
    els: list[Any] = field(repr=False, default_factory=list)  # ancestors from <body> down

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0

    @cached_property
    def ctx(self) -> list[tuple[str, str]]:
        """(tag, lower-cased "class id") of each ancestor, from <body> down to the block.

        Computed on first use: most blocks of a page are never looked at this closely."""
        return [(e.tag, _hint(e)) for e in self.els]

    def signature(self) -> tuple[tuple[str, str], ...]:
        return tuple(self.ctx[-_SIG_DEPTH:])

    def inside(self, el: Any) -> bool:
        return any(x is el for x in self.els)


def _hint(el: Any) -> str:
    return ((el.get("class") or "") + " " + (el.get("id") or "")).lower()


def parse_html(html: str) -> Any | None:
    """The page's lxml.html tree, or None when lxml cannot parse it (the page is then its own
    rendered text and has no blocks).

    The page is parsed as trafilatura parses it (its loader repairs a few faults and its parser
    drops comments and processing instructions, which no reader sees), so that one tree serves
    the rendered text, the DOM blocks, the metadata and trafilatura's extractions. A fragment
    trafilatura's loader refuses is parsed as a document by lxml.html.
    """
    import lxml.html  # lazy: only HTML imports need them
    from trafilatura.utils import load_html

    try:
        root = load_html(html)
        return root if root is not None else lxml.html.document_fromstring(html)
    except Exception:  # noqa: BLE001 - malformed HTML must not crash an import
        return None


def render_page(root: Any, norm: Callable[[str], str] | None = None) -> tuple[str, list[Block]]:
    """One walk over a parsed page: its text rendered one block per line, and its DOM blocks.

    The rendered text is the page's ``<title>``, then every text node in document order with a
    line break around each block-level element (image ``alt`` text on a line of its own;
    ``<textarea>`` text included): the plain-text cleaner's input. The blocks are those of
    :func:`dom_blocks` (which skip ``<textarea>``, comments and ``alt`` text). Both used to be
    separate walks over separate parses of the same page.
    """
    out: list[str] = []
    title = root.findtext(".//title")
    if title:
        out.append(title.strip())
        out.append("\n")
    blocks: list[Block] = []
    parts: list[str] = []
    link = 0
    stack: list[Any] = []
    ws = _WS_RE.sub
    block_tags = BLOCK_TAGS
    skip_tags = SKIP_TAGS

    def flush() -> None:
        nonlocal link
        if parts:
            text = ws(" ", "".join(parts)).strip()
            parts.clear()
            if norm is not None and text:
                text = norm(text)
            if text:
                blocks.append(Block(text, min(link, len(text)), stack[:]))
        link = 0

    def render_only(el: Any) -> None:
        # a subtree the blocks skip but the rendered text keeps (comments, <textarea>)
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _RENDER_SKIP_TAGS:
            return
        block = tag in _RENDER_BLOCK_TAGS
        if block:
            out.append("\n")
        if tag == "img" and el.get("alt"):
            out.append("\n" + el.get("alt") + "\n")
        if el.text:
            out.append(el.text)
        for child in el:
            render_only(child)
            if child.tail:
                out.append(child.tail)
        if block:
            out.append("\n")

    from lxml.etree import iterwalk  # lazy: only HTML imports need it

    body = root.find("body")
    top = body if body is not None else root
    links = 0  # how many <a> elements the walk is inside
    walker = iterwalk(top, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            if tag in skip_tags or not isinstance(tag, str):
                walker.skip_subtree()
                if tag == "textarea" or not isinstance(tag, str):
                    render_only(el)
                continue
            if tag in block_tags:
                flush()
                if tag != "body":
                    out.append("\n")
            elif tag == "a":
                links += 1
            elif tag == "img":
                alt = el.get("alt")
                if alt:
                    out.append("\n" + alt + "\n")
            stack.append(el)
            s = el.text
            if s:
                out.append(s)
                parts.append(s)
                if links:
                    link += len(ws(" ", s).strip())
            continue
        if event == "end":
            if isinstance(tag, str) and tag not in skip_tags:
                if tag in block_tags:
                    flush()
                    if tag != "body":
                        out.append("\n")
                elif tag == "a":
                    links -= 1
                stack.pop()
            if el is top:
                break  # its tail is rendered below, and is no block's text
        elif el.text:  # a comment or processing instruction: rendered, not a block's text
            out.append(el.text)
        s = el.tail
        if s:
            out.append(s)
            parts.append(s)
            if links:
                link += len(ws(" ", s).strip())
    flush()
    if top.tail:
        out.append(top.tail)
    return "".join(out), blocks


def dom_blocks(html: str, norm: Callable[[str], str] | None = None) -> list[Block]:
    """Segment an HTML page into text blocks in document order (jusText-style).

    A block is the text between two block-level tags; inline markup (links, emphasis, spans)
    stays inside it. Scripts, styles, forms' controls and the like are dropped. *norm* is applied
    to each block's text (pass the cleaner's line normaliser so blocks compare with its output).
    """
    root = parse_html(html)
    return [] if root is None else render_page(root, norm)[1]


def _chrome_context(b: Block) -> bool:
    for tag, hint in b.ctx[-_CHROME_DEPTH:]:
        if tag in _CHROME_TAGS:
            return True
        if any(w in hint for w in _CHROME_SUBSTR):
            return True
        if _CHROME_TOKENS.intersection(_CLASS_TOKEN_RE.findall(hint)):
            return True
    return False


def is_card(blocks: list[Block], j: int, holders: Container[Any] = ()) -> bool:
    """True if block *j* is the summary of a teaser card: a small element around it (at most
    ``_CARD_LEVELS`` ancestors up, under ``_CARD_MAX_CHARS`` of text) also holds a link block.
    The search stops at any element of *holders* (the lead rule passes the headline's
    ancestors: a card that holds the headline is the article's own header)."""
    els = blocks[j].els
    for level in range(2, _CARD_LEVELS + 1):
        if len(els) < level:
            break
        el = els[-level]
        if el.tag in ("body", "main", "article") or el in holders:
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


def block_index(blocks: list[Block]) -> dict[str, int]:
    """First block of each 50-character text prefix (how extracted lines find their block)."""
    index: dict[str, int] = {}
    for i, b in enumerate(blocks):
        index.setdefault(b.text[:50], i)
    return index


def same_structure(
    lines: list[str], confirmed: list[bool], blocks: list[Block], index: dict[str, int]
) -> list[str]:
    """The *lines* that sit in the DOM where the *confirmed* ones sit: the rest of the body.

    A line is kept when its block has the tag/class path of a confirmed line's block (a
    paragraph like the others) or lies at most two levels under the parent element of one (a
    list, a subheading or a quote in the body container), and is mostly not link text. The
    headline (``<h1>``) is the title, not body. Lines with no block are not kept.
    """
    where = [_find_block(line, blocks, index) for line in lines]
    sigs: set[tuple[tuple[str, str], ...]] = set()
    parents: set[int] = set()
    for j, ok in zip(where, confirmed, strict=True):
        if ok and j is not None:
            sigs.add(blocks[j].signature())
            if len(blocks[j].els) >= 2:
                parents.add(id(blocks[j].els[-2]))
    out = []
    for line, j in zip(lines, where, strict=True):
        if j is None:
            continue
        b = blocks[j]
        if not b.els or b.link_density >= _STRUCT_MAX_LINK or b.els[-1].tag == "h1":
            continue  # (no ancestors: text at the top of a fragment)
        if b.signature() in sigs or any(id(e) in parents for e in b.els[-3:-1]):
            out.append(line)
    return out


def _veto(blocks: list[Block], j: int) -> str | None:
    """Why the line in block *j* goes whatever else says (another story's headline, chrome, a
    teaser card), or None."""
    b = blocks[j]
    if b.link_density >= _LINK_VETO:
        return "dom-links"
    if _chrome_context(b):
        return "dom-chrome"
    if is_card(blocks, j):
        return "dom-card"
    return None


def vetoed(line: str, blocks: list[Block], index: dict[str, int]) -> bool:
    """True if :func:`refine_lines` drops *line* for its block whatever the other opinions say
    (a line with no block is never vetoed)."""
    j = _find_block(line, blocks, index)
    return j is not None and _veto(blocks, j) is not None


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
    index = block_index(blocks)
    out: list[tuple[int | None, str]] = []
    for line in lines:
        j = _find_block(line, blocks, index)
        why = _veto(blocks, j) if j is not None else None
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
            if not b.els or b.ctx[-1][0] == "h1" or not b.inside(art):
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
